"""The archive catalog: one SQLite row per archived article, for incremental runs and for other tools.

The schema below is a public interface: add columns, never rename or drop them.
Times are ISO 8601 UTC text (``2021-07-16T02:42:50Z``), so they sort and compare as strings. The database runs in
WAL mode, so readers never block the crawler and a killed crawler never corrupts it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

CATALOG_NAME = "catalog.sqlite3"
SCHEMA_VERSION = "1"
SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    doc_id            TEXT PRIMARY KEY,            -- Sina id, e.g. nitmeav9622448
    url               TEXT NOT NULL,               -- canonical article URL
    title             TEXT NOT NULL,
    source_media      TEXT NOT NULL DEFAULT '',    -- e.g. 环球市场播报 (the medium, not a person)
    channels          TEXT NOT NULL DEFAULT '[]',  -- JSON array of channel names, e.g. ["国内"]
    published_at      TEXT NOT NULL,               -- creation time, ISO 8601 UTC
    modified_at       TEXT,                        -- roll-API mtime, ISO 8601 UTC; NULL when unknown
    path              TEXT NOT NULL UNIQUE,        -- post file, relative to the output folder, '/' separators
    sha256            TEXT NOT NULL,               -- hex digest of the post file's bytes
    first_archived_at TEXT NOT NULL,               -- when the post was first written
    last_checked_at   TEXT NOT NULL,               -- when the article page was last fetched
    stock_codes       TEXT NOT NULL DEFAULT '[]'   -- JSON array, e.g. ["MU", "sh603883"]
);
CREATE INDEX IF NOT EXISTS articles_published_at ON articles (published_at);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS gone (
    doc_id          TEXT PRIMARY KEY,              -- a listed article whose page has no article to archive
    url             TEXT NOT NULL,
    status          INTEGER NOT NULL,              -- the last HTTP status (404, 410; 200 for a page without article)
    reason          TEXT NOT NULL,                 -- http_404, http_410, no_body, empty_body, robots_txt
    failures        INTEGER NOT NULL,              -- runs that got it; skipped from SINAARCHIVE_GONE_AFTER on
    first_failed_at TEXT NOT NULL,
    last_failed_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS images (
    url           TEXT PRIMARY KEY,                -- the image URL, as the post's <img src> has it
    path          TEXT,                            -- stored file relative to FILES_STORE, '/' separators; NULL until stored
    size          INTEGER,                         -- bytes of the stored file
    sha256        TEXT,                            -- hex digest of the stored file's bytes
    media_type    TEXT,                            -- sniffed type: image/jpeg, image/png, image/gif, image/webp, image/bmp
    status        TEXT NOT NULL,                   -- pending, stored, failed (tried again next run), gone (given up)
    attempts      INTEGER NOT NULL DEFAULT 0,      -- failed runs since it was last stored
    reason        TEXT NOT NULL DEFAULT '',        -- last refusal: http_404, truncated, html, too_large, type_mismatch…
    first_seen_at TEXT NOT NULL,
    last_tried_at TEXT,
    stored_at     TEXT
);
CREATE TABLE IF NOT EXISTS images_used (
    doc_id TEXT NOT NULL,                          -- an article (articles.doc_id)
    url    TEXT NOT NULL,                          -- an image its cleaned body shows (images.url)
    linked INTEGER NOT NULL DEFAULT 0,             -- 1: the post points at the local copy (SINAARCHIVE_IMAGE_LINKS=local)
    PRIMARY KEY (doc_id, url)
);
CREATE INDEX IF NOT EXISTS images_used_url ON images_used (url);
-- warc: the raw capture each article's post was made from (sinaarchive/warc/captures.py)
CREATE TABLE IF NOT EXISTS captures (
    doc_id      TEXT PRIMARY KEY,                  -- the article (articles.doc_id)
    warc_file   TEXT NOT NULL,                     -- relative to the output folder: warc/sinaarchive-….warc.gz
    warc_offset INTEGER NOT NULL,                  -- byte offset of the response record's gzip member
    warc_length INTEGER NOT NULL,                  -- compressed length of that member
    record_id   TEXT NOT NULL,                     -- its WARC-Record-ID, <urn:uuid:…>
    target_uri  TEXT NOT NULL,                     -- the URL requested
    captured_at TEXT NOT NULL                      -- WARC-Date, ISO 8601 UTC
);
"""
COLUMNS = (
    "doc_id",
    "url",
    "title",
    "source_media",
    "channels",
    "published_at",
    "modified_at",
    "path",
    "sha256",
    "first_archived_at",
    "last_checked_at",
    "stock_codes",
)


def iso_utc(moment: datetime | None) -> str | None:
    """``2021-07-16T02:42:50Z``, or ``None``."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, kw_only=True)
class KnownArticle:
    """What an incremental run needs to know about an archived article."""

    doc_id: str
    path: str
    modified_at: str | None


@dataclass(frozen=True, kw_only=True)
class CatalogRow:
    """One row of ``articles``; list fields are Python lists here and JSON in the database."""

    doc_id: str
    url: str
    title: str
    source_media: str
    channels: list[str]
    published_at: str
    modified_at: str | None
    path: str
    sha256: str
    first_archived_at: str
    last_checked_at: str
    stock_codes: list[str]

    def values(self) -> tuple[object, ...]:
        as_json = {
            "channels": json.dumps(self.channels, ensure_ascii=False),
            "stock_codes": json.dumps(self.stock_codes, ensure_ascii=False),
        }
        return tuple(as_json.get(name, getattr(self, name)) for name in COLUMNS)


KNOWN_COLUMNS = "doc_id, path, modified_at"


def known_article(row: tuple[Any, ...]) -> KnownArticle:
    """A ``KNOWN_COLUMNS`` row."""
    doc_id, path, modified_at = row
    return KnownArticle(doc_id=doc_id, path=path, modified_at=modified_at)


class ArchiveIndex(Protocol):
    """The "have we archived this?" check, all a crawl asks of its store. ``Catalog`` (SQLite) implements it; a
    store shared by several crawling machines (Redis is planned) can replace it in ``Archive``."""

    def lookup(self, doc_ids: Iterable[str]) -> dict[str, KnownArticle]:
        """The archived articles among ``doc_ids``."""
        ...

    def gone(self, doc_ids: Iterable[str], *, min_failures: int) -> set[str]:
        """The ids among ``doc_ids`` whose pages held no article on at least ``min_failures`` runs."""
        ...

    def first_archived_at(self, doc_id: str) -> str | None: ...

    def record(self, row: CatalogRow) -> None:
        """An article was archived (its post is already written)."""
        ...

    def record_gone(self, doc_id: str, url: str, status: int, reason: str, when: str) -> int: ...

    def close(self) -> None: ...


class Catalog:
    """``<output>/catalog.sqlite3``: the SQLite ``ArchiveIndex`` and the archive's table of contents."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None)  # autocommit: every statement is its own transaction
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA busy_timeout=10000")
        self.db.executescript(SCHEMA)
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))

    @classmethod
    def in_folder(cls, root: Path) -> Catalog:
        return cls(root / CATALOG_NAME)

    def close(self) -> None:
        self.db.close()

    def _select_ids(self, query: str, doc_ids: Iterable[str], *params: object) -> Iterator[tuple[Any, ...]]:
        """Rows of ``query`` (ending in ``doc_id IN ({})``) for ``doc_ids``, 500 ids at a time: SQLite limits the
        number of bound parameters. ``params`` are bound before the ids."""
        ids = list(dict.fromkeys(doc_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            yield from self.db.execute(query.format(",".join("?" * len(chunk))), [*params, *chunk])

    def lookup(self, doc_ids: Iterable[str]) -> dict[str, KnownArticle]:
        query = f"SELECT {KNOWN_COLUMNS} FROM articles WHERE doc_id IN ({{}})"  # noqa: S608
        return {known.doc_id: known for known in map(known_article, self._select_ids(query, doc_ids))}

    def known_articles(self) -> Iterator[KnownArticle]:
        """Every archived article, as ``lookup`` gives it (a cluster's writer publishes them all)."""
        return map(known_article, self.db.execute(f"SELECT {KNOWN_COLUMNS} FROM articles"))  # noqa: S608

    def gone_runs(self) -> Iterator[tuple[str, int]]:
        """Every remembered dead end and the runs that found it (``gone`` applies ``min_failures`` to these)."""
        return iter(self.db.execute("SELECT doc_id, failures FROM gone"))

    def first_archived_at(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT first_archived_at FROM articles WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def record(self, row: CatalogRow) -> None:
        marks = ",".join("?" * len(COLUMNS))
        self.db.execute(f"INSERT OR REPLACE INTO articles ({','.join(COLUMNS)}) VALUES ({marks})", row.values())  # noqa: S608
        self.db.execute("DELETE FROM gone WHERE doc_id = ?", (row.doc_id,))

    def record_gone(self, doc_id: str, url: str, status: int, reason: str, when: str) -> int:
        """Count one more run that found no article at ``url``; returns how many runs have."""
        self.db.execute(
            "INSERT INTO gone VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT (doc_id) DO UPDATE SET url = excluded.url, "
            "status = excluded.status, reason = excluded.reason, failures = failures + 1, "
            "last_failed_at = excluded.last_failed_at",
            (doc_id, url, status, reason, when, when),
        )
        return int(self.db.execute("SELECT failures FROM gone WHERE doc_id = ?", (doc_id,)).fetchone()[0])

    def gone(self, doc_ids: Iterable[str], *, min_failures: int) -> set[str]:
        """The ids among ``doc_ids`` whose pages were gone on at least ``min_failures`` runs."""
        query = "SELECT doc_id FROM gone WHERE failures >= ? AND doc_id IN ({})"
        return {doc_id for (doc_id,) in self._select_ids(query, doc_ids, min_failures)}

    def rows(self) -> Iterator[CatalogRow]:
        query = f"SELECT {','.join(COLUMNS)} FROM articles ORDER BY published_at, doc_id"  # noqa: S608
        for values in self.db.execute(query):
            data = dict(zip(COLUMNS, values, strict=True))
            data["channels"] = json.loads(data["channels"])
            data["stock_codes"] = json.loads(data["stock_codes"])
            yield CatalogRow(**data)

    @classmethod
    def read_rows(cls, root: Path) -> list[CatalogRow]:
        """Every row of the catalog in ``root``, read and closed again (for the maintenance commands)."""
        catalog = cls.in_folder(root)
        try:
            return list(catalog.rows())
        finally:
            catalog.close()

    def replace_all(self, rows: Iterable[CatalogRow]) -> int:
        """Swap the whole table for ``rows`` in one transaction (``rebuild``); returns the row count."""
        count = 0
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("DELETE FROM articles")
            for row in rows:
                self.record(row)
                count += 1
        return count
