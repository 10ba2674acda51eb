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
    "case", ["v2017_2026_usstock", "v2014_2016_forex", "mobile_2005", "blk_gbk_2012", "news_sina_2024"]
)
def test_whole_pages_are_not_truncated(case):
    response, entry = load_case(case)
    assert parse_article(response, entry=entry, channel=DEFAULT_CHANNEL, crawled_at=None).body_html


def test_mobile_pages_need_no_closing_html_tag():
    # The raw mobile sample ends with </script> and no </html>.
    assert truncation_reason(b"<html><body>...</script>", "<html><body>...</script>", "mobile") is None
    assert truncation_reason(b"<html><body>...</script>", "<html><body>...</script>", "v2017") is not None


def test_region_comments_are_found_as_searching_for_both_comments_finds_them():
    # The scan for the region comments jumps from one "原" to the next; it must find what the two regular
    # expressions it replaced find, whitespace, near misses and repeats included.
    import random
    import re

    from sinaarchive.parsing.region import region_comments

    opener = re.compile(r"<!--\s*原始正文(?:begin|start)\s*-->")
    closer = re.compile(r"<!--\s*原始正文end\s*-->")
    pieces = [
        "<!--",
        "-->",
        " ",
        "\n",
        "\u3000",
        "原",
        "原始正文",
        "begin",
        "end",
        "<",
        "<!--原始正文begin-->",
        "<!-- 原始正文end -->",
        "<!--\n\t原始正文start\u3000-->",
        "<!-- 原始正文end-->",
        "<!-原始正文begin-->",
        "<!--原始正文begi-->",
        "<!-- x原始正文end -->",
        "原始正文start -->",
        "<!--原始正文 end-->",
    ]
    rng = random.Random(3)  # noqa: S311 (test data, not secrets)
    seen = set()
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        expected = (bool(opener.search(text)), bool(closer.search(text)))
        found = region_comments(text)
        assert (found.opener_at is not None, found.closed) == expected, text
        if found.opener_at is not None:
            assert found.opener_at == opener.search(text).start(), text
        seen.add(expected)
    assert seen == {(False, False), (True, False), (False, True), (True, True)}  # every outcome was tried


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
