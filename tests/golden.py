"""Golden posts: each saved page under ``tests/fixtures/pages/<case>/`` goes through the whole per-article path
(parse → clean → render) and must give ``expected.md`` byte for byte.

Refreshing the expected files is a deliberate act whose diff gets reviewed:

    python tests/golden.py            # rewrite every expected.md from the current code
    git diff tests/fixtures/pages     # read what changed before committing

Tests never rewrite these files.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from conftest import PAGES_DIR, load_case
from sinaarchive.channels import resolve_channels
from sinaarchive.cleaning.html import clean_body
from sinaarchive.export.post import render_post
from sinaarchive.parsing.article import parse_article

CRAWLED_AT = datetime(2026, 11, 27, tzinfo=UTC)


def cases() -> list[str]:
    return sorted(path.name for path in PAGES_DIR.iterdir() if (path / "info.json").is_file())


def render_case(name: str) -> str:
    """The post our code writes for the saved page ``name``."""
    response, entry = load_case(name)
    info = json.loads((PAGES_DIR / name / "info.json").read_text(encoding="utf-8"))
    channel = resolve_channels(info.get("channel"))[0]
    article = parse_article(response, entry=entry, channel=channel, crawled_at=CRAWLED_AT)
    article.clean_html = clean_body(article.body_html, base_url=article.url)
    return render_post(article)


def refresh() -> None:
    for name in cases():
        (PAGES_DIR / name / "expected.md").write_bytes(render_case(name).encode("utf-8"))
        print(f"wrote tests/fixtures/pages/{name}/expected.md")


if __name__ == "__main__":
    refresh()
