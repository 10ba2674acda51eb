"""The chrome of the 2017-2026 page family (``v2017`` finance pages and ``news`` pages), after ``page_2018-…``.

Arranged as the 2018 sample arranges its parts (``cruft`` has the numbers): style blocks in the head (the login
layer's and video player's CSS, ~100 KB there), the tracker right after ``<body>``, the portal and channel bars,
then, after the body, feedback and carousel promos, the comment-area placeholder, hot recommendations and related
news, and a right column of ranked lists, ad slots and boxes; the footer, floating ads and the SSO updater last.
``kind`` is ``finance`` or ``news``; ``scheme`` the scheme of the links (``https`` for these eras).
"""

from __future__ import annotations

from functools import cache, lru_cache

from sinasim import words
from sinasim.pages.common import _t
from sinasim.pages.cruft import (
    TOOLS,
    SiteLinks,
    ad,
    box,
    footer,
    headline_list,
    headlines,
    hidden_list,
    loader_scripts,
    people,
    people_links,
    quote_links,
    related,
    sso_update_block,
    style_block,
)
from sinasim.site import SimArticle

# (name, size in bytes, class prefix, comment): the small inline style blocks of the 2018 sample's head, in its order
# and sizes. The rest of its head styles, ~90 KB for the video player and the login layer, are injected by scripts:
# a browser saves them, the server does not send them (the raw 2026 page is 95 KB in all and links its CSS).
_HEAD_STYLES = (
    ("latest", 780, "latest-wrap", ""),
    ("rtw", 2_300, "real-time-window", ""),
    ("ty-theme", 600, "ty-cardlist", ""),
)


@cache
def head_styles() -> str:
    """The inline style blocks before ``</head>`` of a raw page (~4 KB)."""
    return "\n".join(
        style_block(f"modern/{name}", size, prefix, comment=comment) for name, size, prefix, comment in _HEAD_STYLES
    )


@cache
def page_tools(channel: str) -> str:
    """The share and font tools after the date line, and the Weibo keyword script."""
    tools = "\n".join(
        f'    <span class="tool-icon tool-{key}"><a href="javascript:;" title="{title}" data-sudaclick="tool_{key}_i">'
        f"{title}</a></span>"
        for key, title in (
            ("cmnt", "评论"),
            ("print", "打印"),
            ("fontup", "字体变大"),
            ("fontdown", "字体变小"),
            ("wx", "微信分享"),
            ("qzone", "QQ空间"),
            ("audio", "语音播报"),
        )
    )
    return f"""<div class="page-tools-more" data-sudaclick="blk_tools">
{tools}
</div>
<!-- 微博关键字js start -->
<script type="text/javascript">
window.weiboKeywordConf={{channel:'{channel}',box:'artibody',minLen:2,maxCount:5}};
</script>
<!-- 微博关键字js end -->"""


@cache
def _after_body_static(kind: str) -> tuple[str, str]:
    """The static parts after the body: feedback link and promo carousel, then the WeChat follow box."""
    host = "news.sina.com.cn" if kind == "news" else "finance.sina.com.cn"
    slides = "".join(
        f'<li><a href="https://{host}/zt_d/promo{n}/" target="_blank">'
        f'<img src="//n.sinaimg.cn/finance/promo/w640h130/2024032{n}/promo-{n}.png" alt=""></a></li>'
        for n in range(1, 5)
    )
    dots = '<i class="on"></i>' + "<i></i>" * 3
    top = f"""		<div class="article-feedback"><a href="https://news.sina.com.cn/feedback/post.html" target="_blank"
            data-sudaclick="content_feedback_p">我要反馈</a></div>
			<!-- 底部轮播推广 begin -->
			<div class="bottom-promo" data-sudaclick="ad_content_bottom">
                <ul class="promo-slides" id="promo_slides">{slides}</ul>
                <div class="promo-dots">{dots}</div>
			</div>
			<!-- 底部轮播推广 end -->
			{ad("PDPS000000065807", "评论上方通栏", style="margin: 10px auto;")}
            <link rel="stylesheet" type="text/css" href="//finance.sina.com.cn/other/src/comment-box.css">"""
    wechat = """            <!-- 公众号 begin -->
            <div class="wx-follow clearfix">
                <img src="//n.sinaimg.cn/finance/wx/follow_qr.png" width="90" height="90" alt="新浪财经公众号">
                <div class="wx-follow-text"><b>新浪财经公众号</b>
                    <p>关注公众号，第一时间读到财经要闻、市场快讯和深度解读。</p></div>
            </div>
            <!-- 公众号 end -->
            <script src="//finance.sina.com.cn/other/src/hot-recommend.js" charset="utf-8"></script>"""
    return top, wechat


def _comment_area(article: SimArticle, channel: str) -> str:
    """The comment box as the server sends it: counts, an empty editor, empty hot and latest lists for the script."""
    cmnt = (
        f"https://comment5.news.sina.com.cn/comment/skin/default.html?channel={channel}"
        f"&amp;newsid=comos-{article.doc_id}"
    )
    return f"""            <!-- 评论 begin -->
            <div class="cmnt-area sina-comment-wrap" id="cmnt_area" data-newsid="comos-{article.doc_id}">
                <div class="cmnt-head"><h3>网友评论</h3>
                    <a href="{cmnt}" target="_blank"><em>0</em>条评论</a>
                    <a href="{cmnt}" target="_blank"><em>0</em>人参与</a>
                </div>
                <div class="cmnt-editor">
                    <textarea name="content" rows="4" placeholder="说说你的看法"></textarea>
                    <div class="cmnt-actions">
                        <a href="javascript:;" class="cmnt-face">表情</a>
                        <label><input type="checkbox" checked> 同步到微博</label>
                        <span class="cmnt-account"><a href="javascript:;" class="cmnt-login">登录</a> |
                            <a href="https://login.sina.com.cn/signup/signup.php" target="_blank">注册</a></span>
                        <a href="javascript:;" class="cmnt-submit disabled">发布</a>
                    </div>
                </div>
                <div class="cmnt-lists">
                    <h4>热门评论</h4>
                    <div class="cmnt-hot" data-load="hot"><span class="cmnt-loading">加载中</span></div>
                    <h4>最新评论</h4>
                    <div class="cmnt-new" data-load="new"><span class="cmnt-loading">加载中</span></div>
                    <a class="cmnt-more" href="{cmnt}&amp;group=0" target="_blank">查看全部评论</a>
                </div>
            </div>
            <!-- 评论 end -->"""


def _hot_cards(links: SiteLinks) -> str:
    """ "热门推荐": three cards of the site's newest articles (site-wide, like the sample's recommendation feed)."""
    return "".join(
        f'<li class="card"><a href="{url}" target="_blank">{title}</a>'
        f'<p class="card-meta"><span>{clock}</span><span class="card-cmnt">{(n + 3) * 1_379:,}</span></p></li>'
        for n, (url, title, clock) in enumerate(links.https[:3])
    )


def after_body(article: SimArticle, links: SiteLinks, kind: str, channel: str) -> str:
    """Everything between the article-bottom block and the end of the left column."""
    top, wechat = _after_body_static(kind)
    return f"""{top}
{_comment_area(article, channel)}
            <!-- 热门推荐 begin -->
            <div class="hot-recommend" id="hot_recommend" data-sudaclick="recommend_feed_p">
                <h2>热门推荐</h2>
                <ul class="cards">{_hot_cards(links)}</ul>
            </div>
{wechat}
            <!-- 热门推荐 end -->
            <!-- 相关新闻 begin -->
            <div class="related-news clearfix" id="related_news" data-sudaclick="relativenews_feed_p">
                <h2>相关新闻</h2>
                <ul class="related-list">{related(links, article, 8, "https")}</ul>
                <div id="feed_list" class="feed-list"><div class="feed-loading">加载中</div></div>
            </div>
            <!-- 相关新闻 end -->"""


def _ads(*slots: tuple[str, str]) -> str:
    return "\n".join(ad(pdps, label) for pdps, label in slots)


def _iframe(name: str, height: int, *, host: str = "finance.sina.com.cn") -> str:
    return (
        f'<iframe src="//{host}/iframe/right/{name}.html" scrolling="no" frameborder="0" width="100%" '
        f'height="{height}"></iframe>'
    )


def _avatar(who: str, n: int) -> str:
    folder = f"//k.sinaimg.cn/n/finance/{n:08x}/2017{n % 12 + 1:02d}09"
    return f'<img alt="{who}" src="{folder}/avatar{n}.jpg/w120h120f1q80liv.jpg">'


# Client-side list templates, as the sample's 7x24 and live boxes ship them (delimiters @@ … $$).
_TEMPLATE_7X24 = """<script id="tpl-7x24" type="text/x-dot-template">
                    <ul>@@~it:value:index$$
                        <li><span class="tm">@@=value.time$$</span>
                            <a href="@@=value.url$$" target="_blank">@@=value.title$$</a></li>
                    @@~$$</ul>
            </script>"""
_TEMPLATE_LIVE = """<script id="tpl-live" type="text/x-dot-template">
                    <ul>@@~it:value:index$$
                        <li><a class="who" href="@@=value.user.url$$" target="_blank">
                            <img alt="@@=value.user.name$$" src="@@=value.user.portrait$$"></a>
                        <span>@@=value.content$$</span></li>
                    @@~$$</ul>
            </script>"""


@cache
def _right_static(kind: str) -> dict[str, str]:
    """The right column's boxes that do not list the site's articles: most are an iframe plus its hidden SEO copy."""
    quotes = quote_links("https")
    visited = "".join(f'<li><a href="{url}" target="_blank">{_t(name)}</a></li>' for name, url in quotes)
    tools = "".join(
        f'<li><a href="https://vip.stock.finance.sina.com.cn/{path}" target="_blank">{name}</a></li>'
        for name, path in TOOLS
    )
    leaders = "".join(
        f'<div class="item"><a href="https://finance.sina.com.cn/zl/author/{n}/" target="_blank">{_avatar(who, n)}</a>'
        f'<a href="https://finance.sina.com.cn/zl/china/2026-09-2{n % 9}/zl-i{n:07d}.shtml" target="_blank">'
        f"{_t(title)}</a></div>"
        for n, (who, title) in enumerate(zip(people("leaders", 8), headlines("leaders", 8), strict=True))
    )
    videos = "".join(
        f'<a href="https://video.sina.com.cn/p/finance/2026092{n % 9}/{1_760_000 + n}.html" target="_blank">'
        f'<img class="imgS" src="//n.sinaimg.cn/finance/525/w300h225/2026092{n % 9}/v{n}.jpg" alt="{_t(title)}">'
        f"<span>{_t(title)}</span></a>"
        for n, title in enumerate(headlines("videos", 6))
    )
    ipo = "".join(
        f'<tr><td>{code[2:]}</td><td><a href="https://finance.sina.com.cn/realstock/company/{code}/nc.shtml" '
        f'target="_blank">{_t(name)}</a></td><td>{10 + n * 3}.{n}8</td><td>10-{n + 8:02d}</td></tr>'
        for n, (code, name) in enumerate(words.A_SHARES[:8])
    )
    live = "".join(
        f'<li><a class="who" href="https://live.finance.sina.com.cn/bozhu/{1_300_000_000 + n}" target="_blank">'
        f"{_avatar(who, 40 + n)}{who}</a><span>{_t(title)}</span></li>"
        for n, (who, title) in enumerate(zip(people("live", 10), headlines("live", 10), strict=True))
    )
    host = "news" if kind == "news" else "finance"
    blog_posts = headline_list("blog-market", 10, "https://blog.sina.com.cn/s/blog_{n}.html?tj=fina")
    guba_posts = headline_list("guba", 10, "https://guba.sina.com.cn/?s=thread&tid={n}")
    return {
        "mystock": f"""<div class="side-box my-stocks" data-sudaclick="right_mystock_p">
    <div class="side-tabs"><a href="https://finance.sina.com.cn/realstock/company/sh000001/nc.shtml" class="on"
        target="_blank">最近访问</a><a href="https://watchlist.finance.sina.com.cn/" target="_blank">我的自选</a></div>
    <table class="stock-table"><tr><th>股票</th><th>最新价</th><th>涨跌幅</th></tr></table>
    <ul class="stock-list">{visited}</ul>
    <div class="stock-search"><input type="text" value="" placeholder="代码/名称/拼音">
        <a href="javascript:;">查询</a></div>
</div>""",
        "rank_iframe": _iframe("rank", 470, host=f"{host}.sina.com.cn"),
        "blogs": f"""{_iframe("famousblog", 320)}
{hidden_list(people_links("blogs", 15))}""",
        "leaders": f"{_iframe('leader', 355)}\n{hidden_list(leaders)}",
        "tools": f"{_iframe('assistant', 305)}\n{hidden_list(f'<ul>{tools}</ul>')}",
        "blogs_list": f"{_iframe('bkks', 560)}\n{hidden_list(blog_posts)}",
        "videos": f"{_iframe('videolist', 410)}\n{hidden_list(videos)}",
        "guba": f"{_iframe('guba', 310)}\n{hidden_list(guba_posts)}",
        "ipo": f"{_iframe('rili', 480)}\n{hidden_list(f'<table>{ipo}</table>')}",
        "live": box(
            "股市直播",
            f'<ul class="live-list">{live}</ul>\n{_TEMPLATE_LIVE}',
            more="https://live.finance.sina.com.cn/",
            sudaclick="right_gszb_p",
        ),
    }


# The right column's pairs of 300x250 slots, between its boxes, with the labels of their comments.
_RIGHT_AD_PAIRS = tuple(
    _ads(*pair)
    for pair in (
        (("PDPS000000043765", "右侧矩形01"), ("PDPS000000058364", "右侧按钮01")),
        (("PDPS000000058366", "右侧轮播01"), ("PDPS000000058367", "右侧轮播02")),
        (("PDPS000000043766", "右侧矩形02"), ("PDPS000000058365", "右侧轮播03")),
        (("PDPS000000058368", "右侧按钮02"), ("PDPS000000058369", "右侧按钮03")),
        (("PDPS000000058370", "右侧按钮04"), ("PDPS000000058371", "右侧按钮05")),
    )
)


@lru_cache(maxsize=16)
def _right_column_of(links: SiteLinks, kind: str) -> str:
    """The right column for one site state (``links``: the lists of its newest articles)."""
    blocks, pairs = _right_static(kind), _RIGHT_AD_PAIRS
    ranks = "\n".join(hidden_list(links.ranked("https", start, 10)) for start in (10, 20, 30))
    seven = box(
        "7X24小时",
        f'<ul class="list-7x24">{links.timed("https", 0, 10)}</ul>\n{_TEMPLATE_7X24}',
        more="https://finance.sina.com.cn/7x24/",
        sudaclick="right_7x24_p",
    )
    world = f"{_iframe('txcj', 385)}\n{hidden_list(links.plain('https', 40, 10))}"
    return f"""        <div class="article-content-right">
{blocks["mystock"]}
            <div class="right-side-ad">{ad("PDPS000000042135", "右侧大幅画中画")}</div>
            <!-- 排行榜 start -->
            {blocks["rank_iframe"]}
            <div class="most-read" id="most_read"><h3>新浪财经排行</h3><ul>{links.ranked("https", 0, 10)}</ul></div>
            <!-- 排行榜 end -->
            <!-- 排行榜 seo -->
{ranks}
            <div class="right-side-ad">{pairs[0]}</div>
            <!-- 7X24小时 start -->
{seven}
            <!-- 7x24小时 end -->
            <div class="right-side-ad">{pairs[1]}</div>
            <!-- 名博 start-->
{blocks["blogs"]}
            <!-- 名博 end-->
            <div class="right-side-ad">{pairs[2]}</div>
            <!-- 意见领袖 start-->
{blocks["leaders"]}
            <!-- 意见领袖 end -->
            <div class="right-side-ad">{pairs[3]}</div>
            <!-- 投资助手 start-->
{blocks["tools"]}
            <!-- 投资助手 end-->
            <div class="right-side-ad">{pairs[4]}</div>
            <!-- 博客看市 start-->
{blocks["blogs_list"]}
            <!-- 博客看市 end-->
            <!-- 天下财经 start-->
{world}
            <!-- 天下财经 end-->
            <!-- 推荐视频 start -->
{blocks["videos"]}
            <!-- 推荐视频 end -->
            <!-- 股吧精华 start-->
{blocks["guba"]}
            <!-- 股吧精华 end-->
            <!-- 新股申购日历 -->
{blocks["ipo"]}
            <!-- 新股申购日历 -->
            <!-- 股市直播 start-->
{blocks["live"]}
            <!-- 股市直播 end -->
            <div class="right-side-ad" id="side_fixed_ad">{ad("PDPS000000005425", "右侧悬停矩形")}</div>
        </div>"""


def right_column(links: SiteLinks, kind: str) -> str:
    """The right column: site-wide, built once per site state (``links``: ``site_links(site)``)."""
    return _right_column_of(links, kind)


@cache
def page_end(kind: str) -> str:
    """After the main content: the footer, the floating tool bar, floating ads, loaders and the SSO updater."""
    tools = "\n".join(
        f'    <a href="{href}" class="float-{key}" data-sudaclick="float_{key}"{target}>{name}</a>'
        for key, href, target, name in (
            ("home", "https://www.sina.com.cn/", ' target="_blank"', "新浪首页"),
            ("audio", "javascript:;", "", "语音播报"),
            ("related", "#related_news", "", "相关新闻"),
            ("top", "javascript:;", "", "返回顶部"),
        )
    )
    return f"""<!-- 底部 begin -->
<div class="page-bottom clearfix" data-sudaclick="footer_p">
    <p class="feedback"><a href="https://news.sina.com.cn/feedback/post.html" target="_blank">意见反馈</a>
        客服热线：4006900000</p>
{footer()}
</div>
<!-- 底部 end -->
<div class="float-tools" id="float_tools">
{tools}
</div>
<script type="text/javascript" src="//finance.sina.com.cn/other/src/article-widgets.min.js"></script>
<script src="//finance.sina.com.cn/other/src/article-page.min.js" charset="utf-8"></script>
{loader_scripts()}
<!-- 浮层广告 begin -->
<ins class="sinaads" data-ad-pdps="PDPS000000055657" data-pop-position="right bottom"></ins>
<script>
    (sinaads = window.sinaads || []).push({{params: {{sinaads_ad_delay: 5, sinaads_pop_position: "right bottom"}}}});
</script>
<!-- 浮层广告 end -->
<!-- 左下按钮广告 begin -->
<script type="text/javascript">
    (function (doc) {{
        var tag = doc.createElement('script');
        tag.src = '//d1.sina.com.cn/litong/zhitou/sinaads/button/{kind}_left_button.js';
        doc.getElementsByTagName('head')[0].appendChild(tag);
    }})(document);
</script>
<!-- 左下按钮广告 end -->
{sso_update_block()}"""
