"""A real crawl judged against a generated history: the run a crawl records gives the same
figures as the history's runs, and a redesign of the site's new articles is caught
(tests/support/histories.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from archive import db
from archive.models import CrawlRun
from tests.support.crawl_process import run_crawl
from tests.support.histories import RunPlan, article_url, nightly, record_run, roundup_page
from tests.support.mirror import MirrorSite, serve

pytestmark = pytest.mark.slow  # a real crawl in a child process


def test_a_real_crawl_of_a_redesigned_site_is_unhealthy(db_url: str) -> None:
    engine, sessions = db.open_archive(db_url)
    try:
        # The pages' chrome links six articles the mirror does not have: every crawl of it,
        # the history's included, meets those six dead links.
        for i in range(1, 6):
            plan = RunPlan(new=list(range((i - 1) * 5, i * 5)), dead_links=6)
            record_run(sessions, plan, nightly(i))
        site = MirrorSite()
        new = [article_url(n) for n in range(25, 30)]
        for n, url in zip(range(25, 30), new, strict=True):
            site.add(urlsplit(url).path, roundup_page(n, redesigned=True))
        site.add_listing("/", "The Socialist", [urlsplit(u).path for u in new])
        # Every other page of the site (its listings and menus) is there, with no links.
        site.add_dynamic(r"/(?!articles/).*", lambda _m: b"<html><body><p>Menu</p></body></html>")
        with serve(site):
            result = run_crawl("socialist", db_url, {"base_url": site.base_url})
        assert result.returncode == 0, result.stderr[-3000:]
        with sessions() as s:
            run = s.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).one()
        assert run.status == "finished" and run.health is not None
        # (which fields the generic path still finds in run-together text is the rules' business)
        failed = set(run.health["failed"])
        assert {"events_per_article", "selectors"} <= failed
        assert failed <= {"events_per_article", "selectors", "reporter_coverage", "place_coverage"}
        assert run.health["history_runs"] == 5
        # The six dead links alarm the first three runs (fixed defaults), then are learnt
        # as the site's normal.
        with sessions() as s:
            early = [
                (r.health or {})["failed"]
                for r in s.scalars(select(CrawlRun).order_by(CrawlRun.id))
            ]
        assert early[:5] == [["fetch_errors", "http_4xx"]] * 3 + [[]] * 2
        figures = run.health["figures"]
        assert (figures["new_articles"], figures["fell_back"]) == (5, 5)
        assert figures["events_per_new_article"] < 1.5  # three reports a page before
        assert "health: unhealthy (" in result.stderr
    finally:
        engine.dispose()
