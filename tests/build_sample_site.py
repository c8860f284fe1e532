"""Build the sample site shipped for `archive demo` (scraper/sample_site/) from invented
roundups rendered by tests/support/sitegen/.

Why generated and committed: the package must serve the site without the tests, and the pages
must look like the real layouts. Re-run it when the layouts in tests/support/sitegen/ change
(tests/cli/test_sample_site.py fails until then).

    python -m tests.build_sample_site          # rewrite scraper/sample_site/
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from tests.support.mirror import roundup_spec, sp_path
from tests.support.sitegen import render_page

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "scraper" / "sample_site"
LIVE = "https://www.socialistparty.org.uk"

ARTICLES = (  # (roundup number, site id, published, issue number, reports)
    (101, 7101, date(2024, 5, 8), 1280, 3),
    (102, 7102, date(2024, 5, 15), 1281, 4),
    (103, 7103, date(2024, 5, 22), 1282, 2),
)


def _listing(title: str, links: list[tuple[str, str]]) -> bytes:
    items = "\n".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title} | Socialist Party (sample site)</title></head>\n<body>\n"
        f"<h1>{title}</h1>\n<ul>\n{items}\n</ul>\n"
        "<p>A small invented copy of a campaign newspaper's site, shipped for "
        "<code>archive demo</code>.</p>\n</body></html>\n"
    ).encode()


def build() -> dict[str, bytes]:
    """File name -> bytes of every file of the sample site (routes.json included)."""
    files: dict[str, bytes] = {}
    routes: dict[str, dict[str, str]] = {}
    home: list[tuple[str, str]] = []
    issues: list[tuple[str, str]] = []
    for n, site_id, published, issue, reports in ARTICLES:
        path = sp_path(site_id, published, f"campaign-roundup-{n}")
        spec = roundup_spec(n, LIVE + path, published, reports=reports)
        page = render_page("socialistparty", spec)
        name = f"article-{site_id}.html"
        files[name] = page.body
        routes[path] = {"file": name, "content_type": page.content_type}
        # The issue page links the same article in its other URL shape.
        issue_path = sp_path(site_id, published, f"campaign-roundup-{n}", issue=issue)
        routes[issue_path] = {"file": name, "content_type": page.content_type}
        home.append((path + "?utm_source=demo", spec.title))
        issues.append((f"/issue/{issue}/", f"Issue {issue}"))
        files[f"issue-{issue}.html"] = _listing(f"Issue {issue}", [(issue_path, spec.title)])
        routes[f"/issue/{issue}/"] = {"file": f"issue-{issue}.html", "content_type": "text/html"}
    files["home.html"] = _listing("The Socialist", [*home, ("/issues/", "All issues")])
    files["issues.html"] = _listing("Issues", issues)
    routes["/"] = {"file": "home.html", "content_type": "text/html; charset=utf-8"}
    routes["/issues/"] = {"file": "issues.html", "content_type": "text/html; charset=utf-8"}
    files["robots.txt"] = b"User-agent: *\nDisallow: /search\n"
    routes["/robots.txt"] = {"file": "robots.txt", "content_type": "text/plain"}
    files["routes.json"] = (json.dumps(routes, indent=1, sort_keys=True) + "\n").encode()
    return files


def main() -> int:
    for name, body in build().items():
        (SAMPLE_DIR / name).write_bytes(body)
    print(f"wrote the sample site to {SAMPLE_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
