"""``archive import-warc``: captures from web archives recorded as the crawl records pages.

Why through the crawl's ingest (:class:`~archive.ingest.crawl.CrawlIngest`): a capture is a
fetch that happened at another time, by another crawler. Recorded through the same writer,
parser pool and :func:`~archive.ingest.record.record_page`, it becomes a fetch at its capture
time and, when its body is new for its article, a snapshot, parsed by the same rules; the
import is a crawl run of its own (spider ``import-warc``, the files as its arguments, the
same counts plus what was skipped and why), so `archive stats` and the runs table show it.

Which captures are pages to record is the spiders' own answer, from the shared URL modules:
the capture's URL (a replay URL unwrapped, :mod:`archive.warc.replay`) must be on a site the
project knows (:func:`scraper.sites.site_for_host`) and be an article page
(:func:`scraper.sites.articles.article_page`); a print view of an article is recorded as an
alias of it, as the crawl records the views it meets; everything else is counted by reason
and skipped. An article capture is recorded under the site's main host, as a crawl fetches it.

- A 2xx capture is a fetched page (a 200 whose body is no article, an error page, is
  recorded as a fetch and never a snapshot, as in a crawl); a 4xx/5xx capture is a failed
  fetch; redirects and 304s are skipped (the page they lead to is a capture of its own).
- A revisit record (Heritrix's and pywb's deduplication: "same payload as an earlier
  capture") is the earlier capture's payload seen again at the revisit's time: the payload
  is found by its digest among the captures this import read lately, else by the fetch it
  refers to (URL and time) in the archive; if neither, it is counted and skipped.
- Importing the same capture again adds nothing: a fetch of the same URL at the same time
  is already recorded. So a file imported twice, or two files that overlap, add each
  capture once.
- A truncated or unreadable file stops the import with a one-line error; every capture read
  before it is recorded (the writer commits what it was given) and the run is marked failed.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy.orm import Session

from archive import store
from archive.errors import BadInput
from archive.ingest.contract import FailedFetch, FetchedPage, Page, SeenAliases
from archive.ingest.crawl import CrawlIngest
from archive.ingest.writer import PageResult
from archive.progress import Progress
from archive.warc.reading import BadWarc, Capture, Undecodable, WarcReader
from archive.warc.replay import (
    MEMENTO_DATETIME,
    ORIGINAL_HEADER_PREFIX,
    Replay,
    memento_datetime,
    replay_of,
)
from scraper.parsers.registry import Rules
from scraper.sites import SiteURLs, site_for_host
from scraper.sites.articles import article_page, never_fetched
from scraper.urls import article_key, strip_tracking

SPIDER = "import-warc"
# Pages handed to the writer and not yet committed; the payload cache is larger, so a revisit
# whose original has left the cache finds it committed in the archive.
IN_FLIGHT = 64
PAYLOAD_CACHE = 4 * IN_FLIGHT
SAVE_COUNTS_SECONDS = 5.0
PROGRESS_SECONDS = 5.0
SNIFF_BYTES = 1024

# Why a capture was not recorded (the run's ``skipped`` counts).
SKIP_REASONS = (
    "other_site",  # not a site the project knows
    "not_html",  # an image, a script, a feed, a PDF ...
    "not_article",  # a listing or any other page of the site: the spiders archive none
    "print",  # a page the site's record says is never fetched (a whole issue on one page)
    "redirect",  # 3xx: the page it leads to is a capture of its own
    "not_modified",  # 304: no body
    "other_status",  # 1xx or nonsense
    "not_a_memento",  # a replay service's own answer (not archived, go to the nearest capture)
    "cut_payload",  # WARC-Truncated: the crawler kept only part of the page
    "undecodable",  # a Content-Encoding that cannot be undone, or compressed data broken off
    "revisit_unresolved",  # a revisit whose original payload is nowhere to be found
    "already_imported",  # a fetch of that URL at that time is already recorded
)


@dataclass(frozen=True)
class Payload:
    """A capture's page as a revisit of it needs it."""

    status: int
    content_type: str | None
    etag: str | None
    last_modified: str | None
    body: bytes


@dataclass
class Tally:
    """What the import read (the crawl run's own counts, beside the ingest's)."""

    files: int = 0
    warc_records: int = 0
    captures: int = 0
    responses: int = 0  # pages handed to ingest (fetched or failed)
    views: int = 0  # print views recorded as aliases
    skipped: Counter[str] = field(default_factory=Counter)
    passed_over: Counter[str] = field(default_factory=Counter)  # records that are no capture

    def counts(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "warc_records": self.warc_records,
            "records_passed_over": dict(sorted(self.passed_over.items())),
            "captures": self.captures,
            "responses": self.responses,
            "views": self.views,
            "skipped": {r: self.skipped[r] for r in SKIP_REASONS if self.skipped[r]},
        }


@dataclass(frozen=True)
class ImportSummary:
    run_id: int
    status: str  # finished | failed | interrupted
    counts: dict[str, Any]
    error: str | None  # the bad file's one-line message
    first_failure: str | None = None  # the first page that could not be archived, if any


@dataclass(frozen=True)
class _Located:
    site: SiteURLs
    url: str  # as captured (tracking parameters gone), on one of the site's hosts
    replay: Replay | None


def is_html(content_type: str | None, body: Callable[[], bytes]) -> bool:
    """Whether a capture is an HTML page: by its Content-Type, or when it has none by what
    its first bytes say."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime:
        return "html" in mime
    try:
        head = body()[:SNIFF_BYTES].lstrip().lower()
    except Undecodable:
        return False
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def on_main_host(site: SiteURLs, url: str) -> str:
    """The URL a crawl fetches for an article page: the site's main host, the same path."""
    home = urlsplit(site.home)
    return urlunsplit((home.scheme, home.netloc, urlsplit(url).path, "", ""))


def locate(target: str) -> _Located | str:
    """Where a capture's URL is on a known site, or the skip reason why it is on none."""
    replay: Replay | None = None
    try:
        host = urlsplit(target).hostname or ""
    except ValueError:
        return "other_site"
    site = site_for_host(host)
    if site is None:
        replay = replay_of(target)
        if replay is None:
            return "other_site"
        try:
            site = site_for_host(urlsplit(replay.url).hostname or "")
        except ValueError:
            return "other_site"
        if site is None:
            return "other_site"
        target = replay.url
    try:
        return _Located(site, strip_tracking(target), replay)
    except ValueError:
        return "other_site"


class WarcImport:
    """One import: files read in turn, pages handed to ``ingest`` a window at a time."""

    def __init__(self, ingest: CrawlIngest, progress: Progress | None = None) -> None:
        self.ingest = ingest
        self.progress = progress
        self.tally = Tally()
        self.seen: set[tuple[str, datetime]] = set()
        self.payloads: OrderedDict[str, Payload] = OrderedDict()
        self.pending: set[asyncio.Task[PageResult]] = set()
        self._saved = time.monotonic()
        # What the import asks of the archive (is this capture recorded? a revisit's
        # original), on one connection in autocommit: each question sees what the writer
        # has committed so far, and none pays for a pool checkout and a transaction.
        self._reads = ingest.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        self.reads = Session(bind=self._reads)

    def close(self) -> None:
        self.reads.close()
        self._reads.close()

    # --- the run -------------------------------------------------------------------------

    def run_counts(self, close_reason: str) -> dict[str, Any]:
        return self.ingest.run_counts({**self.tally.counts(), "close_reason": close_reason})

    async def import_file(self, path: Path) -> None:
        reader = WarcReader(path)
        self.tally.files += 1
        reported = 0
        try:
            for capture in reader.captures():
                await asyncio.sleep(0)  # let committed pages be counted, and Ctrl-C through
                self.tally.captures += 1
                page = self._page(capture)
                if page is not None:
                    await self._submit(page)
                reported = self._advance(reader, reported)
        finally:
            self.tally.warc_records += reader.records
            self.tally.passed_over.update(reader.passed_over)
        self._advance(reader, reported, done=True)

    async def drain(self) -> None:
        """Wait for every page handed over to be committed (and counted)."""
        if self.pending:
            await asyncio.gather(*self.pending, return_exceptions=True)
            self.pending.clear()

    async def _submit(self, page: Page) -> None:
        task = asyncio.ensure_future(self.ingest.record(page))
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)
        if len(self.pending) >= IN_FLIGHT:
            await asyncio.wait(self.pending, return_when=asyncio.FIRST_COMPLETED)

    def _advance(self, reader: WarcReader, reported: int, done: bool = False) -> int:
        """Report the KiB of the file read since ``reported``; save the running counts now
        and then. Returns the KiB reported so far."""
        kib = (reader.path.stat().st_size if done else reader.position()) // 1024
        if self.progress is not None and kib > reported:
            self.progress.advance(kib - reported)
        now = time.monotonic()
        if now - self._saved >= SAVE_COUNTS_SECONDS:
            self._saved = now
            self.ingest.save_counts(self.run_counts("running"))
        return max(kib, reported)

    # --- one capture -------------------------------------------------------------------------

    def _skip(self, reason: str) -> Page | None:
        """Count a capture skipped for ``reason``; no page (returned, for brevity)."""
        self.tally.skipped[reason] += 1
        return None

    def _page(self, capture: Capture) -> Page | None:
        """The page to record for a capture, or None (counted) when there is none. The cheap
        questions first: most of a crawler's WARC is other sites, assets and listings."""
        located = locate(capture.target)
        if isinstance(located, str):
            return self._skip(located)
        at = self._captured_at(capture, located.replay)
        payload: Payload | None = None
        status, ctype = capture.status, capture.header("Content-Type")
        if capture.record_type == "revisit" and (status is None or ctype is None):
            # A revisit without its own HTTP headers: the original's say what it is.
            payload = self._resolve(capture)
            if payload is None:
                return self._skip("revisit_unresolved")
            status = payload.status if status is None else status
            ctype = ctype or payload.content_type
        if not is_html(ctype, lambda: payload.body if payload else capture.body()):
            return self._skip("not_html")
        article = article_page(located.site, located.url)
        if article is None:
            path = urlsplit(located.url).path
            return self._skip("print" if never_fetched(located.site, path) else "not_article")
        reason = self._status_skip(capture, located, status)
        if reason is not None:
            return self._skip(reason)
        assert status is not None  # _status_skip says other_status
        if article.view:
            self.tally.views += 1
            return SeenAliases(urls=(located.url,), seen_at=at, site_domain=None)
        url = on_main_host(located.site, article.url)
        if self._already_imported(url, at):
            if capture.record_type == "response" and capture.truncated is None:
                with contextlib.suppress(Undecodable):  # a revisit of it may follow
                    self._remember(capture, located, status, ctype, capture.body())
            return self._skip("already_imported")
        page: Page
        if status >= 400:
            page = FailedFetch(
                url=url, status=status, detail=f"HTTP {status}", fetched_at=at, site_domain=None
            )
        else:
            found = payload or self._payload(capture, located, status, ctype)
            if isinstance(found, str):
                self.seen.discard((url, at))
                return self._skip(found)
            page = FetchedPage(
                url=url,
                status=status,
                body=found.body,
                fetched_at=at,
                site_domain=None,
                content_type=ctype,
                etag=self._validator(capture, located, "ETag") or found.etag,
                last_modified=self._validator(capture, located, "Last-Modified")
                or found.last_modified,
                url_date=article_key(url).url_date,
            )
        self.tally.responses += 1
        return page

    @staticmethod
    def _status_skip(capture: Capture, located: _Located, status: int | None) -> str | None:
        """Why a capture's HTTP status makes it no page to record, if it does."""
        if status is None or not 200 <= status < 600:
            return "other_status"
        if located.replay is not None and status >= 300 and not capture.header(MEMENTO_DATETIME):
            return "not_a_memento"  # no Memento-Datetime: not the site's answer, the service's
        if status == 304:
            return "not_modified"
        if 300 <= status < 400:
            return "redirect"
        return None

    def _payload(
        self, capture: Capture, located: _Located, status: int, ctype: str | None
    ) -> Payload | str:
        """A 2xx capture's page, or why there is none (a skip reason)."""
        if capture.record_type == "revisit":
            return self._resolve(capture) or "revisit_unresolved"
        if capture.truncated is not None:
            return "cut_payload"
        try:
            body = capture.body()
        except Undecodable:
            return "undecodable"
        return self._remember(capture, located, status, ctype, body)

    @staticmethod
    def _captured_at(capture: Capture, replay: Replay | None) -> datetime:
        """When the page was captured: a replay service says so in Memento-Datetime (else in
        its URL's timestamp); anything else by its WARC-Date."""
        if replay is not None:
            when = memento_datetime(capture.header(MEMENTO_DATETIME)) or replay.captured_at
            if when is not None:
                return when
        return capture.warc_date

    @staticmethod
    def _validator(capture: Capture, located: _Located, name: str) -> str | None:
        """The site's ETag or Last-Modified (a replay service passes the site's on as
        X-Archive-Orig-*; its own are not the site's)."""
        if located.replay is not None:
            return capture.header(ORIGINAL_HEADER_PREFIX + name)
        return capture.header(name)

    def _already_imported(self, url: str, at: datetime) -> bool:
        key = (url, at)
        if key in self.seen:
            return True
        self.seen.add(key)
        return store.fetch_recorded(self.reads, url, at)

    # --- revisits ------------------------------------------------------------------------------

    def _remember(
        self, capture: Capture, located: _Located, status: int, ctype: str | None, body: bytes
    ) -> Payload:
        payload = Payload(
            status,
            ctype,
            self._validator(capture, located, "ETag"),
            self._validator(capture, located, "Last-Modified"),
            body,
        )
        if capture.payload_digest:
            self.payloads[capture.payload_digest] = payload
            self.payloads.move_to_end(capture.payload_digest)
            while len(self.payloads) > PAYLOAD_CACHE:
                self.payloads.popitem(last=False)
        return payload

    def _resolve(self, capture: Capture) -> Payload | None:
        """The payload a revisit record repeats: among the captures read lately (by digest),
        else the snapshot of the fetch it refers to, recorded by an earlier import."""
        digest = capture.payload_digest
        if digest and digest in self.payloads:
            self.payloads.move_to_end(digest)
            return self.payloads[digest]
        if capture.refers_to_date is None:
            return None
        located = locate(capture.refers_to_url or capture.target)
        if isinstance(located, str):
            return None
        article = article_page(located.site, located.url)
        if article is None or article.view:
            return None
        url = on_main_host(located.site, article.url)
        snapshot = store.snapshot_fetched(self.reads, url, capture.refers_to_date)
        if snapshot is None:
            return None
        payload = Payload(
            snapshot.http_status,
            snapshot.content_type,
            snapshot.etag,
            snapshot.last_modified,
            store.snapshot_body(snapshot),
        )
        self.reads.expunge(snapshot)
        return payload


def judge_import(stopped_by: str | None) -> Callable[[dict[str, Any]], str | None]:
    """Why an import run failed: it was stopped (a bad file, Ctrl-C), or pages could not be
    archived. Unlike a crawl, a file of nothing but other sites' pages, or of 404s, is no
    failure: it is history as the web archive kept it."""

    def judge(counts: dict[str, Any]) -> str | None:
        reason = counts.get("close_reason", "finished")
        if reason != "finished":
            return stopped_by or f"the import did not finish (closed: {reason})"
        if counts.get("pipeline_errors"):
            return f"{counts['pipeline_errors']} page(s) could not be archived (unhandled error)"
        return None

    return judge


def check_files(paths: list[Path]) -> None:
    """Every file is there and readable before anything is recorded."""
    for path in paths:
        if not path.is_file():
            raise BadInput(f"{path}: no such file")


async def import_warcs(
    paths: list[Path],
    *,
    database_url: str,
    rules: Rules,
    workers: int = 1,
    progress: Progress | None = None,
    arguments: dict[str, Any] | None = None,
) -> ImportSummary:
    """Import ``paths`` in turn as one crawl run; SIGTERM and Ctrl-C stop it like a bad file
    does (what was handed over is committed, the run says how it ended)."""
    check_files(paths)
    ingest = CrawlIngest.open(
        database_url,
        spider=SPIDER,
        arguments={
            "files": [str(p.resolve()) for p in paths],
            "workers": workers,
            **(arguments or {}),
        },
        rules=rules,
        parse_processes=workers,
    )
    importer = WarcImport(ingest, progress)
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    if task is not None:
        loop.add_signal_handler(signal.SIGTERM, task.cancel)
    close_reason, error = "finished", None
    try:
        for path in paths:
            await importer.import_file(path)
    except BadWarc as exc:
        close_reason, error = "bad_file", str(exc)
    except asyncio.CancelledError:
        close_reason = "interrupted"
    except BaseException:
        close_reason = "error"
        await _close(ingest, importer, close_reason, None)
        raise
    finally:
        loop.remove_signal_handler(signal.SIGTERM)
        if progress is not None:
            progress.close(final=close_reason == "finished")
    return await _close(ingest, importer, close_reason, error)


async def _close(
    ingest: CrawlIngest, importer: WarcImport, close_reason: str, error: str | None
) -> ImportSummary:
    importer.close()
    await importer.drain()
    ingest.close_writer()
    await importer.drain()
    counts = importer.run_counts(close_reason)
    stopped = error or (None if close_reason == "finished" else f"import {close_reason}")
    ingest.finish(counts, close_reason, judge=judge_import(stopped), health=False)
    status = {"finished": "finished", "interrupted": "interrupted"}.get(close_reason, "failed")
    if close_reason == "finished" and counts.get("pipeline_errors"):
        status = "failed"
    return ImportSummary(ingest.runs.crawl_run_id, status, counts, error, ingest.first_error)
