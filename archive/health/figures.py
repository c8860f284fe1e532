"""A crawl run's figures: what the health checks judge, from its counts and its rows.

Why from rows as well as counts: "events per new article" and field coverage must be about
the articles this run found for the first time (a revisit's corrections are not a yield),
and the summary must name URLs to look at; both live in the run's snapshots, fetches and
event versions, whoever recorded them (a crawl, an import, a test's generated history).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from archive.models import CrawlRun, EventVersion, Fetch, Snapshot

MAX_URLS = 5  # URLs named per kind of trouble
LISTING_KINDS = ("listing", "sitemap", "feed")
# An event "has a size" when it has a number (attendance = size_low) or words ("hundreds").
_SIZED = or_(EventVersion.attendance.is_not(None), EventVersion.size_text.is_not(None))


def _int(counts: dict[str, Any], key: str) -> int:
    try:
        return int(counts.get(key, 0) or 0)
    except (TypeError, ValueError):
        return 0


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _group_sum(counts: dict[str, Any], key: str, kinds: tuple[str, ...]) -> int:
    group = counts.get(key) or {}
    return sum(int(group.get(k, 0) or 0) for k in kinds) if isinstance(group, dict) else 0


def _classes(group: Any) -> dict[str, int]:
    """{"404": 2, "500": 1} or {"4xx": 2} as {"4xx": 2, "5xx": 1}."""
    out: Counter[str] = Counter()
    if isinstance(group, dict):
        for key, value in group.items():
            out[f"{str(key)[0]}xx"] += int(value or 0)
    return dict(out)


def count_figures(counts: dict[str, Any]) -> dict[str, Any]:
    """The figures a run's counts give on their own."""
    by_status = counts.get("responses_by_status") or {}
    statuses = {str(k): int(v) for k, v in by_status.items()} if isinstance(by_status, dict) else {}
    # Pages the spider wandered to beyond the site's known shapes that answered 4xx/5xx are
    # left out of the HTTP shares: dead links out there are normal (``wander_failures``).
    # So are robots.txt answers (a 404 there means "crawl anything").
    wander = Counter(_classes(counts.get("wander_failures")))
    wander.update(_classes(counts.get("robots_by_status")))
    w4, w5 = wander["4xx"], wander["5xx"]
    responses = max(0, _int(counts, "responses") - w4 - w5)
    r4 = max(0, sum(v for k, v in statuses.items() if k.startswith("4")) - w4)
    r5 = max(0, sum(v for k, v in statuses.items() if k.startswith("5")) - w5)
    attempts = sum(
        _int(counts, k)
        for k in ("new_snapshots", "unchanged", "not_modified", "not_article", "fetch_errors")
    )
    parsed_pages = _int(counts, "parsed") + _int(counts, "parse_errors")
    listing_requests = _group_sum(counts, "pages_followed", LISTING_KINDS)
    listing_failures = _group_sum(counts, "pages_failed", LISTING_KINDS)
    site_parses = _int(counts, "site_parses")
    return {
        "new_articles": _int(counts, "new_articles"),
        "responses": responses,
        "responses_4xx": r4,
        "responses_5xx": r5,
        "share_4xx": _share(r4, responses),
        "share_5xx": _share(r5, responses),
        "article_fetches": attempts,
        "fetch_errors": _int(counts, "fetch_errors"),
        "fetch_error_share": _share(_int(counts, "fetch_errors"), attempts),
        "not_article": _int(counts, "not_article"),
        "not_article_share": _share(_int(counts, "not_article"), attempts),
        "parsed_pages": parsed_pages,
        "parse_errors": _int(counts, "parse_errors"),
        "parse_error_share": _share(_int(counts, "parse_errors"), parsed_pages),
        "listing_requests": listing_requests,
        "listing_failures": listing_failures,
        "listing_failure_share": _share(listing_failures, listing_requests),
        "site_parses": site_parses,
        "fell_back": _int(counts, "fell_back"),
        "fell_back_share": _share(_int(counts, "fell_back"), site_parses),
    }


def new_article_snapshots(session: Session, run_id: int) -> list[tuple[int, str]]:
    """(snapshot id, URL) of the first snapshot of each article this run archived first."""
    touched = select(Snapshot.article_id).where(Snapshot.crawl_run_id == run_id)
    first = (
        select(func.min(Snapshot.id).label("sid"))
        .where(Snapshot.article_id.in_(touched))
        .group_by(Snapshot.article_id)
        .subquery()
    )
    rows = session.execute(
        select(Snapshot.id, Snapshot.url)
        .join(first, first.c.sid == Snapshot.id)
        .where(Snapshot.crawl_run_id == run_id)
        .order_by(Snapshot.id)
    )
    return [(sid, url) for sid, url in rows]


def event_figures(session: Session, run_id: int) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Events per new article, the share of new articles with none, and field coverage of
    the new articles' events (their first parse), with the URLs of articles with no events."""
    snaps = new_article_snapshots(session, run_id)
    ids = [sid for sid, _ in snaps]
    per_snapshot: dict[int, int] = {}
    totals = {"events": 0, "date": 0, "place": 0, "size": 0, "reporter": 0}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        rows = session.execute(
            select(
                EventVersion.snapshot_id,
                func.count(),
                func.count(EventVersion.event_date),
                func.count(EventVersion.place),
                func.sum(case((_SIZED, 1), else_=0)),
                func.count(EventVersion.reporter),
            )
            .where(EventVersion.snapshot_id.in_(chunk))
            .group_by(EventVersion.snapshot_id)
        )
        for sid, n, dated, placed, sized, reported in rows:
            per_snapshot[sid] = int(n)
            totals["events"] += int(n)
            totals["date"] += int(dated)
            totals["place"] += int(placed)
            totals["size"] += int(sized or 0)
            totals["reporter"] += int(reported)
    new = len(snaps)
    empty = [url for sid, url in snaps if not per_snapshot.get(sid)]
    events = totals["events"]
    figures: dict[str, Any] = {
        "new_article_snapshots": new,
        "new_events": events,
        "events_per_new_article": round(events / new, 4) if new else None,
        "new_articles_without_events": len(empty),
        "no_event_share": _share(len(empty), new),
    }
    for field in ("date", "place", "size", "reporter"):
        figures[f"{field}_events"] = totals[field]
        figures[f"{field}_share"] = _share(totals[field], events)
    return figures, {"articles_without_events": empty[:MAX_URLS]}


def trouble_urls(session: Session, run_id: int) -> dict[str, list[str]]:
    """Up to :data:`MAX_URLS` URLs per kind of trouble in the run: failed fetches (with what
    failed), pages that were no article, snapshots whose parse raised."""
    out: dict[str, list[str]] = {}
    for key, outcome in (("fetch_errors", "error"), ("not_articles", "not_article")):
        rows = session.execute(
            select(Fetch.url, Fetch.detail)
            .where(Fetch.crawl_run_id == run_id, Fetch.outcome == outcome)
            .order_by(Fetch.id)
            .limit(MAX_URLS)
        )
        out[key] = [f"{url} ({detail})" if detail else url for url, detail in rows]
    rows = session.execute(
        select(Snapshot.url, Snapshot.parse_error)
        .where(Snapshot.crawl_run_id == run_id, Snapshot.parse_error.is_not(None))
        .order_by(Snapshot.id)
        .limit(MAX_URLS)
    )
    out["parse_errors"] = [f"{url} ({error})" for url, error in rows]
    return out


def run_figures(session: Session, run: CrawlRun) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Every figure of a run, and the URLs to look at per check."""
    counts = run.counts or {}
    figures = count_figures(counts)
    events, urls = event_figures(session, run.id)
    figures.update(events)
    urls.update(trouble_urls(session, run.id))
    failed_pages = counts.get("pages_failed_urls")
    if isinstance(failed_pages, list):
        urls["listings"] = [str(u) for u in failed_pages[:MAX_URLS]]
    return figures, {k: v for k, v in urls.items() if v}
