"""How requests are written to the shared Redis frontier: JSON data, never code.

Why: scrapy-redis stores requests with pickle by default, and unpickling runs whatever the
stored bytes say: anyone able to write to the Redis keys would run code in every crawl
process. Here a request is Scrapy's own dict of it (``Request.to_dict``) written as JSON,
with bytes (bodies, headers) and non-string dict keys tagged; reading it back builds only a
:class:`scrapy.Request` (or one of Scrapy's own request classes), with a callback that must
be a public method of the spider. Anything else in the queue is refused with
:class:`FrontierEntryRejected` (one line) and nothing of it runs.

scrapy-redis takes any object with ``dumps`` and ``loads`` (``SCHEDULER_SERIALIZER``): this
module is one.
"""

from __future__ import annotations

import base64
import json
from typing import Any

# The version of this format, first in every entry.
FORMAT = "archive-request/1"
# Request classes an entry may name (``_class``): Scrapy's own, which take data only.
ALLOWED_CLASSES = frozenset(
    {
        "scrapy.http.request.Request",
        "scrapy.Request",
        "scrapy.http.request.form.FormRequest",
        "scrapy.FormRequest",
        "scrapy.http.request.json_request.JsonRequest",
        "scrapy.http.JsonRequest",
    }
)
_BYTES = "$bytes"
_PAIRS = "$pairs"
# Longest entry read (bytes): a request is a URL, a few headers and a little meta.
MAX_ENTRY_BYTES = 1024 * 1024


class FrontierEntryRejected(ValueError):
    """An entry of the shared frontier that is not a request this code wrote."""


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (bytes, bytearray)):
        return {_BYTES: base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and _BYTES not in value and _PAIRS not in value:
            return {k: _encode(v) for k, v in value.items()}
        return {_PAIRS: [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(
        f"a {type(value).__name__} cannot be written to the shared frontier (only plain data)"
    )


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {_BYTES}:
            return base64.b64decode(value[_BYTES], validate=True)
        if set(value) == {_PAIRS}:
            return {_hashable(_decode(k)): _decode(v) for k, v in value[_PAIRS]}
        return {k: _decode(v) for k, v in value.items()}
    return value


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key


def dumps(request: dict[str, Any]) -> bytes:
    """A request's dict (``Request.to_dict``) as the JSON entry stored in Redis."""
    return json.dumps([FORMAT, _encode(request)], separators=(",", ":")).encode("utf-8")


def loads(entry: bytes | str) -> dict[str, Any]:
    """The request dict of an entry :func:`dumps` wrote; anything else is
    :class:`FrontierEntryRejected`."""
    if isinstance(entry, str):
        entry = entry.encode("utf-8")
    if len(entry) > MAX_ENTRY_BYTES:
        raise FrontierEntryRejected(f"an entry of {len(entry)} bytes, more than any request")
    try:
        tag, data = json.loads(entry.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, TypeError):
        head = entry[:12]
        raise FrontierEntryRejected(
            f"not a JSON request entry (it starts {head!r}; a pickle is never read)"
        ) from None
    if tag != FORMAT or not isinstance(data, dict):
        raise FrontierEntryRejected(f"not a request entry of format {FORMAT}")
    try:
        request = _decode(data)
    except (ValueError, TypeError) as exc:
        raise FrontierEntryRejected(f"a malformed request entry: {exc}") from None
    _check(request)
    return request


def _check(request: dict[str, Any]) -> None:
    """Only data Scrapy's own request classes take; callbacks only public spider methods."""
    if not isinstance(request.get("url"), str):
        raise FrontierEntryRejected("a request entry without a URL")
    cls = request.get("_class")
    if cls is not None and cls not in ALLOWED_CLASSES:
        raise FrontierEntryRejected(f"a request entry of class {cls!r}, not Scrapy's own")
    for name in ("callback", "errback"):
        method = request.get(name)
        if method is not None and (
            not isinstance(method, str) or not method.isidentifier() or method.startswith("_")
        ):
            raise FrontierEntryRejected(f"a request entry whose {name} is {method!r}")
