"""Recording what ingest fetched and parsed: a page (fetch outcome, snapshot, parse) and a
snapshot's parse (events). The one copy of both, for the crawl's writer and for reparse.

Like the store, these take a session and never commit: the caller frames the unit of work
(the crawl's writer puts each page in a savepoint of a group transaction; reparse writes a
batch of snapshots per transaction).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from archive import store
from archive.ingest.contract import FailedFetch, FetchedPage, Page, SeenAliases
from archive.ingest.counts import Counts
from archive.ingest.parsing import PageParse
from archive.models import Snapshot


@dataclass(frozen=True)
class Runs:
    """The runs a crawl's records belong to, and the version of the rules parsing them."""

    crawl_run_id: int
    parse_run_id: int
    parser_version: str


def record_page(session: Session, page: Page, parse: PageParse | None, runs: Runs) -> Counts:
    """Record one fetched page: the fetch outcome, the snapshot (only if the body is new),
    and its parse (``parse``: the rules' output for a 200 that may be an article); or the
    aliases a crawl saw."""
    if isinstance(page, SeenAliases):
        outcome = store.record_aliases(
            session, urls=page.urls, site_domain=page.site_domain, at=page.seen_at
        )
        return Counts(aliases_added=outcome.added, aliases_unresolved=outcome.unresolved)
    if isinstance(page, FailedFetch):
        store.record_fetch_failure(
            session,
            meta=page.meta(),
            outcome="error",
            detail=page.detail,
            crawl_run_id=runs.crawl_run_id,
            site_domain=page.site_domain,
        )
        return Counts(fetch_errors=1)
    if page.status == 304:
        store.record_not_modified(
            session, meta=page.meta(), crawl_run_id=runs.crawl_run_id, site_domain=page.site_domain
        )
        return Counts(not_modified=1)
    return _record_answer(session, page, parse, runs)


def _record_answer(
    session: Session, page: FetchedPage, parse: PageParse | None, runs: Runs
) -> Counts:
    # A parse that raised is archived anyway; the error is kept with the snapshot.
    parsed = parse.parsed if parse else None
    reason = page.not_article_reason()
    if reason is None and parsed is not None and not parsed.is_article:
        reason = "no article body on the page"
    if reason is not None:
        store.record_fetch_failure(
            session,
            meta=page.meta(),
            outcome="not_article",
            detail=reason,
            crawl_run_id=runs.crawl_run_id,
            site_domain=page.site_domain,
        )
        return Counts(not_article=1)
    result = store.record_fetch(
        session,
        meta=page.meta(),
        body=page.body,
        crawl_run_id=runs.crawl_run_id,
        site_domain=page.site_domain,
        title=parsed.title if parsed else None,
        published=(parsed.published if parsed else None) or page.url_date,
    )
    snapshot = result.snapshot
    assert snapshot is not None
    new = result.outcome == "new_snapshot"
    counts = Counts(new_snapshots=int(new), unchanged=int(not new))
    counts.new_articles = int(result.new_article)
    assert parse is not None  # a 200 that may be an article was parsed
    if not new and (
        (parsed is None and snapshot.parse_error == parse.error)
        or store.already_parsed(session, snapshot.id, runs.parser_version)
    ):
        return counts  # this body under these rules is already in the archive
    # A web archive's capture can be older than what the archive already holds of the
    # article: its parse must not move the article's events back in time.
    superseded = not result.new_article and bool(
        store.superseded_snapshots(session, [snapshot.id], runs.parser_version)
    )
    counts.add(
        record_snapshot_parse(
            session,
            snapshot,
            parse,
            parse_run_id=runs.parse_run_id,
            parser_version=runs.parser_version,
            # An article created in this unit of work has no events yet: two reads fewer.
            state=store.ArticleEventState([], None) if result.new_article else None,
            superseded=superseded,
        )
    )
    return counts


def record_snapshot_parse(
    session: Session,
    snapshot: Snapshot,
    parse: PageParse,
    *,
    parse_run_id: int | None,
    parser_version: str,
    state: store.ArticleEventState | None = None,
    superseded: bool = False,
) -> Counts:
    """Record one snapshot's parse: its error, or its events as the article's current ones
    (``superseded``: a newer snapshot already set them under these rules, so only note that
    this one was parsed). ``state``: see :func:`archive.store.record_parse`."""
    if parse.parsed is None:
        store.record_parse(
            session,
            snapshot=snapshot,
            parsed=None,
            error=parse.error or "error",
            parser_version=parser_version,
            parse_run_id=parse_run_id,
        )
        return Counts(parse_errors=1)
    counts = Counts(parsed=1)
    if parse.parsed.fell_back or parse.parsed.site != "generic":
        counts.site_parses = 1
        counts.fell_back = int(parse.parsed.fell_back)
    if superseded:
        store.record_superseded_parse(
            session, snapshot=snapshot, parsed=parse.parsed, parse_run_id=parse_run_id
        )
        counts.superseded = 1
        return counts
    outcome = store.record_parse(
        session, snapshot=snapshot, parsed=parse.parsed, parse_run_id=parse_run_id, state=state
    )
    counts.add_outcome(outcome)
    return counts
