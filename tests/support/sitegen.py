"""Render invented articles into the page layouts of the sites we mirror (brief/SITES.md).

Why this exists: we cannot fetch the real sites, yet the parser must cope with their markup,
their page chrome and their encodings. One article spec (title, date, URL, byline, body
blocks) renders into any of the seven layouts, so the parser fixture corpus, the crawl tests'
mirror sites and the demo site all show the same shapes. Rendering is deterministic: the
same spec gives the same bytes.

Page chrome (menus, sidebars with dated and numbered lists, share bars, cookie banners,
comments with names, footers) is deliberately full of dates, numbers and event words, since
it must never reach an event; :data:`CHROME_PHRASES` lists text that only chrome contains.

Usage::

    spec = ArticleSpec(title="...", url="https://...", published=date(2016, 8, 24),
                       blocks=(Block("paragraph", "..."), Block("signoff", "Ann Lee, Leeds SP")))
    page = render_page("socialistparty", spec)   # bytes + the Content-Type a server sends
    html = render("counterfire", spec)           # bytes only
"""

from __future__ import annotations

import html
import html.entities
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

BLOCK_KINDS: tuple[str, ...] = (
    "heading",
    "paragraph",
    "signoff",
    "caption",
    "rule",
    "list_item",
    "blockquote",
    "lead_in",
)

# Styles a block may ask for instead of its layout's usual markup.
#   signoff: "em" (<p><em>), "plain" (<p>), "strong" (<p><strong>)
#   caption: "plain" (the caption text as an ordinary paragraph, no caption markup at all)
#   lead_in: "inline" (bold lead-in run into the start of the next paragraph)
BLOCK_STYLES: dict[str, tuple[str, ...]] = {
    "signoff": ("em", "plain", "strong"),
    "caption": ("plain",),
    "lead_in": ("inline",),
}


@dataclass(frozen=True)
class Block:
    """One body block of an article spec.

    ``label`` is a bold run at the start of a paragraph or list item ("Coventry:").
    """

    kind: str
    text: str = ""
    label: str | None = None
    style: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")
        if self.style is not None and self.style not in BLOCK_STYLES.get(self.kind, ()):
            raise ValueError(f"block kind {self.kind!r} has no style {self.style!r}")


@dataclass(frozen=True)
class ArticleSpec:
    """An article as its author wrote it, independent of any site's markup.

    ``encoding`` None means the layout's usual encoding. ``meta_charset`` True declares the
    real encoding in the page, False declares none, a string declares that (possibly wrong)
    charset. ``bom`` prefixes a UTF-8 byte-order mark.
    """

    title: str
    url: str
    published: date | None
    blocks: tuple[Block, ...]
    byline: str | None = None
    canonical: str | None = None
    encoding: str | None = None
    meta_charset: str | bool = True
    bom: bool = False

    @property
    def canonical_url(self) -> str:
        return self.canonical or self.url


@dataclass(frozen=True)
class RenderedPage:
    """Bytes as a server would send them, with the Content-Type header it would send."""

    body: bytes
    content_type: str
    encoding: str


@dataclass(frozen=True)
class _Markup:
    """How one layout marks up body blocks."""

    heading: str = "<h3>{}</h3>"
    paragraph: str = "<p>{}</p>"
    signoff_styles: dict[str, str] = field(
        default_factory=lambda: {
            "em": "<p><em>{}</em></p>",
            "plain": "<p>{}</p>",
            "strong": "<p><strong>{}</strong></p>",
        }
    )
    signoff_default: str = "em"
    lead_in: str = "<p><strong>{}</strong></p>"
    blockquote: str = "<blockquote><p>{}</p></blockquote>"
    rule: str = "<hr>"
    list_open: str = "<ul>"
    list_close: str = "</ul>"
    list_item: str = "<li>{}</li>"
    caption: Callable[[str, str], str] = lambda text, src: (
        f'<figure><img src="{src}" alt="{text}"><figcaption>{text}</figcaption></figure>'
    )
    joiner: str = "\n"


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _dmy(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _iso_with_offset(d: date, hour: int) -> str:
    """A UK local time as ISO 8601 (BST roughly April to October, good enough for fixtures)."""
    offset = "+01:00" if 4 <= d.month <= 10 else "+00:00"
    return f"{d.isoformat()}T{hour:02d}:00:00{offset}"


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "photo"


def _inline(block: Block) -> str:
    body = _esc(block.text)
    if block.label:
        return f"<strong>{_esc(block.label)}</strong> {body}"
    return body


def _render_body(blocks: Iterable[Block], mk: _Markup) -> str:
    """Body blocks in one layout's markup; consecutive list items share one list."""
    out: list[str] = []
    in_list = False
    pending_lead: str | None = None
    for block in blocks:
        if block.kind != "list_item" and in_list:
            out.append(mk.list_close)
            in_list = False
        if block.kind == "heading":
            out.append(mk.heading.format(_esc(block.text)))
        elif block.kind == "paragraph":
            inner = _inline(block)
            if pending_lead is not None:
                inner = f"<strong>{pending_lead}</strong> {inner}"
                pending_lead = None
            out.append(mk.paragraph.format(inner))
        elif block.kind == "signoff":
            style = block.style or mk.signoff_default
            out.append(mk.signoff_styles[style].format(_esc(block.text)))
        elif block.kind == "lead_in":
            if block.style == "inline":
                pending_lead = _esc(block.text)
            else:
                out.append(mk.lead_in.format(_esc(block.text)))
        elif block.kind == "caption":
            if block.style == "plain":
                out.append(mk.paragraph.format(_esc(block.text)))
            else:
                src = f"/images/{_slug(block.text)}.jpg"
                out.append(mk.caption(_attr(block.text), src))
        elif block.kind == "rule":
            out.append(mk.rule)
        elif block.kind == "list_item":
            if not in_list:
                out.append(mk.list_open)
                in_list = True
            out.append(mk.list_item.format(_inline(block)))
        elif block.kind == "blockquote":
            out.append(mk.blockquote.format(_inline(block)))
        if pending_lead is not None and block.kind not in ("lead_in",):
            raise ValueError("an inline lead_in must be followed by a paragraph")
    if in_list:
        out.append(mk.list_close)
    if pending_lead is not None:
        raise ValueError("an inline lead_in must be followed by a paragraph")
    return mk.joiner.join(out)


def _charset_meta(spec: ArticleSpec, encoding: str, http_equiv: bool = False) -> str:
    declared = encoding if spec.meta_charset is True else spec.meta_charset
    if declared is False:
        return ""
    if http_equiv:
        return f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">'
    return f'<meta charset="{declared}">'


# --- page chrome -------------------------------------------------------------------------

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

TABLE_NAV = """<td class="nav" width="150" valign="top" bgcolor="#ffffcc"><font face="Arial" size="2">
<a href="/index.htm">Home</a><br><a href="/news.htm">News</a><br><a href="/diary.htm">Diary</a><br>
<a href="/links.htm">Links</a><br><br><b>Latest</b><br>
<a href="/n/pit.htm">Pit memorial unveiled, 14/11/2014</a><br>
<a href="/n/jobs.htm">450 jobs to go at Treforest, 2/12/2014</a><br><br>
<b>Visitors</b><br>You are visitor no. 104,332</font></td>"""
TABLE_FOOTER = (
    '<tr><td colspan="3" align="center"><font face="Arial" size="1">'
    "&copy; Valley Campaigner 1999-2016. Best viewed at 800x600. "
    'Webmaster: <a href="mailto:web@example.invalid">web</a></font></td></tr>'
)

# Text that appears only in page chrome: it must never be part of an event.
CHROME_PHRASES: tuple[str, ...] = (
    "Join the Socialist Party",
    "Most read",
    "Related articles",
    "£14,302",
    "Bootle gala",
    "Tenants’ rally draws 400",
    "This website uses cookies",
    "Share this",
    "Ashgrove Lane",
    "Maggie Trewin",
    "at least 700 of us",
    "58 to 4",
    "Leave a Reply",
    "40,000 walk out",
    "Half a million on the streets",
    "Subscribe to our newsletter",
    "Mercer Yard",
    "96 per cent back action",
    "crossword",
    "enhance your user experience",
    "Blog Archive",
    "Brenda Hallam",
    "30 from our branch on the coach",
    "Delegate meeting",
    "visitor no.",
    "Treforest",
    "Best viewed at",
    "Posted by",
    "Follow us",
    "Read more",
)


# --- realistic bulk of page chrome ---------------------------------------------------------
# Real campaign-site pages are tens of KB, most of it chrome: mega-menus, sidebars of
# headlines, diaries and archives, tag clouds, inline CSS and scripts, SVG icons, footers of
# link columns. The pieces below give each layout that size and shape (deterministically),
# so the corpus measures the parser on realistic pages and proves chrome never leaks into
# events. Their links avoid every spider's article and listing URL shapes (no /articles/<id>/,
# /news/<slug>/, /article/<slug>/, /categories/, /category/, /issue/), so the crawl tests'
# mirror sites keep the same link graph.

_TOWNS = (
    "Barnsley", "Bolton", "Bradford", "Brighton", "Bristol", "Cardiff", "Carlisle",
    "Chesterfield", "Colchester", "Dundee", "Exeter", "Gateshead", "Gloucester", "Hull",
    "Ipswich", "Lancaster", "Lincoln", "Luton", "Middlesbrough", "Newport", "Northampton",
    "Norwich", "Oldham", "Plymouth", "Preston", "Reading", "Salford", "Sheffield",
    "Southampton", "Stoke", "Sunderland", "Swansea", "Swindon", "Telford", "Wakefield",
    "Wigan", "Worcester", "York",
)  # fmt: skip
_TOPICS = (
    "Health", "Housing", "Education", "Environment", "Anti-racism", "Women", "LGBTQ+",
    "Youth", "Pensions", "Benefits", "Transport", "Local government", "Civil service",
    "Post and telecoms", "Retail", "Universities", "Councils", "Energy", "Climate",
    "International", "Trade unions", "Elections", "History", "Reviews", "Theory",
    "Disability", "Migrants", "Culture", "Sport", "Science",
)  # fmt: skip
_REGIONS = (
    "London", "South East", "South West", "Eastern", "East Midlands", "West Midlands",
    "Yorkshire", "North West", "Northern", "Wales", "Scotland", "Northern Ireland",
)  # fmt: skip
_HEADLINES = (
    "{n:,} march against cuts in {town}",
    "{town} bin workers strike for {k} weeks",
    "Rally of {n} demands pay rise in {town}",
    "{town} council votes {k} to {j} for cuts budget",
    "Picket lines solid at {town} depot",
    "We raised £{n} at the {town} gala",
    "{town} tenants win repairs after {k}-month fight",
    "Vigil for {town} hospital draws {n}",
    "{town} students occupy over rent rises",
    "Meeting of {n} backs {town} nurses",
)


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _headline(i: int, seed: int) -> str:
    shape = _HEADLINES[(i * 3 + seed) % len(_HEADLINES)]
    town = _TOWNS[(i * 7 + seed * 5) % len(_TOWNS)]
    n = 40 + (i * 137 + seed * 31) % 1900
    k = 2 + (i * 5 + seed) % 11
    return shape.format(n=n, town=town, k=k, j=k + 3 + i % 9)


def _chrome_date(i: int, seed: int) -> str:
    day = 1 + (i * 3 + seed) % 28
    return f"{day} {MONTHS[(i + seed) % 12]} {2012 + (i + seed) % 12}"


def headline_list(seed: int, count: int, href: str, dated: bool = True, cls: str = "") -> str:
    """A list of other stories' headlines (optionally dated), linked under ``href``."""
    items = []
    for i in range(count):
        text = _headline(i, seed)
        when = f' <span class="date">{_chrome_date(i, seed)}</span>' if dated else ""
        items.append(f'<li><a href="{href}{_slugify(text)}-{seed}{i}">{_esc(text)}</a>{when}</li>')
    klass = f' class="{cls}"' if cls else ""
    return f"<ul{klass}>\n" + "\n".join(items) + "\n</ul>"


def diary_list(seed: int, count: int) -> str:
    """A "what's on" diary: dates, times, places and event words, none of it the article's."""
    kinds = ("public meeting", "march", "rally", "picket", "stall", "branch meeting", "vigil")
    items = []
    for i in range(count):
        town = _TOWNS[(i * 11 + seed) % len(_TOWNS)]
        kind = kinds[(i + seed) % len(kinds)]
        hour = 10 + (i * 5 + seed) % 10
        items.append(
            f"<li><b>{WEEKDAYS[(i + seed) % 7][:3]} {_chrome_date(i, seed + 1)}</b>, "
            f"{hour % 12 or 12}{'am' if hour < 12 else 'pm'}: {town} {kind}, "
            f"{_TOWNS[(i + 3) % len(_TOWNS)]} Road community rooms. All welcome.</li>"
        )
    return '<ul class="diary">\n' + "\n".join(items) + "\n</ul>"


def archive_list(first_year: int, last_year: int, href: str, counts: bool = True) -> str:
    """Month-by-month archive links, newest first, with post counts."""
    items = []
    for y in range(last_year, first_year - 1, -1):
        for m in range(12, 0, -1):
            n = (y * 7 + m * 13) % 23 + 1
            count = f" ({n})" if counts else ""
            items.append(f'<li><a href="{href}{y}/{m:02d}/">{MONTHS[m - 1]} {y}</a>{count}</li>')
    return '<ul class="archive-list">\n' + "\n".join(items) + "\n</ul>"


def menu_sections(href: str, cls: str = "sub-menu") -> str:
    """Mega-menu sections: topics, regions and towns, each a nested list of links."""
    groups = (("Topics", _TOPICS), ("Regions", _REGIONS), ("Branches", _TOWNS))
    out = []
    for title, names in groups:
        links = "".join(
            f'<li class="menu-item"><a href="{href}{_slugify(title)}/{_slugify(n)}/">{_esc(n)}</a></li>'
            for n in names
        )
        out.append(
            f'<li class="menu-item has-children"><a href="#">{title}</a>'
            f'<ul class="{cls}">{links}</ul></li>'
        )
    return "\n".join(out)


def tag_cloud(href: str, seed: int) -> str:
    """A tag cloud: every topic and town, sized by an invented count."""
    out = []
    for i, t in enumerate(_TOPICS + _TOWNS):
        size = 8 + (i * 7 + seed) % 14
        out.append(f'<a href="{href}{_slugify(t)}/" style="font-size: {size}pt;">{_esc(t)}</a>')
    return '<div class="tagcloud">' + " ".join(out) + "</div>"


def inline_css(prefix: str, rules: int) -> str:
    """An inline stylesheet of the size themes and page builders emit."""
    props = (
        "margin: 0 0 {a}px; padding: {b}px {a}px; color: #{c:06x};",
        "font-size: {d}px; line-height: 1.{b}; font-family: Georgia, serif;",
        "display: flex; gap: {b}px; border-bottom: 1px solid #{c:06x};",
        "background: #{c:06x} url(/img/{prefix}-{a}.png) no-repeat; width: {d}%;",
    )
    lines = []
    for i in range(rules):
        p = props[i % len(props)].format(
            a=i % 17, b=(i * 3) % 11, c=(i * 2654435761) % 0xFFFFFF, d=10 + i % 40, prefix=prefix
        )
        lines.append(f".{prefix}-{i} > .item-{i % 9}:hover, .{prefix}-c{i} {{ {p} }}")
    return "<style>\n" + "\n".join(lines) + "\n</style>"


def inline_script(name: str, entries: int) -> str:
    """Site configuration and analytics scripts as themes inline them (never article text)."""
    config = {
        "site": name,
        "menu": [{"title": _headline(i, 7), "path": f"/go/{i}"} for i in range(entries)],
        "ads": {"slots": [f"div-gpt-{i}" for i in range(entries // 4)], "refresh": 30},
    }
    return (
        "<script>window.siteConfig = "
        + json.dumps(config).replace("</", "<\\/")
        + ";\n(function(w,d,s){var f=d.getElementsByTagName(s)[0],j=d.createElement(s);"
        "j.async=true;j.src='/js/stats.js?v=2024';f.parentNode.insertBefore(j,f);"
        "w.dataLayer=w.dataLayer||[];w.dataLayer.push({event:'pageview'});})"
        "(window,document,'script');</script>"
    )


def svg_icons(names: tuple[str, ...] = ("facebook", "x", "instagram", "youtube", "rss")) -> str:
    """Inline SVG social icons: many elements, no text."""
    out = []
    for k, name in enumerate(names):
        d = " ".join(f"L{(i * 7 + k) % 24} {(i * 11 + k) % 24}" for i in range(40))
        out.append(
            f'<a class="social-{name}" href="https://{name}.example.invalid/">'
            f'<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">'
            f'<path d="M0 0 {d} Z"></path><circle cx="12" cy="12" r="{3 + k}"></circle></svg>'
            f'<span class="screen-reader-text">{name}</span></a>'
        )
    return '<div class="social-icons">' + "".join(out) + "</div>"


def footer_columns(href: str) -> str:
    """A footer of link columns (about, topics, regions, help)."""
    cols = (
        ("About us", ("Who we are", "Our history", "Contact", "Press office", "Jobs")),
        ("Topics", _TOPICS[:12]),
        ("Regions", _REGIONS),
        ("Help", ("Subscribe", "Donate", "Shop", "Privacy policy", "Accessibility", "RSS")),
    )
    out = []
    for title, names in cols:
        links = "".join(f'<li><a href="{href}{_slugify(n)}/">{_esc(n)}</a></li>' for n in names)
        out.append(f'<div class="footer-col"><h4>{title}</h4><ul>{links}</ul></div>')
    return '<div class="footer-columns">' + "".join(out) + "</div>"


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
        f'<a href="/section/britain/{i}">{_esc(_headline(i, 8))}</a></span></div>'
        f'<div class="views-field views-field-created"><span class="field-content">'
        f"{_chrome_date(i, 8)}</span></div></div>"
        for i in range(14)
    )
    + "</div>"
)
MS_FOOTER_EXTRA = (
    '<div class="region region-footer">' + footer_columns("/page/") + svg_icons() + "</div>"
)

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

TABLE_HEAD_EXTRA = (
    '<script language="JavaScript">function MM_swapImage() { var i,j=0,x,a=MM_swapImage.arguments; '
    "document.MM_sr=new Array; for(i=0;i<(a.length-2);i+=3) if ((x=MM_findObj(a[i]))!=null)"
    "{document.MM_sr[j++]=x; if(!x.oSrc) x.oSrc=x.src; x.src=a[i+2];} }</script>"
)
TABLE_RIGHT = (
    '<td class="nav" width="160" valign="top" bgcolor="#eeeeff"><font face="Arial" size="1">'
    "<b>Diary</b><br>"
    + "<br>".join(
        f'<a href="/diary.htm#{i}">{_chrome_date(i, 10)}: {_TOWNS[(i * 5) % len(_TOWNS)]} meeting</a>'
        for i in range(20)
    )
    + "<br><br><b>More news</b><br>"
    + "<br>".join(f'<a href="/n/{i}.htm">{_esc(_headline(i, 11))}</a>' for i in range(30))
    + "<br><br><b>Links</b><br>"
    + "<br>".join(
        f'<a href="http://www.{_slugify(t)}tuc.example.invalid/">{t} Trades Council</a>'
        for t in _TOWNS
    )
    + '<br><br><img src="/img/spacer.gif" width="1" height="20"><br>'
    '<a href="http://ring.example.invalid/next">Next site in the Valleys webring</a>'
    "</font></td>"
)


# --- layouts -----------------------------------------------------------------------------

SP_MARKUP = _Markup(
    heading="<h3>{}</h3>",
    caption=lambda text, src: (
        f'<div class="captionImage"><a href="{src}" target="_blank">'
        f'<img src="{src}" alt="{text}" width="300"></a>'
        f'<div class="caption">{text} &nbsp; (Click to enlarge: opens in new window)</div></div>'
    ),
)
SW_MARKUP = _Markup(
    heading="<h2>{}</h2>",
    signoff_default="strong",
    caption=lambda text, src: (
        f'<figure class="wp-block-image size-large"><img src="{src}" alt="">'
        f'<figcaption class="wp-element-caption">{text}</figcaption></figure>'
    ),
)
CF_MARKUP = _Markup(
    heading="<h2>{}</h2>",
    caption=lambda text, src: (
        f'<figure><img src="{src}" alt="{text}"><figcaption>{text}</figcaption></figure>'
    ),
)
MS_MARKUP = _Markup(
    heading="<h2>{}</h2>",
    signoff_default="plain",
    caption=lambda text, src: (
        f'<div class="media media--type-image"><img src="{src}" alt="">'
        f'<div class="field--name-field-caption">{text}</div></div>'
    ),
)
BLOG_MARKUP = _Markup(
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
TABLE_MARKUP = _Markup(
    heading='<p><font face="Arial" size="3"><b>{}</b></font></p>',
    paragraph='<p><font face="Arial" size="2">{}</font></p>',
    signoff_styles={
        "em": '<p><font face="Arial" size="2"><i>{}</i></font></p>',
        "plain": '<p><font face="Arial" size="2">{}</font></p>',
        "strong": '<p><font face="Arial" size="2"><b>{}</b></font></p>',
    },
    lead_in='<p><font face="Arial" size="2"><b>{}</b></font></p>',
    blockquote='<blockquote><font face="Arial" size="2">{}</font></blockquote>',
    rule='<hr size="1" noshade>',
    list_item='<li><font face="Arial" size="2">{}</font></li>',
    caption=lambda text, src: (
        f'<p align="center"><img src="{src}" width="250" border="1"><br>'
        f'<font face="Arial" size="1">{text}</font></p>'
    ),
)


def _layout_socialistparty(spec: ArticleSpec, encoding: str) -> str:
    date_line = (
        f'<div class="articleDate">From The Socialist newspaper, {_dmy(spec.published)}</div>'
        if spec.published
        else ""
    )
    title = _esc(spec.title)
    return f"""<!DOCTYPE html>
<html lang="en"><head>
{_charset_meta(spec, encoding)}
<title>{title} | Socialist Party</title>
<meta property="og:title" content="{_attr(spec.title)}">
<link rel="canonical" href="{_attr(spec.canonical_url)}">
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
{_render_body(spec.blocks, SP_MARKUP)}
</div>
<div class="shareBar">Share this: <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a> <a href="#">Print</a></div>
</div></div>
{SP_SIDEBAR}{SP_SIDEBAR_EXTRA}</div>
{SP_FOOTER_EXTRA}
{SP_FOOTER}
</body></html>
"""


def _layout_socialistparty_redesign(spec: ArticleSpec, encoding: str) -> str:
    title = _esc(spec.title)
    meta = (
        f'<p class="story-meta">The Socialist, <time>{_dmy(spec.published)}</time></p>'
        if spec.published
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head>
{_charset_meta(spec, encoding)}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – The Socialist</title>
<meta property="og:title" content="{_attr(spec.title)}">
<link rel="canonical" href="{_attr(spec.canonical_url)}">
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
{_render_body(spec.blocks, SP_MARKUP)}
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


def _layout_socialistworker(spec: ArticleSpec, encoding: str) -> str:
    title = _esc(spec.title)
    time = (
        f'<time class="published" datetime="{_iso_with_offset(spec.published, 10)}">'
        f"{_dmy(spec.published)}</time>"
        if spec.published
        else ""
    )
    byline = f'<span class="byline">{_esc(spec.byline)}</span>' if spec.byline else ""
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head>
{_charset_meta(spec, encoding)}
<title>{title} – Socialist Worker</title>
<meta property="og:title" content="{_attr(spec.title)}">
<meta property="og:type" content="article">
<link rel="canonical" href="{_attr(spec.canonical_url)}">
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
{_render_body(spec.blocks, SW_MARKUP)}
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


def _layout_counterfire(spec: ArticleSpec, encoding: str) -> str:
    title = _esc(spec.title)
    published = (
        f'<meta property="article:published_time" content="{spec.published.isoformat()}T09:00:00Z">'
        if spec.published
        else ""
    )
    author = f'<div class="author">{_esc(spec.byline)}</div>' if spec.byline else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head>
{_charset_meta(spec, encoding)}
<title>{title} | Counterfire</title>
{published}
<meta property="og:title" content="{_attr(spec.title)}">
<link rel="canonical" href="{_attr(spec.canonical_url)}">
{CF_HEAD_EXTRA}
</head><body>
{CF_NAV}
{CF_MENU}
<main>
<h1 class="article-title">{title}</h1>
{author}
<div class="article-body">
{_render_body(spec.blocks, CF_MARKUP)}
</div>
<div class="share">Share this: <a href="#">Facebook</a> <a href="#">Bluesky</a></div>
{CF_RELATED}
{CF_EVENTS}
</main>
{CF_TAIL}
{CF_FOOTER_EXTRA}
</body></html>
"""


def _layout_morningstar(spec: ArticleSpec, encoding: str) -> str:
    title = _esc(spec.title)
    ld: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": spec.title,
        "url": spec.canonical_url,
    }
    if spec.published:
        ld["datePublished"] = _iso_with_offset(spec.published, 6)
    if spec.byline:
        ld["author"] = {"@type": "Person", "name": spec.byline}
    created = (
        f'<div class="field field--name-created">{WEEKDAYS[spec.published.weekday()]}, '
        f"{MONTHS[spec.published.month - 1]} {spec.published.day}, {spec.published.year}</div>"
        if spec.published
        else ""
    )
    byline = (
        f'<div class="field field--name-field-byline">{_esc(spec.byline)}</div>'
        if spec.byline
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr"><head>
{_charset_meta(spec, encoding)}
<title>{title} | Morning Star</title>
<link rel="canonical" href="{_attr(spec.canonical_url)}">
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
{_render_body(spec.blocks, MS_MARKUP)}
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


def _layout_blog(spec: ArticleSpec, encoding: str) -> str:
    title = _esc(spec.title)
    if spec.published:
        wd = WEEKDAYS[spec.published.weekday()]
        date_header = f'<h2 class="date-header"><span>{wd}, {_dmy(spec.published)}</span></h2>'
        posted_on = f"Posted on {wd}, {_dmy(spec.published)}"
    else:
        date_header, posted_on = "", ""
    posted_by = f"Posted by {_esc(spec.byline)} at 10:41" if spec.byline else "Posted at 10:41"
    return f"""<!DOCTYPE html>
<html><head>
{_charset_meta(spec, encoding, http_equiv=True)}
<title>Northfield Trades Union Council: {title}</title>
<link rel="canonical" href="{_attr(spec.canonical_url)}">
{BLOG_HEAD_EXTRA}
</head><body>
<div id="header"><h1><a href="/">Northfield Trades Union Council</a></h1>
<p class="description">News and views from the trade unions of Northfield and district</p></div>
<div id="main-wrapper"><div class="date-outer">{date_header}
<div class="post hentry"><h3 class="post-title entry-title">{title}</h3>
<div class="post-header"><div class="post-header-line-1">{posted_on}</div></div>
<div class="post-body entry-content">
{_render_body(spec.blocks, BLOG_MARKUP)}
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


def _layout_table(spec: ArticleSpec, encoding: str) -> str:
    title = _esc(spec.title)
    added = (
        f"Added {_ordinal(spec.published.day)} {MONTHS[spec.published.month - 1]} "
        f"{spec.published.year}"
        if spec.published
        else ""
    )
    return f"""<html><head>
{_charset_meta(spec, encoding, http_equiv=True)}
<title>Valley Campaigner - {title}</title>
{TABLE_HEAD_EXTRA}
</head>
<body bgcolor="#ffffff" link="#0000cc">
<table width="760" border="0" cellpadding="4" cellspacing="0">
<tr><td colspan="3"><img src="/img/banner.gif" alt="Valley Campaigner - news from the valleys" width="760" height="80"></td></tr>
<tr>{TABLE_NAV}
<td valign="top"><font face="Arial" size="4" color="#990000"><b>{title}</b></font><br>
<font face="Arial" size="1">{added}</font>
{_render_body(spec.blocks, TABLE_MARKUP)}
<p><font face="Arial" size="1"><a href="/news.htm">&lt;&lt; Back to news</a></font></p>
</td>{TABLE_RIGHT}</tr>
{TABLE_FOOTER}
</table></body></html>
"""


@dataclass(frozen=True)
class _Layout:
    render: Callable[[ArticleSpec, str], str]
    encoding: str
    entities: bool = False  # write non-ASCII as HTML entities (old hand-made pages do)


LAYOUTS: dict[str, _Layout] = {
    "socialistparty": _Layout(_layout_socialistparty, "utf-8"),
    "socialistparty-redesign": _Layout(_layout_socialistparty_redesign, "utf-8"),
    "socialistworker": _Layout(_layout_socialistworker, "utf-8"),
    "counterfire": _Layout(_layout_counterfire, "utf-8"),
    "morningstar": _Layout(_layout_morningstar, "utf-8"),
    "tradescouncil-blog": _Layout(_layout_blog, "windows-1252"),
    "table-site": _Layout(_layout_table, "iso-8859-1", entities=True),
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


# --- a plain-text spec format ------------------------------------------------------------
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
