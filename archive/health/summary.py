"""A run's health in a few lines a person reads in a cron mail: what failed, its figure
against the baseline, and which URLs to look at."""

from __future__ import annotations

from typing import Any

from archive.health.checks import CHECKS


def _num(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def check_line(result: dict[str, Any]) -> str:
    """``title: figure vs baseline B (basis; limit L)``."""
    limit = result.get("limit")
    kind = "over" if result.get("check") in _RISING else "under"
    text = (
        f"{result.get('title', result.get('check'))}: {_num(result.get('figure'))} vs baseline "
        f"{_num(result.get('baseline'))} ({result.get('basis', '')}"
    )
    if limit is not None:
        text += f"; fails {kind} {_num(limit)}"
    text += ")"
    if result.get("note"):
        text += f"; {result['note']}"
    return text


def health_summary(health: dict[str, Any] | None) -> list[str]:
    """The lines of a run's health verdict (empty when it was not judged)."""
    if not health:
        return []
    checks = health.get("checks", [])
    failed = [r for r in checks if r.get("status") == "fail"]
    head = f"health: {health.get('verdict')}"
    if failed:
        head += f" ({len(failed)} of {len(checks)} checks failed: {', '.join(r['check'] for r in failed)})"
    else:
        judged = sum(1 for r in checks if r.get("status") == "ok")
        head += f" ({judged} of {len(checks)} checks judged, none failed)"
    head += f"; history: {health.get('history_runs', 0)} earlier run(s) of {health.get('site')}"
    lines = [head]
    if health.get("note"):
        lines.append(f"  note: {health['note']}")
    for result in failed:
        lines.append(f"  FAILED {result['check']}: {check_line(result)}")
        if result.get("hint"):
            lines.append(f"    what to do: {result['hint']}")
        for url in result.get("urls", []):
            lines.append(f"    look at: {url}")
    return lines


# Checks that fail over their limit (the rest fail under it).
_RISING = frozenset(c.name for c in CHECKS if c.kind != "falls")
