"""The generic path: find an article's main text on a page we have no site module for.

First the containers content-management systems commonly use for an article body
(WordPress ``entry-content``, Drupal ``field--name-body``, Blogger ``post-body`` …); failing
those, text density: every run of text of sentence length scores its block's container (and
half its grandparent), links and chrome score nothing, and the best container wins. That is
enough for table layouts and other pages with no semantic markup.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from bs4 import BeautifulSoup, NavigableString, Tag

from scraper.parsers.article import ARTICLE_BODY
from scraper.parsers.body import INLINE_TAGS, SKIP_TAGS, class_key, is_chrome, words_of

# Body containers by the words of their class or id (in order of preference).
BODY_CLASS_WORDS: tuple[tuple[str, ...], ...] = (
    ("article", "body"),
    ("entry", "content"),
    ("post", "body"),
    ("post", "content"),
    ("field", "name", "body"),
    ("story", "text"),
    ("story", "body"),
    ("article", "content"),
    ("article", "text"),
    ("content", "body"),
    ("main", "content"),
)
MIN_BODY_CHARS = 80
MIN_TEXT_RUN = 25


_WANTED = tuple(" " + " ".join(w) + " " for w in BODY_CLASS_WORDS)


@functools.lru_cache(maxsize=8192)
def _container_rank(key: str) -> int | None:
    """The preference rank of a class/id string among the known body containers."""
    joined = " " + " ".join(words_of(key)) + " "
    for rank, wanted in enumerate(_WANTED):
        if wanted in joined:
            return rank
    return None


def _known_container(classed: tuple[Tag, ...], landmarks: Mapping[str, Tag]) -> Tag | None:
    """The best-ranked known body container holding text; failing that, the best-ranked
    one even if empty: a page whose article container is empty is an empty article, and
    falling back to <main> or text density would read its sidebars as the article."""
    ranked = sorted(
        (rank, i, tag)
        for i, tag in enumerate(classed)
        if (rank := _container_rank(class_key(tag))) is not None
    )
    for _, _, tag in ranked:
        if len(tag.get_text()) >= MIN_BODY_CHARS:
            return tag
    item = landmarks.get(ARTICLE_BODY)
    if isinstance(item, Tag):
        return item
    return ranked[0][2] if ranked else None


def _in_chrome(tag: Tag, root: Tag) -> bool:
    el: Tag | None = tag
    while el is not None and el is not root:
        if el.name in SKIP_TAGS or el.name == "a" or (el.attrs and is_chrome(el)):
            return True
        el = el.parent
    return False


def _paragraph_div(el: Tag) -> bool:
    """A ``<div>`` used as a paragraph (pages that write ``<div>`` for ``<p>``): it holds
    only text and inline markup, no block of its own."""
    return el.name == "div" and all(
        not isinstance(child, Tag) or child.name in INLINE_TAGS or child.name == "br"
        for child in el.children
    )


def _densest(root: Tag) -> Tag | None:
    scores: dict[int, list[object]] = {}
    # (the strings of the tree read off its walk: find_all(string=True) tests each node
    # through bs4's matching machinery; only plain strings count)
    for s in root.descendants:
        if type(s) is not NavigableString:
            continue
        text = s.strip()
        if len(text) < MIN_TEXT_RUN:
            continue
        parent = s.parent
        if parent is None or _in_chrome(parent, root):
            continue
        el: Tag = parent
        while el.name in INLINE_TAGS and el.parent is not None:
            el = el.parent
        container = el
        if el.parent is not None and (
            el.name in ("p", "li", "blockquote", "h2", "h3", "h4") or _paragraph_div(el)
        ):
            container = el.parent
        while container.name in INLINE_TAGS and container.parent is not None:
            container = container.parent
        weight = len(text) + text.count(",")
        for target, share in ((container, 1.0), (container.parent, 0.5)):
            if target is None or not isinstance(target, Tag):
                continue
            entry = scores.setdefault(id(target), [target, 0.0])
            entry[1] = float(entry[1]) + weight * share  # type: ignore[arg-type]
    if not scores:
        return None
    best = max(scores.values(), key=lambda e: e[1])  # type: ignore[arg-type,return-value]
    return best[0]  # type: ignore[return-value]


def find_main(
    soup: BeautifulSoup, classed: tuple[Tag, ...], landmarks: Mapping[str, Tag]
) -> Tag | None:
    """The element holding the article text, or None for a page with no readable text.
    ``classed`` is every element with a class, in document order, and ``landmarks`` the
    first <article>, <main> and itemprop="articleBody" element (from the page scan, so
    that the tree is not walked again for them)."""
    known = _known_container(classed, landmarks)
    if known is not None:
        return known
    for name in ("article", "main"):
        el = landmarks.get(name)
        if isinstance(el, Tag) and len(el.get_text()) >= MIN_BODY_CHARS:
            return el
    root = soup.body if isinstance(soup.body, Tag) else soup
    return _densest(root)


# Class words of a standfirst: the lead paragraph CMSs set apart above the body ("Last
# Thursday's day of action … took the anti-war message into every corner of Britain"),
# which often gives the day and the kind of event for every report below it.
STANDFIRST_WORDS = frozenset(
    {
        "standfirst",
        "lede",
        "dek",
        "strapline",
        "subtitle",
        "subheading",
        "excerpt",
        "summary",
        "intro",
    }
)
_STANDFIRST_MAX = 600
_LOOK_BACK = 400


def is_standfirst_class(classes: str) -> bool:
    """A class attribute (one string) that marks a standfirst."""
    low = classes.lower()
    return any(w in low for w in STANDFIRST_WORDS) and not any(
        w in words_of(classes) for w in ("nav", "menu", "sidebar", "related")
    )


def find_standfirst(body: Tag, classed: tuple[Tag, ...]) -> Tag | None:
    """The standfirst standing before the body (not inside it), if the page has one."""
    candidates = [
        t
        for t in classed
        if t.name in ("p", "div", "h2")
        and is_standfirst_class(class_key(t))
        and 20 <= len(t.get_text()) <= _STANDFIRST_MAX
    ]
    if not candidates:
        return None
    before = set(map(id, body.find_all_previous(limit=_LOOK_BACK)))
    for t in candidates:
        in_list = any(p.name in ("li", "a") for p in list(t.parents)[:5])
        if id(t) in before and t not in body.parents and not in_list:
            return t
    return None
