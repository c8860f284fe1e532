"""Crawl throughput: the archive pipeline against a crawl that drops every item, same run.

A generated mirror of The Socialist (``--articles`` invented roundups, at least 1,000, in
issue listings of 50) is served on 127.0.0.1, and the real ``socialist`` spider crawls it
twice, each time into a fresh archive, with the production settings except AutoThrottle and
DOWNLOAD_DELAY (a local mirror needs no politeness delay; both crawls keep two requests at a
time per site):

1. bare: ITEM_PIPELINES replaced by one that drops every item (fetch and discovery only);
2. archive: the ArchivePipeline (store, snapshot, parse, events; pages committed in groups).

Rate = article pages answered / the crawl's elapsed time (Scrapy's elapsed_time_seconds,
which ends after the pipeline has drained). Each round crawls bare then archive; the verdict
uses the median of the rounds' ratios, steadier than one pair on a shared machine. CPU per
page (the crawl process, its writer and parser processes together) shows where a 2-core machine's
limit lies whatever else is running. ``--latency-ms`` makes the mirror answer that
much later, like a real site across a network; the default 0 is the harshest case for the
pipeline. Target: archive rate >= 0.9 x bare rate.

    .venv/bin/python benchmarks/crawl.py [--articles 1000] [--latency-ms 0] [--rounds 3]
        [--database-url URL]
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from scrapy.exceptions import DropItem

REPO_ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 0.9
PER_LISTING = 50


class DropPipeline:
    """The baseline: every item is dropped unseen (what a crawl costs without archiving)."""

    def process_item(self, item: Any) -> Any:
        raise DropItem("benchmark baseline drops every item")


def build_mirror(articles: int, latency_s: float) -> Any:
    sys.path.insert(0, str(REPO_ROOT))
    from tests.support.mirror import MirrorSite, roundup_spec, sp_path

    site = MirrorSite()
    first = date(2010, 1, 6)
    issue_links: dict[int, list[str]] = {}
    for n in range(articles):
        published = first + timedelta(days=n)
        path = sp_path(100_000 + n, published, f"roundup-{n}")
        spec = roundup_spec(n, f"https://www.socialistparty.org.uk{path}", published)
        site.add_article(path, "socialistparty", spec, delay=latency_s)
        issue_links.setdefault(n // PER_LISTING, []).append(path)
    for issue, links in issue_links.items():
        site.add_listing(f"/issue/{issue + 1}/", f"Issue {issue + 1}", links)
    site.add_listing("/", "Home", [])
    site.add_listing("/issues/", "Issues", [f"/issue/{i + 1}/" for i in issue_links])
    site.allow_robots()
    return site


STAT = re.compile(
    r"'(elapsed_time_seconds|response_received_count|item_scraped_count|item_dropped_count)': ([\d.]+)"
)


def crawl(site_url: str, db_url: str, drop: bool) -> dict[str, float]:
    """One crawl in a child process: Scrapy's stats, wall time, and the CPU seconds it and
    its own children (the writer and parser processes) used."""
    sys.path.insert(0, str(REPO_ROOT))
    from tests.support.crawl_process import crawl_command, crawl_env

    settings = {"LOG_LEVEL": "INFO", "LOGSTATS_INTERVAL": "3600", "CLOSESPIDER_TIMEOUT": "0"}
    if drop:
        settings["ITEM_PIPELINES"] = '{"benchmarks.crawl.DropPipeline": 300}'
    cmd = crawl_command("socialist", {"base_url": site_url, "revisit": "none"}, settings)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        cmd, cwd=REPO_ROOT, env=crawl_env(db_url), capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"crawl failed:\n{result.stderr[-3000:]}")
    stats = {k: float(v) for k, v in STAT.findall(result.stderr)}
    stats["wall"] = wall
    stats["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return stats


@contextmanager
def fresh_database(url: str | None, workdir: Path, name: str) -> Iterator[str]:
    from archive import db
    from tests.support.databases import create_postgres_database, drop_postgres_database

    if url and url.startswith("postgres"):
        admin = db.database_url(url)
        new = create_postgres_database(admin)
        try:
            db.upgrade(new)
            yield new
        finally:
            drop_postgres_database(admin, new)
    else:
        new = f"sqlite:///{workdir / name}.sqlite"
        db.upgrade(new)
        yield new


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--latency-ms", type=float, default=0.0)
    ap.add_argument("--rounds", type=int, default=3, help="bare + archive crawls per round")
    ap.add_argument(
        "--database-url", help="a PostgreSQL server to create the archives on (default: SQLite)"
    )
    opts = ap.parse_args()
    if opts.articles < 1000:
        print("note: the issue's benchmark asks for at least 1,000 articles")
    sys.path.insert(0, str(REPO_ROOT))
    from tests.support.mirror import serve

    backend = "postgresql" if opts.database_url else "sqlite"
    print(
        f"crawl benchmark: {opts.articles} roundup articles, mirror latency "
        f"{opts.latency_ms:g} ms, 2 requests at a time, archive on {backend}, "
        f"{opts.rounds} round(s) of bare then archive"
    )
    site = build_mirror(opts.articles, opts.latency_ms / 1000)
    ratios: list[float] = []
    best = {"bare": 0.0, "archive": 0.0}
    with tempfile.TemporaryDirectory() as tmp, serve(site):
        for round_no in range(1, opts.rounds + 1):
            rates: dict[str, float] = {}
            for name, drop in (("bare", True), ("archive", False)):
                with fresh_database(opts.database_url, Path(tmp), f"{name}{round_no}") as url:
                    st = crawl(site.base_url, url, drop)
                rates[name] = opts.articles / st["elapsed_time_seconds"]
                best[name] = max(best[name], rates[name])
                print(
                    f"  round {round_no} {name:8} {rates[name]:7.1f} article pages/s   "
                    f"(elapsed {st['elapsed_time_seconds']:.1f} s, "
                    f"CPU {1000 * st['cpu'] / opts.articles:.1f} ms/page incl. the writer and "
                    f"parser processes, {st.get('response_received_count', 0):.0f} responses)"
                )
            ratios.append(rates["archive"] / rates["bare"])
            print(f"  round {round_no} ratio archive/bare = {ratios[-1]:.2f}")
    ratio = statistics.median(ratios)
    verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
    print(
        f"  best-of rates: bare {best['bare']:.1f}, archive {best['archive']:.1f} pages/s "
        f"(ratio {best['archive'] / best['bare']:.2f})"
    )
    print(
        f"  median per-round ratio archive/bare = {ratio:.2f} "
        f"({verdict} the target of {TARGET_RATIO})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
