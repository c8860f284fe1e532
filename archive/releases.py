"""Releases: named, immutable cuts of the archive that a study can cite.

A release is only a name for a moment (``as_of``) and what the archive held then: the rules
versions behind its events, counts, and the checksums of its CSV and JSON Lines exports. The
archive never changes the past (versions are only added or closed later), so exporting a
release again gives the same bytes, which ``archive export --release`` checks. Two releases
are compared event by event (by uid): what was added, closed, and changed, field by field.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from archive.errors import BadInput
from archive.export import Cut, Filters, check_cut, stream_rows, text_checksums
from archive.models import Article, Event, EventVersion, Release, Source
from archive.store.reads import standing
from archive.timeutil import utcnow
from scraper.parsers.records import VERSIONED_FIELDS

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def _counts(session: Session, cut: Cut) -> dict[str, Any]:
    base = (
        select(EventVersion.event_type, Source.domain, func.count())
        .select_from(EventVersion)
        .join(Event, EventVersion.event_id == Event.id)
        .join(Article, Event.article_id == Article.id)
        .join(Source, Article.source_id == Source.id)
    )
    rows = session.execute(
        standing(base, at=cut.at).group_by(EventVersion.event_type, Source.domain)
    ).all()
    by_type: Counter[str] = Counter()
    by_site: Counter[str] = Counter()
    for event_type, site, n in rows:
        by_type[event_type] += n
        by_site[site] += n
    articles = session.scalar(
        standing(
            select(func.count(func.distinct(Event.article_id)))
            .select_from(EventVersion)
            .join(Event, EventVersion.event_id == Event.id),
            at=cut.at,
        )
    )
    return {
        "events": sum(by_type.values()),
        "articles": articles or 0,
        "by_event_type": dict(sorted(by_type.items())),
        "by_site": dict(sorted(by_site.items())),
    }


def _parser_versions(session: Session, cut: Cut) -> list[str]:
    stmt = standing(
        select(EventVersion.parser_version)
        .distinct()
        .join(Event, EventVersion.event_id == Event.id),
        at=cut.at,
    )
    return sorted(session.scalars(stmt))


def create_release(
    engine: Engine,
    session: Session,
    name: str,
    as_of: datetime | None = None,
    note: str | None = None,
) -> Release:
    """Record a release of the archive as it stands at ``as_of`` (default: now). Names are
    unique and a release is never changed; a time in the future is refused (the archive
    could still change before it)."""
    if not NAME.match(name):
        raise BadInput(
            f"release name {name!r}: use letters, digits, '.', '_' and '-' (at most 100)"
        )
    if session.scalar(select(Release.id).where(Release.name == name)) is not None:
        raise BadInput(f"release {name} exists already (releases never change)")
    now = utcnow()
    at = as_of or now
    if at > now:
        raise BadInput(f"--as-of {at.isoformat()} is in the future")
    cut = Cut(at=at)
    check_cut(session, cut)
    release = Release(
        name=name,
        as_of=at,
        created_at=now,
        parser_versions=_parser_versions(session, cut),
        counts=_counts(session, cut),
        checksums=text_checksums(engine, Filters(), cut),
        note=note,
    )
    session.add(release)
    try:
        session.flush()
    except IntegrityError as exc:  # another process made it meanwhile
        raise BadInput(f"release {name} exists already (releases never change)") from exc
    return release


def get_release(session: Session, name: str) -> Release:
    release = session.scalar(select(Release).where(Release.name == name))
    if release is None:
        known = list(session.scalars(select(Release.name).order_by(Release.as_of)))
        listed = ", ".join(known) if known else "none yet"
        raise BadInput(f"no release {name} (known: {listed})")
    return release


def release_record(release: Release) -> dict[str, Any]:
    return {
        "name": release.name,
        "as_of": release.as_of.isoformat(),
        "created_at": release.created_at.isoformat(),
        "parser_versions": release.parser_versions,
        "counts": release.counts,
        "checksums": release.checksums,
        "note": release.note,
    }


@dataclass
class ReleaseDiff:
    old: str
    new: str
    added: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # uid -> fields
    field_counts: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "added": self.added,
            "closed": self.closed,
            "changed": self.changed,
            "field_counts": dict(sorted(self.field_counts.items())),
        }

    def markdown(self) -> str:
        out = [
            f"# Changes from release {self.old} to {self.new}",
            "",
            f"- added: {len(self.added)}",
            f"- closed: {len(self.closed)}",
            f"- changed: {len(self.changed)}",
            "",
        ]
        if self.field_counts:
            out += ["## Changed fields", "", "| field | events |", "|---|---|"]
            out += [f"| {k} | {n} |" for k, n in sorted(self.field_counts.items())]
            out.append("")
        for title, uids in (("Added", self.added), ("Closed", self.closed)):
            if uids:
                out += [f"## {title}", ""] + [f"- {u}" for u in uids] + [""]
        if self.changed:
            out += ["## Changed", ""]
            out += [f"- {u}: {', '.join(fs)}" for u, fs in self.changed.items()]
            out.append("")
        return "\n".join(out)


def _rows(engine: Engine, cut: Cut) -> Iterator[dict[str, Any]]:
    with engine.connect() as conn:
        yield from stream_rows(conn, Filters(), cut, text=True)


def diff_releases(engine: Engine, session: Session, old_name: str, new_name: str) -> ReleaseDiff:
    """Compare two releases event by event: both cuts stream in uid order and are merged."""
    old, new = get_release(session, old_name), get_release(session, new_name)
    result = ReleaseDiff(old.name, new.name)
    left = _rows(engine, Cut(at=old.as_of))
    right = _rows(engine, Cut(at=new.as_of))
    a = next(left, None)
    b = next(right, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a["event_uid"].encode() < b["event_uid"].encode()):
            assert a is not None
            result.closed.append(a["event_uid"])
            a = next(left, None)
        elif a is None or b["event_uid"].encode() < a["event_uid"].encode():
            result.added.append(b["event_uid"])
            b = next(right, None)
        else:
            if a["version_id"] != b["version_id"]:
                fields = [f for f in VERSIONED_FIELDS if f in a and a[f] != b[f]]
                if fields:
                    result.changed[a["event_uid"]] = fields
                    result.field_counts.update(fields)
            a, b = next(left, None), next(right, None)
    return result
