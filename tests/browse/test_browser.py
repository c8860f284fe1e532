"""`archive serve` in a real browser: headless Chromium (Debian's ``chromium`` package)
driven by Playwright, against the server on a random 127.0.0.1 port over a fixture archive.

One server and one browser for the module (they take seconds to start); each test opens its
pages and writes a screenshot of each for a person to look at (into the test's temporary
directory, and into $ARCHIVE_SCREENSHOTS_DIR when set: that is how docs/img/ is made). Map
tiles point at a closed local port: the markers must draw on a blank background.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from archive import db
from archive.browse.server import wait_until_up
from tests.conftest import Archive
from tests.support.databases import DatabaseFactory
from tests.support.research_archive import build

CHROMIUM = Path(os.environ.get("ARCHIVE_TEST_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS_ENV = "ARCHIVE_SCREENSHOTS_DIR"
DEAD_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"  # nothing listens on the discard port

ARCHIVE = (sys.executable, "-c", "from archive.cli import main; main()")

pytestmark = pytest.mark.slow

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)", allow_module_level=True)
try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:
    pytest.skip("Playwright is not installed (pip install -e '.[test]')", allow_module_level=True)


@dataclass
class Served:
    base: str
    archive: Archive
    shots: Path

    def sql(self, query: str, **params: Any) -> list[Any]:
        with self.archive.engine.connect() as conn:
            return list(conn.execute(text(query), params))

    def shoot(self, page: Page, name: str, selector: str | None = None) -> None:
        """A screenshot of the window (or of one element of the page)."""
        path = self.shots / f"{name}.png"
        if selector is None:
            page.screenshot(path=str(path))
        else:
            page.locator(selector).first.screenshot(path=str(path))
        assert path.stat().st_size > 1000
        if os.environ.get(SCREENSHOTS_ENV):
            target = Path(os.environ[SCREENSHOTS_ENV])
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / path.name)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served(
    _db_factories: dict[str, DatabaseFactory], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    work = tmp_path_factory.mktemp("served")
    url = _db_factories["sqlite"].migrated(work)
    engine, sessions = db.open_archive(url)
    archive = Archive(url, engine, sessions)
    build(archive)
    port = _free_port()
    log = (work / "serve.log").open("wb")
    argv = [*ARCHIVE, "serve", "--port", str(port), "--dir", str(work / "serve")]
    proc = subprocess.Popen(
        [*argv, "--tiles", DEAD_TILES],
        env={**os.environ, "ARCHIVE_DATABASE_URL": url},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/", proc)  # type: ignore[arg-type]
        shots = work / "screenshots"
        shots.mkdir()
        yield Served(base, archive, shots)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
        engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def _shown_count(page: Page) -> int:
    heading = page.locator("h3").filter(has_text=re.compile(r"\d+ rows?")).first.inner_text()
    match = re.match(r"([\d,]+) rows?", heading)
    assert match, heading
    return int(match.group(1).replace(",", ""))


def test_front_page_lists_current_events_first_and_links_charts(served: Served, page: Page) -> None:
    page.goto(served.base + "/events")
    tables = page.locator("h2 a, h3 a").all_inner_texts()
    listed = [t for t in tables if t in ("current_events", "earlier_versions", "variables")]
    assert listed[0] == "current_events", tables
    served.shoot(page, "database")
    charts = [a.get_attribute("href") or "" for a in page.locator("a[href^='/charts/']").all()]
    assert len(charts) == 4
    for href in charts:
        response = page.request.get(served.base + href)
        assert response.ok and len(response.body()) > 1000, href
        if href.endswith(".png"):
            page.goto(served.base + href)
            width = page.evaluate("document.images[0].naturalWidth")
            assert width > 100
    page.goto(served.base + "/charts/events-per-month-by-type.png")
    served.shoot(page, "chart")
    page.goto(served.base + "/charts/events-map.html")
    circles = page.locator("circle.spot")
    assert circles.count() > 0
    served.shoot(page, "map-html")


def test_filtered_table_shows_what_sql_counts_and_csv_gives_the_same_rows(
    served: Served, page: Page
) -> None:
    page.goto(served.base + "/events/current_events?event_type=rally&_sort=event_uid")
    expected = served.sql(
        "SELECT event_uid FROM current_events WHERE event_type = 'rally' ORDER BY event_uid"
    )
    assert _shown_count(page) == len(expected) == 3
    assert page.locator("table.rows-and-columns tbody tr").count() == len(expected)
    assert page.locator(".facet-info").count() >= 3  # type, site, place, month facets
    served.shoot(page, "table-rallies")
    page.locator("table.rows-and-columns").scroll_into_view_if_needed()
    served.shoot(page, "table-rows", "table.rows-and-columns")
    href = page.locator("p.export-links a", has_text="CSV").first.get_attribute("href")
    assert href
    body = page.request.get(served.base + href).text()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["event_uid"] for r in rows] == [r[0] for r in expected]


def test_map_markers_add_up_to_the_events_with_coordinates(served: Served, page: Page) -> None:
    page.goto(served.base + "/events/current_events")
    expected = served.sql("SELECT count(*) FROM current_events WHERE latitude IS NOT NULL")[0][0]
    assert expected > 0
    page.wait_for_selector(".leaflet-marker-icon", timeout=20_000)
    count_js = """() => {
        let n = 0;
        for (const el of document.querySelectorAll('.leaflet-marker-icon')) {
            if (el.classList.contains('marker-cluster')) n += parseInt(el.innerText, 10);
            else n += 1;
        }
        return n;
    }"""
    page.wait_for_function(f"({count_js})() === {expected}", timeout=20_000)
    assert page.evaluate(count_js) == expected
    served.shoot(page, "map", ".leaflet-container")


def test_writes_are_refused(served: Served, page: Page) -> None:
    before = served.sql("SELECT count(*) FROM current_events")[0][0]
    response = page.request.post(served.base + "/events/current_events", data={"x": "1"})
    assert response.status == 405
    page.goto(served.base + "/events?sql=delete+from+current_events")
    assert "Statement must be a SELECT" in page.content()
    served.shoot(page, "write-refused")
    page.goto(served.base + "/events/current_events")
    assert _shown_count(page) == before == served.sql("SELECT count(*) FROM current_events")[0][0]


def test_full_text_search_finds_only_matching_reports(served: Served, page: Page) -> None:
    rows = served.sql("SELECT event_uid, text FROM current_events ORDER BY event_uid")
    word = next(w for w in re.split(r"\W+", rows[0][1]) if w.endswith("x3"))
    matching = [uid for uid, body in rows if word in re.split(r"\W+", body)]
    assert len(matching) == 1
    page.goto(served.base + f"/events/current_events?_search={word}")
    assert _shown_count(page) == 1
    assert matching[0] in page.locator("table.rows-and-columns").inner_text()
    served.shoot(page, "search")
    page.goto(served.base + "/events/event_history?event_uid=" + matching[0])
    assert page.locator("table.rows-and-columns tbody tr").count() >= 1
