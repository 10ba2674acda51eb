"""The spider's callbacks without a network: a response in, requests and items out.

The spider is built by Scrapy (``get_crawler`` + ``from_crawler``) over an archive whose index lives in memory, so
each test states what the archive already holds and reads back the dead ends the spider remembered.
"""

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import count

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

import sinaarchive.settings
from sinaarchive.archive import Archive
from sinaarchive.archive.catalog import CatalogRow, KnownArticle
from sinaarchive.channels import resolve_channels
from sinaarchive.components import per_crawler
from sinaarchive.export.paths import BEIJING
from sinaarchive.items import Article
from sinaarchive.spiders.sina_finance import SinaFinanceSpider

ROLL_API = "https://feed.mix.sina.com.cn/api/roll/get"
PAGE_SIZE = 3
GUONEI = resolve_channels("国内")[0]
NOW = int(datetime(2026, 9, 29, 12, 0, tzinfo=BEIJING).timestamp())
PROJECT_SETTINGS = {name: getattr(sinaarchive.settings, name) for name in dir(sinaarchive.settings) if name.isupper()}


@dataclass
class Gone:
    url: str
    status: int
    reason: str
    failures: int


class MemoryIndex:
    """An ``ArchiveIndex`` in a dict: what the archive holds, and the dead ends the spider records."""

    def __init__(self, known: Iterable[KnownArticle] = (), gone: Iterable[str] = ()) -> None:
        self.known = {article.doc_id: article for article in known}
        self.dead_ends = {doc_id: Gone("", 404, "http_404", 3) for doc_id in gone}

    def lookup(self, doc_ids):
        return {doc_id: self.known[doc_id] for doc_id in doc_ids if doc_id in self.known}

    def gone(self, doc_ids, *, min_failures):
        return {d for d in doc_ids if d in self.dead_ends and self.dead_ends[d].failures >= min_failures}

    def first_archived_at(self, doc_id):
        return None

    def record(self, row: CatalogRow) -> None:
        raise AssertionError("the spider never writes catalog rows")

    def record_gone(self, doc_id, url, status, reason, when):
        failures = self.dead_ends[doc_id].failures + 1 if doc_id in self.dead_ends else 1
        self.dead_ends[doc_id] = Gone(url, status, reason, failures)
        return failures

    def close(self) -> None:
        pass


@pytest.fixture
def make_spider(tmp_path):
    """``make_spider(index, **spider_arguments)``: a configured spider whose archive uses ``index``."""
    archives = []

    def make(index=None, **arguments) -> SinaFinanceSpider:
        settings = {
            **PROJECT_SETTINGS,
            "SINAARCHIVE_OUTPUT_DIR": str(tmp_path),
            "SINAARCHIVE_PAGE_SIZE": PAGE_SIZE,
            "RETRY_TIMES": 1,
        }
        crawler = get_crawler(SinaFinanceSpider, settings)
        archive = Archive(tmp_path, index=index or MemoryIndex())
        archives.append(archive)
        per_crawler(crawler, "archive", lambda _: archive)  # the crawl's one archive is this one
        return SinaFinanceSpider.from_crawler(crawler, **arguments)

    yield make
    for archive in archives:
        archive.close()


def stats(spider: SinaFinanceSpider) -> dict:
    """The spider's own counters, without their ``sinaarchive/`` prefix."""
    return {
        key.removeprefix("sinaarchive/"): value
        for key, value in spider.crawler.stats.get_stats().items()
        if key.startswith("sinaarchive/")
    }


# --- listing pages ---------------------------------------------------------------------------------------------

_ids = count(9622400)


def roll_item(*, doc_id: str = "", host: str = "finance.sina.com.cn", ctime: int = NOW, mtime: int = 0) -> dict:
    """One ``result.data`` item as the roll API sends it (every scalar a string)."""
    doc_id = doc_id or f"nitmeav{next(_ids)}"
    return {
        "docid": f"comos:{doc_id}",
        "url": f"https://{host}/china/2026-09-29/doc-i{doc_id}.shtml",
        "title": "美联储维持利率不变",
        "media_name": "环球市场播报",
        "ctime": str(ctime),
        "intime": str(ctime + 8),
        "mtime": str(mtime or ctime),
        "lids": "1686,2509",
    }


def id_of(item: dict) -> str:
    return item["docid"].removeprefix("comos:")


def roll_response(items: list[dict], *, page: int = 1, body: str | None = None) -> TextResponse:
    url = f"{ROLL_API}?pageid=155&lid=1686&k=&num={PAGE_SIZE}&page={page}"
    text = body if body is not None else json.dumps({"result": {"status": {"code": 0, "msg": "succ"}, "data": items}})
    request = Request(url, cb_kwargs={"channel": GUONEI, "page": page})
    return TextResponse(url, body=text.encode(), encoding="utf-8", request=request)


def parse_roll(spider: SinaFinanceSpider, response: TextResponse, page: int = 1) -> list[Request]:
    return list(spider.parse_roll(response, channel=GUONEI, page=page))


def next_pages(requests: list[Request]) -> list[int]:
    return [r.cb_kwargs["page"] for r in requests if "page" in r.cb_kwargs]


def test_new_entries_are_fetched_and_a_full_page_leads_to_the_next(make_spider):
    spider = make_spider()
    items = [roll_item() for _ in range(PAGE_SIZE)]
    requests = parse_roll(spider, roll_response(items))
    articles = requests[:PAGE_SIZE]
    assert [r.url for r in articles] == [item["url"] for item in items]
    for request in articles:
        assert request.callback == spider.parse_article
        assert request.errback == spider.article_failed
        assert request.cb_kwargs["channel"] == GUONEI
        assert request.cb_kwargs["known_path"] == ""
    [following] = requests[PAGE_SIZE:]
    assert following.cb_kwargs == {"channel": GUONEI, "page": 2}
    assert "page=2" in following.url and following.priority == -2  # articles of page 1 go first
    assert following.callback == spider.parse_roll and following.errback == spider.roll_failed
    assert stats(spider) == {"listing/pages_ok": 1, "listing/items": PAGE_SIZE, "listing/new": PAGE_SIZE}


def test_a_short_page_is_the_last(make_spider):
    spider = make_spider()
    requests = parse_roll(spider, roll_response([roll_item(), roll_item()]))
    assert len(requests) == 2
    assert next_pages(requests) == []


def test_archived_entries_are_skipped_unless_the_roll_api_reports_a_change(make_spider):
    unchanged, changed, new = roll_item(), roll_item(mtime=NOW + 600), roll_item()
    archived_at = "2026-09-29T04:00:00Z"  # NOW in UTC: the archived copy is as old as the listing's ctime
    index = MemoryIndex(
        known=[
            KnownArticle(doc_id=id_of(unchanged), path="2026/09/a.md", modified_at=archived_at),
            KnownArticle(doc_id=id_of(changed), path="2026/09/b.md", modified_at=archived_at),
        ]
    )
    spider = make_spider(index)
    requests = parse_roll(spider, roll_response([unchanged, changed, new]))
    fetched = {r.url: r.cb_kwargs["known_path"] for r in requests if "entry" in r.cb_kwargs}
    assert fetched == {changed["url"]: "2026/09/b.md", new["url"]: ""}  # an update keeps its path
    assert next_pages(requests) == [2]  # not all archived yet: older pages may hold more
    assert stats(spider)["skipped/unchanged"] == 1
    assert stats(spider)["listing/updated"] == 1
    assert stats(spider)["listing/new"] == 1


def test_a_page_of_archived_entries_ends_the_listing(make_spider):
    items = [roll_item() for _ in range(PAGE_SIZE)]
    known = [KnownArticle(doc_id=id_of(i), path=f"{n}.md", modified_at=None) for n, i in enumerate(items)]
    spider = make_spider(MemoryIndex(known=known))
    assert parse_roll(spider, roll_response(items)) == []  # everything older was archived by earlier runs


def test_dead_ends_are_skipped_until_retry_gone(make_spider):
    dead, alive = roll_item(), roll_item()
    index = MemoryIndex(gone=[id_of(dead)])
    spider = make_spider(index)
    assert [r.url for r in parse_roll(spider, roll_response([dead, alive]))] == [alive["url"]]
    assert stats(spider)["skipped/gone"] == 1
    retrying = make_spider(index, retry_gone="yes")
    assert [r.url for r in parse_roll(retrying, roll_response([dead, alive]))] == [dead["url"], alive["url"]]


@pytest.mark.parametrize(
    "host",
    [
        "slide.finance.sina.com.cn",
        "video.sina.com.cn",
        "k.sina.com.cn",
        "live.finance.sina.com.cn",
        "ad.example.com",
        "sina.com.cn.example.com",
    ],
)
def test_entries_off_sina_article_hosts_are_skipped(make_spider, host):
    spider = make_spider()
    off, on = roll_item(host=host), roll_item(host="news.sina.com.cn")
    assert [r.url for r in parse_roll(spider, roll_response([off, on]))] == [on["url"]]
    assert stats(spider)["skipped/not_article_url"] == 1


def test_an_entry_listed_twice_is_fetched_once(make_spider):
    spider = make_spider()
    item = roll_item()
    assert len(parse_roll(spider, roll_response([item]))) == 1
    assert parse_roll(spider, roll_response([item])) == []  # e.g. listed again by another channel
    assert stats(spider)["skipped/duplicate"] == 1


def test_an_article_goes_under_the_first_asked_channel_that_lists_it_whichever_listing_came_first(make_spider):
    finance, guonei = resolve_channels("金融新闻,国内")
    spider = make_spider(channels="金融新闻,国内")
    both = roll_item() | {"lids": f"{guonei.lid},{finance.lid},9999"}
    only_guonei = roll_item() | {"lids": f"{guonei.lid}"}
    unlisted = roll_item() | {"lids": ""}  # no lids: the channel whose page listed it
    requests = parse_roll(spider, roll_response([both, only_guonei, unlisted]))  # read from 国内's page
    assert [r.cb_kwargs["channel"].name for r in requests if "entry" in r.cb_kwargs] == ["金融新闻", "国内", "国内"]


def test_the_page_limit_ends_the_listing(make_spider):
    spider = make_spider(max_pages="2")
    items = [roll_item() for _ in range(PAGE_SIZE)]
    assert next_pages(parse_roll(spider, roll_response(items), page=1)) == [2]
    assert next_pages(parse_roll(spider, roll_response([roll_item() for _ in items], page=2), page=2)) == []


def test_a_date_window_fetches_its_days_and_stops_past_them(make_spider):
    spider = make_spider(since="2026-09-28", until="2026-09-28")  # Beijing days
    day = 24 * 3600
    newer, inside, older = roll_item(ctime=NOW), roll_item(ctime=NOW - day), roll_item(ctime=NOW - 2 * day)
    first = parse_roll(spider, roll_response([newer, inside, roll_item(ctime=NOW - day)]))
    assert [r.url for r in first][:1] == [inside["url"]]
    assert len(first) == 3 and next_pages(first) == [2]  # two articles, and the next page
    second = parse_roll(
        spider, roll_response([roll_item(ctime=NOW - day), older, roll_item(ctime=NOW - day)], page=2), page=2
    )
    assert len(second) == 2 and next_pages(second) == []  # entries before the window: no older page can hold more
    assert stats(spider)["skipped/outside_window"] == 2


def test_a_window_pages_on_through_archived_entries(make_spider):
    items = [roll_item(ctime=NOW - 3600) for _ in range(PAGE_SIZE)]
    known = [KnownArticle(doc_id=id_of(i), path=f"{n}.md", modified_at=None) for n, i in enumerate(items)]
    spider = make_spider(MemoryIndex(known=known), since="2026-09-01")
    assert next_pages(parse_roll(spider, roll_response(items))) == [2]  # a backfill looks past archived pages


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<html>502 Bad Gateway</html>", "bad_json"),
        ('{"result": {"status": {"code": 1, "msg": "未注册"}, "data": []}}', "status"),
        ('{"result": {"status": {"code": 0}, "data": {}}}', "bad_data"),
    ],
)
def test_an_unusable_listing_is_retried_then_counted_as_failed(make_spider, caplog, body, reason):
    spider = make_spider()
    [retry] = parse_roll(spider, roll_response([], body=body))
    assert retry.url == roll_response([]).url
    assert retry.dont_filter and retry.meta["retry_times"] == 1
    assert stats(spider)["listing/retried"] == 1
    again = roll_response([], body=body)
    again.request.meta["retry_times"] = 1  # RETRY_TIMES is 1 here: this was the last try
    with caplog.at_level(logging.ERROR):
        assert parse_roll(spider, again) == []
    assert stats(spider)[f"listing/failed/{reason}"] == 1
    assert "roll API 国内 page 1 unusable" in caplog.text


def test_a_listing_that_is_not_text_is_unusable(make_spider):
    spider = make_spider()
    response = Response(roll_response([]).url, body=b"\x89PNG", request=roll_response([]).request)
    [retry] = parse_roll(spider, response)
    assert retry.meta["retry_times"] == 1


def test_unusable_roll_items_are_counted(make_spider):
    spider = make_spider()
    good = roll_item()
    requests = parse_roll(spider, roll_response([good, {"title": "no id, no url"}]))
    assert [r.url for r in requests] == [good["url"]]
    assert stats(spider)["listing/items_unusable"] == 1


# --- article pages ---------------------------------------------------------------------------------------------

ARTICLE_URL = "https://finance.sina.com.cn/china/2026-09-29/doc-initmeav9622448.shtml"
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>美联储维持利率不变_新浪财经_新浪网</title>
<meta name="weibo: article:create_at" content="2026-09-29 08:30:00">
<meta property="article:author" content="环球市场播报"></head>
<body><div class="main-content"><h1 class="main-title">美联储维持利率不变</h1>
<div class="date-source"><span class="date">2026年09月29日 08:30</span></div>
<div class="article" id="artibody">
<p>　　美联储周三宣布维持利率不变。</p>
<p class="article-editor">责任编辑：王珊珊 SF014</p>
</div></div></body></html>
"""


def article_request(spider: SinaFinanceSpider, known_path: str = "") -> Request:
    item = roll_item(doc_id="nitmeav9622448")
    [request] = parse_roll(spider, roll_response([item]))
    request.cb_kwargs["known_path"] = known_path
    return request


def article_response(request: Request, body: str = PAGE, url: str = ARTICLE_URL) -> HtmlResponse:
    return HtmlResponse(url, body=body.encode(), encoding="utf-8", request=request)


def parse_article(spider: SinaFinanceSpider, response: Response) -> list:
    return list(spider.parse_article(response, **response.request.cb_kwargs))


def test_an_article_page_gives_one_article(make_spider):
    spider = make_spider()
    request = article_request(spider, known_path="2026/09/old.md")
    [article] = parse_article(spider, article_response(request))
    assert isinstance(article, Article)
    assert (article.doc_id, article.title, article.channel) == ("nitmeav9622448", "美联储维持利率不变", "国内")
    assert article.source_media == "环球市场播报"
    assert "美联储周三宣布维持利率不变。" in article.body_html
    assert article.post_path == "2026/09/old.md"  # an update is written where the first copy is
    assert article.crawled_at is not None


def test_a_page_without_an_article_is_a_dead_end(make_spider, caplog):
    index = MemoryIndex()
    spider = make_spider(index)
    request = article_request(spider)
    with caplog.at_level(logging.WARNING):
        assert parse_article(spider, article_response(request, PAGE.replace('id="artibody"', 'id="other"'))) == []
    assert stats(spider)["failed/no_body"] == 1
    assert index.dead_ends == {"nitmeav9622448": Gone(ARTICLE_URL, 200, "no_body", 1)}
    assert f"not archived (no_body): {ARTICLE_URL}" in caplog.text


def test_a_redirect_to_a_sign_in_page_is_a_failure_but_no_dead_end(make_spider):
    index = MemoryIndex()
    spider = make_spider(index)
    request = article_request(spider)
    request.meta["redirect_urls"] = [ARTICLE_URL]
    login = "https://login.sina.com.cn/signup/signin.php?entry=finance"
    assert parse_article(spider, article_response(request, "<html><body>请登录</body></html>", url=login)) == []
    assert stats(spider)["failed/login_redirect"] == 1
    assert index.dead_ends == {}  # a wall today may be gone tomorrow


def test_a_truncated_page_is_retried_then_failed_without_a_dead_end(make_spider):
    index = MemoryIndex()
    spider = make_spider(index)
    request = article_request(spider)
    cut = PAGE[: PAGE.index("</div></div>")]  # the transfer ended before </html>
    [retry] = parse_article(spider, article_response(request, cut))
    assert retry.url == ARTICLE_URL and retry.meta["retry_times"] == 1
    assert retry.cb_kwargs == request.cb_kwargs
    assert parse_article(spider, article_response(retry, cut)) == []  # RETRY_TIMES used up
    assert stats(spider)["failed/truncated"] == 1
    assert index.dead_ends == {}


def test_a_response_that_is_not_text_is_a_failure(make_spider):
    spider = make_spider()
    request = article_request(spider)
    assert parse_article(spider, Response(ARTICLE_URL, body=b"\x89PNG", request=request)) == []
    assert stats(spider)["failed/not_text"] == 1


# --- failed downloads ------------------------------------------------------------------------------------------


def failure(request: Request, exception: Exception) -> Failure:
    """What Scrapy hands an errback: the exception, with the request it is about."""
    failed = Failure(exception)
    failed.request = request
    return failed


def http_error(request: Request, status: int) -> Failure:
    return failure(request, HttpError(HtmlResponse(request.url, status=status, request=request), "not 200"))


@pytest.mark.parametrize("status", [404, 410])
def test_a_page_that_is_gone_is_remembered(make_spider, status):
    index = MemoryIndex()
    spider = make_spider(index)
    request = article_request(spider)
    spider.article_failed(http_error(request, status))
    assert stats(spider)[f"failed/http_{status}"] == 1
    assert index.dead_ends == {"nitmeav9622448": Gone(ARTICLE_URL, status, f"http_{status}", 1)}


@pytest.mark.parametrize("exception", [503, 403, TimeoutError("timed out")])
def test_other_failures_are_counted_but_not_remembered(make_spider, exception):
    index = MemoryIndex()
    spider = make_spider(index)
    request = article_request(spider)
    failed = http_error(request, exception) if isinstance(exception, int) else failure(request, exception)
    spider.article_failed(failed)
    reason = f"http_{exception}" if isinstance(exception, int) else "TimeoutError"
    assert stats(spider)[f"failed/{reason}"] == 1
    assert index.dead_ends == {}


def test_a_page_robots_txt_forbids_is_skipped_and_remembered(make_spider):
    index = MemoryIndex()
    spider = make_spider(index)
    request = article_request(spider)
    spider.article_failed(failure(request, IgnoreRequest("Forbidden by robots.txt")))
    assert stats(spider)["skipped/robots_txt"] == 1
    assert not any(key.startswith("failed/") for key in stats(spider))  # not a failure
    assert index.dead_ends == {"nitmeav9622448": Gone(ARTICLE_URL, 0, "robots_txt", 1)}


def test_a_failed_roll_request_counts_its_page_as_failed(make_spider):
    spider = make_spider()
    request = roll_response([]).request
    spider.roll_failed(http_error(request, 500))
    assert stats(spider)["listing/failed/http_500"] == 1
