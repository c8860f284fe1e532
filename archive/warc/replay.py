"""Replay URLs: the page a Wayback-style archive serves, named by the URL it captured.

Why: a WARC made by browsing the Wayback Machine (Webrecorder, ``wget --warc-file`` of
``https://web.archive.org/web/20190301123456id_/https://www.socialistparty.org.uk/...``) names
each record by the replay URL, not the site's. The original URL and its capture time are in
the replay URL's path: a timestamp segment (4 to 14 digits, with an optional modifier such as
``id_``, the original bytes, or ``if_``, ``mp_``, ``js_``...) followed by the original URL,
whose scheme may be missing or have lost a slash (``http:/www...``). The same form is used by
other Wayback-style services (``/wayback/archive/TS/URL``, ``/COLLECTION/TS/URL``), so any
host's path is read this way; only a known site's URL inside it makes it a capture to import.

A replay service's own headers are not the site's: the site's validators travel as
``X-Archive-Orig-ETag`` and the like, and ``Memento-Datetime`` says when the page was
captured (a replay page without it is the service's own page: "not archived", an error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

TIMESTAMP = re.compile(r"(?P<ts>\d{4,14})(?P<mod>[a-z]{2}_)?")
SCHEME = re.compile(r"^(https?):/*", re.IGNORECASE)
HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?$", re.IGNORECASE)
ORIGINAL_HEADER_PREFIX = "x-archive-orig-"
MEMENTO_DATETIME = "memento-datetime"


@dataclass(frozen=True)
class Replay:
    """What a replay URL names: the original URL, and the capture time when the timestamp
    is a whole one (14 digits; a shorter one asks the service for the nearest capture)."""

    url: str
    captured_at: datetime | None
    modifier: str | None  # ``id_`` (the original bytes), ``if_``, ``mp_`` ... or None


def replay_of(url: str) -> Replay | None:
    """The capture a replay URL names, or None when ``url`` is no replay URL."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    segments = parts.path.split("/")
    for i, segment in enumerate(segments):
        m = TIMESTAMP.fullmatch(segment)
        if m is None:
            continue
        rest = "/".join(segments[i + 1 :])
        original = _original_url(rest, parts.query)
        if original is None:
            continue  # a collection number, not the timestamp: look further
        return Replay(original, _timestamp(m.group("ts")), m.group("mod"))
    return None


def _original_url(rest: str, query: str) -> str | None:
    scheme = SCHEME.match(rest)
    # The scheme may have lost a slash (``http:/www...``) or be missing altogether.
    rest = f"{scheme.group(1).lower()}://{rest[scheme.end() :]}" if scheme else f"http://{rest}"
    try:
        inner = urlsplit(rest)
    except ValueError:
        return None
    if not HOST.match(inner.netloc):
        return None
    if query and not inner.query:
        rest = f"{rest}?{query}"
    return rest


def _timestamp(ts: str) -> datetime | None:
    if len(ts) != 14:
        return None
    try:
        return datetime.strptime(ts, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def memento_datetime(value: str | None) -> datetime | None:
    """A ``Memento-Datetime`` header (an HTTP date) as an aware UTC time, or None."""
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
