"""Item pipelines: thin adapters that validate, clean and archive each Article.

Each refusal is a ``DropItem`` subclass named for its reason, so Scrapy's core stats count
``item_dropped_reasons_count/<Reason>`` with no extra code.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

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
    """Cleans the body HTML (``sinaarchive.cleaning``) into ``clean_html``. An empty result is remembered like a
    page without article, so it is not fetched on every run."""

    def __init__(self, archive: Archive | None = None) -> None:
        self.archive = archive

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleaningPipeline:
        return cls(archive_for(crawler))

    def process_item(self, item: Article) -> Article:
        item.clean_html = clean_body(item.body_html, base_url=item.url)
        if not item.clean_html:
            if self.archive is not None:
                self.archive.record_gone(item.doc_id, item.url, 200, "empty_body")
            raise EmptyBody(f"body empty after cleaning: {item.url}")
        return item


class ArchivePipeline:
    """Writes one post per article into the archive (atomically, in a thread: ``fsync`` must not stall the
    crawl), then its catalog row."""

    def __init__(self, archive: Archive, crawler: Crawler | None = None) -> None:
        self.archive = archive
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(archive_for(crawler), crawler)

    async def process_item(self, item: Article) -> Article:
        updating = bool(item.post_path)
        relative, text = self.archive.prepare(item)
        digest = await maybe_deferred_to_future(deferToThread(self.archive.store.write, relative, text))
        self.archive.record(item, digest)
        count(self.crawler, "archived/updated" if updating else "archived/new")
        return item
