"""`archive reparse`, `archive events` and `archive history` from the command line, on both
backends: what they print, and one-line errors with exit status 2 on bad input."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from datetime import UTC, datetime

from archive.progress import Progress, format_duration
from tests.archive.test_reparse import (
    PICKET,
    STALL,
    current_by_text,
    run,
    standard_archive,
    store_page,
    tameside_page,
)
from tests.conftest import Archive
from tests.support.cli import one_line_error
from tests.support.reparse_rules import COARSE, FINE, T1


def test_reparse_prints_summary_and_dry_run_sample(cli, archive: Archive) -> None:
    standard_archive(archive)
    code, out, _err = cli("reparse", "--rules", "tests.support.reparse_rules:T1", "--workers", "1")
    assert code == 0
    assert "reparse finished: rules t1, parse run 1" in out
    assert "snapshots: 2 selected, 2 parsed, 0 parse errors" in out
    assert "events: 4 added, 0 changed, 0 closed, 0 unchanged" in out

    code, out, err = cli("reparse", "--rules", "tests.support.reparse_rules:T2", "--dry-run")
    assert code == 0, err
    assert "dry run (nothing written)" in out
    assert "events: 0 added, 1 changed, 0 closed, 3 unchanged" in out
    assert "field changes: attendance: 1, attendance_text: 1" in out
    assert "attendance: null -> 25" in out
    assert 'attendance_text: null -> "25 supporters"' in out
    # the changed event is named by its public uid, the id `archive history` takes
    changed = re.search(r"changed event (\S+) \(article", out)
    assert changed is not None and ":" in changed.group(1), out
    code, history, _err = cli("history", changed.group(1))
    assert code == 0, history

    code, out, _err = cli("reparse", "--rules", "tests.support.reparse_rules:T1")
    assert code == 0 and "snapshots: 0 selected" in out


def test_reparse_bad_input_is_one_line(cli, archive: Archive) -> None:
    standard_archive(archive)
    cases = [
        (("--since", "2026-13-01"), "--since: not a date"),
        (("--article", "999"), "no article 999"),
        (("--site", "nowhere.example"), "no site"),
        (("--batch-size", "0"), "--batch-size must be at least 1"),
        (("--workers", "0"), "--workers must be at least 1"),
        (("--rules", "tests.support.reparse_rules:NOPE"), "is not a Rules object"),
    ]
    for args, needle in cases:
        code, _out, err = cli("reparse", *args)
        assert code == 2, (args, err)
        one_line_error(err, needle)


def test_history_shows_versions_spans_and_lineage(cli, archive: Archive) -> None:
    standard_archive(archive)
    run(archive, T1)
    picket = current_by_text(archive)[PICKET[1]].event_id
    code, _out, _err = cli("reparse", "--rules", "tests.support.reparse_rules:T2", "--workers", "1")
    assert code == 0

    code, out, _err = cli("history", str(picket))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("event example.org:") and f"(id {picket}): article " in lines[0]
    versions = [line for line in lines if line.startswith("version ")]
    assert len(versions) == 2
    assert "rules t1" in versions[0] and "-> current" not in versions[0]
    assert "rules t2" in versions[1] and versions[1].endswith("-> current")
    assert "  attendance: null" in lines and "  attendance: 25" in lines
    assert lines[-1] == "lineage: none"

    code, out, _err = cli("history", str(picket), "--format", "json")
    doc = json.loads(out)
    assert [v["attendance"] for v in doc["versions"]] == [None, 25]
    assert doc["versions"][0]["valid_to"] == doc["versions"][1]["valid_from"]


def test_history_lineage_lines(cli, archive: Archive) -> None:
    store_page(archive, 1, tameside_page())
    for rules in (T1, FINE, COARSE):
        run(archive, rules)
    (current,) = current_by_text(archive).values()
    code, out, _err = cli("history", str(current.event_id))
    assert code == 0
    lineage = out.split("lineage:", 1)[1]
    assert "split into event" in lineage and "merged from event" in lineage


def test_history_bad_input_is_one_line(cli, archive: Archive) -> None:
    code, _out, err = cli("history", "12345")
    assert code == 2
    one_line_error(err, "no event 12345")
    code, _out, err = cli("history", "abc")
    assert code == 2
    one_line_error(err, "no event abc")


def test_events_as_of_and_by_parser_version(cli, archive: Archive) -> None:
    standard_archive(archive)
    run(archive, T1)
    time.sleep(0.01)
    between = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    code, _out, _err = cli("reparse", "--rules", "tests.support.reparse_rules:T2", "--workers", "1")

    def attendance(out: str) -> dict[str, int | None]:
        return {row["text"]: row["attendance"] for row in map(json.loads, out.splitlines())}

    code, out, _err = cli("events")
    assert code == 0, _err
    assert attendance(out)[PICKET[1]] == 25
    code, out, _err = cli("events", "--as-of", between)
    assert code == 0 and attendance(out)[PICKET[1]] is None
    code, out, _err = cli("events", "--parser-version", "t1")
    assert attendance(out) == attendance(cli("events", "--as-of", between)[1])
    row = json.loads(out.splitlines()[0])
    assert {"event_uid", "event_id", "article_id", "snapshot_id", "valid_from"} <= set(row)
    assert {"site", "source_url", "article_title", "published"} <= set(row)
    assert row["parser_version"] == "t1"

    code, out, _err = cli("events", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 4 and {r["parser_version"] for r in rows} == {"t1", "t2"}
    assert next(r for r in rows if r["text"] == STALL[1])["attendance"] == "40"

    code, out, _err = cli("events", "--format", "table")
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["event_uid", "event_type", "event_date"] and len(lines) == 5

    # A time before anything was archived, or rules that never ran, holds nothing: one line.
    code, out, err = cli("events", "--as-of", "2000-01-01")
    assert code == 2 and out == ""
    one_line_error(err, "is before the archive's first events")
    code, out, err = cli("events", "--parser-version", "t9")
    assert code == 2 and out == ""
    one_line_error(err, "--parser-version t9: no page was parsed by these rules (known: t1, t2)")


def test_events_bad_input_is_one_line(cli, archive: Archive) -> None:
    for args, needle in [
        (("--as-of", "yesterday"), "--as-of: not a date or date-time"),
        (("--as-of", "2026-01-01", "--parser-version", "t1"), "not both"),
        (("--article", "4242"), "no article 4242"),
    ]:
        code, _out, err = cli("events", *args)
        assert code == 2, args
        one_line_error(err, needle)


def test_progress_bar_on_a_terminal_and_lines_in_a_log() -> None:
    log = io.StringIO()
    plain = Progress(10, log, label="reparse", interval=0.0, tty=False)
    plain.advance(4)
    plain.close()
    lines = log.getvalue().splitlines()
    assert lines[0].startswith("reparse 4/10 (40%)") and "/s ETA" in lines[0]
    assert len(lines) == 1  # close does not repeat the line just written
    assert lines[-1].startswith("reparse 4/10")  # what was done, not the total
    assert "\r" not in log.getvalue()

    term = io.StringIO()
    bar = Progress(4, term, redraw=0.0, tty=True)
    bar.advance(2)
    bar.close()
    assert term.getvalue().startswith("\r[" + "#" * 15 + "-" * 15 + "] 2/4 (50%)")
    assert term.getvalue().endswith("\n")
    assert (format_duration(75), format_duration(3 * 3600 + 60), format_duration(5)) == (
        "1m15s",
        "3h01m",
        "5s",
    )
