"""The three item pipelines, each built by Scrapy's ``build_from_crawler`` over a temporary output folder."""

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest
from scrapy import signals
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from sinaarchive.archive.catalog import Catalog
from sinaarchive.items import Article
from sinaarchive.pipelines import (
    ArchivePipeline,
    CleaningPipeline,
    EmptyBody,
    MissingDocId,
    MissingTitle,
    ValidationPipeline,
)

BEIJING = timezone(timedelta(hours=8))
URL = "https://finance.sina.com.cn/china/2026-09-29/doc-initmeav9622448.shtml"
QR_BOX = '<div class="appendQr_wrap"><p>海量资讯、精准解读，尽在新浪财经APP</p></div>'


def article(**overrides) -> Article:
    fields = {
        "doc_id": "nitmeav9622448",
        "url": URL,
        "title": "美联储维持利率不变",
        "published_at": datetime(2026, 9, 29, 8, 30, tzinfo=BEIJING),
        "source_media": "环球市场播报",
        "channel": "国内",
        "categories": ["金融", "新浪财经", "新浪财经－国內"],
        "body_html": f"<p>　　美联储周三宣布维持利率不变。</p><script>var x = 1;</script>{QR_BOX}",
        "clean_html": "<p>　　美联储周三宣布维持利率不变。</p>",
    }
    fields.update(overrides)
    return Article(**fields)


@pytest.fixture
def crawler(tmp_path):
    return get_crawler(settings_dict={"SINAARCHIVE_OUTPUT_DIR": str(tmp_path)})


@pytest.fixture
def archiving(crawler):
    """The archive pipeline; its archive (opened on the crawler) is closed after the test, as at engine stop."""
    pipeline = build_from_crawler(ArchivePipeline, crawler)
    yield pipeline
    pipeline.archive.close()


def drop(crawler, item: Article, exception: Exception) -> None:
    """What Scrapy does when a pipeline raises ``DropItem``: send ``item_dropped``."""
    crawler.signals.send_catch_log(
        signal=signals.item_dropped, item=item, response=None, spider=crawler.spider, exception=exception
    )


def gone_rows(root) -> list[tuple]:
    db = sqlite3.connect(root / "catalog.sqlite3")
    try:
        return db.execute("SELECT doc_id, url, status, reason, failures FROM gone").fetchall()
    finally:
        db.close()


@pytest.mark.parametrize(
    ("overrides", "refusal"),
    [
        ({"title": " \u3000\n"}, MissingTitle),
        ({"doc_id": ""}, MissingDocId),
        ({"doc_id": "../etc"}, MissingDocId),
        ({"doc_id": "nitme av96"}, MissingDocId),
    ],
)
def test_validation_refuses_what_cannot_make_a_correct_post(crawler, overrides, refusal):
    pipeline = build_from_crawler(ValidationPipeline, crawler)
    with pytest.raises(refusal, match=URL):
        pipeline.process_item(article(**overrides))


def test_validation_passes_a_good_article_unchanged(crawler):
    item = article()
    assert build_from_crawler(ValidationPipeline, crawler).process_item(item) == article()


def test_cleaning_fills_clean_html_and_touches_nothing_on_disk(crawler, tmp_path):
    item = article(clean_html="")
    cleaned = build_from_crawler(CleaningPipeline, crawler).process_item(item)
    assert cleaned is item
    assert cleaned.clean_html == "<p>\u3000\u3000美联储周三宣布维持利率不变。</p>"
    assert cleaned.body_html == article().body_html  # the raw body is kept as extracted
    assert list(tmp_path.iterdir()) == []


def test_cleaning_refuses_a_body_with_nothing_left(crawler, tmp_path):
    item = article(body_html=f"<script>var x = 1;</script>{QR_BOX}", clean_html="")
    with pytest.raises(EmptyBody, match="body empty after cleaning"):
        build_from_crawler(CleaningPipeline, crawler).process_item(item)
    assert list(tmp_path.iterdir()) == []  # pure: the dead end is the archive pipeline's to record


def test_an_empty_body_drop_is_remembered_as_a_dead_end(crawler, archiving, tmp_path):
    for _ in range(2):
        drop(crawler, article(), EmptyBody("empty"))
    assert gone_rows(tmp_path) == [("nitmeav9622448", URL, 200, "empty_body", 2)]


def test_other_drops_are_not_dead_ends(crawler, archiving, tmp_path):
    drop(crawler, article(title=""), MissingTitle("no title"))
    assert gone_rows(tmp_path) == []


def test_archive_writes_the_post_then_its_catalog_row(crawler, archiving, tmp_path):
    item = asyncio.run(archiving.process_item(article()))
    assert item.post_path == "2026/09/2026-09-29-美联储维持利率不变-nitmeav9622448.md"
    post = (tmp_path / item.post_path).read_text(encoding="utf-8")
    assert "docid: nitmeav9622448" in post
    assert "美联储周三宣布维持利率不变。" in post
    [row] = Catalog.read_rows(tmp_path)
    assert (row.doc_id, row.path, row.title, row.channels) == (
        "nitmeav9622448",
        item.post_path,
        "美联储维持利率不变",
        ["国内"],
    )
    assert row.published_at == "2026-09-29T00:30:00Z"
    assert crawler.stats.get_value("sinaarchive/archived/new") == 1
    assert crawler.stats.get_value("sinaarchive/archived/updated") is None


def test_an_update_rewrites_the_post_at_its_recorded_path(crawler, archiving, tmp_path):
    first = asyncio.run(archiving.process_item(article()))
    changed = article(
        title="美联储维持利率不变（更新）",
        published_at=datetime(2026, 10, 1, 9, 0, tzinfo=BEIJING),  # would give another path if it were new
        updated_at=datetime(2026, 10, 1, 10, 0, tzinfo=UTC),
        post_path=first.post_path,
    )
    asyncio.run(archiving.process_item(changed))
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md")] == [first.post_path]
    assert "（更新）" in (tmp_path / first.post_path).read_text(encoding="utf-8")
    [row] = Catalog.read_rows(tmp_path)
    assert row.title == "美联储维持利率不变（更新）"
    assert crawler.stats.get_value("sinaarchive/archived/new") == 1
    assert crawler.stats.get_value("sinaarchive/archived/updated") == 1
