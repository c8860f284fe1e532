"""Peak memory of a whole crawl that meets hostile pages (target: under 600 MB across the
crawl's processes), against the same crawl of ordinary pages only, measured in the same run.

The hostile mirror holds ordinary roundups plus one long report of 1, 2 and 3.9 MB (parsed:
under the 4 MB ARCHIVE_PARSE_MAX_BYTES) and a 30 MB page of short reports (archived, not
parsed: over the cap). The resident memory of the crawl's process tree (scrapy, the writer,
the parser workers) is read from /proc every 0.1 s; the peak of the sum is printed, with the
crawl's time and the run's status. Linux only (/proc).

    .venv/bin/python benchmarks/hostile_crawl.py [--articles N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from archive import db  # noqa: E402
from tests.support.crawl_process import crawl_command, crawl_env  # noqa: E402
from tests.support.hostile import long_report, many_reports  # noqa: E402
from tests.support.mirror import MirrorSite, roundup_spec, serve, sp_path  # noqa: E402

TARGET_MB = 600
PUBLISHED = date(2024, 3, 6)
MB = 1_000_000


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def _tree_rss_mb(root: int) -> dict[int, tuple[str, float]]:
    """The resident memory of ``root`` and each of its descendants, in MB, by pid, with
    what each is: the crawl (scrapy), its writer (the child with children of its own), the
    writer's parser workers, or a helper (multiprocessing's resource tracker)."""
    out: dict[int, tuple[str, float]] = {}
    todo = [(root, 0)]
    while todo:
        pid, depth = todo.pop()
        children = _children(pid)
        role = ("crawl", "writer" if children else "helper", "parser worker")[min(depth, 2)]
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out[pid] = (role, int(line.split()[1]) / 1024)
                    break
        except OSError:
            continue
        todo += [(child, depth + 1) for child in children]
    return out


def _total(rss: dict[int, tuple[str, float]]) -> float:
    return sum(mb for _, mb in rss.values())


def _mirror(articles: int, hostile: bool) -> MirrorSite:
    site = MirrorSite()
    paths = []
    for n in range(articles):
        path = sp_path(8000 + n, PUBLISHED, f"roundup-{n}")
        spec = roundup_spec(n, f"https://www.socialistparty.org.uk{path}", PUBLISHED)
        site.add_article(path, "socialistparty", spec)
        paths.append(path)
    if hostile:
        for n, body in enumerate(
            (
                long_report(1 * MB),
                long_report(2 * MB),
                long_report(3_900_000),
                many_reports(30 * MB),
            )
        ):
            path = sp_path(9000 + n, PUBLISHED, f"hostile-{n}")
            site.add(path, body, content_type="text/html; charset=utf-8")
            paths.append(path)
    site.add_listing("/", "Home", paths)
    site.allow_robots()
    return site


def crawl_peak(
    articles: int, hostile: bool, workdir: Path
) -> tuple[float, float, int, list[tuple[str, float]]]:
    """(peak MB of the crawl's process tree, seconds, exit status, each process's role and
    MB at that peak, largest first)."""
    url = f"sqlite:///{workdir / ('hostile' if hostile else 'plain')}.sqlite"
    db.upgrade(url)
    site = _mirror(articles, hostile)
    with serve(site):
        command = crawl_command(
            "socialist",
            {"base_url": site.base_url},
            {"DOWNLOAD_MAXSIZE": str(64 * MB), "DOWNLOAD_WARNSIZE": "0"},
        )
        start = time.perf_counter()
        proc = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=crawl_env(url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        peak: dict[int, tuple[str, float]] = {}
        while proc.poll() is None:
            now = _tree_rss_mb(proc.pid)
            if _total(now) > _total(peak):
                peak = now
            time.sleep(0.1)
        parts = sorted(peak.values(), key=lambda part: -part[1])
        return _total(peak), time.perf_counter() - start, proc.returncode, parts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20, help="ordinary roundups per mirror")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plain = crawl_peak(opts.articles, False, Path(tmp))
        hostile = crawl_peak(opts.articles, True, Path(tmp))
    print(f"ordinary pages only: peak {plain[0]:.0f} MB, {plain[1]:.1f} s, exit {plain[2]}")
    print(
        f"with hostile pages:  peak {hostile[0]:.0f} MB, {hostile[1]:.1f} s, exit {hostile[2]}"
        f" (target < {TARGET_MB} MB: {'OK' if hostile[0] < TARGET_MB else 'NOT MET'})"
    )
    print(f"ratio hostile/ordinary peak: {hostile[0] / max(plain[0], 1):.2f}x")
    for label, run in (("ordinary", plain), ("hostile", hostile)):
        parts = ", ".join(f"{role} {mb:.0f}" for role, mb in run[3])
        print(f"processes at the {label} peak (MB): {parts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
