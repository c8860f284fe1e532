"""Render invented articles into the page layouts of the sites we mirror (brief/SITES.md).

Why this exists: we cannot fetch the real sites, yet the parser must cope with their markup,
their page chrome and their encodings. One article spec (title, date, URL, byline, body
blocks) renders into any of the seven layouts, so the parser fixture corpus, the crawl tests'
mirror sites and the demo site all show the same shapes. Rendering is deterministic: the
same spec gives the same bytes.

Page chrome (menus, sidebars with dated and numbered lists, share bars, cookie banners,
comments with names, footers) is deliberately full of dates, numbers and event words, since
it must never reach an event; :data:`CHROME_PHRASES` lists text that only chrome contains.

One module per layout (socialistparty, socialistworker, counterfire, morningstar, blog,
table_site), beside what they share: the spec (spec.py), block markup (markup.py), page chrome
(chrome.py), rendering (render.py) and the corpus's text format (source.py).

Usage::

    spec = ArticleSpec(title="...", url="https://...", published=date(2016, 8, 24),
                       blocks=(Block("paragraph", "..."), Block("signoff", "Ann Lee, Leeds SP")))
    page = render_page("socialistparty", spec)   # bytes + the Content-Type a server sends
    html = render("counterfire", spec)           # bytes only
"""

from tests.support.sitegen.chrome import CHROME_PHRASES
from tests.support.sitegen.render import LAYOUTS, render, render_page
from tests.support.sitegen.source import parse_spec
from tests.support.sitegen.spec import BLOCK_KINDS, BLOCK_STYLES, ArticleSpec, Block, RenderedPage

__all__ = [
    "BLOCK_KINDS",
    "BLOCK_STYLES",
    "CHROME_PHRASES",
    "LAYOUTS",
    "ArticleSpec",
    "Block",
    "RenderedPage",
    "parse_spec",
    "render",
    "render_page",
]
