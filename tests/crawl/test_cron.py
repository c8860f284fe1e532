"""cron/crawl: one run per spider at a time, a log per run, schema upgraded first, and an
exit status judged from the crawl run the archive recorded (not from Scrapy's)."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from archive import db
from archive.models import Article, CrawlRun
from tests.support.crawl_process import REPO_ROOT, TEST_SETTINGS
from tests.support.mirror import MirrorSite, roundup_spec, serve

# Real crawls in child processes: seconds each.
pytestmark = pytest.mark.slow

WRAPPER = REPO_ROOT / "cron" / "crawl"


def cron_crawl(
    tmp_path: Path,
    db_url: str,
    *args: str,
    timeout: float = 120,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    environ = dict(os.environ)
    environ.update(
        ARCHIVE_DATABASE_URL=db_url,
        ARCHIVE_LOG_DIR=str(tmp_path / "logs"),
        ARCHIVE_PYTHON=sys.executable,
        PYTHONPATH=str(REPO_ROOT),
        **(env or {}),
    )
    settings = [a for k, v in TEST_SETTINGS.items() for a in ("-s", f"{k}={v}")]
    return subprocess.run(
        [str(WRAPPER), *args, *settings],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def logs(tmp_path: Path, spider: str) -> list[Path]:
    return sorted((tmp_path / "logs" / spider).glob("*.log"))


def test_second_run_of_a_spider_exits_at_once_saying_so(tmp_path: Path) -> None:
    lock_dir = tmp_path / "logs"
    lock_dir.mkdir()
    with open(lock_dir / "crawl-socialist.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a crawl of this spider is running
        result = cron_crawl(tmp_path, f"sqlite:///{tmp_path / 'a.sqlite'}", "socialist")
        assert result.returncode == 75
        assert "already running" in result.stdout
        assert logs(tmp_path, "socialist") == []  # it started nothing,
        assert not (tmp_path / "a.sqlite").exists()  # not even the schema upgrade
        # Another spider is not blocked by this one's lock: it gets as far as its own crawl
        # (which fails here, there being nothing at port 9) and writes its own log.
        other = cron_crawl(
            tmp_path,
            f"sqlite:///{tmp_path / 'a.sqlite'}",
            "counterfire",
            "-a",
            "base_url=http://127.0.0.1:9",
        )
        assert other.returncode == 1 and "already running" not in other.stdout
        assert len(logs(tmp_path, "counterfire")) == 1


def test_exit_status_comes_from_the_recorded_run(tmp_path: Path, empty_db_url: str) -> None:
    site = MirrorSite()
    good, gone = "/article/pickets-stand-firm/", "/article/withdrawn-report/"
    empty = "/article/empty-report/"
    site.add_article(
        good, "counterfire", roundup_spec(70, f"https://counterfire.org{good}", date(2024, 3, 2))
    )
    site.add_listing("/", "Counterfire", [good])
    with serve(site):
        # Success: the empty database is upgraded first, the run is judged finished.
        ok = cron_crawl(tmp_path, empty_db_url, "counterfire", "-a", f"base_url={site.base_url}")
        assert ok.returncode == 0, ok.stdout + ok.stderr
        assert "finished" in ok.stdout and "1 new articles" in ok.stdout
        engine, sessions = db.open_archive(empty_db_url)  # the schema is current now
        try:
            with sessions() as s:
                assert s.scalar(select(func.count()).select_from(Article)) == 1
            (log,) = logs(tmp_path, "counterfire")
            assert "Crawl run 1 finished" in log.read_text()

            # A quiet night: nothing new, the one linked article is gone and another is
            # empty. Two dead links are no alarm (this used to exit 1 every such night).
            site.add_listing("/", "Counterfire", [good, gone, empty])
            site.add(empty, b"", content_type="text/html; charset=utf-8")
            quiet = cron_crawl(
                tmp_path, empty_db_url, "counterfire", "-a", f"base_url={site.base_url}"
            )
            assert quiet.returncode == 0, quiet.stdout + quiet.stderr
            assert "health: healthy" in quiet.stdout and "1 fetch errors" in quiet.stdout
            assert "scrapy exited with status 0" in logs(tmp_path, "counterfire")[-1].read_text()

            # No response at all (nothing listens at port 9).
            dead = cron_crawl(
                tmp_path, empty_db_url, "counterfire", "-a", "base_url=http://127.0.0.1:9"
            )
            assert dead.returncode == 1 and "no response at all" in dead.stdout
            with sessions() as s:
                statuses = list(s.scalars(select(CrawlRun.status).order_by(CrawlRun.id)))
            assert statuses == ["finished", "finished", "failed"]
        finally:
            engine.dispose()
    assert len(logs(tmp_path, "counterfire")) == 3


def test_an_unhealthy_run_exits_3_and_notifies(tmp_path: Path, db_url: str) -> None:
    """The two faults the issue measured: a site answering 500 to every request, and a feed
    that answers 404, used to be finished runs with exit status 0."""
    site = MirrorSite(broken=500)
    note = tmp_path / "notified.txt"
    notify = f'{{ echo "$ARCHIVE_NOTIFY_STATUS $ARCHIVE_NOTIFY_SPIDER"; cat; }} >> {note}'
    with serve(site):
        broken = cron_crawl(
            tmp_path,
            db_url,
            "counterfire",
            "-a",
            f"base_url={site.base_url}",
            env={"ARCHIVE_NOTIFY_COMMAND": notify},
        )
        assert broken.returncode == 3, broken.stdout + broken.stderr
        assert "counterfire unhealthy" in broken.stdout
        assert "FAILED http_5xx" in broken.stdout and "FAILED listings" in broken.stdout
        text = note.read_text()
        assert text.startswith("unhealthy counterfire\n")
        assert "share of responses 5xx: 1 vs baseline 0.02" in text
        assert f"look at: {site.base_url}/" in text  # the failed listing's URL

        site.broken = None
        feed = cron_crawl(tmp_path, db_url, "feed", "-a", f"url={site.base_url}/feeds/missing.xml")
        assert feed.returncode == 3, feed.stdout + feed.stderr
        assert "FAILED listings" in feed.stdout and "hard limit" in feed.stdout
    assert note.read_text().count("unhealthy") >= 2
