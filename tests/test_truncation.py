"""A page cut off in transit is recognised, so half an article is retried instead of archived."""

import pytest
from scrapy.http import HtmlResponse

from conftest import load_case
from sinaarchive.channels import DEFAULT_CHANNEL
from sinaarchive.parsing.article import NotAnArticle, parse_article
from sinaarchive.parsing.truncation import truncation_reason


def cut(response: HtmlResponse, marker: str) -> HtmlResponse:
    """The response with everything from ``marker`` on removed, as a close-delimited transfer cut short."""
    at = response.body.index(marker.encode("utf-8"))
    return response.replace(body=response.body[:at])


@pytest.mark.parametrize(
    ("case", "marker"),
    [
        ("v2017_2026_usstock", "<!-- 原始正文end -->"),  # the body's tail (QR block, editor) is there, its end is not
        ("v2017_2026_usstock", "<p>　　AI 服务器所用的高带宽内存"),  # cut mid-body
        ("v2014_2016_forex", "</body>"),  # only the closing tags are missing
    ],
)
def test_cut_pages_are_not_articles(case, marker):
    response, entry = load_case(case)
    with pytest.raises(NotAnArticle) as caught:
        parse_article(cut(response, marker), entry=entry, channel=DEFAULT_CHANNEL, crawled_at=None)
    assert caught.value.reason == "truncated"


@pytest.mark.parametrize(
    ("case", "template"),
    [
        ("v2017_2026_usstock", "v2017"),
        ("v2014_2016_forex", "v2014"),
        ("mobile_2005", "mobile"),
        ("blk_gbk_2012", "blk"),
        ("news_sina_2024", "news"),
    ],
)
def test_whole_pages_are_not_truncated(case, template):
    response, entry = load_case(case)
    assert truncation_reason(response.body, response.text, template) is None
    assert parse_article(response, entry=entry, channel=DEFAULT_CHANNEL, crawled_at=None).template == template


def test_mobile_pages_need_no_closing_html_tag():
    # The raw mobile sample ends with </script> and no </html>.
    assert truncation_reason(b"<html><body>...</script>", "<html><body>...</script>", "mobile") is None
    assert truncation_reason(b"<html><body>...</script>", "<html><body>...</script>", "v2017") == (
        "the page ends before </html>"
    )


OPENS_BUT_NEVER_CLOSES = "the article region opens but never closes"


@pytest.mark.parametrize(
    ("region", "reason"),
    [
        ("<!-- 原始正文begin --><p>x</p><!-- 原始正文end -->", None),
        ("<!--\n\t原始正文start\u3000--><p>x</p><!--原始正文end-->", None),  # 2016 pages say start
        ("<!-- 原始正文begin --><p>x</p>", OPENS_BUT_NEVER_CLOSES),
        ("<!-- 原始正文start --><p>x</p><!-- 原始正文 end -->", OPENS_BUT_NEVER_CLOSES),  # not the closer
        ("<!-- 原始正文end --><!-- 原始正文begin --><p>x</p>", None),  # a closer anywhere counts
        ("<p>x</p>", None),  # no region at all
        ("<!-x 原始正文begin --><p>x</p>", None),  # not a comment
        ("<!-- x原始正文begin --><p>x</p>", None),  # another comment
    ],
)
def test_a_page_whose_article_region_opens_and_never_closes_is_truncated(region, reason):
    text = f"<html><body>{region}</body></html>"
    assert truncation_reason(text.encode(), text, "v2017") == reason


@pytest.mark.parametrize(
    ("url", "head", "reason"),
    [
        # A desktop article page cut before its body: retried.
        (
            "https://finance.sina.com.cn/roll/2026-09-29/doc-ix.shtml",
            '<meta name="weibo: article:create_at" content="2026-09-29 08:00:00">',
            "truncated",
        ),
        (
            "https://news.sina.com.cn/c/2024-05-10/doc-ix.shtml",
            '<meta property="article:published_time" content="2024-05-10T08:00:00+08:00">',
            "truncated",
        ),
        # Nothing says it is an article: a page without a body, remembered as such.
        ("https://finance.sina.com.cn/roll/2026-09-29/doc-ix.shtml", "<title>视频直播_新浪财经</title>", "no_body"),
        # Mobile pages may end without </html> anyway.
        (
            "https://finance.sina.cn/2026-09-29/detail-ix.d.html",
            '<meta name="weibo: article:create_at" content="2026-09-29 08:00:00">',
            "no_body",
        ),
    ],
)
def test_a_page_without_body_and_end_is_truncated_only_if_it_declares_a_desktop_article(url, head, reason):
    body = f"<!DOCTYPE html><html><head>{head}</head><body><h1>标题</h1><div class='nav'><a href='/'>首页</a></div>".encode()
    response = HtmlResponse(url=url, body=body, encoding="utf-8")
    entry = load_case("v2017_2026_usstock")[1]
    with pytest.raises(NotAnArticle) as caught:
        parse_article(response, entry=entry, channel=DEFAULT_CHANNEL, crawled_at=None)
    assert caught.value.reason == reason
