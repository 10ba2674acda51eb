"""Whole ``#artibody`` bodies, one per template era, cleaned (trafilatura ``realworld_tests`` style).

The bodies under ``tests/fixtures/cleaning/<case>.body.html`` are hand-written reproductions of real structures
(2026 raw SSR, a 2026 body with an editor's summary, 2021–22 RSSHub-era bodies, a 2016 raw page, a 2018
browser-saved page). Each case gets present/absent asserts and a byte comparison with ``<case>.expected.html``.

Tests never rewrite the expected files. After a deliberate rule change, refresh them and review the diff::

    python tests/test_cleaning_pages.py --update && git diff tests/fixtures/cleaning
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from sinaarchive.cleaning.html import clean_body

FIXTURES = Path(__file__).parent / "fixtures" / "cleaning"

# case -> (article URL, strings that must survive, strings that must be gone)
CASES = {
    "artibody_2026_usstock": (
        "https://finance.sina.com.cn/stock/usstock/c/2026-09-29/doc-initmeav9622448.shtml",
        [
            '<p><a href="https://finance.sina.com.cn/zt_d/subject-1784038791">专题：聚焦美股2026年第二季度财报</a></p>',
            '<p>　　在看多存储芯片股<a href="https://stock.finance.sina.com.cn/usstock/quotes/MU.html">美光</a>科技',
            "<strong>超级多头</strong>",
            "分析师权杰伊表示：“未来两年供需缺口仍将延续。”</p>",  # the last paragraph
            '<p class="article-editor">责任编辑：郭明煜</p>',
        ],
        [
            "海量资讯、精准解读",
            "655959900",
            "appendQr",
            "quote_",
            "keyword",
            "target=",
            "news_keyword_pub",
            "img_descr",
        ],
    ),
    "artibody_2026_fin_reference": (
        "https://finance.sina.com.cn/stock/usstock/c/2026-09-28/doc-initmeau2811260.shtml",
        [
            "<p>　　奥多比数据分析部门预计：11 月 1 日‑12 月 31 日美国线上销售额将达 2751 亿美元&nbsp;</p>",
            '<span class="img_descr">奥多比预计网络星期一仍将是本购物季线上消费规模最大的一天。</span></div>',
            '<blockquote class="fin_reference"><p>内容摘要：奥多比数据分析部门预测，',
            '<a href="https://stock.finance.sina.com.cn/usstock/quotes/AMZN.html">亚马逊</a> 10 月举办',
            "覆盖 18 个产品大类。</p>",
            '<p class="article-editor">责任编辑：郭明煜</p>',
        ],
        ["海量资讯", "655959900", "<style", "{"],
    ),
    "artibody_2021_rsshub": (
        "https://finance.sina.com.cn/china/2021-03-22/doc-ikkntiam6063924.shtml",
        [
            '<p class="ori_titlesource">　　原标题：中美人士纪念“乒乓外交”50周年</p>',
            "<p>　　现阶段，数字人民币的使用<strong>主要以邀请制为主</strong>。",  # cms-style strong-Bold kept as bold
            "<p>　　<strong>“天价荔枝”引热议</strong></p>",  # a bold-styled subhead
            '<a href="https://finance.sina.com.cn/realstock/company/sh603883/nc.shtml">老百姓</a>“耍横”',
            '<img src="https://n.sinaimg.cn/spider20220202/524/w924h2000/20220202/8a68-7f0aba3b063829116d59ecb86b4117a5.jpg"',
            "<p>　　记者：有之炘 赵逸赫</p>",
            '<p class="article-editor">责任编辑：刘万里 SF014</p>',
        ],
        [
            "视频加载中",
            "自动播放",
            "向前",
            "383188093",
            "mce-plugin",
            "点击下方图片",
            "e36b-46676bb3",
            "343233024",
            "海量资讯",
            "cms-style",
            "<font",
            "video-2017",
            "videoList0",
        ],
    ),
    "artibody_2016_forex": (
        "http://finance.sina.com.cn/money/forex/forexroll/2016-05-25/doc-ifxsktkp9337164.shtml",
        [
            "<p>　　新浪财经讯 5月25日上午消息，",
            '<a href="http://weibo.com/imf?zw=finance">IMF</a>第一副总裁',
            "报6.7493元。</p>",
            '<p class="article-editor">责任编辑：支全明 SF099</p>',
        ],
        ["USDCNH", "newchart", "热点栏目", "资金流向", "客户端", "股吧", "onmouseover", "WeiboCard", "hqimg"],
    ),
    "artibody_2018_browser_saved": (
        "https://finance.sina.com.cn/roll/2018-12-28/doc-ihqfskcn2160999.shtml",
        [
            "<p>　　新京报快讯（记者 裴剑飞）",
            '<a href="https://stock.finance.sina.com.cn/usstock/quotes/NVDA.html">英伟达</a>本季度营收创新高。</p>',
            "避免非正常渠道购票带来的风险。</p>",
            '<p class="article-editor">责任编辑：霍琦</p>',
        ],
        [
            "431.2",
            "-0.85%",
            "sinaads",
            "iframe",
            "扫码开户",
            "newchart",
            "sz300036",
            "left_hzh_ad",
            "d00.sina",
        ],
    ),
}


def cleaned(case: str) -> str:
    url = CASES[case][0]
    return clean_body((FIXTURES / f"{case}.body.html").read_text(encoding="utf-8"), base_url=url)


@pytest.mark.parametrize("case", CASES)
def test_matches_expected_file(case):
    expected = FIXTURES / f"{case}.expected.html"
    if not expected.exists():
        pytest.fail(f"{expected} is missing: run this module with --update and review the result")
    assert cleaned(case) == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_content_present(case):
    out = cleaned(case)
    for text in CASES[case][1]:
        assert text in out


@pytest.mark.parametrize("case", CASES)
def test_cruft_absent(case):
    out = cleaned(case)
    for text in CASES[case][2]:
        assert text not in out
    for text in ("<!--", "style=", "data-sudaclick", "<script", "<div>\n", "clearfix", " id="):
        assert text not in out


@pytest.mark.parametrize("case", CASES)
def test_images_are_https_with_no_referrer(case):
    out = cleaned(case)
    for img in re.findall(r"<img [^>]*>", out):
        assert re.match(r'<img src="https://[^"]+"', img), img
        assert img.endswith(' referrerpolicy="no-referrer">'), img


@pytest.mark.parametrize("case", CASES)
def test_one_block_per_line(case):
    lines = cleaned(case).split("\n")
    assert all(lines)
    for line in lines:
        assert not line[0].isspace()
        assert re.match(r"<(p|div|blockquote|h[1-6]|table|ul|ol|pre)[ >]", line), line


@pytest.mark.parametrize("case", CASES)
def test_idempotent(case):
    out = cleaned(case)
    assert clean_body(out, base_url=CASES[case][0]) == out


def _update() -> None:
    for case in CASES:
        (FIXTURES / f"{case}.expected.html").write_text(cleaned(case), encoding="utf-8")
        print(f"wrote {case}.expected.html")


if __name__ == "__main__" and "--update" in sys.argv:
    _update()
