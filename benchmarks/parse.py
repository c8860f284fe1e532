"""Parse throughput: the full ``parse_article`` against a bare ``BeautifulSoup(html, "lxml")``
of the same pages, measured in the same run, and their ratio (target: at most 1.5x).

Pages: every tests/fixtures/parsers/**/input.html, plus the seed rendered in each layout
when ../shared/seeds is present; the development set's pages (../shared/devset/cases, small
pages of sites mostly without a module: where the rules' own cost shows most) are measured
as a group of their own. ``parse_article`` keeps no cache from one page to the next, so
repeating a page in later rounds costs what it cost the first time. Each measurement is the best of several rounds (the least
disturbed by other work on the machine); the gazetteer is loaded before timing, since it is
built once per process. The same ratio is also printed per path: known sites' pages read from
the strained tree (scraper/parsers/strained.py), and pages that need the full tree (no site
module, a redesign, or no date the strained tree can trust).

    .venv/bin/python benchmarks/parse.py [--rounds N] [--clock cpu]

``--clock cpu`` times the CPU this thread used (time.thread_time) instead of the wall
clock: on a machine busy with other work, time spent waiting for a core is then not
counted, so the ratios move less from run to run (both functions are timed the same way).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from scraper.parsers import _read, gazetteer, parse_article  # noqa: E402
from scraper.parsers.decode import decode_html  # noqa: E402
from scraper.parsers.sites import site_for  # noqa: E402
from scraper.parsers.strained import parse_kept  # noqa: E402

CORPUS = REPO_ROOT / "tests" / "fixtures" / "parsers"

Page = tuple[bytes, str, date | None, str | None]


def corpus_pages() -> list[Page]:
    pages: list[Page] = []
    for html_path in sorted(CORPUS.glob("**/input.html")):
        meta_path = html_path.parent / "meta.json"
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
        published = meta.get("published")
        pages.append(
            (
                html_path.read_bytes(),
                meta.get("url", "https://example.org/"),
                date.fromisoformat(published) if published else None,
                meta.get("content_type"),
            )
        )
    return pages


def seed_pages() -> list[Page]:
    from tests.support import seed

    if not seed.SEED_FILE.is_file():
        return []
    pieces = seed.seed_pieces(seed.SEED_FILE.read_text("utf-8"))
    rendered = [layout(pieces) for layout in seed.LAYOUTS.values()]
    return [(page, url, None, content_type) for page, url, content_type in rendered]


DEVSET = REPO_ROOT.parent / "shared" / "devset"


def devset_pages() -> list[Page]:
    pages: list[Page] = []
    for gold in sorted((DEVSET / "gold").glob("*.json")) if DEVSET.is_dir() else ():
        html = DEVSET / "cases" / (gold.stem + ".html")
        if html.exists():
            url = json.loads(gold.read_text("utf-8"))["url"]
            pages.append((html.read_bytes(), url, None, None))
    return pages


def reads_strained(page: Page) -> bool:
    """True when parse_article answers this page from the strained tree."""
    site = site_for(page[1])
    if site is None:
        return False
    soup = parse_kept(decode_html(page[0], page[3]), site)
    return _read(soup, page[1], page[2], site, strained=True) is not None


CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.thread_time}


def timed_rounds(
    pages: list[Page],
    fns: tuple[Callable[[Page], object], ...],
    rounds: int,
    clock: Callable[[], float] = time.perf_counter,
) -> list[list[float]]:
    """Seconds per pass over all pages, per round and function; the functions' passes
    alternate within each round so that both see the same machine load."""
    out: list[list[float]] = []
    for _ in range(rounds):
        row = []
        for fn in fns:
            start = clock()
            for page in pages:
                fn(page)
            row.append(clock() - start)
        out.append(row)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--clock", choices=sorted(CLOCKS), default="wall")
    args = ap.parse_args()
    clock = CLOCKS[args.clock]
    pages = corpus_pages() + seed_pages()
    if not pages:
        sys.exit("benchmarks/parse.py: no pages (no corpus under tests/fixtures/parsers)")
    gazetteer.places()  # built once per process; not part of per-page cost

    def bare(page: Page) -> object:
        with warnings.catch_warnings():  # XHTML pages: bs4 warns, parse_article does not
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            return BeautifulSoup(page[0], "lxml")

    def full(page: Page) -> object:
        return parse_article(page[0], page[1], page[2], page[3])

    for fn in (bare, full):  # warm-up: imports, regex compilation, caches
        for page in pages:
            fn(page)
    times = timed_rounds(pages, (bare, full), args.rounds, clock)
    bare_rate = len(pages) / min(row[0] for row in times)
    full_rate = len(pages) / min(row[1] for row in times)
    # Each round's two passes ran back to back under the same load: the median of the
    # per-round ratios is steadier than the ratio of two bests on a busy machine.
    median = statistics.median(row[1] / row[0] for row in times)
    total_kb = sum(len(p[0]) for p in pages) / 1024
    print(
        f"pages: {len(pages)} ({total_kb:.0f} KiB), rounds: {args.rounds} (best of), "
        f"clock: {args.clock}"
    )
    print(f"BeautifulSoup(html, 'lxml') alone: {bare_rate:8.1f} pages/s")
    print(f"parse_article (full extraction):   {full_rate:8.1f} pages/s")
    ratio = bare_rate / full_rate
    print(
        f"cost ratio full/bare: {ratio:.2f}x (target <= 1.50x): {'OK' if ratio <= 1.5 else 'OVER'}"
    )
    print(f"median of per-round ratios: {median:.2f}x")
    strained = [p for p in pages if reads_strained(p)]
    whole = [p for p in pages if not reads_strained(p)]
    dev = devset_pages()
    for fn in (bare, full):
        for page in dev:
            fn(page)
    for label, group in (
        ("strained tree (known sites)", strained),
        ("full tree", whole),
        ("development set (../shared/devset)", dev),
    ):
        if not group:
            continue
        rows = timed_rounds(group, (bare, full), args.rounds, clock)
        group_median = statistics.median(row[1] / row[0] for row in rows)
        print(
            f"  {label}: {len(group)} pages, "
            f"{1000 * min(r[0] for r in rows) / len(group):.2f} ms bare, "
            f"{1000 * min(r[1] for r in rows) / len(group):.2f} ms full extraction per page; "
            f"median ratio {group_median:.2f}x"
        )


if __name__ == "__main__":
    main()
