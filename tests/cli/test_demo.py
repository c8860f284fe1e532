"""`archive demo` crawls the shipped sample site into a fresh SQLite file in the working
directory and prints the events it archived (the site's pages are made by
tests/build_sample_site.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from archive import db
from archive.models import Article, EventVersion
from tests.support.crawl_process import REPO_ROOT

# Real crawls in child processes: seconds each.
pytestmark = pytest.mark.slow


def test_demo_crawls_the_sample_site_into_a_fresh_file(tmp_path: Path) -> None:
    users_archive = tmp_path / "archive.sqlite"
    users_archive.write_bytes(b"a researcher's archive: never touched")
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    env.pop("ARCHIVE_DATABASE_URL", None)  # as a new user has it
    result = subprocess.run(
        [sys.executable, "-c", "from archive.cli import main; main()", "demo"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert users_archive.read_bytes() == b"a researcher's archive: never touched"
    demo_db = tmp_path / "archive-demo.sqlite"
    engine, sessions = db.open_archive(f"sqlite:///{demo_db}")
    try:
        with sessions() as s:
            titles = list(s.scalars(select(Article.title)))
            events = s.scalar(
                select(func.count())
                .select_from(EventVersion)
                .where(EventVersion.valid_to.is_(None))
            )
    finally:
        engine.dispose()
    # Three sample articles (one linked in both URL shapes and with tracking parameters).
    assert len(titles) == 3
    assert "3 new articles" in result.stdout and "finished" in result.stdout
    assert events is not None and events >= 3
    assert f"{events} events found" in result.stdout
    for title in titles:
        assert title is not None and title in result.stdout
