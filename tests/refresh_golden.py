"""Show, and after a deliberate rules change rewrite, the corpus golden files.

    python tests/refresh_golden.py                      # diff every case against expected.json
    python tests/refresh_golden.py socialistparty/      # only one site's cases
    python tests/refresh_golden.py --write CASE ...     # rewrite expected.json
    python tests/refresh_golden.py --write --force ...  # ...even where hand-written facts fail

Why it refuses by default to write a case whose facts fail: the golden file pins the output
we accept as right; writing one over a failing fact would bless a wrong answer. Review the
diff it prints, bump PARSER_VERSION when the output changed, then commit the files.

It also refuses to write golden files that change while PARSER_VERSION still equals the
version pinned in tests/fixtures/parsers/VERSION: archives parsed by that version would
never be re-parsed (``archive reparse`` skips snapshots the current version has read), so
a change to what the rules output needs a new version. On a write it pins the new
version and the golden files' digest, which tests/test_parser_version.py checks.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scraper.parsers import PARSER_VERSION
from tests.support.corpus import (
    changed_under,
    discover,
    fact_problems,
    golden_digests,
    golden_text,
    parse_case,
    pinned_version,
    select,
    write_pinned_version,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite expected.json")
    parser.add_argument("--force", action="store_true", help="write even if facts fail")
    parser.add_argument("cases", nargs="*", help="case ids or site/ prefixes (default: all)")
    args = parser.parse_args(argv)
    try:
        cases = select(discover(), args.cases)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    changed = refused = written = 0
    pinned, pinned_digests = pinned_version()
    if args.write:
        would = {c.id: golden_text(parse_case(c)) for c in cases}
        moved = changed_under(pinned_digests, golden_digests(would))
        if moved and pinned == PARSER_VERSION:
            print(
                f"error: the rules' output changed for {len(moved)} cases ({moved[0]} …) but "
                f"PARSER_VERSION is still {pinned}: bump it in scraper/parsers/__init__.py first",
                file=sys.stderr,
            )
            return 2
    for case in cases:
        parsed = parse_case(case)
        actual = golden_text(parsed)
        path = case.expected_path
        expected = path.read_text(encoding="utf-8") if path.exists() else ""
        problems = fact_problems(case, parsed)
        if actual == expected:
            print(f"{case.id}: unchanged")
            continue
        changed += 1
        print(f"{case.id}: {'changed' if expected else 'no expected.json yet'}")
        sys.stdout.writelines(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                f"{case.id}/expected.json",
                "current output",
            )
        )
        for name, probs in problems.items():
            for p in probs:
                print(f"  FACT {name}: {p}")
        if args.write:
            if problems and not args.force:
                refused += 1
                print(f"  not written: {len(problems)} fact checks fail (--force to override)")
            else:
                path.write_text(actual, encoding="utf-8")
                written += 1
                print(f"  wrote {path}")
    if args.write and not refused:
        write_pinned_version(PARSER_VERSION, golden_digests())
        print(f"pinned parser_version {PARSER_VERSION} in tests/fixtures/parsers/VERSION")
    print(f"{len(cases)} cases, {changed} differ, {written} written, {refused} refused")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
