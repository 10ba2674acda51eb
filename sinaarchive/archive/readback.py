"""Reading posts back: the catalog row a post file describes, for ``rebuild`` and ``verify``."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from sinaarchive.archive.catalog import CatalogRow, iso_utc
from sinaarchive.channels import CHANNELS

_CHANNEL_BY_CATEGORY = {channel.categories[-1]: channel.name for channel in CHANNELS}
REQUIRED_KEYS = ("title", "categories", "date", "docid", "source_url")


class UnreadablePost(ValueError):
    """A post file that does not parse or lacks a key the catalog needs."""


def post_files(root: Path) -> Iterator[Path]:
    """Every post in the archive: ``*.md`` below the root, hidden files and folders excluded."""
    for path in sorted(root.rglob("*.md")):
        if not any(part.startswith(".") for part in path.relative_to(root).parts):
            yield path


def _rfc1123_to_iso(value: Any, key: str) -> str:
    try:
        return iso_utc(parsedate_to_datetime(str(value))) or ""
    except (TypeError, ValueError):
        raise UnreadablePost(f"{key} {value!r} is not an RFC 1123 date") from None


def read_metadata(data: bytes) -> dict[str, Any]:
    """The front matter of a post, checked for the keys the catalog needs."""
    try:
        metadata = frontmatter.loads(data.decode("utf-8")).metadata
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UnreadablePost(f"does not parse: {str(exc).splitlines()[0]}") from None
    missing = [key for key in REQUIRED_KEYS if key not in metadata]
    if missing:
        raise UnreadablePost(f"front matter lacks {', '.join(missing)}")
    return metadata


def row_from_post(root: Path, path: Path) -> CatalogRow:
    """The catalog row for one post file; archive times default to the file's modification time."""
    data = path.read_bytes()
    meta = read_metadata(data)
    categories = [str(c) for c in meta["categories"] or []]
    channel = _CHANNEL_BY_CATEGORY.get(categories[-1]) if categories else None
    file_time = iso_utc(datetime.fromtimestamp(path.stat().st_mtime, UTC)) or ""
    return CatalogRow(
        doc_id=str(meta["docid"]),
        url=str(meta["source_url"]),
        title=str(meta["title"]),
        source_media=str(meta.get("author") or ""),
        channels=[channel] if channel else [],
        published_at=_rfc1123_to_iso(meta["date"], "date"),
        modified_at=_rfc1123_to_iso(meta["updated"], "updated") if "updated" in meta else None,
        path=path.relative_to(root).as_posix(),
        sha256=hashlib.sha256(data).hexdigest(),
        first_archived_at=file_time,
        last_checked_at=file_time,
        stock_codes=[str(code) for code in meta.get("stocks") or []],
    )
