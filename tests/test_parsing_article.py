"""Tests for ``sinaarchive.parsing.article`` (and its helpers): one saved page per template era and body structure,
field by field, then the fallbacks, the charset handling and the pages that are not articles."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from functools import cache

import pytest
from scrapy.http import HtmlResponse

from conftest import PAGES_DIR, load_case
from sinaarchive.channels import CHANNELS
from sinaarchive.items import Article, Image, RollEntry
from sinaarchive.parsing import fields, rawhtml
from sinaarchive.parsing.article import NotAnArticle, parse_article
from sinaarchive.parsing.page import element_test

CST = timezone(timedelta(hours=8))
CRAWLED_AT = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
CHANNEL = CHANNELS[0]  # 国内
QR_2026 = "655959900_20240627.png"
QR_2021 = "343233024.png"


def _parse(response: HtmlResponse, entry: RollEntry) -> Article:
    return parse_article(response, entry=entry, channel=CHANNEL, crawled_at=CRAWLED_AT)


@cache
def _article(case: str) -> Article:
    """Parsed once per case; tests only read it."""
    return _parse(*load_case(case))


def _k(path: str) -> str:
    return f"https://k.sinaimg.cn/n/spider20240510/{path}/w700d1q75cms.jpg?by=cms_fixed_width"


EXPECTED: dict[str, dict[str, object]] = {
    "v2017_2026_usstock": {
        "template": "v2017",
        "doc_id": "nitmeav9622448",
        "url": "https://finance.sina.com.cn/stock/usstock/c/2026-09-29/doc-initmeav9622448.shtml",
        "title": "财报前夕，美光“超级多头”重申2000美元目标价",
        "published_at": datetime(2026, 9, 29, 0, 34, 3, tzinfo=CST),
        "published_raw": "2026-09-29 00:34:03",
        "updated_at": datetime(2026, 9, 28, 16, 34, 8, tzinfo=UTC),  # roll mtime 1790613248
        "source_media": "环球市场播报",
        "editor": "郭明煜",
        "stock_codes": ["MSFT", "AMZN", "INTC", "JPM", "AMD", "SNDK", "MU"],
        "images": [
            Image(
                url="https://n.sinaimg.cn/finance/transform/65/w550h315/20260929/"
                "7305-c310438b6d80193947acc256273a3dbb.png",
                caption="",
            ),
        ],
    },
    "v2017_2026_blockquote": {
        "template": "v2017",
        "doc_id": "nitmeau2811260",
        "url": "https://finance.sina.com.cn/stock/usstock/c/2026-09-28/doc-initmeau2811260.shtml",
        "title": "奥多比预测今年美国假日季线上购物将创历史新高",
        "published_at": datetime(2026, 9, 28, 23, 20, 19, tzinfo=CST),
        "published_raw": "2026-09-28 23:20:19",
        "updated_at": datetime(2026, 9, 28, 15, 20, 26, tzinfo=UTC),
        "source_media": "环球市场播报",
        "editor": "郭明煜",
        "stock_codes": ["AMZN"],
        "images": [
            Image(
                url="https://n.sinaimg.cn/finance/transform/116/w550h366/20260928/"
                "cc08-30d3573cc035f46217e8e837997c47e5.png",
                caption="奥多比预计网络星期一仍将是本购物季线上消费规模最大的一天。",
            ),
        ],
    },
    "v2017_2018_roll": {
        "template": "v2017",
        "doc_id": "hqfskcn2160999",
        "url": "https://finance.sina.com.cn/roll/2018-12-28/doc-ihqfskcn2160999.shtml",
        "title": '60万"12306账号"外泄? 中铁总辟谣称消息不实',
        # create_at, not article:published_time (19:56:29, the update time)
        "published_at": datetime(2018, 12, 28, 19, 55, 10, tzinfo=CST),
        "published_raw": "2018-12-28 19:55:10",
        "updated_at": datetime(2018, 12, 28, 20, 19, 44, tzinfo=CST),  # mtime 0: weibo: article:update_at
        "source_media": "新京报",
        "editor": "霍琦",
        "stock_codes": [],
        "images": [],
    },
    "reference_2021_guonei": {
        "template": "v2017",
        "doc_id": "kqcfnca7168217",
        "url": "https://finance.sina.com.cn/china/2021-07-16/doc-ikqcfnca7168217.shtml",
        "title": "工信部：“十四五”及中长期的工业和信息化发展规划将在下半年陆续出台",
        "published_at": datetime(2021, 7, 16, 2, 42, 50, tzinfo=UTC),
        "published_raw": "2021-07-16 10:42:50",
        "updated_at": datetime(2021, 7, 16, 2, 42, 56, tzinfo=UTC),
        "source_media": "新浪财经",
        "editor": "王珊珊",
        "stock_codes": [],
        "images": [],  # only the app QR, which is not an article image
    },
    "v2014_2016_forex": {
        "template": "v2014",
        "doc_id": "fxsktkp9337164",
        "url": "http://finance.sina.com.cn/money/forex/forexroll/2016-05-25/doc-ifxsktkp9337164.shtml",
        "title": "人民币中间价创逾五年新低 做市商称符合预期",
        "published_at": datetime(2016, 5, 25, 10, 10, 19, tzinfo=CST),
        "published_raw": "2016-05-25 10:10:19",
        "updated_at": datetime(2016, 5, 25, 2, 10, 26, tzinfo=UTC),
        "source_media": "新浪财经",
        "editor": "支全明 SF099",
        "stock_codes": [],
        "images": [],  # the image.sinajs.cn quote chart is not content
    },
    "blk_gbk_2012": {
        "template": "blk",
        "doc_id": "fyksqiq1592391",
        "url": "http://finance.sina.com.cn/stock/marketresearch/20120315/093311592391.shtml",
        "title": "券商分析师张喆：银行股估值修复行情有望延续",
        "published_at": datetime(2012, 3, 15, 9, 33, tzinfo=CST),  # no meta, ctime 0: #pub_date
        "published_raw": "2012年03月15日09:33",
        "updated_at": None,
        "source_media": "中国证券报",  # #media_name, not the entry's 中证网
        "editor": "王静 SF011",
        "stock_codes": ["sh600000", "sh601398"],
        "images": [
            Image(
                url="https://i1.sinaimg.cn/cj/2012/0315/U5619P31T1D11592391F21DT20120315093311.jpg",
                caption="银行营业厅（资料图）",
            ),
        ],
    },
    "news_sina_2024": {
        "template": "news",
        "doc_id": "nausehc2630922",
        "url": "https://news.sina.com.cn/c/2024-05-10/doc-inausehc2630922.shtml",
        "title": "城市有轨电车之困：一边争相上马，一边接连叫停",
        "published_at": datetime(2024, 5, 10, 0, 26, 45, tzinfo=CST),  # not published_time 05:54:20
        "published_raw": "2024-05-10 00:26:45",
        "updated_at": datetime(2024, 5, 9, 21, 54, 19, tzinfo=UTC),
        "source_media": "每日经济新闻",
        "editor": "刘德宾",
        "stock_codes": [],
        "images": [
            Image(url=_k("398/w1080h918/20240510/6c87-7834b477c2ddb6987f077265e60f3fc2.jpg"), caption=""),
            Image(
                url=_k("1/w956h645/20240510/7bc4-3a49e89d599d74e410728c5dbb9c5367.png"),
                caption="图片来源：城市轨道交通2023年度统计和分析报告",
            ),
            Image(
                url=_k("783/w950h633/20240510/a997-2ceac77964fb743059d43577515a67fa.jpg"),
                caption="天水有轨电车 图片来源：天水融媒",
            ),
            Image(url=_k("733/w1000h1333/20240510/af82-a8d44ae19352019f64824054a7ff997b.jpg"), caption=""),
        ],
    },
    "mobile_2005": {
        "template": "mobile",
        "doc_id": "kknscsi2623250",
        "url": "https://finance.sina.cn/sa/2005-08-26/detail-ikknscsi2623250.d.html",
        "title": "创业环保第一季度报告会计差错的提示性公告",
        "published_at": datetime(2005, 8, 26, 5, 39, tzinfo=CST),  # time.weibo_time
        "published_raw": "2005.08.26 05:39",
        "updated_at": None,
        "source_media": "上海证券报网络版",
        "editor": "",
        "stock_codes": [],
        "images": [],  # the hidden #wx_pic share thumbnail is not content
    },
}

# (first paragraph, last paragraph, editor line) that body_html must keep.
BODY_TEXT: dict[str, tuple[str, str, str]] = {
    "v2017_2026_usstock": ("在看多存储芯片股", "这也是未来需求预期上修的重要来源。”", "责任编辑：郭明煜"),
    "v2017_2026_blockquote": ("奥多比数据分析部门预计", "覆盖 18 个产品大类。", "责任编辑：郭明煜"),
    "v2017_2018_roll": ("新京报快讯（记者 裴剑飞）", "避免非正常渠道购票带来的风险。", "责任编辑：霍琦"),
    "reference_2021_guonei": (
        "国务院新闻办公室定于2021年7月16日",
        "采取有力措施去推动。谢谢。",
        "责任编辑：王珊珊",
    ),
    "v2014_2016_forex": ("新浪财经讯 5月25日上午消息", "报6.7493元。", "责任编辑：支全明 SF099"),
    "blk_gbk_2012": ("本报记者 李玥", "仍是银行业稳健经营的基础。", "责任编辑：王静 SF011"),
    "news_sina_2024": ("建设4年、运营3年", "日均客流量约3.47万人次。", "责任编辑：刘德宾"),
    "mobile_2005": ("天津创业环保股份有限公司", "2005年8月25日（来源：上海证券报）", ""),
}

CASES = sorted(EXPECTED)
FIELDS = sorted({name for expected in EXPECTED.values() for name in expected})


def test_every_fixture_folder_has_expectations():
    assert sorted(path.name for path in PAGES_DIR.iterdir() if path.is_dir()) == CASES == sorted(BODY_TEXT)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("case", CASES)
def test_field(case, field):
    assert getattr(_article(case), field) == EXPECTED[case][field]


@pytest.mark.parametrize("case", CASES)
def test_times_are_timezone_aware(case):
    article = _article(case)
    assert article.published_at.utcoffset() is not None
    assert article.updated_at is None or article.updated_at.utcoffset() is not None


@pytest.mark.parametrize("case", CASES)
def test_body_html_keeps_first_and_last_paragraph_and_editor_line(case):
    first, last, editor_line = BODY_TEXT[case]
    html = _article(case).body_html
    assert first in html
    assert last in html
    assert editor_line in html
    assert html.index(first) < html.index(last)


@pytest.mark.parametrize("case", CASES)
def test_channel_and_crawl_time_are_passed_through(case):
    article = _article(case)
    assert article.channel == "国内"
    assert article.categories == ["金融", "新浪财经", "新浪财经\uff0d国\u5167"]  # 內 as in the reference
    assert article.crawled_at == CRAWLED_AT
    assert article.clean_html == ""


def test_body_html_is_the_raw_source():
    """Unquoted stock-link attributes and the QR <style> survive byte for byte (cleaning is not our job)."""
    html = _article("v2017_2026_usstock").body_html
    assert (
        '<span id=usstock_MU><a href=https://stock.finance.sina.com.cn/usstock/quotes/MU.html class="keyword"' in html
    )
    assert "<!-- news_keyword_pub,usstock,MSFT&AMZN&INTC&JPM&AMD&SNDK&MU -->" in html
    assert QR_2026 in html
    assert ".appendQr_wrap{border:1px solid #E6E6E6;padding:8px;}" in html
    assert "article-bottom" not in html
    assert "main-title" not in html
    assert "&nbsp;</p>" in _article("v2017_2026_blockquote").body_html


def test_blockquote_summary_is_kept_in_body():
    html = _article("v2017_2026_blockquote").body_html
    assert "<blockquote class='fin_reference'>\n<p>内容摘要：奥多比数据分析部门预测" in html


def test_reference_post_body_is_artibody_inner_html():
    article = _article("reference_2021_guonei")
    assert article.body_html.startswith("<p>　　国务院新闻办公室定于2021年7月16日（星期五）上午10时举行新闻发布会")
    assert article.body_html.endswith('<p class="article-editor">责任编辑：王珊珊 </p>\n<!-- 编辑姓名及工作代码-->\n\n')
    assert QR_2021 in article.body_html
    assert format_datetime(article.published_at.astimezone(UTC), usegmt=True) == "Fri, 16 Jul 2021 02:42:50 GMT"


def test_v2014_editor_paragraph_outside_body_is_appended():
    html = _article("v2014_2016_forex").body_html
    assert html.endswith('\n<p class="article-editor">责任编辑：支全明 SF099</p>')
    assert html.count("责任编辑") == 1
    assert "fin_art_weixin" not in html  # the block after the editor stays out


def test_news_editor_inside_body_is_not_duplicated():
    assert _article("news_sina_2024").body_html.count("责任编辑") == 1


def test_news_editor_moved_outside_body_is_appended():
    move = (
        r'(?s)(<p class="show_author">责任编辑：刘德宾 </p>)(.*?</div>)(\s*<!-- t id="news_web_article_v2017_fold")',
        r"\2\n\1\3",
    )
    response, entry = _variant("news_sina_2024", move)
    assert response.css("div#article p.show_author") == []
    article = _parse(response, entry)
    assert article.editor == "刘德宾"
    assert article.body_html.endswith('\n<p class="show_author">责任编辑：刘德宾 </p>')


# --- fallbacks --------------------------------------------------------------------------------------------------


def _variant(case: str, *subs: tuple[str, str], **entry_changes) -> tuple[HtmlResponse, RollEntry]:
    """Case ``case`` with regex substitutions applied to its text and fields of its entry replaced."""
    response, entry = load_case(case)
    text = response.text
    for pattern, replacement in subs:
        text, count = re.subn(pattern, replacement, text)
        assert count, f"{pattern!r} not found in {case}"
    changed = response.replace(body=text.encode(response.encoding))
    return changed, dataclasses.replace(entry, **entry_changes)


NO_H1 = {
    "v2017_2026_usstock": r'<h1 class="main-title">.*?</h1>',
    "v2014_2016_forex": r'<h1 id="artibodyTitle".*?</h1>',
    "news_sina_2024": r'<h1 class="main-title">.*?</h1>',
    "mobile_2005": r'<h1 class="art_tit_h1">.*?</h1>',
    "blk_gbk_2012": r'<h1 id="artibodyTitle">.*?</h1>',
}


@pytest.mark.parametrize("case", sorted(NO_H1))
def test_title_falls_back_to_roll_title(case):
    article = _parse(*_variant(case, (NO_H1[case], ""), title="  列表\t标题\n　"))
    assert article.title == "列表 标题"


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("v2017_2026_usstock", "财报前夕，美光“超级多头”重申2000美元目标价"),  # _新浪财经_新浪网
        ("v2014_2016_forex", "人民币中间价创逾五年新低 做市商称符合预期"),  # |金融改革|黄益平|离岸人民币 too
        ("news_sina_2024", "城市有轨电车之困：一边争相上马，一边接连叫停"),  # |keywords_新浪新闻
        ("mobile_2005", "创业环保第一季度报告会计差错的提示性公告"),  # _手机新浪网
        ("blk_gbk_2012", "券商分析师张喆：银行股估值修复行情有望延续"),
    ],
)
def test_title_falls_back_to_head_title_without_suffix(case, expected):
    assert _parse(*_variant(case, (NO_H1[case], ""), title="")).title == expected


def test_title_keeps_a_bar_that_is_not_a_keyword():
    sub = (r"<title>.*?</title>", "<title>甲｜乙|丙_新浪财经_新浪网</title>")
    article = _parse(*_variant("v2017_2018_roll", (NO_H1["v2017_2026_usstock"], ""), sub, title=""))
    assert article.title == "甲｜乙|丙"


def test_title_whitespace_and_control_characters_are_normalised():
    sub = (
        r'<h1 class="main-title">.*?</h1>',
        '<h1 class="main-title">\n\t　A股\x07  <font>收涨</font>\u3000\x85</h1>',
    )
    assert _parse(*_variant("v2017_2018_roll", sub)).title == "A股 收涨"


def test_a_roll_title_with_a_lone_surrogate_still_makes_a_writable_title():
    # json.loads accepts "\ud800"; UTF-8 cannot encode it, so it would break the post write.
    article = _parse(*_variant("v2017_2026_usstock", (NO_H1["v2017_2026_usstock"], ""), title="财报\ud800前夕\x00"))
    assert article.title == "财报前夕"
    article.title.encode("utf-8")


CREATE_AT = r'<meta name="weibo: article:create_at" content="[^"]*" ?/?>'
VISIBLE_DATE = r'<span class="date">[^<]*</span>'
PUBLISHED_TIME = r'<meta property="article:published_time" content="[^"]*" ?/?>'
OTHER_CTIME = 1545998000  # 2018-12-28 19:53:20 CST: differs from the page's 19:55:10


def test_published_at_prefers_create_at_over_ctime():
    article = _parse(*_variant("v2017_2018_roll", ctime=OTHER_CTIME))
    assert article.published_at == datetime(2018, 12, 28, 19, 55, 10, tzinfo=CST)


def test_published_at_falls_back_to_ctime():
    article = _parse(*_variant("v2017_2018_roll", (CREATE_AT, ""), ctime=OTHER_CTIME))
    assert article.published_at == datetime(2018, 12, 28, 19, 53, 20, tzinfo=CST)
    assert article.published_raw == str(OTHER_CTIME)


def test_published_at_falls_back_to_visible_date_before_published_time():
    article = _parse(*_variant("v2017_2018_roll", (CREATE_AT, ""), ctime=0))
    assert article.published_at == datetime(2018, 12, 28, 19, 55, tzinfo=CST)  # published_time says 19:56:29
    assert article.published_raw == "2018年12月28日 19:55"


def test_published_at_falls_back_to_published_time_last():
    article = _parse(*_variant("v2017_2018_roll", (CREATE_AT, ""), (VISIBLE_DATE, ""), ctime=0))
    assert article.published_at == datetime(2018, 12, 28, 19, 56, 29, tzinfo=CST)
    assert article.published_raw == "2018-12-28T19:56:29+08:00"


def test_no_date_at_all_is_not_an_article():
    variant = _variant("v2017_2018_roll", (CREATE_AT, ""), (VISIBLE_DATE, ""), (PUBLISHED_TIME, ""), ctime=0)
    with pytest.raises(NotAnArticle) as caught:
        _parse(*variant)
    assert caught.value.reason == "no_date"


def test_v2014_visible_date_and_linked_source():
    time_source = (
        r'(?s)<span class="time-source">.*?</span>',
        (
            '<span class="time-source">2015年11月07日17:29 <span data-sudaclick="media_name">'
            '<a href="http://www.cs.com.cn/" target="_blank">中国证券报</a></span></span>'
        ),
    )
    drop_author = (r'<meta property="article:author" content="[^"]*" />', "")
    article = _parse(*_variant("v2014_2016_forex", (CREATE_AT, ""), time_source, drop_author, ctime=0))
    assert article.published_at == datetime(2015, 11, 7, 17, 29, tzinfo=CST)
    assert article.source_media == "中国证券报"


def test_source_falls_back_to_visible_source_then_roll_media_name():
    drop_author = (r'<meta property="article:author" content="[^"]*" />', "")
    article = _parse(*_variant("v2017_2018_roll", drop_author, media_name="roll 媒体"))
    assert article.source_media == "新京报"  # a.source.ent-source
    drop_source = (r'<a href="http://www.bjnews[^>]*>新京报</a>', "")
    assert (
        _parse(*_variant("v2017_2018_roll", drop_author, drop_source, media_name="roll 媒体")).source_media
        == "roll 媒体"
    )


def test_updated_at_none_without_mtime_or_update_at():
    drop_update = (r'<meta name="weibo: article:update_at" content="[^"]*">', "")
    assert _parse(*_variant("v2017_2018_roll", drop_update)).updated_at is None


def test_canonical_url_ignores_a_foreign_og_url():
    foreign = (
        r'<meta property="og:url" content="[^"]*">',
        '<meta property="og:url" content="https://example.com/x">',
    )
    response, entry = _variant("v2017_2018_roll", foreign)
    assert _parse(response, entry).url == entry.url


def test_editor_found_in_body_text_without_editor_paragraph():
    sub = (r'<p class="article-editor">责任编辑：霍琦 </p>', "<p>　　（责任编辑：李四 SF001）</p>")
    assert _parse(*_variant("v2017_2018_roll", sub)).editor == "李四 SF001"


# --- charsets: pre-2014 pages are GBK under a gb2312 label ----------------------------------------------------

GB2312_META = b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />\n'


def test_gbk_page_with_gb2312_meta_and_no_header_charset_decodes():
    response, entry = load_case("blk_gbk_2012")
    assert GB2312_META in response.body
    assert response.headers[b"Content-Type"] == b"text/html"
    assert response.encoding == "gb18030"  # Scrapy/w3lib read gb2312 as its superset gb18030
    article = _parse(response, entry)
    assert "张喆" in article.title  # 喆 is GBK, not GB2312
    assert "朱镕基时代确立的审慎监管框架" in article.body_html


@pytest.mark.parametrize("header", ["text/html; charset=gb2312", "text/html; charset=GBK", "text/html;charset=GB18030"])
def test_gbk_page_with_charset_only_in_http_header_decodes(header):
    response, entry = load_case("blk_gbk_2012")
    body = response.body.replace(GB2312_META, b"")
    assert b"charset" not in body
    article = _parse(HtmlResponse(url=response.url, body=body, headers={"Content-Type": header}), entry)
    assert article.title == "券商分析师张喆：银行股估值修复行情有望延续"
    assert article.source_media == "中国证券报"


# --- pages that are not articles ---------------------------------------------------------------------------------


def _response(html: str, url: str = "https://finance.sina.com.cn/roll/2026-09-29/doc-ixxxxxxx0000000.shtml"):
    return HtmlResponse(url=url, body=html.encode("utf-8"), headers={"Content-Type": "text/html; charset=utf-8"})


def _reason(response: HtmlResponse, entry: RollEntry | None = None) -> str:
    entry = entry or RollEntry(doc_id="xxxxxxx0000000", url=response.url, ctime=1790613243)
    with pytest.raises(NotAnArticle) as caught:
        _parse(response, entry)
    assert "/" not in caught.value.reason
    return caught.value.reason


def test_page_without_body_container_is_no_body():
    assert _reason(*_variant("v2017_2026_usstock", (r'id="artibody"', 'id="somethingelse"'))) == "no_body"


def test_body_with_only_placeholders_qr_and_editor_is_empty_body():
    paragraphs = (r"(?s)(<!-- 相关专题top start-->).*?(<!-- news_keyword_pub)", r"\1\n\2")
    assert _reason(*_variant("v2017_2026_usstock", paragraphs)) == "empty_body"


def test_body_with_an_image_only_is_an_article():
    paragraphs = (
        r"(?s)(<!-- 行情图end -->).*?(<!-- news_keyword_pub)",
        r'\1<img src="//n.sinaimg.cn/a.jpg">\2',
    )
    article = _parse(*_variant("v2017_2026_usstock", paragraphs))
    assert article.images == [Image(url="https://n.sinaimg.cn/a.jpg")]


ANTI_BOT_PAGES = {
    "captcha": "<html><head><title>新浪财经</title></head><body><form action='/verify'><p>请输入验证码</p>"
    "<img src='/captcha.png'><input name='code'></form></body></html>",
    "rate_limit": "<html><body><p>您的访问过于频繁，请稍后再试。</p></body></html>",
    "visitor_system": "<html><head><title>Sina Visitor System</title></head><body><script>incarnate()</script></body></html>",
    "login_form": "<html><head><title>新浪通行证</title></head><body><form action='https://login.sina.com.cn/sso/login.php'>"
    "<input name='username'><input name='password' type='password'></form></body></html>",
    "short_stub": "<html><body><p>Access denied.</p></body></html>",
}


@pytest.mark.parametrize("name", sorted(ANTI_BOT_PAGES))
def test_challenge_and_login_pages_are_anti_bot(name):
    assert _reason(_response(ANTI_BOT_PAGES[name])) == "anti_bot"


def test_article_about_captchas_is_still_an_article():
    sub = ("在看多存储芯片股", "验证码访问过于频繁的报道。在看多存储芯片股")
    assert _parse(*_variant("v2017_2026_usstock", sub)).template == "v2017"


def test_page_with_article_markers_but_no_body_is_no_body_even_when_short():
    html = '<html><head><meta name="weibo: article:create_at" content="2026-09-29 00:34:03"></head><body><h1>x</h1></body></html>'
    assert _reason(_response(html)) == "no_body"


# --- body images and small helpers ------------------------------------------------------------------------------

PAGE_URL = "http://finance.sina.com.cn/china/20120315/093311592391.shtml"


def _body_images(inner: str) -> list[Image]:
    html = (
        f'<html><head><meta name="weibo: article:create_at" content="2012-03-15 09:33:11"></head><body>'
        f'<h1 class="main-title">t</h1><div class="article" id="artibody"><p>正文</p>{inner}</div></body></html>'
    )
    return _parse(_response(html, PAGE_URL), RollEntry(doc_id="x", url=PAGE_URL)).images


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        (
            '<div class="img_wrapper"><img src="//n.sinaimg.cn/a.png" alt="替代"><span class="img_descr"> 图注 </span></div>',
            [Image(url="https://n.sinaimg.cn/a.png", caption="图注")],
        ),
        (
            '<div class="img_wrapper"><img src="//n.sinaimg.cn/a.png" alt=" 替代 "><span class="img_descr"></span></div>',
            [Image(url="https://n.sinaimg.cn/a.png", caption="替代")],
        ),
        ('<img src="/cj/2012/a.jpg">', [Image(url="http://finance.sina.com.cn/cj/2012/a.jpg")]),
        ('<img src="http://www.sinaimg.cn/cj/a.jpg">', [Image(url="https://www.sinaimg.cn/cj/a.jpg")]),
        (
            '<div class="clearfix appendQr_wrap"><div class="appendQr_normal"><img src="//n.sinaimg.cn/qr.png"></div></div>',
            [],
        ),
        ('<div class="app-kaihu-qr"><img src="//n.sinaimg.cn/kaihu.png"></div>', []),
        ('<p class="finance_app_sina"><img src="//n.sinaimg.cn/app.png"></p>', []),
        (
            '<div class="ct_hqimg"><img src="http://image.sinajs.cn/newchart/v5/forex/k/day6/USDCNH.png"></div>',
            [],
        ),
        ('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">', []),
        ("<!-- <img src='//n.sinaimg.cn/in-comment.png'> -->", []),
        # What cleaning drops is no article image either: a tracking pixel, a quote filled in by a browser.
        ('<noscript><img src="https://beacon.sina.com.cn/a.gif?noScript"></noscript>', []),
        ('<span id="quote_MU"><img src="//n.sinaimg.cn/quote.png"></span>', []),
    ],
    ids=[
        "descr",
        "alt",
        "relative",
        "http-sinaimg",
        "qr",
        "kaihu",
        "finance-app",
        "quote-chart",
        "data-uri",
        "comment",
        "noscript",
        "quote",
    ],
)
def test_body_images(inner, expected):
    assert _body_images(inner) == expected


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("http://n.sinaimg.cn/a.jpg", "https://n.sinaimg.cn/a.jpg"),  # Sina's image hosts all serve https
        ("http://sinaimg.cn/a.jpg", "https://sinaimg.cn/a.jpg"),
        ("http://fakesinaimg.cn/a.jpg", "http://fakesinaimg.cn/a.jpg"),  # a host that only ends like them
        ("http://n.sinaimg.cn.example.com/a.jpg", "http://n.sinaimg.cn.example.com/a.jpg"),
        ("//fakesinaimg.cn/a.jpg", "https://fakesinaimg.cn/a.jpg"),  # protocol-relative: https for any host
        ("/a.jpg", "http://finance.sina.com.cn/a.jpg"),
    ],
)
def test_absolute_image_url(src, expected):
    assert fields.absolute_image_url(src, PAGE_URL) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-09-29 00:34:03", datetime(2026, 9, 29, 0, 34, 3, tzinfo=CST)),
        ("2026年09月29日 00:34", datetime(2026, 9, 29, 0, 34, tzinfo=CST)),
        ("2016年05月25日10:10 \n新浪财经", datetime(2016, 5, 25, 10, 10, tzinfo=CST)),
        ("2005.08.26 05:39", datetime(2005, 8, 26, 5, 39, tzinfo=CST)),
        ("2026-09-29T00:34:03+08:00", datetime(2026, 9, 29, 0, 34, 3, tzinfo=CST)),
        ("2026-09-28T16:34:03Z", datetime(2026, 9, 29, 0, 34, 3, tzinfo=CST)),
        ("2012年3月5日", datetime(2012, 3, 5, tzinfo=CST)),
        ("", None),
        ("新浪财经", None),
        ("2026年13月40日", None),
    ],
)
def test_parse_beijing(raw, expected):
    assert fields.parse_beijing(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("责任编辑：郭明煜 ", "郭明煜"),
        ("责任编辑：支全明 SF099", "支全明 SF099"),
        ("（责任编辑：王静　SF011）其后", "王静 SF011"),
        ("责任编辑:Li Si\n下一段", "Li Si"),
        ("编辑：无", ""),
    ],
)
def test_editor_from_text(text, expected):
    assert fields.editor_from_text(text) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>x</p><!-- news_keyword_pub,usstock,MSFT&AMZN -->", ["MSFT", "AMZN"]),
        ("<!-- news_keyword_pub,stock,sz300036&sz300053 -->", ["sz300036", "sz300053"]),
        ("<!-- news_keyword_pub,stock, -->", []),
        ("<p>no comment</p>", []),
    ],
)
def test_stock_codes(html, expected):
    assert fields.stock_codes(html) == expected


def test_rawhtml_falls_back_to_serialisation_when_tags_do_not_balance():
    response = _response("<html><body><div id=a><p>x&nbsp;y</p></body></html>")
    node = response.css("div#a")[0].root
    assert rawhtml.inner_html(response.text, node) == "<p>x\xa0y</p>"


@pytest.mark.parametrize(
    ("inner", "after"),
    [
        ("<!-- <div> --><script>var s='</div>';</script><div class=b>y</div>z", "<div>after</div>"),
        ("<style>p:after{content:'</div>'}</style><DIV>x</DIV >", ""),  # tag names in any case
        ("<div/>x<div class=b>y</div>", ""),  # a self-closing tag neither opens nor closes
        ("<p title='a>b'>x</p>", "<!-- </div> -->"),
    ],
)
def test_rawhtml_cuts_the_inner_html_between_the_matching_tags(inner, after):
    page = f"<html><body><!-- <div id=a>decoy</div> --><div id=a>{inner}</div>{after}</body></html>"
    response = _response(page)
    assert rawhtml.inner_html(response.text, response.css("div#a")[0].root) == inner


def test_rawhtml_outer_html_keeps_the_elements_own_tags():
    page = "<html><body><div id=a><p class='x y'>one</p></div><p class='x y'>two</p></body></html>"
    response = _response(page)
    assert rawhtml.outer_html(response.text, response.css("p.y")[0].root) == "<p class='x y'>one</p>"


def test_the_body_is_found_in_the_source_past_decoys_in_scripts_and_comments():
    head = (
        '<html><head><meta name="weibo: article:create_at" content="2026-09-29 00:34:03">'
        '<script>var box = \'<div class="article" id="artibody">decoy</div>\';</script></head><body>'
        '<h1 class="main-title">标题</h1><!-- <div class="article" id="artibody">old</div> -->'
    )
    region = '<!-- 原始正文begin -->\n<div class="article" id="artibody"><p>正文</p></div>\n<!-- 原始正文end -->'
    without_opener = region.split("\n", 1)[1].replace("<!-- 原始正文end -->", "")
    for page in (head + region + "</body></html>", head + without_opener + "</body></html>"):
        article = _parse(_response(page), RollEntry(doc_id="x", url="https://finance.sina.com.cn/x.shtml"))
        assert article.body_html == "<p>正文</p>"


def test_what_follows_a_stray_closing_html_tag_is_still_read():
    # libxml2 puts what follows </html> beside the <html> element, not inside it.
    page = (
        '<html><head><meta name="weibo: article:create_at" content="2026-09-29 00:34:03"></head><body>'
        '<h1 class="main-title">标题</h1></body></html>'
        '<div class="article" id="artibody"><p>正文</p></div><p class="article-editor">责任编辑：张三</p>'
    )
    article = _parse(_response(page), RollEntry(doc_id="x", url="https://finance.sina.com.cn/x.shtml"))
    assert (article.template, article.title, article.editor) == ("v2017", "标题", "张三")
    assert article.body_html == '<p>正文</p>\n<p class="article-editor">责任编辑：张三</p>'  # the editor line after it


def test_a_body_id_on_an_earlier_element_of_another_tag_does_not_hide_the_body():
    page = (
        '<html><head><meta name="weibo: article:create_at" content="2026-09-29 00:34:03"></head><body>'
        '<p id="artibody">导航</p><div id="artibody"><p>正文</p></div></body></html>'
    )
    article = _parse(_response(page), RollEntry(doc_id="x", url="https://finance.sina.com.cn/x.shtml"))
    assert (article.template, article.body_html) == ("v2017", "<p>正文</p>")


def test_a_meta_gives_its_first_non_empty_content_under_its_name_or_property():
    head = (
        '<meta name="weibo: article:create_at" content="2026-09-29 00:34:03">'
        '<meta name="article:author" property="article:author" content=" ">'
        '<meta property="article:author" content=" 中国证券报 "><meta name="article:author" content="新浪财经">'
    )
    page = f'<html><head>{head}</head><body><div id="artibody"><p>正文</p></div></body></html>'
    article = _parse(_response(page), RollEntry(doc_id="x", url="https://finance.sina.com.cn/x.shtml"))
    assert article.source_media == "中国证券报"


@pytest.mark.parametrize("body", [b"", b"  \n", b"<!-- only a comment -->"])
def test_an_empty_page_is_not_an_article(body):
    response = HtmlResponse(url="https://finance.sina.com.cn/x.shtml", body=body, encoding="utf-8")
    assert _reason(response) == "anti_bot"  # a short page with no article markers


def test_an_element_test_refuses_a_selector_whose_match_an_element_alone_cannot_decide():
    # Non-content containers are recognised element by element; a cleaning rule with a combinator must fail loudly.
    with pytest.raises(ValueError, match="combinators"):
        element_test(".appendQr_wrap img")
