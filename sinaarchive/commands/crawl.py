"""``scrapy crawl``, with sinaarchive's checks before the run and its exit status after it.

Scrapy's own command reports a bad ``-a`` argument as a traceback with exit status 1. For ``sina_finance`` this
one first checks the arguments and settings and reports a problem as a usage error (one line, exit status 2), then
takes the archive lock (another run in progress: one line, exit status 75), all before any request. After the run
it exits with the status the run report computed (``sinaarchive.report``), so cron and systemd can tell a failed
run from a good one.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from sinaarchive.archive.lock import ArchiveBusy, ArchiveLock
from sinaarchive.cluster.worker import check_worker
from sinaarchive.images.options import image_options
from sinaarchive.options import (
    BadOption,
    check_settings,
    check_unknown_arguments,
    cluster_url,
    output_dir,
    parse_crawl_options,
)
from sinaarchive.report import EXIT_BUSY
from sinaarchive.spiders.sina_finance import SinaFinanceSpider


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or args[0] != SinaFinanceSpider.name:
            super().run(args, opts)
            return
        assert self.settings is not None  # set by Scrapy before it runs a command
        self.check_before_run(opts.spargs, self.settings)
        if cluster_url(self.settings):  # a cluster worker writes no archive: no lock to take
            self.crawl(opts.spargs)
            return
        lock = ArchiveLock(output_dir(self.settings))
        try:
            lock.acquire()
        except ArchiveBusy as exc:
            print(f"sinaarchive: {exc}", file=sys.stderr)
            self.exitcode = EXIT_BUSY
            return
        try:
            self.crawl(opts.spargs)
        finally:
            lock.release()

    @staticmethod
    def check_before_run(spider_arguments: dict[str, str], settings: BaseSettings) -> None:
        try:
            check_unknown_arguments(spider_arguments)
            options = parse_crawl_options(
                **spider_arguments, default_max_pages=settings.getint("SINAARCHIVE_MAX_PAGES", 50)
            )
            check_settings(settings)
            image_options(settings)
            check_worker(settings, options)
        except BadOption as exc:
            raise UsageError(str(exc), print_help=False) from None

    def crawl(self, spider_arguments: dict[str, str]) -> None:
        assert self.crawler_process is not None
        crawler = self._create_crawler(SinaFinanceSpider.name)
        self.crawler_process.crawl(crawler, **spider_arguments)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        elif crawler.stats is not None:
            self.exitcode = int(crawler.stats.get_value("sinaarchive/exit_status", 1))
