"""Read-only use: every read command works on an archive it cannot write, writes nothing, and
prints what it prints on a writable one; a writing command says in one line that it cannot.

The ways an archive is read-only, each a row: an SQLite archive named with ``?mode=ro``, one
opened with ARCHIVE_READ_ONLY=1, one in a directory this process cannot write (as a process
that file permissions bind: tests/support/unprivileged.py), and a PostgreSQL archive read
through a role granted SELECT and nothing else.
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from archive import db
from archive.models import Event, ParseRun, Snapshot
from tests.conftest import BACKEND_PARAMS, Archive, _factory_for
from tests.support.cli import CliResult, one_line_error, run_cli
from tests.support.databases import DatabaseFactory, select_only_role
from tests.support.research_archive import build
from tests.support.unprivileged import permissions_bind, run_cli_unprivileged

RULES = "tests.support.reparse_rules:T1"


@dataclass
class Built:
    url: str
    backend: str
    workdir: Path
    uid: str
    snapshot_id: int
    expected: dict[str, CliResult] | None = None


@pytest.fixture(scope="module", params=BACKEND_PARAMS)
def built(
    request: pytest.FixtureRequest,
    _db_factories: dict[str, DatabaseFactory],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Built]:
    """One research archive per backend (module scope: every row reads the same one), with
    a parse run and a release, built by its owner."""
    factory = _factory_for(request, _db_factories)
    workdir = tmp_path_factory.mktemp("read-only")
    archive_dir = workdir / "archive"
    archive_dir.mkdir()
    url = factory.migrated(archive_dir)
    engine, sessions = db.open_archive(url)
    try:
        build(Archive(url, engine, sessions))
        with sessions() as s:
            uid = s.scalars(select(Event.event_uid).order_by(Event.id)).first()
            snapshot_id = s.scalar(select(func.min(Snapshot.id)))
    finally:
        engine.dispose()
    assert uid is not None and snapshot_id is not None
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ARCHIVE_DATABASE_URL", url)
        capsys_free_cli(["reparse", "--rules", RULES, "--workers", "1"])
        capsys_free_cli(["release", "create", "r1"])
    try:
        yield Built(url, request.param, workdir, uid, snapshot_id)
    finally:
        factory.release(url)


def capsys_free_cli(argv: list[str]) -> None:
    from archive.cli import main

    try:
        main(argv)
    except SystemExit as exc:
        assert not exc.code, argv


def read_commands(b: Built, out: Path) -> dict[str, list[str]]:
    """Every command that only reads the archive (output files go to ``out``)."""
    return {
        "stats": ["stats"],
        "stats --json": ["stats", "--json"],
        "db current": ["db", "current"],
        "events": ["events", "--format", "csv"],
        "events --as-of": ["events", "--as-of", "2030-01-01", "--no-text"],
        "export": ["export", "--format", "jsonl", "--out", str(out / "export")],
        "history": ["history", b.uid, "--diff"],
        "changes": ["changes", "--since", "2000-01-01", "--format", "csv"],
        "codebook": ["codebook", "--format", "json"],
        "snapshot": ["snapshot", str(b.snapshot_id)],
        "runs": ["runs", "--format", "json"],
        "runs show --parse": ["runs", "show", "1", "--parse"],
        "release list": ["release", "list"],
        "release show": ["release", "show", "r1"],
        "export-warc": [
            "export-warc",
            "--site",
            "socialistparty.org.uk",
            "--out",
            str(out / "sp.warc.gz"),
        ],
        "reparse --dry-run": [
            "reparse",
            "--dry-run",
            "--workers",
            "1",
            "--rules",
            "tests.support.reparse_rules:T2",
        ],
    }


WRITE_COMMANDS = {
    "reparse": (["reparse", "--rules", "tests.support.reparse_rules:T2"], "read-only"),
    "release create": (["release", "create", "r2"], "read-only"),
    "db upgrade": (["db", "upgrade"], "read-only"),
}


def _expected(b: Built, capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, CliResult], Path]:
    """What each read command prints on the writable archive, as its owner (run once per
    archive), and the directory of the files they wrote."""
    ref = b.workdir / "reference"
    if b.expected is None:
        ref.mkdir()
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("ARCHIVE_DATABASE_URL", b.url)
            b.expected = {n: run_cli(capsys, *argv) for n, argv in read_commands(b, ref).items()}
    return b.expected, ref


def _same(name: str, got: CliResult, want: CliResult, out: Path, ref: Path) -> None:
    assert got.code == 0 == want.code, (name, got.err, want.err)
    if name == "export":
        assert (out / "export" / "events.jsonl").read_bytes() == (
            ref / "export" / "events.jsonl"
        ).read_bytes()
    elif name == "export-warc":
        assert (out / "sp.warc.gz").stat().st_size > 0
    elif name == "db current" or name.startswith("release"):
        assert got.out.splitlines()[0] == want.out.splitlines()[0], name
    else:
        assert got.out == want.out, name


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    assert database
    return Path(database)


def _parse_runs(url: str) -> int:
    engine = db.make_engine(url, read_only=True)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(ParseRun)) or 0
    finally:
        engine.dispose()


@pytest.mark.parametrize("how", ["mode=ro", "ARCHIVE_READ_ONLY", "read-only directory"])
def test_sqlite_read_commands_on_an_archive_they_cannot_write(
    built: Built, how: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if built.backend != "sqlite":
        pytest.skip("SQLite's ways of being read-only")
    out = built.workdir / f"out-{uuid.uuid4().hex[:6]}"
    out.mkdir()
    expected, ref = _expected(built, capsys)
    path = _sqlite_path(built.url)
    runs_before = _parse_runs(built.url)
    before = _digest(path)
    commands = read_commands(built, out)
    if how == "read-only directory":
        # The last read-write connection to close removes the WAL's files: as a copy of an
        # archive left by a finished crawl is (nothing may create them now).
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
        path.parent.chmod(0o555)
        path.chmod(0o444)
        try:
            if not permissions_bind(path.parent):
                pytest.skip("cannot drop the privilege to write read-only directories here")
            env = {"ARCHIVE_DATABASE_URL": built.url}
            got = {n: run_cli_unprivileged(*argv, env=env) for n, argv in commands.items()}
            refused = {
                n: run_cli_unprivileged(*argv, env=env) for n, (argv, _) in WRITE_COMMANDS.items()
            }
            assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no -wal, -shm
        finally:
            path.chmod(0o644)
            path.parent.chmod(0o755)
    else:
        if how == "mode=ro":
            monkeypatch.setenv("ARCHIVE_DATABASE_URL", built.url + "?mode=ro")
        else:
            monkeypatch.setenv("ARCHIVE_DATABASE_URL", built.url)
            monkeypatch.setenv("ARCHIVE_READ_ONLY", "1")
        got = {n: run_cli(capsys, *argv) for n, argv in commands.items()}
        refused = {n: run_cli(capsys, *argv) for n, (argv, _) in WRITE_COMMANDS.items()}
    for name, result in got.items():
        _same(name, result, expected[name], out, ref)
    for name, result in refused.items():
        assert result.code == 2, (name, result.err)
        one_line_error(result.err, WRITE_COMMANDS[name][1])
    assert _digest(path) == before
    assert _parse_runs(built.url) == runs_before


@pytest.fixture
def select_only_url(built: Built) -> Iterator[str]:
    """The PostgreSQL archive through a new role granted SELECT on its tables, nothing else."""
    with select_only_role(built.url) as url:
        yield url


@pytest.mark.parametrize("flag", ["", "ARCHIVE_READ_ONLY"])
def test_postgresql_read_commands_as_a_select_only_role(
    built: Built,
    flag: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    if built.backend != "postgresql":
        pytest.skip("PostgreSQL's roles")
    url = request.getfixturevalue("select_only_url")
    out = built.workdir / f"out-{uuid.uuid4().hex[:6]}"
    out.mkdir()
    expected, ref = _expected(built, capsys)
    runs_before = _parse_runs(built.url)
    monkeypatch.setenv("ARCHIVE_DATABASE_URL", url)
    if flag:
        monkeypatch.setenv("ARCHIVE_READ_ONLY", "1")
    for name, argv in read_commands(built, out).items():
        _same(name, run_cli(capsys, *argv), expected[name], out, ref)
    for name, (argv, needle) in WRITE_COMMANDS.items():
        result = run_cli(capsys, *argv)
        if name == "db upgrade" and not flag:
            assert result.code == 0, result.err  # at the head already: nothing to write
            continue
        assert result.code == 2, (name, result.err)
        one_line_error(result.err, needle if flag else "permission denied")
    assert _parse_runs(built.url) == runs_before
