"""``python -m sinaarchive ingest --redis URL``: the cluster's one archive writer.

The writer is a Scrapy crawl of its own (``IngestSpider``) whose ``start()`` takes the workers' articles from Redis
and yields them into the same pipelines a crawl alone uses after cleaning: ``ArchivePipeline`` (the post, then its
catalog row), ``CapturePipeline`` (the page's capture, in the worker's WARC file) and ``ImagePipeline`` (the
post's images, fetched here at the image hosts' own pace). Same code, so the same bytes, paths and rows.

Nothing is lost to a crash: an item is moved to ``writing`` when taken and removed only once its pipelines are
done; a restarted writer first puts back what a killed one had taken. An item written twice is written the same.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import redis
import scrapy
from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import BaseSettings, Settings
from scrapy.utils.project import get_project_settings
from twisted.internet import task

from sinaarchive.archive import Archive, archive_for
from sinaarchive.archive.catalog import Catalog, KnownArticle, iso_utc
from sinaarchive.archive.lock import ArchiveLock
from sinaarchive.cluster.messages import BadMessage, DeadEnd, taken_over
from sinaarchive.cluster.store import ClusterStore
from sinaarchive.images.options import image_options
from sinaarchive.items import Article
from sinaarchive.options import check_settings
from sinaarchive.report import EXIT_INTERRUPTED, count
from sinaarchive.spiders.sina_finance import archive_settings
from sinaarchive.warc.middleware import pending_captures

logger = logging.getLogger(__name__)

RENEW_CLAIM = 2.0  # seconds between renewals of the writer's claim (it lapses after HEARTBEAT_TTL)
IN_FLIGHT = 16  # items between Redis and the end of the pipelines at any time
POLL = 0.2  # seconds between looks at an empty hand-over queue
EXIT_WRITE_FAILED = 1
# The crawl's pipelines that the workers already ran.
WORKER_PIPELINES = ("sinaarchive.pipelines.ValidationPipeline", "sinaarchive.pipelines.CleaningPipeline")


class IngestSpider(scrapy.Spider):
    """Yields the articles handed over in Redis until the campaign is over and every one of them is written."""

    name = "sina_ingest"

    def __init__(self, store: ClusterStore, name_in_cluster: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.store = store
        self.name_in_cluster = name_in_cluster
        self.taken: dict[int, str] = {}  # id(item) → its message, until written
        self.finished = False
        self.write_failed = False
        self.status_loop: task.LoopingCall | None = None  # made once running: it would install a reactor

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        archive_settings(settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> IngestSpider:
        spider: IngestSpider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(spider.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(spider.item_error, signal=signals.item_error)
        crawler.signals.connect(spider.spider_closed, signal=signals.spider_closed)
        return spider

    async def start(self) -> AsyncIterator[Article]:
        archive = archive_for(self.crawler)
        interval = self.crawler.settings.getfloat("SINAARCHIVE_PROGRESS_INTERVAL", 30.0)
        if interval > 0:
            self.status_loop = task.LoopingCall(self.log_status)
            self.status_loop.start(interval, now=False)
        try:
            async for article in self.articles(archive):
                yield article
        except redis.RedisError as exc:  # what was taken stays in Redis for the next writer
            logger.error("the writer lost Redis (%s): it stops", exc)
            self.write_failed = True

    async def articles(self, archive: Archive) -> AsyncIterator[Article]:
        """The handed-over articles, until the campaign is over (or another writer took over)."""
        self.resume(archive)
        renewed = time.monotonic()
        while not self.write_failed:
            if time.monotonic() - renewed > RENEW_CLAIM:
                renewed = time.monotonic()
                if not self.store.still_writer(self.name_in_cluster):
                    logger.error("another writer took over this cluster: this one stops")
                    self.write_failed = True
                    break
            if len(self.taken) >= IN_FLIGHT:
                await asyncio.sleep(0.01)
                continue
            raw = self.store.take_item()
            if raw is None:
                if self.campaign_over():
                    break
                await asyncio.sleep(POLL)
                continue
            article = self.read(raw, archive)
            if article is not None:
                yield article

    def resume(self, archive: Archive) -> None:
        """Put back what a killed writer had taken, and publish what the catalog holds for the workers."""
        returned = self.store.resume_writing()
        if returned:
            logger.warning("%d items taken by a writer that stopped are written again", returned)
        assert isinstance(archive.index, Catalog)  # the writer always has the SQLite catalog
        archived = self.store.publish_archive(archive.index.known_articles(), archive.index.gone_runs())
        logger.info("writer ready: %d archived articles published to the workers", archived)

    def read(self, raw: str, archive: Archive) -> Article | None:
        """The article in ``raw``, ready for the pipelines; a dead end is recorded here and ``None`` returned."""
        try:
            message = taken_over(raw)
        except BadMessage as exc:
            logger.error("an item in Redis cannot be read and is set aside (%s): %s", exc, raw[:200])
            self.store.set_aside(raw)
            return None
        if isinstance(message, DeadEnd):
            runs = archive.record_gone(message.doc_id, message.url, message.status, message.reason)
            self.store.gone_runs(message.doc_id, runs)
            self.store.item_written(raw)
            count(self.crawler, "ingest/dead_ends")
            return None
        article = message.article
        # Where the post goes is the catalog's business, never the message's: a path in Redis could point anywhere.
        known = archive.lookup([article.doc_id]).get(article.doc_id)
        article.post_path = known.path if known else ""
        if message.capture is not None:
            pending_captures(self.crawler).by_doc_id[article.doc_id] = message.capture
        self.taken[id(article)] = raw
        return article

    def item_scraped(self, item: Any, **_: Any) -> None:
        """Every pipeline is done with ``item``: tell the workers it is archived, then drop it from Redis."""
        raw = self.taken.pop(id(item), None)
        if raw is None:
            return
        self.store.archived(KnownArticle(doc_id=item.doc_id, path=item.post_path, modified_at=iso_utc(item.updated_at)))
        self.store.item_written(raw)

    def item_dropped(self, item: Any, **_: Any) -> None:
        raw = self.taken.pop(id(item), None)
        if raw is not None:
            self.store.item_written(raw)

    def item_error(self, item: Any, **_: Any) -> None:
        """A write failed (a full disk, say): stop taking items; this one stays in Redis for the next writer."""
        if self.taken.pop(id(item), None) is not None:
            self.write_failed = True

    def campaign_over(self) -> bool:
        """At least one worker joined, none is alive, nothing is queued or held, and every item is written."""
        self.store.recover_dead_workers()
        if not self.store.campaign_running() or self.store.busy() or self.store.items_waiting() or self.taken:
            return False
        self.log_status()  # the campaign's last numbers, before ending it forgets them
        self.store.end_campaign()
        self.finished = True
        return True

    def log_status(self) -> None:
        try:
            counts = self.store.counts()
        except redis.RedisError as exc:
            logger.error("cluster: no status (%s)", exc)
            return
        logger.info("cluster: %s", counts.one_line())
        if counts.requests_queued and not counts.workers_alive:
            logger.warning("cluster: requests are queued and no worker is alive; start a worker to finish the campaign")

    def spider_closed(self) -> None:
        if self.status_loop is not None and self.status_loop.running:
            self.status_loop.stop()
        if not self.finished:
            self.log_status()


def ingest_settings(root: Path, overrides: dict[str, str]) -> Settings:
    """The project's settings for a writer into ``root``: ``-s`` values win, the workers' pipelines go."""
    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    settings.set("SINAARCHIVE_OUTPUT_DIR", str(root), priority="cmdline")
    pipelines = {
        name: order for name, order in settings.getdict("ITEM_PIPELINES").items() if name not in WORKER_PIPELINES
    }
    settings.set("ITEM_PIPELINES", pipelines, priority="cmdline")
    # The crawl's run report and exit status are a worker's; the writer reports campaigns (``log_status``).
    settings.set("EXTENSIONS", {**settings.getdict("EXTENSIONS"), "sinaarchive.report.RunReport": None}, "cmdline")
    check_settings(settings)
    image_options(settings)
    return settings


def run_ingest(store: ClusterStore, root: Path, overrides: dict[str, str]) -> int:
    """Write the cluster's items into ``root`` until the campaign is over; the exit status. ``ArchiveBusy``
    before Scrapy starts when a crawl holds the folder or another writer the cluster."""
    settings = ingest_settings(root, overrides)
    name = f"{socket.gethostname()}:{os.getpid()}:{root}"
    store.claim_writer(name)
    lock = ArchiveLock(root)
    try:
        lock.acquire()
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(IngestSpider)
        process.crawl(crawler, store=store, name_in_cluster=name)
        process.start()
    finally:
        store.release_writer(name)
        lock.release()
    spider = crawler.spider
    if not isinstance(spider, IngestSpider):
        return EXIT_WRITE_FAILED
    stats = crawler.stats.get_stats() if crawler.stats else {}
    written = stats.get("sinaarchive/archived/new", 0) + stats.get("sinaarchive/archived/updated", 0)
    logger.info(
        "ingest: written %d (new %d, updated %d), dead ends %d, %s",
        written,
        stats.get("sinaarchive/archived/new", 0),
        stats.get("sinaarchive/archived/updated", 0),
        stats.get("sinaarchive/ingest/dead_ends", 0),
        "campaign over" if spider.finished else "stopped before the campaign was over",
    )
    if spider.write_failed:
        return EXIT_WRITE_FAILED
    return 0 if spider.finished else EXIT_INTERRUPTED
