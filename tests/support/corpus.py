"""The parser fixture corpus: discovery of cases and the checks each case makes.

Why a plain module rather than conftest fixtures: the pytest file, ``tests/refresh_golden.py``
and the benchmark all need the same loader and the same checks, and a conftest cannot be
imported by a script.

A case is a folder ``tests/fixtures/parsers/<site>/<case>/`` holding

- ``source.txt``: the article as written (see :func:`tests.support.sitegen.parse_spec`), from which
  ``tests/build_corpus.py`` renders
- ``input.html``: the page bytes the parser reads (committed; tests read this file);
- ``meta.json``: the inputs of ``parse_article`` (url, published, content_type), a
  description of the hard case, hand-written ``facts`` (the author's truth about the article
  and each event, by segment), and ``must_contain`` / ``must_not_contain`` text checks;
- ``expected.json`` (once the rules pass the facts): the parser's whole output, the golden
  file; ``tests/refresh_golden.py --write`` rewrites it after a deliberate rules change.

Fact conventions: a reporter is the person's name as the sign-off or lead-in writes it
("Paula Mitchell" from "Paula Mitchell, London Socialist Party"; "Amy Clarke and Jon Bristow"
kept together), or the whole sign-off when it names no person ("Socialist Party reporters",
"A Walthamstow Labour Party member"), as the issue's seed list gives them; speakers and
organisations are subsets; venue comparison ignores a leading "the".

Every check returns a list of problems (empty when it holds), so a failure names the case,
the field and each segment that disagrees.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from scraper.parsers import ParsedArticle, parse_article
from scraper.parsers.records import VERSIONED_FIELDS
from tests.support.sitegen import CHROME_PHRASES, parse_spec, render

CORPUS_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "parsers"
REFRESH_COMMAND = "python tests/refresh_golden.py --write"

# Event fields a case's facts may state, and the article-level ones.
EVENT_FACT_FIELDS: tuple[str, ...] = tuple(
    f for f in VERSIONED_FIELDS if f not in ("segment", "text")
)
ARTICLE_FACT_FIELDS: tuple[str, ...] = ("title", "published", "fell_back", "canonical_url")
# Every event fact must at least say these (the author always knows them).
REQUIRED_EVENT_FACTS: tuple[str, ...] = ("event_type", "attendance", "reporter", "event_date")


@dataclass(frozen=True)
class Case:
    """One corpus article with its inputs and its author's facts."""

    id: str  # "<site>/<case>"
    path: Path
    url: str
    published: date | None
    content_type: str | None
    description: str
    facts: dict[str, Any]
    must_contain: tuple[Any, ...]
    must_not_contain: tuple[str, ...]

    @property
    def input_path(self) -> Path:
        return self.path / "input.html"

    @property
    def expected_path(self) -> Path:
        return self.path / "expected.json"

    def input_bytes(self) -> bytes:
        return self.input_path.read_bytes()


def load_case(path: Path) -> Case:
    """Read one case folder; a malformed meta.json is a ValueError naming the folder."""
    case_id = f"{path.parent.name}/{path.name}"
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        facts = meta["facts"]
        case = Case(
            id=case_id,
            path=path,
            url=meta["url"],
            published=date.fromisoformat(meta["published"]) if meta.get("published") else None,
            content_type=meta.get("content_type"),
            description=meta["description"],
            facts=facts,
            must_contain=tuple(meta.get("must_contain", ())),
            must_not_contain=tuple(meta.get("must_not_contain", ())),
        )
        events = facts["events"]
        if facts["event_count"] != len(events):
            raise ValueError(f"event_count {facts['event_count']} but {len(events)} event facts")
        for i, ev in enumerate(events):
            if ev.get("segment") != i:
                raise ValueError(f"event facts must be in segment order, #{i} says {ev}")
            missing = [k for k in REQUIRED_EVENT_FACTS if k not in ev]
            unknown = [k for k in ev if k != "segment" and k not in EVENT_FACT_FIELDS]
            if missing or unknown:
                raise ValueError(f"segment {i}: missing facts {missing}, unknown keys {unknown}")
        for key in facts.get("article", {}):
            if key not in ARTICLE_FACT_FIELDS:
                raise ValueError(f"unknown article fact {key!r}")
    except (OSError, KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"bad corpus case {case_id}: {exc}") from exc
    return case


def discover(root: Path = CORPUS_DIR) -> list[Case]:
    """Every case folder under ``root`` (one holding a meta.json), sorted by id."""
    return [load_case(meta.parent) for meta in sorted(root.glob("*/*/meta.json"))]


def select(cases: list[Case], wanted: list[str]) -> list[Case]:
    """Cases whose id equals or starts with one of ``wanted`` ("socialistparty/" for a site)."""
    if not wanted:
        return cases
    chosen = [
        c for c in cases if any(c.id == w or c.id.startswith(w.rstrip("/") + "/") for w in wanted)
    ]
    unknown = [
        w
        for w in wanted
        if not any(c.id == w or c.id.startswith(w.rstrip("/") + "/") for c in cases)
    ]
    if unknown:
        raise ValueError(f"no corpus case matches {', '.join(unknown)}")
    return chosen


@cache
def _parse_cached(path: Path, url: str, published: date | None, ct: str | None) -> ParsedArticle:
    return parse_article((path / "input.html").read_bytes(), url, published, ct)


def parse_case(case: Case) -> ParsedArticle:
    """The parser's result for a case (cached: the rules are deterministic, and a case is
    checked field by field)."""
    return _parse_cached(case.path, case.url, case.published, case.content_type)


# --- golden output -----------------------------------------------------------------------


def golden_output(parsed: ParsedArticle) -> dict[str, Any]:
    """Everything the golden file pins: the article as the rules saw it and every event."""
    return {
        "article": {
            "title": parsed.title,
            "published": parsed.published.isoformat() if parsed.published else None,
            "site": parsed.site,
            "fell_back": parsed.fell_back,
        },
        "events": [ev.to_dict() for ev in parsed.events],
    }


VERSION_FILE = CORPUS_DIR / "VERSION"


def golden_digests(texts: dict[str, str] | None = None) -> dict[str, str]:
    """Case id -> sha256 of its golden file, for cases that have one. ``texts`` overrides
    some cases' text (a refresh in progress)."""
    import hashlib

    out: dict[str, str] = {}
    for case in discover():
        text = (texts or {}).get(case.id)
        if text is None and case.expected_path.exists():
            text = case.expected_path.read_text(encoding="utf-8")
        if text is not None:
            out[case.id] = hashlib.sha256(text.encode()).hexdigest()
    return out


def pinned_version() -> tuple[str, dict[str, str]]:
    """(rules version, case id -> golden digest) pinned in tests/fixtures/parsers/VERSION."""
    rows = [
        ln.split() for ln in VERSION_FILE.read_text(encoding="utf-8").splitlines() if ln.strip()
    ]
    version = next(parts[1] for parts in rows if parts[0] == "parser_version")
    return version, {parts[0]: parts[1] for parts in rows if parts[0] != "parser_version"}


def changed_under(pinned: dict[str, str], current: dict[str, str]) -> list[str]:
    """Cases whose golden file differs from the digest pinned for them (new cases are not
    changes: adding a case to the corpus needs no new version)."""
    return sorted(cid for cid, d in pinned.items() if cid in current and current[cid] != d)


def write_pinned_version(version: str, digests: dict[str, str]) -> None:
    lines = [f"parser_version {version}"] + [f"{cid} {d}" for cid, d in sorted(digests.items())]
    VERSION_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def golden_text(parsed: ParsedArticle) -> str:
    """The golden file's exact text: indented so that a rules change reads as a line diff."""
    return json.dumps(golden_output(parsed), ensure_ascii=False, indent=2) + "\n"


# --- fact checks -------------------------------------------------------------------------


def _norm(value: str) -> str:
    """Whitespace collapsed, case folded, surrounding punctuation dropped: facts are about
    content, not about a trailing full stop."""
    return re.sub(r"\s+", " ", value).strip().strip(".,:;–—- ").casefold()


def _norm_venue(value: str) -> str:
    return re.sub(r"^the ", "", _norm(value))


def _same(field: str, expected: Any, actual: Any) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    if field in ("heading", "place", "reporter", "attendance_text"):
        return isinstance(actual, str) and _norm(expected) == _norm(actual)
    if field == "venue":
        return isinstance(actual, str) and _norm_venue(expected) == _norm_venue(actual)
    if field in ("speakers", "organisations"):
        have = {_norm(x) for x in actual}
        return all(_norm(x) in have for x in expected)
    if field == "votes":
        return isinstance(actual, dict) and {_norm(k): v for k, v in expected.items()} == {
            _norm(k): v for k, v in actual.items()
        }
    if field == "money_raised":
        return isinstance(actual, int | float) and math.isclose(expected, actual, abs_tol=0.005)
    return bool(expected == actual)


def _event_field(field: str) -> Callable[[Case, ParsedArticle], list[str]]:
    def check(case: Case, parsed: ParsedArticle) -> list[str]:
        problems = []
        by_segment = {ev.segment: ev.to_dict() for ev in parsed.events}
        for fact in case.facts["events"]:
            if field not in fact:
                continue
            seg = fact["segment"]
            if seg not in by_segment:
                problems.append(f"segment {seg}: no such event (parser gave {len(by_segment)})")
                continue
            actual = by_segment[seg][field]
            if not _same(field, fact[field], actual):
                subset = " (subset)" if field in ("speakers", "organisations") else ""
                problems.append(f"segment {seg}: expected{subset} {fact[field]!r}, got {actual!r}")
        return problems

    return check


def _article_field(field: str) -> Callable[[Case, ParsedArticle], list[str]]:
    def check(case: Case, parsed: ParsedArticle) -> list[str]:
        expected = case.facts["article"][field]
        actual: Any = getattr(parsed, field)
        if isinstance(actual, date):
            actual = actual.isoformat()
        if field == "title":
            ok = actual is not None and _norm(expected) == _norm(actual)
        else:
            ok = expected == actual
        return [] if ok else [f"expected {expected!r}, got {actual!r}"]

    return check


def _event_count(case: Case, parsed: ParsedArticle) -> list[str]:
    want, got = case.facts["event_count"], len(parsed.events)
    if want == got:
        return []
    starts = [ev.text[:50] for ev in parsed.events]
    return [f"expected {want} events, got {got}; they start: {starts}"]


def _searchable(parsed: ParsedArticle) -> list[tuple[int, str, str]]:
    """(segment, field, value) of every text-bearing output field."""
    out = []
    for ev in parsed.events:
        out.append((ev.segment, "text", ev.text))
        for name in ("heading", "reporter", "venue", "place"):
            value = getattr(ev, name)
            if value:
                out.append((ev.segment, name, value))
    return out


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def _must_contain(case: Case, parsed: ParsedArticle) -> list[str]:
    problems = []
    texts = {ev.segment: _squash(ev.text) for ev in parsed.events}
    for item in case.must_contain:
        if isinstance(item, dict):
            seg, needle = item["segment"], _squash(item["text"])
            if needle not in texts.get(seg, ""):
                problems.append(f"segment {seg} text lacks {needle!r}")
        elif not any(_squash(item) in t for t in texts.values()):
            problems.append(f"no event text contains {item!r}")
    return problems


def _absent(needles: tuple[str, ...], parsed: ParsedArticle) -> list[str]:
    problems = []
    for needle in needles:
        for seg, name, value in _searchable(parsed):
            if _squash(needle) in _squash(value):
                problems.append(f"segment {seg} {name} contains {needle!r}")
    return problems


def _must_not_contain(case: Case, parsed: ParsedArticle) -> list[str]:
    return _absent(case.must_not_contain, parsed)


def _no_chrome(case: Case, parsed: ParsedArticle) -> list[str]:
    return _absent(CHROME_PHRASES, parsed)


def checks_for(case: Case) -> dict[str, Callable[[Case, ParsedArticle], list[str]]]:
    """The named checks this case's facts call for, in a stable order."""
    out: dict[str, Callable[[Case, ParsedArticle], list[str]]] = {"event_count": _event_count}
    for name in case.facts.get("article", {}):
        out[f"article.{name}"] = _article_field(name)
    for name in EVENT_FACT_FIELDS:
        if any(name in ev for ev in case.facts["events"]):
            out[name] = _event_field(name)
    if case.must_contain:
        out["must_contain"] = _must_contain
    if case.must_not_contain:
        out["must_not_contain"] = _must_not_contain
    out["no_chrome"] = _no_chrome
    return out


def fact_problems(case: Case, parsed: ParsedArticle) -> dict[str, list[str]]:
    """Every failing check of a case: {check name: problems}."""
    results = {name: check(case, parsed) for name, check in checks_for(case).items()}
    return {name: probs for name, probs in results.items() if probs}


def rendered_source(case: Case) -> bytes | None:
    """input.html as ``source.txt`` renders it now (None for a case without a source)."""
    source = case.path / "source.txt"
    if not source.exists():
        return None
    layout, spec = parse_spec(source.read_text(encoding="utf-8"))
    return render(layout, spec)
