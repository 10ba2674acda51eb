"""``Archive``: the output folder as one object: the lock, the posts and the catalog, kept consistent.

Order of writes, so that a crash at any point leaves a consistent archive: the post file is written atomically
first, then its catalog row. A row therefore never exists without its file; a file written just before a crash has
no row yet, so the next run fetches the article again and rewrites the same path.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from scrapy.crawler import Crawler

from sinaarchive.archive.catalog import ArchiveIndex, Catalog, CatalogRow, KnownArticle, iso_utc
from sinaarchive.archive.lock import ArchiveLock
from sinaarchive.archive.store import PostStore
from sinaarchive.components import per_crawler
from sinaarchive.export.paths import post_path
from sinaarchive.export.post import DEFAULT_AUTHOR, render_post
from sinaarchive.items import Article
from sinaarchive.options import output_dir


class Archive:
    """An opened archive folder; ``close()`` releases the lock."""

    def __init__(self, root: Path, index: ArchiveIndex | None = None) -> None:
        self.root = root
        self.lock = ArchiveLock(root)
        self.lock.acquire()
        self.store = PostStore(root)
        self.stale_temp_files = self.store.remove_stale_temp_files()
        self.index: ArchiveIndex = index or Catalog.in_folder(root)

    def close(self) -> None:
        self.index.close()
        self.lock.release()

    def lookup(self, doc_ids: Iterable[str]) -> dict[str, KnownArticle]:
        return self.index.lookup(doc_ids)

    def gone(self, doc_ids: Iterable[str], *, min_failures: int) -> set[str]:
        return self.index.gone(doc_ids, min_failures=min_failures)

    def record_gone(self, doc_id: str, url: str, status: int, reason: str, *, now: datetime | None = None) -> int:
        """Remember one more run that found no article at ``url``; returns how many runs have."""
        return self.index.record_gone(doc_id, url, status, reason, iso_utc(now or datetime.now(UTC)) or "")

    def save(self, article: Article, *, now: datetime | None = None) -> CatalogRow:
        """Write the post (at its recorded path if it has one) and then its catalog row."""
        relative, text = self.prepare(article)
        return self.record(article, self.store.write(relative, text), now=now)

    @staticmethod
    def prepare(article: Article) -> tuple[PurePosixPath, str]:
        """The post's path (its recorded one for an update) and text; sets ``article.post_path``."""
        relative = PurePosixPath(article.post_path) if article.post_path else post_path(article)
        article.post_path = str(relative)
        return relative, render_post(article)

    def record(self, article: Article, sha256: str, *, now: datetime | None = None) -> CatalogRow:
        """The catalog row of a post just written (never before: a row must not exist without its file)."""
        checked = iso_utc(now or datetime.now(UTC)) or ""
        first = self.index.first_archived_at(article.doc_id) or checked
        row = row_for(article, sha256=sha256, first_archived_at=first, last_checked_at=checked)
        self.index.record(row)
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
    """The crawl's one ``Archive``, opened on first use and closed when the engine stops."""
    return per_crawler(crawler, "archive", lambda c: Archive(output_dir(c.settings)))
