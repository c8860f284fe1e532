"""Splitting an article's blocks into reports.

Roundups mark where one report ends and the next begins in several ways, often mixed in one
page: a sign-off line ("Paula Mitchell, London Socialist Party"), a sub-heading, a lead-in
("Clare Wilkins reported from Birmingham:"), an ``<hr>``, or one report per list item. We read
the blocks once, in order, and close a report at each of these. Captions never take part.

Whether a short capitalised line is a sign-off or a sub-heading is decided by what it says
(a person's name or a role word such as "member" or "reporters" makes a sign-off; place and
organisation names alone make a heading) and where it stands (a line with no report text
before it in the current report can only open one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.parsers import names
from scraper.parsers.records import Block

SIGNOFF_MAX_CHARS = 100
SIGNOFF_MAX_WORDS = 12
HEADING_MAX_CHARS = 120
# A list item this long is a report of its own, not a line of a list inside a report.
LIST_REPORT_MIN_CHARS = 60
LIST_REPORT_MIN_WORDS = 8

_SIGNOFF_PREFIX = re.compile(
    r"^(?:[-–—]+\s*|(?:report(?:ed)?\s+by|by|from|written\s+by|words\s+by)\s+)", re.I
)
_SENTENCE_PUNCT = re.compile(r"[!?;:\"“”]|\.\s|\.$(?<![A-Z]\.)")
_LEAD_IN = re.compile(
    r"^(?P<who>(?:(?:Cllr|Dr|Rev)\.?\s+)?(?:[^\W\d_][\w'’.-]*\s+){1,3}?[^\W\d_][\w'’-]+"
    r"(?:\s+(?:and|&)\s+(?:[^\W\d_][\w'’.-]*\s+){1,2}?[^\W\d_][\w'’-]+)?)"
    r"\s+(?:reports?|reported|writes|wrote|sent (?:us )?(?:this|a) report|sends (?:this|a) report)"
    r"(?:\s+(?:from|in|on)\s+(?P<where>[^:]{1,60}?))?\s*:\s*(?P<rest>.*)$",
    re.S,
)
_LEAD_IN_FROM = re.compile(
    r"^(?:Report|A report)\s+(?:from|by)\s+(?P<who>[^:]{3,60}?)\s*:\s*(?P<rest>.*)$", re.S
)


@dataclass(frozen=True)
class Segment:
    """One report's blocks: its heading, its text paragraphs and who signed it."""

    heading: str | None
    paragraphs: tuple[str, ...]
    reporter: str | None
    from_list: bool = False  # one list item standing as a report of its own
    place_hint: str | None = None  # "… reported from Cardiff:" in a lead-in


def _words(text: str) -> list[str]:
    return text.replace(",", " , ").split()


def signoff_reporter(text: str) -> str | None:
    """The reporter a sign-off line names, or None when the line is not a sign-off.

    "Name, Branch", "Name Branch Socialist Party" and "Name Town" give the person's name (two
    people joined by "and" are kept together); a sign-off that names no person ("Socialist
    Party reporters", "A Walthamstow Labour Party member") is the reporter as written.
    """
    t = text.strip()
    if not t or len(t) > SIGNOFF_MAX_CHARS:
        return None
    t = _SIGNOFF_PREFIX.sub("", t).strip()
    t = t.rstrip(".").strip()
    if not t or _SENTENCE_PUNCT.search(t) or t.startswith("("):
        return None
    words = [w for w in _words(t) if w != ","]
    if not words or len(words) > SIGNOFF_MAX_WORDS:
        return None
    for w in words:
        bare = w.strip("()'’")
        if not bare:
            continue
        if names.is_capitalised(bare):
            continue
        if bare.lower() in names.CONNECTORS or bare.lower() in names.ROLE_WORDS:
            continue
        return None
    people = names.person_names(t)
    if people:
        return " and ".join(people)
    if any(w.lower() in names.ROLE_WORDS for w in words):
        return t
    return None


def lead_in(text: str) -> tuple[str, str, str | None] | None:
    """("Clare Wilkins", rest of paragraph, "from Birmingham") for "Clare Wilkins reported
    from Birmingham: …"."""
    for rx in (_LEAD_IN, _LEAD_IN_FROM):
        m = rx.match(text)
        if not m:
            continue
        who = m.group("who").strip()
        where = m.groupdict().get("where")
        people = names.person_names(who)
        if people:
            return " and ".join(people), m.group("rest").strip(), where
        if rx is _LEAD_IN_FROM:
            return who, m.group("rest").strip(), where
    return None


def _heading_like(text: str) -> bool:
    """A short line with no sentence punctuation at its end: a plain-paragraph sub-head."""
    return (
        len(text) <= HEADING_MAX_CHARS
        and text[-1:].isalnum()
        and len(text.split()) <= 16
        and text[:1].isupper()
    )


class _Splitter:
    __slots__ = ("heading", "hint", "paras", "reporter", "segments")

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.heading: str | None = None
        self.paras: list[str] = []
        self.reporter: str | None = None
        self.hint: str | None = None

    def close(self, reporter: str | None = None, from_list: bool = False) -> None:
        if self.paras:
            self.segments.append(
                Segment(
                    self.heading,
                    tuple(self.paras),
                    reporter or self.reporter,
                    from_list,
                    self.hint,
                )
            )
        self.heading = None
        self.hint = None
        self.paras = []
        self.reporter = None

    def start_lead_in(self, led: tuple[str, str, str | None]) -> None:
        """A lead-in ("Megan Price reported from Swansea: ...") starts a report: it keeps a
        heading that came just before it, names the reporter and may carry the first text."""
        heading = self.heading if not self.paras else None
        self.close()
        self.heading = heading
        self.reporter, first_text, self.hint = led
        if first_text:
            self.paras.append(first_text)


def split_blocks(blocks: tuple[Block, ...], title: str | None = None) -> list[Segment]:
    """The article's reports, in order (captions dropped, rules and sign-offs as breaks)."""
    sp = _Splitter()
    content = [b for b in blocks if b.kind != "caption"]
    title_key = (title or "").strip().lower()
    for i, b in enumerate(content):
        kind, text = b.kind, b.text
        if kind == "rule":
            sp.close()
            continue
        if kind in ("heading", "paragraph") and not sp.paras and text.strip().lower() == title_key:
            continue  # the article's title repeated at the top of the body
        if kind == "heading":
            led = lead_in(text)
            if led is not None:  # a bold lead-in line: "Megan Price reported from Swansea:"
                sp.start_lead_in(led)
                continue
            if sp.paras:
                signed = signoff_reporter(text)
                if signed and names.person_names(text):
                    sp.close(signed)
                    continue
                sp.close()
            sp.heading = text if sp.heading is None else sp.heading
            continue
        # paragraphs, list items, blockquotes
        if kind == "paragraph":
            led = lead_in(text)
            if led is not None:
                sp.start_lead_in(led)
                continue
        if kind in ("paragraph", "blockquote") and sp.paras:
            signed = signoff_reporter(text)
            if signed is not None:
                sp.close(signed)
                continue
        if kind == "paragraph" and not sp.paras and _heading_like(text):
            nxt = content[i + 1] if i + 1 < len(content) else None
            if (
                nxt is not None
                and nxt.kind in ("paragraph", "blockquote")
                and (signoff_reporter(text) is None or not names.person_names(text))
            ):
                if sp.heading is None:
                    sp.heading = text
                continue
        if (
            kind == "list_item"
            and len(text) >= LIST_REPORT_MIN_CHARS
            and len(text.split()) >= LIST_REPORT_MIN_WORDS
        ):
            heading = sp.heading if not sp.paras else None
            sp.close()
            sp.heading = heading
            sp.paras.append(text)
            sp.close(from_list=True)
            continue
        sp.paras.append(text)
    sp.close()
    return sp.segments
