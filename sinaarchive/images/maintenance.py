"""The image part of ``verify``, ``stats`` and ``rebuild`` (``python -m sinaarchive …``).

They look at the default store only: ``images/`` in the output folder. An archive whose ``FILES_STORE`` is
elsewhere (an ``s3://`` bucket) is checked by the store's own tools.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from lxml import html as lxml_html

from sinaarchive.archive.catalog import Catalog, iso_utc
from sinaarchive.archive.readback import post_files
from sinaarchive.images.catalog import FAILED, GONE, PENDING, STORED, ImageIndex, ImageRow
from sinaarchive.images.check import IMAGES_FOLDER, sniff, url_key
from sinaarchive.images.links import LINKED_ATTRIBUTE


def _file(root: Path, path: str) -> Path:
    return root.joinpath(*PurePosixPath(path).parts)


def image_problems(catalog: Catalog, root: Path) -> list[str]:
    """A stored image whose file is missing or has other bytes; a file under ``images/`` the catalog does not know."""
    index = ImageIndex(catalog.db)
    problems = []
    known = set()
    for row in index.rows(STORED):
        path = row.path or ""
        known.add(path)
        file = _file(root, path)
        if not file.is_file():
            problems.append(f"missing image: {path} ({row.url}): the next crawl fetches it again")
        elif hashlib.sha256(file.read_bytes()).hexdigest() != row.sha256:
            problems.append(f"image hash mismatch: {path} ({row.url}): the file changed after it was stored")
    folder = root / IMAGES_FOLDER
    if folder.is_dir():
        for file in sorted(folder.rglob("*")):
            relative = file.relative_to(root).as_posix()
            if file.is_file() and relative not in known:
                problems.append(f"image not in catalog: {relative}")
    return problems


def image_stats_lines(catalog: Catalog, root: Path) -> list[str]:
    """Counts of stored, missing, failed, gone and pending images; nothing for an archive without images."""
    index = ImageIndex(catalog.db)
    counts = index.counts()
    if not any(counts.values()):
        return []
    stored = index.rows(STORED)
    missing = sum(1 for row in stored if not _file(root, row.path or "").is_file())
    size = sum(row.size or 0 for row in stored)
    return [
        f"images stored: {len(stored)} ({size} bytes)",
        f"images missing: {missing}",
        f"images failed: {counts[FAILED]} (tried again on the next run)",
        f"images gone: {counts[GONE]}",
        f"images pending: {counts[PENDING]}",
    ]


def _post_images(data: bytes) -> Iterator[tuple[str, bool]]:
    """(URL, linked locally) for each image of a post's body."""
    text = data.decode("utf-8", errors="replace")
    _, separator, body = text.partition("\n---\n")
    if not separator or "<img" not in body:
        return
    for img in lxml_html.fragment_fromstring(body, create_parent="div").iter("img"):
        original = (img.get(LINKED_ATTRIBUTE) or "").strip()
        src = (img.get("src") or "").strip()
        if original:
            yield original, True
        elif src.startswith(("http://", "https://")):
            yield src, False


def _stored_copy(root: Path, url: str) -> ImageRow | None:
    key = url_key(url)
    folder = root / IMAGES_FOLDER / key[:2] / key[2:4]
    for file in sorted(folder.glob(f"{key}.*")) if folder.is_dir() else []:
        data = file.read_bytes()
        return ImageRow(
            url=url,
            path=file.relative_to(root).as_posix(),
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            media_type=sniff(data) or None,
            status=STORED,
            attempts=0,
            reason="",
        )
    return None


def rebuild_images(catalog: Catalog, root: Path) -> int:
    """Recreate ``images`` and ``images_used`` from the posts and the files under ``images/``.

    The posts give the URLs (``src``, or ``data-sina-src`` for a local link) and which article uses which; the file
    at the URL's name gives the bytes. An image without a file keeps its earlier failure count, or is ``pending``
    (the next crawl fetches it). Returns the number of image rows.
    """
    index = ImageIndex(catalog.db)
    previous = {row.url: row for status in (PENDING, FAILED, GONE) for row in index.rows(status)}
    used: list[tuple[str, str, bool]] = []
    rows: dict[str, tuple[ImageRow, str]] = {}
    for path in post_files(root):
        data = path.read_bytes()
        doc_id = ""
        for line in data.decode("utf-8", errors="replace").split("\n---\n", 1)[0].splitlines():
            if line.startswith("docid: "):
                doc_id = line.removeprefix("docid: ").strip().strip("'")
        if not doc_id:
            continue
        when = iso_utc(datetime.fromtimestamp(path.stat().st_mtime, UTC)) or ""
        for url, linked in _post_images(data):
            used.append((doc_id, url, linked))
            if url not in rows:
                stored = _stored_copy(root, url)
                fallback = ImageRow(
                    url=url, path=None, size=None, sha256=None, media_type=None, status=PENDING, attempts=0, reason=""
                )
                rows[url] = (stored or previous.get(url) or fallback, when)
    return index.replace_all(rows.values(), used)
