"""Scrapy settings: only what differs from Scrapy's defaults, plus our own ARCHIVE_* keys.

Why so few: a settings file that copies the framework's defaults hides the choices that
matter. The ones here are the politeness rules (robots.txt, AutoThrottle, two requests at a
time per site, an identifying user agent, retries that honour Retry-After) and the wiring of
the archive pipeline.

Every setting can be overridden per run with ``scrapy crawl ... -s NAME=VALUE`` and from the
environment: our own keys by their own name (``ARCHIVE_DATABASE_URL``, ``ARCHIVE_CONTACT``,
...), any Scrapy setting as ``SCRAPER_<NAME>`` (``SCRAPER_DOWNLOAD_DELAY=3``), which is what
cron jobs and containers find easiest. Values from the environment are strings; Scrapy's
``getint``/``getfloat``/``getbool`` convert them.
"""

from __future__ import annotations

import os

BOT_NAME = "campaign-archive"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"
# `scrapy crawl` that rejects bad arguments and an unusable archive in one line.
COMMANDS_MODULE = "scraper.commands"

# --- our own keys -------------------------------------------------------------------------
# Where the archive lives; None means archive.config's rule (ARCHIVE_DATABASE_URL, else
# ./archive.sqlite), resolved when the crawl opens.
ARCHIVE_DATABASE_URL: str | None = None
# An email address or URL that site operators can use to reach whoever runs the crawl.
ARCHIVE_CONTACT = ""
# `revisit=recent` re-fetches known articles published within this many days.
ARCHIVE_RECENT_DAYS = 30
# Longest Retry-After (seconds) we wait before retrying; a longer one gives the page up.
ARCHIVE_RETRY_AFTER_MAX = 300
# A file the pipeline writes the crawl run's id into (the cron wrapper reads it).
ARCHIVE_RUN_ID_FILE = ""
# Save the running counts to the crawl run every N items, so a killed run shows its progress.
ARCHIVE_COUNTS_EVERY = 50
# Parser processes of the crawl's writer process (archive/ingest/writer.py, parsing.py). With
# 1 a page that crashes the parser (OOM, a C extension) is archived with the error; 0 parses
# in the writer process itself (a little less CPU; such a page then costs the whole item).
ARCHIVE_PARSE_PROCESSES = 1
# What one page may cost the parser (archive/ingest/budgets.py; 0 turns a limit off): a page
# larger than ARCHIVE_PARSE_MAX_BYTES (decompressed) is archived but not parsed; a parse still
# running after ARCHIVE_PARSE_TIMEOUT seconds has its worker killed and replaced (the page is
# archived with the timeout as its parse error); a parser worker's address space is capped at
# ARCHIVE_PARSE_MEMORY_MB (a parse needing more: the parse error "over memory budget", the
# worker replaced). The timeout and memory cap need ARCHIVE_PARSE_PROCESSES >= 1.
ARCHIVE_PARSE_MAX_BYTES = 4 * 1024 * 1024
ARCHIVE_PARSE_TIMEOUT = 60
ARCHIVE_PARSE_MEMORY_MB = 1024
# Rules other than the real parser, as ``module:NAME`` of a scraper.parsers.registry.Rules object
# (the spec `archive reparse --rules` takes): for rule authors and tests. Empty: the parser.
ARCHIVE_RULES = ""
# The crawl frontier (scraper/frontier.py): "memory" (this process only) or "redis" (shared
# by every process crawling the same spider with the same ARCHIVE_FRONTIER_KEY). Setting
# ARCHIVE_REDIS_URL alone also means redis.
ARCHIVE_FRONTIER = ""
ARCHIVE_REDIS_URL = ""
ARCHIVE_FRONTIER_KEY = "archive:frontier"
# With the Redis frontier, how long an idle process waits for the others (which may still
# add requests) before it stops anyway (seconds).
ARCHIVE_FRONTIER_WAIT = 300
# Seconds between the crawl's progress lines in its log (scraper/progress_log.py); 0: none.
ARCHIVE_PROGRESS_INTERVAL = 5.0

# Distinct URLs that must fail to connect, with no answer from the site at all, before the
# crawl stops as "site unreachable" (scraper/unreachable.py).
ARCHIVE_UNREACHABLE_AFTER = 2

# --- politeness ---------------------------------------------------------------------------
# The user agent is completed with ARCHIVE_CONTACT by the spiders (see spiders/base.py).
USER_AGENT = "campaign-archive/0.1 (research crawler of campaign news; +{contact})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# A spider crawls one site, so 4 overall is plenty. Measured with Scrapy 2.19 against a local
# server: with the default 16, requests queued beyond the per-site limit stall the downloader
# for up to a second at a time (300 pages: 18 s instead of 0.9 s).
CONCURRENT_REQUESTS = 4
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_DELAY = 1.0
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's RetryMiddleware ignores Retry-After; ours is the same middleware plus the wait.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scraper.middlewares.RetryAfterMiddleware": 550,
    # Before the retries: a site never reached is not retried, and the crawl stops soon.
    "scraper.unreachable.UnreachableSite": 560,
}
ITEM_PIPELINES = {"scraper.pipelines.ArchivePipeline": 300}
# Pages done, queued, in flight and the rate every few seconds (Scrapy's LogStats says less,
# once a minute).
EXTENSIONS = {"scraper.progress_log.ProgressLog": 500}
# Both URL shapes of one article (and www/non-www, trailing slashes, tracking parameters)
# are one request, also in a shared scrapy-redis frontier.
REQUEST_FINGERPRINTER_CLASS = "scraper.fingerprints.ArticleFingerprinter"

TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"


def _apply_environment(namespace: dict[str, object]) -> None:
    """Environment overrides: ARCHIVE_* keys by name, Scrapy settings as SCRAPER_<NAME>."""
    for name, value in os.environ.items():
        if name.startswith("ARCHIVE_") and name in namespace:
            namespace[name] = value
        elif name.startswith("SCRAPER_") and name[len("SCRAPER_") :].isupper():
            namespace[name[len("SCRAPER_") :]] = value


_apply_environment(globals())
