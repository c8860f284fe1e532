"""The crawl's parser processes (scraper/parse_pool.py): same output as parsing in-process,
errors as strings, and a page that kills its worker blamed alone."""

from __future__ import annotations

from scraper.parse_pool import PageParser, parse_error_message
from tests.reparse_rules import BROKEN_MARKER, CRASH_MARKER, CRASHING_T1, T1, page, report

URL = "https://www.socialistparty.org.uk/articles/7001/06-03-2024/pool/"


def body(text: str) -> bytes:
    return page(report("Norwich", text, "Members agreed to meet again on the estate."))


def test_worker_output_equals_in_process_output() -> None:
    pages = [body(f"Around {n} people came to a meeting in Norwich.") for n in (30, 45, 60)]
    inline = PageParser(T1, processes=0)
    pooled = PageParser(T1, processes=1)
    try:
        pending = [pooled.submit(b, URL, None, None) for b in pages]
        assert [p() for p in pending] == [inline.submit(b, URL, None, None)() for b in pages]
        first = pending[0]()
        assert first.error is None and first.parsed is not None
        assert first.parsed.events[0].attendance == 30
    finally:
        pooled.close()


def test_errors_come_back_as_one_line_and_a_crash_is_blamed_on_its_page() -> None:
    parser = PageParser(CRASHING_T1, processes=1)
    try:
        before = parser.submit(body("Around 12 people leafleted in Bolton."), URL, None, None)
        broken = parser.submit(body(f"A page the rules refuse. {BROKEN_MARKER}"), URL, None, None)
        crash = parser.submit(body(f"A page that kills. {CRASH_MARKER}"), URL, None, None)
        after = parser.submit(body("Around 18 people leafleted in Derby."), URL, None, None)
        assert before().parsed is not None
        assert broken().error == "ValueError: the test rules cannot read this page"
        died = crash()
        assert died.parsed is None and "parser process died on this page" in (died.error or "")
        # Queued behind the crash, parsed again in a fresh worker.
        assert after().error is None
        assert parser.restarts == 2  # the crash, and its retry
    finally:
        parser.close()


def test_error_message_is_one_line() -> None:
    assert parse_error_message(ValueError("bad\nsecond line")) == "ValueError: bad"
    assert parse_error_message(KeyError()) == "KeyError"
