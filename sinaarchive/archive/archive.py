"""``Archive``: the output folder as one object: the lock, the posts and the catalog, kept consistent.

Order of writes, so that a crash at any point leaves a consistent archive: the post file is written atomically
first, then its catalog row. A row therefore never exists without its file; a file written just before a crash has
no row yet, so the next run fetches the article again and rewrites the same path.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from scrapy import signals
from scrapy.crawler import Crawler

from sinaarchive.archive.catalog import Catalog, CatalogRow, KnownArticle, iso_utc
from sinaarchive.archive.lock import ArchiveLock
from sinaarchive.archive.store import PostStore
from sinaarchive.export.paths import post_path
from sinaarchive.export.post import DEFAULT_AUTHOR, render_post
from sinaarchive.items import Article
from sinaarchive.options import output_dir

_CRAWLER_ATTRIBUTE = "_sinaarchive_archive"


class Archive:
    """An opened archive folder; ``close()`` releases the lock."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lock = ArchiveLock(root)
        self.lock.acquire()
        self.store = PostStore(root)
        self.stale_temp_files = self.store.remove_stale_temp_files()
        self.catalog = Catalog.in_folder(root)

    def close(self) -> None:
        self.catalog.close()
        self.lock.release()

    def lookup(self, doc_ids: Iterable[str]) -> dict[str, KnownArticle]:
        return self.catalog.lookup(doc_ids)

    def gone(self, doc_ids: Iterable[str], *, min_failures: int) -> set[str]:
        return self.catalog.gone(doc_ids, min_failures=min_failures)

    def record_gone(self, doc_id: str, url: str, status: int, reason: str, *, now: datetime | None = None) -> int:
        """Remember one more run that found no article at ``url``; returns how many runs have."""
        return self.catalog.record_gone(doc_id, url, status, reason, iso_utc(now or datetime.now(UTC)) or "")

    def save(self, article: Article, *, now: datetime | None = None) -> CatalogRow:
        """Write the post (at its recorded path if it has one) and then its catalog row."""
        relative = PurePosixPath(article.post_path) if article.post_path else post_path(article)
        article.post_path = str(relative)
        digest = self.store.write(relative, render_post(article))
        checked = iso_utc(now or datetime.now(UTC)) or ""
        row = row_for(article, sha256=digest, first_archived_at=self.catalog.first_archived_at(article.doc_id) or checked,
                      last_checked_at=checked)
        self.catalog.record(row)
        return row


def row_for(article: Article, *, sha256: str, first_archived_at: str, last_checked_at: str) -> CatalogRow:
    """The catalog row describing an archived article."""
    return CatalogRow(
        doc_id=article.doc_id,
        url=article.url,
        title=article.title,
        source_media=article.source_media or DEFAULT_AUTHOR,  # as the post's ``author`` says
        channels=[article.channel] if article.channel else [],
        published_at=iso_utc(article.published_at) or "",
        modified_at=iso_utc(article.updated_at),
        path=article.post_path,
        sha256=sha256,
        first_archived_at=first_archived_at,
        last_checked_at=last_checked_at,
        stock_codes=list(article.stock_codes),
    )


def archive_for(crawler: Crawler) -> Archive:
    """The crawl's one ``Archive``, opened on first use and closed when the spider closes."""
    archive = getattr(crawler, _CRAWLER_ATTRIBUTE, None)
    if archive is None:
        archive = Archive(output_dir(crawler.settings))
        setattr(crawler, _CRAWLER_ATTRIBUTE, archive)
        crawler.signals.connect(lambda **_: archive.close(), signal=signals.spider_closed, weak=False)
    return archive
