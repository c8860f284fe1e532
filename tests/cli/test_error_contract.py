"""The error contract, as one table: every documented error path of `archive` and
`scrapy crawl` is one line on stderr (`archive: error: ...` / `scrapy crawl: error: ...`),
exit status 2, no traceback, and the archive is left as it was.

Rows: ids too large for any database, a corrupt or truncated SQLite file under several
commands, a URL that does not parse, an unknown schema revision, an archive newer than the
code, click's usage errors; and for `scrapy crawl`, a corrupt, truncated, read-only or locked
archive, a role that may not write, and a bad ``base_url``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text

from archive import db
from tests.conftest import REPO_ROOT, Archive
from tests.support.cli import Cli, one_line_error, run_cli
from tests.support.crawl_process import crawl_command, crawl_env
from tests.support.databases import select_only_role
from tests.support.research_archive import build

TOO_BIG = str(2**63)

# (command, what the one line says) on a migrated archive, on both backends.
ARCHIVE_ROWS: list[tuple[list[str], str]] = [
    (["history", TOO_BIG], f"no event {TOO_BIG}"),
    (["snapshot", TOO_BIG], "ID must be at most 9223372036854775807"),
    (["snapshot", "0"], "ID must be 1 or more"),
    (["snapshot", "x"], "ID must be a whole number"),
    (["events", "--article", TOO_BIG], "--article must be at most"),
    (["export", "--article", TOO_BIG, "--out", "x"], "--article must be at most"),
    (["reparse", "--article", TOO_BIG], "--article must be at most"),
    (["events", "--min-size", TOO_BIG], "--min-size must be at most"),
    (["events", "--min-size", "-5"], "--min-size must be 0 or more"),
    (["runs", "show", TOO_BIG], "RUN_ID must be at most"),
    (["runs", "--last", TOO_BIG], "--last must be at most"),
    (["changes", "--since", "not-a-date"], "--since: not a date"),
    (["db", "upgrade", "--revision", "bogus"], "--revision: no schema revision 'bogus'"),
    (["events", "--format", "bogus"], "Invalid value for '--format'"),
    (["history"], "Missing argument 'EVENT'"),
    (["no-such-command"], "No such command"),
]


@pytest.mark.parametrize(
    ("argv", "needle"), ARCHIVE_ROWS, ids=[" ".join(r[0]) for r in ARCHIVE_ROWS]
)
def test_archive_bad_input_is_one_line_and_exit_2(
    cli: Cli, archive: Archive, argv: list[str], needle: str
) -> None:
    code, _out, err = cli(*argv)
    assert code == 2, err
    one_line_error(err, needle)


def test_parse_with_a_url_that_does_not_parse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>A rally of 40 people.</p></body></html>")
    for url, needle in [
        ("http://[::1", "--url: not a URL (Invalid IPv6 URL)"),
        ("http://example.org:99999/x", "--url: not a URL (Port out of range"),
        ("mailto:someone@example.org", "--url: not an http(s) URL"),
    ]:
        result = run_cli(capsys, "parse", str(page), "--url", url)
        assert result.code == 2, result.err
        one_line_error(result.err, needle)


def _set_revision(url: str, revision: str) -> None:
    engine = db.make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    finally:
        engine.dispose()


NEWER = ["stats", "events", "db upgrade", "reparse --dry-run", "release list"]


def test_an_archive_newer_than_the_code(cli: Cli, archive: Archive) -> None:
    _set_revision(archive.url, "fffffffff001")  # made by a later version of the code
    for command in NEWER:
        code, _out, err = cli(*command.split())
        assert code == 2, (command, err)
        one_line_error(err, "this archive is newer than the code")
        assert "archive db upgrade" not in err  # it cannot help
    with archive.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "fffffffff001"
        )


# ---------------------------------------------------------------------------------------------
# Corrupt SQLite files


def _garbage_header(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.write(b"this is no database at all, only bytes" * 4)


def _truncated(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def _zero_bytes(path: Path) -> None:
    os.truncate(path, 0)


CORRUPTIONS = {
    "garbage header": (_garbage_header, "is not an SQLite archive"),
    "truncated to half": (_truncated, "is truncated or damaged"),
    "zero bytes": (_zero_bytes, "is an empty file (0 bytes)"),
}
CORRUPT_COMMANDS = [
    ["stats"],
    ["events"],
    ["history", "1"],
    ["snapshot", "1"],
    ["changes", "--since", "2000-01-01"],
    ["export", "--out", "OUT"],
    ["reparse", "--workers", "1"],
    ["reparse", "--dry-run", "--workers", "1"],
    ["release", "create", "r1"],
    ["db", "upgrade"],
    ["db", "current"],
]


@pytest.fixture(scope="module")
def populated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite archive with pages and events in it (large enough that half is a real cut),
    checkpointed so the file holds everything."""
    path = tmp_path_factory.mktemp("populated") / "archive.sqlite"
    url = f"sqlite:///{path}"
    db.upgrade(url)
    engine, sessions = db.open_archive(url)
    try:
        build(Archive(url, engine, sessions))
    finally:
        engine.dispose()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_corrupt_sqlite_archive_is_one_line_for_every_command(
    corruption: str,
    populated_sqlite: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    damage, needle = CORRUPTIONS[corruption]
    path = tmp_path / "archive.sqlite"
    shutil.copyfile(populated_sqlite, path)
    damage(path)
    monkeypatch.setenv("ARCHIVE_DATABASE_URL", f"sqlite:///{path}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    for argv in CORRUPT_COMMANDS:
        if corruption == "zero bytes" and argv == ["db", "upgrade"]:
            continue  # an empty file is where `db upgrade` may make an archive
        argv = [str(tmp_path / "out") if a == "OUT" else a for a in argv]
        result = run_cli(capsys, *argv)
        assert result.code == 2, (argv, result.err)
        one_line_error(result.err, needle)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, argv  # left as it was
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.sqlite"]


def test_damaged_pages_are_one_line(
    populated_sqlite: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Damage inside the file (the header intact) is found by the query that reads it."""
    path = tmp_path / "archive.sqlite"
    shutil.copyfile(populated_sqlite, path)
    page_size = int.from_bytes(path.read_bytes()[16:18], "big")
    with path.open("r+b") as handle:  # every page after the first: the schema, every table
        for offset in range(page_size, path.stat().st_size, page_size):
            handle.seek(offset)
            handle.write(b"\xff" * 64)
    monkeypatch.setenv("ARCHIVE_DATABASE_URL", f"sqlite:///{path}")
    for argv in (["stats"], ["events"], ["db", "upgrade"]):
        result = run_cli(capsys, *argv)
        assert result.code == 2, (argv, result.err)
        one_line_error(result.err, "damaged")


# ---------------------------------------------------------------------------------------------
# scrapy crawl


def _crawl(
    url: str, args: dict[str, str], env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, *crawl_command("socialist", args)],
        cwd=REPO_ROOT,
        env={**crawl_env(url), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_crawl_refused(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if "error" in line.lower()]
    assert errors == [errors[-1]] and errors[-1].startswith("scrapy crawl: error:"), errors
    assert needle in errors[-1], errors[-1]
    assert result.stderr.splitlines()[-1] == errors[-1]


OFFLINE = {"base_url": "http://127.0.0.1:9"}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("base_url", "needle"),
    [
        ("http://[::1", "base_url must be an http(s) URL, got 'http://[::1'"),
        ("http://127.0.0.1:99999", "base_url must be an http(s) URL"),
        ("ftp://example.org/", "base_url must be an http(s) URL"),
    ],
)
def test_crawl_with_a_bad_base_url(tmp_path: Path, base_url: str, needle: str) -> None:
    result = _crawl(f"sqlite:///{tmp_path / 'never-created.sqlite'}", {"base_url": base_url})
    assert_crawl_refused(result, needle)
    assert not (tmp_path / "never-created.sqlite").exists()


@pytest.mark.slow
@pytest.mark.parametrize("corruption", ["garbage header", "truncated to half"])
def test_crawl_into_a_corrupt_archive(
    corruption: str, populated_sqlite: Path, tmp_path: Path
) -> None:
    damage, needle = CORRUPTIONS[corruption]
    path = tmp_path / "archive.sqlite"
    shutil.copyfile(populated_sqlite, path)
    damage(path)
    assert_crawl_refused(_crawl(f"sqlite:///{path}", OFFLINE), needle)


@pytest.fixture
def sqlite_copy(populated_sqlite: Path, tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "archive"
    directory.mkdir()
    path = directory / "archive.sqlite"
    shutil.copyfile(populated_sqlite, path)
    yield path
    directory.chmod(0o755)
    path.chmod(0o644)


@pytest.mark.slow
def test_crawl_into_a_read_only_archive(sqlite_copy: Path) -> None:
    url = f"sqlite:///{sqlite_copy}"
    digest = hashlib.sha256(sqlite_copy.read_bytes()).hexdigest()
    assert_crawl_refused(_crawl(url + "?mode=ro", OFFLINE), "the archive is read-only")
    assert_crawl_refused(
        _crawl(url, OFFLINE, env={"ARCHIVE_READ_ONLY": "1"}), "ARCHIVE_READ_ONLY is set"
    )
    setpriv = shutil.which("setpriv")
    if setpriv is not None:  # as a process file permissions bind (the tests run as root)
        sqlite_copy.chmod(0o444)
        sqlite_copy.parent.chmod(0o555)
        unprivileged = (setpriv, "--bounding-set=-dac_override,-dac_read_search")
        result = _crawl(url, OFFLINE, prefix=unprivileged)
        assert_crawl_refused(result, "this process cannot write")
    assert hashlib.sha256(sqlite_copy.read_bytes()).hexdigest() == digest


@pytest.mark.slow
def test_crawl_into_a_locked_archive(sqlite_copy: Path) -> None:
    """Another process holds the write lock longer than the busy timeout."""
    locked = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with closing(sqlite3.connect(sqlite_copy, isolation_level=None)) as conn:
            conn.execute("BEGIN IMMEDIATE")
            locked.set()
            release.wait(60)
            conn.execute("ROLLBACK")

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(10)
        result = _crawl(
            f"sqlite:///{sqlite_copy}", OFFLINE, env={"ARCHIVE_SQLITE_BUSY_TIMEOUT": "1"}
        )
    finally:
        release.set()
        holder.join()
    assert_crawl_refused(result, "the archive is locked by another process")


@pytest.mark.slow
def test_crawl_as_a_role_that_may_not_write(db_url: str) -> None:
    """A SELECT-only PostgreSQL role (SQLite has no roles)."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL roles")
    with select_only_role(db_url) as url:
        assert_crawl_refused(_crawl(url, OFFLINE), "the database role may not write the archive")


@pytest.mark.slow
def test_crawl_into_an_archive_newer_than_the_code(db_url: str) -> None:
    _set_revision(db_url, "fffffffff001")
    assert_crawl_refused(_crawl(db_url, OFFLINE), "this archive is newer than the code")
