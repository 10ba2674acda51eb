"""End to end: the real ``scrapy crawl sina_finance`` (a subprocess) against the Sina simulator (a real HTTP server).

These tests assert what a cron user relies on: one correct post per listed article, a quiet log, the simulator's
request log for incremental runs, exit statuses, and what survives a SIGKILL or an overlapping run. Each branch of
the spider and the pipelines has its unit test (test_spider.py, test_pipelines.py); a crawl here checks that the
parts work together.
"""

from __future__ import annotations

import json
import re
import signal
import time
from datetime import datetime
from urllib.parse import urlsplit

import frontmatter
import lxml.html
import pytest

from crawling import (
    crawl,
    file_hashes,
    listed_ids,
    posts,
    start_crawl,
)
from sinaarchive.maintenance import verify
from sinasim.server import SimResponse, run_simulator
from sinasim.site import build_site

pytestmark = pytest.mark.slow


@pytest.fixture
def sim():
    with run_simulator(build_site(120, seed=7)) as simulator:
        yield simulator


def summary_line(result) -> str:
    return next(line for line in result.stderr.splitlines() if "summary:" in line)


def test_crawl_writes_one_correct_post_per_listed_article(sim, tmp_path):
    feed = tmp_path / "articles.jsonl"
    result = crawl(sim.roll_api, tmp_path / "archive", "-a", "channels=国内,美股", "-O", str(feed))
    assert result.returncode == 0, result.stderr[-3000:]
    expected = listed_ids(sim.site, ["国内", "美股"], pages=50)
    written = posts(tmp_path / "archive")
    assert len(written) == len(expected) > 0
    seen_ids = set()
    for path, data in written.items():
        post = frontmatter.loads(data.decode("utf-8"))
        article = sim.site.get(post["docid"])
        seen_ids.add(article.doc_id)
        assert post["title"] == article.title
        assert post["categories"][:2] == ["金融", "新浪财经"]
        text = lxml.html.fromstring(post.content).text_content()
        for paragraph in article.paragraphs:
            assert paragraph in text, (path, paragraph)  # leading ideographic spaces included
        assert f"责任编辑：{article.editor}" in post.content
        for cruft in (
            "海量资讯、精准解读",
            "appendQr",
            "<script",
            "<style",
            "<!--",
            "sinaads",
            "data-sudaclick",
            "quote_",
        ):
            assert cruft not in post.content, (path, cruft)
        assert all('referrerpolicy="no-referrer"' in img for img in post.content.split("<img")[1:])
    assert seen_ids == expected
    assert verify(tmp_path / "archive") == []
    assert f"new {len(expected)}, updated 0, skipped 0, failed 0" in summary_line(result)
    # The JSON lines feed (-O): one line per archived article, times in ISO 8601 with their offset.
    lines = {line["doc_id"]: line for line in map(json.loads, feed.read_text(encoding="utf-8").splitlines())}
    assert lines.keys() == expected
    first = next(iter(lines.values()))
    assert {"doc_id", "url", "title", "published_at", "source_media", "clean_html", "post_path"} <= first.keys()
    assert datetime.fromisoformat(first["published_at"]).utcoffset() is not None
    for path, data in written.items():
        post = frontmatter.loads(data.decode("utf-8"))
        assert (lines[post["docid"]]["title"], lines[post["docid"]]["post_path"]) == (post["title"], path)


def test_a_default_crawl_logs_no_warning_and_every_request_comes_from_the_front_page(sim, tmp_path):
    moved = urlsplit(sim.article_url(sim.site.listing(1686)[2])).path  # redirected: that request needs it too
    seen = []

    def record_and_redirect(request):
        seen.append((request.path, request.query, {k.lower(): v for k, v in request.headers.items()}))
        if request.path == moved and not request.query:
            return SimResponse(status=301, headers=(("Location", f"{moved}?from=redirect"),))
        return None

    sim.rules.append(record_and_redirect)
    result = crawl(sim.roll_api, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    loud = [line for line in result.stderr.splitlines() if re.search(r"\] (WARNING|ERROR|CRITICAL): ", line)]
    assert loud == []
    assert {(path, query) for path, query, _ in seen} >= {("/robots.txt", ""), (moved, "from=redirect")}
    assert {headers.get("referer") for _, _, headers in seen} == {"https://finance.sina.com.cn/"}
    assert len(posts(tmp_path)) == len(listed_ids(sim.site, ["国内"], pages=50))


def test_second_run_fetches_no_article_and_changes_no_file(sim, tmp_path):
    assert crawl(sim.roll_api, tmp_path, "-a", "channels=国内,美股").returncode == 0
    before = file_hashes(tmp_path)
    sim.reset_log()
    second = crawl(sim.roll_api, tmp_path, "-a", "channels=国内,美股")
    assert second.returncode == 0
    log = sim.requests()
    assert [entry["path"] for entry in log] == ["/api/roll/get", "/api/roll/get"]  # one roll request per channel
    after = file_hashes(tmp_path)
    new_warc = {name for name in after.keys() - before.keys() if name.startswith("warc/")}
    assert len(new_warc) == 1  # the two roll pages it fetched are captured (sinaarchive/warc/)
    assert {name: after[name] for name in after.keys() - new_warc} == before
    assert "new 0, updated 0" in summary_line(second)


def test_bad_argument_stops_before_any_request(sim, tmp_path):
    result = crawl(sim.roll_api, tmp_path, "-a", "channels=A股")
    assert result.returncode == 2
    assert "unknown channel 'A股'; known channels: 国内 (china)" in result.stderr
    assert "Traceback" not in result.stderr
    assert sim.requests() == []


def test_unreachable_roll_api_exits_with_listing_failed(tmp_path):
    result = crawl("http://127.0.0.1:9/api/roll/get", tmp_path)
    assert result.returncode == 3
    assert "exit status 3" in summary_line(result)
    assert posts(tmp_path) == {}


def test_second_concurrent_run_exits_at_once_with_status_75(tmp_path):
    with run_simulator(build_site(150, seed=5)) as simulator:
        first = start_crawl(simulator.roll_api, tmp_path, settings={"DOWNLOAD_DELAY": "0.05"}, log=tmp_path / "a.log")
        try:
            deadline = time.monotonic() + 60
            while not (tmp_path / "catalog.sqlite3").exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            second = crawl(simulator.roll_api, tmp_path)
            assert second.returncode == 75
            assert "another sinaarchive run" in second.stderr
            assert first.wait(timeout=120) == 0
        finally:
            first.kill()
    assert verify(tmp_path) == []


def test_sigkill_leaves_no_partial_post_and_the_rerun_completes(tmp_path):
    site = build_site(200, seed=11)
    with run_simulator(site) as simulator:
        reference = crawl(simulator.roll_api, tmp_path / "uninterrupted")
        assert reference.returncode == 0
        killed = start_crawl(simulator.roll_api, tmp_path / "killed", settings={"DOWNLOAD_DELAY": "0.03"})
        try:
            deadline = time.monotonic() + 60
            while len(posts(tmp_path / "killed")) < 20 and time.monotonic() < deadline:
                time.sleep(0.05)
            killed.send_signal(signal.SIGKILL)
            killed.wait(timeout=30)
        finally:
            killed.kill()
        partial = posts(tmp_path / "killed")
        assert 0 < len(partial) < len(posts(tmp_path / "uninterrupted"))
        reference_posts = posts(tmp_path / "uninterrupted")
        assert all(reference_posts[path] == data for path, data in partial.items())  # no partial post
        problems = verify(tmp_path / "killed")
        assert not [p for p in problems if not p.startswith("post not in catalog")]  # no row without its file
        rerun = crawl(simulator.roll_api, tmp_path / "killed")
        assert rerun.returncode == 0
    assert posts(tmp_path / "killed") == reference_posts
    assert verify(tmp_path / "killed") == []
    assert not [p for p in (tmp_path / "killed").rglob("*.tmp") if p.is_file()]


def test_crawl_under_the_real_host_names_through_a_proxy(tmp_path):
    """The simulator as an HTTP proxy for feed.mix.sina.com.cn, finance.sina.com.cn and news.sina.com.cn: the crawler
    needs nothing but the roll API URL and Scrapy's standard ``http_proxy`` support."""
    import os
    import subprocess

    from crawling import PROJECT, crawl_command

    site = build_site(80, seed=21)
    with run_simulator(site, real_hosts=True) as simulator:
        command = crawl_command("http://feed.mix.sina.com.cn/api/roll/get", tmp_path, "-a", "channels=国内,美股")
        result = subprocess.run(
            command,
            cwd=PROJECT,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env={**os.environ, "http_proxy": simulator.base_url},
        )
        hosts = {entry["host"] for entry in simulator.requests()}
    assert result.returncode == 0, result.stderr[-2000:]
    assert {"feed.mix.sina.com.cn", "finance.sina.com.cn"} <= hosts
    written = {frontmatter.loads(d.decode("utf-8"))["docid"] for d in posts(tmp_path).values()}
    assert written == listed_ids(site, ["国内", "美股"], pages=50)
