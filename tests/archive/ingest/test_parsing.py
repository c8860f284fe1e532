"""The parser pool the crawl and reparse share (archive/ingest/parsing.py): same output as
parsing in-process, errors as one-line strings, the rules' version checked, stored bytes
decompressed in the worker, and a page that kills its worker blamed alone."""

from __future__ import annotations

from archive import store
from archive.ingest.parsing import ParserPool, ParseTask, parse_error_message
from scraper.parsers.registry import Rules
from tests.support.reparse_rules import BROKEN_MARKER, CRASH_MARKER, CRASHING_T1, T1, page, report

URL = "https://www.socialistparty.org.uk/articles/7001/06-03-2024/pool/"


def task(text: str) -> ParseTask:
    body = page(report("Norwich", text, "Members agreed to meet again on the estate."))
    return ParseTask(body, URL, None, None)


def test_worker_output_equals_in_process_output() -> None:
    tasks = [task(f"Around {n} people came to a meeting in Norwich.") for n in (30, 45, 60)]
    inline = ParserPool(T1, processes=0)
    pooled = ParserPool(T1, processes=1)
    try:
        pending = [pooled.submit([t]) for t in tasks]
        assert [p() for p in pending] == [inline.submit([t])() for t in tasks]
        (first,) = pending[0]()
        assert first.error is None and first.parsed is not None
        assert first.parsed.events[0].attendance == 30
    finally:
        pooled.close()


def test_stored_bytes_are_decompressed_in_the_worker() -> None:
    plain = task("Around 30 people came to a meeting in Norwich.")
    stored = ParseTask(store.compress_body(plain.body), URL, None, None, store.COMPRESSION)
    pool = ParserPool(T1, processes=1)
    try:
        assert pool.submit([stored])() == pool.submit([plain])()
    finally:
        pool.close()


def test_rules_that_report_another_version_are_an_error() -> None:
    liar = Rules("t9", T1.parse)  # its pages say t1
    (result,) = ParserPool(liar, processes=0).submit([task("Around 30 people met.")])()
    assert result.parsed is None
    assert result.error == "ValueError: rules reported version 't1', expected 't9'"


def test_errors_come_back_as_one_line_and_a_crash_is_blamed_on_its_page() -> None:
    pool = ParserPool(CRASHING_T1, processes=1)
    try:
        before = pool.submit([task("Around 12 people leafleted in Bolton.")])
        broken = pool.submit([task(f"A page the rules refuse. {BROKEN_MARKER}")])
        crash = pool.submit([task(f"A page that kills. {CRASH_MARKER}")])
        after = pool.submit([task("Around 18 people leafleted in Derby.")])
        assert before()[0].parsed is not None
        assert broken()[0].error == "ValueError: the test rules cannot read this page"
        (died,) = crash()
        assert died.parsed is None and died.died
        assert "parser process died on this page" in (died.error or "")
        # Queued behind the crash, parsed again in a fresh worker.
        assert after()[0].error is None
        assert pool.restarts == 2  # the crash, and its retry
    finally:
        pool.close()


def test_error_message_is_one_line() -> None:
    assert parse_error_message(ValueError("bad\nsecond line")) == "ValueError: bad"
    assert parse_error_message(KeyError()) == "KeyError"
