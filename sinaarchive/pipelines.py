"""Item pipelines: thin adapters that validate, clean and archive each Article.

Each refusal is a ``DropItem`` subclass named for its reason, so Scrapy's core stats count
``item_dropped_reasons_count/<Reason>`` with no extra code.
"""

from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from sinaarchive.archive.store import PostStore
from sinaarchive.cleaning.html import clean_body
from sinaarchive.export.paths import post_path
from sinaarchive.export.post import is_valid_doc_id, render_post
from sinaarchive.items import Article
from sinaarchive.options import output_dir

logger = logging.getLogger(__name__)


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
    """Cleans the body HTML (``sinaarchive.cleaning``) into ``clean_html``."""

    def process_item(self, item: Article) -> Article:
        item.clean_html = clean_body(item.body_html, base_url=item.url)
        if not item.clean_html:
            raise EmptyBody(f"body empty after cleaning: {item.url}")
        return item


class ArchivePipeline:
    """Writes one post per article into the output folder, atomically."""

    def __init__(self, root: Path, crawler: Crawler | None = None) -> None:
        self.store = PostStore(root)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(output_dir(crawler.settings), crawler)

    def open_spider(self) -> None:
        if removed := self.store.remove_stale_temp_files():
            logger.info("removed %d temporary files left by an interrupted run", removed)

    def process_item(self, item: Article) -> Article:
        relative = PurePosixPath(item.post_path) if item.post_path else post_path(item)
        self.store.write(relative, render_post(item))
        item.post_path = str(relative)
        self.count("written")
        return item

    def count(self, key: str) -> None:
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"sinaarchive/{key}")
