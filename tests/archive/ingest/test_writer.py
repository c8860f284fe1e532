"""The crawl's writer groups pages in one transaction, each page in a savepoint: nothing is
reported (or visible) before its group commits, a page that fails is rolled back alone, and
a group commits by count or by time, on both backends."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from sqlalchemy import func, select

from archive import db
from archive.ingest.contract import FetchedPage
from archive.ingest.counts import ALIAS_COUNTS, FETCH_COUNTS, PARSE_COUNTS, Counts
from archive.ingest.parsing import ParserPool
from archive.ingest.record import Runs
from archive.ingest.writer import PageResult, Writer, WriterConfig, _Recorder
from archive.models import Snapshot
from archive.store import start_crawl_run, start_parse_run
from tests.conftest import Archive
from tests.support.reparse_rules import T1, page, report

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def fetched(n: int, status: int = 200) -> FetchedPage:
    filler = "Branch members then planned leafleting in every ward for the next month."
    body = page(report(f"Report {n}", f"Around {10 + n} people met in Leek.", filler))
    url = f"https://example.org/news/roundup-{n}"
    return FetchedPage(url, status, body, AT, None, "text/html; charset=utf-8")


def open_runs(archive: Archive) -> Runs:
    with db.unit_of_work(archive.sessions) as s:
        crawl = start_crawl_run(s, spider="test", arguments={})
        parse = start_parse_run(s, parser_version=T1.version)
        return Runs(crawl.id, parse.id, T1.version)


def snapshots(archive: Archive) -> int:
    with archive.sessions() as s:
        return s.scalar(select(func.count()).select_from(Snapshot)) or 0


def test_a_group_commits_together_and_a_failing_page_alone_is_lost(archive: Archive) -> None:
    config = WriterConfig(archive.url, open_runs(archive), T1, 0, group_pages=3)
    sent: list[list[tuple[int, PageResult]]] = []
    engine, sessions = db.open_archive(archive.url, writer=True)
    recorder = _Recorder(config, sessions, ParserPool(T1, 0), sent.append)
    try:
        for seq, item in enumerate([fetched(1), fetched(2, status=None)], start=1):  # type: ignore[arg-type]
            recorder.record(seq, item, recorder.start_parse(item))
        assert sent == [] and snapshots(archive) == 0  # not committed, not reported
        recorder.record(3, fetched(3), recorder.start_parse(fetched(3)))
        ((first, second, third),) = sent  # the third page made the group due
        assert [seq for seq, _ in (first, second, third)] == [1, 2, 3]
        assert first[1].counts.new_snapshots == third[1].counts.new_snapshots == 1
        assert second[1].error is not None and "HTTP status" in second[1].error
        assert snapshots(archive) == 2  # the failed page rolled back alone
    finally:
        engine.dispose()


def test_the_writer_process_commits_a_lone_page_after_the_group_time(archive: Archive) -> None:
    writer = Writer(WriterConfig(archive.url, open_runs(archive), T1, 0, group_seconds=0.2))
    try:
        started = time.monotonic()
        result = writer.submit(fetched(1)).result(timeout=60)
        assert result.error is None and result.counts.new_snapshots == 1
        assert snapshots(archive) == 1
        again = writer.submit(fetched(1)).result(timeout=60)
        assert again.counts.unchanged == 1 and time.monotonic() - started < 30
    finally:
        writer.close()


def test_counts_name_each_outcome_once() -> None:
    groups = (set(FETCH_COUNTS), set(ALIAS_COUNTS), set(PARSE_COUNTS))
    assert sum(map(len, groups)) == len(set().union(*groups))
    numbers = {name for name, value in vars(Counts()).items() if isinstance(value, int)}
    assert numbers == {*FETCH_COUNTS, *ALIAS_COUNTS, *PARSE_COUNTS}
