"""A Datasette plugin: every request but GET, HEAD and OPTIONS is refused with 405.

Why, when the file is immutable and Datasette 0.65 runs only SELECTs: a write plugin the
researcher happens to have installed (or a future Datasette's write API) must still find
nothing to write through, and a POST should be one clear refusal, not a server error.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from datasette import hookimpl

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MESSAGE = b'{"ok": false, "error": "This archive is served read-only", "status": 405}'

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def refuse_writes(app: App) -> App:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") == "http" and scope.get("method", "GET") not in READ_METHODS:
            await send(
                {
                    "type": "http.response.start",
                    "status": 405,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"allow", b"GET, HEAD, OPTIONS"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": MESSAGE})
            return
        await app(scope, receive, send)

    return wrapped


@hookimpl
def asgi_wrapper(datasette: Any) -> Callable[[App], App]:
    return refuse_writes
