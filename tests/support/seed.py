"""The seed roundup (../shared/seeds/keepcorbyn-roundup.txt) rendered as HTML in several
page layouts, for the parser's seed tests and the benchmark.

The seed's sentences are never copied into the project: they are read from the shared folder
at test time. What this module knows about the seed is only its shape, taken from the issue:
the first line is the title, the second the sub-heading of the first report, each report
ends with a sign-off that begins with (or is) the expected reporter, "Leyton and Wanstead" is
a sub-heading, and lines crediting a photo are captions. Layouts differ in exactly the ways
the issue names: sign-offs in ``<p><em>`` or plain; ``<hr>`` between reports or not; the
caption in a ``<div>``, a ``<figure>`` or loose text; ``<p>`` or ``<br><br>``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = REPO_ROOT.parent / "shared" / "seeds"
SEED_FILE = SEED_DIR / "keepcorbyn-roundup.txt"
PUBLISHED = date(2016, 8, 24)
SP_URL = "https://www.socialistparty.org.uk/articles/23431/24-08-2016/keepcorbyn-huge-support-at-rallies/"

# The six reports as the issue states them (the reporter also tells us where each ends).
EXPECTED: tuple[dict[str, object], ...] = (
    {
        "place": "Kilburn",
        "event_type": "rally",
        "event_date": "2016-08-21",
        "attendance": 3500,
        "papers_sold": 80,
        "votes": None,
        "reporter": "Paula Mitchell",
    },
    {
        "place": "Harrogate",
        "event_type": "rally",
        "event_date": "2016-08-20",
        "attendance": 35,
        "papers_sold": None,
        "votes": None,
        "reporter": "Socialist Party reporters",
    },
    {
        "place": "Derby",
        "event_type": "rally",
        "event_date": "2016-08-16",
        "attendance": 800,
        "papers_sold": 90,
        "votes": None,
        "reporter": "Charlie Taylor",
    },
    {
        "place": "Leyton and Wanstead",
        "event_type": "meeting",
        "event_date": "2016-08-12",
        "attendance": None,
        "papers_sold": None,
        "votes": {"for": 94, "against": 33},
        "reporter": "A Leyton and Wanstead Labour Party member",
        "heading": "Leyton and Wanstead",
    },
    {
        "place": "Eltham",
        "event_type": "rally",
        "event_date": "2016-08-18",
        "attendance": 80,
        "venue": "Progress Hall",
        "papers_sold": None,
        "votes": None,
        "reporter": "Paul Callanan",
    },
    {
        "place": "Walthamstow",
        "event_type": "meeting",
        "event_date": None,
        "attendance": 309,
        "papers_sold": None,
        "votes": {"Corbyn": 205, "Owen Smith": 104},
        "reporter": "A Walthamstow Labour Party member",
    },
)
SUBHEADINGS = ("Leyton and Wanstead",)


@dataclass(frozen=True)
class Piece:
    """One line of the seed with the role the layouts render it in."""

    kind: str  # title | heading | para | signoff | caption
    text: str


def seed_text() -> str:
    """The seed's text, or skip the calling test when the shared folder is absent."""
    if not SEED_FILE.is_file():
        pytest.skip(f"seed not available: {SEED_FILE} is absent (run inside the team checkout)")
    return SEED_FILE.read_text(encoding="utf-8")


def _is_caption(line: str) -> bool:
    words = line.lower().split()
    return len(line) < 120 and "photo" in words[:3]


def seed_pieces(text: str) -> list[Piece]:
    """Split the seed into titled, headed, captioned and signed pieces."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    pieces: list[Piece] = [Piece("title", lines[0]), Piece("heading", lines[1])]
    signoffs = [str(e["reporter"]) for e in EXPECTED]
    for line in lines[2:]:
        if _is_caption(line):
            pieces.append(Piece("caption", line))
        elif line in SUBHEADINGS:
            pieces.append(Piece("heading", line))
        elif signoffs and line.startswith(signoffs[0]) and len(line) < 80:
            pieces.append(Piece("signoff", line))
            signoffs.pop(0)
        else:
            pieces.append(Piece("para", line))
    assert not signoffs, f"seed shape changed: sign-offs not found: {signoffs}"
    return pieces


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _captions(pieces: list[Piece]) -> list[str]:
    return [p.text for p in pieces if p.kind == "caption"]


CHROME_SIDEBAR = """
<div id="sidebar"><h2>Most read</h2><ul>
<li><a href="/articles/1/">Tenants rally against Invented Homes evictions in Oldham</a></li>
<li><a href="/articles/2/">Over 2,000 march for the NHS in Leeds on 3 March</a></li></ul>
<h2>Related articles</h2><ul><li><a href="/articles/3/">Strike wave: 400 pickets at the depot</a></li></ul></div>
"""
CHROME_FOOTER = """
<div id="footer"><p>Socialist Party, PO Box 0000, London. Join us! Over 100 branches.</p></div>
<div class="cookieBanner">We use cookies to improve this site. <a href="/cookies">Accept</a></div>
"""


def layout_socialistparty(pieces: list[Piece]) -> tuple[bytes, str, str | None]:
    """SITES.md layout 1: <h3> sub-heads, sign-offs as <p><em>, captions as
    <div class="captionImage">, no rules; UTF-8 with a <meta charset>."""
    title = pieces[0].text
    body: list[str] = []
    for p in pieces[1:]:
        if p.kind == "heading":
            body.append(f"<h3>{_e(p.text)}</h3>")
        elif p.kind == "signoff":
            body.append(f"<p><em>{_e(p.text)}</em></p>")
        elif p.kind == "caption":
            body.append(
                f'<div class="captionImage"><img src="/images/photo.jpg" alt="{_e(p.text)}">'
                f'<div class="caption">{_e(p.text)}</div></div>'
            )
        else:
            body.append(f"<p>{_e(p.text)}</p>")
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{_e(title)} | Socialist Party</title>
<meta property="og:title" content="{html.escape(title)}">
<link rel="canonical" href="{SP_URL}"></head>
<body><div id="topbar"><ul class="menu"><li><a href="/">Home</a></li><li><a href="/join">Join</a></li>
<li><a href="/campaigns">Campaigns: rallies and meetings</a></li></ul></div>
<div id="main"><div id="content"><div class="article">
<h1 class="articleTitle">{_e(title)}</h1>
<div class="articleDate">From The Socialist newspaper, 24 August 2016</div>
<div class="articleBody">
{chr(10).join(body)}
</div>
<div class="shareBar">Share this: <a href="#">Facebook</a> <a href="#">Email</a></div>
</div></div>{CHROME_SIDEBAR}</div>{CHROME_FOOTER}</body></html>"""
    return page.encode("utf-8"), SP_URL, None


def layout_wordpress_hr(pieces: list[Piece]) -> tuple[bytes, str, str | None]:
    """SITES.md layout 2: <h2> sub-heads, plain-<p> sign-offs, an <hr> after each sign-off,
    captions in <figure><figcaption>; charset only in the HTTP header."""
    title = pieces[0].text
    body: list[str] = []
    for p in pieces[1:]:
        if p.kind == "heading":
            body.append(f"<h2>{_e(p.text)}</h2>")
        elif p.kind == "signoff":
            body.append(f"<p>{_e(p.text)}</p>\n<hr>")
        elif p.kind == "caption":
            body.append(
                f'<figure class="wp-block-image"><img src="/wp/photo.jpg" alt="">'
                f"<figcaption>{_e(p.text)}</figcaption></figure>"
            )
        else:
            body.append(f"<p>{_e(p.text)}</p>")
    page = f"""<html><head><title>{_e(title)} - Socialist Worker</title></head>
<body><nav class="site-nav"><a href="/">News</a> <a href="/rallies">Rallies</a></nav>
<article class="post"><header><h1 class="entry-title">{_e(title)}</h1>
<time class="published" datetime="2016-08-24T10:00:00+01:00">24 August 2016</time>
<span class="byline">By Morgan Invented</span></header>
<div class="entry-content">
{chr(10).join(body)}
</div>
<aside class="related-posts"><h3>Related</h3><ul><li><a href="/a">Picket of 300 at Invented Ltd</a></li></ul></aside>
</article><section id="comments"><h3>2 comments</h3><p>Great rally, 5,000 of us were there on 3 May!</p></section>
<footer><p>Socialist Worker, 1 Invented Street</p></footer></body></html>"""
    return (
        page.encode("utf-8"),
        "https://socialistworker.co.uk/news/keepcorbyn-roundup/",
        ("text/html; charset=utf-8"),
    )


def layout_counterfire_strong(pieces: list[Piece]) -> tuple[bytes, str, str | None]:
    """SITES.md layout 3: sub-heads as <p><strong>, sign-offs as <p><em>, captions in
    <figure>, an <hr> between reports only where the seed has a caption; date in
    article:published_time."""
    title = pieces[0].text
    body: list[str] = []
    for p in pieces[1:]:
        if p.kind == "heading":
            body.append(f"<p><strong>{_e(p.text)}</strong></p>")
        elif p.kind == "signoff":
            body.append(f"<p><em>{_e(p.text)}</em></p>")
        elif p.kind == "caption":
            body.append(
                f'<figure><img src="/c.jpg"><figcaption>{_e(p.text)}</figcaption></figure><hr>'
            )
        else:
            body.append(f"<p>{_e(p.text)}</p>")
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta property="article:published_time" content="2016-08-24T09:00:00Z"></head>
<body><nav><ul><li>Home</li><li>Articles</li></ul></nav><main>
<h1 class="article-title">{_e(title)}</h1><div class="author">Sam Invented</div>
<div class="article-body">
{chr(10).join(body)}
</div><div class="newsletter-signup">Sign up: over 10,000 readers get our rally news.</div></main>
<footer>Counterfire</footer></body></html>"""
    return page.encode("utf-8"), "https://www.counterfire.org/article/keepcorbyn-roundup/", None


def layout_blogger_cp1252(pieces: list[Piece]) -> tuple[bytes, str, str | None]:
    """SITES.md layout 5: windows-1252 bytes, text separated by <br><br>, sub-heads in <b>,
    plain sign-offs, captions as loose lines, a visible dateline, no <p> at all."""
    title = pieces[0].text
    parts: list[str] = ["Posted on Wednesday, 24 August 2016"]
    for p in pieces[1:]:
        if p.kind == "heading":
            parts.append(f"<b>{_e(p.text)}</b>")
        else:
            parts.append(_e(p.text))
    page = f"""<html><head><meta charset="windows-1252"><title>{_e(title)}</title></head>
<body><div class="sidebar"><h2>Blog archive</h2><ul><li>2016 (12)</li></ul></div>
<div class="post"><h3 class="post-title">{_e(title)}</h3>
<div class="post-body">{"<br><br>".join(parts)}</div>
<div class="post-footer">Posted by Invented Trades Council at 10:00</div></div>
<div id="comments"><h4>1 comment</h4><p>Brilliant, 40 of us went on Saturday 20 August.</p></div>
</body></html>"""
    return page.encode("windows-1252"), "https://northfieldtuc.org.uk/2016/08/keepcorbyn.html", None


LAYOUTS: dict[str, Callable[[list[Piece]], tuple[bytes, str, str | None]]] = {
    "socialistparty": layout_socialistparty,
    "wordpress_hr": layout_wordpress_hr,
    "counterfire_strong": layout_counterfire_strong,
    "blogger_cp1252": layout_blogger_cp1252,
}


def render(layout: str) -> tuple[bytes, str, str | None]:
    """(page bytes, URL, Content-Type header) of the seed in one layout (skips if absent)."""
    return LAYOUTS[layout](seed_pieces(seed_text()))


def seed_captions() -> list[str]:
    return _captions(seed_pieces(seed_text()))
