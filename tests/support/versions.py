"""Checks on the stored versions that every writer must keep true."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from archive.models import Article, Event, EventVersion


def assert_versions_carry_their_site(engine: Engine) -> int:
    """Every version's and every event's ``source_id`` is its article's site (the copies the
    site filter reads, models.EventVersion.source_id and models.Event.source_id); returns how many versions were checked, so a caller can
    insist that there were some."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(EventVersion.id, EventVersion.source_id, Article.source_id)
            .join(Event, EventVersion.event_id == Event.id)
            .join(Article, Event.article_id == Article.id)
        ).all()
        total = conn.scalar(select(func.count()).select_from(EventVersion))
        events = conn.execute(
            select(Event.id, Event.source_id, Article.source_id).join(
                Article, Event.article_id == Article.id
            )
        ).all()
    wrong = [(v, copied, real) for v, copied, real in rows if copied != real]
    assert not wrong, f"versions whose source_id is not their article's site: {wrong[:5]}"
    assert len(rows) == total
    wrong = [(e, copied, real) for e, copied, real in events if copied != real]
    assert not wrong, f"events whose source_id is not their article's site: {wrong[:5]}"
    assert events
    return len(rows)
