"""The catalog's ``captures`` table: for each archived article, where the raw page its post was made from lies.

The table is created with the others (``sinaarchive.archive.catalog.SCHEMA``); these helpers read and write it
through the catalog's connection.
"""

from __future__ import annotations

import sqlite3

from sinaarchive.warc.writer import Capture

CAPTURE_COLUMNS = ("doc_id", "warc_file", "warc_offset", "warc_length", "record_id", "target_uri", "captured_at")


def record_capture(db: sqlite3.Connection, doc_id: str, capture: Capture) -> None:
    """Remember ``capture`` as the page ``doc_id``'s post was made from (replacing an older one)."""
    values = (
        doc_id,
        capture.file,
        capture.offset,
        capture.length,
        capture.record_id,
        capture.target_uri,
        capture.captured_at,
    )
    db.execute(f"INSERT OR REPLACE INTO captures ({','.join(CAPTURE_COLUMNS)}) VALUES (?,?,?,?,?,?,?)", values)  # noqa: S608


def capture_of(db: sqlite3.Connection, doc_id: str) -> Capture | None:
    row = db.execute(
        "SELECT warc_file, warc_offset, warc_length, record_id, target_uri, captured_at FROM captures WHERE doc_id = ?",
        (doc_id,),
    ).fetchone()
    if row is None:
        return None
    file, offset, length, record_id, uri, captured_at = row
    return Capture(
        file=file, offset=offset, length=length, record_id=record_id, target_uri=uri, captured_at=captured_at
    )
