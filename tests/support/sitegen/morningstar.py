"""The Morning Star's layout (morningstaronline.co.uk, Drupal)."""

from __future__ import annotations

import json

from tests.support.sitegen.chrome import (
    chrome_date,
    footer_columns,
    headline,
    inline_css,
    inline_script,
    menu_sections,
    svg_icons,
)
from tests.support.sitegen.markup import (
    MONTHS,
    WEEKDAYS,
    Markup,
    attr,
    charset_meta,
    esc,
    iso_with_offset,
    render_body,
)
from tests.support.sitegen.spec import ArticleSpec

MS_NAV = (
    '<header role="banner"><nav role="navigation"><ul class="menu">'
    '<li><a href="/britain">Britain</a></li><li><a href="/world">World</a></li>'
    '<li><a href="/features">Features</a></li><li><a href="/editorial">Editorial</a></li>'
    '<li><a href="/subscribe">Subscribe from £1 a week</a></li></ul></nav></header>'
)


MS_MOST_READ = """<div class="block block-views block-views-blockmost-read"><h2>Most read</h2><ol>
<li><a href="/article/b/m1">Thousands march for pay in Cardiff as 96 per cent back action</a></li>
<li><a href="/article/b/m2">Council tenants win after 18-month fight</a></li>
<li><a href="/article/b/m3">Mr Rafferty’s weekly crossword, no. 1,204</a></li>
</ol></div>"""


MS_FOOTER = (
    '<footer role="contentinfo"><p>Published by the People’s Press Printing Society, '
    "a readers’ co-operative. Registered society no. 00000.</p>"
    '<div id="sliding-popup">We use cookies on this site to enhance your user experience. '
    "<button>OK, I agree</button></div></footer>"
)


MS_HEAD_EXTRA = (
    inline_css("ms", 160)
    + '\n<script type="application/json" data-drupal-selector="drupal-settings-json">'
    + json.dumps(
        {
            "path": {"baseUrl": "/", "currentLanguage": "en"},
            "views": {
                "ajaxViews": {f"views_dom_id:{i:040x}": {"view_name": "teasers"} for i in range(30)}
            },
        }
    )
    + "</script>\n"
    + inline_script("morningstar", 60)
)


MS_MENU = (
    '<nav class="menu--main"><ul class="menu">' + menu_sections("/section/", "menu") + "</ul></nav>"
)


MS_MORE = (
    '<div class="block block-views block-more-from-section"><h2>More from Britain</h2>'
    + "".join(
        f'<div class="views-row"><div class="views-field views-field-title"><span class="field-content">'
        f'<a href="/section/britain/{i}">{esc(headline(i, 8))}</a></span></div>'
        f'<div class="views-field views-field-created"><span class="field-content">'
        f"{chrome_date(i, 8)}</span></div></div>"
        for i in range(14)
    )
    + "</div>"
)


MS_FOOTER_EXTRA = (
    '<div class="region region-footer">' + footer_columns("/page/") + svg_icons() + "</div>"
)


MS_MARKUP = Markup(
    heading="<h2>{}</h2>",
    signoff_default="plain",
    caption=lambda text, src: (
        f'<div class="media media--type-image"><img src="{src}" alt="">'
        f'<div class="field--name-field-caption">{text}</div></div>'
    ),
)


def layout_morningstar(spec: ArticleSpec, encoding: str) -> str:
    title = esc(spec.title)
    ld: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": spec.title,
        "url": spec.canonical_url,
    }
    if spec.published:
        ld["datePublished"] = iso_with_offset(spec.published, 6)
    if spec.byline:
        ld["author"] = {"@type": "Person", "name": spec.byline}
    created = (
        f'<div class="field field--name-created">{WEEKDAYS[spec.published.weekday()]}, '
        f"{MONTHS[spec.published.month - 1]} {spec.published.day}, {spec.published.year}</div>"
        if spec.published
        else ""
    )
    byline = (
        f'<div class="field field--name-field-byline">{esc(spec.byline)}</div>'
        if spec.byline
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr"><head>
{charset_meta(spec, encoding)}
<title>{title} | Morning Star</title>
<link rel="canonical" href="{attr(spec.canonical_url)}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
{MS_HEAD_EXTRA}
</head><body class="path-node page-node-type-article">
<div class="dialog-off-canvas-main-canvas">
{MS_NAV}
{MS_MENU}
<main role="main"><div class="region region-content">
<article class="node node--type-article node--view-mode-full">
<h1 class="page-title"><span class="field field--name-title">{title}</span></h1>
{byline}
{created}
<div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">
{render_body(spec.blocks, MS_MARKUP)}
</div>
<div class="social-share">Share this article</div>
</article>
{MS_MOST_READ}
{MS_MORE}
</div></main>
{MS_FOOTER_EXTRA}
{MS_FOOTER}
</div></body></html>
"""
