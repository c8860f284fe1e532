"""The words every figure carries: a title naming the filters, a caption naming the rules
version, the archive's moment and how many events are (and are not) drawn."""

from __future__ import annotations

from datetime import datetime

from archive.export import Cut, Filters
from archive.timeutil import utcnow
from scraper.parsers import PARSER_VERSION


def filters_text(filters: Filters) -> str:
    """``type rally, march; place London; 2016-01-01 to 2016-12-31`` (empty: every event)."""
    parts: list[str] = []
    if filters.types:
        parts.append("type " + ", ".join(filters.types))
    if filters.places:
        parts.append("place " + ", ".join(filters.places))
    if filters.sites:
        parts.append("site " + ", ".join(filters.sites))
    if filters.min_size is not None:
        parts.append(f"at least {filters.min_size} people")
    if filters.date_from or filters.date_to:
        start = filters.date_from.isoformat() if filters.date_from else "…"
        end = filters.date_to.isoformat() if filters.date_to else "…"
        parts.append(f"{start} to {end}")
    if filters.article_id is not None:
        parts.append(f"article {filters.article_id}")
    return "; ".join(parts)


def title(what: str, filters: Filters) -> str:
    chosen = filters_text(filters)
    return f"{what}: {chosen}" if chosen else f"{what}: all events"


def moment(cut: Cut, now: datetime | None = None) -> str:
    if cut.release and cut.at is not None:
        return f"release {cut.release}, as of {cut.at:%Y-%m-%d %H:%M} UTC"
    if cut.at is not None:
        return f"as of {cut.at:%Y-%m-%d %H:%M} UTC"
    if cut.parser_version is not None:
        return f"as rules {cut.parser_version} left each article"
    return f"as of {(now or utcnow()):%Y-%m-%d %H:%M} UTC"


def caption(cut: Cut, drawn: int, left_out: int, left_out_why: str) -> str:
    text = f"campaign-archive, rules version {PARSER_VERSION}, {moment(cut)}. {drawn} events"
    if left_out:
        text += f"; {left_out} {left_out_why} not drawn"
    return text + "."
