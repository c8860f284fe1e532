"""Small deterministic rule sets for reparse tests, with their own version strings.

Why not the real parser: reparse's job is to version whatever the rules output, so its tests
need rules whose output they control exactly, and two "versions" of them that differ in a
known way. These split a test page on ``<hr>`` (and, in the fine variant, on ``<h3>`` too)
and read attendance with a regex. They are module-level objects so that reparse's worker
processes (spawned, not forked) can import them by name, and so `archive reparse --rules
tests.support.reparse_rules:T1` can run them in a subprocess.
"""

from __future__ import annotations

import html as htmllib
import os
import re
import time
from dataclasses import dataclass
from datetime import date
from functools import partial

from scraper.parsers.records import EventRecord, ParsedArticle
from scraper.parsers.registry import Rules
from tests.support.factories import event, parsed

# A page containing this marker makes every rule set here raise (a parse that fails).
BROKEN_MARKER = "BROKEN-PAGE"


@dataclass(frozen=True)
class RuleConfig:
    version: str
    split_on_h3: bool = False
    attendance_words: tuple[str, ...] = ("people",)
    delay: float = 0.0  # seconds per page, to make a run slow enough to kill mid-way


def _clean(fragment: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def rule_parse(
    config: RuleConfig,
    html: bytes,
    url: str,
    published: date | None = None,
    content_type: str | None = None,
) -> ParsedArticle:
    text = html.decode("utf-8")
    if BROKEN_MARKER in text:
        raise ValueError("the test rules cannot read this page")
    if config.delay:
        time.sleep(config.delay)
    match = re.search(r"<body>(.*)</body>", text, re.S)
    body = match.group(1) if match else text
    pattern = r"<hr\s*/?>|(?=<h3>)" if config.split_on_h3 else r"<hr\s*/?>"
    attendance = re.compile(r"(\d+) (?:" + "|".join(config.attendance_words) + r")\b")
    records: list[EventRecord] = []
    for chunk in re.split(pattern, body):
        paragraphs = [_clean(p) for p in re.findall(r"<p>(.*?)</p>", chunk, re.S)]
        if not paragraphs:
            continue
        heading_match = re.search(r"<h[23]>(.*?)</h[23]>", chunk, re.S)
        joined = " ".join(paragraphs)
        found = attendance.search(joined)
        records.append(
            event(
                len(records),
                joined,
                heading=_clean(heading_match.group(1)) if heading_match else None,
                attendance=int(found.group(1)) if found else None,
                attendance_text=found.group(0) if found else None,
                parser_version=config.version,
            )
        )
    return parsed(url, *records, version=config.version)


# A page containing this marker kills the process parsing it (as the OOM killer would).
CRASH_MARKER = "CRASH-PAGE"


def crash_parse(
    html: bytes, url: str, published: date | None = None, content_type: str | None = None
) -> ParsedArticle:
    if CRASH_MARKER.encode() in html:
        os._exit(9)
    return rule_parse(RuleConfig("t1"), html, url, published, content_type)


# A page containing this marker takes a minute to parse (a long page, for SIGTERM tests).
LONG_MARKER = "LONG-PAGE"


def long_parse(
    html: bytes, url: str, published: date | None = None, content_type: str | None = None
) -> ParsedArticle:
    if LONG_MARKER.encode() in html:
        time.sleep(60)
    return rule_parse(RuleConfig("t1"), html, url, published, content_type)


# A page containing this marker asks for 2 GB (past a parser worker's memory cap).
HUNGRY_MARKER = "HUNGRY-PAGE"


def hungry_parse(
    html: bytes, url: str, published: date | None = None, content_type: str | None = None
) -> ParsedArticle:
    if HUNGRY_MARKER.encode() in html:
        bytearray(2 << 30)
    return rule_parse(RuleConfig("t1"), html, url, published, content_type)


def rules(config: RuleConfig) -> Rules:
    return Rules(config.version, partial(rule_parse, config))


T1 = rules(RuleConfig("t1"))
# The rules change under test: attendance is also read from "N supporters".
T2 = rules(RuleConfig("t2", attendance_words=("people", "supporters")))
# Same output as T1, slowly (for killing a run part-way through).
SLOW_T1 = rules(RuleConfig("t1", delay=0.1))
# One report per <h3> as well as per <hr> (splits), then back to <hr> only (merges).
FINE = rules(RuleConfig("t3-fine", split_on_h3=True))
COARSE = rules(RuleConfig("t4-coarse"))
# T1, except that a worker parsing a CRASH_MARKER page dies.
CRASHING_T1 = Rules("t1", crash_parse)
# T1, except that a LONG_MARKER page takes a minute.
LONG_T1 = Rules("t1", long_parse)
# T1, except that a HUNGRY_MARKER page needs more memory than a worker may have.
HUNGRY_T1 = Rules("t1", hungry_parse)


def page(*segments: str, title: str = "Roundup") -> bytes:
    """A test page: ``segments`` are HTML fragments joined by <hr>."""
    body = "<hr>".join(segments)
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>".encode()


def report(heading: str, *paragraphs: str, subheading: str | None = None) -> str:
    """One segment: an <h2>, paragraphs, and optionally an <h3> before the last paragraph."""
    parts = [f"<h2>{heading}</h2>"]
    for i, p in enumerate(paragraphs):
        if subheading is not None and i == len(paragraphs) - 1:
            parts.append(f"<h3>{subheading}</h3>")
        parts.append(f"<p>{p}</p>")
    return "".join(parts)
