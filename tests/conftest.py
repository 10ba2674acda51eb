"""Shared test helpers: saved pages under ``tests/fixtures/pages/<case>/`` (body.html + info.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from sinaarchive.items import RollEntry
from sinaarchive.parsing.listing import parse_entry

PAGES_DIR = Path(__file__).parent / "fixtures" / "pages"


def load_case(name: str) -> tuple[HtmlResponse, RollEntry]:
    """The saved page of case ``name`` as Scrapy would receive it, and the roll entry that listed it.

    ``body.html`` holds the raw bytes in the page's own encoding; ``info.json`` holds ``url``, ``status``,
    ``headers`` and ``entry`` (a roll-API item, read by the real listing parser).
    """
    case_dir = PAGES_DIR / name
    info = json.loads((case_dir / "info.json").read_text(encoding="utf-8"))
    response = HtmlResponse(
        url=info["url"],
        status=info.get("status", 200),
        headers=info.get("headers", {}),
        body=(case_dir / "body.html").read_bytes(),
    )
    entry = parse_entry(info["entry"])
    if entry is None:
        raise ValueError(f"{case_dir}/info.json: entry has no usable url or docid")
    return response, entry


@pytest.fixture(name="load_case")
def load_case_fixture():
    """``load_case`` as a fixture, for tests that prefer injection to an import."""
    return load_case
