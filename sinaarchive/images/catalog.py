"""The catalog's ``images`` and ``images_used`` tables (schema in ``sinaarchive.archive.catalog``).

An image is ``pending`` until tried, ``stored`` once its checked bytes are on disk, ``failed`` after a refused
download (tried again on the next run) and ``gone`` after ``SINAARCHIVE_IMAGE_GONE_AFTER`` failed runs in a row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

PENDING, STORED, FAILED, GONE = "pending", "stored", "failed", "gone"


@dataclass(frozen=True, kw_only=True)
class ImageRow:
    url: str
    path: str | None
    size: int | None
    sha256: str | None
    media_type: str | None
    status: str
    attempts: int
    reason: str


_ROW = "url, path, size, sha256, media_type, status, attempts, reason"


class ImageIndex:
    """Queries on an open catalog connection (the crawl's own, so one lock and one WAL serve both)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def use(self, doc_id: str, urls: Iterable[str], when: str) -> None:
        """``doc_id``'s post (just written, with Sina's URLs) shows exactly ``urls``."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.record_use(doc_id, urls, when)

    def record_use(self, doc_id: str, urls: Iterable[str], when: str, *, linked: Iterable[str] = ()) -> None:
        """``use`` inside the caller's transaction; the post links the images in ``linked`` locally."""
        local = set(linked)
        self.db.execute("DELETE FROM images_used WHERE doc_id = ?", (doc_id,))
        for url in dict.fromkeys(urls):
            self.db.execute(
                "INSERT INTO images_used (doc_id, url, linked) VALUES (?, ?, ?)", (doc_id, url, int(url in local))
            )
            self.db.execute(
                "INSERT OR IGNORE INTO images (url, status, first_seen_at) VALUES (?, ?, ?)", (url, PENDING, when)
            )

    def get(self, url: str) -> ImageRow | None:
        row = self.db.execute(f"SELECT {_ROW} FROM images WHERE url = ?", (url,)).fetchone()  # noqa: S608
        return ImageRow(**dict(zip(_ROW.split(", "), row, strict=True))) if row else None

    def rows(self, *statuses: str) -> list[ImageRow]:
        marks = ",".join("?" * len(statuses))
        query = f"SELECT {_ROW} FROM images WHERE status IN ({marks}) ORDER BY url"  # noqa: S608
        return [ImageRow(**dict(zip(_ROW.split(", "), row, strict=True))) for row in self.db.execute(query, statuses)]

    def stored(self, url: str, *, path: str, size: int, sha256: str, media_type: str | None, when: str) -> None:
        self.db.execute(
            "INSERT INTO images (url, path, size, sha256, media_type, status, attempts, reason, first_seen_at, "
            "last_tried_at, stored_at) VALUES (?, ?, ?, ?, ?, ?, 0, '', ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
            "path = excluded.path, size = excluded.size, sha256 = excluded.sha256, media_type = excluded.media_type, "
            "status = excluded.status, attempts = 0, reason = '', last_tried_at = excluded.last_tried_at, "
            "stored_at = excluded.stored_at",
            (url, path, size, sha256, media_type, STORED, when, when, when),
        )

    def failed(self, url: str, reason: str, when: str, *, gone_after: int) -> ImageRow:
        """One more failed run for ``url``; ``gone`` once ``gone_after`` runs failed. Only an image not stored, or
        whose file went missing, is ever fetched, so ``path`` is then the last place it was stored, kept so that a
        local link to it can be pointed back at Sina."""
        self.db.execute(
            "INSERT INTO images (url, status, attempts, reason, first_seen_at, last_tried_at) VALUES (?, ?, 1, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET attempts = attempts + 1, reason = excluded.reason, "
            "last_tried_at = excluded.last_tried_at",
            (url, FAILED, reason, when, when),
        )
        self.db.execute(
            "UPDATE images SET status = CASE WHEN attempts >= ? THEN ? ELSE ? END WHERE url = ?",
            (gone_after, GONE, FAILED, url),
        )
        row = self.get(url)
        assert row is not None
        return row

    def links(self, doc_id: str) -> list[tuple[ImageRow, bool]]:
        """The images ``doc_id`` shows, in no particular order, with whether its post links the local copy."""
        query = f"SELECT {', '.join('i.' + c for c in _ROW.split(', '))}, u.linked FROM images_used u "  # noqa: S608
        query += "JOIN images i ON i.url = u.url WHERE u.doc_id = ?"
        return [
            (ImageRow(**dict(zip(_ROW.split(", "), row[:-1], strict=True))), bool(row[-1]))
            for row in self.db.execute(query, (doc_id,))
        ]

    def set_linked(self, doc_id: str, urls: Iterable[str]) -> None:
        local = set(urls)
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            for (url,) in self.db.execute("SELECT url FROM images_used WHERE doc_id = ?", (doc_id,)).fetchall():
                self.db.execute(
                    "UPDATE images_used SET linked = ? WHERE doc_id = ? AND url = ?", (int(url in local), doc_id, url)
                )

    def docs_to_relink(self, *, local: bool) -> list[tuple[str, str]]:
        """(doc id, post path) of the posts whose links do not match the mode: local mode, a stored image the post
        does not link yet; Sina mode, any local link."""
        if local:
            condition = "(u.linked = 0 AND i.status = 'stored') OR (u.linked = 1 AND i.status != 'stored')"
        else:
            condition = "u.linked = 1"
        query = (
            "SELECT DISTINCT a.doc_id, a.path FROM images_used u JOIN images i ON i.url = u.url "  # noqa: S608
            f"JOIN articles a ON a.doc_id = u.doc_id WHERE {condition} ORDER BY a.doc_id"
        )
        return list(self.db.execute(query))

    def set_post_hash(self, doc_id: str, sha256: str) -> None:
        """The post was rewritten with other image links: its ``articles`` row gets the new hash."""
        self.db.execute("UPDATE articles SET sha256 = ? WHERE doc_id = ?", (sha256, doc_id))

    def counts(self) -> dict[str, int]:
        counts = dict(self.db.execute("SELECT status, COUNT(*) FROM images GROUP BY status").fetchall())
        return {status: int(counts.get(status, 0)) for status in (STORED, PENDING, FAILED, GONE)}

    def replace_all(self, rows: Iterable[tuple[ImageRow, str]], used: Iterable[tuple[str, str, bool]]) -> int:
        """Swap both tables for ``rows`` (with their first-seen time) and ``used`` (``rebuild``)."""
        count = 0
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("DELETE FROM images")
            self.db.execute("DELETE FROM images_used")
            for row, when in rows:
                self.db.execute(
                    "INSERT INTO images (url, path, size, sha256, media_type, status, attempts, reason, first_seen_at, "
                    "stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        row.url,
                        row.path,
                        row.size,
                        row.sha256,
                        row.media_type,
                        row.status,
                        row.attempts,
                        row.reason,
                        when,
                        when if row.status == STORED else None,
                    ),
                )
                count += 1
            self.db.executemany(
                "INSERT OR IGNORE INTO images_used VALUES (?, ?, ?)", [(d, u, int(k)) for d, u, k in used]
            )
        return count
