"""Politeness and fault handling that needs no network: retry waits, Referer, login redirects, gone pages,
User-Agent."""

from datetime import UTC, datetime

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

import sinaarchive.settings
from sinaarchive.archive.catalog import Catalog, KnownArticle
from sinaarchive.items import RollEntry
from sinaarchive.middlewares import FrontPageRefererMiddleware, backoff_seconds, retry_after_seconds
from sinaarchive.options import BadOption, parse_crawl_options
from sinaarchive.spiders.sina_finance import SinaFinanceSpider, is_changed, login_redirect

NOW = datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (b"120", 120.0),
        (b" 5 ", 5.0),
        (b"Fri, 27 Nov 2026 12:00:30 GMT", 30.0),
        (b"Fri, 27 Nov 2026 11:00:00 GMT", 0.0),
        (b"soon", None),
        (None, None),
        (b"", None),
    ],
)
def test_retry_after_takes_seconds_or_an_http_date(header, seconds):
    assert retry_after_seconds(header, now=NOW) == seconds


def test_backoff_doubles_up_to_the_cap():
    assert [backoff_seconds(n, base=2, cap=10) for n in (1, 2, 3, 4, 5)] == [2, 4, 8, 10, 10]


@pytest.mark.parametrize("policy", [None, "unsafe-url", "origin", "no-referrer"])
def test_every_request_says_it_comes_from_the_front_page(policy):
    crawler = get_crawler(settings_dict={"DEFAULT_REQUEST_HEADERS": sinaarchive.settings.DEFAULT_REQUEST_HEADERS})
    middleware = build_from_crawler(FrontPageRefererMiddleware, crawler)
    roll_url = "https://feed.mix.sina.com.cn/api/roll/get?pageid=155&lid=1686&k=&num=50&page=1"
    roll_page = TextResponse(roll_url, body=b"{}", headers={"Referrer-Policy": policy} if policy else {})
    article = Request("https://finance.sina.com.cn/china/2026-09-29/doc-initmeav9622448.shtml")
    assert middleware.get_processed_request(article, roll_page).headers["Referer"] == b"https://finance.sina.com.cn/"
    assert (
        middleware.get_processed_request(Request(roll_url), None).headers["Referer"] == b"https://finance.sina.com.cn/"
    )


def response_after_redirect(final_url: str) -> HtmlResponse:
    request = Request(
        final_url, meta={"redirect_urls": ["https://finance.sina.com.cn/china/2026-09-29/doc-initmeav9622448.shtml"]}
    )
    return HtmlResponse(final_url, body=b"<html></html>", request=request)


@pytest.mark.parametrize(
    ("final_url", "is_login"),
    [
        ("https://login.sina.com.cn/signup/signin.php?entry=finance&r=x", True),
        ("https://passport.weibo.com/visitor/visitor?entry=miniblog", True),
        ("http://127.0.0.1:8765/signin.php?r=x", True),
        ("https://finance.sina.com.cn/china/2026-09-29/doc-initmeav9622448.shtml", False),  # http → https is fine
    ],
)
def test_redirect_to_a_sign_in_page_is_recognised(final_url, is_login):
    assert bool(login_redirect(response_after_redirect(final_url))) is is_login


def test_a_page_reached_without_redirect_is_never_a_login_redirect():
    response = HtmlResponse("https://login.sina.com.cn/x", body=b"", request=Request("https://login.sina.com.cn/x"))
    assert login_redirect(response) == ""


def entry(mtime: int) -> RollEntry:
    return RollEntry(
        doc_id="nitmeav9622448", url="https://finance.sina.com.cn/x/doc-initmeav9622448.shtml", mtime=mtime
    )


def test_changed_means_a_newer_roll_mtime():
    known = KnownArticle(doc_id="nitmeav9622448", path="a.md", modified_at="2026-09-28T16:34:08Z")
    assert is_changed(entry(1790613248 + 60), known)
    assert not is_changed(entry(1790613248), known)
    assert not is_changed(entry(0), known)
    assert not is_changed(entry(1790613248 + 60), KnownArticle(doc_id="x", path="a.md", modified_at=None))


def test_gone_pages_are_skipped_after_the_configured_number_of_runs(tmp_path):
    catalog = Catalog.in_folder(tmp_path)
    try:
        for run in range(1, 4):
            assert (
                catalog.record_gone("a1", "https://x/doc-ia1.shtml", 404, "http_404", f"2026-11-2{run}T00:00:00Z")
                == run
            )
            assert catalog.gone(["a1", "b2"], min_failures=3) == ({"a1"} if run == 3 else set())
    finally:
        catalog.close()


@pytest.mark.parametrize(("value", "expected"), [("yes", True), ("1", True), ("no", False), ("", False)])
def test_retry_gone_flag(value, expected):
    assert parse_crawl_options(retry_gone=value).retry_gone is expected


def test_retry_gone_rejects_other_words():
    with pytest.raises(BadOption, match="must be yes or no"):
        parse_crawl_options(retry_gone="maybe")


def test_contact_is_added_to_the_user_agent(tmp_path):
    crawler = get_crawler(
        SinaFinanceSpider,
        {
            "SINAARCHIVE_CONTACT": "archive@example.org",
            "SINAARCHIVE_OUTPUT_DIR": str(tmp_path),
            "USER_AGENT": "sinaarchive/0.1 (Sina Finance news archiver; Scrapy)",
        },
    )
    assert (
        crawler.settings["USER_AGENT"]
        == "sinaarchive/0.1 (Sina Finance news archiver; Scrapy; contact: archive@example.org)"
    )


@pytest.mark.parametrize(
    ("url", "followed"),
    [
        ("https://finance.sina.com.cn/china/2026-09-29/doc-initmeav9622448.shtml", True),
        ("https://news.sina.com.cn/c/2024-05-10/doc-inausehc2630922.shtml", True),
        ("https://finance.sina.cn/usstock/mggd/2026-09-29/detail-initmeav9622448.d.html", True),
        ("http://127.0.0.1:8765/china/2026-09-29/doc-initmeav9622448.shtml", True),  # the roll API's own host
        ("https://slide.finance.sina.com.cn/slide_31_1_12345.html", False),
        ("https://video.sina.com.cn/p/finance/2026-09-29/detail-x.d.html", False),
        ("https://evil.example.com/doc-initmeav9622448.shtml", False),
        ("https://sina.com.cn.evil.example.com/x.shtml", False),
    ],
)
def test_only_sina_article_pages_are_followed(url, followed):
    spider = SinaFinanceSpider()
    spider.roll_api = "http://127.0.0.1:8765/api/roll/get"
    assert spider.is_article_url(url) is followed
