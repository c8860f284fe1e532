"""`archive db upgrade` and `archive stats` on both backends, and their one-line failures."""

from __future__ import annotations

import json

import pytest

from archive import store
from archive.db import open_archive, unit_of_work
from tests.support.cli import run_cli
from tests.support.factories import REPORT_A, event, parsed

STATS_KEYS = {"articles", "snapshots", "events", "event_versions", "crawl_runs", "parse_runs"}


def test_upgrade_then_stats_json(
    empty_db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ARCHIVE_DATABASE_URL", empty_db_url)
    behind = run_cli(capsys, "stats")
    assert behind.code == 2
    assert behind.err.strip().splitlines() == [
        "archive: error: the archive has no schema; run: archive db upgrade"
    ]
    up = run_cli(capsys, "db", "upgrade")
    assert up.code == 0, up.err
    engine, sessions = open_archive(empty_db_url)
    try:
        with unit_of_work(sessions) as s:
            run = store.start_crawl_run(s, spider="socialist", arguments={})
            res = store.record_fetch(
                s, meta=store.FetchMeta(url="https://example.org/a", status=200), body=b"<p>x</p>"
            )
            assert res.snapshot is not None
            store.record_parse(
                s, snapshot=res.snapshot, parsed=parsed("https://example.org/a", event(0, REPORT_A))
            )
            store.finish_crawl_run(s, run.id, status="finished", counts={"requests": 1})
    finally:
        engine.dispose()
    result = run_cli(capsys, "stats", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert set(data) >= STATS_KEYS
    assert {k: data[k] for k in STATS_KEYS} == {
        "articles": 1,
        "snapshots": 1,
        "events": 1,
        "event_versions": 1,
        "crawl_runs": 1,
        "parse_runs": 0,
    }
    assert data["last_crawl_at"] is not None and data["last_parse_at"] is None
    assert data["last_crawl"]["counts"] == {"requests": 1}
    table = run_cli(capsys, "stats")
    assert table.code == 0 and "event_versions: 1" in table.out


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://postgres@127.0.0.1:1/nowhere", "cannot reach database"),
        ("sqlite:////nonexistent-dir/sub/archive.sqlite", "cannot reach database"),
        ("not a url", "not a database URL"),
    ],
)
def test_unreachable_database_is_one_line_exit_2(
    url: str, message: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ARCHIVE_DATABASE_URL", url)
    for args in (("stats",), ("stats", "--json"), ("db", "upgrade")):
        result = run_cli(capsys, *args)
        assert result.code == 2
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], result.err
        assert "Traceback" not in result.err
