"""A crawl as a worker of the cluster (``-s SINAARCHIVE_REDIS_URL=redis://…``).

The spider runs as it does alone, with three differences set up here: requests come from and go to Redis
(``ClusterScheduler``); "is it archived already?" is asked of Redis (``ClusterIndex``); and each cleaned article is
handed to the writer through Redis (``HandoffPipeline``) instead of being written. The worker never opens the
archive: no lock, no catalog, no posts, no images (the writer fetches those). It keeps its own WARC files under its
own output folder.

``ClusterWorker`` is this process's membership: an id, a heartbeat every second, the leases it holds, and the
decision to stop once the shared crawl has had nothing to do for ``SINAARCHIVE_REDIS_IDLE_EXIT`` seconds.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import time
from contextlib import suppress
from typing import Any

import redis
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, DropItem
from scrapy.http import Response
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from sinaarchive.archive.catalog import KnownArticle
from sinaarchive.cluster.messages import ArticleReady, DeadEnd, hand_over
from sinaarchive.cluster.store import REQUESTS, SEEN, TASK_META, ClusterStore, connect
from sinaarchive.components import per_crawler, wake_engine
from sinaarchive.items import Article
from sinaarchive.options import BadOption, CrawlOptions, cluster_url, positive_int_setting
from sinaarchive.pipelines import EmptyBody
from sinaarchive.report import count, stat_total
from sinaarchive.warc.middleware import pending_captures

logger = logging.getLogger(__name__)

TICK = 1.0  # seconds between heartbeats (and checks of the shared queue)
# Requests a worker takes from the shared queue at a time (Scrapy's default, 16, would let the first workers hoard
# the queue while the others idle; at the polite pace 4 is still 4 seconds of work). ``-s CONCURRENT_REQUESTS`` wins.
WORKER_CONCURRENCY = 4


def apply_worker_settings(settings: BaseSettings) -> None:
    """Turn a crawl into a worker: Redis scheduling, hand-over instead of archiving (called by the spider's
    ``update_settings`` when ``SINAARCHIVE_REDIS_URL`` is set)."""
    settings.set("SCHEDULER", "sinaarchive.cluster.scheduler.ClusterScheduler", priority="spider")
    settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority="spider")
    settings.set("SCHEDULER_PERSIST", True, priority="spider")
    settings.set("SCHEDULER_QUEUE_KEY", REQUESTS, priority="spider")
    settings.set("SCHEDULER_DUPEFILTER_KEY", SEEN, priority="spider")
    settings.set("SCHEDULER_SERIALIZER", "sinaarchive.cluster.messages", priority="spider")
    settings.set("REDIS_URL", cluster_url(settings), priority="spider")
    if (settings.getpriority("CONCURRENT_REQUESTS") or 0) <= SETTINGS_PRIORITIES["project"]:
        settings.set("CONCURRENT_REQUESTS", WORKER_CONCURRENCY, priority="spider")
    pipelines = dict(settings.getdict("ITEM_PIPELINES"))
    for writer_only in (
        "sinaarchive.pipelines.ArchivePipeline",
        "sinaarchive.warc.middleware.CapturePipeline",
        "sinaarchive.images.pipeline.ImagePipeline",
    ):
        pipelines.pop(writer_only, None)
    pipelines["sinaarchive.cluster.worker.HandoffPipeline"] = 300
    settings.set("ITEM_PIPELINES", pipelines, priority="spider")


def campaign_arguments(options: CrawlOptions) -> dict[str, str]:
    """The spider arguments that define a campaign, normalised (``-a channels=china`` equals ``国内``)."""
    return {
        "channels": ",".join(channel.name for channel in options.channels),
        "max_pages": str(options.max_pages),
        "since": options.since.isoformat() if options.since else "",
        "until": options.until.isoformat() if options.until else "",
        "retry_gone": "yes" if options.retry_gone else "no",
    }


def roll_task(pageid: int, lid: int, page: int) -> str:
    return f"roll:{pageid}:{lid}:{page}"


def article_task(doc_id: str) -> str:
    return f"article:{doc_id}"


class ClusterWorker:
    """This crawl's membership of the cluster."""

    def __init__(self, crawler: Crawler, store: ClusterStore, *, idle_exit: int) -> None:
        self.crawler = crawler
        self.store = store
        self.idle_exit = idle_exit
        self.id = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
        self.drained_since: float | None = None
        self.loop: task.LoopingCall | None = None  # made once running: it would install a reactor
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)

    def join(self, arguments: dict[str, str]) -> bool:
        """Join the running campaign or start one; ``True`` when this worker lists the channels. A worker whose
        arguments differ from those of a campaign that started since the crawl command checked them stops."""
        try:
            starts = self.store.join(self.id, arguments)
        except BadOption as exc:
            logger.error("%s", exc)
            self.stop("campaign_conflict")
            return False
        logger.info("cluster worker %s %s", self.id, "starts a new campaign" if starts else "joins the campaign")
        return starts

    def release(self, task_name: str) -> None:
        self.store.release(self.id, task_name)

    def spider_error(self, response: Response, **_: Any) -> None:
        """A callback raised (Scrapy logs it): its request is done, or it would go back to the queue whenever a
        worker stops, and fail there again for ever."""
        task_name = response.request.meta.get(TASK_META) if response.request is not None else None
        if task_name:
            self.release(task_name)

    def spider_opened(self) -> None:
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(TICK, now=True)

    def tick(self) -> None:
        """Every second: say we are alive, recover dead workers' requests, and note how long the crawl is drained.
        Without Redis the worker cannot go on: it stops (what it holds goes back once its heartbeat expires)."""
        try:
            self.keep_in_touch()
        except redis.RedisError as exc:
            logger.error("cluster worker %s lost Redis (%s): it stops", self.id, exc)
            self.stop("redis_lost")

    def stop(self, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.crawler.engine is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))

    def keep_in_touch(self) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        self.store.beat(self.id, {"fetched": stats.get("downloader/response_count", 0), "pid": os.getpid()})
        failed = stat_total(stats, "sinaarchive/failed/") + stat_total(stats, "item_dropped_reasons_count/")
        self.store.report_failed(self.id, failed)
        self.store.recover_dead_workers()
        if not self.store.drained():
            self.drained_since = None
            wake_engine(self.crawler)  # take the queued requests now
        elif self.drained_since is None:
            self.drained_since = time.monotonic()
        elif self.drained_for() >= self.idle_exit:
            wake_engine(self.crawler)  # stop now

    def spider_idle(self) -> None:
        """Stay open until the shared crawl has been drained for ``idle_exit`` seconds: another worker may still be
        listing pages whose articles it will queue."""
        if self.drained_for() < self.idle_exit:
            raise DontCloseSpider

    def drained_for(self) -> float:
        return time.monotonic() - self.drained_since if self.drained_since is not None else 0.0

    def spider_closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()

    def close(self) -> None:
        try:
            returned = self.store.leave(self.id)
        except redis.RedisError:
            return  # Redis is gone: what this worker holds returns once its heartbeat has expired
        if returned:
            logger.info("cluster worker %s stops: %d unfinished requests queued again", self.id, returned)


def cluster_worker(crawler: Crawler) -> ClusterWorker:
    """The crawl's one ``ClusterWorker`` (it leaves the cluster when the engine stops)."""

    def join_cluster(crawler: Crawler) -> ClusterWorker:
        store = ClusterStore(connect(cluster_url(crawler.settings)))
        idle_exit = positive_int_setting(crawler.settings, "SINAARCHIVE_REDIS_IDLE_EXIT")
        return ClusterWorker(crawler, store, idle_exit=idle_exit)

    return per_crawler(crawler, "cluster_worker", join_cluster)


class ClusterIndex:
    """The spider's "already archived?" and "gone?" checks, answered by Redis (the writer publishes the catalog);
    a dead end is handed to the writer, which counts it in the catalog."""

    def __init__(self, worker: ClusterWorker) -> None:
        self.worker = worker

    def lookup(self, doc_ids: list[str]) -> dict[str, KnownArticle]:
        return self.worker.store.lookup(doc_ids)

    def gone(self, doc_ids: list[str], *, min_failures: int) -> set[str]:
        return self.worker.store.gone(doc_ids, min_failures=min_failures)

    def record_gone(self, doc_id: str, url: str, status: int, reason: str) -> int:
        """Hand the dead end over (ending the article's lease); returns the runs that will have found it."""
        message = hand_over(DeadEnd(doc_id=doc_id, url=url, status=status, reason=reason))
        self.worker.store.hand_over(self.worker.id, article_task(doc_id), message)
        return self.worker.store.gone_runs_of(doc_id) + 1


class NotHandedOver(DropItem):
    """Redis did not take the article (the worker is stopping)."""


class HandoffPipeline:
    """The worker's last pipeline: the cleaned article goes to Redis for the writer, with where its page's capture
    lies in this worker's WARC files. An article dropped by an earlier pipeline ends its lease (an empty body is a
    dead end, as in a local crawl)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.worker = cluster_worker(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HandoffPipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.item_error, signal=signals.item_error)
        return pipeline

    def process_item(self, item: Article) -> Article:
        capture = pending_captures(self.crawler).by_doc_id.pop(item.doc_id, None)
        message = hand_over(ArticleReady(article=item, capture=capture))
        try:
            self.worker.store.hand_over(self.worker.id, article_task(item.doc_id), message)
        except redis.RedisError as exc:  # the lease stays: the article is fetched again by the cluster
            raise NotHandedOver(f"Redis unreachable ({exc}): {item.url}") from None
        count(self.crawler, "handed/updated" if item.post_path else "handed/new")
        return item

    def item_dropped(self, item: Any, exception: BaseException, **_: Any) -> None:
        if not isinstance(item, Article) or isinstance(exception, NotHandedOver):
            return
        with suppress(redis.RedisError):  # the worker is stopping; its lease returns the article to the queue
            if isinstance(exception, EmptyBody):
                ClusterIndex(self.worker).record_gone(item.doc_id, item.url, 200, "empty_body")
            else:
                self.worker.release(article_task(item.doc_id))

    def item_error(self, item: Any, **_: Any) -> None:
        if isinstance(item, Article):
            with suppress(redis.RedisError):
                self.worker.release(article_task(item.doc_id))


def check_worker(settings: BaseSettings, options: CrawlOptions) -> None:
    """Before a worker's first request: its idle time is a whole number, Redis answers, and a running campaign
    crawls what this worker was asked to (``BadOption`` otherwise)."""
    if cluster_url(settings):
        positive_int_setting(settings, "SINAARCHIVE_REDIS_IDLE_EXIT")
        store = ClusterStore(connect(cluster_url(settings)))
        try:
            store.check_arguments(campaign_arguments(options))
        finally:
            store.redis.close()
