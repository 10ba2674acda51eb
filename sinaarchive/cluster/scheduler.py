"""``ClusterScheduler``: scrapy-redis's scheduler (shared queue, shared seen-set), corrected where it is wrong for us.

scrapy-redis 0.9.1 (its latest release, from 2024) predates Scrapy 2.13; what it gets wrong here, and the fix:

- It deletes the queue and the seen-set when a worker closes, unless ``SCHEDULER_PERSIST`` is set: the first worker
  to finish would wipe the others' work. ``close`` here never deletes (the writer ends a campaign).
- Its pop is destructive: a killed worker loses the requests it had taken. ``next_request`` here takes and holds in
  one step (``ClusterStore.take``); a worker's held requests return to the queue when its heartbeat stops.
- It pickles requests; ``SCHEDULER_SERIALIZER`` points at ``sinaarchive.cluster.messages`` (JSON).
- ``Stats.inc_value(…, spider=…)`` and ``Spider.log()`` are deprecated on current Scrapy (each warns on every run);
  ``open`` and the counts here do without them.
- Its ``RedisSpider.start_requests()`` is never called on Scrapy ≥ 2.16; the spider is not a ``RedisSpider``: its
  own ``async def start()`` lists the channels, once per campaign (``ClusterWorker.join``).
"""

from __future__ import annotations

from typing import Any

import redis
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler

from sinaarchive.cluster.store import REQUESTS, TASK_META
from sinaarchive.cluster.worker import ClusterWorker, cluster_worker


class ClusterScheduler(Scheduler):  # type: ignore[misc]  # scrapy-redis ships no type hints
    worker: ClusterWorker
    df: Any  # scrapy-redis's dupefilter (untyped), set in open()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClusterScheduler:
        scheduler: ClusterScheduler = super().from_crawler(crawler)
        scheduler.worker = cluster_worker(crawler)
        return scheduler

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server, spider=spider, key=self.queue_key, serializer=self.serializer
        )
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        if queued := len(self):
            spider.logger.info("joining a shared crawl with %d requests queued", queued)

    def close(self, reason: str) -> None:
        """Keep the queue and the seen-set: they are the cluster's, not this worker's."""

    def enqueue_request(self, request: Request) -> bool:
        """Queue ``request`` for the cluster. Without Redis it is not queued: the request it came from stays held by
        this worker (which stops), so it is done again once this worker's heartbeat has expired."""
        task = request.meta.get(TASK_META)
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                if task and request.meta.get("redirect_urls"):
                    # A redirect to a page the cluster has seen: the work this worker held it for is done. (A page
                    # listed again is not: the worker holding that task may be the one fetching it now.)
                    self.worker.release(task)
                return False
            # A retry or a redirect of a request this worker holds replaces it: queue the new one and end the old
            # lease in one transaction, so that a crash in between neither loses the work nor queues it twice.
            pipe = self.server.pipeline()
            pipe.zadd(REQUESTS, {self.queue._encode_request(request): -request.priority})
            if task:
                self.worker.store.release(self.worker.id, task, also=pipe)
            pipe.execute()
        except redis.RedisError:
            return False
        self.count("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        try:
            data = self.worker.store.take(self.worker.id)
        except redis.RedisError:  # the worker notices within a second and stops (ClusterWorker.tick)
            return None
        if data is None:
            return None
        self.count("scheduler/dequeued/redis")
        request: Request = self.queue._decode_request(data)
        return request

    def count(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)

    def __len__(self) -> int:
        return int(self.server.zcard(REQUESTS))

    def has_pending_requests(self, *_: Any) -> bool:
        try:
            return len(self) > 0
        except redis.RedisError:
            return False
