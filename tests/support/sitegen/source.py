"""The plain-text spec format of the corpus's ``source.txt`` files."""

from __future__ import annotations

import re
from datetime import date

from tests.support.sitegen.render import LAYOUTS
from tests.support.sitegen.spec import ArticleSpec, Block

# Long prose reads better in a text file than in Python string literals, so the corpus keeps
# each article as ``source.txt``:
#
#   layout: socialistparty
#   url: https://www.socialistparty.org.uk/articles/1/24-08-2016/slug/
#   title: ...
#   published: 2016-08-24            (the date the page shows; "none" for none)
#   byline: ...                      (optional)   canonical: ... (optional)
#   encoding: windows-1252           (optional)   meta-charset: utf-8 | none (optional)
#   bom: yes                         (optional)
#   ---
#   h: a heading          p: a paragraph           li: a list item      quote: a blockquote
#   signoff: Name, Branch (signoff/plain:, signoff/strong:, signoff/em: choose the markup)
#   lead: Jane Doe reported from Coventry:   (lead/inline: runs into the next paragraph)
#   caption: Leeds photo Jo Bloggs           (caption/plain: no caption markup at all)
#   hr
#   A paragraph or list item may start with **bold label** text.

_PREFIXES: dict[str, str] = {
    "h": "heading",
    "p": "paragraph",
    "li": "list_item",
    "quote": "blockquote",
    "signoff": "signoff",
    "lead": "lead_in",
    "caption": "caption",
}


_LABEL = re.compile(r"^\*\*(?P<label>.+?)\*\*\s*(?P<rest>.*)$")


def parse_spec(text: str) -> tuple[str, ArticleSpec]:
    """Read a ``source.txt`` article spec: (layout, spec). Raises ValueError on a bad line."""
    head, sep, body = text.partition("\n---\n")
    if not sep:
        raise ValueError("spec needs a '---' line between header and body")
    fields: dict[str, str] = {}
    for line in head.splitlines():
        if line.strip():
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
    blocks: list[Block] = []
    for n, raw in enumerate(body.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line == "hr":
            blocks.append(Block("rule"))
            continue
        prefix, colon, rest = line.partition(": ")
        if not colon:
            raise ValueError(f"body line {n}: expected 'kind: text', got {line[:40]!r}")
        kind_key, _, style = prefix.partition("/")
        if kind_key not in _PREFIXES:
            raise ValueError(f"body line {n}: unknown kind {kind_key!r}")
        label = None
        m = _LABEL.match(rest)
        if m and kind_key in ("p", "li", "quote"):
            label, rest = m.group("label"), m.group("rest")
        blocks.append(Block(_PREFIXES[kind_key], rest, label=label, style=style or None))
    published = fields.get("published", "none")
    meta_charset: str | bool = True
    if "meta-charset" in fields:
        mc = fields["meta-charset"]
        meta_charset = False if mc == "none" else mc
    spec = ArticleSpec(
        title=fields["title"],
        url=fields["url"],
        published=None if published == "none" else date.fromisoformat(published),
        blocks=tuple(blocks),
        byline=fields.get("byline"),
        canonical=fields.get("canonical"),
        encoding=fields.get("encoding"),
        meta_charset=meta_charset,
        bom=fields.get("bom", "no") == "yes",
    )
    layout = fields["layout"]
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    return layout, spec
