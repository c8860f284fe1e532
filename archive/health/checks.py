"""The health checks, as data: what each judges, which way is bad, and its fixed default.

Why data: tuning a check (its default while a site has no history, a hard limit that fails
whatever the history) is an edit of this table, not of the judging code
(:func:`judge`). Figures are the keys of :func:`archive.health.figures.run_figures`.

Kinds:

- ``falls``: a yield or coverage figure; fails below ``baseline * (1 - drop)``.
- ``rises``: an error share; fails above ``baseline + rise`` once at least ``min_pages`` bad
  pages were seen (a handful of dead links is no alarm), or at once above ``hard``.
- ``stale``: days since the site's last new article; fails beyond ``stale_factor`` times the
  site's usual gap between runs that found new articles (:mod:`archive.health.assess`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from archive.health.settings import HealthSettings

Kind = Literal["falls", "rises", "stale"]


@dataclass(frozen=True)
class Check:
    name: str
    title: str  # what the figure is, in words
    figure: str  # the key of the run's figures judged
    kind: Kind
    default: float  # the baseline while the site has too little history
    # Judged only when figures[gate] >= the setting named by gate_min (a share of nothing
    # means nothing); for ``rises``, bad = the count of bad pages the share is made of.
    gate: str = ""
    gate_min: str = ""
    bad: str = ""
    hard: float | None = None  # rises: fails at or above this whatever the baseline
    hint: str = ""  # what to look at when it fails


# The defaults are lenient: many sites never date or size their reports, so a site's first
# runs alarm only on what is wrong anywhere; its own history sets the real bar.
CHECKS: tuple[Check, ...] = (
    Check(
        "stale",
        "days since the site's last new article",
        "days_since_new_article",
        "stale",
        0.0,
        hint="is the site still publishing? do its listings still link new articles?",
    ),
    Check(
        "events_per_article",
        "events per new article",
        "events_per_new_article",
        "falls",
        1.0,
        gate="new_article_snapshots",
        gate_min="min_articles",
        hint="new articles give few events: a layout change? parse one with `archive parse`",
    ),
    Check(
        "articles_without_events",
        "share of new articles with no events",
        "no_event_share",
        "rises",
        0.5,
        gate="new_article_snapshots",
        gate_min="min_articles",
        hint="articles the rules find no report in",
    ),
    Check(
        "date_coverage",
        "share of new events with a date",
        "date_share",
        "falls",
        0.0,
        gate="new_events",
        gate_min="min_events",
    ),
    Check(
        "place_coverage",
        "share of new events with a place",
        "place_share",
        "falls",
        0.3,
        gate="new_events",
        gate_min="min_events",
    ),
    Check(
        "size_coverage",
        "share of new events with a size",
        "size_share",
        "falls",
        0.0,
        gate="new_events",
        gate_min="min_events",
    ),
    Check(
        "reporter_coverage",
        "share of new events with a reporter",
        "reporter_share",
        "falls",
        0.3,
        gate="new_events",
        gate_min="min_events",
    ),
    Check(
        "selectors",
        "share of the site's pages its selectors no longer match (generic fallback)",
        "fell_back_share",
        "rises",
        0.0,
        gate="site_parses",
        bad="fell_back",
        gate_min="min_articles",
        hint="the site's body selector (scraper/parsers/sites/) finds nothing: a redesign",
    ),
    Check(
        "parse_errors",
        "share of parsed pages whose parse raised",
        "parse_error_share",
        "rises",
        0.0,
        gate="parsed_pages",
        bad="parse_errors",
        gate_min="min_pages",
    ),
    Check(
        "fetch_errors",
        "share of article requests that failed",
        "fetch_error_share",
        "rises",
        0.05,
        gate="article_fetches",
        bad="fetch_errors",
        gate_min="min_pages",
    ),
    Check(
        "not_articles",
        "share of article requests that gave no article",
        "not_article_share",
        "rises",
        0.1,
        gate="article_fetches",
        bad="not_article",
        gate_min="min_pages",
    ),
    Check(
        "http_4xx",
        "share of responses 4xx",
        "share_4xx",
        "rises",
        0.05,
        gate="responses",
        bad="responses_4xx",
        gate_min="min_pages",
    ),
    Check(
        "http_5xx",
        "share of responses 5xx",
        "share_5xx",
        "rises",
        0.02,
        gate="responses",
        bad="responses_5xx",
        gate_min="min_pages",
        hard=0.5,
        hint="the site is failing: most answers are server errors",
    ),
    Check(
        "listings",
        "share of listing and feed requests that failed",
        "listing_failure_share",
        "rises",
        0.0,
        gate="listing_requests",
        bad="listing_failures",
        gate_min="min_pages",
        hard=1.0,
        hint="listings or the feed fail: nothing new can be discovered",
    ),
)

BY_NAME = {c.name: c for c in CHECKS}


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def judge(
    check: Check,
    figures: dict[str, Any],
    passed: list[float],
    settings: HealthSettings,
    judged: list[float] | None = None,
) -> dict[str, Any]:
    """One check's verdict for a run: ``status`` (ok | fail | not_judged), the figure, the
    baseline it was judged against and how that baseline was found, and the limit.
    ``passed``: the figure in the site's earlier runs that passed this check, newest first;
    ``judged``: in every earlier run that judged it. The baseline is the median of the last
    ``runs`` that passed; with too few of those but enough judged runs, of the judged ones
    (a condition every run of the site has, such as dead links in its menus, is its normal)."""
    figure = figures.get(check.figure)
    out: dict[str, Any] = {"check": check.name, "title": check.title, "figure": figure}
    recent = passed[: settings.runs]
    enough = max(1, settings.min_history)
    everything = (judged or [])[: settings.runs]
    if len(recent) >= enough:
        baseline = median(recent)
        out["basis"] = f"median of the site's last {len(recent)} runs"
    elif len(everything) >= enough:
        baseline = median(everything)
        out["basis"] = (
            f"median of the site's last {len(everything)} runs, failed ones included "
            f"(only {len(recent)} passed)"
        )
    else:
        baseline = check.default
        out["basis"] = (
            f"fixed default: only {len(everything)} earlier run(s) to learn from "
            f"(ARCHIVE_HEALTH_MIN_HISTORY={settings.min_history})"
        )
    out["baseline"] = _round(baseline)
    gate_count = int(figures.get(check.gate, 0) or 0) if check.gate else 0
    bad_count = int(figures.get(check.bad, 0) or 0) if check.bad else 0
    needed = int(getattr(settings, check.gate_min)) if check.gate_min else 0
    if figure is None or (check.gate and gate_count == 0):
        return out | {"status": "not_judged", "note": f"nothing to judge ({check.gate} = 0)"}
    if check.kind == "falls":
        limit = baseline * (1 - settings.drop)
        out["limit"] = _round(limit)
        if gate_count < needed:
            return out | _too_few(check, gate_count, needed)
        out["status"] = "fail" if figure < limit else "ok"
        return out
    limit = baseline + settings.rise
    out["limit"] = _round(limit)
    if check.hard is not None and figure >= check.hard:
        return out | {"status": "fail", "note": f"at or above the hard limit {check.hard}"}
    counted = bad_count if check.bad else gate_count
    if counted < needed:
        # Over the limit on too few pages (a couple of dead links): said, not alarmed.
        note = {"note": _few_note(check, counted, needed)} if figure > limit else {}
        return out | {"status": "ok"} | note
    out["status"] = "fail" if figure > limit else "ok"
    return out


def _too_few(check: Check, count: int, needed: int) -> dict[str, Any]:
    return {"status": "not_judged", "note": f"{check.gate} = {count}, judged from {needed}"}


def _few_note(check: Check, count: int, needed: int) -> str:
    return f"{check.bad or check.gate} = {count}: fewer than {needed}, not an alarm"


def _round(value: float) -> float:
    return round(value, 4)
