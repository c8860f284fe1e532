"""``scrapy crawl`` with the checks a user needs before anything starts.

Why: Scrapy reports a bad ``-a`` argument, an unknown spider or an unreachable archive as a
traceback (and may still exit 0), and sets an unknown ``-a`` on the spider unseen. Here they
are one line and exit status 2, checked before the crawler starts: spider arguments by constructing the spider once (it validates them in
``__init__``), the archive, ARCHIVE_RULES and a Redis frontier with the checks the crawl would fail on.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from archive.config import database_url
from archive.database_errors import explain_database_error
from archive.db import open_archive, probe_writes
from archive.errors import ArchiveError
from archive.ingest.budgets import ParseBudget
from archive.ingest.parsing import rules_for
from scraper.frontier import check_frontier
from scraper.pipelines import INTERRUPTED
from scraper.spiders.base import ArchiveSpider, BadSpiderArgument
from scraper.unreachable import UNREACHABLE

if TYPE_CHECKING:
    import argparse


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            loader = self.crawler_process.spider_loader
            try:
                spidercls = loader.load(args[0])
            except KeyError:
                known = ", ".join(sorted(loader.list()))
                raise UsageError(f"no spider named {args[0]!r} (known: {known})") from None
            if issubclass(spidercls, ArchiveSpider):
                try:
                    spidercls(**opts.spargs)
                except BadSpiderArgument as exc:
                    print(f"scrapy crawl: error: {exc}", file=sys.stderr)
                    self.exitcode = 2
                    return
                except TypeError as exc:
                    raise UsageError(f"bad spider arguments: {exc}") from None
            assert self.settings is not None
            try:
                rules_for(self.settings.get("ARCHIVE_RULES"))
                ParseBudget.from_values(self.settings.get)
                check_frontier(self.settings)
                url = database_url(self.settings.get("ARCHIVE_DATABASE_URL"))
                engine, _ = open_archive(url, writes="`scrapy crawl`")
                engine.dispose()
                probe_writes(url, "`scrapy crawl`")
            except Exception as exc:
                # A bad, corrupt, read-only or locked archive: the one line `archive` prints.
                explained = exc if isinstance(exc, ArchiveError) else explain_database_error(exc)
                if explained is None:
                    raise
                print(f"scrapy crawl: error: {explained}", file=sys.stderr)
                self.exitcode = 2
                return
        super().run(args, opts)
        if INTERRUPTED:  # SIGTERM: the run is recorded as interrupted
            self.exitcode = 130
        elif UNREACHABLE:  # one line, last, and a failed exit (scraper/unreachable.py)
            print(f"scrapy crawl: {UNREACHABLE[-1]}", file=sys.stderr)
            self.exitcode = 1
