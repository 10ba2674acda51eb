"""The image part of ``verify``, ``stats``, ``rebuild`` and ``reextract`` (``python -m sinaarchive …``).

They look at the default store only: ``images/`` in the output folder. An archive whose ``FILES_STORE`` is
elsewhere (an ``s3://`` bucket) is checked by the store's own tools.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from lxml import html as lxml_html

from sinaarchive.archive.catalog import Catalog, iso_utc
from sinaarchive.archive.readback import UnreadablePost, post_files, read_metadata
from sinaarchive.images.catalog import FAILED, GONE, PENDING, STORED, ImageIndex, ImageRow
from sinaarchive.images.check import IMAGES_FOLDER, sniff, url_key
from sinaarchive.images.links import LINKED_ATTRIBUTE, LinkChange, link_change, relink


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


def stored_copy(root: Path, url: str) -> ImageRow | None:
    """The file stored for ``url`` under ``images/`` (named after the URL), as a ``stored`` row; ``None`` if none."""
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
        try:
            doc_id = str(read_metadata(data)["docid"])
        except UnreadablePost:  # rebuild lists it and leaves it out of the catalog: its images too
            continue
        when = iso_utc(datetime.fromtimestamp(path.stat().st_mtime, UTC)) or ""
        for url, linked in _post_images(data):
            used.append((doc_id, url, linked))
            if url not in rows:
                stored = stored_copy(root, url)
                fallback = ImageRow(
                    url=url, path=None, size=None, sha256=None, media_type=None, status=PENDING, attempts=0, reason=""
                )
                rows[url] = (stored or previous.get(url) or fallback, when)
    return index.replace_all(rows.values(), used)


@dataclass(frozen=True, kw_only=True)
class PostImages:
    """One re-extracted post's images: the URLs its body shows, how its links change, the files found on disk."""

    urls: list[str]
    change: LinkChange
    recovered: list[ImageRow]


class ReextractedImages:
    """The image part of ``reextract``: what a crawl's ``ImagePipeline`` leaves, without downloading.

    Each post shows its stored images as the link mode says (``local``: the copies; ``sina``: Sina's URLs), and the
    catalog's ``images_used`` rows, their ``linked`` flags and the post's ``sha256`` agree with it. An image the
    catalog does not know as stored, whose file is under ``images/`` (a deleted catalog), is recorded as ``rebuild``
    does; the others are ``pending``, for the next crawl to fetch.
    """

    def __init__(self, catalog: Catalog, root: Path, *, local: bool) -> None:
        self.index = ImageIndex(catalog.db)
        self.root = root
        self.local = local
        self.found: dict[str, ImageRow | None] = {}

    def prepare(self, urls: Iterable[str], text: str) -> tuple[PostImages, str]:
        """The images of a post rendered as the crawl writes it (Sina's URLs), and its text as the mode wants it."""
        wanted = list(dict.fromkeys(urls))
        shown: list[tuple[ImageRow, bool]] = []
        recovered = []
        for url in wanted:
            row = self.index.get(url)
            if row is None or row.status != STORED:
                if url not in self.found:
                    self.found[url] = stored_copy(self.root, url)
                copy = self.found[url]
                if copy is not None:
                    recovered.append(copy)
                    row = copy
            if row is not None:
                shown.append((row, False))
        change = link_change(shown, local=self.local)
        if change:
            text = relink(text, unlink=change.unlink, link=change.link)
        return PostImages(urls=wanted, change=change, recovered=recovered), text

    def record(self, doc_id: str, images: PostImages, when: str) -> None:
        """The catalog rows of a post just written, inside the caller's transaction."""
        for row in images.recovered:
            assert row.path is not None and row.size is not None and row.sha256 is not None  # from stored_copy
            self.index.stored(
                row.url, path=row.path, size=row.size, sha256=row.sha256, media_type=row.media_type, when=when
            )
        self.index.record_use(doc_id, images.urls, when, linked=images.change.wanted)
