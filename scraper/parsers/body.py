"""The body of an article as a flat sequence of blocks, with page chrome left out.

One recursive walk over the chosen body element turns markup into :class:`Block` s: headings,
paragraphs, list items, blockquotes, captions and rules. Text separated only by ``<br>``
(Blogger posts, table-layout sites) becomes one block per line, so a sign-off on its own line
is its own block whatever the markup. Menus, share bars, related lists and the like are
skipped by tag and by class/id words, so the splitter never sees them.

The walk touches each node of the body once and works on plain strings; it never re-queries
the tree, which keeps the whole parse close to the cost of building the tree.
"""

from __future__ import annotations

import functools
import itertools
import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction

from scraper.parsers.records import Block

# Tags whose content is never article text.
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "nav",
        "footer",
        "aside",
        "form",
        "iframe",
        "svg",
        "button",
        "select",
        "template",
        "head",
        "title",
        "input",
        "textarea",
        "object",
        "embed",
        "canvas",
        "map",
        "audio",
        "video",
        "header",
        "img",
        "picture",
        "source",
        "meta",
        "link",
        "label",
        "option",
    }
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
CAPTION_TAGS = frozenset({"figcaption"})
# Inline tags: their text joins the surrounding run of text.
INLINE_TAGS = frozenset(
    {
        "a",
        "em",
        "strong",
        "b",
        "i",
        "u",
        "span",
        "font",
        "small",
        "big",
        "sub",
        "sup",
        "abbr",
        "cite",
        "q",
        "mark",
        "time",
        "s",
        "strike",
        "code",
        "tt",
        "var",
        "kbd",
        "ins",
        "del",
        "bdi",
        "bdo",
        "wbr",
        "nobr",
        "acronym",
        "dfn",
        "samp",
    }
)
# Words in class/id values that mark page chrome (split on -, _, spaces and camelCase).
CHROME_WORDS = frozenset(
    {
        "menu",
        "nav",
        "navbar",
        "navigation",
        "sidebar",
        "share",
        "sharing",
        "sharebar",
        "social",
        "related",
        "cookie",
        "cookies",
        "consent",
        "comment",
        "comments",
        "footer",
        "newsletter",
        "signup",
        "subscribe",
        "subscription",
        "advert",
        "advertisement",
        "ad",
        "ads",
        "breadcrumb",
        "breadcrumbs",
        "byline",
        "author",
        "topbar",
        "promo",
        "widget",
        "pagination",
        "pager",
        "popular",
        "masthead",
        "header",
        "meta",
        "tags",
        "tag",
        "skip",
        "banner",
        "toolbar",
        "donate",
        "print",
    }
)
CHROME_PAIRS = frozenset({("most", "read"), ("sign", "up"), ("read", "more"), ("see", "also")})
_CLASS_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")

# A short block that credits a photo, or the enlarge link under it.
_CAPTION_TEXT = re.compile(
    r"\(click to enlarge|^\s*(?:\S+\s+){0,3}(?:photo|photos|picture|pic)(?:graph)?s?\b"
    r"(?:\s+by|\s*:)?\s+[A-Z]|\b(?:photo|picture|pic)(?:\s+by|\s*:)\s*[A-Z][\w'’.-]*"
    r"(?:\s+[A-Z][\w'’.-]*){0,2}\s*\)?\s*$",
    re.I,
)
_CAPTION_MAX = 160
_BR = "\u2029"  # a <br> inside a text run; text nodes never keep this character
_PARA_SPLIT = re.compile(_BR + r"+")
# Around link text in a run (text nodes never keep these): a block that is nothing but
# links is navigation ("<< Back to news", "Read more"), never report text.
_LINK_OPEN = "\ue000"
_LINK_CLOSE = "\ue001"
_MARKS = str.maketrans("", "", _BR + _LINK_OPEN + _LINK_CLOSE)
_LINKS_ONLY = re.compile(f"^(?:\\s*{_LINK_OPEN}[^{_LINK_CLOSE}]*{_LINK_CLOSE})+\\s*$")
_SKIP_STRINGS = (Comment, CData, ProcessingInstruction, Declaration, Doctype)


def class_key(tag: Tag) -> str:
    """A tag's class and id values as one string (the cache key of its class words)."""
    attrs = tag.attrs
    cls = attrs.get("class")
    ident = attrs.get("id")
    if not cls and not ident:
        return ""
    if cls:
        joined = " ".join(cls) if isinstance(cls, list) else str(cls)
        return f"{joined} {ident}" if ident else joined
    return str(ident)


@functools.lru_cache(maxsize=8192)
def words_of(key: str) -> tuple[str, ...]:
    """The lower-cased words of a class/id string. Pages repeat a few class strings many
    times (every menu item, every list row), so this is cached by the string."""
    return tuple(w.lower() for w in _CLASS_WORDS.findall(key))


@functools.lru_cache(maxsize=8192)
def _chrome_key(key: str) -> bool:
    words = words_of(key)
    if any(w in CHROME_WORDS for w in words):
        return True
    return any(p in CHROME_PAIRS for p in itertools.pairwise(words))


def class_words(tag: Tag) -> tuple[str, ...]:
    """The words of a tag's class and id, lower-cased (``shareBar most-read`` -> share, bar,
    most, read)."""
    key = class_key(tag)
    return words_of(key) if key else ()


def is_chrome(tag: Tag) -> bool:
    """True for elements whose class/id says menu, sidebar, share bar, related list, etc."""
    key = class_key(tag)
    return bool(key) and _chrome_key(key)


def is_caption_text(text: str) -> bool:
    """A photo credit or an enlarge link, recognised by its words when markup does not say."""
    return len(text) <= _CAPTION_MAX and _CAPTION_TEXT.search(text) is not None


def _clean(text: str) -> str:
    return " ".join(text.split())


class _Walker:
    """Accumulates runs of inline text and emits blocks at block boundaries."""

    __slots__ = ("blocks", "buf", "inside")

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        # Inside <li> or <blockquote>, nested paragraphs take the container's kind.
        self.inside: str | None = None

    def flush(self, kind: str = "paragraph") -> None:
        if not self.buf:
            return
        raw = "".join(self.buf)
        self.buf = []
        has_links = _LINK_OPEN in raw
        for part in _PARA_SPLIT.split(raw):
            k = kind
            if k == "paragraph" and self.inside is not None:
                k = self.inside
            if has_links:
                if k in ("paragraph", "list_item") and _LINKS_ONLY.match(part):
                    continue
                part = part.replace(_LINK_OPEN, "").replace(_LINK_CLOSE, "")
            text = _clean(part)
            if not text:
                continue
            if k in ("paragraph", "list_item") and is_caption_text(text):
                k = "caption"
            self.blocks.append(Block(k, text))

    def walk(self, el: Tag) -> None:
        for child in el.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, _SKIP_STRINGS):
                    s = str(child)
                    if _BR in s or _LINK_OPEN in s or _LINK_CLOSE in s:
                        s = s.translate(_MARKS)
                    self.buf.append(s)
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in SKIP_TAGS:
                continue
            if name == "br":
                self.buf.append(_BR)
                continue
            if child.attrs and is_chrome(child):
                continue
            if name == "a":
                self.buf.append(_LINK_OPEN)
                self.walk(child)
                self.buf.append(_LINK_CLOSE)
                continue
            if name in INLINE_TAGS:
                self.walk(child)
                continue
            if name == "hr":
                self.flush()
                self.blocks.append(Block("rule", "—"))
                continue
            self.flush()
            if name in HEADING_TAGS:
                self.walk(child)
                self.flush("heading")
            elif name == "p":
                self.walk(child)
                self.flush("heading" if _is_bold_line(child) else "paragraph")
            elif name == "li" or name == "blockquote":
                kind = "list_item" if name == "li" else "blockquote"
                outer = self.inside
                self.inside = kind
                self.walk(child)
                self.flush(kind)
                self.inside = outer
            elif name in CAPTION_TAGS or "caption" in class_words(child):
                self.walk(child)
                self.flush("caption")
            else:
                self.walk(child)
                self.flush()


def _is_bold_line(p: Tag) -> bool:
    """``<p><strong>Sub-head</strong></p>``: a paragraph that is one bold run is a sub-head."""
    only: Tag | None = None
    for child in p.children:
        if isinstance(child, NavigableString):
            if str(child).strip():
                return False
            continue
        if not isinstance(child, Tag) or only is not None:
            return False
        only = child
    return only is not None and only.name in ("strong", "b") and len(only.get_text()) <= 120


def blocks_from(element: Tag | BeautifulSoup) -> tuple[Block, ...]:
    """The body blocks of one element, chrome skipped, in reading order."""
    walker = _Walker()
    walker.walk(element)
    walker.flush()
    return tuple(walker.blocks)
