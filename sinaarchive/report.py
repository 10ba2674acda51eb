"""Run reporting for cron: progress while crawling, one summary line at the end, and the exit status.

The counts come from the crawl stats under ``sinaarchive/…`` (the spider and pipelines write them) and from
Scrapy's ``item_dropped_reasons_count/…``. The exit status is stored in the stats as ``sinaarchive/exit_status``;
the ``crawl`` command exits with it.
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from sinaarchive.options import cluster_url

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_LISTING_FAILED = 3
EXIT_TOO_MANY_FAILURES = 4
EXIT_INTERRUPTED = 6
EXIT_BUSY = 75  # EX_TEMPFAIL: another run holds the archive; cron may simply try again later

_PREFIX = "sinaarchive/"


def count(crawler: Crawler | None, key: str, amount: int = 1) -> None:
    """Add to the crawl stat ``sinaarchive/<key>`` (the counters this report reads)."""
    if crawler is not None and crawler.stats is not None:
        crawler.stats.inc_value(f"{_PREFIX}{key}", amount)


def stat_total(stats: dict[str, Any], prefix: str) -> int:
    """Sum of every counter whose key starts with ``prefix``."""
    return sum(value for key, value in stats.items() if key.startswith(prefix) and isinstance(value, int))


@dataclass(frozen=True, kw_only=True)
class RunCounts:
    """The numbers a person reading a cron log wants."""

    pages_listed: int
    pages_failed: int
    found: int
    new: int
    updated: int
    skipped: int
    failed: int

    @classmethod
    def from_stats(cls, stats: dict[str, Any]) -> RunCounts:
        """A cluster worker's articles count as new or updated once handed to the writer (``handed/…``)."""
        return cls(
            pages_listed=stats.get(f"{_PREFIX}listing/pages_ok", 0),
            pages_failed=stat_total(stats, f"{_PREFIX}listing/failed/"),
            found=stats.get(f"{_PREFIX}listing/items", 0),
            new=stats.get(f"{_PREFIX}archived/new", 0) + stats.get(f"{_PREFIX}handed/new", 0),
            updated=stats.get(f"{_PREFIX}archived/updated", 0) + stats.get(f"{_PREFIX}handed/updated", 0),
            skipped=stat_total(stats, f"{_PREFIX}skipped/"),
            failed=stat_total(stats, f"{_PREFIX}failed/") + stat_total(stats, "item_dropped_reasons_count/"),
        )

    def progress_line(self) -> str:
        return (
            f"pages listed {self.pages_listed} (failed {self.pages_failed}), found {self.found}, new {self.new}, "
            f"updated {self.updated}, skipped {self.skipped}, failed {self.failed}"
        )


def failure_reasons(stats: dict[str, Any]) -> str:
    """``http_404=2, no_body=1`` from the per-reason failure counters."""
    reasons = {
        key.rsplit("/", 1)[-1]: value
        for key, value in stats.items()
        if key.startswith((f"{_PREFIX}failed/", "item_dropped_reasons_count/", f"{_PREFIX}listing/failed/"))
    }
    return ", ".join(f"{name}={count}" for name, count in sorted(reasons.items()))


def unsupported_note(stats: dict[str, Any]) -> str:
    """``, unsupported 2``: article pages no template reads (``failed/no_body``, already among the failed). With
    WARC capture on they are kept in the WARC files, and ``reextract`` archives them once a template exists."""
    unsupported = stats.get(f"{_PREFIX}failed/no_body", 0)
    return f", unsupported {unsupported}" if unsupported else ""


def images_summary(stats: dict[str, Any]) -> str:
    """``, images stored 12, failed 2 (http_404=1, truncated=1)`` for the summary line; empty when no image was
    downloaded or refused in this run."""
    stored = stats.get(f"{_PREFIX}images/stored", 0)
    prefix = f"{_PREFIX}images/failed/"
    failed = stat_total(stats, prefix)
    if not stored and not failed:
        return ""
    reasons = ", ".join(f"{key.removeprefix(prefix)}={n}" for key, n in sorted(stats.items()) if key.startswith(prefix))
    return f", images stored {stored}, failed {failed}{f' ({reasons})' if reasons else ''}"


def exit_status(stats: dict[str, Any], reason: str, max_failed_share: float, *, worker: bool = False) -> int:
    """0 on success; see the README's exit-status table for the rest. A cluster ``worker`` may list no page at all
    (another worker lists the channels)."""
    counts = RunCounts.from_stats(stats)
    if counts.pages_listed == 0 and not worker:
        return EXIT_LISTING_FAILED
    attempted = counts.new + counts.updated + counts.failed
    if attempted and counts.failed / attempted > max_failed_share:
        return EXIT_TOO_MANY_FAILURES
    if reason not in ("finished", "closespider_timeout", "closespider_itemcount", "closespider_pagecount"):
        return EXIT_INTERRUPTED
    return EXIT_OK


class RunReport:
    """Logs progress every ``SINAARCHIVE_PROGRESS_INTERVAL`` seconds (and redraws one line on a terminal), then
    the summary line and the exit status when the spider closes."""

    def __init__(self, crawler: Crawler, *, interval: float, max_failed_share: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.max_failed_share = max_failed_share
        self.started = time.monotonic()
        self.live = sys.stderr.isatty()
        self.loop: task.LoopingCall | None = None
        self.summary = ""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        if crawler.spidercls.name != "sina_finance":
            raise NotConfigured("RunReport only reports sina_finance runs")
        share = crawler.settings.getfloat("SINAARCHIVE_MAX_FAILED_SHARE", 0.5)
        report = cls(
            crawler, interval=crawler.settings.getfloat("SINAARCHIVE_PROGRESS_INTERVAL", 30.0), max_failed_share=share
        )
        crawler.signals.connect(report.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(report.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(report.engine_stopped, signal=signals.engine_stopped)
        return report

    def counts(self) -> RunCounts:
        return RunCounts.from_stats(self.crawler.stats.get_stats() if self.crawler.stats else {})

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        if self.interval > 0:
            self.loop = task.LoopingCall(self.log_progress)
            self.loop.start(1.0 if self.live else self.interval, now=False)

    def log_progress(self) -> None:
        if self.live:
            sys.stderr.write(f"\r\x1b[K{self.counts().progress_line()}")
            sys.stderr.flush()
            if int(time.monotonic() - self.started) % max(int(self.interval), 1):
                return
        logger.info("progress: %s", self.counts().progress_line())

    def spider_closed(self, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.live:
            sys.stderr.write("\r\x1b[K")
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        status = exit_status(stats, reason, self.max_failed_share, worker=bool(cluster_url(self.crawler.settings)))
        if self.crawler.stats:
            self.crawler.stats.set_value(f"{_PREFIX}exit_status", status)
        counts = self.counts()
        reasons = failure_reasons(stats)
        self.summary = (
            f"summary: new {counts.new}, updated {counts.updated}, skipped {counts.skipped}, failed {counts.failed}"
            f"{f' ({reasons})' if reasons else ''}{unsupported_note(stats)}{images_summary(stats)}, "
            f"duration {time.monotonic() - self.started:.1f}s, "
            f"pages listed {counts.pages_listed}, exit status {status}"
        )

    def engine_stopped(self) -> None:
        """The summary is the run's last log line, after Scrapy's stats dump."""
        if self.summary:
            logger.info("%s", self.summary)
