"""The research commands from the command line, on both backends: `events` with filters and
source columns, `snapshot`, `codebook`, `changes`, `history` by uid with --diff and
confirmations, `release create/diff` and `export --release`."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests.archive.test_reparse import PICKET, current_by_text, run, standard_archive
from tests.conftest import REPO_ROOT, Archive
from tests.support.archive_ops import T0, fetch, parse
from tests.support.cli import Cli, one_line_error
from tests.support.factories import REPORT_A, REPORT_B, REPORT_C, event
from tests.support.reparse_rules import T1
from tests.support.research_archive import BEFORE_CORRECTION, BLOG, build


def csv_rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


def test_events_filters_and_source_columns(cli: Cli, archive: Archive, tmp_path: Path) -> None:
    build(archive)
    args = ("--type", "rally", "--from", "2016-01-01", "--to", "2016-12-31", "--min-size", "500")
    code, out, err = cli("events", *args, "--format", "csv")
    assert code == 0, err
    rows = csv_rows(out)
    assert [(r["place"], r["size_low"]) for r in rows] == [("Kilburn", "3500")]
    row = rows[0]
    assert row["site"] == "socialistparty.org.uk" and row["article_title"] == "Roundup 0"
    assert row["source_url"].startswith("https://socialistparty.org.uk/articles/23431/")
    assert row["published"] == "2016-06-01"
    code, out, err = cli("export", *args, "--out", str(tmp_path / "x"))
    assert code == 0, err
    exported = (tmp_path / "x" / "events.csv").read_text(encoding="utf-8")
    assert [r["event_uid"] for r in csv_rows(exported)] == [row["event_uid"]]

    code, out, _ = cli("events", "--place", "london", "--format", "jsonl", "--no-text")
    places = sorted(json.loads(line)["place"] for line in out.splitlines())
    assert places == ["Camden", "Hackney", "Kilburn", "Walthamstow"]
    assert "text" not in json.loads(out.splitlines()[0])
    code, out, _ = cli("events", "--type", "rally,march", "--site", "socialistparty.org.uk")
    assert sorted(json.loads(r)["event_type"] for r in out.splitlines()) == [
        "march",
        "rally",
        "rally",
        "rally",
    ]


def test_events_bad_filters_are_one_line(cli: Cli, archive: Archive) -> None:
    build(archive)
    for args, needle in [
        (("--type", "riot"), "--type: unknown event type 'riot'"),
        (("--from", "2016-13-01"), "--from: not a date"),
        (("--from", "2017-01-01", "--to", "2016-01-01"), "is after --to"),
        (("--min-size", "-5"), "--min-size must be 0 or more"),
    ]:
        code, out, err = cli("events", *args)
        assert code == 2 and out == "", args
        one_line_error(err, needle)


@pytest.mark.slow
def test_events_into_a_pipe_that_closes_early_succeeds(archive: Archive) -> None:
    """`archive events | head -1`: the reader stops after one line; archive exits 0."""
    for n in range(60):
        url = BLOG.format(id=100 + n)
        fetch(archive, url, f"<p>{n}</p>".encode())
        parse(archive, url, *(event(i, f"{REPORT_A} {n} {i} {REPORT_B}") for i in range(40)))
    env = {**os.environ, "ARCHIVE_DATABASE_URL": archive.url, "PYTHONPATH": str(REPO_ROOT)}
    producer = subprocess.Popen(
        [sys.executable, "-c", "from archive.cli import main; main()", "events"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert producer.stdout is not None
    head = subprocess.run(["head", "-1"], stdin=producer.stdout, capture_output=True, timeout=60)
    producer.stdout.close()
    _out, err = producer.communicate(timeout=60)
    assert head.returncode == 0 and json.loads(head.stdout)["event_uid"]
    assert producer.returncode == 0, err
    assert err == b""


def test_snapshot_writes_the_stored_bytes(cli: Cli, archive: Archive, tmp_path: Path) -> None:
    build(archive)
    code, out, _ = cli("history", "socialistparty.org.uk:23431:1", "--format", "json")
    snapshot_id = json.loads(out)["versions"][0]["snapshot_id"]
    code, out, _ = cli("snapshot", str(snapshot_id))
    assert code == 0 and out == "<p>page 0</p>"
    target = tmp_path / "page.html"
    code, _out, err = cli("snapshot", str(snapshot_id), "--out", str(target))
    assert code == 0 and target.read_bytes() == b"<p>page 0</p>"
    assert f"snapshot {snapshot_id} of https://www.socialistparty.org.uk/" in err
    code, _out, err = cli("snapshot", "999")
    assert code == 2
    one_line_error(err, "no snapshot 999")


def test_codebook_command(cli: Cli, archive: Archive) -> None:
    code, out, _ = cli("codebook")
    assert code == 0 and out.startswith("# Codebook") and "| `event_uid` |" in out
    code, out, _ = cli("codebook", "--format", "json")
    doc = json.loads(out)
    assert {c["name"] for c in doc["columns"]} >= {"event_uid", "size_low", "source_url"}


def test_changes_lists_every_kind(cli: Cli, archive: Archive) -> None:
    build(archive)
    code, out, err = cli("changes", "--since", T0.isoformat())
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    kinds = [r["change"] for r in rows]
    assert kinds.count("added") == 8
    (changed,) = [r for r in rows if r["change"] == "changed"]
    assert changed["fields"]["attendance"] == {"old": 120, "new": 150}
    assert set(changed["fields"]) == {"attendance", "attendance_text"}
    assert changed["parser_version"] == "test-1"
    (closed,) = [r for r in rows if r["change"] == "closed"]
    assert closed["event_uid"].startswith("example.org:") and closed["event_uid"].endswith(":2")
    assert [r["at"] for r in rows] == sorted(r["at"] for r in rows)
    code, out, _ = cli(
        "changes", "--since", T0.isoformat(), "--until", BEFORE_CORRECTION.isoformat()
    )
    assert {json.loads(line)["change"] for line in out.splitlines()} == {"added"}
    code, out, _ = cli("changes", "--since", BEFORE_CORRECTION.isoformat(), "--format", "table")
    assert "attendance: 120 -> 150" in out and "closed" in out
    code, out, _ = cli("changes", "--since", BEFORE_CORRECTION.isoformat(), "--format", "csv")
    assert {r["change"] for r in csv_rows(out)} == {"changed", "closed"}


def test_changes_splits_merges_and_reopenings(cli: Cli, archive: Archive) -> None:
    url = "https://www.socialistparty.org.uk/articles/40000/01-12-2026/x/"
    fetch(archive, url, b"<p>x</p>")
    at = [T0 + timedelta(hours=h) for h in range(5)]
    parse(archive, url, event(0, REPORT_A + " " + REPORT_B), at=at[0])
    parse(archive, url, event(0, REPORT_A), event(1, REPORT_B), at=at[1])  # split
    parse(archive, url, event(0, REPORT_A + " " + REPORT_B), at=at[2])  # merge
    parse(archive, url, event(0, REPORT_C), at=at[3])  # all closed
    parse(archive, url, event(0, REPORT_C), event(1, REPORT_A + " " + REPORT_B), at=at[4])
    code, out, err = cli("changes", "--since", at[1].isoformat())
    assert code == 0, err
    kinds = {json.loads(line)["change"] for line in out.splitlines()}
    assert {"split", "merged", "closed", "reopened", "added"} <= kinds
    split = next(json.loads(x) for x in out.splitlines() if json.loads(x)["change"] == "split")
    assert split["related_uid"] == "socialistparty.org.uk:40000:1"


def test_history_by_uid_with_diff(cli: Cli, archive: Archive) -> None:
    build(archive)
    code, out, _ = cli("events", "--place", "Camden", "--type", "protest")
    uid = json.loads(out)["event_uid"]
    event_id = json.loads(out)["event_id"]
    code, out, err = cli("history", uid, "--diff")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(f"event {uid} (id {event_id}): article ")
    second = lines.index(next(line for line in lines if line.startswith("version 2 ")))
    assert lines[second + 1 : second + 3] == [
        "  attendance: 120 -> 150",
        '  attendance_text: "about 120 people" -> "about 150 people"',
    ]
    code, by_id, _ = cli("history", str(event_id), "--diff")
    assert by_id == out
    code, out, _ = cli("history", uid, "--diff", "--format", "json")
    versions = json.loads(out)["versions"]
    assert versions[1]["changed"] == {
        "attendance": {"old": 120, "new": 150},
        "attendance_text": {"old": "about 120 people", "new": "about 150 people"},
    }
    code, _out, err = cli("history", "nowhere.example:1:1")
    assert code == 2
    one_line_error(err, "no event nowhere.example:1:1")


def test_history_names_later_rules_that_confirmed_a_version(cli: Cli, archive: Archive) -> None:
    standard_archive(archive)
    run(archive, T1)
    code, _out, err = cli("reparse", "--rules", "tests.support.reparse_rules:T2", "--workers", "1")
    assert code == 0, err
    unchanged = next(v for text, v in current_by_text(archive).items() if text != PICKET[1])
    code, out, _ = cli("history", str(unchanged.event_id))
    assert "confirmed unchanged by rules t2 (parse run 2)" in out
    changed = current_by_text(archive)[PICKET[1]]
    code, out, _ = cli("history", str(changed.event_id))
    assert "confirmed unchanged" not in out  # t2 changed it: a new version, no confirmation


def test_release_create_diff_and_export(cli: Cli, archive: Archive, tmp_path: Path) -> None:
    built = build(archive)
    code, out, err = cli("release", "create", "r1", "--as-of", BEFORE_CORRECTION.isoformat())
    assert code == 0, err
    assert f"release r1: {built.n_before} events from 3 articles" in out
    code, out, err = cli("release", "create", "r2", "--note", "after the correction")
    assert code == 0, err
    code, _out, err = cli("release", "create", "r2")
    assert code == 2
    one_line_error(err, "release r2 exists already")
    code, _out, err = cli("release", "create", "r3", "--as-of", "2999-01-01")
    assert code == 2
    one_line_error(err, "is in the future")

    code, out, _ = cli("release", "show", "r2")
    record = json.loads(out)
    assert record["counts"]["events"] == built.n_now and record["parser_versions"] == ["test-1"]
    assert record["counts"]["by_event_type"]["rally"] == 3

    changelog = tmp_path / "CHANGELOG.md"
    code, out, err = cli("release", "diff", "r1", "r2", "--out", str(changelog))
    assert code == 0, err
    assert out.strip() == f"0 added, 1 closed, 1 changed -> {changelog}"
    text = changelog.read_text()
    assert "- closed: 1" in text and "| attendance | 1 |" in text
    code, out, _ = cli("release", "diff", "r1", "r2", "--format", "json")
    diff = json.loads(out)
    assert diff["field_counts"] == {"attendance": 1, "attendance_text": 1}

    for fmt in ("csv", "jsonl"):
        code, out, err = cli(
            "export", "--release", "r1", "--format", fmt, "--out", str(tmp_path / fmt)
        )
        assert code == 0, err
        assert f"matches release r1 ({fmt} sha256)" in out
    rows = csv_rows((tmp_path / "csv" / "events.csv").read_text(encoding="utf-8"))
    assert len(rows) == built.n_before
    package = json.loads((tmp_path / "csv" / "datapackage.json").read_text())
    assert package["campaign_archive"]["release"]["name"] == "r1"
    code, _out, err = cli("export", "--release", "nope", "--out", str(tmp_path / "n"))
    assert code == 2
    one_line_error(err, "no release nope (known: r1, r2)")
    code, out, _ = cli("release", "list")
    assert [line.split("\t")[0] for line in out.splitlines()] == ["r1", "r2"]
