"""The real `socialist` spider against a local mirror, on both backends: first crawl,
unchanged re-crawl (304s), a corrected article, and a crawl killed with SIGKILL half-way."""

from __future__ import annotations

import os
import signal
import time
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from archive.models import (
    Article,
    ArticleURL,
    CrawlRun,
    Event,
    EventVersion,
    Fetch,
    ParseRun,
    Snapshot,
)
from archive.store import snapshot_body
from tests.conftest import Archive
from tests.support.crawl_process import descendant_pids, pid_exists, run_crawl, start_crawl
from tests.support.mirror import (
    SINCE,
    MirrorSite,
    SocialistMirror,
    serve,
    socialist_mirror,
    sp_path,
)
from tests.support.reparse_rules import BROKEN_MARKER, CRASH_MARKER, page, report
from tests.support.versions import assert_versions_carry_their_site

# Real crawls in child processes: seconds each.
pytestmark = pytest.mark.slow


def crawl(archive: Archive, mirror: SocialistMirror, **args: str) -> CrawlRun:
    """Crawl the mirror to the end and return the crawl run it recorded."""
    result = run_crawl(
        "socialist",
        archive.url,
        {"base_url": mirror.site.base_url, "since": SINCE.isoformat(), **args},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    with archive.sessions() as s:
        run = s.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).one()
    assert run.status == "finished", (run.error, result.stderr[-4000:])
    return run


def count(archive: Archive, model: Any) -> int:
    with archive.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def snapshots_by_path(archive: Archive, mirror: SocialistMirror) -> dict[str, int]:
    """role -> number of snapshots of that article."""
    out: dict[str, int] = {}
    with archive.sessions() as s:
        for role, path in mirror.articles.items():
            site_id = path.split("/")[2]
            out[role] = (
                s.scalar(
                    select(func.count())
                    .select_from(Snapshot)
                    .join(Article, Snapshot.article_id == Article.id)
                    .where(Article.site_article_id == site_id)
                )
                or 0
            )
    return out


def test_first_crawl_recrawl_and_correction(archive: Archive) -> None:
    mirror = socialist_mirror()
    site = mirror.site
    with serve(site):
        # --- first crawl --------------------------------------------------------------------
        run = crawl(archive, mirror)
        n = len(mirror.articles)
        assert count(archive, Article) == n
        assert snapshots_by_path(archive, mirror) == dict.fromkeys(mirror.articles, 1)
        c = run.counts
        assert (c["new_articles"], c["new_snapshots"], c["unchanged"]) == (n, n, 0)
        assert (c["not_article"], c["fetch_errors"], c["parse_errors"]) == (1, 1, 0)
        assert c["responses_by_status"]["503"] == 1 and c["robots_forbidden"] == 1
        assert c["events_added"] > 0
        assert c["events_added"] == count(archive, EventVersion) == count(archive, Event)

        # One article under two URL shapes (one with tracking parameters): fetched once.
        two = mirror.articles["two_shapes"]
        assert len(site.hits_for(two)) + len(site.hits_for(mirror.paths["issue_shape"])) == 1
        assert not [h for h in site.hits if "utm_" in h.path]
        # robots.txt obeyed; nothing dated before `since` fetched; the 404 fetched once.
        assert site.hits_for(mirror.paths["disallowed"]) == []
        assert site.hits_for(mirror.paths["old"]) == []
        assert site.statuses(mirror.paths["missing"]) == [404]
        # 503 once, then the page, no sooner than Retry-After (1 s) allowed.
        busy = site.hits_for(mirror.articles["busy"])
        assert [h.status for h in busy] == [503, 200]
        assert busy[1].at - busy[0].at >= 0.9
        # The redirect's target is archived; the user agent says who we are.
        assert site.statuses(mirror.paths["redirect_from"]) == [301]
        assert "crawl-tests@example.invalid" in site.hits_for("/")[0].headers["user-agent"]

        with archive.sessions() as s:

            def fetched(outcome: str) -> list[str]:
                rows = s.scalars(select(Fetch.url).where(Fetch.outcome == outcome))
                return [urlsplit(url).path for url in rows]

            assert fetched("error") == [mirror.paths["missing"]]
            # Pages served by the mirror are archived (and parsed) as the site's own.
            hosts = {urlsplit(u).netloc for u in s.scalars(select(Snapshot.url))}
            assert hosts == {"www.socialistparty.org.uk"}
            assert fetched("not_article") == [mirror.paths["empty"]]
            # Raw bytes kept as served: the windows-1252 page, the large one, the broken one.
            for role in ("cp1252", "large", "malformed"):
                site_id = mirror.articles[role].split("/")[2]
                snap = s.scalars(
                    select(Snapshot).join(Article).where(Article.site_article_id == site_id)
                ).one()
                assert snapshot_body(snap) == site.pages[mirror.articles[role]].body
            cp = s.scalars(
                select(Snapshot)
                .join(Article)
                .where(Article.site_article_id == mirror.articles["cp1252"].split("/")[2])
            ).one()
            assert cp.content_type == "text/html; charset=windows-1252"
            assert cp.etag and cp.last_modified
        versions_before = count(archive, EventVersion)

        # --- unchanged re-crawl, every known article revisited: all answered 304 ------------
        site.clear_hits()
        run = crawl(archive, mirror, revisit="all")
        assert run.counts["not_modified"] == n
        assert run.counts["new_snapshots"] == 0 and run.counts["new_articles"] == 0
        for path in mirror.articles.values():
            assert site.statuses(path) == [304], path
        assert snapshots_by_path(archive, mirror) == dict.fromkeys(mirror.articles, 1)
        assert count(archive, EventVersion) == versions_before

        # --- the editor corrects one crowd size in one report ----------------------------------
        mirror.correct_attendance("plain", report=1, attendance=987)
        site.clear_hits()
        run = crawl(archive, mirror, revisit="all")
        assert run.counts["new_snapshots"] == 1
        assert run.counts["not_modified"] == n - 1
        expected = dict.fromkeys(mirror.articles, 1) | {"plain": 2}
        assert snapshots_by_path(archive, mirror) == expected
        assert (run.counts["events_changed"], run.counts["events_added"]) == (1, 0)
        assert run.counts["events_closed"] == 0
        assert count(archive, EventVersion) == versions_before + 1
        with archive.sessions() as s:
            closed = s.scalars(select(EventVersion).where(EventVersion.valid_to.is_not(None))).one()
            new = s.scalars(
                select(EventVersion).where(
                    EventVersion.event_id == closed.event_id, EventVersion.valid_to.is_(None)
                )
            ).one()
            assert "987" in new.text and "987" not in closed.text
            assert new.attendance == 987
        assert assert_versions_carry_their_site(archive.engine) == versions_before + 1


def test_sigkill_half_way_then_rerun(archive: Archive) -> None:
    # Enough pages that the crawl outlasts the writer's start-up and its first group commits:
    # the kill then comes half-way, with pages archived and pages not yet fetched.
    mirror = socialist_mirror(delay=0.3, extra_articles=30, large_paragraphs=0)
    n = len(mirror.articles)
    args = {"base_url": "", "since": SINCE.isoformat()}
    with serve(mirror.site):
        args["base_url"] = mirror.site.base_url
        proc = start_crawl("socialist", archive.url, args)
        try:
            deadline = time.monotonic() + 60
            while count(archive, Snapshot) < 3:
                assert proc.poll() is None, "the crawl ended before it could be killed"
                assert time.monotonic() < deadline, "the crawl archived nothing in 60 s"
                time.sleep(0.05)
            # The archive process, its parser process, multiprocessing's helpers.
            workers = descendant_pids(proc.pid)
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait(timeout=30)
        assert len(workers) >= 3, "the crawl archives and parses in processes of its own"
        # Nothing of the killed crawl keeps running: its workers notice and leave.
        deadline = time.monotonic() + 10
        while any(pid_exists(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if pid_exists(pid)], "a worker outlived the crawl"
        with archive.sessions() as s:
            dead = s.scalars(select(CrawlRun)).one()
            stored = set(s.scalars(select(Article.site_article_id)))
        assert dead.status == "running"  # nobody could close it
        assert 3 <= len(stored) < n
        killed_at = time.monotonic()

        for page in mirror.site.pages.values():
            page.delay = 0
        run = crawl(archive, mirror)

    with archive.sessions() as s:
        dead = s.get_one(CrawlRun, dead.id)
        assert dead.status == "failed" and "killed" in (dead.error or "")
        assert dead.finished_at is not None
        # Its parse run too: the re-run closed both.
        parse_runs = {r.options["crawl_run_id"]: r for r in s.scalars(select(ParseRun))}
        assert parse_runs[dead.id].status == "failed"
        assert parse_runs[run.id].status == "finished"
        # Nothing lost, nothing twice: every article once, one snapshot each, each event
        # with exactly one version.
        assert count(archive, Article) == n
        assert snapshots_by_path(archive, mirror) == dict.fromkeys(mirror.articles, 1)
        per_article = s.execute(
            select(Article.site_article_id, func.count(ArticleURL.id))
            .join(ArticleURL)
            .group_by(Article.site_article_id)
        ).all()
        assert len(per_article) == n
        assert count(archive, EventVersion) == count(archive, Event) > 0
    # The articles archived before the kill were not fetched again.
    for path in mirror.articles.values():
        site_id = path.split("/")[2]
        if site_id in stored:
            assert not [h for h in mirror.site.hits_for(path) if h.at > killed_at], path
    assert run.counts["new_articles"] == n - len(stored)
    assert run.counts["skipped_known"] >= 1


@pytest.mark.parametrize("parse_processes", ["1", "0"])
def test_pages_that_break_the_parser_are_archived_with_the_error(
    archive: Archive, parse_processes: str
) -> None:
    """A parse that raises leaves the page archived with the error. One that kills the
    process parsing it (twice: it is retried in a fresh one) is archived with the error when
    a parser process was killed; when the archive process parsed it itself, the page cannot
    be archived and the run says so. Either way the pages queued around it are archived
    normally and the crawl goes to the end."""
    site = MirrorSite()
    published = date(2024, 3, 6)
    texts = {
        "first": "Around 40 people came to a rally in Hull to defend the bus routes.",
        "broken": f"Around 55 people joined a picket in Luton. {BROKEN_MARKER}",
        "crash": f"Around 70 people came to a meeting in Exeter. {CRASH_MARKER}",
        "last": "Around 25 people held a stall in Carlisle for the rent freeze petition.",
    }
    paths = {role: sp_path(7100 + i, published, role) for i, role in enumerate(texts)}
    for role, text in texts.items():
        filler = "Branch members then planned leafleting in every ward for the next month."
        site.add(paths[role], page(report(f"Report {role}", text, filler), title=role))
    site.add_listing("/", "Home", list(paths.values()))
    site.allow_robots()
    with serve(site):
        result = run_crawl(
            "socialist",
            archive.url,
            {"base_url": site.base_url},
            settings={
                "ARCHIVE_RULES": "tests.support.reparse_rules:CRASHING_T1",
                "ARCHIVE_PARSE_PROCESSES": parse_processes,
            },
        )
    assert result.returncode == 0, result.stderr[-4000:]
    with archive.sessions() as s:
        run = s.scalars(select(CrawlRun)).one()
        errors = {
            snap.url.rsplit("/", 2)[-2]: snap.parse_error
            for snap in s.scalars(select(Snapshot).order_by(Snapshot.id))
        }
    assert errors["first"] is None and errors["last"] is None
    assert errors["broken"] == "ValueError: the test rules cannot read this page"
    c = run.counts
    assert (c["parsed"], c["events_added"], count(archive, EventVersion)) == (2, 2, 2)
    if parse_processes == "1":
        assert run.status == "finished", run.error
        assert "parser process died" in (errors["crash"] or "")
        assert (c["new_snapshots"], c["parse_errors"], c["pipeline_errors"]) == (4, 2, 0)
    else:
        assert "crash" not in errors
        assert run.status == "failed" and "1 page(s) could not be archived" in (run.error or "")
        assert "archive process died" in (run.error or "")
        assert (c["new_snapshots"], c["parse_errors"], c["pipeline_errors"]) == (3, 1, 1)
