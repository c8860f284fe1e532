"""Page chrome: text only chrome contains (CHROME_PHRASES) and the generated bulk of real pages.

Real campaign-site pages are tens of KB, most of it chrome; these pieces give each layout that
size and shape, deterministically."""

from __future__ import annotations

import json
import re

from tests.support.sitegen.markup import MONTHS, WEEKDAYS, esc

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


# Real campaign-site pages are tens of KB, most of it chrome: mega-menus, sidebars of
# headlines, diaries and archives, tag clouds, inline CSS and scripts, SVG icons, footers of
# link columns. The pieces below give each layout that size and shape (deterministically),
# so the corpus measures the parser on realistic pages and proves chrome never leaks into
# events. Their links avoid every spider's article and listing URL shapes (no /articles/<id>/,
# /news/<slug>/, /article/<slug>/, /categories/, /category/, /issue/), so the crawl tests'
# mirror sites keep the same link graph.

TOWNS = (
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


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def headline(i: int, seed: int) -> str:
    shape = _HEADLINES[(i * 3 + seed) % len(_HEADLINES)]
    town = TOWNS[(i * 7 + seed * 5) % len(TOWNS)]
    n = 40 + (i * 137 + seed * 31) % 1900
    k = 2 + (i * 5 + seed) % 11
    return shape.format(n=n, town=town, k=k, j=k + 3 + i % 9)


def chrome_date(i: int, seed: int) -> str:
    day = 1 + (i * 3 + seed) % 28
    return f"{day} {MONTHS[(i + seed) % 12]} {2012 + (i + seed) % 12}"


def headline_list(seed: int, count: int, href: str, dated: bool = True, cls: str = "") -> str:
    """A list of other stories' headlines (optionally dated), linked under ``href``."""
    items = []
    for i in range(count):
        text = headline(i, seed)
        when = f' <span class="date">{chrome_date(i, seed)}</span>' if dated else ""
        items.append(f'<li><a href="{href}{slugify(text)}-{seed}{i}">{esc(text)}</a>{when}</li>')
    klass = f' class="{cls}"' if cls else ""
    return f"<ul{klass}>\n" + "\n".join(items) + "\n</ul>"


def diary_list(seed: int, count: int) -> str:
    """A "what's on" diary: dates, times, places and event words, none of it the article's."""
    kinds = ("public meeting", "march", "rally", "picket", "stall", "branch meeting", "vigil")
    items = []
    for i in range(count):
        town = TOWNS[(i * 11 + seed) % len(TOWNS)]
        kind = kinds[(i + seed) % len(kinds)]
        hour = 10 + (i * 5 + seed) % 10
        items.append(
            f"<li><b>{WEEKDAYS[(i + seed) % 7][:3]} {chrome_date(i, seed + 1)}</b>, "
            f"{hour % 12 or 12}{'am' if hour < 12 else 'pm'}: {town} {kind}, "
            f"{TOWNS[(i + 3) % len(TOWNS)]} Road community rooms. All welcome.</li>"
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
    groups = (("Topics", _TOPICS), ("Regions", _REGIONS), ("Branches", TOWNS))
    out = []
    for title, names in groups:
        links = "".join(
            f'<li class="menu-item"><a href="{href}{slugify(title)}/{slugify(n)}/">{esc(n)}</a></li>'
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
    for i, t in enumerate(_TOPICS + TOWNS):
        size = 8 + (i * 7 + seed) % 14
        out.append(f'<a href="{href}{slugify(t)}/" style="font-size: {size}pt;">{esc(t)}</a>')
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
        "menu": [{"title": headline(i, 7), "path": f"/go/{i}"} for i in range(entries)],
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
        links = "".join(f'<li><a href="{href}{slugify(n)}/">{esc(n)}</a></li>' for n in names)
        out.append(f'<div class="footer-col"><h4>{title}</h4><ul>{links}</ul></div>')
    return '<div class="footer-columns">' + "".join(out) + "</div>"
