"""Parse cost of hostile pages against their size: one long report, one long report quoting
people, and a page of many short reports (tests/support/hostile.py) at 1, 2 and 4 MB, with
the real ``parse_article``, and the ratio of each size's time to the one before it (target:
at most 2x per doubling, i.e. the cost is linear in the page's size; it was 4.6x and 2.9x
when one search per place named ran over the whole report, and 3.2x for the quoting report
when every hit scanned every quotation). Each time is CPU time (this process), the best of
``--rounds`` (the least disturbed by other work on the machine; each round times every size
in turn); the gazetteer is loaded before timing. Also printed: the peak resident memory of
this process.

    .venv/bin/python benchmarks/hostile_pages.py [--rounds N] [--sizes 1,2,4]

The budgets (archive/ingest/budgets.py) stop pages larger than ARCHIVE_PARSE_MAX_BYTES
(4 MB) before the parser; this measures the parser itself, without them.
"""

from __future__ import annotations

import argparse
import gc
import math
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from scraper.parsers import parse_article  # noqa: E402
from tests.support.hostile import long_report, many_reports, quoted_report  # noqa: E402

URL = "https://example.org/news/hostile"
SHAPES: dict[str, Callable[[int], bytes]] = {
    "one long report": long_report,
    "long quoting report": quoted_report,
    "many short reports": many_reports,
}


def best_times(pages: list[bytes], rounds: int) -> list[tuple[float, int]]:
    """(best CPU seconds, events) per page. The rounds go over every size in turn, so that
    other work on the machine falls on all sizes alike rather than on one."""
    best = [float("inf")] * len(pages)
    events = [0] * len(pages)
    for _ in range(rounds):
        for i, html in enumerate(pages):
            gc.collect()  # the page before's garbage (its tree's cycles) is not this one's cost
            started = time.process_time()
            events[i] = len(parse_article(html, URL).events)
            best[i] = min(best[i], time.process_time() - started)
    return list(zip(best, events, strict=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="1,2,4", help="page sizes in MB, each double the last")
    args = parser.parse_args()
    try:
        sizes = [float(s) for s in args.sizes.split(",")]
    except ValueError:
        parser.error(f"--sizes must be numbers of MB separated by commas, not {args.sizes!r}")
    if args.rounds < 1 or not sizes or min(sizes) <= 0:
        parser.error("--rounds and every size must be positive")
    parse_article(b"<html><body><p>Warm-up.</p></body></html>", URL)  # loads the gazetteer
    worst = 0.0
    for shape, make in SHAPES.items():
        previous: float | None = None
        timed = best_times([make(int(mb * 1_000_000)) for mb in sizes], args.rounds)
        for mb, (seconds, events) in zip(sizes, timed, strict=True):
            ratio = "" if previous is None else f"  x{seconds / previous:.2f} vs the size before"
            if previous is not None:
                worst = max(worst, seconds / previous)
            print(f"{shape:>20}  {mb:g} MB  {seconds:6.2f} s  {events:4d} events{ratio}")
            previous = seconds
        if len(sizes) > 1:
            # Over the whole range, per doubling: one slow round at one size moves it less.
            doublings = math.log2(sizes[-1] / sizes[0])
            overall = (timed[-1][0] / timed[0][0]) ** (1 / doublings)
            print(f"{shape:>20}  x{overall:.2f} per doubling from {sizes[0]:g} to {sizes[-1]:g} MB")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"worst ratio per doubling: x{worst:.2f} (target: about 2, linear; it was 2.9 to 4.6); "
        f"peak RSS {peak_mb:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
