"""Article-level facts: title, publication date, canonical URL and byline.

Read from whatever the page offers, in order of trust: machine-readable metadata (``<meta
property="article:published_time">``, ``<time datetime>``, JSON-LD), then the site module's
date element, then a visible dateline in the body ("Posted on Saturday, 3 January 2015"),
then a date in the URL. One pass over the tags that can carry these facts.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment

from scraper.parsers.body import class_key, class_string, words_of
from scraper.parsers.normalise import parse_date_text
from scraper.parsers.records import Block
from scraper.urls import bare_domain

_META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "pubdate",
    "publish-date",
    "sailthru.date",
)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|:\s+(?=[A-Z])")
_DATELINE = re.compile(
    r"^(?:(?:posted|published|updated|written|added|dated)(?:\s+on)?\s*:?\s*|from the [\w ]+?,\s*)?"
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+|[a-z]+\s+\d{1,2}(?:st|nd|rd|th)?),?\s+\d{4}\b",
    re.I,
)
_DATELINE_MAX = 90
_BYLINE = re.compile(r"^by\s+(?P<who>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})\s*$", re.I)


_TITLE_TAGS = frozenset({"h1", "h2", "h3"})
_TITLE_WORDS = frozenset({"title", "headline"})
_DATE_WORDS = frozenset({"date", "dateline", "published", "posted", "timestamp", "pubdate"})


def _class_words(tag: Tag) -> frozenset[str]:
    return _word_set(class_key(tag))


@functools.lru_cache(maxsize=8192)
def _word_set(key: str) -> frozenset[str]:
    return frozenset(words_of(key))


_SCANNED = frozenset({"meta", "link", "title", "script", "time", "h1", "span", "a", "div", "p"})

# What the metadata facts are read from wherever they stand on the page (a parse that keeps
# only some elements must keep these; see scraper/parsers/strained.py).
METADATA_TAGS = frozenset({"meta", "link", "title", "time"})
BYLINE_TAGS = frozenset({"span", "a", "div"})
_BYLINE_CLASSES = ("author", "post-author", "entry-author")
LD_JSON = "application/ld+json"


def is_byline_class(classes: str) -> bool:
    """A class attribute (one string) that marks the article's byline."""
    words = " ".join(classes.split()).lower()
    return "byline" in words or words in _BYLINE_CLASSES


def is_ld_json(script_type: str | None) -> bool:
    """The ``type`` of a ``<script>`` holding JSON-LD."""
    return (script_type or "").lower() == LD_JSON


@dataclass(frozen=True)
class PageFacts:
    title: str | None
    canonical_url: str | None
    # The machine-readable date (meta, JSON-LD, <time datetime>) or, failing that, a
    # date-looking element found by its class words.
    published: date | None
    byline: str | None
    # Every element with a class, in document order: site modules and the generic path
    # look their containers up here instead of walking the tree again.
    classed: tuple[Tag, ...] = ()
    # The machine-readable date alone: it outranks a site module's date element, which in
    # turn outranks date-looking elements found by class words (often page chrome).
    metadata_published: date | None = None
    # The first <article>, the first <main> and the first itemprop="articleBody" element,
    # by those keys: the generic path's fallbacks, found in the same walk.
    landmarks: Mapping[str, Tag] = field(default_factory=dict, compare=False, hash=False)

    def first(self, name: str, class_name: str) -> Tag | None:
        """The first ``<name class="… class_name …">`` of the page."""
        for tag in self.classed:
            if tag.name == name and class_name in tag.get_attribute_list("class"):
                return tag
        return None


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    out = " ".join(text.split())
    return out or None


def _ld_items(data: Any) -> list[dict[str, Any]]:
    """Flatten JSON-LD (a dict, a list, or an @graph) into its objects."""
    out: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[0:0] = item
        elif isinstance(item, dict):
            out.append(item)
            if isinstance(item.get("@graph"), list):
                stack[0:0] = item["@graph"]
    return out


def _ld_author(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return _clean(value) if isinstance(value, str) else None


def _in_story_list(tag: Tag) -> bool:
    """A date inside a list item or link dates another story (sidebars, related lists)."""
    el = tag.parent
    for _ in range(6):
        if el is None:
            return False
        if el.name in ("li", "a", "dd", "dt"):
            return True
        el = el.parent
    return False


def _site_name_part(part: str, url: str | None) -> bool:
    """True when a <title> part is the site's own name: its letters spell the domain's main
    label ("Valley Campaigner" on valleycampaigner.org.uk, "Morning Star" on
    morningstaronline.co.uk)."""
    if not url:
        return False
    letters = re.sub(r"[^a-z0-9]", "", part.lower())
    if len(letters) < 4:
        return False
    label = re.sub(r"[^a-z0-9]", "", bare_domain(url).split(".")[0])
    return bool(label) and letters in label


_LANDMARK_TAGS = frozenset({"article", "main"})
ARTICLE_BODY = "articleBody"


def scan_page(soup: BeautifulSoup, url: str | None = None) -> PageFacts:
    """Title, canonical URL, published date and byline from the page's metadata; ``url``
    tells the site's own name apart from the article's in the ``<title>``."""
    meta: dict[str, str] = {}
    canonical: str | None = None
    title_tag: str | None = None
    h1: str | None = None
    time_dates: list[tuple[bool, str]] = []
    ld_date: str | None = None
    ld_title: str | None = None
    ld_author: str | None = None
    byline: str | None = None
    classed_title: str | None = None
    # Visible date elements outside lists of other stories: (after the title?, date)
    visible_dates: list[tuple[bool, date]] = []
    title_seen = False
    classed: list[Tag] = []
    landmarks: dict[str, Tag] = {}
    for tag in soup.descendants:
        if type(tag) is not Tag:
            continue
        name = tag.name
        if name in _LANDMARK_TAGS and name not in landmarks:
            landmarks[name] = tag
        if (
            ARTICLE_BODY not in landmarks
            and "itemprop" in tag.attrs
            and tag.attrs["itemprop"] == ARTICLE_BODY
        ):
            landmarks[ARTICLE_BODY] = tag
        if "class" in tag.attrs:
            classed.append(tag)
            if classed_title is None or not title_seen or not visible_dates:
                words = _class_words(tag)
                if classed_title is None and name in _TITLE_TAGS and words & _TITLE_WORDS:
                    classed_title = _clean(tag.get_text(" "))
                    title_seen = True
                elif words & _DATE_WORDS and name != "time" and not _in_story_list(tag):
                    day = parse_date_text(tag.get_text(" ")[:200])
                    if day is not None:
                        visible_dates.append((title_seen, day))
        if name not in _SCANNED:
            continue
        if name == "meta":
            key = tag.get("property") or tag.get("name") or tag.get("itemprop")
            content = tag.get("content")
            if isinstance(key, str) and isinstance(content, str):
                meta.setdefault(key.strip().lower(), content)
        elif name == "link":
            rel = tag.get("rel")
            rels = rel if isinstance(rel, list) else [str(rel or "")]
            href = tag.get("href")
            if (
                canonical is None
                and "canonical" in [r.lower() for r in rels]
                and isinstance(href, str)
            ):
                canonical = href.strip() or None
        elif name == "title":
            if title_tag is None:
                title_tag = _clean(tag.get_text())
        elif name == "h1":
            if h1 is None:
                h1 = _clean(tag.get_text(" "))
            title_seen = True
        elif name == "time":
            dt = tag.get("datetime")
            if not isinstance(dt, str) and not _in_story_list(tag):
                # <time> with no datetime: its text is a visible date
                day = parse_date_text(tag.get_text(" ")[:200])
                if day is not None:
                    visible_dates.append((title_seen, day))
            if isinstance(dt, str):
                says_published = (
                    "published" in class_string(tag).lower()
                    or tag.get("itemprop") == "datePublished"
                )
                time_dates.append((says_published, dt))
        elif name == "script":
            script_type = tag.get("type")
            if not is_ld_json(script_type if isinstance(script_type, str) else None):
                continue
            try:
                data = json.loads(tag.string or "")
            except (ValueError, TypeError, RecursionError):
                continue
            for item in _ld_items(data):
                if ld_date is None and isinstance(item.get("datePublished"), str):
                    ld_date = item["datePublished"]
                if ld_title is None and isinstance(item.get("headline"), str):
                    ld_title = _clean(item["headline"])
                if ld_author is None and "author" in item:
                    ld_author = _ld_author(item["author"])
        elif (
            byline is None
            and "class" in tag.attrs
            and name != "p"
            and is_byline_class(class_string(tag))
        ):
            text = _clean(tag.get_text(" "))
            if text:
                m = _BYLINE.match(text)
                byline = m.group("who") if m else text
    published: date | None = None
    for key in _META_DATE_KEYS:
        if key in meta:
            published = parse_date_text(meta[key])
            if published:
                break
    if published is None and ld_date:
        published = parse_date_text(ld_date)
    if published is None and time_dates:
        ordered = sorted(time_dates, key=lambda t: not t[0])
        published = parse_date_text(ordered[0][1])
    metadata_published = published
    if published is None:
        # the page's own date stands after its title; chrome's dates are often before it
        after = [d for seen, d in visible_dates if seen]
        candidates = after or [d for _, d in visible_dates]
        published = candidates[0] if candidates else None
    title = classed_title or _clean(meta.get("og:title")) or ld_title
    if title is None and h1 and title_tag and h1 != title_tag and h1 in title_tag:
        # Blogger: <h1> is the blog's name and <title> is "Blog name: Post title"; unless
        # the rest is the site's own name ("Page not found | Socialist Party")
        rest = title_tag.replace(h1, "", 1).strip(" :|–—-")
        title = h1 if _site_name_part(rest, url) else (rest or h1)
    title = title or h1
    if title is None and title_tag:
        # "Site - Article" or "Article | Site": the article's part is the longer one
        parts = [p.strip() for p in _TITLE_SEPARATORS.split(title_tag) if p.strip()]
        own = [p for p in parts if not _site_name_part(p, url)] or parts
        title = max(own, key=len) if own else title_tag
    if canonical is None and meta.get("og:url"):
        canonical = meta["og:url"].strip() or None
    if byline is None:
        byline = _clean(meta.get("author")) or ld_author
    return PageFacts(
        title=title,
        canonical_url=canonical,
        published=published,
        byline=byline,
        classed=tuple(classed),
        metadata_published=metadata_published,
        landmarks=landmarks,
    )


# A line that says when the page was written: "Posted on 23rd June 2022", "Dated: 27 Jul
# 2002", "This post was written by Owen on June 21, 2011", "The Socialist issue 930 – 4
# January 2017", "Last updated 14/03/03".
_DATE_CUE = re.compile(
    r"\b(?:posted|published|dated|updated|written|added|issue\s+(?:no\.?\s*)?\d+)\b", re.I
)
_VISIBLE_MAX = 200
_WHOLE_DATE_MAX = 40
_NOT_TEXT = frozenset({"script", "style", "noscript", "template", "head", "title"})


def visible_date(soup: BeautifulSoup) -> date | None:
    """The page's date as its visible text gives it, for pages with no machine-readable
    date: a dated line ("Posted on …", "Dated: …", "issue 930 – 4 January 2017") first,
    else a line that is nothing but a full date ("10 March 2016"). Lines in lists and links
    date other stories."""
    whole: date | None = None
    for s in soup.find_all(string=True):
        parent = s.parent
        if parent is None or parent.name in _NOT_TEXT or isinstance(s, Comment):
            continue
        text = " ".join(str(s).split())
        if not text or len(text) > _VISIBLE_MAX or not any(ch.isdigit() for ch in text):
            continue
        if _in_story_list(parent):
            continue
        cue = _DATE_CUE.search(text)
        if cue:
            day = parse_date_text(text[cue.start() :])
            if day is not None and _has_year(text):
                return day
        if whole is None and len(text) <= _WHOLE_DATE_MAX and _has_year(text):
            day = parse_date_text(text)
            if day is not None:
                whole = day
    return whole


def _has_year(text: str) -> bool:
    return re.search(r"\b(?:19|20)\d\d\b|\b\d{1,2}/\d{1,2}/\d{2}\b", text) is not None


def take_datelines(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], date | None, str | None]:
    """Remove visible datelines and "By …" bylines from the first blocks of the body; return
    the remaining blocks, the dateline's date and the byline."""
    out: list[Block] = []
    found: date | None = None
    byline: str | None = None
    for i, b in enumerate(blocks):
        if i < 6 and b.kind in ("paragraph", "heading") and len(b.text) <= _DATELINE_MAX:
            if _DATELINE.match(b.text):
                day = parse_date_text(b.text)
                if day is not None:
                    found = found or day
                    continue
            m = _BYLINE.match(b.text)
            if m and byline is None and not out:
                byline = m.group("who")
                continue
        out.append(b)
    return tuple(out), found, byline
