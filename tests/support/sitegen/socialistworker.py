"""Socialist Worker's layout (socialistworker.co.uk, WordPress)."""

from __future__ import annotations

from tests.support.sitegen.chrome import (
    archive_list,
    footer_columns,
    headline_list,
    inline_css,
    inline_script,
    menu_sections,
    svg_icons,
    tag_cloud,
)
from tests.support.sitegen.markup import (
    Markup,
    attr,
    charset_meta,
    dmy,
    esc,
    iso_with_offset,
    render_body,
)
from tests.support.sitegen.spec import ArticleSpec

SW_COMMENTS = """<section id="comments" class="comments-area"><h2 class="comments-title">3 thoughts on this</h2>
<ol class="comment-list">
<li class="comment"><footer class="comment-meta"><b class="fn">Maggie Trewin</b> <time datetime="2023-05-12T18:02:00+01:00">12 May 2023 at 6:02 pm</time></footer>
<div class="comment-content"><p>Brilliant turnout, I counted at least 700 of us on the day.</p></div></li>
<li class="comment"><footer class="comment-meta"><b class="fn">Dev Ahluwalia</b> <time>13 May 2023 at 9:15 am</time></footer>
<div class="comment-content"><p>Our branch voted 58 to 4 to send a delegation next time.</p></div></li>
<li class="comment"><footer class="comment-meta"><b class="fn">R. Okafor</b> <time>14 May 2023 at 11:40 pm</time></footer>
<div class="comment-content"><p>Solidarity from the Hull dockers, we raised £300 for the hardship fund.</p></div></li>
</ol><div id="respond"><h3>Leave a Reply</h3><p>Your email address will not be published.</p></div></section>"""


SW_SIDEBAR = """<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">Most read</h2><ul>
<li><a href="/news/x1/">Strikes spread: 40,000 walk out across the north west</a></li>
<li><a href="/news/x2/">Why the Tories fear 1 February</a></li>
<li><a href="/news/x3/">Rent rises of 12 percent spark protest in Salford</a></li>
</ul></section><section class="widget"><h2 class="widget-title">Subscribe</h2>
<p>Get Socialist Worker delivered each week for £6 a month.</p></section></aside>"""


SW_HEAD_EXTRA = (
    '<style id="wp-block-library-inline-css">'
    + inline_css("wp-block", 200)[7:-8]
    + "</style>\n"
    + inline_script("socialistworker", 60)
)


SW_MENU = menu_sections("/topics/")


SW_SIDEBAR_EXTRA = (
    '<aside id="tertiary" class="widget-area"><section class="widget widget_recent_entries">'
    '<h2 class="widget-title">Latest</h2>'
    + headline_list(5, 20, "/topics/story/")
    + '</section><section class="widget widget_tag_cloud"><h2 class="widget-title">Tags</h2>'
    + tag_cloud("/tag/", 5)
    + '</section><section class="widget widget_archive"><h2 class="widget-title">Archives</h2>'
    + archive_list(2019, 2023, "/date/", counts=False)
    + "</section></aside>"
)


SW_FOOTER_EXTRA = footer_columns("/info/") + svg_icons()


SW_MARKUP = Markup(
    heading="<h2>{}</h2>",
    signoff_default="strong",
    caption=lambda text, src: (
        f'<figure class="wp-block-image size-large"><img src="{src}" alt="">'
        f'<figcaption class="wp-element-caption">{text}</figcaption></figure>'
    ),
)


def layout_socialistworker(spec: ArticleSpec, encoding: str) -> str:
    title = esc(spec.title)
    time = (
        f'<time class="published" datetime="{iso_with_offset(spec.published, 10)}">'
        f"{dmy(spec.published)}</time>"
        if spec.published
        else ""
    )
    byline = f'<span class="byline">{esc(spec.byline)}</span>' if spec.byline else ""
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head>
{charset_meta(spec, encoding)}
<title>{title} – Socialist Worker</title>
<meta property="og:title" content="{attr(spec.title)}">
<meta property="og:type" content="article">
<link rel="canonical" href="{attr(spec.canonical_url)}">
{SW_HEAD_EXTRA}
</head><body class="post-template-default single single-post">
<header id="masthead" class="site-header"><nav class="main-navigation"><ul class="menu">
<li><a href="/news/">News</a></li><li><a href="/features/">Features</a></li><li><a href="/strikes/">Strikes</a></li>
<li><a href="/join/">Join the SWP</a></li>
{SW_MENU}</ul></nav></header>
<div id="primary" class="content-area"><main id="main" class="site-main">
<article class="post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{title}</h1>
{time}
{byline}</header>
<div class="entry-content">
{render_body(spec.blocks, SW_MARKUP)}
</div>
<div class="sharedaddy"><h3>Share this:</h3><a href="#">Facebook</a> <a href="#">Twitter</a></div>
<aside class="related-posts"><h3>Related</h3><ul>
<li><a href="/news/r1/">Strikes spread: 40,000 walk out across the north west</a> <span>4 May 2023</span></li>
<li><a href="/news/r2/">Rent rises of 12 percent spark protest in Salford</a> <span>28 April 2023</span></li></ul></aside>
</article>
{SW_COMMENTS}
</main></div>
{SW_SIDEBAR}
{SW_SIDEBAR_EXTRA}
<footer id="colophon">{SW_FOOTER_EXTRA}<p>Socialist Worker, 0 Corbett Street, London. © 2023.</p></footer>
<div id="cookie-notice">We use cookies to give you the best experience. <a href="#">Accept</a></div>
</body></html>
"""
