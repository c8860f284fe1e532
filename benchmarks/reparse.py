"""Reparse throughput, memory and resume cost on a synthetic archive, with the real parser.

Builds an archive of ``--snapshots`` (default 20,000) invented roundup pages (bulk inserts
through the models), rendered in The Socialist's layout by tests/support/sitegen/, the page chrome
the parser corpus is measured on (``--layout thin``: almost no chrome, text-heavy pages, the
parser's worst case against a bare parse). Then, in the same run:

1. bare ``BeautifulSoup(html, "lxml")`` over the same pages on one core (the baseline);
2. `archive reparse` with ``--workers`` (default 2) and the real ``parse_article``;
3. the same reparse again without --force (nothing left to do);

and prints snapshots/s, the ratio against the baseline (target >= 1.3x with 2 workers),
the second run's time as a share of the first (target < 5%), and peak memory (target
< 400 MB): resident set of the main process and of the largest worker.

    .venv/bin/python benchmarks/reparse.py [--snapshots N] [--workers N] [--url DB_URL]

Without --url the archive is a fresh SQLite file in a temporary directory (deleted after).
"""

from __future__ import annotations

import argparse
import gc
import html
import os
import random
import resource
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bs4 import BeautifulSoup
from sqlalchemy import insert

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from archive import db, store  # noqa: E402
from archive.models import Article, ArticleURL, Snapshot  # noqa: E402
from archive.reparse import ReparseOptions, reparse  # noqa: E402
from scraper.parsers.registry import Rules, current_rules  # noqa: E402
from tests.support import sitegen  # noqa: E402

DOMAIN = "socialistparty.org.uk"
INSERT_CHUNK = 1000
# Pages kept for the one-core rates (bare parse, parser alone).
SAMPLE = 600

# Invented material: real UK towns (the gazetteer needs them), invented people and details.
TOWNS = (
    "Stockport", "Wigan", "Bolton", "Leek", "Crewe", "Bury", "Hyde", "Derby", "Leicester",
    "Coventry", "Swansea", "Cardiff", "Hull", "Grimsby", "Carlisle", "Lancaster", "Preston",
    "Exeter", "Plymouth", "Norwich", "Ipswich", "Colchester", "Reading", "Oxford", "Luton",
)  # fmt: skip
FIRST = ("Ann", "Tom", "Priya", "Dev", "Maggie", "Sam", "Ravi", "Jo", "Kate", "Owen", "Lena")
LAST = ("Blake", "Reed", "Okafor", "Trewin", "Marsh", "Hale", "Dunmore", "Price", "Lowe")
EVENTS = (
    ("rally", "A lively rally in {town} drew {n} people to the war memorial on {day}."),
    ("meeting", "Around {n} came to a public meeting in {town} to discuss the housing crisis."),
    ("picket", "Over {n} joined the picket line at the {town} depot from six in the morning."),
    ("stall", "Our stall in {town} town centre sold {p} papers and collected £{m} for the fund."),
    ("demonstration", "More than {n} marched through {town} against the hospital closure."),
    ("vigil", "A vigil of about {n} gathered outside {town} library on {day} evening."),
)
# Filler sentences are assembled from parts, so reports in one roundup do not share wording
# (real reports do not, and content-based event matching should be measured on real shapes).
SUBJECTS = (
    "Speakers from the trades council",
    "A striking nurse",
    "The branch secretary",
    "Two local tenants",
    "A retired miner",
    "Students from the college",
    "A bus driver",
)
VERBS = ("explained", "described", "set out", "told us about", "warned about", "spoke about")
TOPICS = (
    "the rent rises",
    "the library closure",
    "the pay offer",
    "the bus cuts",
    "the new academy plan",
    "the hospital car park charges",
    "the housing waiting list",
    "zero-hours contracts",
    "the ward closure",
    "the council budget",
)
ENDINGS = (
    "and the next steps",
    "and how to fight back",
    "before the vote next week",
    "to loud applause",
    "and many signed the petition",
    "and we agreed a leaflet round",
)
DAYS = ("Saturday", "Sunday", "Monday", "Wednesday", "Friday")


def filler(rng: random.Random) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(TOPICS)} "
        f"{rng.choice(ENDINGS)}, and {rng.randint(2, 40)} more people {rng.choice(VERBS)} "
        f"{rng.choice(TOPICS)} on {rng.choice(DAYS)}."
    )


CHROME_TOP = (
    '<div id="topbar"><ul class="menu">'
    + "".join(f'<li><a href="/categories/c{i}/">Section {i}</a></li>' for i in range(12))
    + "</ul></div>"
)
CHROME_SIDE = (
    '<div id="sidebar"><h2>Most read</h2><ul>'
    + "".join(
        f'<li><a href="/articles/{20000 + i}/0{1 + i % 9}-03-2016/x/">Over {100 + i * 7} join '
        f"protest number {i}</a> ({1 + i % 28} March 2016)</li>"
        for i in range(15)
    )
    + "</ul></div>"
)
CHROME_FOOT = (
    '<div id="footer"><p>Socialist Party, registered office, London. Copyright 1996-2024.</p>'
    '<p><a href="/about/">About us</a> | <a href="/contact/">Contact</a></p></div>'
)


def roundup_blocks(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """One invented roundup's body: 3-6 reports, each a heading, a few paragraphs and a
    sign-off, sometimes a photo caption between reports. (kind, text) pairs."""
    blocks: list[tuple[str, str]] = []
    for _ in range(rng.randint(3, 6)):
        town = rng.choice(TOWNS)
        kind, template = rng.choice(EVENTS)
        blocks.append(("heading", f"{town} {kind}"))
        lead = template.format(
            town=town,
            n=rng.randint(8, 900),
            day=rng.choice(DAYS),
            p=rng.randint(5, 60),
            m=rng.randint(10, 400),
        )
        blocks.append(("paragraph", f"{lead} {filler(rng)}"))
        for _ in range(rng.randint(1, 3)):
            blocks.append(("paragraph", f"{filler(rng)} {filler(rng)}"))
        blocks.append(
            ("signoff", f"{rng.choice(FIRST)} {rng.choice(LAST)}, {town} Socialist Party")
        )
        if rng.random() < 0.2:
            blocks.append(("caption", f"{town} photo {rng.choice(FIRST)} {rng.choice(LAST)}"))
    return blocks


def thin_page(title: str, published: date, blocks: list[tuple[str, str]]) -> bytes:
    """The Socialist's markup with almost no page chrome (text-heavy pages, the parser's
    worst case against a bare parse, whose cost grows with the markup)."""
    markup = {
        "heading": "<h3>{}</h3>",
        "paragraph": "<p>{}</p>",
        "signoff": "<p><em>{}</em></p>",
        "caption": '<figure><img src="/img/x.jpg" alt=""><figcaption>{}</figcaption></figure>',
    }
    body = "\n".join(markup[kind].format(html.escape(text)) for kind, text in blocks)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Socialist Party</title></head>
<body>{CHROME_TOP}<div id="main"><div id="content"><div class="article">
<h1 class="articleTitle">{title}</h1>
<div class="articleDate">From The Socialist newspaper, {published.day} {published:%B %Y}</div>
<div class="articleBody">
{body}
</div></div></div>{CHROME_SIDE}</div>{CHROME_FOOT}</body></html>
""".encode()


def roundup_page(
    rng: random.Random, n: int, published: date, layout: str = "socialistparty"
) -> tuple[str, bytes]:
    """One invented roundup page: in a layout of tests/support/sitegen/ (the page chrome the
    parser's corpus is measured on), or ``thin``."""
    title = f"Campaign roundup {n}"
    url = f"https://www.socialistparty.org.uk/articles/{30000 + n}/{published:%d-%m-%Y}/campaign-roundup-{n}/"
    blocks = roundup_blocks(rng, n)
    if layout == "thin":
        return url, thin_page(title, published, blocks)
    spec = sitegen.ArticleSpec(
        title=title,
        url=url,
        published=published,
        blocks=tuple(sitegen.Block(kind, text) for kind, text in blocks),
    )
    return url, sitegen.render(layout, spec)


def build_archive(url: str, count: int, layout: str, seed: int = 7) -> list[bytes]:
    """Bulk-insert ``count`` articles with one snapshot each; return a sample of bodies."""
    db.upgrade(url)
    engine, factory = db.open_archive(url)
    rng = random.Random(seed)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    sample: list[bytes] = []
    with db.unit_of_work(factory) as s:
        source_id = store.get_or_create_source(s, DOMAIN, now).id
    for start in range(0, count, INSERT_CHUNK):
        pages = []
        for n in range(start, min(start + INSERT_CHUNK, count)):
            published = date(2016, 1, 6) + timedelta(days=7 * (n % 400))
            page_url, body = roundup_page(rng, n, published, layout)
            pages.append((n, page_url, body, published))
            if len(sample) < SAMPLE and n % max(count // SAMPLE, 1) == 0:
                sample.append(body)
        with db.unit_of_work(factory) as s:
            s.execute(
                insert(Article),
                [
                    {
                        "id": n + 1,
                        "source_id": source_id,
                        "site_article_id": str(30000 + n),
                        "canonical_url": u.replace("https://www.", "https://").rstrip("/"),
                        "published": p,
                        "first_seen_at": now,
                        "last_seen_at": now,
                    }
                    for n, u, _b, p in pages
                ],
            )
            s.execute(
                insert(ArticleURL),
                [
                    {
                        "article_id": n + 1,
                        "url": u.replace("https://www.", "https://").rstrip("/"),
                        "first_seen_at": now,
                        "last_seen_at": now,
                    }
                    for n, u, _b, _p in pages
                ],
            )
            s.execute(
                insert(Snapshot),
                [
                    {
                        "article_id": n + 1,
                        "sha256": store.body_sha256(b),
                        "body": store.compress_body(b),
                        "compression": store.COMPRESSION,
                        "body_size": len(b),
                        "url": u,
                        "http_status": 200,
                        "content_type": "text/html; charset=utf-8",
                        "fetched_at": now,
                        "last_seen_at": now,
                        "times_seen": 1,
                    }
                    for n, u, b, _p in pages
                ],
            )
    db.realign_sequences(engine)  # the ids above were explicit: a later crawl inserts
    engine.dispose()
    return sample


def bare_parse_rate(bodies: list[bytes], rounds: int = 3) -> float:
    """Pages per second of BeautifulSoup(html, "lxml") alone, one core (best of rounds)."""
    best = 0.0
    for _ in range(rounds):
        started = time.perf_counter()
        for body in bodies:
            BeautifulSoup(body, "lxml")
        best = max(best, len(bodies) / (time.perf_counter() - started))
    return best


def parser_alone_rate(rules: Rules, bodies: list[bytes]) -> float:
    """Pages per second of the rules themselves, one core, after a warm-up page (the
    parser loads its gazetteer once per process)."""
    url = "https://www.socialistparty.org.uk/articles/30000/06-01-2016/campaign-roundup-0/"
    rules.parse(bodies[0], url, None, "text/html; charset=utf-8")
    started = time.perf_counter()
    for body in bodies:
        rules.parse(body, url, None, "text/html; charset=utf-8")
    return len(bodies) / (time.perf_counter() - started)


def maxrss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def vm_hwm_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory of a process (Linux /proc), None where unavailable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def reset_peak_rss() -> bool:
    """Restart this process's peak-RSS count from its current RSS (Linux), so the reparse's
    peak is not the archive build's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


class WorkerPeaks(threading.Thread):
    """Polls the peak RSS of this process's children (the parse workers) while they live.

    ru_maxrss of RUSAGE_CHILDREN cannot be used: a spawned child's count starts from its
    parent's size at fork time, so it reports the parent, not the worker."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peaks: dict[int, float] = {}
        self.stop = threading.Event()

    def children(self) -> list[int]:
        pids: list[int] = []
        for task in Path("/proc/self/task").iterdir():
            try:
                pids.extend(int(p) for p in (task / "children").read_text().split())
            except OSError:
                continue
        return pids

    def run(self) -> None:
        while not self.stop.wait(0.2):
            for pid in self.children():
                peak = vm_hwm_mb(pid)
                if peak is not None:
                    self.peaks[pid] = max(peak, self.peaks.get(pid, 0.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshots", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--url", help="an empty database to build the archive in")
    parser.add_argument(
        "--layout",
        default="socialistparty",
        choices=[*sitegen.LAYOUTS, "thin"],
        help="page markup: a tests/support/sitegen/ layout, or thin (almost no page chrome)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        started = time.perf_counter()
        sample = build_archive(url, args.snapshots, args.layout)
        build_s = time.perf_counter() - started
        avg_kb = sum(len(b) for b in sample) / len(sample) / 1024
        print(
            f"archive: {args.snapshots} snapshots (~{avg_kb:.1f} KB each) built in {build_s:.1f}s"
        )

        bare = bare_parse_rate(sample)
        print(
            f"bare BeautifulSoup(html, 'lxml'), 1 core, {len(sample)} of the pages: {bare:.1f} pages/s"
        )

        rules = current_rules()
        alone = parser_alone_rate(rules, sample)
        print(
            f"the real parser alone, 1 core, the same {len(sample)} pages: {alone:.1f} pages/s "
            f"({bare / alone:.1f}x the bare parse's cost; reparse cannot beat {args.workers} x this)"
        )
        engine, factory = db.open_archive(url)
        options = ReparseOptions(workers=args.workers, batch_size=args.batch_size)
        del sample
        gc.collect()
        peaks_reset = reset_peak_rss()
        watcher = WorkerPeaks()
        watcher.start()
        cpu_main = resource.getrusage(resource.RUSAGE_SELF).ru_utime
        started = time.perf_counter()
        first = reparse(factory, options, rules=rules)
        first_s = time.perf_counter() - started
        cpu_main = resource.getrusage(resource.RUSAGE_SELF).ru_utime - cpu_main
        cpu_workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
        rate = first.parsed / first_s if first_s else 0.0
        print(
            f"reparse (rules {rules.version}, {args.workers} workers): {first.parsed} parsed, "
            f"{first.parse_errors} errors, {first.events_added} events added in {first_s:.1f}s = {rate:.1f} snapshots/s"
        )
        print(f"ratio vs bare one-core parse: {rate / bare:.2f}x (target >= 1.3x with 2 workers)")
        print(
            f"CPU time: writing process {cpu_main:.1f}s ({1000 * cpu_main / max(first.parsed, 1):.2f} ms/snapshot), "
            f"parse workers {cpu_workers:.1f}s ({1000 * cpu_workers / max(first.parsed, 1):.2f} ms/snapshot; "
            f"bare parse {1000 / bare:.2f} ms/page); {os.cpu_count()} cores"
        )

        started = time.perf_counter()
        second = reparse(factory, options, rules=rules)
        second_s = time.perf_counter() - started
        print(
            f"second run without --force: {second.selected} selected, {second_s:.2f}s = "
            f"{100 * second_s / first_s:.2f}% of the first (target < 5%)"
        )
        engine.dispose()
        watcher.stop.set()
        watcher.join()
        main_mb = (vm_hwm_mb() if peaks_reset else None) or maxrss_mb(resource.RUSAGE_SELF)
        child_mb = max(watcher.peaks.values(), default=0.0)
        print(
            f"peak memory during reparse: main process {main_mb:.0f} MB, largest of "
            f"{len(watcher.peaks)} child processes {child_mb:.0f} MB, "
            f"main + {args.workers} workers at most {main_mb + args.workers * child_mb:.0f} MB "
            "(target < 400 MB)"
        )


if __name__ == "__main__":
    main()
