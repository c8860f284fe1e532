"""`archive import-warc` on both backends: Heritrix, Webrecorder and Wayback captures recorded
as fetches at their capture times, snapshots when new, parsed by the real rules; revisits
resolved; other sites, assets and listings counted and skipped; a second import adds
nothing; a truncated file keeps what came before it."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from archive import store
from archive.models import (
    Article,
    ArticleURL,
    CrawlRun,
    Event,
    EventVersion,
    Fetch,
    Snapshot,
    SnapshotParse,
)
from archive.warc.importing import ImportSummary, import_warcs
from scraper.parsers import parse_article
from scraper.parsers.registry import current_rules
from tests.conftest import Archive
from tests.support.versions import assert_versions_carry_their_site
from tests.support.warcs import WarcFile, at, corpus_case, first_edition, wayback_url

ROUNDUP = corpus_case("socialistparty/roundup-001")  # 5 reports
PICKETS = corpus_case("socialistparty/roundup-002")
SW = corpus_case("socialistworker/roundup-001")
COUNTERFIRE = corpus_case("counterfire/roundup-001")
MORNINGSTAR = corpus_case("morningstar/roundup-001")


def run_import(archive: Archive, *paths: Path) -> ImportSummary:
    return asyncio.run(
        import_warcs(list(paths), database_url=archive.url, rules=current_rules(), workers=0)
    )


def fetches(archive: Archive) -> list[tuple[str, datetime, int | None, str]]:
    with archive.sessions() as s:
        rows = s.execute(
            select(Fetch.url, Fetch.fetched_at, Fetch.http_status, Fetch.outcome).order_by(
                Fetch.fetched_at, Fetch.id
            )
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def state(archive: Archive) -> dict[str, Any]:
    """Everything an import writes about pages, to compare before and after."""
    with archive.sessions() as s:
        counts = {
            m.__tablename__: s.scalar(select(func.count()).select_from(m))
            for m in (Article, ArticleURL, Snapshot, Fetch, Event, EventVersion, SnapshotParse)
        }
        snaps = list(
            s.execute(
                select(
                    Snapshot.id, Snapshot.times_seen, Snapshot.fetched_at, Snapshot.last_seen_at
                ).order_by(Snapshot.id)
            )
        )
        aliases = list(s.execute(select(ArticleURL.url, ArticleURL.last_seen_at)))
    return {"counts": counts, "snapshots": snaps, "aliases": sorted(aliases)}


def current_fields(archive: Archive, url: str) -> list[dict[str, Any]]:
    with archive.sessions() as s:
        article = store.find_article(s, url)
        assert article is not None, url
        return [store.version_fields(v) for v in store.current_events(s, article.id)]


def heritrix_warc(path: Path) -> None:
    """A crawler's WARC: warcinfo, dns, request/response pairs of three articles, a revisit
    of one (with HTTP headers and WARC-Refers-To), a later digest-only revisit without
    either, and what a crawl of a site also fetches: its home page, a stylesheet, an image,
    a page of another site."""
    with WarcFile(path, version="1.0") as warc:
        warc.warcinfo()
        warc.dns("www.socialistparty.org.uk", at("2022-05-20T10:00:00"))
        warc.request("https://www.socialistparty.org.uk/", at("2022-05-20T10:00:00"))
        warc.response(
            "https://www.socialistparty.org.uk/",
            b"<html><body>Home</body></html>",
            at("2022-05-20T10:00:00"),
        )
        warc.response(
            "https://www.socialistparty.org.uk/css/site.css",
            b"body { color: red }",
            at("2022-05-20T10:00:01"),
            content_type="text/css",
        )
        warc.response(
            "https://www.socialistparty.org.uk/articles/33101/photo.jpg",
            b"\xff\xd8\xff\xe0 not really a jpeg",
            at("2022-05-20T10:00:01"),
            content_type="image/jpeg",
        )
        for case, when in ((ROUNDUP, "2022-05-20T10:00:02"), (PICKETS, "2022-05-20T10:00:03")):
            warc.request(case.url, at(when))
            first = warc.response(
                case.url, case.input_bytes(), at(when), headers=[("ETag", '"e1"')]
            )
            if case is ROUNDUP:
                original = first
        warc.response(SW.url, SW.input_bytes(), at("2022-05-20T10:00:04"))
        warc.response(
            "https://example.org/news/a-story",
            b"<html><body>x</body></html>",
            at("2022-05-20T10:00:05"),
        )
        warc.revisit(ROUNDUP.url, at("2022-06-20T10:00:00"), original)
        warc.revisit(
            ROUNDUP.url, at("2022-07-20T10:00:00"), original, with_http=False, refers_to=False
        )


def test_a_crawlers_warc_is_recorded_like_a_crawl(archive: Archive, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    heritrix_warc(path)
    summary = run_import(archive, path)
    assert (summary.status, summary.error) == ("finished", None)
    assert fetches(archive) == [
        (ROUNDUP.url, at("2022-05-20T10:00:02"), 200, "new_snapshot"),
        (PICKETS.url, at("2022-05-20T10:00:03"), 200, "new_snapshot"),
        (SW.url, at("2022-05-20T10:00:04"), 200, "new_snapshot"),
        (ROUNDUP.url, at("2022-06-20T10:00:00"), 200, "unchanged"),
        (ROUNDUP.url, at("2022-07-20T10:00:00"), 200, "unchanged"),
    ]
    with archive.sessions() as s:
        snaps = {sn.url: sn for sn in s.scalars(select(Snapshot))}
        assert snaps[ROUNDUP.url].times_seen == 3
        assert snaps[ROUNDUP.url].fetched_at == at("2022-05-20T10:00:02")
        assert snaps[ROUNDUP.url].last_seen_at == at("2022-07-20T10:00:00")
        assert snaps[ROUNDUP.url].etag == '"e1"'
        run = s.scalars(select(CrawlRun)).one()
        assert (run.spider, run.status, run.error) == ("import-warc", "finished", None)
        assert run.arguments["files"] == [str(path.resolve())]
        c = run.counts
    # Parsed as a crawl parses them: the rules' events, current.
    for case in (ROUNDUP, PICKETS, SW):
        parsed = parse_article(case.input_bytes(), case.url, None, "text/html; charset=utf-8")
        assert len(parsed.events) == case.facts["event_count"]
        assert [f["text"] for f in current_fields(archive, case.url)] == [
            e.text for e in parsed.events
        ]
    assert (c["warc_records"], c["captures"], c["responses"]) == (14, 9, 5)
    assert (c["new_articles"], c["new_snapshots"], c["unchanged"]) == (3, 3, 2)
    assert c["skipped"] == {"other_site": 1, "not_html": 2, "not_article": 1}
    assert c["records_passed_over"] == {"request": 3, "resource": 1, "warcinfo": 1}
    assert c["events_added"] == sum(case.facts["event_count"] for case in (ROUNDUP, PICKETS, SW))
    assert c["close_reason"] == "finished" and c["pipeline_errors"] == 0
    assert assert_versions_carry_their_site(archive.engine) == c["events_added"]


def test_importing_again_adds_nothing(archive: Archive, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    heritrix_warc(path)
    run_import(archive, path)
    before = state(archive)
    again = run_import(archive, path)
    assert state(archive) == before
    assert again.status == "finished"
    assert again.counts["skipped"]["already_imported"] == 5
    assert again.counts["responses"] == again.counts["new_snapshots"] == 0
    # The same captures in another file (a copy, an overlapping crawl) add nothing either.
    copy = tmp_path / "copy.warc"
    with WarcFile(copy, gzip=False) as warc:
        warc.response(ROUNDUP.url, ROUNDUP.input_bytes(), at("2022-05-20T10:00:02"))
        warc.response(ROUNDUP.url, ROUNDUP.input_bytes(), at("2022-05-20T10:00:02"))
    overlap = run_import(archive, copy)
    assert state(archive) == before
    assert overlap.counts["skipped"] == {"already_imported": 2}


def test_revisits_of_a_response_imported_earlier(archive: Archive, tmp_path: Path) -> None:
    first, later = tmp_path / "2022-05.warc.gz", tmp_path / "2022-06.warc.gz"
    with WarcFile(first) as warc:
        original = warc.response(ROUNDUP.url, ROUNDUP.input_bytes(), at("2022-05-20T10:00:00"))
    with WarcFile(later) as warc:
        warc.revisit(ROUNDUP.url, at("2022-06-20T10:00:00"), original, with_http=False)
        # Without WARC-Refers-To nothing says which capture it repeats.
        warc.revisit(PICKETS.url, at("2022-06-20T10:00:01"), original, refers_to=False)
    run_import(archive, first)
    summary = run_import(archive, later)
    assert summary.counts["unchanged"] == 1
    assert summary.counts["skipped"] == {"revisit_unresolved": 1}
    assert [f[1:] for f in fetches(archive)] == [
        (at("2022-05-20T10:00:00"), 200, "new_snapshot"),
        (at("2022-06-20T10:00:00"), 200, "unchanged"),
    ]


def test_wayback_captures(archive: Archive, tmp_path: Path) -> None:
    """Pages fetched from the Wayback Machine: the replay URL names the page and its capture
    time (Memento-Datetime says it exactly), the site's validators are X-Archive-Orig-*, the
    service's own pages (not archived, redirects to the nearest capture) are skipped."""
    path = tmp_path / "wayback.warc.gz"
    fetched = at("2025-01-10T09:00:00")
    old_url = ROUNDUP.url.replace("https://www.", "http://")
    with WarcFile(path, version="1.1") as warc:
        warc.wayback(
            old_url, ROUNDUP.input_bytes(), at("2022-05-19T08:07:06"), fetched, etag='"orig"'
        )
        # No Memento-Datetime: the timestamp in the URL is the capture time.
        warc.wayback(
            PICKETS.url, PICKETS.input_bytes(), at("2019-03-08T01:02:03"), fetched, memento=False
        )
        # A capture of the site's own 404 page is history: a failed fetch then.
        warc.wayback(
            "https://www.socialistparty.org.uk/articles/99999/x",
            b"<html><body>Not found</body></html>",
            at("2020-01-01T00:00:00"),
            fetched,
            status="404 Not Found",
        )
        # The Wayback Machine's own "not archived" page and its redirect to a capture.
        warc.wayback(
            "https://www.socialistparty.org.uk/articles/88888/x",
            b"<html><body>Hrm. The Wayback Machine has not archived that URL.</body></html>",
            at("2021-01-01T00:00:00"),
            fetched,
            status="404 Not Found",
            memento=False,
        )
        warc.response(
            f"https://web.archive.org/web/2019/{SW.url}",
            b"",
            fetched,
            status="302 Found",
            headers=[("Location", wayback_url(SW.url, at("2019-05-05T05:05:05")))],
        )
        # The site itself redirected at the time: a capture of a redirect.
        warc.wayback(
            "https://www.socialistparty.org.uk/articles/77777",
            b"",
            at("2019-06-06T06:06:06"),
            fetched,
            status="301 Moved Permanently",
        )
        # Another site through the same service.
        warc.wayback("https://example.org/a", b"<html>x</html>", at("2019-01-01T00:00:00"), fetched)
    summary = run_import(archive, path)
    assert summary.counts["skipped"] == {"other_site": 1, "redirect": 1, "not_a_memento": 2}
    assert fetches(archive) == [
        (PICKETS.url, at("2019-03-08T01:02:03"), 200, "new_snapshot"),
        (
            "https://www.socialistparty.org.uk/articles/99999/x",
            at("2020-01-01T00:00:00"),
            404,
            "error",
        ),
        (ROUNDUP.url, at("2022-05-19T08:07:06"), 200, "new_snapshot"),
    ]
    with archive.sessions() as s:
        snap = s.scalars(select(Snapshot).where(Snapshot.url == ROUNDUP.url)).one()
        assert snap.etag == '"orig"'  # the site's, not the Wayback Machine's own
    assert len(current_fields(archive, ROUNDUP.url)) == ROUNDUP.facts["event_count"]


def test_webrecorder_captures_on_any_host_of_the_site(archive: Archive, tmp_path: Path) -> None:
    """A browser's WARC/1.1: request/response pairs, pages on the site's other hosts and with
    tracking parameters, a print view (an alias of its article), the whole-issue print page
    (never an article), an article page the site answered with an empty body."""
    path = tmp_path / "browsing.warc.gz"
    print_view = "https://www.socialistparty.org.uk/print/33101"
    with WarcFile(path, version="1.1") as warc:
        warc.warcinfo("Webrecorder ArchiveWeb.page 0.11")
        mobile = ROUNDUP.url.replace("www.", "m.") + "?utm_source=twitter#comments"
        warc.request(mobile, at("2022-05-20T10:00:00.250000"))
        warc.response(mobile, ROUNDUP.input_bytes(), at("2022-05-20T10:00:00.250000"))
        warc.resource(
            "urn:pageinfo:" + mobile,
            b'{"title": "x"}',
            at("2022-05-20T10:00:01"),
            "application/json",
        )
        warc.response(
            print_view, b"<html><body><p>Printable</p></body></html>", at("2022-05-20T10:01:00")
        )
        warc.response(
            "https://www.socialistparty.org.uk/printdoc/issue/1302",
            corpus_case("socialistparty/printdoc-001").input_bytes(),
            at("2022-05-20T10:02:00"),
        )
        warc.response(
            "https://www.socialistparty.org.uk/articles/34000/x", b"", at("2022-05-20T10:03:00")
        )
        warc.response(COUNTERFIRE.url, COUNTERFIRE.input_bytes(), at("2022-05-20T10:04:00"))
        warc.response(MORNINGSTAR.url, MORNINGSTAR.input_bytes(), at("2022-05-20T10:05:00"))
    summary = run_import(archive, path)
    c = summary.counts
    assert c["skipped"] == {"print": 1}
    assert (c["responses"], c["views"], c["aliases_added"], c["not_article"]) == (4, 1, 1, 1)
    assert fetches(archive) == [
        # On the site's main host, as a crawl fetches it, to the microsecond.
        (ROUNDUP.url.split("?")[0], at("2022-05-20T10:00:00.250000"), 200, "new_snapshot"),
        (
            "https://www.socialistparty.org.uk/articles/34000/x",
            at("2022-05-20T10:03:00"),
            200,
            "not_article",
        ),
        (COUNTERFIRE.url, at("2022-05-20T10:04:00"), 200, "new_snapshot"),
        (MORNINGSTAR.url, at("2022-05-20T10:05:00"), 200, "new_snapshot"),
    ]
    with archive.sessions() as s:
        article = store.find_article(s, print_view)
        assert article is not None and article.canonical_url.endswith(
            "/articles/33101/18-05-2022/nhs-day-of-action-stalls-rallies-and-a-march"
        )
        assert s.scalar(select(func.count()).select_from(Snapshot)) == 3


def test_an_older_capture_does_not_move_the_events_back(archive: Archive, tmp_path: Path) -> None:
    """Backfilling an article the archive already holds a newer version of: the old capture
    becomes a snapshot of its time, and the current events stay the newer version's."""
    newer, older = tmp_path / "2024.warc.gz", tmp_path / "2016.warc.gz"
    old_body = first_edition(ROUNDUP.input_bytes())
    same_but_earlier = PICKETS.input_bytes()
    with WarcFile(newer) as warc:
        warc.response(ROUNDUP.url, ROUNDUP.input_bytes(), at("2024-01-01T00:00:00"))
        warc.response(PICKETS.url, same_but_earlier, at("2024-01-01T00:00:00"))
    with WarcFile(older) as warc:
        warc.response(ROUNDUP.url, old_body, at("2016-01-01T00:00:00"))
        warc.response(PICKETS.url, same_but_earlier, at("2019-03-07T00:00:00"))
    run_import(archive, newer)
    current = current_fields(archive, ROUNDUP.url)
    summary = run_import(archive, older)
    assert summary.counts["superseded"] == 1 and summary.counts["events_changed"] == 0
    assert current_fields(archive, ROUNDUP.url) == current
    with archive.sessions() as s:
        times = s.execute(
            select(Snapshot.url, Snapshot.fetched_at, Snapshot.last_seen_at).order_by(Snapshot.id)
        )
        assert list(times) == [
            (ROUNDUP.url, at("2024-01-01T00:00:00"), at("2024-01-01T00:00:00")),
            # The same body seen earlier: its span now starts at the earlier capture.
            (PICKETS.url, at("2019-03-07T00:00:00"), at("2024-01-01T00:00:00")),
            (ROUNDUP.url, at("2016-01-01T00:00:00"), at("2016-01-01T00:00:00")),
        ]


def test_a_truncated_file_keeps_what_came_before(archive: Archive, tmp_path: Path) -> None:
    good, cut = tmp_path / "good.warc.gz", tmp_path / "cut.warc.gz"
    with WarcFile(good) as warc:
        warc.response(SW.url, SW.input_bytes(), at("2022-05-20T09:00:00"))
    whole = tmp_path / "whole.warc.gz"
    with WarcFile(whole) as warc:
        warc.response(ROUNDUP.url, ROUNDUP.input_bytes(), at("2022-05-20T10:00:00"))
        warc.response(PICKETS.url, PICKETS.input_bytes(), at("2022-05-20T10:00:01"))
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) - 500])  # inside the second record
    summary = run_import(archive, good, cut)
    assert summary.status == "failed"
    assert summary.error is not None and str(cut) in summary.error and "truncated" in summary.error
    assert [f[0] for f in fetches(archive)] == [SW.url, ROUNDUP.url]
    with archive.sessions() as s:
        run = s.scalars(select(CrawlRun)).one()
        assert run.status == "failed" and run.error == summary.error
    # The whole file, imported later, adds only what was missing.
    again = run_import(archive, whole)
    assert again.counts["skipped"] == {"already_imported": 1}
    assert [f[0] for f in fetches(archive)] == [SW.url, ROUNDUP.url, PICKETS.url]


def test_which_captures_are_articles_is_the_spiders_answer(
    archive: Archive, tmp_path: Path
) -> None:
    """Every shape of the URL table (tests/crawl/test_url_shapes.py), captured as an HTML page:
    what the spiders would fetch as an article is recorded as a fetch of that page, a print
    view becomes an alias, pages never fetched are skipped as print, the rest as no article."""
    from urllib.parse import urlsplit

    from scraper.spiders.routes import route
    from tests.crawl.test_url_shapes import ARTICLES, NOT_ARTICLES, site_of

    urls = [u for u, _ in ARTICLES] + [u for u, _, _ in NOT_ARTICLES]
    path = tmp_path / "shapes.warc.gz"
    expected_fetches: list[str] = []
    views = printed = others = 0
    with WarcFile(path) as warc:
        for i, url in enumerate(urls):
            warc.response(
                url,
                b"<html><body><p>A page.</p></body></html>",
                at(f"2020-01-01T00:{i // 60:02d}:{i % 60:02d}"),
            )
            found = route(site_of(url), url)
            if found.kind != "article":
                printed += found.reason == "print"
                others += found.reason != "print"
                continue
            assert found.fetch is not None
            if urlsplit(found.fetch).path != urlsplit(url).path:
                views += 1
            else:
                expected_fetches.append(urlsplit(found.fetch).path)
    summary = run_import(archive, path)
    c = summary.counts
    assert [urlsplit(url).path for url, *_ in fetches(archive)] == expected_fetches
    assert (c["responses"], c["views"]) == (len(expected_fetches), views)
    assert c["skipped"] == {"print": printed, "not_article": others}


def test_payloads_are_stored_as_the_page_not_as_sent(archive: Archive, tmp_path: Path) -> None:
    """Bodies sent gzip- or brotli-encoded or chunked are stored decoded, as a crawl stores
    them; one whose encoding cannot be undone, or whose data breaks off inside a whole record
    (a chunk, a compressed stream), is skipped, never stored as bytes that are not the page."""
    import gzip as gz

    import brotli

    page = SW.input_bytes()

    def chunks(data: bytes) -> bytes:
        cut = len(data) // 2
        parts = (data[:cut], data[cut:])
        return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"

    chunked = [("Transfer-Encoding", "chunked")]
    sent: list[tuple[bytes, list[tuple[str, str]]]] = [
        (gz.compress(page), [("Content-Encoding", "gzip")]),
        (brotli.compress(page), [("Content-Encoding", "br")]),
        (chunks(page), chunked),
        (chunks(gz.compress(page)), [("Content-Encoding", "x-gzip"), *chunked]),
        (page, chunked),  # joined by the recorder, which kept the header (browser recorders)
        # and what cannot be the page:
        (b"(zstd bytes)", [("Content-Encoding", "zstd")]),
        (gz.compress(page)[:-2000], [("Content-Encoding", "gzip")]),
        (brotli.compress(page)[:-2000], [("Content-Encoding", "br")]),
        (chunks(page)[:-3000], chunked),
    ]
    urls = [f"https://socialistworker.co.uk/news/story-{i}/" for i in range(len(sent))]
    path = tmp_path / "encoded.warc.gz"
    with WarcFile(path) as warc:
        for i, (body, headers) in enumerate(sent):
            warc.response(urls[i], body, at(f"2023-01-01T00:00:0{i}"), headers=headers)
    summary = run_import(archive, path)
    assert summary.status == "finished"
    assert summary.counts["skipped"] == {"undecodable": 4}
    with archive.sessions() as s:
        stored = {sn.url: store.snapshot_body(sn) for sn in s.scalars(select(Snapshot))}
    assert stored == {url: page for url in urls[:5]}
