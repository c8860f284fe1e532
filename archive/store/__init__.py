"""The store: the one place that writes to the archive.

Every function takes a session and never commits: the caller frames the unit of work
(:func:`archive.db.unit_of_work`), so a failure anywhere in a fetch-and-parse leaves nothing
half-written. Nothing is overwritten: a changed body adds a snapshot, a changed event adds a
version and closes the old one, a vanished event is closed.

One module per concern; callers use the names re-exported here (``store.record_fetch``).
"""

from archive.store.aliases import AliasOutcome, known_article_urls, record_aliases
from archive.store.events import (
    ArticleEventState,
    ParseOutcome,
    already_parsed,
    article_event_states,
    record_parse,
    record_superseded_parse,
    superseded_snapshots,
    version_fields,
)
from archive.store.fetches import (
    COMPRESSION,
    FetchMeta,
    FetchResult,
    KnownArticle,
    StoredSnapshot,
    body_sha256,
    compress_body,
    conditional_headers,
    decompress_body,
    fetch_recorded,
    find_article,
    get_or_create_source,
    known_articles,
    latest_snapshot,
    record_fetch,
    record_fetch_failure,
    record_not_modified,
    site_snapshot_count,
    site_snapshots,
    snapshot_body,
    snapshot_fetched,
)
from archive.store.identity import (
    LINEAGE_THRESHOLD,
    MATCH_THRESHOLD,
    canonical_fields,
    fields_digest,
)
from archive.store.reads import (
    current_events,
    event_history,
    event_lineage,
    events_as_of,
    standing,
)
from archive.store.runs import (
    fail_dead_crawl_runs,
    fail_dead_parse_runs,
    finish_crawl_run,
    finish_parse_run,
    process_alive,
    start_crawl_run,
    start_parse_run,
    this_host,
    update_crawl_run_counts,
    update_parse_run_counts,
)

__all__ = [
    "COMPRESSION",
    "LINEAGE_THRESHOLD",
    "MATCH_THRESHOLD",
    "AliasOutcome",
    "ArticleEventState",
    "FetchMeta",
    "FetchResult",
    "KnownArticle",
    "ParseOutcome",
    "StoredSnapshot",
    "already_parsed",
    "article_event_states",
    "body_sha256",
    "canonical_fields",
    "compress_body",
    "conditional_headers",
    "current_events",
    "decompress_body",
    "event_history",
    "event_lineage",
    "events_as_of",
    "fail_dead_crawl_runs",
    "fail_dead_parse_runs",
    "fetch_recorded",
    "fields_digest",
    "find_article",
    "finish_crawl_run",
    "finish_parse_run",
    "get_or_create_source",
    "known_article_urls",
    "known_articles",
    "latest_snapshot",
    "process_alive",
    "record_aliases",
    "record_fetch",
    "record_fetch_failure",
    "record_not_modified",
    "record_parse",
    "record_superseded_parse",
    "site_snapshot_count",
    "site_snapshots",
    "snapshot_body",
    "snapshot_fetched",
    "standing",
    "start_crawl_run",
    "start_parse_run",
    "superseded_snapshots",
    "this_host",
    "update_crawl_run_counts",
    "update_parse_run_counts",
    "version_fields",
]
