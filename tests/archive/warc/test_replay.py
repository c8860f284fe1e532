"""Replay URLs as a table: what each Wayback-style form names (the original URL, the capture
time when the timestamp is whole, the modifier), and URLs that are no replay URL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archive.warc.replay import memento_datetime, replay_of

SP = "https://www.socialistparty.org.uk/articles/23845/24-08-2016/lefts-gather/"
WHEN = datetime(2019, 3, 1, 12, 34, 56, tzinfo=UTC)

REPLAYS: list[tuple[str, str, datetime | None, str | None]] = [
    (f"https://web.archive.org/web/20190301123456id_/{SP}", SP, WHEN, "id_"),
    (f"https://web.archive.org/web/20190301123456/{SP}", SP, WHEN, None),
    (f"http://web.archive.org/web/20190301123456if_/{SP}", SP, WHEN, "if_"),
    # The scheme lost a slash, or is missing: http is assumed.
    (
        "https://web.archive.org/web/20190301123456/http:/socialistparty.org.uk/issue/922/23845",
        "http://socialistparty.org.uk/issue/922/23845",
        WHEN,
        None,
    ),
    (
        "https://web.archive.org/web/20190301123456id_/www.counterfire.org/news/20909-x",
        "http://www.counterfire.org/news/20909-x",
        WHEN,
        "id_",
    ),
    # A partial timestamp asks for the nearest capture: no capture time in the URL.
    (f"https://web.archive.org/web/2019/{SP}", SP, None, None),
    # The original URL's query travels as the replay URL's query.
    (
        "https://web.archive.org/web/20190301123456/https://socialistworker.co.uk/?p=1234",
        "https://socialistworker.co.uk/?p=1234",
        WHEN,
        None,
    ),
    # Other Wayback-style services: UK Web Archive, Arquivo.pt, Archive-It (a collection
    # number before the timestamp is passed over).
    (f"https://www.webarchive.org.uk/wayback/archive/20190301123456mp_/{SP}", SP, WHEN, "mp_"),
    (f"https://arquivo.pt/wayback/20190301123456/{SP}", SP, WHEN, None),
    (f"https://wayback.archive-it.org/12345/20190301123456/{SP}", SP, WHEN, None),
]

NOT_REPLAYS = [
    SP,
    "https://web.archive.org/web/*/socialistparty.org.uk*",
    "https://web.archive.org/web/20190301123456/",
    "https://www.socialistparty.org.uk/issue/922/23845",  # digits, but no URL after them
    "https://example.org/2019/03/01/a-post",
    "http://[::1",
]


@pytest.mark.parametrize(
    ("replay", "url", "when", "modifier"), REPLAYS, ids=[r[0] for r in REPLAYS]
)
def test_replay_urls_name_the_capture(
    replay: str, url: str, when: datetime | None, modifier: str | None
) -> None:
    found = replay_of(replay)
    assert found is not None
    assert (found.url, found.captured_at, found.modifier) == (url, when, modifier)


@pytest.mark.parametrize("url", NOT_REPLAYS)
def test_other_urls_are_no_replay(url: str) -> None:
    assert replay_of(url) is None


def test_memento_datetime_is_an_http_date() -> None:
    assert memento_datetime("Fri, 01 Mar 2019 12:34:56 GMT") == WHEN
    assert memento_datetime("yesterday") is None
    assert memento_datetime(None) is None
