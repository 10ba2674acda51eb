"""Archive maintenance: ``rebuild``, ``verify`` and ``stats`` (run as ``python -m sinaarchive …``).

Each command returns its exit status and prints plain lines, so cron jobs and scripts can read them.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sinaarchive.archive.catalog import CATALOG_NAME, Catalog, CatalogRow
from sinaarchive.archive.lock import ArchiveLock
from sinaarchive.archive.readback import UnreadablePost, post_files, read_metadata, row_from_post
from sinaarchive.export.paths import BEIJING
from sinaarchive.images.maintenance import image_problems, image_stats_lines, rebuild_images


def rebuild(root: Path) -> tuple[int, list[str]]:
    """Recreate the catalog from the post files alone; returns (rows written, unreadable posts).

    Rows already in the catalog keep their first-archived and last-checked times; new rows take the file's
    modification time. Unreadable posts are reported and left out.
    """
    lock = ArchiveLock(root)
    lock.acquire()
    try:
        catalog = Catalog.in_folder(root)
        try:
            previous = {row.doc_id: row for row in catalog.rows()}
            rows, problems = _rows_from_posts(root)
            merged = [_keep_archive_times(row, previous.get(row.doc_id)) for row in rows]
            written = catalog.replace_all(merged)
            rebuild_images(catalog, root)
            return written, problems
        finally:
            catalog.close()
    finally:
        lock.release()


def _rows_from_posts(root: Path) -> tuple[list[CatalogRow], list[str]]:
    rows: dict[str, CatalogRow] = {}
    problems = []
    for path in post_files(root):
        relative = path.relative_to(root).as_posix()
        try:
            row = row_from_post(root, path)
        except UnreadablePost as exc:
            problems.append(f"{relative}: {exc}")
            continue
        if row.doc_id in rows:
            problems.append(f"{relative}: docid {row.doc_id} is also in {rows[row.doc_id].path}")
            continue
        rows[row.doc_id] = row
    return list(rows.values()), problems


def _keep_archive_times(row: CatalogRow, previous: CatalogRow | None) -> CatalogRow:
    if previous is None:
        return row
    return replace(row, first_archived_at=previous.first_archived_at, last_checked_at=previous.last_checked_at)


def verify(root: Path) -> list[str]:
    """One line per problem: a row without its file or with another hash, a post not in the catalog, a post that
    does not parse. Empty when the archive is sound."""
    rows = {row.path: row for row in Catalog.read_rows(root)}
    problems = list(_check_rows(root, rows.values()))
    for path in post_files(root):
        relative = path.relative_to(root).as_posix()
        try:
            read_metadata(path.read_bytes())
        except UnreadablePost as exc:
            problems.append(f"unreadable post: {relative}: {exc}")
        if relative not in rows:
            problems.append(f"post not in catalog: {relative}")
    return problems + _image_problems(root)


def _image_problems(root: Path) -> list[str]:
    with closing(Catalog.in_folder(root)) as catalog:
        return image_problems(catalog, root)


def _check_rows(root: Path, rows: Iterable[CatalogRow]) -> Iterator[str]:
    for row in rows:
        path = root / row.path
        if not path.is_file():
            yield f"missing file: {row.path} (docid {row.doc_id})"
        elif hashlib.sha256(path.read_bytes()).hexdigest() != row.sha256:
            yield f"hash mismatch: {row.path} (docid {row.doc_id}): the file changed after it was archived"


def stats_lines(root: Path) -> list[str]:
    """Counts per channel and per month (Beijing time), and the newest and oldest article."""
    rows = Catalog.read_rows(root)
    lines = [f"articles: {len(rows)}"]
    if not rows:
        return lines + _image_stats_lines(root)
    channels = Counter(name for row in rows for name in (row.channels or ["(none)"]))
    lines += [f"channel {name}: {count}" for name, count in sorted(channels.items())]
    months = Counter(_beijing_month(row.published_at) for row in rows)
    lines += [f"month {month}: {count}" for month, count in sorted(months.items())]
    oldest, newest = rows[0], rows[-1]  # rows come ordered by publication time
    lines.append(f"newest: {newest.published_at} {newest.doc_id} {newest.title}")
    lines.append(f"oldest: {oldest.published_at} {oldest.doc_id} {oldest.title}")
    return lines + _image_stats_lines(root)


def _image_stats_lines(root: Path) -> list[str]:
    with closing(Catalog.in_folder(root)) as catalog:
        return image_stats_lines(catalog, root)


def _beijing_month(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(BEIJING).strftime("%Y-%m")


def has_catalog(root: Path) -> bool:
    return (root / CATALOG_NAME).is_file()
