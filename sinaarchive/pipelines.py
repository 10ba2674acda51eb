"""Item pipelines: validate, clean and archive each Article.

Validation and cleaning are pure: they change or refuse the item and touch nothing else. Only the archive's
pipeline reads and writes the output folder.

Each refusal is a ``DropItem`` subclass named for its reason, so Scrapy's core stats count
``item_dropped_reasons_count/<Reason>`` with no extra code.
"""

from __future__ import annotations

import asyncio
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from sinaarchive.archive import Archive, archive_for
from sinaarchive.cleaning.html import clean_body
from sinaarchive.export.post import is_valid_doc_id
from sinaarchive.items import Article
from sinaarchive.report import count


class MissingTitle(DropItem):
    """The page and the listing both lack a headline."""


class MissingDocId(DropItem):
    """No usable Sina id: the post path and the catalog key would be unstable."""


class EmptyBody(DropItem):
    """Nothing is left of the body after cleaning: never write an empty post."""


class ValidationPipeline:
    """Refuses articles that cannot make a correct post."""

    def process_item(self, item: Article) -> Article:
        if not item.title.strip():
            raise MissingTitle(f"no title: {item.url}")
        if not is_valid_doc_id(item.doc_id):
            raise MissingDocId(f"no usable doc id ({item.doc_id!r}): {item.url}")
        return item


class CleaningPipeline:
    """Cleans the body HTML (``sinaarchive.cleaning``) into ``clean_html``; refuses an article left empty."""

    def process_item(self, item: Article) -> Article:
        item.clean_html = clean_body(item.body_html, base_url=item.url)
        if not item.clean_html:
            raise EmptyBody(f"body empty after cleaning: {item.url}")
        return item


class ArchivePipeline:
    """Writes one post per article into the archive, then its catalog row.

    It also remembers an article refused for an empty body as a dead end, like a page without an article, so that
    it is not fetched again on every run.
    """

    def __init__(self, archive: Archive, crawler: Crawler | None = None) -> None:
        self.archive = archive
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        pipeline = cls(archive_for(crawler), crawler)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    async def process_item(self, item: Article) -> Article:
        updating = bool(item.post_path)
        relative, text = self.archive.prepare(item)
        # In a thread: the write ends with an fsync, which must not stall the crawl.
        digest = await asyncio.to_thread(self.archive.store.write, relative, text)
        self.archive.record(item, digest)
        count(self.crawler, "archived/updated" if updating else "archived/new")
        return item

    def item_dropped(self, item: Any, exception: BaseException, **_: Any) -> None:
        """Scrapy's ``item_dropped`` signal: an empty body is a dead end (HTTP status 200, reason ``empty_body``)."""
        if isinstance(exception, EmptyBody) and isinstance(item, Article):
            self.archive.record_gone(item.doc_id, item.url, 200, "empty_body")
