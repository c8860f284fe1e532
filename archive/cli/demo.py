"""`archive demo`: the whole pipeline in under a minute, without the internet.

Serves the sample site shipped in scraper/sample_site/ on 127.0.0.1, crawls it with the real
`socialist` spider (a `scrapy crawl` child process, exactly as cron runs it) into a fresh
SQLite archive in the working directory, and returns the events the crawl archived.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import db, store
from archive.errors import ArchiveError
from archive.ingest.crawl_runs import describe
from archive.models import Article, CrawlRun, Event

DEMO_DATABASE = "archive-demo.sqlite"
CRAWL_TIMEOUT_S = 120
# The sample roundups date from May 2024; older articles linked from their sidebars are not
# fetched (what `-a since=` is for).
DEMO_SINCE = "2024-01-01"


@dataclass(frozen=True)
class DemoEvent:
    article_title: str
    article_url: str
    event_date: str | None
    place: str | None
    event_type: str
    attendance: int | None
    reporter: str | None


@dataclass(frozen=True)
class DemoResult:
    database: Path
    site_url: str
    crawl_summary: str
    crawl_ok: bool
    events: list[DemoEvent]
    log: str


def _load_site() -> dict[str, tuple[bytes, str]]:
    """URL path -> (bytes, Content-Type), from the package's sample_site files."""
    package = resources.files("scraper.sample_site")
    routes = json.loads(package.joinpath("routes.json").read_text(encoding="utf-8"))
    return {
        path: (package.joinpath(route["file"]).read_bytes(), route["content_type"])
        for path, route in routes.items()
    }


@contextmanager
def serve_sample_site() -> Iterator[str]:
    """Serve the sample site on a free port of 127.0.0.1; yields its base URL."""
    pages = _load_site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = pages.get(urlsplit(self.path).path)
            body, ctype = page if page else (b"<h1>Not found</h1>", "text/html")
            self.send_response(200 if page else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def run_demo(database: Path) -> DemoResult:
    """Crawl the sample site into ``database`` (created fresh) and read back its events."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{database.resolve()}"
    db.upgrade(url)
    env = dict(os.environ)
    env.update(
        ARCHIVE_DATABASE_URL=url,
        SCRAPY_SETTINGS_MODULE="scraper.settings",
        ARCHIVE_CONTACT=env.get("ARCHIVE_CONTACT") or "archive demo (local sample site)",
    )
    with serve_sample_site() as site_url:
        command = [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "socialist",
            "-a",
            f"base_url={site_url}",
            "-a",
            f"since={DEMO_SINCE}",
            "-s",
            "AUTOTHROTTLE_ENABLED=0",
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "LOG_LEVEL=INFO",
        ]
        try:
            proc = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=CRAWL_TIMEOUT_S
            )
        except subprocess.TimeoutExpired as exc:
            raise ArchiveError(f"the demo crawl took over {CRAWL_TIMEOUT_S} s; gave up") from exc
    engine, sessions = db.open_archive(url)
    try:
        with sessions() as session:
            run = session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).first()
            if run is None:
                raise ArchiveError("the demo crawl did not start; its log:\n" + proc.stderr[-2000:])
            events = _events(session)
            summary, ok = describe(run), run.status == "finished"
    finally:
        engine.dispose()
    return DemoResult(database, site_url, summary, ok, events, proc.stderr)


def _events(session: Session) -> list[DemoEvent]:
    out: list[DemoEvent] = []
    articles = {a.id: a for a in session.scalars(select(Article))}
    versions = store.current_events(session)
    article_of = {v.id: session.get_one(Event, v.event_id).article_id for v in versions}
    versions.sort(key=lambda v: (articles[article_of[v.id]].published or date.min, v.segment))
    for version in versions:
        article = articles[article_of[version.id]]
        out.append(
            DemoEvent(
                article_title=article.title or article.canonical_url,
                article_url=article.canonical_url,
                event_date=version.event_date.isoformat() if version.event_date else None,
                place=version.place,
                event_type=version.event_type,
                attendance=version.attendance,
                reporter=version.reporter,
            )
        )
    return out
