"""Same-site links no spider follows, by reason: word lists, and the one function that reads them.

Why word lists: a spider follows any same-site page it does not recognise (so a redesign
does not blind it), and what it must leave alone is the same on every site: files, feeds,
search, login and account pages, share buttons, comment forms, print views. Kept as data,
grouped by the reason the crawl run counts them under, and matched against whole path
segments and query keys, never substrings (``/news/share-the-wealth/`` is an article, ``/share/``
a button). A site's own shapes (the site records beside this module) are checked first and win.

Why here and not with the spiders: which URLs are articles (:mod:`scraper.sites.articles`)
reads these lists too, and the archive asks that question of web-archive captures without
importing the crawler.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

# A listing's older pages on any site (WordPress /page/2/, Drupal and others ?page=2).
PAGINATION = (re.compile(r"[?&]page=\d+"), re.compile(r"/page/\d+/?$"))

# reason -> path segments (lower case) that make a page that kind of page.
SEGMENTS: dict[str, frozenset[str]] = {
    "asset": frozenset({"wp-content", "wp-includes", "wp-json", "cdn-cgi", "xmlrpc.php"}),
    "feed": frozenset({"feed", "feeds", "rss", "atom", "rss.xml", "atom.xml", "feed.xml"}),
    "search": frozenset({"search", "search.php"}),
    "login": frozenset(
        {
            "login",
            "log-in",
            "logout",
            "log-out",
            "signin",
            "sign-in",
            "signup",
            "sign-up",
            "register",
            "user",
            "users",
            "account",
            "my-account",
            "wp-login.php",
            "wp-admin",
            "basket",
            "cart",
            "checkout",
        }
    ),
    "share": frozenset({"share", "sharer", "sharer.php", "send-to-friend", "email-article"}),
    "comment": frozenset({"comment", "comments", "reply", "respond", "comment-page"}),
    "print": frozenset({"print", "printdoc", "printpdf", "print.php", "printable"}),
}
# reason -> query keys (lower case) that make a URL that kind of page (``?s=`` is WordPress search).
QUERY_KEYS: dict[str, frozenset[str]] = {
    "feed": frozenset({"feed"}),
    "search": frozenset({"s", "q", "search", "searchword", "query"}),
    "login": frozenset({"redirect_to", "action"}),
    "share": frozenset({"share", "sharer"}),
    "comment": frozenset({"replytocom", "comment", "reply"}),
    "print": frozenset({"print", "printable"}),
}
# Query values that say the same (Joomla's ``?format=feed&type=rss``, ``?tmpl=component&print=1``).
QUERY_VALUES: dict[str, frozenset[tuple[str, str]]] = {
    "feed": frozenset({("format", "feed"), ("type", "rss"), ("type", "atom")}),
    "print": frozenset({("format", "print"), ("tmpl", "component"), ("view", "print")}),
}
# File name endings of anything that is not a page (what the last segment ends with).
# fmt: off
ASSET_EXTENSIONS = frozenset((
    "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "ico", "bmp", "tif", "tiff", "heic",
    "css", "js", "mjs", "map", "json",
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "rtf", "txt", "csv",
    "epub", "mobi",
    "zip", "gz", "tgz", "bz2", "rar", "7z", "tar", "dmg", "exe", "iso", "apk",
    "mp3", "m4a", "ogg", "oga", "wav", "flac", "aac", "mp4", "m4v", "webm", "mov", "avi",
    "wmv", "mkv", "flv",
    "woff", "woff2", "ttf", "otf", "eot",
))
# fmt: on
FEED_EXTENSIONS = frozenset({"rss", "atom", "xml", "rdf"})
# Reasons in the order they are tried: the first that applies is the one counted.
REASONS = ("asset", "feed", "search", "login", "share", "comment", "print")


def skip_reason(url: str) -> str | None:
    """Why a same-site link is not worth following (a reason of :data:`REASONS`), or None."""
    parts = urlsplit(url)
    segments = [unquote(s).lower() for s in parts.path.split("/") if s]
    last = segments[-1] if segments else ""
    query = [(k.lower(), v.lower()) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    keys = {k for k, _ in query}
    extension = last.rsplit(".", 1)[1] if "." in last else ""
    for reason in REASONS:
        if reason == "asset" and extension in ASSET_EXTENSIONS:
            return reason
        if reason == "feed" and extension in FEED_EXTENSIONS:
            return reason
        if any(s in SEGMENTS[reason] for s in segments):
            return reason
        if keys & QUERY_KEYS.get(reason, frozenset()):
            return reason
        if any(pair in QUERY_VALUES.get(reason, frozenset()) for pair in query):
            return reason
    return None
