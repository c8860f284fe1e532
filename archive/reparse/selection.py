"""Which snapshots a reparse parses, streamed in batches, and their bytes for the parser.

Why streamed: snapshot ids come by keyset pagination in short read transactions and bodies are
loaded one batch at a time, so memory and locks stay small however large the archive is.
Selection is by article, oldest snapshot first, so an article's final state is its newest
snapshot's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select, tuple_
from sqlalchemy.orm import Session, sessionmaker

from archive.errors import BadInput
from archive.ingest.parsing import ParseTask
from archive.models import Article, Snapshot, SnapshotParse, Source
from archive.reparse.options import ReparseOptions
from scraper.parsers.registry import Rules
from scraper.urls import bare_domain

# Snapshot ids fetched per query while streaming the selection.
ID_CHUNK = 1000


@dataclass(frozen=True)
class SnapshotRef:
    id: int
    article_id: int


def selection(rules: Rules, options: ReparseOptions) -> Select[int, int, datetime]:
    """The snapshots to parse, as (id, article_id, fetched_at), in processing order: by
    article, oldest snapshot first (so the article's final state is its newest snapshot's)."""
    stmt = select(Snapshot.id, Snapshot.article_id, Snapshot.fetched_at)
    if not options.all_snapshots:
        newer = Snapshot.__table__.alias("newer")
        stmt = stmt.where(
            ~exists().where(
                newer.c.article_id == Snapshot.article_id,
                or_(
                    newer.c.fetched_at > Snapshot.fetched_at,
                    and_(newer.c.fetched_at == Snapshot.fetched_at, newer.c.id > Snapshot.id),
                ),
            )
        )
    if options.site is not None or options.since is not None:
        stmt = stmt.join(Article, Snapshot.article_id == Article.id)
        if options.since is not None:
            stmt = stmt.where(Article.published >= options.since)
        if options.site is not None:
            stmt = stmt.join(Source, Article.source_id == Source.id).where(
                Source.domain == bare_domain(options.site)
            )
    if options.article_id is not None:
        stmt = stmt.where(Snapshot.article_id == options.article_id)
    if not options.force:
        stmt = stmt.where(
            ~exists().where(
                SnapshotParse.snapshot_id == Snapshot.id,
                SnapshotParse.parser_version == rules.version,
                SnapshotParse.error.is_(None),
            )
        )
    return stmt


def check_filters(session: Session, options: ReparseOptions) -> None:
    """Unknown sites and articles are a user's typo: say so rather than parse nothing."""
    if options.site is not None:
        domain = bare_domain(options.site)
        if not domain or session.scalar(select(Source.id).where(Source.domain == domain)) is None:
            raise BadInput(f"no site {options.site!r} in the archive")
    if (
        options.article_id is not None
        and session.scalar(select(Article.id).where(Article.id == options.article_id)) is None
    ):
        raise BadInput(f"no article {options.article_id} in the archive")


def count_selected(session: Session, rules: Rules, options: ReparseOptions) -> int:
    sub = selection(rules, options).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def stream_selected(
    factory: sessionmaker[Session], rules: Rules, options: ReparseOptions, chunk: int = ID_CHUNK
) -> Iterator[SnapshotRef]:
    """The selection, streamed by keyset pagination in short read transactions: memory and
    locks stay small however many snapshots there are."""
    base = selection(rules, options).order_by(Snapshot.article_id, Snapshot.fetched_at, Snapshot.id)
    last: tuple[Any, ...] | None = None
    while True:
        stmt = base
        if last is not None:
            stmt = stmt.where(tuple_(Snapshot.article_id, Snapshot.fetched_at, Snapshot.id) > last)
        with factory() as session:
            rows = session.execute(stmt.limit(chunk)).all()
        if not rows:
            return
        for sid, aid, _fetched in rows:
            yield SnapshotRef(sid, aid)
        last = (rows[-1][1], rows[-1][2], rows[-1][0])


def article_batches(refs: Iterator[SnapshotRef], size: int) -> Iterator[list[SnapshotRef]]:
    """Batches of about ``size`` snapshots that never split an article's snapshots, so each
    article's replay happens inside one transaction (and a dry run, rolled back per batch,
    still sees each article's earlier snapshots)."""
    batch: list[SnapshotRef] = []
    for ref in refs:
        if len(batch) >= size and batch[-1].article_id != ref.article_id:
            yield batch
            batch = []
        batch.append(ref)
    if batch:
        yield batch


def load_tasks(
    factory: sessionmaker[Session], batch: list[SnapshotRef]
) -> list[tuple[int, ParseTask]]:
    ids = [r.id for r in batch]
    with factory() as session:
        rows = session.execute(
            select(
                Snapshot.id,
                Snapshot.body,
                Snapshot.compression,
                Snapshot.url,
                Article.published,
                Snapshot.content_type,
            )
            .join(Article, Snapshot.article_id == Article.id)
            .where(Snapshot.id.in_(ids))
        ).all()
    by_id = {
        sid: ParseTask(body, url, published, ctype, compression)
        for sid, body, compression, url, published, ctype in rows
    }
    # Snapshots are never deleted, but keep the batch order and tolerate a vanished row.
    return [(i, by_id[i]) for i in ids if i in by_id]
