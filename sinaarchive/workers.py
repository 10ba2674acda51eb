"""Optional worker processes for the CPU-bound part of each article: extraction and cleaning.

At the polite default pace (about one request per second per host) an article's few milliseconds of parsing and
cleaning cost nothing, and everything runs in the crawler process (``SINAARCHIVE_WORKERS = 0``, the default). In an
unthrottled bulk crawl (a mirror, a cache, a backfill with the delay off) that work, done on Scrapy's single
reactor thread, would set the pace. ``SINAARCHIVE_WORKERS = N`` moves it to N processes, so the crawler process
only downloads, decides and writes.

Work is sent as plain data (URL, body bytes, Content-Type, the roll entry) and comes back as an ``Article`` or a
``Rejection``: exceptions with extra arguments do not cross process boundaries reliably, results do.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.reactor import is_asyncio_reactor_installed

from sinaarchive.channels import Channel
from sinaarchive.components import per_crawler
from sinaarchive.items import Article, RollEntry
from sinaarchive.parsing.article import NotAnArticle, parse_article

logger = logging.getLogger(__name__)
R = TypeVar("R")


@dataclass(frozen=True)
class Rejection:
    """``NotAnArticle`` as data, so that it crosses from a worker process intact."""

    reason: str
    message: str


def extract_from_bytes(
    url: str, body: bytes, content_type: bytes | None, entry: RollEntry, channel: Channel, crawled_at: datetime,
) -> Article | Rejection:
    """``parse_article`` on a page received as bytes (what a worker process is sent)."""
    headers = {b"Content-Type": content_type} if content_type else {}
    response = HtmlResponse(url=url, body=body, headers=headers)
    try:
        return parse_article(response, entry=entry, channel=channel, crawled_at=crawled_at)
    except NotAnArticle as exc:
        return Rejection(exc.reason, str(exc))


class Workers:
    """Runs functions inline (``count == 0``) or in a pool of ``count`` processes, started on first use."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Workers:
        count = max(crawler.settings.getint("SINAARCHIVE_WORKERS", 0), 0)
        if count and not is_asyncio_reactor_installed():
            logger.warning("SINAARCHIVE_WORKERS=%d needs Scrapy's asyncio reactor; working in-process", count)
            count = 0
        return cls(count)

    @property
    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # forkserver (or spawn): forking the running crawler would copy its reactor and threads.
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            self._pool = ProcessPoolExecutor(self.count, mp_context=multiprocessing.get_context(method))
        return self._pool

    async def call(self, function: Callable[..., R], /, *args: Any, **kwargs: Any) -> R:
        """``function(*args, **kwargs)``, in a worker process when there are workers."""
        if not self.count:
            return function(*args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self.pool, partial(function, *args, **kwargs))

    async def extract(self, response: TextResponse, *, entry: RollEntry, channel: Channel,
                      crawled_at: datetime) -> Article:
        """``parse_article``, in a worker when there are workers; raises ``NotAnArticle`` either way."""
        if not self.count:
            return parse_article(response, entry=entry, channel=channel, crawled_at=crawled_at)
        outcome = await self.call(extract_from_bytes, response.url, response.body,
                                  response.headers.get(b"Content-Type"), entry, channel, crawled_at)
        if isinstance(outcome, Rejection):
            raise NotAnArticle(outcome.reason, outcome.message)
        return outcome

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def workers_for(crawler: Crawler) -> Workers:
    """The crawl's one ``Workers``."""
    return per_crawler(crawler, "workers", Workers.from_crawler)
