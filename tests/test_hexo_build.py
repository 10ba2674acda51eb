"""Build exported posts with a real, pinned Hexo 8 and check what Hexo made of them.

Hexo exits 0 when it drops a post or misreads a date, so ``tests/hexo/check.py`` judges the build by its log,
``db.json`` and ``public/``. The site (``tests/hexo/site``) is copied to a temp dir for each build; its
``node_modules`` is symlinked. Enable with ``npm ci --prefix tests/hexo/site --ignore-scripts``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from hexo_build import Build, build, check, report, require_node
from sinaarchive.channels import CHANNELS
from sinaarchive.export.paths import post_path
from sinaarchive.export.post import render_post
from sinaarchive.items import Article

BEIJING = timezone(timedelta(hours=8))
ExpectedPost = check.ExpectedPost


@pytest.fixture(scope="module")
def node() -> str:
    return require_node()


# --- Articles ------------------------------------------------------------------------------------------------

CHANNEL = {channel.alias: channel for channel in CHANNELS}
QR = '<div class="appendQr_normal"><img src="https://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png"></div>'


def stock(code: str, name: str) -> str:
    return (
        f'<span id="stock_{code}"><a href="https://finance.sina.com.cn/realstock/company/{code}/nc.shtml" '
        f'class="keyword" target="_blank">{name}</a></span><span id="quote_{code}"></span>'
    )


def article(n: int, title: str, body: str, *, alias: str = "china", when: datetime | None = None, **extra) -> Article:
    doc_id = f"ikqciyzk{n:07d}"
    when = when or datetime(2021, 7, 16, 10, 42, 50, tzinfo=BEIJING) + timedelta(minutes=17 * n)
    return Article(
        doc_id=doc_id,
        url=f"https://finance.sina.com.cn/china/2021-07-16/doc-{doc_id}.shtml",
        title=title,
        published_at=when,
        source_media=extra.pop("source_media", "新浪财经"),
        channel=CHANNEL[alias].name,
        categories=list(extra.pop("categories", CHANNEL[alias].categories)),
        clean_html=body,
        **extra,
    )


def paragraphs(*texts: str) -> str:
    return "\n".join(f"<p>\u3000\u3000{text}</p>" for text in texts)


REALISTIC = [
    article(
        1,
        "工信部：“十四五”及中长期的工业和信息化发展规划将在下半年陆续出台",
        paragraphs(
            "国务院新闻办公室定于2021年7月16日（星期五）上午10时举行新闻发布会。",
            "田玉龙：好，这个问题我来回答，谢谢您的提问。“制造业是立国之本、强国之基”。",
        )
        + '\n<p class="article-editor">责任编辑：王珊珊 SF014</p>',
    ),
    article(
        2,
        "国家统计局：上半年GDP同比增长12.7% 两年平均增长5.3%",
        paragraphs(
            "初步核算，上半年国内生产总值532167亿元，按可比价格计算，同比增长12.7%。",
            "分季度看，一季度同比增长18.3%，二季度增长7.9%。",
        )
        + "\n<table><tbody><tr><td>指标</td><td>增速（%）</td></tr><tr><td>GDP</td><td>12.7</td></tr></tbody></table>",
        alias="macro",
        source_media="中国新闻网",
    ),
    article(
        3,
        "《中华人民共和国数据安全法》9月1日起施行",
        paragraphs(
            "原标题：《数据安全法》正式施行",
            "据新华社消息，《数据安全法》将于2021年9月1日起施行。",
        ),
        alias="ministries",
        source_media="新华社",
    ),
    article(
        4,
        "老百姓大药房：拟定增募资不超过18亿元",
        paragraphs(
            f"新浪财经讯 7月16日晚间，{stock('sh603883', '老百姓')}发布公告称，拟募资不超过18亿元。",
            f"同日，{stock('sz000963', '华东医药')}股价上涨3.2%。",
        )
        + "\n<!-- news_keyword_pub,stock,sh603883&amp;sz000963 -->",
        alias="stocks",
    ),
    article(
        5,
        "直击|特斯拉二季度交付量创新高 股价盘后涨3%",
        (
            '<div class="img_wrapper"><img src="https://n.sinaimg.cn/finance/crawl/117/w550h367/20210716/5a3b-krcqvma1234567.jpg" '
            'alt="特斯拉上海工厂"><span class="img_descr">特斯拉上海工厂（图片来源：视觉中国）</span></div>\n'
            + paragraphs(f"{stock('gb_tsla', '特斯拉')}周五公布，二季度交付20.1万辆。")
        ),
        alias="us-stocks",
        source_media="环球市场播报",
    ),
    article(
        6,
        "港股收评：恒指跌1.04%报27970点 科技指数跌1.64%",
        paragraphs(
            "恒生指数收跌1.04%，报27970点；国企指数跌1.12%。",
        )
        + '\n<div class="img_wrapper"><img src="https://n.sinaimg.cn/finance/transform/20210716/hk-chart.png" alt>'
        '<span class="img_descr"></span></div>',
        alias="hk-stocks",
        source_media="新浪港股",
    ),
    article(
        7,
        "1049元/斤！天价荔枝什么来头？",
        paragraphs(
            "“这不是普通的荔枝”，摊主说。",
            "业内人士认为：价格虚高。",
        ),
        alias="local",
        source_media="北京青年报",
    ),
    article(
        8,
        "央行：7月15日起下调金融机构存款准备金率0.5个百分点",
        paragraphs(
            "为支持实体经济发展，中国人民银行决定于2021年7月15日下调金融机构存款准备金率0.5个百分点。",
        )
        + "\n"
        + QR,
        alias="finance-news",
        source_media="中国人民银行",
    ),
    article(
        9,
        "研报｜中信证券：看好新能源车产业链 维持“买入”评级",
        paragraphs(
            "中信证券认为，新能源车渗透率提升超预期。",
            f"重点推荐{stock('sz300750', '宁德时代')}、{stock('sz002594', '比亚迪')}。",
        ),
        alias="research",
        source_media="中信证券",
    ),
    article(
        10,
        "人民币对美元中间价报6.4762 下调36个基点",
        paragraphs(
            "来自中国外汇交易中心的数据显示，人民币对美元中间价报6.4762。",
        ),
        alias="forex",
        when=datetime(2021, 12, 31, 23, 59, 59, tzinfo=BEIJING),
    ),  # New Year's Eve in Beijing, not UTC
    article(
        11,
        "美股三大指数集体收跌 道指跌0.86%",
        paragraphs("截至收盘，道指跌0.86%。"),
        alias="global",
        when=datetime(2022, 1, 1, 0, 0, 1, tzinfo=BEIJING),
        source_media="新浪财经综合",
    ),
]

HOSTILE_TITLES = [
    "他说'不会降息'",
    '"100种方法刑事你"的背后',
    "'单引号'与\"双引号\"并存",
    "央行: 降准0.5个百分点",
    "央行:",
    "#热点# 今日关注",
    "- x 开头的标题",
    "@x 回应传闻",
    "路径C:\\Users\\新浪 反斜杠\\n结尾\\",
    "价格 {{ x }} 元",
    "标签 {% x %} 测试",
    "一季度GDP同比增长5.2%",
    "[a] 方括号开头",
    "{a: 1} 花括号开头",
    "yes",
    "null",
    "2021",
    "~",
    "---",
    "...",
    "&锚点 *别名",
    "!标签",
    "| 竖线",
    "> 大于号",
    "%TAG 开头",
    "? 问号开头",
    "0x1F",
    "1e3",
    ".inf",
    "true",
    "on",
    "Off",
    "A股 收盘（由换行折叠的空格）",
    "A股\t收盘（制表符）",
    "第一行\n第二行",
    "超长标题" + "：国务院常务会议部署进一步做好稳就业工作，推动经济持续恢复向好" * 8,
    "注释 # 号与 冒号: 混合 “引号” 《书名》 ％ 全角百分号",
]

HOSTILE_BODIES = [
    paragraphs("价格 {{ x }} 元，以及 {{ foo.bar() }} 调用。"),
    paragraphs("未闭合的 {% raw %} 标签，以及未知标签 {% foo %}。"),
    paragraphs("颜色代码 .x{#fff} 和 {# 注释 #}。") + "\n<p>{{</p>\n<p>}}</p>",
    "<pre><code>def f():&#10;    return {'a': 1}&#10;&#10;print(f())</code></pre>\n" + paragraphs("代码如上。"),
    # After a blank line, 4-space indentation starts a Markdown code block: the page would show the HTML as text.
    '<p>第一段</p>\n\n        <p>缩进的第二段</p>\n\n    <div class="x">\n        <span>缩进</span>\n    </div>',
]

HOSTILE = (
    [
        article(100 + i, title, paragraphs(f"标题测试第{i}篇。"), alias=CHANNELS[i % len(CHANNELS)].alias)
        for i, title in enumerate(HOSTILE_TITLES)
    ]
    + (BODY_ARTICLES := [article(200 + i, f"正文测试{i}", body) for i, body in enumerate(HOSTILE_BODIES)])
    + [
        article(
            300,
            "分类测试：奇怪的分类名",
            paragraphs("分类。"),
            categories=["金融", "A股: 观察", "yes", "- x", "2021", "新浪财经－国內"],
        ),
    ]
)


def expected(article: Article) -> ExpectedPost:
    return ExpectedPost(post_path(article).as_posix(), categories=tuple(article.categories), title=article.title)


@pytest.fixture(scope="module")
def positive_build(node, tmp_path_factory) -> Build:
    articles = REALISTIC + HOSTILE
    files = {post_path(a).as_posix(): render_post(a) for a in articles}
    assert len(files) == len(articles), "post paths must be unique"
    return build(node, tmp_path_factory.mktemp("hexo-positive"), files, [expected(a) for a in articles])


# --- Hand-written broken posts (the checker must catch what Hexo lets through with exit 0) --------------------

GOOD_FRONT = (
    "title: '{title}'\ncategories: \n - 金融\n - 新浪财经\n - 新浪财经－国內\ndate: Fri, 16 Jul 2021 02:42:50 GMT\n"
)
CHAIN = ("金融", "新浪财经", "新浪财经－国內")
NEGATIVE = {
    "2021/07/bad-quote.md": "---\ntitle: 'a'b'\ndate: Fri, 16 Jul 2021 02:42:50 GMT\n---\n\n<p>x</p>\n",
    "2021/07/bad-date.md": "---\ntitle: '坏日期'\ndate: 2021年7月16日 10:42\n---\n\n<p>x</p>\n",
    "braces.md": "---\n" + GOOD_FRONT.format(title="花括号") + "---\n\n<p>价格 {{ foo }} 元</p>\n",
    "mixed-indent.md": "---\ntitle: '混合缩进'\ncategories: \n - 金融\n  - 新浪财经\n - 新浪财经－国內\n"
    "date: Fri, 16 Jul 2021 02:42:50 GMT\n---\n\n<p>x</p>\n",
    "code-block.md": "---\n" + GOOD_FRONT.format(title="缩进块") + "---\n\n<div>\n<p>x</p>\n\n"
    "            <style>\n            .a&#123;color:red&#125;\n            </style>\n</div>\n",
    "control.md": "---\n" + GOOD_FRONT.format(title="正常") + "---\n\n<div>\n<p>正常</p>\n</div>\n",
}
# What each broken post must be reported for (a regex searched in the problems naming that file).
NEGATIVE_FINDINGS = {
    "2021/07/bad-quote.md": [r"missing from db\.json"],
    "2021/07/bad-date.md": [r"db date .* != front-matter date '2021年7月16日 10:42'"],
    "braces.md": [r"body has \{\{ without disableNunjucks"],
    "mixed-indent.md": [r"db category chain \['金融 - 新浪财经', '新浪财经－国內'\] != exporter list"],
    "code-block.md": [r"<pre><code"],
}


@pytest.fixture(scope="module")
def negative_build(node, tmp_path_factory) -> Build:
    posts = [
        ExpectedPost(name, categories=CHAIN if "date" not in name and "quote" not in name else None)
        for name in NEGATIVE
    ]
    return build(node, tmp_path_factory.mktemp("hexo-negative"), NEGATIVE, posts)


# --- Tests ---------------------------------------------------------------------------------------------------


@pytest.mark.hexo
def test_exported_posts_build_cleanly(positive_build: Build) -> None:
    assert positive_build.returncode == 0, report(positive_build, [positive_build.log])
    problems = positive_build.problems()
    assert problems == [], report(positive_build, problems)


@pytest.mark.hexo
def test_braces_in_bodies_reach_the_page(positive_build: Build) -> None:
    """Nunjucks never sees the body's braces: they arrive as entities, nothing is deleted."""
    content = positive_build.db_post(post_path(BODY_ARTICLES[0]).as_posix())["content"]
    assert "价格 &#123;&#123; x &#125;&#125; 元" in content
    pre = positive_build.db_post(post_path(BODY_ARTICLES[3]).as_posix())["content"]
    assert "<pre><code>def f():&#10;    return &#123;'a': 1&#125;" in pre


@pytest.mark.hexo
def test_checker_catches_what_hexo_lets_through(negative_build: Build) -> None:
    assert negative_build.returncode == 0, (
        "Hexo was expected to exit 0 despite the broken posts:\n" + negative_build.log
    )
    problems = negative_build.problems()
    assert any(re.search(r"hexo log: ERROR .*bad-quote\.md", p) for p in problems), report(negative_build, problems)
    for name, patterns in NEGATIVE_FINDINGS.items():
        mine = [p for p in problems if p.startswith(f"{name}:")]
        for pattern in patterns:
            assert any(re.search(pattern, p) for p in mine), f"{name}: no /{pattern}/\n" + report(
                negative_build, problems
            )
    assert not [p for p in problems if p.startswith("control.md:")], report(negative_build, problems)
    # The checker's blind spot: PyYAML folds the mixed-indent list the same wrong way as Hexo, so only the
    # exporter's intended list exposes it.
    assert not [p for p in problems if p.startswith("mixed-indent.md:") and "front-matter list" in p]
    assert any("db.json has 5 posts but source/_posts has 6 .md files" in p for p in problems)


def test_log_problem_lines() -> None:
    log = "INFO  Start processing\n\x1b[31mERROR\x1b[39m Process failed: _posts/x.md\nWARN  No layout: x\nFATAL boom\n"
    assert check.log_problems(log) == [
        "hexo log: ERROR Process failed: _posts/x.md",
        "hexo log: WARN  No layout: x",
        "hexo log: FATAL boom",
    ]


def test_front_matter_split_follows_hexo() -> None:
    assert check.split_front_matter("---\ntitle: a\n---\nbody") == ("title: a", "body")
    assert check.split_front_matter("\n---\ntitle: a\n---\n\nbody") == ("\n---\ntitle: a", "\nbody")
    assert check.split_front_matter("no front matter") == ("", "no front matter")
