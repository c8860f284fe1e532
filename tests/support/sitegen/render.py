"""The layouts by name, and rendering a spec into the bytes (and Content-Type) a server sends."""

from __future__ import annotations

import html
import html.entities
from collections.abc import Callable
from dataclasses import dataclass

from tests.support.sitegen.blog import layout_blog
from tests.support.sitegen.counterfire import layout_counterfire
from tests.support.sitegen.morningstar import layout_morningstar
from tests.support.sitegen.socialistparty import (
    layout_socialistparty,
    layout_socialistparty_redesign,
)
from tests.support.sitegen.socialistworker import layout_socialistworker
from tests.support.sitegen.spec import ArticleSpec, RenderedPage
from tests.support.sitegen.table_site import layout_table


@dataclass(frozen=True)
class _Layout:
    render: Callable[[ArticleSpec, str], str]
    encoding: str
    entities: bool = False  # write non-ASCII as HTML entities (old hand-made pages do)


LAYOUTS: dict[str, _Layout] = {
    "socialistparty": _Layout(layout_socialistparty, "utf-8"),
    "socialistparty-redesign": _Layout(layout_socialistparty_redesign, "utf-8"),
    "socialistworker": _Layout(layout_socialistworker, "utf-8"),
    "counterfire": _Layout(layout_counterfire, "utf-8"),
    "morningstar": _Layout(layout_morningstar, "utf-8"),
    "tradescouncil-blog": _Layout(layout_blog, "windows-1252"),
    "table-site": _Layout(layout_table, "iso-8859-1", entities=True),
}


def _entities(text: str) -> str:
    """Non-ASCII as named or numeric character references, like a 1999 HTML editor."""
    out = []
    for ch in text:
        if ord(ch) < 128:
            out.append(ch)
        else:
            name = html.entities.codepoint2name.get(ord(ch))
            out.append(f"&{name};" if name else f"&#{ord(ch)};")
    return "".join(out)


def render_page(layout: str, spec: ArticleSpec) -> RenderedPage:
    """The page bytes in ``layout`` and the Content-Type header a server would send with them."""
    try:
        lay = LAYOUTS[layout]
    except KeyError:
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(LAYOUTS)}") from None
    encoding = spec.encoding or lay.encoding
    text = lay.render(spec, encoding)
    if lay.entities:
        text = _entities(text)
    body = text.encode(encoding)  # strict: a spec the encoding cannot carry is a spec bug
    if spec.bom:
        if encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
            raise ValueError("a byte-order mark only makes sense for UTF-8")
        body = b"\xef\xbb\xbf" + body
    return RenderedPage(body=body, content_type=f"text/html; charset={encoding}", encoding=encoding)


def render(layout: str, spec: ArticleSpec) -> bytes:
    """The page bytes of ``spec`` in ``layout``, encoded as that page would be served."""
    return render_page(layout, spec).body
