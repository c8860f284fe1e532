"""Generated crawl histories: a series of crawl runs of one site recorded through the
archive's own ingest (``record_page`` with the real rules, the crawl's run bookkeeping and
the health checks), without Scrapy: a real crawl against a mirror takes seconds, a generated
run a fraction of one.

Each run is planned as the pages a crawl would have fetched (new articles rendered in a
layout, revisits answered 304 or 5xx, dead links); the run's Scrapy-side counts (responses
by status, listings followed and failed) are made from the same plan.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from archive import store
from archive.db import unit_of_work
from archive.health import HealthSettings, record_health
from archive.ingest.contract import FailedFetch, FetchedPage, Page
from archive.ingest.counts import Counts
from archive.ingest.parsing import ParseTask, parse_page
from archive.ingest.record import Runs, record_page
from archive.models import CrawlRun, ParseRun
from scraper.parsers.registry import current_rules
from tests.support.mirror import roundup_spec
from tests.support.sitegen import render_page

SITE = "socialistparty.org.uk"
SPIDER = "socialist"
T0 = datetime(2026, 10, 1, 2, 0, tzinfo=UTC)


def article_url(n: int) -> str:
    published = date(2026, 9, 1) + timedelta(days=n // 5)
    return f"https://www.{SITE}/articles/{7000 + n}/{published:%d-%m-%Y}/roundup-{n}/"


def roundup_page(n: int, redesigned: bool = False) -> bytes:
    """Roundup ``n`` as The Socialist renders it; ``redesigned``: as after a redesign that
    renamed the body's class and runs the reports together in one paragraph (the site's
    selectors miss, the generic path finds one report where there were three)."""
    url = article_url(n)
    body = render_page("socialistparty", roundup_spec(n, url, date(2026, 9, 1))).body
    if not redesigned:
        return body
    body = body.replace(b"articleBody", b"story-text")
    found = re.search(rb'<div class="story-text[^>]*>(.*?)</div>', body, re.S)
    assert found is not None
    inner = found.group(1)
    text = b" ".join(re.sub(rb"<[^>]+>", b" ", inner).split())
    return body.replace(inner, b"<p>" + text + b"</p>")


@dataclass
class RunPlan:
    """What one crawl fetched: new article numbers (in the old or new layout), revisits of
    earlier articles (answered ``revisit_status``: 304 unchanged, 5xx failed), dead links
    (404), listings (and how many of them failed)."""

    new: list[int] = field(default_factory=list)
    redesigned: bool = False
    revisits: list[int] = field(default_factory=list)
    revisit_status: int = 304
    dead_links: int = 0
    listings: int = 2
    listings_failed: int = 0


def record_run(
    sessions: sessionmaker[Session],
    plan: RunPlan,
    at: datetime,
    settings: HealthSettings | None = None,
) -> CrawlRun:
    """Record one planned run as the crawl's ingest would, judged; the run (detached)."""
    rules = current_rules()
    with unit_of_work(sessions) as s:
        run = store.start_crawl_run(s, spider=SPIDER, arguments={"site_domain": SITE})
        run.started_at = at
        parse_run = store.start_parse_run(
            s, parser_version=rules.version, options={"crawl_run_id": run.id, "spider": SPIDER}
        )
        parse_run.started_at = at
        runs = Runs(run.id, parse_run.id, rules.version)
    counts = Counts()
    statuses: Counter[str] = Counter({"200": plan.listings - plan.listings_failed})
    if plan.listings_failed:
        statuses["500"] += plan.listings_failed
    pages: list[tuple[Page, Any]] = []
    when = at
    for n in plan.new:
        when += timedelta(seconds=1)
        body = roundup_page(n, plan.redesigned)
        page = FetchedPage(article_url(n), 200, body, when, SITE, "text/html; charset=utf-8")
        pages.append((page, parse_page(rules, ParseTask(body, page.url, None, page.content_type))))
        statuses["200"] += 1
    for n in plan.revisits:
        when += timedelta(seconds=1)
        if plan.revisit_status == 304:
            pages.append((FetchedPage(article_url(n), 304, b"", when, SITE), None))
        else:
            status = plan.revisit_status
            pages.append((FailedFetch(article_url(n), status, f"HTTP {status}", when, SITE), None))
        statuses[str(plan.revisit_status)] += 1
    for d in range(plan.dead_links):
        url = f"https://www.{SITE}/articles/{9000 + d}/01-09-2026/gone-{d}/"
        pages.append((FailedFetch(url, 404, "HTTP 404", when, SITE), None))
        statuses["404"] += 1
    with unit_of_work(sessions) as s:
        for planned, parse in pages:
            with s.begin_nested():
                counts.add(record_page(s, planned, parse, runs))
    responses = sum(statuses.values())
    crawl_counts: dict[str, Any] = {
        "requests": responses,
        "responses": responses,
        "responses_by_status": dict(sorted((k, v) for k, v in statuses.items() if v)),
        "pages_followed": {"listing": plan.listings},
        "pages_failed": {"listing": plan.listings_failed} if plan.listings_failed else {},
        **counts.crawl_run(),
        "close_reason": "finished",
    }
    with unit_of_work(sessions) as s:
        store.finish_crawl_run(s, run.id, status="finished", counts=crawl_counts)
        store.finish_parse_run(s, parse_run.id, status="finished", counts=counts.parse_run())
        s.get_one(CrawlRun, run.id).finished_at = at + timedelta(minutes=5)
        s.get_one(ParseRun, parse_run.id).finished_at = at + timedelta(minutes=5)
        record_health(s, run.id, settings)
    with sessions() as s:
        done = s.get_one(CrawlRun, run.id)
        s.expunge(done)
        return done


def scenario(runs: int = 14) -> list[RunPlan]:
    """Nightly crawls of a site publishing 5 roundups a night: its layout changes at run 6
    (reports run together, selectors miss), it stops publishing at run 9 (each night then
    re-checks its recent articles, 304, and meets two dead links), and at run 12 its server
    answers the revisits with 500s; run 13 on it is quiet again."""
    plans: list[RunPlan] = []
    for i in range(1, runs + 1):
        if i <= 8:
            new = list(range((i - 1) * 5, i * 5))
            plans.append(RunPlan(new=new, redesigned=i >= 6, revisits=new[:2]))
        else:
            plans.append(
                RunPlan(
                    revisits=list(range(30, 40)),
                    revisit_status=500 if i == 12 else 304,
                    dead_links=2,
                )
            )
    return plans


def nightly(i: int) -> datetime:
    """The start of the i-th nightly run (1-based)."""
    return T0 + timedelta(days=i - 1)
