"""`archive runs`, `archive runs show` and `archive stats` on a generated history whose
layout changes at its sixth run (tests/support/histories.py)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Archive, Cli
from tests.support.histories import nightly, record_run, scenario


@pytest.fixture
def history(archive: Archive) -> Archive:
    for i, plan in enumerate(scenario(6), start=1):
        record_run(archive.sessions, plan, nightly(i))
    return archive


def test_runs_lists_crawl_and_parse_runs_with_verdicts(history: Archive, cli: Cli) -> None:
    code, out, err = cli("runs", "--last", "4")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["kind", "id", "site", "status"]
    assert len(lines) == 5
    assert lines[1].startswith("crawl  6") and "unhealthy: " in lines[1]
    assert "selectors" in lines[1] and "socialistparty.org.uk" in lines[1]
    assert lines[2].startswith("parse  6") and lines[3].startswith("crawl  5")
    assert lines[3].rstrip().endswith("healthy")

    code, out, _ = cli("runs", "--site", "socialistparty.org.uk", "--format", "json")
    records = json.loads(out)
    assert [r["id"] for r in records if r["kind"] == "crawl"] == [6, 5, 4, 3, 2, 1]
    assert {"events_per_article", "selectors"} <= set(records[0]["failed_checks"])
    code, out, _ = cli("runs", "--site", "counterfire.org")
    assert code == 0 and len(out.splitlines()) == 1  # the header alone


def test_runs_show_gives_every_check_with_figure_and_baseline(history: Archive, cli: Cli) -> None:
    code, out, err = cli("runs", "show", "6")
    assert code == 0, err
    assert out.startswith("crawl run 6 (socialist, socialistparty.org.uk): finished")
    assert "FAILED events_per_article: events per new article: 1 vs baseline 3" in out
    assert "median of the site's last 5 runs; fails under 1.5" in out
    assert "    ok         place_coverage" in out
    code, out, _ = cli("runs", "show", "6", "--format", "json")
    assert json.loads(out)["health_record"]["verdict"] == "unhealthy"
    code, out, _ = cli("runs", "show", "6", "--parse")
    assert code == 0 and out.startswith("parse run 6 (rules ")


def test_stats_shows_the_last_runs_verdict(history: Archive, cli: Cli) -> None:
    code, out, _ = cli("stats")
    assert code == 0
    assert "         health: unhealthy (" in out and " of 14 checks failed: " in out
    assert "FAILED selectors" in out
    code, out, _ = cli("stats", "--json")
    failed = json.loads(out)["last_crawl"]["health"]["failed"]
    assert {"events_per_article", "selectors"} <= set(failed)


@pytest.mark.parametrize(
    ("args", "needle"),
    [(("runs", "show", "99"), "no crawl run 99"), (("runs", "--last", "0"), "--last")],
)
def test_bad_run_ids_are_one_line(
    archive: Archive, cli: Cli, args: tuple[str, ...], needle: str
) -> None:
    code, _, err = cli(*args)
    assert code == 2 and needle in err and len(err.strip().splitlines()) == 1
