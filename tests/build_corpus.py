"""Render every corpus case's ``source.txt`` into its committed ``input.html``.

    python tests/build_corpus.py            # rewrite all input.html files
    python tests/build_corpus.py --check    # exit 1 if any input.html is stale
    python tests/build_corpus.py socialistparty/roundup-001

Why committed HTML rather than rendering at test time: the parser's golden files pin the
bytes it read, and a change to tests/support/sitegen/ must show up as a reviewed fixture diff, not
silently move every golden file. This script also checks that each meta.json agrees with
its source (same URL; a Content-Type header naming the charset the page really uses).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.corpus import CORPUS_DIR
from tests.support.sitegen import parse_spec, render_page


def _case_dirs(wanted: list[str]) -> list[Path]:
    dirs = sorted(p.parent for p in CORPUS_DIR.glob("*/*/source.txt"))
    if not wanted:
        return dirs
    chosen = [d for d in dirs if any(f"{d.parent.name}/{d.name}".startswith(w) for w in wanted)]
    if not chosen:
        raise ValueError(f"no case matches {' '.join(wanted)}")
    return chosen


def build(case_dir: Path, check: bool) -> str | None:
    """Render one case; return a problem description, or None when all is well."""
    case_id = f"{case_dir.parent.name}/{case_dir.name}"
    layout, spec = parse_spec((case_dir / "source.txt").read_text(encoding="utf-8"))
    page = render_page(layout, spec)
    meta = json.loads((case_dir / "meta.json").read_text(encoding="utf-8"))
    if meta["url"] != spec.url:
        return f"{case_id}: meta.json url {meta['url']} != source url {spec.url}"
    ct = meta.get("content_type")
    if ct is not None and ct.lower() != page.content_type.lower():
        return f"{case_id}: meta.json content_type {ct!r} but the page is {page.content_type!r}"
    target = case_dir / "input.html"
    if check:
        if not target.exists() or target.read_bytes() != page.body:
            return f"{case_id}: input.html is stale"
        return None
    target.write_bytes(page.body)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    parser.add_argument("cases", nargs="*", help="case ids or id prefixes (default: all)")
    args = parser.parse_args(argv)
    try:
        dirs = _case_dirs(args.cases)
        problems = [p for d in dirs if (p := build(d, args.check))]
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{len(dirs)} cases {'up to date' if args.check else 'rendered'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
