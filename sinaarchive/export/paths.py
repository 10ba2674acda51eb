"""Where a post lives in the archive: ``YYYY/MM/YYYY-MM-DD-<title words>-<doc id>.md``.

The path is a pure function of the article's publication date (Beijing), title and doc id:

- the doc id makes it unique, the date and title make it recognisable;
- only letters, digits and ``-`` come from the title, so nothing from a title can add a separator, a ``%``
  (Hexo 8 silently drops such posts), ``#``, ``?``, a Windows-reserved character or name, or a leading dot;
- the file name stays under 255 bytes of UTF-8 on every file system.

An article already in the catalog keeps the path it was first written at, even if its title changes later.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta, timezone
from pathlib import PurePosixPath

from sinaarchive.items import Article

# Sina prints every time in Beijing time without an offset (``weibo: article:create_at`` "2026-09-29 00:34:03",
# ``span.date`` "2026年09月29日 00:34"), and posts are filed by their Beijing date. China has had no DST since 1991,
# so a fixed offset is exact.
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")

# Title characters kept in file names: Unicode letters and digits. Everything else becomes one '-'.
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
TITLE_PART_MAX_CHARS = 40
TITLE_PART_MAX_BYTES = 120  # 40 CJK characters; leaves room for date, id and suffix under 255 bytes
DOC_ID_MAX_CHARS = 40


def title_slug(title: str) -> str:
    """Letters and digits of the title, runs of anything else as one ``-``, cut to a safe length."""
    text = unicodedata.normalize("NFC", title)
    slug = _NOT_WORD.sub("-", text).strip("-")[:TITLE_PART_MAX_CHARS]
    while len(slug.encode("utf-8")) > TITLE_PART_MAX_BYTES:
        slug = slug[:-1]
    return slug.strip("-")


_NOT_ID = re.compile(r"[^A-Za-z0-9]")


def safe_doc_id(doc_id: str) -> str:
    """The doc id with anything but ASCII letters and digits removed (ids come from the network)."""
    return _NOT_ID.sub("", doc_id)[:DOC_ID_MAX_CHARS] or "noid"


def post_path(article: Article) -> PurePosixPath:
    """The post's path relative to the output folder, the same on every run for the same article."""
    day = article.published_at.astimezone(BEIJING).date().isoformat()  # YYYY-MM-DD: one call, not three strftime
    stem = "-".join(part for part in (day, title_slug(article.title), safe_doc_id(article.doc_id)) if part)
    return PurePosixPath(f"{day[:4]}/{day[5:7]}/{stem}.md")
