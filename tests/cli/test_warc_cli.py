"""`archive import-warc` and `archive export-warc` from the command line, on both backends: what
they print, one-line errors with exit status 2 for bad files, and a SIGTERM mid-import that
keeps what was committed and is finished by running the import again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from archive.models import CrawlRun, Fetch, Snapshot
from tests.archive.warc.test_importing import PICKETS, ROUNDUP, SW, heritrix_warc
from tests.conftest import REPO_ROOT, Archive
from tests.support.cli import CliResult, run_cli
from tests.support.warcs import WarcFile, at


@pytest.fixture
def cli(archive: Archive, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setenv("ARCHIVE_DATABASE_URL", archive.url)

    def invoke(*argv: str) -> CliResult:
        return run_cli(capsys, *argv)

    return invoke


def one_line_error(result: CliResult, needle: str) -> None:
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("archive: error:") and needle in lines[0], result.err


def count(archive: Archive, model: type) -> int:
    with archive.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_import_prints_what_it_did(cli, archive: Archive, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    heritrix_warc(path)
    result = cli("import-warc", "--workers", "0", str(path))
    assert result.code == 0, result
    assert "import-warc finished: crawl run 1, 1 file(s), 14 WARC records, 9 captures" in result.out
    assert (
        "recorded: 5 article captures (3 new articles, 3 new snapshots, 2 unchanged" in result.out
    )
    assert "skipped: other_site 1, not_html 2, not_article 1" in result.out
    # Progress on stderr: in a log, a line now and then and the last one.
    assert result.err.strip().splitlines()[-1].startswith("import-warc ")
    assert "KiB (100%)" in result.err
    again = cli("import-warc", "--workers", "0", str(path))
    assert again.code == 0 and "already_imported 5" in again.out
    assert count(archive, Fetch) == 5


def test_bad_files_are_one_line_errors(cli, archive: Archive, tmp_path: Path) -> None:
    good = tmp_path / "good.warc.gz"
    with WarcFile(good) as warc:
        warc.response(SW.url, SW.input_bytes(), at("2023-01-01T00:00:00"))
    notes = tmp_path / "notes.txt"
    notes.write_text("these are my notes\n")
    whole = tmp_path / "whole.warc.gz"
    with WarcFile(whole) as warc:
        warc.response(ROUNDUP.url, ROUNDUP.input_bytes(), at("2022-05-20T10:00:00"))
        warc.response(PICKETS.url, PICKETS.input_bytes(), at("2022-05-20T10:00:01"))
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[:-300])

    one_line_error(cli("import-warc", str(tmp_path / "missing.warc")), "missing.warc: no such file")
    assert count(archive, CrawlRun) == 0  # nothing started for a file that is not there
    one_line_error(cli("import-warc", "--workers", "-1", str(good)), "--workers must be 0 or more")
    one_line_error(cli("import-warc", "--workers", "0", str(notes)), "notes.txt: not a WARC file")
    # The good file before the bad one stays imported, and so does the cut file's first page.
    result = cli("import-warc", "--workers", "0", str(good), str(cut))
    one_line_error(result, "cut.warc.gz: truncated")
    assert "import-warc failed" in result.out
    assert count(archive, Snapshot) == 2
    with archive.sessions() as s:
        runs = list(s.scalars(select(CrawlRun).order_by(CrawlRun.id)))
        assert [r.status for r in runs] == ["failed", "failed"]
        assert runs[-1].error is not None and "truncated" in runs[-1].error


def test_export_from_the_command_line(cli, archive: Archive, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    heritrix_warc(path)
    assert cli("import-warc", "--workers", "0", str(path)).code == 0
    out = tmp_path / "socialist.warc.gz"
    result = cli("export-warc", "--site", "socialistparty.org.uk", "--out", str(out))
    assert result.code == 0, result
    assert f"2 snapshot(s) of socialistparty.org.uk written to {out}" in result.out
    one_line_error(
        cli("export-warc", "--site", "socialistparty.org.uk", "--out", str(out)), "already exists"
    )
    assert (
        cli("export-warc", "--site", "socialistparty.org.uk", "--out", str(out), "--force").code
        == 0
    )
    one_line_error(
        cli("export-warc", "--site", "nowhere.example", "--out", str(tmp_path / "n.warc")),
        "no site nowhere.example",
    )


def _many_pages(path: Path, pages: int) -> None:
    with WarcFile(path) as warc:
        for i in range(pages):
            body = f"<html><body><p>Report {i}: 30 people rallied.</p></body></html>".encode()
            url = f"https://www.socialistparty.org.uk/articles/{5000 + i}/01-03-2019/report"
            warc.response(url, body, at("2019-03-01T12:00:00"))


@pytest.mark.slow
def test_sigterm_keeps_what_was_committed(archive: Archive, tmp_path: Path) -> None:
    path = tmp_path / "many.warc.gz"
    _many_pages(path, 80)
    env = {**os.environ, "ARCHIVE_DATABASE_URL": archive.url, "PYTHONPATH": str(REPO_ROOT)}
    base = [sys.executable, "-c", "from archive.cli import main; main()", "import-warc"]
    command = [*base, "--workers", "0", "--rules", "tests.support.reparse_rules:SLOW_T1", str(path)]
    child = subprocess.Popen(
        command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60
    while count(archive, Fetch) < 5 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.1)
    child.send_signal(signal.SIGTERM)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130, (out, err)
    assert "import-warc interrupted" in out and "archive: interrupted" in err
    kept = count(archive, Fetch)
    assert 5 <= kept < 80
    with archive.sessions() as s:
        run = s.scalars(select(CrawlRun)).one()
        assert run.status == "failed" and run.error == "import interrupted"
    finish = subprocess.run(
        [*base, "--workers", "0", "--rules", "tests.support.reparse_rules:T1", str(path)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finish.returncode == 0, finish
    assert f"already_imported {kept}" in finish.stdout
    assert count(archive, Fetch) == 80


def test_progress_counts_kib_of_the_files() -> None:
    import io

    from archive.progress import Progress

    log = io.StringIO()
    progress = Progress(2048, log, label="import-warc", interval=0.0, tty=False, unit="KiB")
    progress.advance(1024)
    progress.close(final=False)  # stopped by an error: no last line in a log
    lines = log.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("import-warc 1024/2048 KiB (50%) ")
    assert " KiB/s ETA " in lines[0]
