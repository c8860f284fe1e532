"""The Socialist's layouts (socialistparty.org.uk): the classic site and the redesign."""

from __future__ import annotations

from tests.support.sitegen.chrome import (
    archive_list,
    diary_list,
    footer_columns,
    headline_list,
    inline_css,
    inline_script,
    menu_sections,
    svg_icons,
)
from tests.support.sitegen.markup import Markup, attr, charset_meta, dmy, esc, render_body
from tests.support.sitegen.spec import ArticleSpec

SP_MENU = (
    '<div id="topbar"><ul class="menu"><li><a href="/">Home</a></li>'
    '<li><a href="/categories/campaigns/">Campaigns</a></li>'
    '<li><a href="/categories/workplace/">Workplace news</a></li>'
    '<li><a href="/categories/international/">International</a></li>'
    '<li><a href="/donate/">Donate to our fighting fund</a></li>'
    '<li><a href="/join/">Join the Socialist Party</a></li></ul></div>'
)


SP_SIDEBAR = """<div id="sidebar"><h2>Most read</h2><ul>
<li><a href="/articles/20011/02-03-2016/x/">Over 1,200 march to save Grantham A&amp;E</a> (2 March 2016)</li>
<li><a href="/articles/20012/09-03-2016/x/">Fighting fund: £14,302 raised so far this quarter</a></li>
<li><a href="/articles/20013/16-03-2016/x/">Bin workers strike for the fourth week, 31 March</a></li>
<li><a href="/articles/20014/23-03-2016/x/">We sold 210 papers at the Bootle gala</a></li>
</ul><h2>Related articles</h2><ul>
<li><a href="/articles/19990/10-02-2016/x/">Tenants’ rally draws 400 in Walsall</a> 10 February 2016</li>
<li><a href="/articles/19991/17-02-2016/x/">Council votes 41 to 12 for cuts budget</a> 17 February 2016</li>
</ul><h2>Subscribe</h2><p>12 issues of the paper for just £9.99 – subscribe today.</p></div>"""


SP_FOOTER = (
    '<div id="footer"><p>Socialist Party, registered office 17 Ashgrove Lane, London. '
    "Phone 0100 000 0000. Copyright © Socialist Party 1996–2024.</p>"
    '<p><a href="/about/">About us</a> | <a href="/contact/">Contact</a> | '
    '<a href="/privacy/">Privacy</a></p></div>'
    '<div class="cookieBanner">This website uses cookies to count visits. '
    "<button>Accept cookies</button></div>"
)


# Per-layout bulk (built once at import; deterministic).
SP_HEAD_EXTRA = inline_css("sp", 120) + "\n" + inline_script("socialistparty", 40)


SP_MEGA_MENU = (
    '<div id="megaMenu" class="menu mega"><ul class="mega-menu">'
    + menu_sections("/keyword/")
    + "</ul></div>"
)


SP_SIDEBAR_EXTRA = (
    '<div class="sideBlock"><h2>Latest</h2>'
    + headline_list(1, 15, "/keyword/story/")
    + '</div><div class="sideBlock"><h2>Campaign diary</h2>'
    + diary_list(2, 8)
    + '</div><div class="sideBlock"><h2>Archive</h2>'
    + archive_list(2014, 2016, "/archive/")
    + "</div>"
)


SP_FOOTER_EXTRA = '<div id="footerLinks">' + footer_columns("/info/") + svg_icons() + "</div>"


REDESIGN_HEAD_EXTRA = inline_css("st", 150) + "\n" + inline_script("the-socialist", 50)


REDESIGN_MENU = menu_sections("/topic/", "primary-nav__sub")


REDESIGN_ASIDE_EXTRA = (
    "<h3>Latest stories</h3>"
    + headline_list(3, 12, "/topic/story/")
    + "<h3>What’s on</h3>"
    + diary_list(4, 8)
)


REDESIGN_FOOTER_EXTRA = footer_columns("/info/") + svg_icons()


SP_MARKUP = Markup(
    heading="<h3>{}</h3>",
    caption=lambda text, src: (
        f'<div class="captionImage"><a href="{src}" target="_blank">'
        f'<img src="{src}" alt="{text}" width="300"></a>'
        f'<div class="caption">{text} &nbsp; (Click to enlarge: opens in new window)</div></div>'
    ),
)


def layout_socialistparty(spec: ArticleSpec, encoding: str) -> str:
    date_line = (
        f'<div class="articleDate">From The Socialist newspaper, {dmy(spec.published)}</div>'
        if spec.published
        else ""
    )
    title = esc(spec.title)
    return f"""<!DOCTYPE html>
<html lang="en"><head>
{charset_meta(spec, encoding)}
<title>{title} | Socialist Party</title>
<meta property="og:title" content="{attr(spec.title)}">
<link rel="canonical" href="{attr(spec.canonical_url)}">
<link rel="stylesheet" href="/css/socialist.css">
{SP_HEAD_EXTRA}
<script>var _paq = window._paq || []; _paq.push(['trackPageView']);</script>
</head><body>
{SP_MENU}
{SP_MEGA_MENU}
<div id="main"><div id="content"><div class="article">
<h1 class="articleTitle">{title}</h1>
{date_line}
<div class="articleBody">
{render_body(spec.blocks, SP_MARKUP)}
</div>
<div class="shareBar">Share this: <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a> <a href="#">Print</a></div>
</div></div>
{SP_SIDEBAR}{SP_SIDEBAR_EXTRA}</div>
{SP_FOOTER_EXTRA}
{SP_FOOTER}
</body></html>
"""


def layout_socialistparty_redesign(spec: ArticleSpec, encoding: str) -> str:
    title = esc(spec.title)
    meta = (
        f'<p class="story-meta">The Socialist, <time>{dmy(spec.published)}</time></p>'
        if spec.published
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head>
{charset_meta(spec, encoding)}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – The Socialist</title>
<meta property="og:title" content="{attr(spec.title)}">
<link rel="canonical" href="{attr(spec.canonical_url)}">
{REDESIGN_HEAD_EXTRA}
</head><body class="theme-2024">
<header class="site-header"><a class="logo" href="/">The Socialist</a>
<nav class="primary-nav"><ul><li><a href="/news/">News</a></li><li><a href="/campaigns/">Campaigns</a></li>
<li><a href="/join/">Join the Socialist Party</a></li><li><a href="/donate/">Donate</a></li>
{REDESIGN_MENU}</ul></nav></header>
<main class="story">
<h1 class="story-title">{title}</h1>
{meta}
<div class="story-text">
{render_body(spec.blocks, SP_MARKUP)}
</div>
<div class="story-share">Share this story: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">WhatsApp</a></div>
</main>
<aside class="story-aside"><h3>Most read this week</h3><ol>
<li><a href="/news/a1/">Over 1,200 march to save Grantham A&amp;E</a></li>
<li><a href="/news/a2/">We sold 210 papers at the Bootle gala</a></li>
<li><a href="/news/a3/">Fighting fund: £14,302 raised so far this quarter</a></li></ol>
<h3>Follow us</h3><p>Facebook 21,000 followers · X 9,400 followers</p>
{REDESIGN_ASIDE_EXTRA}</aside>
<footer class="site-footer">{REDESIGN_FOOTER_EXTRA}<p>Socialist Party, registered office 17 Ashgrove Lane, London.</p>
<div class="cookie-consent">This website uses cookies to count visits. <button>Accept</button></div></footer>
</body></html>
"""
