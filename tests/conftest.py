"""Shared test helpers: saved pages under ``tests/fixtures/pages/<case>/`` (body.html + info.json), and a real
redis-server for the cluster tests (``tests/redis_server.py``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

import redis_server as redis_helper
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


# --- A real redis-server (tests/redis_server.py) -------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[redis_helper.RedisServer]:
    """A redis-server of this test process (each pytest-xdist worker starts its own) on a free loopback port, with
    ``.port`` and ``.url(db)``; stopped when the session ends. Skips (fails under ``CI=true``) without redis-server."""
    executable = redis_helper.require_redis_server()
    server = redis_helper.start(executable, tmp_path_factory.mktemp("redis-server"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server) -> str:
    """``redis://127.0.0.1:PORT/0``, emptied (FLUSHDB) before the test: the tests of one process run one at a time,
    so database 0 is the test's own. Any other database of ``redis_server`` it uses, it empties itself."""
    redis_server.flushdb(0)
    return redis_server.url(0)
