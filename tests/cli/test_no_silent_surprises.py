"""Mistakes that used to pass in silence: a mistyped SQLite path or an empty
ARCHIVE_DATABASE_URL made a new, empty archive; ``--as-of 20261201`` and ``--as-of
2026-12-01`` were different moments; a bulk-built PostgreSQL archive left its id sequences
behind, so the next crawl into it failed on every page. (A misspelt ``-a`` argument is
refused in tests/crawl/test_crawl_sites.py.)"""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, datetime, time
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import func, select

from archive import db
from archive.cli.dates import parse_moment, parse_start
from archive.errors import BadInput
from archive.models import Article, CrawlRun
from tests.conftest import REPO_ROOT, Archive
from tests.support.cli import Cli, one_line_error, run_cli
from tests.support.crawl_process import run_crawl
from tests.support.mirror import SINCE, serve, socialist_mirror
from tests.support.research_archive import build

# Every command that opens the archive (`db upgrade` is the one that may create it).
OPENING_COMMANDS = [
    ["stats"],
    ["db", "current"],
    ["events"],
    ["export", "--out", "OUT"],
    ["history", "1"],
    ["changes", "--since", "2026-01-01"],
    ["snapshot", "1"],
    ["release", "list"],
    ["release", "create", "r1"],
    ["reparse", "--workers", "1"],
    ["reparse", "--dry-run", "--workers", "1"],
    ["export-warc", "--site", "socialistparty.org.uk", "--out", "OUT/x.warc.gz"],
    ["import-warc", "WARC"],
]


def _argv(argv: list[str], tmp_path: Path) -> list[str]:
    warc = tmp_path / "empty.warc"
    warc.write_bytes(b"")
    out = {"OUT": str(tmp_path / "out"), "WARC": str(warc)}
    return [out.get(a, a.replace("OUT/", f"{tmp_path / 'out'}/")) for a in argv]


def test_a_missing_sqlite_file_is_an_error_except_for_db_upgrade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "archve.sqlite"  # a typo
    monkeypatch.setenv("ARCHIVE_DATABASE_URL", f"sqlite:///{missing}")
    for argv in OPENING_COMMANDS:
        result = run_cli(capsys, *_argv(argv, tmp_path))
        assert result.code == 2, (argv, result.err)
        one_line_error(result.err, "no such file (a new archive is made only by")
        assert not missing.exists(), argv
    created = run_cli(capsys, "db", "upgrade")
    assert created.code == 0, created.err
    assert created.out.splitlines()[0] == f"created a new archive: {missing}"
    again = run_cli(capsys, "db", "upgrade")
    assert again.code == 0 and "created" not in again.out
    assert run_cli(capsys, "stats").code == 0


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_database_url_is_an_error(
    value: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ARCHIVE_DATABASE_URL", value)
    for argv in [["db", "upgrade"], *OPENING_COMMANDS[:4]]:
        result = run_cli(capsys, *_argv(argv, tmp_path))
        assert result.code == 2, (argv, result.err)
        one_line_error(result.err, "ARCHIVE_DATABASE_URL is set but empty")
    assert not (tmp_path / "archive.sqlite").exists()


@pytest.mark.slow
def test_crawl_into_a_missing_file_or_an_empty_url(tmp_path: Path) -> None:
    missing = tmp_path / "archve.sqlite"
    result = run_crawl("socialist", f"sqlite:///{missing}", {"base_url": "http://127.0.0.1:9"})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("scrapy crawl: error: cannot reach database")
    assert "no such file" in result.stderr.splitlines()[-1]
    assert not missing.exists()
    # The default archive in the checkout: absent, or the user's own (the README's main job
    # makes one there); either way the crawl must leave it as it was.
    default = REPO_ROOT / "archive.sqlite"
    before = (default.stat().st_size, default.stat().st_mtime_ns) if default.exists() else None
    result = run_crawl("socialist", "", {"base_url": "http://127.0.0.1:9"})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith(
        "scrapy crawl: error: the database URL is empty"
    )
    after = (default.stat().st_size, default.stat().st_mtime_ns) if default.exists() else None
    assert after == before


# ---------------------------------------------------------------------------------------------
# --as-of: one meaning per documented form

END_OF_DAY = datetime.combine(datetime(2026, 12, 1).date(), time.max, tzinfo=UTC)
MOMENTS = [
    ("2026-12-01", END_OF_DAY),
    ("20261201", END_OF_DAY),
    (" 2026-12-01 ", END_OF_DAY),
    ("2026-12-01T10:30", datetime(2026, 12, 1, 10, 30, tzinfo=UTC)),
    ("2026-12-01 10:30", datetime(2026, 12, 1, 10, 30, tzinfo=UTC)),
    ("2026-12-01T10:30:15", datetime(2026, 12, 1, 10, 30, 15, tzinfo=UTC)),
    ("2026-12-01T10:30:15.25", datetime(2026, 12, 1, 10, 30, 15, 250000, tzinfo=UTC)),
    ("2026-12-01T10:30Z", datetime(2026, 12, 1, 10, 30, tzinfo=UTC)),
    ("2026-12-01T10:30:00+00:00", datetime(2026, 12, 1, 10, 30, tzinfo=UTC)),
    ("2026-12-01T11:30+01:00", datetime(2026, 12, 1, 10, 30, tzinfo=UTC)),
    ("2026-12-01T11:30+0100", datetime(2026, 12, 1, 10, 30, tzinfo=UTC)),
]
REFUSED = [
    "2026-12",  # a month
    "2026-W49-2",  # a week date
    "2026-335",  # an ordinal date
    "2026-12-01T10",  # an hour alone
    "20261201T1030",  # a basic-form date-time
    "2026-1201",
    "2026-13-01",
    "2026-02-30",
    "2026-12-01T25:00",
    "yesterday",
    "",
]


@pytest.mark.parametrize(("text", "moment"), MOMENTS, ids=[m[0] for m in MOMENTS])
def test_each_documented_form_has_one_meaning(text: str, moment: datetime) -> None:
    assert parse_moment(text, "--as-of") == moment


def test_a_bare_date_starts_a_window_at_its_start() -> None:
    assert parse_start("20261201", "--since") == parse_start("2026-12-01", "--since")
    assert parse_start("20261201", "--since") == datetime(2026, 12, 1, tzinfo=UTC)


@pytest.mark.parametrize("text", REFUSED)
def test_other_forms_are_refused_naming_the_forms(text: str) -> None:
    with pytest.raises(BadInput, match="--as-of: not a"):
        parse_moment(text, "--as-of")


def test_as_of_in_either_date_form_gives_the_same_events(cli: Cli, archive: Archive) -> None:
    build(archive)
    day = "2030-12-01"
    code, extended, err = cli("events", "--as-of", day, "--no-text")
    assert code == 0, err and extended
    code, basic, err = cli("events", "--as-of", day.replace("-", ""), "--no-text")
    assert code == 0, err
    assert basic == extended
    code, _out, err = cli("events", "--as-of", "2030-W01")
    assert code == 2
    one_line_error(err, "want YYYY-MM-DD or YYYYMMDD")


# ---------------------------------------------------------------------------------------------
# The benchmarks' bulk builders leave an archive a crawl can write to


def _benchmark(name: str) -> ModuleType:
    path = REPO_ROOT / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_a_crawl_into_a_bulk_built_archive_works(empty_db_url: str) -> None:
    _benchmark("reparse").build_archive(empty_db_url, 5, "socialistparty")
    mirror = socialist_mirror(large_paragraphs=20)
    with serve(mirror.site):
        result = run_crawl(
            "socialist",
            empty_db_url,
            {"base_url": mirror.site.base_url, "since": SINCE.isoformat()},
        )
    assert result.returncode == 0, result.stderr[-3000:]
    engine, sessions = db.open_archive(empty_db_url)
    try:
        with sessions() as s:
            run = s.scalars(select(CrawlRun)).one()
            assert run.status == "finished", run.error
            # Every new article was archived (an id sequence left behind failed them all).
            added = (s.scalar(select(func.count()).select_from(Article)) or 0) - 5
            assert run.counts["new_articles"] == added > 0
            assert run.counts["parse_errors"] == 0 and run.counts.get("pipeline_errors", 0) == 0
    finally:
        engine.dispose()
