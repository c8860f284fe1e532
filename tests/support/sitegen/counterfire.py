"""Counterfire's layout (counterfire.org)."""

from __future__ import annotations

from tests.support.sitegen.chrome import (
    diary_list,
    footer_columns,
    headline_list,
    inline_css,
    inline_script,
    menu_sections,
    svg_icons,
)
from tests.support.sitegen.markup import Markup, attr, charset_meta, esc, render_body
from tests.support.sitegen.spec import ArticleSpec

CF_NAV = (
    '<nav class="site-nav"><a href="/">Counterfire</a> <a href="/articles/">Articles</a> '
    '<a href="/analysis/">Analysis</a> <a href="/events/">Events</a> '
    '<a href="/shop/">Shop</a></nav>'
)


CF_RELATED = """<section class="related"><h3>Read more</h3><ul>
<li><a href="/article/r1/">Half a million on the streets: the movement one year on</a> <span class="date">12 October 2023</span></li>
<li><a href="/article/r2/">Voted 9 to 1: why the union conference matters</a> <span class="date">3 November 2023</span></li>
</ul></section>"""


CF_TAIL = (
    '<div class="newsletter-signup"><h3>Subscribe to our newsletter</h3><p>Weekly analysis '
    'and a list of events, every Monday at 7am.</p><form><input type="email"> '
    "<button>Sign up</button></form></div>"
    "<footer><p>Counterfire, Unit 0, 12 Mercer Yard, London. "
    "Copyright 2009–2024.</p></footer>"
)


CF_HEAD_EXTRA = inline_css("cf", 140) + "\n" + inline_script("counterfire", 50)


CF_MENU = '<nav class="mega-nav"><ul>' + menu_sections("/topic/") + "</ul></nav>"


CF_EVENTS = (
    '<section class="events-listing"><h3>Upcoming events</h3>'
    + diary_list(6, 10)
    + '</section><section class="popular"><h3>Popular</h3>'
    + headline_list(7, 10, "/topic/story/")
    + "</section>"
)


CF_FOOTER_EXTRA = (
    '<div class="site-footer-links">' + footer_columns("/info/") + svg_icons() + "</div>"
)


CF_MARKUP = Markup(
    heading="<h2>{}</h2>",
    caption=lambda text, src: (
        f'<figure><img src="{src}" alt="{text}"><figcaption>{text}</figcaption></figure>'
    ),
)


def layout_counterfire(spec: ArticleSpec, encoding: str) -> str:
    title = esc(spec.title)
    published = (
        f'<meta property="article:published_time" content="{spec.published.isoformat()}T09:00:00Z">'
        if spec.published
        else ""
    )
    author = f'<div class="author">{esc(spec.byline)}</div>' if spec.byline else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head>
{charset_meta(spec, encoding)}
<title>{title} | Counterfire</title>
{published}
<meta property="og:title" content="{attr(spec.title)}">
<link rel="canonical" href="{attr(spec.canonical_url)}">
{CF_HEAD_EXTRA}
</head><body>
{CF_NAV}
{CF_MENU}
<main>
<h1 class="article-title">{title}</h1>
{author}
<div class="article-body">
{render_body(spec.blocks, CF_MARKUP)}
</div>
<div class="share">Share this: <a href="#">Facebook</a> <a href="#">Bluesky</a></div>
{CF_RELATED}
{CF_EVENTS}
</main>
{CF_TAIL}
{CF_FOOTER_EXTRA}
</body></html>
"""
