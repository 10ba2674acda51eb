"""``scrapy crawl``, with sinaarchive's checks before the run and its exit status after it.

Scrapy's own command reports a bad ``-a`` argument as a traceback with exit status 1. This one checks the
arguments and settings of ``sina_finance`` first and reports a problem as a usage error (one line, exit status 2),
before any request is made. After the run it exits with the status the spider's outcome asks for
(``sinaarchive.outcome``), so cron and systemd can tell a failed run from a good one.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from sinaarchive.options import BadOption, check_settings, check_unknown_arguments, parse_crawl_options
from sinaarchive.spiders.sina_finance import SinaFinanceSpider


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and args[0] == SinaFinanceSpider.name:
            self.check_before_run(opts.spargs)
        super().run(args, opts)

    def check_before_run(self, spider_arguments: dict[str, str]) -> None:
        assert self.settings is not None
        try:
            check_unknown_arguments(spider_arguments)
            parse_crawl_options(**spider_arguments, default_max_pages=self.settings.getint("SINAARCHIVE_MAX_PAGES", 50))
            check_settings(self.settings)
        except BadOption as exc:
            raise UsageError(str(exc), print_help=False) from None
