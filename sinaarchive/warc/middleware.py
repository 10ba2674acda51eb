"""Capturing a crawl: a downloader middleware that records every response, a spider middleware that links each
article to the roll-API page that listed it, and a pipeline that puts each archived article's capture in the
catalog.

``WarcCaptureMiddleware`` sits at 650 in ``DOWNLOADER_MIDDLEWARES``: between ``RedirectMiddleware`` (600) and
``CookiesMiddleware`` (700). Responses pass the middlewares from the highest number down, so it sees each one
before ``HttpCompressionMiddleware`` (590) decodes it (the body as the server sent it) and before redirects and
retries are acted on (a 301, a 503 and the captcha page a retry follows are all recorded). The request it records
carries every header the middlewares added. Images fetched by a media pipeline pass it too.

Not captured: ``robots.txt`` (kept for a day in the HTTP cache; it decides what we fetch, it is not content) and
any response the cache answered.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from sinaarchive.archive import archive_for
from sinaarchive.archive.catalog import Catalog
from sinaarchive.components import per_crawler
from sinaarchive.items import Article
from sinaarchive.options import bool_setting, cluster_url, output_dir, positive_int_setting
from sinaarchive.report import count
from sinaarchive.warc.captures import record_capture
from sinaarchive.warc.http import CAPTURE_META, LISTING_META, exchange
from sinaarchive.warc.reader import recover_open_files
from sinaarchive.warc.writer import Capture, WarcFileWriter, encode

logger = logging.getLogger(__name__)

CAPTURE_METHOD = (
    "Recorded by a Scrapy downloader middleware below HttpCompressionMiddleware: each response payload is the "
    "HTTP entity body as received (Content-Encoding kept; chunked transfer coding already undone, the "
    "Transfer-Encoding header renamed X-Archive-Orig-Transfer-Encoding); status reason phrases are the standard "
    "ones. robots.txt is not recorded."
)


def warc_enabled(crawler: Crawler) -> bool:
    return bool_setting(crawler.settings, "SINAARCHIVE_WARC_ENABLED")


class PendingCaptures:
    """Captures of article pages whose items are on their way through the pipelines, by doc id."""

    def __init__(self) -> None:
        self.by_doc_id: dict[str, Capture] = {}

    def close(self) -> None:
        self.by_doc_id.clear()


def pending_captures(crawler: Crawler) -> PendingCaptures:
    return per_crawler(crawler, "warc_pending", lambda _: PendingCaptures())


class WarcCaptureMiddleware:
    """Writes a ``response`` and a ``request`` record for every response; puts the ``Capture`` in its meta."""

    def __init__(self, writer: WarcFileWriter, crawler: Crawler | None = None) -> None:
        self.writer = writer
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        if not warc_enabled(crawler):
            raise NotConfigured("WARC capture is off (SINAARCHIVE_WARC_ENABLED)")
        max_size = positive_int_setting(crawler.settings, "SINAARCHIVE_WARC_MAX_SIZE")
        # Alone, the crawl takes the archive lock: no other run writes these files now. A cluster worker writes its
        # own files into its output folder without the lock (it writes nothing else there).
        root = output_dir(crawler.settings) if cluster_url(crawler.settings) else archive_for(crawler).root
        recover_open_files(root)
        info = {
            "software": f"sinaarchive (Scrapy); {crawler.settings.get('USER_AGENT', '')}",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "description": CAPTURE_METHOD,
        }
        middleware = cls(WarcFileWriter(root, max_size=max_size, info=info), crawler)
        # Closed (and renamed) when the spider closes: before the archive releases its lock at engine stop, so the
        # next run never finds this file still ".open" and takes it for a killed run's.
        crawler.signals.connect(middleware.writer.close, signal=signals.spider_closed)
        return middleware

    async def process_response(self, request: Request, response: Response) -> Response:
        if request.url.endswith("/robots.txt") or "cached" in response.flags:
            return response
        # Digests and compression (about 1 ms for a real-size page) in a thread, beside the crawl; the file is
        # written here, in the reactor's thread, one exchange at a time.
        encoded = await asyncio.to_thread(encode, exchange(request, response))
        capture = self.writer.append(encoded)
        request.meta[CAPTURE_META] = capture
        count(self.crawler, "warc/records", 2)
        return response


class WarcLinkMiddleware(BaseSpiderMiddleware):
    """Marks each request a response led to with that response's record id (an article request then carries its
    roll-API page's), and notes each article's page capture for ``CapturePipeline``."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcLinkMiddleware:
        if not warc_enabled(crawler):
            raise NotConfigured("WARC capture is off (SINAARCHIVE_WARC_ENABLED)")
        return cls(crawler)

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        capture = response.meta.get(CAPTURE_META) if response is not None else None
        if isinstance(capture, Capture):
            request.meta.setdefault(LISTING_META, capture.record_id)  # a retry keeps its original listing
        request.meta.pop(CAPTURE_META, None)  # a retry's copy must not carry the failed try's capture
        return request

    def get_processed_item(self, item: Any, response: Response | None) -> Any:
        capture = response.meta.get(CAPTURE_META) if response is not None else None
        if isinstance(item, Article) and isinstance(capture, Capture) and self.crawler is not None:
            pending_captures(self.crawler).by_doc_id[item.doc_id] = capture
        return item


class CapturePipeline:
    """After ``ArchivePipeline`` wrote an article, records its page's capture in the catalog's ``captures``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CapturePipeline:
        if not warc_enabled(crawler):
            raise NotConfigured("WARC capture is off (SINAARCHIVE_WARC_ENABLED)")
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        capture = pending_captures(self.crawler).by_doc_id.pop(item.doc_id, None)
        index = archive_for(self.crawler).index
        if capture is not None and isinstance(index, Catalog):
            record_capture(index.db, item.doc_id, capture)
        return item
