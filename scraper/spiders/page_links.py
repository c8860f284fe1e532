"""A page's links (``<a href>``, ``<area href>``, ``<link rel="next" href>``) read without
building its tree.

Why: the spiders read every page for its links, and a Scrapy selector keeps the page's whole
lxml tree with the response, until the page's item is archived (which waits for its parse):
about six times the page's size (180 MB for a 30 MB page of short reports, most of the crawl
process's memory when such a page comes). Here the same lxml HTML parser, set up exactly as
Scrapy's selector sets it up (parsel's ``create_root_node``: the text stripped, NULs removed,
UTF-8, recovering, huge trees allowed), hands each start tag to a collector instead of a
tree builder, so the only memory kept is the links. The parser's events are the ones its
tree would be built from, so the answer is what ``response.css(LINK_SELECTOR).getall()``
gave, in document order (tests/crawl/test_page_links.py holds them to it).
"""

from __future__ import annotations

from lxml import etree

# Where a page's links are: anchors, image maps, and the rel=next of paginated listings (the
# selector this replaces, kept for the test that compares them).
LINK_SELECTOR = "a::attr(href), area::attr(href), link[rel~=next]::attr(href)"
_HREF_TAGS = frozenset({"a", "area"})
# XPath's normalize-space (which cssselect's ``~=`` uses) splits on these.
_XML_SPACE = " \t\n\r"


class _Links:
    """The parser's target: keeps the hrefs of the start tags that have links, inside the
    document's first element only (the selector searches from the root: what a broken page
    has after its root element has closed, the parser puts beside the root, not in it)."""

    def __init__(self) -> None:
        self.hrefs: list[str] = []
        self.depth = 0
        self.done = False  # the root element has closed

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if self.done:
            return
        self.depth += 1
        href = attrib.get("href")
        if href is None:
            return
        if tag in _HREF_TAGS or (tag == "link" and _rel_next(attrib.get("rel"))):
            self.hrefs.append(href)

    def end(self, tag: str) -> None:
        if self.done:
            return
        self.depth -= 1
        if self.depth == 0:
            self.done = True

    def close(self) -> list[str]:
        return self.hrefs


def _rel_next(rel: str | None) -> bool:
    if rel is None:
        return False
    for ch in _XML_SPACE[1:]:
        rel = rel.replace(ch, " ")
    return "next" in rel.split(" ")


def page_links(text: str) -> list[str]:
    """The hrefs of a page's ``<a>``, ``<area>`` and ``<link rel="next">`` elements, in
    document order, from its decoded text (``response.text``)."""
    body = text.strip().replace("\x00", "").encode("utf-8")
    if not body:
        return []
    parser = etree.HTMLParser(target=_Links(), recover=True, encoding="utf-8", huge_tree=True)
    try:
        found: list[str] = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError:  # nothing the parser could read: a page without links
        return []
    return found
