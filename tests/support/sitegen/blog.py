"""A trades-council blog's layout (Blogger, windows-1252)."""

from __future__ import annotations

from tests.support.sitegen.chrome import (
    archive_list,
    headline_list,
    inline_css,
    inline_script,
    tag_cloud,
)
from tests.support.sitegen.markup import (
    WEEKDAYS,
    Markup,
    attr,
    charset_meta,
    dmy,
    esc,
    render_body,
)
from tests.support.sitegen.spec import ArticleSpec

BLOG_SIDEBAR = """<div id="sidebar-wrapper"><div class="widget"><h2>Blog Archive</h2><ul>
<li>2015 (6)</li><li>2014 (41)<ul><li>December (5)</li><li>November (3)</li></ul></li><li>2013 (29)</li>
</ul></div><div class="widget"><h2>Diary</h2><ul>
<li>Delegate meeting: second Tuesday of every month, 7.30pm</li>
<li>May Day march assembles 11am, 1 May</li>
</ul></div><div class="widget"><h2>Followers</h2><p>Followers (88)</p></div></div>"""


BLOG_COMMENTS = """<div class="comments" id="comments"><h4>2 comments:</h4><dl id="comments-block">
<dt class="comment-author">Brenda Hallam said...</dt>
<dd class="comment-body"><p>Great to see you there. We had 30 from our branch on the coach.</p></dd>
<dt class="comment-author">Anonymous said...</dt>
<dd class="comment-body"><p>Shame about the weather, 4 degrees and raining!</p></dd>
</dl></div>"""


BLOG_HEAD_EXTRA = (
    '<style id="page-skin-1" type="text/css"><!--\n'
    + inline_css("blogger", 260)[7:-8]
    + "\n--></style>\n"
    + inline_script("blogger", 40)
)


BLOG_SIDEBAR_EXTRA = (
    '<div id="sidebar-more"><div class="widget Label"><h2>Labels</h2>'
    + tag_cloud("/search/label/", 9)
    + '</div><div class="widget BlogList"><h2>Other union blogs</h2>'
    + headline_list(9, 12, "https://blogs.example.invalid/", dated=True)
    + '</div><div class="widget BlogArchive"><h2>Older posts</h2>'
    + archive_list(2008, 2013, "/search?updated-max=")
    + "</div></div>"
)


BLOG_MARKUP = Markup(
    heading="<b>{}</b><br><br>",
    paragraph="{}<br><br>",
    signoff_styles={
        "em": "<i>{}</i><br><br>",
        "plain": "{}<br><br>",
        "strong": "<b>{}</b><br><br>",
    },
    lead_in="<b>{}</b><br><br>",
    blockquote="<blockquote>{}</blockquote>",
    rule="<hr>",
    caption=lambda text, src: (
        '<table align="center" cellpadding="0" cellspacing="0" class="tr-caption-container">'
        f'<tbody><tr><td><a href="{src}"><img border="0" src="{src}" width="320"></a></td></tr>'
        f'<tr><td class="tr-caption">{text}</td></tr></tbody></table>'
    ),
)


def layout_blog(spec: ArticleSpec, encoding: str) -> str:
    title = esc(spec.title)
    if spec.published:
        wd = WEEKDAYS[spec.published.weekday()]
        date_header = f'<h2 class="date-header"><span>{wd}, {dmy(spec.published)}</span></h2>'
        posted_on = f"Posted on {wd}, {dmy(spec.published)}"
    else:
        date_header, posted_on = "", ""
    posted_by = f"Posted by {esc(spec.byline)} at 10:41" if spec.byline else "Posted at 10:41"
    return f"""<!DOCTYPE html>
<html><head>
{charset_meta(spec, encoding, http_equiv=True)}
<title>Northfield Trades Union Council: {title}</title>
<link rel="canonical" href="{attr(spec.canonical_url)}">
{BLOG_HEAD_EXTRA}
</head><body>
<div id="header"><h1><a href="/">Northfield Trades Union Council</a></h1>
<p class="description">News and views from the trade unions of Northfield and district</p></div>
<div id="main-wrapper"><div class="date-outer">{date_header}
<div class="post hentry"><h3 class="post-title entry-title">{title}</h3>
<div class="post-header"><div class="post-header-line-1">{posted_on}</div></div>
<div class="post-body entry-content">
{render_body(spec.blocks, BLOG_MARKUP)}
</div>
<div class="post-footer">{posted_by} | <a href="#comments">2 comments</a> | Labels: campaigns, solidarity</div>
</div>
{BLOG_COMMENTS}
</div></div>
{BLOG_SIDEBAR}
{BLOG_SIDEBAR_EXTRA}
<div id="footer">Powered by Blogger. Simple theme.</div>
</body></html>
"""
