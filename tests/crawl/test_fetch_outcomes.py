"""Every outcome of an article request is a fetch row with its reason, on both backends: a
redirect loop, a body over DOWNLOAD_MAXSIZE (as sent, and once decompressed), a binary body
served as text/html (an image, random bytes); none becomes a snapshot, and the crawl goes
on. A UTF-16 page labelled UTF-8 is read as the text it is."""

from __future__ import annotations

import gzip
import random
from datetime import date

import pytest
from sqlalchemy import select

from archive.models import CrawlRun, Fetch, Snapshot
from tests.conftest import Archive
from tests.support.crawl_process import run_crawl
from tests.support.hostile import many_reports
from tests.support.mirror import MirrorSite, serve, sp_path

pytestmark = pytest.mark.slow

MAXSIZE = 200_000
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def test_every_fetch_outcome_is_recorded_with_its_reason(archive: Archive) -> None:
    site = MirrorSite()
    published = date(2024, 3, 6)
    roles = ["fine", "loop", "oversize", "bomb", "png", "noise", "utf16"]
    paths = {role: sp_path(7400 + i, published, role) for i, role in enumerate(roles)}
    html = "text/html; charset=utf-8"
    site.add(paths["fine"], many_reports(3_000), content_type=html)
    # Two URLs of the article redirecting to each other.
    other = sp_path(7401, published, "loop", issue=500)
    site.add_redirect(paths["loop"], other, status=302)
    site.add_redirect(other, paths["loop"], status=302)
    site.add(paths["oversize"], many_reports(MAXSIZE + 50_000), content_type=html)
    bomb = gzip.compress(b"<html><body>" + b" " * (MAXSIZE * 5) + b"</body></html>")
    site.add(paths["bomb"], bomb, content_type=html, headers={"Content-Encoding": "gzip"})
    site.add(paths["png"], PNG, content_type=html)
    site.add(paths["noise"], random.Random(7).randbytes(6_000), content_type=html)
    site.add(paths["utf16"], many_reports(3_000).decode().encode("utf-16-le"), content_type=html)
    site.add_listing("/", "Home", list(paths.values()))
    site.allow_robots()
    with serve(site):
        result = run_crawl(
            "socialist",
            archive.url,
            {"base_url": site.base_url},
            settings={"DOWNLOAD_MAXSIZE": str(MAXSIZE), "DOWNLOAD_WARNSIZE": "0"},
        )
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Traceback" not in result.stderr
    with archive.sessions() as s:
        run = s.scalars(select(CrawlRun)).one()
        fetches = {
            f.url.rsplit("/", 2)[-2]: (f.outcome, f.detail)
            for f in s.scalars(select(Fetch).order_by(Fetch.id))
        }
        snapshots = {snap.url.rsplit("/", 2)[-2]: snap for snap in s.scalars(select(Snapshot))}
    assert run.status == "finished", run.error
    assert set(snapshots) == {"fine", "utf16"}
    assert snapshots["utf16"].parse_error is None
    assert fetches["loop"] == ("error", "redirect loop: more redirects than REDIRECT_MAX_TIMES")
    assert fetches["oversize"] == ("error", "over DOWNLOAD_MAXSIZE")
    assert fetches["bomb"] == ("error", "over DOWNLOAD_MAXSIZE once decompressed")
    assert fetches["png"] == (
        "not_article",
        "not an HTML page: a PNG image, served as text/html",
    )
    assert fetches["noise"] == (
        "not_article",
        "not an HTML page: binary data (control bytes), served as text/html",
    )
    assert (run.counts["fetch_errors"], run.counts["not_article"], run.counts["parsed"]) == (
        3,
        2,
        2,
    )
    assert run.counts["events_added"] > 0
