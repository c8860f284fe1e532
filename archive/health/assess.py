"""Judging a crawl run: its figures against its site's own recent history.

The history of a run is the site's earlier *finished* crawl runs (same spider, same site
domain) that were judged; for every check but ``stale``, only those run with the same
``revisit``, ``walk`` and ``since`` (a weekly ``revisit=all`` is another kind of run). When
fewer than ``min_history`` of them passed a check but at least that many judged it, the
baseline is the median of all of them: what every run of a site has is its normal. A check's baseline is the median of its figure over the last
``runs`` of them in which that check passed: a run that failed a check does not drag the
baseline towards the fault, so a broken layout keeps alarming until it is fixed. With fewer
than ``min_history`` such runs the check's fixed default is the baseline, and the verdict
says so.
"""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.health.checks import BY_NAME, CHECKS, judge, median
from archive.health.figures import run_figures
from archive.health.settings import HealthSettings
from archive.models import CrawlRun
from archive.timeutil import utcnow

HISTORY_SCAN = 400  # earlier runs of the spider read to find the site's history


def site_of(run: CrawlRun) -> str:
    """The site a run crawled (its spider's domain, or the spider's name if it gave none)."""
    return str((run.arguments or {}).get("site_domain") or run.spider)


def earlier_runs(session: Session, run: CrawlRun) -> list[CrawlRun]:
    """The site's earlier finished, judged crawl runs, newest first."""
    rows = session.scalars(
        select(CrawlRun)
        .where(
            CrawlRun.spider == run.spider,
            CrawlRun.id != run.id,
            CrawlRun.started_at <= run.started_at,
            CrawlRun.status == "finished",
        )
        .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
        .limit(HISTORY_SCAN)
    )
    site = site_of(run)
    return [r for r in rows if r.health and site_of(r) == site]


# Arguments that change what a run fetches: a weekly ``revisit=all`` run is judged against
# the site's other ``revisit=all`` runs, not against its nightly ones.
KIND_ARGUMENTS = {"revisit": "recent", "walk": "incremental", "since": ""}  # and defaults


def run_kind(run: CrawlRun) -> tuple[str, ...]:
    args = run.arguments or {}
    return tuple(str(args.get(k) or default) for k, default in KIND_ARGUMENTS.items())


def _days(a: datetime, b: datetime) -> float:
    return round((a - b).total_seconds() / 86400, 2)


def _stale(run: CrawlRun, earlier: list[CrawlRun], settings: HealthSettings) -> dict[str, Any]:
    """Days since the site's last new article, against its usual gap between new articles."""
    check = BY_NAME["stale"]
    with_new = [r.started_at for r in reversed(earlier) if (r.counts or {}).get("new_articles")]
    new_now = bool((run.counts or {}).get("new_articles"))
    if new_now:
        since = 0.0
    elif with_new:
        since = _days(run.started_at, with_new[-1])
    else:
        since = _days(run.started_at, earlier[-1].started_at) if earlier else 0.0
    times = [*with_new, run.started_at] if new_now else with_new
    gaps = [_days(b, a) for a, b in pairwise(times)][-settings.runs :]
    out: dict[str, Any] = {"check": check.name, "title": check.title, "figure": since}
    if len(gaps) >= max(1, settings.min_history):
        usual = median(gaps)
        limit = max(settings.stale_min_days, settings.stale_factor * usual)
        out["basis"] = (
            f"median gap (days) between the site's last {len(gaps)} runs with new articles"
        )
        out["baseline"] = round(usual, 2)
    else:
        limit = settings.stale_days
        out["basis"] = (
            f"fixed default: only {len(gaps)} gap(s) between runs with new articles to learn "
            f"from (ARCHIVE_HEALTH_STALE_DAYS={settings.stale_days:g})"
        )
        out["baseline"] = settings.stale_days
    out["limit"] = round(limit, 2)
    out["status"] = "fail" if since > limit else "ok"
    return out


def assess_run(
    session: Session, run_id: int, settings: HealthSettings | None = None
) -> dict[str, Any]:
    """The health record of a run (not stored: see :func:`record_health`)."""
    settings = settings or HealthSettings.from_env()
    run = session.get_one(CrawlRun, run_id)
    figures, urls = run_figures(session, run)
    earlier = earlier_runs(session, run)
    stale = _stale(run, earlier, settings)
    figures["days_since_new_article"] = stale["figure"]
    results = [stale]
    kind = run_kind(run)
    comparable = [r for r in earlier if run_kind(r) == kind]
    for check in CHECKS:
        if check.kind == "stale":
            continue
        passed = _history(comparable, check.name, check.figure, ("ok",))
        judged = _history(comparable, check.name, check.figure, ("ok", "fail"))
        result = judge(check, figures, passed, settings, judged)
        if result["status"] == "fail" and urls.get(check.name):
            result["urls"] = urls[check.name]
        results.append(result)
    for result in results:
        hint = BY_NAME[result["check"]].hint
        if result["status"] == "fail" and hint:
            result["hint"] = hint
    failed = [r["check"] for r in results if r["status"] == "fail"]
    record: dict[str, Any] = {
        "verdict": "unhealthy" if failed else "healthy",
        "failed": failed,
        "judged_at": utcnow().isoformat(),
        "site": site_of(run),
        "history_runs": len(comparable),
        "settings": settings.as_record(),
        "figures": figures,
        "checks": results,
    }
    if not comparable:
        record["note"] = (
            "first judged run of this site (with these arguments): judged against the fixed defaults"
        )
    return record


def _status(health: dict[str, Any], name: str) -> str | None:
    for result in health.get("checks", ()):
        if result.get("check") == name:
            return str(result.get("status"))
    return None


def _history(
    runs: list[CrawlRun], name: str, figure: str, statuses: tuple[str, ...]
) -> list[float]:
    """A check's figure in the runs (newest first) whose verdict on it was one of ``statuses``."""
    out: list[float] = []
    for run in runs:
        health = run.health or {}
        value = health.get("figures", {}).get(figure)
        if value is not None and _status(health, name) in statuses:
            out.append(float(value))
    return out


def record_health(
    session: Session, run_id: int, settings: HealthSettings | None = None
) -> dict[str, Any]:
    """Judge a run and store the verdict on it (``crawl_runs.health``)."""
    record = assess_run(session, run_id, settings)
    session.get_one(CrawlRun, run_id).health = record
    session.flush()
    return record
