"""Local mirror sites for crawl tests and the crawl benchmark, served on 127.0.0.1.

Why: spiders must be tested against the things real sites do (two URL shapes of one article,
tracking parameters, a 503 with Retry-After, 404s, robots.txt, redirects, broken markup, huge
pages, windows-1252), and never against a real site. A :class:`MirrorSite` serves pages from
memory in a background thread, answers conditional requests (ETag / Last-Modified -> 304),
logs every request it gets, and can "correct" a page between crawls the way an editor does.

Article pages are rendered with tests/support/sitegen/ (the layouts of brief/SITES.md) from
invented roundups (:func:`roundup_spec`): real UK town names, invented people and words.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from tests.support.sitegen import ArticleSpec, Block, render_page

# --- invented roundups ------------------------------------------------------------------------

TOWNS = (
    "Leeds",
    "Coventry",
    "Swansea",
    "Stockport",
    "Hull",
    "Norwich",
    "Derby",
    "Salford",
    "Bristol",
    "Wakefield",
    "Plymouth",
    "Gateshead",
    "Luton",
    "Carlisle",
    "Exeter",
    "Bolton",
)
FIRST = ("Ruth", "Owen", "Priya", "Declan", "Mina", "Tom", "Hattie", "Kwame", "Elsie", "Rab")
LAST = ("Abernethy", "Coyle", "Dunmore", "Farrant", "Gillow", "Hebden", "Ingleby", "Marwick")
CAUSES = (
    ("rally", "to save the maternity unit at the general hospital"),
    ("meeting", "to plan the fight against the council's cuts budget"),
    ("picket", "in support of striking refuse workers"),
    ("demonstration", "against the closure of the town's last youth centre"),
    ("stall", "on the high street, collecting signatures for the rent freeze petition"),
)


def _person(n: int) -> str:
    return f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]}"


def report_blocks(n: int, attendance: int | None = None) -> tuple[Block, ...]:
    """One invented local report (two paragraphs and a sign-off), determined by ``n``."""
    town = TOWNS[n % len(TOWNS)]
    kind, cause = CAUSES[n % len(CAUSES)]
    people = attendance if attendance is not None else 20 + (n * 37) % 400
    speaker, reporter = _person(n * 3 + 1), _person(n * 3 + 2)
    return (
        Block("heading", f"{town}: {kind} {cause.split(',')[0]}"),
        Block(
            "paragraph",
            f"Around {people} people came to a {kind} in {town} {cause}. {speaker} of the "
            f"local trades union council told the crowd that the campaign had already "
            f"forced two climbdowns and would keep going until the decision was reversed.",
        ),
        Block(
            "paragraph",
            f"We sold {5 + n % 30} papers and raised £{10 + (n * 13) % 190} for the "
            f"fighting fund, and {3 + n % 9} people asked to join.",
        ),
        Block("signoff", f"{reporter}, {town} Socialist Party"),
    )


def roundup_spec(
    n: int,
    url: str,
    published: date,
    reports: int = 3,
    attendance: dict[int, int] | None = None,
    encoding: str | None = None,
    padding_paragraphs: int = 0,
) -> ArticleSpec:
    """An invented roundup of ``reports`` local reports; ``attendance`` overrides the crowd
    size of report i (how a test "corrects" an article)."""
    blocks: list[Block] = []
    for i in range(reports):
        blocks.extend(report_blocks(n * 7 + i, (attendance or {}).get(i)))
        if i < reports - 1:
            blocks.append(Block("rule"))
    for p in range(padding_paragraphs):
        blocks.append(
            Block(
                "paragraph",
                f"Background note {p}: the campaign diary lists street stalls, leafleting "
                f"sessions and planning meetings in every ward, each one written up by the "
                f"branch secretary for the records kept in the office.",
            )
        )
    return ArticleSpec(
        title=f"Campaign roundup number {n}: reports from {TOWNS[n % len(TOWNS)]} and beyond",
        url=url,
        published=published,
        blocks=tuple(blocks),
        encoding=encoding,
    )


# --- the server -------------------------------------------------------------------------------

HTTP_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass
class Page:
    """One route of a mirror. ``fail_first`` answers 503 (with ``retry_after``) that many
    times before the page; ``delay`` slows every answer (seconds)."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str = ""
    last_modified: str = ""
    fail_first: int = 0
    retry_after: int | None = None
    delay: float = 0.0
    location: str | None = None  # for redirects
    conditional: bool = True  # send validators and answer 304
    headers: dict[str, str] = field(default_factory=dict)  # more response headers


@dataclass(frozen=True)
class Hit:
    """One request the mirror received."""

    path: str
    status: int
    headers: dict[str, str]
    at: float


@dataclass
class MirrorSite:
    """Pages by path, or by path and query (``/?p=5``, ``/issues/?page=2``) where one is
    added so; ``dynamic`` routes make pages on demand (pagination that never ends)."""

    pages: dict[str, Page] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    dynamic: list[tuple[re.Pattern[str], Callable[[re.Match[str]], bytes]]] = field(
        default_factory=list
    )
    # Answer every request with this status (a site whose server is broken), when set.
    broken: int | None = None
    _version: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    # --- content ---------------------------------------------------------------------------

    def add(self, path: str, body: bytes, **options: object) -> Page:
        with self._lock:
            page = Page(body=body, **options)  # type: ignore[arg-type]
            self._stamp(page)
            self.pages[path] = page
            return page

    def add_article(self, path: str, layout: str, spec: ArticleSpec, **options: object) -> Page:
        rendered = render_page(layout, spec)
        return self.add(path, rendered.body, content_type=rendered.content_type, **options)

    def add_dynamic(self, pattern: str, make: Callable[[re.Match[str]], bytes]) -> None:
        """Serve every path (and query) matching ``pattern`` with the HTML ``make`` returns."""
        self.dynamic.append((re.compile(pattern), make))

    def add_redirect(self, path: str, to: str, status: int = 301) -> None:
        self.add(path, b"", status=status, location=to, conditional=False)

    def add_listing(self, path: str, title: str, links: list[str]) -> None:
        items = "\n".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
        body = (
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><h1>{title}</h1><ul>\n{items}\n</ul></body></html>"
        ).encode()
        self.add(path, body, conditional=False)

    def allow_robots(self) -> None:
        """A robots.txt that lets every crawler fetch everything."""
        self.add("/robots.txt", b"User-agent: *\nAllow: /\n", content_type="text/plain")

    def correct(self, path: str, body: bytes) -> None:
        """Replace a page's body as an editor's correction would: new ETag, newer date."""
        with self._lock:
            page = self.pages[path]
            page.body = body
            self._stamp(page)

    def _stamp(self, page: Page) -> None:
        self._version += 1
        page.etag = '"' + hashlib.sha256(page.body).hexdigest()[:20] + '"'
        when = HTTP_EPOCH + timedelta(hours=self._version)
        page.last_modified = format_datetime(when, usegmt=True)

    # --- what it saw -----------------------------------------------------------------------

    def hits_for(self, path: str) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if urlsplit(h.path).path == path]

    def statuses(self, path: str) -> list[int]:
        return [h.status for h in self.hits_for(path)]

    def clear_hits(self) -> None:
        with self._lock:
            self.hits.clear()

    # --- serving ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        assert self._server is not None, "mirror not started"
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> MirrorSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes; with Nagle on, each response of a
            # kept-alive connection would wait for the client's delayed ACK (~40 ms).
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                site._answer(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _route(self, target: str) -> Page | None:
        parts = urlsplit(target)
        page = self.pages.get(f"{parts.path}?{parts.query}") if parts.query else None
        page = page or self.pages.get(parts.path)
        if page is None:
            for pattern, make in self.dynamic:
                m = pattern.fullmatch(target)
                if m:
                    return Page(body=make(m), conditional=False)
        return page

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        headers = {k.lower(): v for k, v in handler.headers.items()}
        with self._lock:
            page = self._route(handler.path)
            failing = page is not None and page.fail_first > 0
            if failing:
                page.fail_first -= 1  # type: ignore[union-attr]
        if page is not None and page.delay:
            time.sleep(page.delay)
        status, body, out = self._response(page, failing, headers)
        with self._lock:
            self.hits.append(Hit(handler.path, status, headers, time.monotonic()))
        try:
            handler.send_response(status)
            for name, value in out.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _response(
        self, page: Page | None, failing: bool, headers: dict[str, str]
    ) -> tuple[int, bytes, dict[str, str]]:
        if self.broken is not None:
            return self.broken, b"<html><body>Internal error</body></html>", {}
        if page is None:
            return (
                404,
                b"<html><body><h1>Not found</h1></body></html>",
                {"Content-Type": "text/html"},
            )
        if failing:
            out = {"Content-Type": "text/html"}
            if page.retry_after is not None:
                out["Retry-After"] = str(page.retry_after)
            return 503, b"<html><body>Busy, try later</body></html>", out
        if page.location is not None:
            return page.status, b"", {"Location": page.location}
        out = {"Content-Type": page.content_type, **page.headers}
        if page.conditional:
            out["ETag"] = page.etag
            out["Last-Modified"] = page.last_modified
            if _not_modified(page, headers):
                return 304, b"", {"ETag": page.etag, "Last-Modified": page.last_modified}
        return page.status, page.body, out


def _not_modified(page: Page, headers: dict[str, str]) -> bool:
    inm = headers.get("if-none-match")
    if inm is not None:
        return page.etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
    ims = headers.get("if-modified-since")
    if ims:
        try:
            return parsedate_to_datetime(page.last_modified) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


@contextmanager
def serve(site: MirrorSite) -> Iterator[MirrorSite]:
    site.start()
    try:
        yield site
    finally:
        site.stop()


# --- The Socialist, as the crawl tests need it ------------------------------------------------

SINCE = date(2020, 1, 1)  # crawls run with since=SINCE: older dated links are skipped


def sp_path(article_id: int, published: date, slug: str, issue: int | None = None) -> str:
    """A socialistparty.org.uk article path in either of its two shapes."""
    dmy = published.strftime("%d-%m-%Y")
    if issue is None:
        return f"/articles/{article_id}/{dmy}/{slug}/"
    return f"/issue/{issue}/{article_id}/{dmy}/{slug}"


@dataclass
class SocialistMirror:
    """The mirror of the crawl tests and what a correct crawl of it must archive."""

    site: MirrorSite
    articles: dict[str, str]  # role -> path of each page that must become an article
    paths: dict[str, str]  # role -> path of the other interesting routes
    specs: dict[str, ArticleSpec]
    n: dict[str, int]  # role -> roundup number (to re-render a correction)

    def correct_attendance(self, role: str, report: int, attendance: int) -> None:
        """The editor fixes one crowd size in one report of one article."""
        spec = roundup_spec(
            self.n[role],
            self.specs[role].url,
            self.specs[role].published or SINCE,
            attendance={report: attendance},
        )
        self.specs[role] = spec
        self.site.correct(self.articles[role], render_page("socialistparty", spec).body)


def socialist_mirror(
    delay: float = 0.0, extra_articles: int = 0, large_paragraphs: int = 2000
) -> SocialistMirror:
    """A small socialistparty.org.uk with every case the crawl issue lists.

    Articles (must each be archived once): ``plain``, ``two_shapes`` (linked under both URL
    shapes, and with tracking parameters), ``busy`` (503 once with Retry-After, then 200),
    ``cp1252`` (windows-1252), ``large`` (``large_paragraphs`` extra paragraphs: 2000 make
    about 400 kB, ten times a usual article), ``malformed`` (broken markup),
    ``redirected`` (reached only through a 301), plus ``extra_articles`` more roundups.
    Not articles: ``missing`` (404), ``empty`` (200 with no body), ``disallowed`` (under a
    robots.txt Disallow), ``old`` (dated before :data:`SINCE`).
    """
    site = MirrorSite()
    base = date(2024, 3, 6)
    specs: dict[str, ArticleSpec] = {}
    articles: dict[str, str] = {}
    numbers: dict[str, int] = {}

    def article(role: str, n: int, **spec_options: Any) -> str:
        published = base + timedelta(days=7 * n)
        path = sp_path(5000 + n, published, f"roundup-{n}")
        spec = roundup_spec(
            n, f"https://www.socialistparty.org.uk{path}", published, **spec_options
        )
        specs[role], articles[role], numbers[role] = spec, path, n
        return path

    roles = ["plain", "two_shapes", "busy", "cp1252", "large", "malformed", "redirected"]
    roles += [f"extra{i}" for i in range(extra_articles)]
    for n, role in enumerate(roles, start=1):
        options: dict[str, object] = {}
        if role == "cp1252":
            options["encoding"] = "windows-1252"
        if role == "large":
            options["padding_paragraphs"] = large_paragraphs
        article(role, n, **options)

    page_options = {"delay": delay} if delay else {}
    for role, path in articles.items():
        rendered = render_page("socialistparty", specs[role])
        body = rendered.body
        if role == "malformed":
            # Unclosed containers, stray end tags, an undecodable byte, a truncated end.
            body = body.replace(b"</div>", b"", 3).replace(b"<p>", b"</td><p>", 2)
            body = body.replace(b"</h1>", b"</h1>\xff\xfe<b><i>", 1)[: -len(b"</body></html>\n")]
        site.add(
            path,
            body,
            content_type=rendered.content_type,
            fail_first=1 if role == "busy" else 0,
            retry_after=1 if role == "busy" else None,
            **page_options,  # type: ignore[arg-type]
        )
    two = specs["two_shapes"].published or base
    issue_shape = sp_path(5002, two, "roundup-2", issue=412)
    site.add(issue_shape, site.pages[articles["two_shapes"]].body)

    paths = {
        "missing": sp_path(5900, base, "gone"),
        "empty": sp_path(5901, base, "empty"),
        "disallowed": sp_path(5902, base, "hidden", issue=77),
        "old": sp_path(5903, date(2015, 5, 1), "old-news"),
        # The short form of an article URL, which the site redirects to the full one.
        "redirect_from": f"/articles/{5000 + numbers['redirected']}",
        "issue_shape": issue_shape,
    }
    site.add(paths["empty"], b"", content_type="text/html; charset=utf-8")
    site.add(paths["disallowed"], render_page("socialistparty", specs["plain"]).body)
    site.add(paths["old"], render_page("socialistparty", specs["plain"]).body)
    site.add_redirect(paths["redirect_from"], articles["redirected"])
    site.add(
        "/robots.txt",
        b"User-agent: *\nDisallow: /issue/77/\nDisallow: /search\n",
        content_type="text/plain",
        conditional=False,
    )
    home_links = [
        articles["plain"],
        articles["two_shapes"] + "?utm_source=newsletter&utm_medium=email",
        articles["busy"],
        articles["large"],
        paths["missing"],
        paths["redirect_from"],
        paths["old"],
        "/issues/",
        "https://twitter.example/socialistparty",
    ]
    site.add_listing("/", "The Socialist", home_links)
    site.add_listing("/issues/", "Issues", ["/issue/412/", "/issue/77/"])
    site.add_listing(
        "/issue/412/",
        "Issue 412",
        [
            issue_shape,
            articles["cp1252"],
            articles["malformed"],
            paths["empty"],
            *[articles[r] for r in roles if r.startswith("extra")],
        ],
    )
    site.add_listing("/issue/77/", "Issue 77", [paths["disallowed"]])
    return SocialistMirror(site=site, articles=articles, paths=paths, specs=specs, n=numbers)
