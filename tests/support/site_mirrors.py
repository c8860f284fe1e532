"""Mirrors laid out the way the real sites are, for the discovery crawl tests
(tests/crawl/test_crawl_shapes.py): every URL shape of issue 13 linked somewhere, older articles
reachable only through month archives, back-issue pages or old listings, links to the sites'
other hosts, a whole-issue print page, redirects, a calendar and a tag trap that never end,
pagination that never ends, and the chrome every page repeats (menus, a sidebar of the
newest articles, search, login, feeds, share and comment links, files, off-site links, a
malformed link). Served on 127.0.0.1 by tests/support/mirror.py; every page is invented.

Each mirror says what a correct crawl must archive: per article (its site id, or its path),
the alias URLs the archive must record for it (normal form, paths), and the paths that must
never be requested.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from tests.support.mirror import MirrorSite, report_blocks

SP_ROBOTS = b"User-agent: *\nDisallow: /issue/77/\nDisallow: /members/\n"


@dataclass
class SiteMirror:
    site: MirrorSite
    domain: str
    # article key (site id, or path for sites without ids) -> alias paths recorded for it
    articles: dict[str, set[str]] = field(default_factory=dict)
    served: dict[str, str] = field(default_factory=dict)  # article key -> the path serving it
    never: set[str] = field(default_factory=set)  # paths (with query) never requested


def _links(hrefs: list[str]) -> str:
    return "".join(f'<li><a href="{html.escape(h)}">{html.escape(h)}</a></li>' for h in hrefs)


def page_html(title: str, chrome: list[str], links: list[str], body: str = "") -> bytes:
    """A page as the sites build them: menus and sidebar (``chrome``), content, links."""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head><body>"
        f"<nav><ul>{_links(chrome)}</ul></nav><main><h1>{html.escape(title)}</h1>{body}"
        f"<ul class='links'>{_links(links)}</ul></main></body></html>"
    ).encode()


def article_body(n: int, published: date) -> str:
    """Two invented local reports (tests/support/mirror.py's roundups), as an article body."""
    parts = [f"<p class='date'>{published:%d %B %Y}</p>"]
    for block in (*report_blocks(n * 2), *report_blocks(n * 2 + 1)):
        if block.kind == "heading":
            parts.append(f"<h2>{html.escape(block.text)}</h2>")
        elif block.kind != "rule":
            parts.append(f"<p>{html.escape(block.text)}</p>")
    return f"<article>{''.join(parts)}</article>"


class Builder:
    def __init__(self, domain: str, chrome: list[str]) -> None:
        self.mirror = SiteMirror(MirrorSite(), domain)
        self.chrome = chrome

    def listing(self, path: str, links: list[str], title: str | None = None) -> None:
        self.mirror.site.add(path, page_html(title or path, self.chrome, links), conditional=False)

    def article(
        self,
        key: str,
        path: str,
        published: date,
        links: Sequence[str] = (),
        aliases: Sequence[str] = (),
    ) -> None:
        """An article page at ``path``; ``aliases``: the other paths the archive must record."""
        n = len(self.mirror.articles) + 1
        body = page_html(
            f"Campaign roundup {n}", self.chrome, list(links), article_body(n, published)
        )
        self.mirror.site.add(path, body)
        self.mirror.articles[key] = {_normal(path), *(_normal(a) for a in aliases)}
        self.mirror.served[key] = path

    def redirect(self, path: str, to: str) -> None:
        self.mirror.site.add_redirect(path, to)

    def sitemap(self, path: str, urls: list[str], index: bool = False) -> None:
        """A sitemap (``index``: a sitemap index) of absolute URLs."""
        root, entry = ("sitemapindex", "sitemap") if index else ("urlset", "url")
        entries = "".join(f"<{entry}><loc>{html.escape(u)}</loc></{entry}>" for u in urls)
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</{root}>'
        )
        self.mirror.site.add(path, body.encode(), content_type="application/xml")


def _normal(path: str) -> str:
    return path.rstrip("/") or "/"


# --- The Socialist ------------------------------------------------------------------------


def _month(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def socialist_site_mirror(new_issue: bool = False) -> SiteMirror:
    """socialistparty.org.uk: the old site's issues and month archives, the new site's back
    issues, every alias shape of an article id, three hosts, a whole-issue print page.
    ``new_issue``: the site a little later, when issue 1001 is out (one article at the head
    of the issue index, another on the home page)."""
    latest = ["/articles/101/06-03-2024/latest-one/", "/articles/102/28-02-2024/latest-two/"]
    chrome = [
        "/",
        "/issues/",
        "/the-socialist-back-issues/",
        "/login",
        "/search?q=strike",
        "/feed/",
        "https://twitter.example/socialistparty",
        "mailto:editors@socialistparty.example",
        *latest,  # the sidebar: the newest articles, on every page
    ]
    b = Builder("socialistparty.org.uk", chrome)
    b.article("101", latest[0], date(2024, 3, 6), aliases=("/issue/1000/101",))
    b.article("102", latest[1], date(2024, 2, 28), aliases=("/print/102",))
    b.article(
        "103", "/issue/1000/103/13-03-2024/issue-story", date(2024, 3, 13), links=["/tag/strikes"]
    )
    b.article(
        "104",
        "/articles/104/21-02-2024/lefts-meet/",
        date(2024, 2, 21),
        ["/keyword/Housing/Estates"],
    )
    b.article("105", "/keyword/Lefts/article/105/28-02-2024/lefts-gather", date(2024, 2, 28))
    b.article("106", "/campaign/Education/School/106", date(2024, 2, 14))
    b.article(
        "107",
        "/articles/107/21-02-2024/print-only/",
        date(2024, 2, 21),
        aliases=("/articles/107", "/print/107"),
    )
    b.redirect("/articles/107", "/articles/107/21-02-2024/print-only/")
    b.article("108", "/articles/108/12-11-2019/november-rally/", date(2019, 11, 12))
    b.article("109", "/articles/109/10-10-2019/october-picket/", date(2019, 10, 10))
    b.article("110", "/articles/110/28-09-06/pensions-strike", date(2006, 9, 28))
    b.article("111", "/keyword/Housing/Estates/111/07-02-2024/estates-fight", date(2024, 2, 7))
    b.article("112", "/articles/112/04-12-2019/new-site-story/", date(2019, 12, 4))
    b.article("113", "/articles/113/01-02-2024/slash-redirect/", date(2024, 2, 1))
    b.article("115", "/articles/115/01-01-2024/sitemap-only/", date(2024, 1, 1))
    news: list[str] = []
    if new_issue:
        news = ["/articles/116/01-05-2024/new-on-home/"]
        b.article("116", news[0], date(2024, 5, 1))
        b.article("117", "/issue/1001/117/01-05-2024/new-issue", date(2024, 5, 1))
        b.listing("/issue/1001/", ["/issue/1001/117/01-05-2024/new-issue", "/issue/1000/"])
    hidden = "/issue/77/114/01-01-2024/hidden"  # robots.txt disallows it
    b.mirror.site.add(hidden, page_html("Hidden", chrome, []))
    b.mirror.never |= {hidden, "/members/", "/printdoc/issue/1000", "/print/102", "/print/107"}

    b.listing(
        "/",
        [
            "https://m.socialistparty.org.uk/issue/1000/101",
            "https://archive.socialistparty.org.uk/archive/November_2019",
            "/calendar/2024/03",
            "/printdoc/issue/1000",
            hidden,
            "/members/",
            "http://[::1",
            "http://www.socialistparty.org.uk:99999/x",
            "/wp-content/uploads/logo.png",
            "/share/?url=x",
            "/comment/reply/101",
            latest[0] + "#comments",
            latest[1] + "?utm_source=twitter",
            *news,
        ],
        title="The Socialist",
    )
    heads = ["/issue/1001/"] if new_issue else []
    b.listing("/issues/", [*heads, "/issue/1000/", "/issue/999/", "/issues/?page=2"])
    b.listing("/issues/?page=2", ["/issue/998/", "/issue/997"])
    b.listing(
        "/issue/1000/",
        [
            "/issue/1000/103/13-03-2024/issue-story",
            "/issue/1000/101",
            "/printdoc/issue/1000",
            "/issue/999/",
        ],
    )
    b.mirror.site.add("/printdoc/issue/1000", page_html("Issue 1000, all of it", chrome, []))
    b.listing(
        "/issue/999/",
        [
            "/articles/104/21-02-2024/lefts-meet/",
            "/keyword/Lefts/article/105/28-02-2024/lefts-gather",
            "/campaign/Education/School/106",
            "/issue/998/",
        ],
    )
    b.listing("/issue/998/", ["/print/107", "/print/102", "/issue/997/"])
    b.redirect("/issue/997", "/issue/997/")
    b.listing("/issue/997/", ["/articles/113/01-02-2024/slash-redirect/"])
    b.listing(
        "/archive/November_2019",
        ["/articles/108/12-11-2019/november-rally/", "/archive/October_2019"],
    )
    b.listing(
        "/archive/October_2019",
        ["/articles/109/10-10-2019/october-picket/", "/archive/September_2006"],
    )
    b.listing("/archive/September_2006", ["/articles/110/28-09-06/pensions-strike"])
    back = "/the-socialist-back-issues/"
    year = back + "the-socialist-back-issues-2019/"
    b.listing(back, [year])
    b.listing(year, [year + "the-socialist-issue-1023/"])
    b.listing(year + "the-socialist-issue-1023/", ["/?p=89841", "/?p=89842"])
    b.redirect("/?p=89841", "/articles/112/04-12-2019/new-site-story/")
    b.redirect("/?p=89842", latest[0])
    b.listing("/keyword/Housing/Estates", ["/keyword/Housing/Estates/111/07-02-2024/estates-fight"])

    def calendar(m: re.Match[str]) -> bytes:
        y, mo = int(m["y"]), int(m["m"])
        around = [_month(y, mo, -1), _month(y, mo, 1)]
        links = [f"/calendar/{a}/{b_:02d}" for a, b_ in around]
        return page_html(f"Events {y}-{mo:02d}", chrome, links)

    def tags(m: re.Match[str]) -> bytes:
        path = m[0]
        return page_html(path, chrome, [f"{path}/x", f"{path}/y"])

    b.mirror.site.add_dynamic(r"/calendar/(?P<y>\d{4})/(?P<m>\d{2})", calendar)
    b.mirror.site.add_dynamic(r"/tag/strikes(?:/[xy])*", tags)
    site = "https://www.socialistparty.org.uk"
    b.sitemap("/sitemap.xml", [site + latest[0], site + "/articles/115/01-01-2024/sitemap-only/"])
    b.mirror.site.add("/robots.txt", SP_ROBOTS, content_type="text/plain", conditional=False)
    return b.mirror


# --- Socialist Worker ---------------------------------------------------------------------


def socialistworker_site_mirror() -> SiteMirror:
    """socialistworker.co.uk: WordPress sections, the features listing's pages going on for
    ever (past its last article they repeat it, as some themes do), an old issue listing with
    /art/ID articles under both spellings of their titles, and the WordPress sitemaps."""
    home = "https://socialistworker.co.uk"
    chrome = [
        "/",
        "/news/",
        "/features/",
        "/what-we-think/",
        "/?s=strike",
        "/wp-login.php",
        "/news/feed/",
        "https://facebook.example/socialistworker",
    ]
    b = Builder("socialistworker.co.uk", chrome)
    nurses = "/news/nurses-walk-out/"
    b.article(
        _normal(nurses),
        nurses,
        date(2024, 3, 1),
        links=[nurses + "?replytocom=5", nurses + "feed/"],
    )
    united = "/art/26426/United+strike+sees+thousands"
    b.article(
        "26426",
        united,
        date(2012, 3, 1),
        aliases=("/art/26426/United%20strike%20sees%20thousands",),
    )
    b.article("9839", "/art/9839/Sylvia+Pankhurst%3A+demanding+liberation", date(2009, 6, 1))
    for path, when in [
        ("/features/why-we-march/", date(2024, 2, 1)),
        ("/features/old-feature-2/", date(2023, 1, 2)),
        ("/features/old-feature-3/", date(2022, 1, 3)),
        ("/what-we-think/a-strike-wave/", date(2024, 2, 2)),
        ("/news/pickets-hold/", date(2024, 1, 5)),
        ("/features/only-in-sitemap/", date(2021, 5, 5)),
    ]:
        b.article(_normal(path), path, when)
    b.listing("/", [nurses, united, "/issue/250"], title="Socialist Worker")
    b.listing("/news/", [nurses, "/news/page/2/"])
    b.listing("/news/page/2/", ["/news/pickets-hold/"])
    b.listing("/features/", ["/features/why-we-march/", "/features/page/2/"])
    b.listing("/what-we-think/", ["/what-we-think/a-strike-wave/"])
    b.listing(
        "/issue/250",
        [
            "/art/26426/United%20strike%20sees%20thousands",
            "/art/9839/Sylvia+Pankhurst%3A+demanding+liberation",
        ],
    )

    def features_page(m: re.Match[str]) -> bytes:
        n = int(m["n"])
        article = f"/features/old-feature-{min(n, 3)}/"
        return page_html(f"Features, page {n}", chrome, [article, f"/features/page/{n + 1}/"])

    b.mirror.site.add_dynamic(r"/features/page/(?P<n>\d+)/", features_page)
    b.sitemap("/wp-sitemap.xml", [home + "/wp-sitemap-posts-post-1.xml"], index=True)
    b.sitemap("/wp-sitemap-posts-post-1.xml", [home + nurses, home + "/features/only-in-sitemap/"])
    b.mirror.site.allow_robots()
    return b.mirror


# --- Counterfire and Morning Star ---------------------------------------------------------


def counterfire_site_mirror() -> SiteMirror:
    """counterfire.org: today's /article/ slugs, the old Joomla site's numeric ids (with and
    without index.php) reachable only through its category listing and ``?start=`` pages."""
    chrome = ["/", "/articles/", "/index.php/articles/analysis", "/search/?q=strike"]
    b = Builder("counterfire.org", chrome)
    b.article("/article/the-general-strike", "/article/the-general-strike/", date(2024, 3, 1))
    b.article("/article/older-one", "/article/older-one/", date(2023, 3, 1))
    crisis = "/index.php/articles/analysis/16412-the-crisis"
    b.article("16412", crisis, date(2012, 5, 1), aliases=("/articles/analysis/16412-the-crisis",))
    b.article("20909", "/news/20909-junior-doctors-strike", date(2016, 1, 12))
    b.listing("/", ["/article/the-general-strike/"], title="Counterfire")
    b.listing("/articles/", ["/article/the-general-strike/", "/articles/page/2/"])
    b.listing("/articles/page/2/", ["/article/older-one/"])
    b.listing("/index.php/articles/analysis", [crisis, "/index.php/articles/analysis?start=20"])
    b.listing(
        "/index.php/articles/analysis?start=20",
        ["/news/20909-junior-doctors-strike", "/articles/analysis/16412-the-crisis"],
    )
    return b.mirror


def morningstar_site_mirror() -> SiteMirror:
    """morningstaronline.co.uk: both /article/ shapes and the old site's /a-HEX- ids, reached
    through a section and its ``?page=`` pages, which no known listing shape names (found by
    the generic follow)."""
    chrome = [
        "/",
        "/britain",
        "/user/login",
        "/search/node?keys=strike",
        "/sites/default/files/paper.pdf",
    ]
    b = Builder("morningstaronline.co.uk", chrome)
    today = "/article/your-party-divisions-explode-open"
    lettered = "/article/b/mothers-march-through-sheffield"
    b.article(today, today, date(2025, 6, 1))
    b.article(lettered, lettered, date(2021, 5, 27))
    b.article("0709", "/a-0709-Tories-plan-cuts", date(2010, 7, 9))
    old = "/a-F9C2-Crime-against-left-wing-thrillers"
    b.article(
        "f9c2", old, date(2015, 7, 21), aliases=("/a-f9c2-Crime-against-left-wing-thrillers",)
    )
    b.listing("/", [today], title="Morning Star")
    b.listing("/britain", [lettered, "/britain?page=1"])
    b.listing("/britain?page=1", ["/a-0709-Tories-plan-cuts", "/britain?page=2"])
    b.listing(
        "/britain?page=2",
        [
            old,
            "http://www.morningstaronline.co.uk/a-f9c2-Crime-against-left-wing-thrillers",
            "/britain?page=1",
        ],
    )
    return b.mirror
