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
from collections.abc import Callable, Iterator
from typing import Literal

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction

from scraper.parsers import vocabulary as vocab
from scraper.parsers.records import Block
from scraper.parsers.vocabulary import ORG_WORDS

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
    r"(?:\s+by|\s*:)?\s+[A-Z@]|\b(?:photo|picture|pic)(?:\s+by|\s*:)\s*[A-Z@][\w'’.-]*"
    r"(?:\s+[A-Z][\w'’.-]*){0,2}\s*\)?\s*$",
    re.I,
)
_CAPTION_MAX = 160
# ... but "Report and photos: Sam Patel" credits the report too: a sign-off (see split.py).
_REPORT_CREDIT = re.compile(rf"^\s*{vocab.alt(vocab.SIGNOFF_CREDITS)}\s*:", re.I)
# Lines of page furniture that CMSs print inside the article container: hit counters,
# "Print this article | Email" tool rows, copyright lines, "Printed from …" footers.
_FURNITURE = re.compile(
    r"^(?:hits|views|reads|comments?|shares?)\s*:?\s*[\d,]+$|^(?:copyright|©|\(c\))\s"
    r"|^printed from\s|^(?:top of page|back to top|print this (?:article|page))\b",
    re.I,
)
_MENU_SEPARATOR = " | "
_FURNITURE_LINES = frozenset(vocab.FURNITURE_LINES)
_SHARE_WORDS = frozenset(vocab.SHARE_ROW_WORDS)
_SHARE_VERBS = frozenset({"share", "tweet", "follow", "email", "print"})
_LOWER_WORDS = re.compile(r"[a-z]+")
_FURNITURE_LINE_MAX = 120
# A clock time standing alone (a live blog's entry time), optionally with a date.
_TIMESTAMP = re.compile(
    r"^(?:updated\s+)?\d{1,2}[.:]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?(?:\s*(?:gmt|bst|utc))?"
    r"(?:\s*[,–—-]?\s*\d{1,2}\s+[A-Za-z]+(?:\s+\d{4})?)?$",
    re.I,
)
# Class words that mark a line's role where the markup says it outright.
_SIGNOFF_CLASS_WORDS = frozenset({"signoff", "signature", "sig"})
_BR = "\u2029"  # a <br> inside a text run; text nodes never keep this character
_PARA_SPLIT = re.compile(_BR + r"+")
# Around link text in a run (text nodes never keep these): a block that is nothing but
# links is navigation ("<< Back to news", "Read more"), never report text. Bold and italic
# runs are marked the same way, so that a line that is all bold (a sub-head in a
# <br>-separated body) or all italic (a sign-off) is known after the run is split.
_LINK_OPEN = "\ue000"
_LINK_CLOSE = "\ue001"
_BOLD_OPEN = "\ue002"
_BOLD_CLOSE = "\ue003"
_ITALIC_OPEN = "\ue004"
_ITALIC_CLOSE = "\ue005"
_ALL_MARKS = (
    _BR + _LINK_OPEN + _LINK_CLOSE + _BOLD_OPEN + _BOLD_CLOSE + _ITALIC_OPEN + _ITALIC_CLOSE
)
_MARKS = str.maketrans("", "", _ALL_MARKS)
_UNSTYLED = str.maketrans("", "", _BOLD_OPEN + _BOLD_CLOSE + _ITALIC_OPEN + _ITALIC_CLOSE)
_LINKS_ONLY = re.compile(f"^(?:\\s*{_LINK_OPEN}[^{_LINK_CLOSE}]*{_LINK_CLOSE})+\\s*$")
_LINK_TAGS = frozenset({"a"})
_BOLD_TAGS = frozenset({"b", "strong"})
_ITALIC_TAGS = frozenset({"i", "em"})
_SKIP_STRINGS = (Comment, CData, ProcessingInstruction, Declaration, Doctype)
# A whole-bold line this long, or a full sentence, is a bold paragraph, not a sub-head.
HEADING_MAX_CHARS = 120


def class_string(tag: Tag) -> str:
    """A tag's class values as one string ("" for none): bs4 gives a list, or a string for
    a tree built without its multi-valued attribute rules."""
    cls = tag.attrs.get("class")
    if not cls:
        return ""
    return " ".join(cls) if isinstance(cls, list) else str(cls)


def class_key(tag: Tag) -> str:
    """A tag's class and id values as one string (the cache key of its class words)."""
    joined = class_string(tag)
    ident = tag.attrs.get("id")
    if not ident:
        return joined
    return f"{joined} {ident}" if joined else str(ident)


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
    return (
        len(text) <= _CAPTION_MAX
        and _CAPTION_TEXT.search(text) is not None
        and not _REPORT_CREDIT.match(text)
    )


# A heading in capitals ("STRIKERS RALLY IN LEEDS"): read in sentence case with its places
# and acronyms capitalised ("Strikers rally in Leeds"), so that the capitals of names and
# places mean what they mean anywhere else.
_SHOUTED = re.compile(r"(?=(?:.*[A-Z]){4})[^a-z]+")
_WORD_RUN = re.compile(r"[A-Z][A-Z'’]*")
_LAST_DASH = re.compile(r"\s[–—-]\s(?!.*\s[–—-]\s)")


def _sentence_case(text: str) -> str:
    """ "STRIKERS RALLY IN LEEDS – TUC" -> "Strikers rally in Leeds – TUC"."""
    from scraper.parsers import gazetteer  # the gazetteer is read once, on first use

    first = True

    def word(m: re.Match[str]) -> str:
        nonlocal first
        w = m.group(0)
        opening, first = first, False
        if len(w) <= 4 and (w.lower() in ORG_WORDS or not any(c in "AEIOUY" for c in w)):
            return w  # an acronym: RMT, TUC, NHS
        titled = w[0] + w[1:].lower()
        if opening or gazetteer.lookup(titled) is not None:
            return titled
        return w.lower()

    signed = _LAST_DASH.search(text)
    if signed and len(text[signed.end() :].split()) <= 4:
        # "… – KATHERINE CONNELLY": the name signing the heading, in title case
        name = _WORD_RUN.sub(lambda m: m.group(0).title(), text[signed.end() :])
        return _WORD_RUN.sub(word, text[: signed.start()]) + signed.group(0) + name
    return _WORD_RUN.sub(word, text)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _outside(part: str, open_mark: str, close_mark: str) -> str:
    """The text of ``part`` outside the runs marked by ``open_mark``/``close_mark``."""
    out: list[str] = []
    depth = 0
    for ch in part:
        if ch == open_mark:
            depth += 1
        elif ch == close_mark:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _leading_bold(part: str) -> str | None:
    """The bold run that opens ``part`` ("<b>Bristol:</b> The city's part …"), if any."""
    stripped = part.lstrip(" \t\n\r" + _ITALIC_OPEN + _LINK_OPEN)
    if not stripped.startswith(_BOLD_OPEN):
        return None
    end = stripped.find(_BOLD_CLOSE)
    if end < 0:
        return None
    label = _clean(stripped[1:end].translate(_MARKS))
    return label or None


# A section title signed by its reporter: "Southampton Central – Julie Hope".
_SIGNED_TITLE = re.compile(
    r"^(?P<head>[A-Z][^.!?:;]{2,60}?)\s[–—-]\s(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})$"
)


def _signed_title(text: str) -> bool:
    """A short unstyled line naming a place or event and, after a dash, a person: a
    sub-heading with its reporter, as pages without bold headings write it."""
    m = _SIGNED_TITLE.match(text)
    if m is None:
        return False
    from scraper.parsers import names  # names reads the gazetteer on first use

    return names.looks_like_person(m.group("who").split())


_TITLE_SMALL_WORDS = frozenset(vocab.TITLE_SMALL_WORDS)
_TITLE_MAX_WORDS = 5
_TITLE_MAX_CHARS = 50


def _plain_title(text: str) -> bool:
    """A short unstyled line of capitalised words naming a place or an institution ("Leeds
    Met", "University of Hertfordshire"): a sub-heading. Not a person's name or an
    organisation's (those sign a report off), nor a sentence or a list."""
    words = text.split()
    if not 1 < len(words) <= _TITLE_MAX_WORDS or len(text) > _TITLE_MAX_CHARS:
        return False
    if any(c in text for c in '.!?,:;"“”') or any(c.isdigit() for c in text):
        return False
    if not all(w[:1].isupper() or w in _TITLE_SMALL_WORDS for w in words):
        return False
    from scraper.parsers import names  # names reads the gazetteer on first use

    if names.is_org_word(words[-1]) or names.looks_like_person(words[:3]):
        return False
    return any(names.is_place_word(w) for w in words)


def _is_full_sentence(text: str) -> bool:
    """A line that reads as a sentence (ends in a full stop after several words), not a
    headline: "BRIGHTON AND Hove council voted through a budget … of cuts."."""
    return text.endswith(".") and len(text.split()) >= 8


def is_furniture(text: str) -> bool:
    """Page furniture printed inside an article body: counters, tool rows, copyright lines,
    menus run together with " | ", the heading of a list of links ("Read more", "Related
    articles"), a row of share buttons ("Share this: Facebook Twitter Email")."""
    if _FURNITURE.search(text):
        return True
    if len(text) <= _FURNITURE_LINE_MAX:
        words = _LOWER_WORDS.findall(text.lower())
        if " ".join(words) in _FURNITURE_LINES:
            return True
        if words and all(w in _SHARE_WORDS for w in words) and _SHARE_VERBS & set(words):
            return True
    return text.count(_MENU_SEPARATOR) >= 2 and not _is_full_sentence(text)


class _Walker:
    """Accumulates runs of inline text and emits blocks at block boundaries."""

    __slots__ = ("blocks", "buf", "group", "groups", "hint", "inside")

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        # Inside <li> or <blockquote>, nested paragraphs take the container's kind, and
        # every block of one container shares its group number (one list item is one unit
        # however many <br>-separated lines it holds).
        self.inside: str | None = None
        self.group: int | None = None
        self.groups = 0
        self.hint: str | None = None

    def flush(self, kind: str = "paragraph") -> None:
        if not self.buf:
            return
        raw = "".join(self.buf)
        self.buf = []
        has_links = _LINK_OPEN in raw
        has_style = _BOLD_OPEN in raw or _ITALIC_OPEN in raw
        for part in _PARA_SPLIT.split(raw):
            k = kind
            if k == "paragraph" and self.inside is not None:
                k = self.inside
            if (
                has_links
                and k in ("paragraph", "list_item")
                and _LINKS_ONLY.match(part.translate(_UNSTYLED))
            ):
                continue
            style: str | None = None
            label: str | None = None
            if has_style:
                if not _clean(_outside(part, _BOLD_OPEN, _BOLD_CLOSE).translate(_MARKS)):
                    style = "bold"
                elif not _clean(_outside(part, _ITALIC_OPEN, _ITALIC_CLOSE).translate(_MARKS)):
                    style = "italic"
                else:
                    label = _leading_bold(part)
            text = _clean(part.translate(_MARKS))
            if not text or is_furniture(text):
                continue
            if k in ("paragraph", "list_item", "blockquote") and is_caption_text(text):
                k = "caption"
            elif k in ("paragraph", "list_item", "heading") and _TIMESTAMP.match(text):
                k = "timestamp"
            elif (
                style == "bold"
                and k in ("paragraph", "list_item")
                and len(text) <= HEADING_MAX_CHARS
                and not _is_full_sentence(text)
            ):
                k = "heading"
            elif k == "paragraph" and style is None and (_signed_title(text) or _plain_title(text)):
                k = "heading"  # "Southampton Central – Julie Hope", "Leeds Met" as plain text
            if k == "heading" and _SHOUTED.fullmatch(text) and len(text.split()) >= 4:
                # (a short line in capitals is a name or a place, "ROB TEMPLE": as written)
                text = _sentence_case(text)
            self.blocks.append(
                Block(k, text, style=style, label=label, group=self.group, hint=self.hint)
            )

    def walk(self, root: Tag) -> None:
        """Every node under ``root`` once, in order, with an explicit stack rather than
        recursion: a page of a thousand unclosed tags nests deeper than Python's stack."""
        stack: list[tuple[Iterator[PageElement], Callable[[], None] | None]] = [
            (iter(root.children), None)
        ]
        while stack:
            children, on_exit = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if on_exit is not None:
                    on_exit()
                continue
            if isinstance(child, NavigableString):
                if not isinstance(child, _SKIP_STRINGS):
                    s = str(child)
                    for mark in _ALL_MARKS:
                        if mark in s:
                            s = s.translate(_MARKS)
                            break
                    self.buf.append(s)
                continue
            if not isinstance(child, Tag):
                continue
            exit_action = self._enter(child)
            if exit_action is not False:
                stack.append((iter(child.children), exit_action))

    def _enter(self, child: Tag) -> Callable[[], None] | Literal[False] | None:
        """Start reading ``child``: False to skip it, else what to do once it is read."""
        name = child.name
        if name in SKIP_TAGS:
            return False
        if name == "br":
            self.buf.append(_BR)
            return False
        if child.attrs and is_chrome(child):
            return False
        for tags, opening, closing in (
            (_LINK_TAGS, _LINK_OPEN, _LINK_CLOSE),
            (_BOLD_TAGS, _BOLD_OPEN, _BOLD_CLOSE),
            (_ITALIC_TAGS, _ITALIC_OPEN, _ITALIC_CLOSE),
        ):
            if name in tags:
                self.buf.append(opening)
                return functools.partial(self.buf.append, closing)
        if name in INLINE_TAGS:
            return None
        if name == "hr":
            self.flush()
            self.blocks.append(Block("rule", "—", group=self.group))
            return False
        self.flush()
        outer_hint = self.hint
        if child.attrs and not _SIGNOFF_CLASS_WORDS.isdisjoint(class_words(child)):
            self.hint = "signoff"
        if name in HEADING_TAGS:
            kind = "heading"
        elif name == "li" or name == "blockquote":
            kind = "list_item" if name == "li" else "blockquote"
            outer, outer_group = self.inside, self.group
            self.inside = kind
            if self.group is None:
                self.groups += 1
                self.group = self.groups

            def leave_container() -> None:
                self.flush(kind)
                self.inside, self.group = outer, outer_group
                self.hint = outer_hint

            return leave_container
        elif name in CAPTION_TAGS or "caption" in class_words(child):
            kind = "caption"
        else:
            kind = "paragraph"

        def leave() -> None:
            self.flush(kind)
            self.hint = outer_hint

        return leave


def blocks_from(element: Tag | BeautifulSoup) -> tuple[Block, ...]:
    """The body blocks of one element, chrome skipped, in reading order."""
    walker = _Walker()
    walker.walk(element)
    walker.flush()
    return tuple(walker.blocks)
