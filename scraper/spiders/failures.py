"""What an article request that got no usable answer is recorded as: its status, if any, and
a one-line reason.

Why a reason of our own: Scrapy ends such requests in several ways (an HTTP error, a
timeout, a refused connection, and ``IgnoreRequest`` for a redirect loop or a body over
DOWNLOAD_MAXSIZE once decompressed, or a download cancelled for its size), and every one of
them must become a fetch row saying what happened; only a request robots.txt forbade is
never sent, and only counted (``robots_forbidden``).
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

# IgnoreRequest messages of requests that were never sent: counted, not recorded.
NOT_SENT = ("Forbidden by robots.txt", "Filtered offsite request")


def failure_outcome(failure: Failure) -> tuple[int | None, str] | None:
    """(status, reason) of a failed article request, or None when it was never sent."""
    if failure.check(HttpError):
        status: int = failure.value.response.status
        return status, f"HTTP {status}"
    message = str(failure.value).strip()
    if failure.check(IgnoreRequest):
        if message.startswith(NOT_SENT):
            return None
        if "max redirections" in message:
            return None, "redirect loop: more redirects than REDIRECT_MAX_TIMES"
        if "DOWNLOAD_MAXSIZE" in message:
            return None, "over DOWNLOAD_MAXSIZE once decompressed"
        return None, f"ignored: {message}".splitlines()[0]
    if "larger than download max size" in message:  # cancelled while downloading
        return None, "over DOWNLOAD_MAXSIZE"
    return None, f"{type(failure.value).__name__}: {message}".splitlines()[0]
