"""Re-parsing the archive under changed rules, on SQLite and PostgreSQL.

The rules here are the small test variants of tests/support/reparse_rules.py (versions t1, t2, ...),
so each test knows exactly which event outputs a "rules change" alters.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from archive import store
from archive.db import unit_of_work
from archive.errors import BadInput
from archive.models import EventLineage, EventVersion, ParseRun, Snapshot, SnapshotParse
from archive.reparse import ReparseFailed, ReparseOptions, reparse
from scraper.parsers.registry import Rules
from tests.conftest import REPO_ROOT, Archive
from tests.support.crawl_process import descendant_pids, pid_exists
from tests.support.reparse_rules import (
    BROKEN_MARKER,
    COARSE,
    CRASH_MARKER,
    CRASHING_T1,
    FINE,
    T1,
    T2,
    RuleConfig,
    page,
    report,
    rule_parse,
)
from tests.support.versions import assert_versions_carry_their_site

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

# Invented reports: (heading, text). Only the second one's attendance reads differently
# under t2 ("supporters" is a t2 word).
STALL = ("Leek stall", "Our stall in Leek drew 40 people and we signed up two new members.")
PICKET = ("Bury picket", "A picket at the Bury depot had 25 supporters by seven in the morning.")
MEETING = ("Crewe meeting", "The Crewe branch meeting discussed rents and planned a leaflet run.")
VIGIL = ("Hyde vigil", "About 30 people held candles outside the Hyde clinic on Friday night.")


def url(n: int) -> str:
    return f"https://example.org/news/roundup-{n}"


def store_page(archive: Archive, n: int, body: bytes, at: datetime = T0) -> int:
    with unit_of_work(archive.sessions) as s:
        result = store.record_fetch(
            s,
            meta=store.FetchMeta(
                url=url(n), status=200, content_type="text/html; charset=utf-8", fetched_at=at
            ),
            body=body,
            published=date(2026, 2, 1) + timedelta(days=n),
        )
        assert result.snapshot is not None
        return result.snapshot.id


def standard_archive(archive: Archive) -> None:
    store_page(archive, 1, page(report(*STALL), report(*PICKET)))
    store_page(archive, 2, page(report(*MEETING), report(*VIGIL)))


def run(archive: Archive, rules: Rules, **opts: object):
    opts.setdefault("workers", 1)
    return reparse(archive.sessions, ReparseOptions(**opts), rules=rules)  # type: ignore[arg-type]


def run_as_previewed(archive: Archive, rules: Rules, **opts: object):
    """A dry run, then the run itself: the dry run (computed from reads alone, see
    archive/store/preview.py) must have said exactly what the run then does."""
    preview = run(archive, rules, dry_run=True, **opts)
    real = run(archive, rules, **opts)
    assert preview.counts() == real.counts()
    return real


def count(archive: Archive, model: type[Any], *where: Any) -> int:
    with archive.sessions() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def current_by_text(archive: Archive) -> dict[str, EventVersion]:
    with archive.sessions() as s:
        return {v.text: v for v in store.current_events(s)}


def test_rules_change_adds_versions_only_for_changed_events(archive: Archive) -> None:
    standard_archive(archive)
    first = run(archive, T1)
    assert (first.selected, first.parsed, first.events_added, first.parse_errors) == (2, 2, 4, 0)
    assert first.status == "finished"
    between = datetime.now(UTC)
    time.sleep(0.01)

    second = run(archive, T2)
    assert (
        second.events_added,
        second.events_changed,
        second.events_closed,
        second.events_unchanged,
    ) == (0, 1, 0, 3)
    assert dict(second.field_changes) == {"attendance": 1, "attendance_text": 1}
    assert count(archive, EventVersion) == 5

    now = current_by_text(archive)
    picket = now[PICKET[1]]
    assert (picket.attendance, picket.parser_version) == (25, "t2")
    with archive.sessions() as s:
        history = store.event_history(s, picket.event_id)
        assert [(v.parser_version, v.attendance) for v in history] == [("t1", None), ("t2", 25)]
        assert history[0].valid_to == history[1].valid_from
        # The unchanged events keep their t1 version: no new row for them.
        for text in (STALL[1], MEETING[1], VIGIL[1]):
            assert len(store.event_history(s, now[text].event_id)) == 1
        # The old extraction stays readable, by time and by parser version.
        old = {v.text: v.attendance for v in store.events_as_of(s, at=between)}
        assert old[PICKET[1]] is None and old[STALL[1]] == 40
        by_version = {v.text: v.attendance for v in store.events_as_of(s, parser_version="t1")}
        assert by_version == {STALL[1]: 40, PICKET[1]: None, MEETING[1]: None, VIGIL[1]: 30}
        runs = s.scalars(select(ParseRun).order_by(ParseRun.id)).all()
        assert [(r.parser_version, r.status) for r in runs] == [
            ("t1", "finished"),
            ("t2", "finished"),
        ]
        assert runs[1].counts["events_changed"] == 1 and runs[1].counts["parsed"] == 2
    assert assert_versions_carry_their_site(archive.engine) == 5


def test_second_run_adds_nothing_and_force_twice_adds_nothing(archive: Archive) -> None:
    standard_archive(archive)
    run(archive, T1)
    versions = count(archive, EventVersion)

    again = run(archive, T1)
    assert (again.selected, again.parsed) == (0, 0)
    assert count(archive, SnapshotParse) == 2

    for _ in range(2):
        forced = run(archive, T1, force=True)
        assert (forced.selected, forced.parsed, forced.events_unchanged) == (2, 2, 4)
        assert (forced.events_added, forced.events_changed, forced.events_closed) == (0, 0, 0)
        assert count(archive, EventVersion) == versions
    assert count(archive, SnapshotParse) == 6


# One <hr> segment holding two reports, the second under an <h3>: one event under t1, two
# under the fine rules. The first is longer so that the coarse rules' merged text is "mostly"
# the first (it keeps that identity) and the second is recorded as merged into it.
TAMESIDE_LONG = (
    "Stalybridge tenants marched from the bus station to the council offices with "
    "banners and a petition of nine hundred names against the rent rise."
)
TAMESIDE_SHORT = "In Dukinfield 12 people leafleted the market."


def tameside_page() -> bytes:
    return page(report("Tameside roundup", TAMESIDE_LONG, TAMESIDE_SHORT, subheading="Dukinfield"))


def test_split_and_merge_record_lineage(archive: Archive) -> None:
    long_part, short_part = TAMESIDE_LONG, TAMESIDE_SHORT
    store_page(archive, 1, tameside_page())

    run(archive, T1)
    (whole,) = current_by_text(archive).values()

    split = run_as_previewed(archive, FINE)
    assert (split.splits, split.events_added, split.events_changed) == (1, 1, 1)
    now = current_by_text(archive)
    assert now[long_part].event_id == whole.event_id  # identity kept by content
    part = now[short_part]
    assert part.event_id != whole.event_id

    merged = run_as_previewed(archive, COARSE)
    assert (merged.merges, merged.events_closed) == (1, 1)
    (after,) = current_by_text(archive).values()
    assert after.event_id == whole.event_id
    with archive.sessions() as s:
        links = {
            (r.parent_event_id, r.child_event_id, r.kind) for r in s.scalars(select(EventLineage))
        }
        assert links == {
            (whole.event_id, part.event_id, "split"),
            (part.event_id, whole.event_id, "merge"),
        }
        closed = store.event_history(s, part.event_id)
        assert len(closed) == 1 and closed[0].valid_to is not None


class InterruptAfter:
    """Rules that behave like T1 until the n-th page, where the user presses Ctrl-C."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.calls = 0

    def __call__(self, html: bytes, url: str, published: date | None, ct: str | None):
        self.calls += 1
        if self.calls == self.n:
            raise KeyboardInterrupt
        return rule_parse(RuleConfig("t1"), html, url, published, ct)


def many_pages(archive: Archive, n: int) -> None:
    for i in range(n):
        store_page(
            archive, i, page(report(f"Town {i}", f"Report {i}: {i + 3} people met in hall {i}."))
        )


def assert_parsed_exactly_once(archive: Archive, n: int, version: str = "t1") -> None:
    with archive.sessions() as s:
        per_snapshot = s.execute(
            select(SnapshotParse.snapshot_id, func.count())
            .where(SnapshotParse.parser_version == version, SnapshotParse.error.is_(None))
            .group_by(SnapshotParse.snapshot_id)
        ).all()
    assert len(per_snapshot) == n
    assert {c for _sid, c in per_snapshot} == {1}
    assert count(archive, EventVersion) == n  # one report per page, never duplicated


def test_ctrl_c_then_rerun_finishes_exactly_once(archive: Archive) -> None:
    many_pages(archive, 7)
    interrupted = run(archive, Rules("t1", InterruptAfter(5)), batch_size=2)
    assert interrupted.status == "interrupted"
    assert interrupted.parsed == 4  # two batches committed; the third was rolled back
    assert count(archive, SnapshotParse) == 4
    with archive.sessions() as s:
        first = s.scalars(select(ParseRun)).one()
        assert (first.status, first.counts["parsed"]) == ("interrupted", 4)

    rest = run(archive, T1, batch_size=2)
    assert (rest.status, rest.selected, rest.parsed, rest.events_added) == ("finished", 3, 3, 3)
    assert_parsed_exactly_once(archive, 7)
    assert run(archive, T1).selected == 0


def start_then_signal(
    archive: Archive, tmp_path: Path, sig: int, workers: int, helpers: set[int] | None = None
) -> int:
    """Run `archive reparse` (slow test rules, 2 snapshots per batch) in a subprocess, send
    ``sig`` once its first batch has committed, and return its exit status. ``helpers``:
    filled with the processes it had started (parser workers, resource tracker)."""
    env = dict(os.environ, ARCHIVE_DATABASE_URL=archive.url, PYTHONPATH=str(REPO_ROOT))
    cmd = [
        sys.executable,
        "-c",
        "from archive.cli import main; main()",
        "reparse",
        "--rules",
        "tests.support.reparse_rules:SLOW_T1",
        "--workers",
        str(workers),
        "--batch-size",
        "2",
    ]
    log_path = tmp_path / "reparse.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while count(archive, SnapshotParse) < 2:
                assert proc.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "the first batch never committed"
                time.sleep(0.02)
            if helpers is not None:
                helpers |= descendant_pids(proc.pid)
            proc.send_signal(sig)
            return proc.wait(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()


@pytest.mark.slow
def test_sigkilled_reparse_rerun_finishes_exactly_once(archive: Archive, tmp_path: Path) -> None:
    n = 16
    many_pages(archive, n)
    assert start_then_signal(archive, tmp_path, signal.SIGKILL, workers=1) == -signal.SIGKILL
    done = count(archive, SnapshotParse)
    assert 2 <= done < n, "the run was not interrupted part-way"
    with archive.sessions() as s:
        killed = s.scalars(select(ParseRun)).one()
        assert killed.status == "running" and killed.counts["parsed"] == done

    rest = run(archive, T1, batch_size=4)
    assert rest.marked_failed == 1
    assert (rest.status, rest.parsed) == ("finished", n - done)
    assert_parsed_exactly_once(archive, n)
    with archive.sessions() as s:
        killed = s.get_one(ParseRun, killed.id)
        assert killed.status == "failed" and "killed" in (killed.error or "")


@pytest.mark.slow
def test_sigkilled_reparse_leaves_no_process_behind(archive: Archive, tmp_path: Path) -> None:
    many_pages(archive, 16)
    helpers: set[int] = set()
    killed = start_then_signal(archive, tmp_path, signal.SIGKILL, workers=2, helpers=helpers)
    assert killed == -signal.SIGKILL
    assert len(helpers) >= 2  # two parser workers (and the resource tracker)
    deadline = time.monotonic() + 5
    while any(pid_exists(p) for p in helpers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [Path(f"/proc/{p}/cmdline").read_bytes() for p in helpers if pid_exists(p)]
    assert not left, left


@pytest.mark.slow
def test_sigterm_during_a_long_page_stops_within_seconds(archive: Archive, tmp_path: Path) -> None:
    from tests.support.reparse_rules import LONG_MARKER

    store_page(archive, 1, page(report("Long", f"{LONG_MARKER} 10 people met.")))
    store_page(archive, 2, page(report("Short", "20 people met.")))
    env = dict(os.environ, ARCHIVE_DATABASE_URL=archive.url, PYTHONPATH=str(REPO_ROOT))
    cmd = [sys.executable, "-c", "from archive.cli import main; main()", "reparse"]
    cmd += ["--rules", "tests.support.reparse_rules:LONG_T1", "--workers", "2"]
    proc = subprocess.Popen(cmd, env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while len(descendant_pids(proc.pid)) < 2:  # the workers are up, one on the long page
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(1.0)
        helpers = descendant_pids(proc.pid)
        proc.send_signal(signal.SIGTERM)
        sent = time.monotonic()
        _out, err = proc.communicate(timeout=20)
        assert time.monotonic() - sent < 5, err
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    with archive.sessions() as s:
        assert s.scalars(select(ParseRun.status)).one() == "interrupted"
    time.sleep(1.0)
    assert not [p for p in helpers if pid_exists(p)]


@pytest.mark.slow
def test_terminated_reparse_records_interrupted_and_rerun_finishes(
    archive: Archive, tmp_path: Path
) -> None:
    n = 16
    many_pages(archive, n)
    # SIGTERM (as `kill PID` sends) while two spawned workers are parsing.
    assert start_then_signal(archive, tmp_path, signal.SIGTERM, workers=2) == 130
    assert "run it again to finish" in (tmp_path / "reparse.log").read_text()
    done = count(archive, SnapshotParse)
    assert 2 <= done < n, "the run was not interrupted part-way"
    with archive.sessions() as s:
        stopped = s.scalars(select(ParseRun)).one()
        assert (stopped.status, stopped.counts["parsed"]) == ("interrupted", done)
        assert stopped.finished_at is not None

    rest = run(archive, T1)
    assert (rest.marked_failed, rest.parsed) == (0, n - done)
    assert_parsed_exactly_once(archive, n)


def test_parse_error_is_reported_and_the_rest_go_on(archive: Archive) -> None:
    standard_archive(archive)
    bad = store_page(archive, 3, page(report("Broken", f"{BROKEN_MARKER} 10 people")))
    # Two worker processes: the pool path, with the rules sent to spawned workers.
    summary = run(archive, T1, workers=2)
    assert (summary.status, summary.parsed, summary.parse_errors, summary.events_added) == (
        "finished",
        2,
        1,
        4,
    )
    ((sid, message),) = summary.error_samples
    assert sid == bad and "cannot read this page" in message
    with archive.sessions() as s:
        snap = s.get_one(Snapshot, bad)
        assert snap.parse_error is not None and "ValueError" in snap.parse_error
        failed = s.scalars(select(SnapshotParse).where(SnapshotParse.snapshot_id == bad)).one()
        assert failed.error == snap.parse_error and failed.parser_version == "t1"
    # A failed parse is not "done": the next run tries that snapshot (and only that) again.
    retry = run(archive, T1)
    assert (retry.selected, retry.parse_errors) == (1, 1)


def test_a_dead_worker_fails_the_run_and_a_rerun_finishes(archive: Archive) -> None:
    many_pages(archive, 6)
    store_page(archive, 99, page(report("Crash", f"{CRASH_MARKER} 5 people met.")))
    with pytest.raises(ReparseFailed, match="a parser process died"):
        run(archive, CRASHING_T1, workers=2, batch_size=2)
    with archive.sessions() as s:
        failed = s.scalars(select(ParseRun)).one()
        assert failed.status == "failed" and "died" in (failed.error or "")
        assert failed.finished_at is not None
    # The crash page is last (highest article id), so earlier batches were committed.
    assert count(archive, SnapshotParse) == failed.counts["parsed"] > 0
    rest = run(archive, T1)
    assert rest.status == "finished"
    assert_parsed_exactly_once(archive, 7)


def test_dry_run_writes_nothing_and_shows_old_and_new_values(archive: Archive) -> None:
    standard_archive(archive)
    run(archive, T1)
    before = {m.__name__: count(archive, m) for m in (EventVersion, SnapshotParse, ParseRun)}

    preview = run(archive, T2, dry_run=True, workers=2)
    assert (preview.events_changed, preview.events_unchanged, preview.run_id) == (1, 3, None)
    assert dict(preview.field_changes) == {"attendance": 1, "attendance_text": 1}
    (sample,) = preview.samples
    assert sample.kind == "changed"
    assert ("attendance", None, 25) in sample.changes
    assert ("attendance_text", None, "25 supporters") in sample.changes
    after = {m.__name__: count(archive, m) for m in (EventVersion, SnapshotParse, ParseRun)}
    assert after == before
    # And the real run does what the preview said.
    real = run(archive, T2)
    assert (real.events_changed, real.events_unchanged) == (1, 3)


def test_all_snapshots_replays_oldest_first_and_never_goes_back(archive: Archive) -> None:
    store_page(archive, 1, page(report(*STALL)), at=T0)
    store_page(archive, 1, page(report(*STALL), report(*VIGIL)), at=T0 + timedelta(days=1))

    newest_only = run(archive, T1)
    assert (newest_only.selected, newest_only.events_added) == (1, 2)

    replay = run(archive, T1, all_snapshots=True)
    # The older snapshot is parsed and recorded, but the newer one already set the events.
    assert (replay.selected, replay.parsed, replay.superseded, replay.events_added) == (1, 1, 1, 0)
    assert set(current_by_text(archive)) == {STALL[1], VIGIL[1]}

    # New rules replay the history: the older snapshot (no vigil yet), then the newer one.
    replayed = run_as_previewed(archive, T2, all_snapshots=True, force=True)
    assert (replayed.selected, replayed.superseded, replayed.events_closed) == (2, 0, 1)
    assert set(current_by_text(archive)) == {STALL[1], VIGIL[1]}
    versions = count(archive, EventVersion)
    # The same rules again, forced: the newer snapshot's events are not replaced by the older
    # snapshot's, so nothing is added.
    again = run_as_previewed(archive, T2, all_snapshots=True, force=True)
    assert (again.selected, again.superseded, again.events_unchanged) == (2, 1, 2)
    assert (again.events_added, again.events_changed, again.events_closed) == (0, 0, 0)
    assert count(archive, EventVersion) == versions
    assert set(current_by_text(archive)) == {STALL[1], VIGIL[1]}


def test_all_snapshots_first_run_ends_at_the_newest_snapshot(archive: Archive) -> None:
    store_page(archive, 1, page(report(*STALL)), at=T0)
    newest = store_page(archive, 1, page(report(*PICKET)), at=T0 + timedelta(days=1))
    summary = run(archive, T1, all_snapshots=True, batch_size=1)
    assert (summary.selected, summary.parsed, summary.superseded) == (2, 2, 0)
    now = current_by_text(archive)
    assert set(now) == {PICKET[1]} and now[PICKET[1]].snapshot_id == newest


def test_filters_select_by_site_date_and_article(archive: Archive) -> None:
    standard_archive(archive)  # published 2026-02-02 and 2026-02-03
    with unit_of_work(archive.sessions) as s:
        store.record_fetch(
            s,
            meta=store.FetchMeta(url="https://www.other.example/p/1", status=200, fetched_at=T0),
            body=page(report(*VIGIL)),
            published=date(2026, 1, 5),
        )
        other = store.find_article(s, "https://other.example/p/1")
        assert other is not None
        other_id = other.id
    dry = partial(run, archive, T1, dry_run=True)
    assert dry(site="www.other.example").selected == 1
    assert dry(site="example.org").selected == 2
    assert dry(since=date(2026, 2, 3)).selected == 1
    assert dry(article_id=other_id).selected == 1
    with pytest.raises(BadInput, match="no site"):
        dry(site="nowhere.example")
    with pytest.raises(BadInput, match="no article 999"):
        dry(article_id=999)


def test_similar_reports_are_not_lineage_when_nothing_changed(archive: Archive) -> None:
    # Two branches file near-identical reports: each continues itself on a forced re-parse,
    # so neither is recorded as split from or merged into the other.
    common = (
        "Members of the branch ran a busy street stall on Saturday morning, collected "
        "signatures for the petition against the cuts and talked to shoppers about the strike"
    )
    store_page(
        archive, 1, page(report("Leek", f"{common} in Leek."), report("Bury", f"{common} in Bury."))
    )
    run(archive, T1)
    forced = run(archive, T1, force=True)
    assert (forced.events_unchanged, forced.splits, forced.merges) == (2, 0, 0)
    assert count(archive, EventLineage) == 0
