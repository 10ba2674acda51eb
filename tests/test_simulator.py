"""The Sina simulator: real HTTP requests against roll API, article pages, request log, controls and proxy mode."""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message

import pytest
from parsel import Selector

from crawling import simulator_cli
from sinaarchive.channels import CHANNELS
from sinaarchive.parsing.antibot import anti_bot_reason
from sinaarchive.parsing.listing import parse_roll_page, roll_url
from sinasim import SimRequest, SimResponse, Simulator, build_site, pages, run_simulator, words
from sinasim.site import ERAS, SimArticle, beijing

# The envelope and item key sets of a real roll response (pageid=153, lid=2516, 2026-09-29), in its order.
ENVELOPE_KEYS = ["status", "timestamp", "top", "pdps", "cre", "total", "end", "start", "lid", "rtime", "data"]
ITEM_KEYS = [
    "icons",
    "is_cre_manual",
    "hqChart",
    "intime",
    "channelid",
    "ctime",
    "mtime",
    "authoruid",
    "level",
    "vid",
    "ipad_vid",
    "video_time_length",
    "categoryid",
    "mediaid",
    "templateid",
    "productid",
    "ext_0",
    "ext_1",
    "ext_2",
    "ext_3",
    "ext_4",
    "docid",
    "url",
    "urls",
    "wapurl",
    "wapurls",
    "wapsummary",
    "title",
    "stitle",
    "summary",
    "intro",
    "author",
    "commentid",
    "video_id",
    "keywords",
    "media_name",
    "columnid",
    "subjectid",
    "img",
    "images",
    "lids",
    "oid",
]
CHINA = CHANNELS[0]  # 国内, pageid 155, lid 1686


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


def fetch(url: str, *, method: str = "GET", opener: urllib.request.OpenerDirector | None = None) -> Reply:
    request = urllib.request.Request(url, method=method)
    try:
        with (opener.open if opener else urllib.request.urlopen)(request, timeout=10) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Reply(error.code, error.headers, error.read())


def roll(sim: Simulator, *, page: int = 1, num: int = 50, pageid: int = CHINA.pageid, lid: int = CHINA.lid) -> Reply:
    return fetch(roll_url(sim.roll_api, pageid=pageid, lid=lid, num=num, page=page))


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    """One read-only simulator big enough for several 50-item pages of 国内."""
    with run_simulator(build_site(650, seed=3)) as simulator:
        yield simulator


def first_of(site_articles: list[SimArticle], era: str) -> SimArticle:
    return next(a for a in site_articles if a.era == era)


# --- roll API ------------------------------------------------------------------------------------------------


def test_roll_page_has_the_real_envelope_and_item_keys(sim: Simulator) -> None:
    reply = roll(sim)
    assert reply.status == 200
    assert reply.headers.get_content_type() == "application/json"
    reply.body.decode("ascii")  # \uXXXX escapes only, like the real API
    assert b"\\/" in reply.body and b"\\u" in reply.body
    result = reply.json()["result"]
    assert list(result) == ENVELOPE_KEYS
    assert result["status"] == {"code": 0, "msg": "succ"}
    assert result["lid"] == CHINA.lid
    assert len(result["data"]) == 50
    for item in result["data"]:
        assert [key for key in item if key not in ("mlids", "ext")] == ITEM_KEYS
        scalars = [value for key, value in item.items() if key not in ("img", "images")]
        assert all(isinstance(value, str) for value in scalars)
        assert item["docid"].startswith("comos:") and item["commentid"] == f"cj:{item['docid'].replace(':', '-')}:0"
        assert json.loads(item["urls"]) == [item["url"]]
    assert result["start"] == int(result["data"][0]["ctime"])
    assert result["end"] == int(result["data"][-1]["ctime"])


def test_roll_pages_are_newest_first_without_overlap_and_end_short(sim: Simulator) -> None:
    expected = [a.doc_id for a in sim.site.listing(CHINA.lid)]
    assert len(expected) > 100 and len(expected) % 50, "the site must give two full pages and a short one"
    seen, ctimes, page = [], [], 1
    while True:
        data = roll(sim, page=page).json()["result"]["data"]
        seen += [item["docid"].removeprefix("comos:") for item in data]
        ctimes += [int(item["ctime"]) for item in data]
        if len(data) < 50:
            break
        page += 1
    assert seen == expected
    assert len(set(seen)) == len(seen)
    assert all(newer > older for newer, older in itertools.pairwise(ctimes))
    assert roll(sim, page=page + 1).json()["result"]["data"] == []


def test_roll_num_is_clamped_to_50(sim: Simulator) -> None:
    assert len(roll(sim, num=200).json()["result"]["data"]) == 50
    assert len(roll(sim, num=7).json()["result"]["data"]) == 7


def test_roll_pageid_lid_mismatch_and_unknown_lid(sim: Simulator) -> None:
    mismatch = roll(sim, pageid=153, lid=CHINA.lid).json()["result"]  # a mismatched pair answers 未注册 on the real API
    assert mismatch["status"]["code"] != 0 and mismatch["status"]["msg"] == "未注册"
    assert mismatch["data"] == []
    unknown = roll(sim, pageid=999, lid=4242).json()["result"]
    assert unknown["status"]["code"] == 0 and unknown["data"] == []


def test_roll_pages_parse_with_the_crawler_parser(sim: Simulator) -> None:
    for channel in CHANNELS:
        reply = roll(sim, pageid=channel.pageid, lid=channel.lid)
        parsed = parse_roll_page(reply.body.decode("utf-8"))
        listing = sim.site.listing(channel.lid)[:50]
        assert [e.doc_id for e in parsed.entries] == [a.doc_id for a in listing]
        assert parsed.skipped == 0
        for entry, article in zip(parsed.entries, listing, strict=False):
            assert entry.url == sim.base_url + ("/news" if article.era == "news" else "") + article.path
            assert (entry.title, entry.ctime, entry.mtime) == (article.title, article.ctime, article.mtime)
            assert str(channel.lid) in entry.lids


def test_roll_jsonp_callback(sim: Simulator) -> None:
    body = fetch(f"{sim.roll_api}?pageid=155&lid=1686&k=&num=2&page=1&callback=feedCardJsonpCallback").body
    assert body.startswith(b"try{feedCardJsonpCallback({") and body.endswith(b"});}catch(e){};")
    assert len(parse_roll_page(body.decode()).entries) == 2


# --- article pages -------------------------------------------------------------------------------------------


def body_texts(page: Selector, container: str) -> list[str]:
    return ["".join(p.xpath(".//text()").getall()) for p in page.css(f"{container} > p:not([class])")]


@pytest.mark.parametrize("era", ERAS)
def test_article_page_matches_the_model(sim: Simulator, era: str) -> None:
    article = first_of(sim.site.articles, era)
    reply = fetch(sim.article_url(article))
    assert reply.status == 200
    if era == "blk":
        assert reply.headers["Content-Type"] == "text/html"  # charset only in the page, as old pages were served
        text = reply.body.decode("gbk")
        assert "charset=gb2312" in text
    else:
        assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
        text = reply.body.decode("utf-8")
    page = Selector(text=text)
    create_at = page.xpath('//meta[@name="weibo: article:create_at"]/@content').get()
    assert create_at == beijing(article.ctime, "%Y-%m-%d %H:%M:%S")
    assert page.xpath('//meta[@name="publishid"]/@content').get() == article.doc_id
    title = {"v2017": "h1.main-title", "news": "h1.main-title"}.get(era, "h1#artibodyTitle")
    assert page.css(f"{title}::text").get() == article.title
    container = "div.article#article" if era == "news" else "#artibody"
    paragraphs = body_texts(page, container)
    assert paragraphs == list(article.paragraphs)
    assert "".join(paragraphs).startswith("\u3000\u3000")


def test_v2017_page_has_the_2026_structure(sim: Simulator) -> None:
    article = next(a for a in sim.site.articles if a.era == "v2017" and a.stocks and a.images)
    text = fetch(sim.article_url(article)).body.decode()
    page = Selector(text=text)
    region = text[text.index("<!-- 原始正文begin -->") : text.index("<!-- 原始正文end -->")]
    for placeholder in (
        "相关专题top",
        "期货推广",
        "秒拍",
        "视频播放器",
        "行情图",
        "正文下iframe",
        "总声明",
        "文末二维码 start",
        "编辑姓名及工作代码",
    ):
        assert f"<!-- {placeholder}" in region
    artibody = page.css("div.article-content > div.article-content-left > div.article#artibody")
    assert artibody.css("div.clearfix.appendQr_wrap img::attr(src)").get() == (
        "//n.sinaimg.cn/finance/cece9e13/20240627/655959900_20240627.png"
    )
    assert artibody.css(".appendQr_normal_txt::text").get() == "海量资讯、精准解读，尽在新浪财经APP"
    assert artibody.css("p.article-editor::text").get() == f"责任编辑：{article.editor} "
    assert page.css("div.date-source > span.date::text").get() == beijing(article.ctime, "%Y年%m月%d日 %H:%M")
    assert page.css("div.date-source > span.source.ent-source::text").get() == article.media_name
    assert page.xpath('//meta[@property="article:author"]/@content').get() == article.media_name
    assert page.xpath("//title/text()").get() == f"{article.title}_新浪财经_新浪网"
    stock = article.stocks[0]
    link = f'<span id={stock.market}_{stock.code}><a href={stock.quote_url} class="keyword" target=_blank'
    assert link in region and f"<span id=quote_{stock.code}></span>" in region
    codes = "&".join(s.code for s in article.stocks)
    assert f"</p><!-- news_keyword_pub,{stock.market},{codes} -->" in region
    captions = [a.caption for a in article.images]
    assert artibody.css("div.img_wrapper span.img_descr").xpath("string()").getall() == captions
    sources = artibody.css(".img_wrapper img::attr(src)").getall()
    assert len(sources) == len(article.images)
    assert all(src.startswith("//n.sinaimg.cn/finance/transform/") for src in sources)


def test_v2014_editor_is_outside_the_body(sim: Simulator) -> None:
    article = first_of(sim.site.articles, "v2014")
    page = Selector(text=fetch(sim.article_url(article)).body.decode())
    assert page.css("div.article.article_16#artibody")
    assert not page.css("#artibody p.article-editor")
    assert page.css("p.article-editor::text").get() == f"责任编辑：{article.editor}"
    assert page.css("span.time-source::text").get().strip().startswith(beijing(article.ctime, "%Y年%m月%d日%H:%M"))


def test_unknown_and_misplaced_articles_are_404(sim: Simulator) -> None:
    article = first_of(sim.site.articles, "v2017")
    assert fetch(f"{sim.base_url}/china/2026-09-29/doc-iaaaaaaa0000000.shtml").status == 404
    assert fetch(f"{sim.base_url}/wrongpath/{article.date}/doc-i{article.doc_id}.shtml").status == 404
    reply = fetch(f"{sim.base_url}/nothing/here")
    assert reply.status == 404 and "页面没有找到" in reply.body.decode()


def test_robots_txt_allows_everything(sim: Simulator) -> None:
    assert fetch(f"{sim.base_url}/robots.txt").body == b"User-agent: *\nAllow: /\n"


def test_rules_answer_before_routing() -> None:
    """The fault-injection hook: a rule sees each request first; ``None`` lets routing answer."""
    with run_simulator(build_site(10)) as sim:
        calls = []

        def busy_once(request: SimRequest) -> SimResponse | None:
            calls.append(request.path)
            if request.path == "/api/roll/get" and len(calls) == 1:
                return SimResponse(status=503, body=b"busy", content_type="text/plain")
            return None

        sim.rules.append(busy_once)
        assert roll(sim).status == 503
        assert roll(sim).status == 200
        assert [e["status"] for e in sim.requests()] == [503, 200]


# --- the chrome around the body: real-page sizes, nothing the extractor reads ----------------------------------

# Bytes per page and where the body starts (share of the bytes before it), around the measured samples (pages/cruft.py):
# Raw 2026 v2017 page 95 KB, body at 39 % (the excerpt's notes; the browser-saved 2018 page is 231 KB with ~90 KB
# of script-injected styles); 2016 v2014 page 144 KB, body at 41 %; no sample for news and blk.
PAGE_SIZES = {
    "v2017": (80_000, 130_000, 0.3),
    "v2014": (120_000, 155_000, 0.35),
    "news": (75_000, 130_000, 0.3),
    "blk": (40_000, 80_000, 0.3),
}
BODY_START = {
    "v2017": b'<div class="article" id="artibody">',
    "v2014": b'id="artibody"',
    "news": b'id="article">',
    "blk": b'id="artibody"',
}
# Each selects exactly one element (or none, for other eras' markers) on every page: the chrome adds none.
EXTRACTOR_SELECTORS = (
    "h1",
    "#artibody",
    "div.article#article",
    "h1.main-title",
    "h1#artibodyTitle",
    "span.time-source",
    ".date-source",
    "span.date",
    ".date",
    "span.source",
    "a.source",
    ".source",
    ".ent-source",
    "p.article-editor",
    "p.show_author",
    "section.art_content",
    "#pub_date",
    "#media_name",
    "time.weibo_time",
)


@pytest.fixture(scope="module")
def era_pages() -> dict[str, tuple[SimArticle, bytes]]:
    site = build_site(120, seed=1)
    return {era: (a := first_of(site.articles, era), pages.render(a, site)) for era in ERAS}


@pytest.mark.parametrize("era", ERAS)
def test_pages_have_the_size_and_layout_of_real_ones(era_pages, era: str) -> None:
    article, body = era_pages[era]
    low, high, before = PAGE_SIZES[era]
    assert low <= len(body) <= high
    assert body.index(BODY_START[era]) > before * len(body)
    page = Selector(text=body.decode(article.encoding))
    assert len(page.css("ins.sinaads")) >= 6 and len(page.css("a")) >= 150 and len(page.css("li")) >= 80
    inline_scripts = "".join(page.xpath("//script[not(@src)]/text()").getall())
    assert len(inline_scripts) >= 10_000 and len(page.css("style")) >= 1 and len(page.xpath("//comment()")) >= 10


@pytest.mark.parametrize("era", ERAS)
def test_chrome_adds_nothing_the_extractor_reads(era_pages, era: str) -> None:
    article, body = era_pages[era]
    text = body.decode(article.encoding)
    page = Selector(text=text)
    for selector in EXTRACTOR_SELECTORS:
        assert len(page.css(selector)) <= 1, selector
    assert text.count("责任编辑") == 1
    assert text.count("原始正文") == {"v2017": 2, "v2014": 2, "news": 0, "blk": 1}[era]
    names = page.xpath("//meta/@name | //meta/@property").getall()
    assert all(names.count(name) == 1 for name in names if name.startswith(("og:", "article:", "weibo:")))
    assert anti_bot_reason(page) is None


def test_article_less_pages_stay_no_body_pages_with_real_chrome() -> None:
    site = build_site(60, seed=1)
    article = first_of(site.articles, "v2017")
    text = pages.render_no_body(article, site)
    assert len(text) > 60_000 and 'id="artibody"' not in text and 'id="article"' not in text
    assert anti_bot_reason(Selector(text=text)) is None


def test_pages_are_the_same_bytes_for_the_same_site() -> None:
    first, second = build_site(60, seed=5), build_site(60, seed=5)
    for era in ERAS:
        one, other = first_of(first.articles, era), first_of(second.articles, era)
        assert pages.render(one, first) == pages.render(other, second)


def test_related_and_ranked_lists_link_the_sites_own_articles(era_pages) -> None:
    article, body = era_pages["v2017"]
    page = Selector(text=body.decode())
    urls = {f"https://{a.host}{a.path}" for a in build_site(120, seed=1).articles}
    related = page.css("#related_news ul.related-list a::attr(href)").getall()
    ranked = page.css("#most_read li a::attr(href)").getall()
    assert len(related) == 8 and set(related) <= urls and f"https://{article.host}{article.path}" not in related
    assert len(ranked) == 10 and set(ranked) <= urls


# --- request log and controls (each test gets its own simulator: these mutate) --------------------------------


def test_request_log_records_requests(tmp_path) -> None:
    log_file = tmp_path / "requests.jsonl"
    with run_simulator(build_site(30), log_path=log_file) as sim:
        roll(sim, num=5)
        fetch(f"{sim.base_url}/missing.shtml")
        log = sim.requests()
        assert [(e["method"], e["path"], e["status"]) for e in log] == [
            ("GET", "/api/roll/get", 200),
            ("GET", "/missing.shtml", 404),
        ]
        assert log[0]["query"] == "pageid=155&lid=1686&k=&num=5&page=1"
        assert log[0]["host"] == f"127.0.0.1:{sim.port}"
        assert fetch(f"{sim.base_url}/__sim__/requests").json() == log  # control paths are not logged
        assert [json.loads(line) for line in log_file.read_text().splitlines()] == log
        assert fetch(f"{sim.base_url}/__sim__/reset-log", method="POST").status == 200
        assert sim.requests() == []


def test_touch_bumps_mtime_and_changes_the_page() -> None:
    with run_simulator(build_site(30)) as sim:
        article = sim.site.listing(CHINA.lid)[0]
        before_mtime, before_page = article.mtime, fetch(sim.article_url(article)).body
        reply = fetch(f"{sim.base_url}/__sim__/touch?docid={article.doc_id}", method="POST")
        assert reply.json() == {"docid": article.doc_id, "mtime": before_mtime + 60}
        item = roll(sim).json()["result"]["data"][0]
        assert item["docid"] == f"comos:{article.doc_id}" and item["mtime"] == str(before_mtime + 60)
        after_page = fetch(sim.article_url(article)).body.decode()
        assert after_page != before_page.decode()
        assert article.paragraphs[-1].startswith("\u3000\u3000【更新】")
        assert f"<p>{article.paragraphs[-1]}</p>" in after_page
        assert sim.touch(article.doc_id).mtime == before_mtime + 120  # the Python API does the same
        assert fetch(f"{sim.base_url}/__sim__/touch?docid=nosuchid0000000", method="POST").status == 404


def test_add_publishes_newer_articles() -> None:
    with run_simulator(build_site(30)) as sim:
        newest = sim.site.articles[0].ctime
        reply = fetch(f"{sim.base_url}/__sim__/add?n=3", method="POST")
        added = reply.json()["added"]
        assert len(added) == 3 and len(sim.site) == 33
        assert [a["docid"] for a in added] == [a.doc_id for a in sim.site.articles[:3]]
        assert newest < added[2]["ctime"] < added[1]["ctime"] < added[0]["ctime"]
        fresh = sim.site.articles[0]
        channel = next(ch for ch in CHANNELS if ch.lid in fresh.lids)
        top = roll(sim, pageid=channel.pageid, lid=channel.lid).json()["result"]["data"][0]
        assert top["docid"] == f"comos:{fresh.doc_id}"
        assert [a.doc_id for a in sim.add(2)] == [a.doc_id for a in sim.site.articles[:2]]
        assert fetch(f"{sim.base_url}/__sim__/add?n=zero", method="POST").status == 400


# --- proxy mode ----------------------------------------------------------------------------------------------


def test_real_hosts_mode_serves_absolute_uri_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    with run_simulator(build_site(60), real_hosts=True) as sim:
        items = roll(sim).json()["result"]["data"]
        assert all(i["url"].startswith(("http://finance.sina.com.cn/", "http://news.sina.com.cn/")) for i in items)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": sim.base_url}))
        reply = fetch(items[0]["url"], opener=opener)
        assert reply.status == 200
        page = Selector(text=reply.body.decode(sim.site.get(items[0]["docid"][6:]).encoding))
        assert page.xpath('//meta[@name="publishid"]/@content').get() == items[0]["docid"][6:]
        last = sim.requests()[-1]
        assert last["host"] == items[0]["url"].split("/")[2] and last["status"] == 200
        robots = fetch("http://finance.sina.com.cn/robots.txt", opener=opener)
        assert robots.body.startswith(b"User-agent: *")


# --- the model -----------------------------------------------------------------------------------------------


def test_ten_thousand_article_site() -> None:
    site = build_site(10_000)
    articles = site.articles
    assert len(site) == len(articles) == 10_000
    assert len({a.doc_id for a in articles}) == 10_000
    assert all(len(a.doc_id) == 14 and a.doc_id[:7].isalpha() and a.doc_id[7:].isdigit() for a in articles)
    assert all(newer.ctime > older.ctime for newer, older in itertools.pairwise(articles))
    assert all(5 <= a.intime - a.ctime <= 15 and a.ctime < a.mtime < a.intime for a in articles)
    assert {a.era for a in articles} == set(ERAS)
    assert sum(len(site.listing(ch.lid)) for ch in CHANNELS) > 10_000  # cross-channel duplicates exist
    assert all(any(lid in a.lids for lid in (ch.lid for ch in CHANNELS)) for a in articles)


def test_site_is_deterministic() -> None:
    first, second, other = build_site(40, seed=5), build_site(40, seed=5), build_site(40, seed=6)
    assert [(a.doc_id, a.title, a.paragraphs) for a in first.articles] == [
        (a.doc_id, a.title, a.paragraphs) for a in second.articles
    ]
    assert [a.doc_id for a in first.articles] != [a.doc_id for a in other.articles]
    assert first.articles[0].ctime == 1790613243


def test_titles_cover_tricky_punctuation() -> None:
    titles = "".join(a.title for a in build_site(300).articles)
    for mark in ("“", "”", "：", "%", "《", "》", '"'):
        assert mark in titles


def test_word_lists_are_gbk_encodable() -> None:
    """blk pages are GBK bytes: a word GBK cannot hold would break the page text."""
    for name in dir(words):
        value = getattr(words, name)
        if isinstance(value, tuple):
            for entry in value:
                for text in entry if isinstance(entry, tuple) else (entry,):
                    text.encode("gbk")


# --- CLI -----------------------------------------------------------------------------------------------------


def test_cli_prints_the_crawl_command_and_stops_cleanly_on_ctrl_c() -> None:
    with simulator_cli("--port", "0", "--articles", "5") as cli:
        line = cli.process.stdout.readline()
        assert "http://127.0.0.1:" in line and "/api/roll/get" in line
        assert "scrapy crawl sina_finance -s SINAARCHIVE_ROLL_API=http://127.0.0.1:" in line
        assert "-s DOWNLOAD_DELAY=0" in line
    assert cli.process.returncode == 0
    assert "Traceback" not in cli.stderr


@pytest.mark.parametrize(
    ("stop", "sigint"),
    [(signal.SIGTERM, signal.SIG_DFL), (signal.SIGINT, signal.SIG_IGN), (signal.SIGTERM, signal.SIG_IGN)],
    ids=["kill", "ctrl-c-in-a-background-job", "kill-in-a-background-job"],
)
def test_cli_stops_cleanly_on_sigterm_and_on_sigint_it_started_ignoring(
    stop: signal.Signals, sigint: signal.Handlers
) -> None:
    """``kill`` (SIGTERM) stops it as Ctrl-C does; a shell starts a background job with SIGINT ignored, and the
    simulator still stops on it, so ``python -m sinasim &`` in a script can be stopped either way."""
    with simulator_cli("--port", "0", "--articles", "5", stop=stop, sigint=sigint) as cli:
        base = re.search(r"http://127\.0\.0\.1:\d+", cli.process.stdout.readline()).group(0)
        with urllib.request.urlopen(f"{base}/robots.txt", timeout=15) as response:
            assert response.status == 200
    assert cli.process.returncode == 0
    assert "Traceback" not in cli.stderr and "Sina simulator stopped." in cli.stderr


@pytest.mark.parametrize("args", [["--port", "abc"], ["--port", "70000"], ["--articles", "0"], ["--bogus"]])
def test_cli_rejects_bad_arguments_without_traceback(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sinasim", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr
