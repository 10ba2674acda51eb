"""The chrome around the body, of the kinds and proportions real Sina pages carry (measured from the samples).

Real desktop article pages are mostly not article. Measured on a raw 2016 page and a browser-saved 2018 page
(bytes; the article region is ``#artibody`` and its editor line; ``ins``: ``ins.sinaads`` slots):

| sample | size | before body | body | after | inline scripts | styles | elements | ``<a>`` | ``ins`` |
|---|---|---|---|---|---|---|---|---|---|
| 2016 (v2014, raw) | 144,009 | 58,966 | 6,719 | 78,324 | 58: 64,971 | 7: 5,555 | 856 | 233 | 25 |
| 2018 (v2017, browser-saved) | 231,429 | 157,507 | 1,165 | 72,757 | 29: 27,391 | 17: 107,328 | 1,154 | 343 | 16 |

with 210 / 167 comments, 8 / 12 iframes and about 2,000 / 3,900 characters of text outside the body. A raw 2026 page
is 95,062 characters with the body starting near character 37,000: most of the 2018 page's styles (the login layer's
and the video player's CSS) are injected by scripts and saved by the browser, so the simulator's raw v2017 pages
leave them out and follow the 2026 page's size instead.

The pages built from these blocks follow the samples: mean sizes over ``build_site(300, seed=1)`` of 95 KB (v2017),
142 KB (v2014), 90 KB (news) and 54 KB (blk), with 40 % of the v2017 and v2014 bytes before the body.

This module models those parts, written anew (nothing is copied from the samples): the SUDA tracker and SSO
cookie scripts (generated JS-like code, ``filler``), the page-config object, sinaads loaders and ``ins.sinaads``
slots with their push scripts, jsLoader calls, style blocks, the portal top nav with its "more" and app menus,
channel nav bars, ranked lists, a 7x24 list, blog and opinion lists, the comment-area placeholder, hidden SEO
lists and the footer's link rows. Link lists are made of the site's own articles (``SiteLinks``: titles and
URLs of the newest articles, or a per-article pick for related news) and of fixed channel names; people and
headlines outside the site are drawn from ``words`` with fixed seeds. Each era module arranges these blocks as
its template does.

Rendering stays cheap: static blocks are built once (``functools.cache``), blocks made of the site's newest
articles once per site state (``site_links``), and only the page-config script, the breadcrumb and the related
list are made per article. Output is deterministic: the same site (same seed, same state) gives the same bytes.
Everything is GBK-encodable, for ``blk`` pages.

Nothing here may change what the extractor finds: no ``h1``, ``#artibody``, ``#article``, ``span.date`` or
``.source``, no ``article-editor`` or ``show_author`` paragraph or "责任编辑" text, no ``og:``/``article:`` metas,
no ``原始正文`` comments, no challenge-page words (``sinaarchive/parsing/antibot.py``), no login or passport forms.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from sinasim import words
from sinasim.pages import filler
from sinasim.pages.common import _a, _t, https_url
from sinasim.site import SimArticle, Site, beijing
from sinasim.site.drawing import fill

SINAADS_LOADER = (
    "<script>(function(d,s,id){var s,n=d.getElementsByTagName(s)[0];if(d.getElementById(id))return;"
    "s=d.createElement(s);s.id=id;s.setAttribute('charset','utf-8');s.src='//d'+Math.floor(0+Math.random()*(9-0+1))"
    "+'.sina.com.cn/litong/zhitou/sinaads/release/sinaads.js';n.parentNode.insertBefore(s,n);})"
    "(document,'script','sinaads-script');</script>"
)

_ADS_PUSH = "(sinaads = window.sinaads || []).push({})"


def ad(pdps: str, label: str = "", *, style: str = "") -> str:
    """An ``ins.sinaads`` slot and its push script; ``label``: wrapped in ``<!--label begin/end-->`` comments."""
    style_attr = f' style="{style}"' if style else ""
    slot = f'<ins class="sinaads" data-ad-pdps="{pdps}"{style_attr}></ins>\n<script>{_ADS_PUSH}</script>'
    return f"<!--{label} begin-->\n{slot}\n<!--{label} end-->" if label else slot


# --- fixed link tables: portal channels, finance and news channel bars, tools, footer -----------------------

PORTAL = (
    ("新闻", "news"),
    ("体育", "sports"),
    ("财经", "finance"),
    ("娱乐", "ent"),
    ("科技", "tech"),
    ("博客", "blog"),
    ("图片", "photo"),
    ("专栏", "zhuanlan"),
)
PORTAL_MORE = (
    ("汽车", "auto"),
    ("教育", "edu"),
    ("时尚", "fashion"),
    ("女性", "eladies"),
    ("星座", "astro"),
    ("健康", "health"),
    ("房产", "house"),
    ("历史", "history"),
    ("视频", "video"),
    ("收藏", "collection"),
    ("育儿", "baby"),
    ("读书", "book"),
    ("佛学", "fo"),
    ("游戏", "games"),
    ("旅游", "travel"),
    ("邮箱", "mail"),
)
APPS = (
    ("新浪微博", "weibo"),
    ("新浪新闻", "news"),
    ("新浪财经", "finance"),
    ("新浪体育", "sports"),
    ("新浪娱乐", "ent"),
    ("新浪众测", "zhongce"),
    ("新浪博客", "blog"),
    ("新浪视频", "video"),
    ("新浪游戏", "games"),
    ("天气通", "weather"),
)
FINANCE_NAV = (
    ("财经首页", ""),
    ("股票", "stock/"),
    ("新股", "stock/newstock/"),
    ("港股", "stock/hkstock/"),
    ("美股", "stock/usstock/"),
    ("基金", "fund/"),
    ("期货", "futuremarket/"),
    ("外汇", "forex/"),
    ("黄金", "nmetal/"),
    ("债券", "bond/"),
    ("理财", "money/"),
    ("银行", "money/bank/"),
    ("保险", "money/insurance/"),
    ("信托", "trust/"),
    ("科创板", "kcb/"),
    ("宏观", "china/"),
    ("产经", "chanjing/"),
    ("国际", "world/"),
    ("滚动", "roll/"),
    ("专栏", "zl/"),
    ("研报", "stock/report/"),
    ("公司", "stock/company/"),
    ("数据", "data/"),
    ("直播", "live/"),
    ("消费", "consume/"),
    ("ESG", "esg/"),
    ("创事记", "chuangshiji/"),
    ("金融研究院", "finres/"),
    ("7x24", "7x24/"),
)
NEWS_NAV = (
    ("新闻首页", ""),
    ("国内", "china/"),
    ("国际", "world/"),
    ("社会", "society/"),
    ("军事", "mil/"),
    ("评论", "pl/"),
    ("图片", "photo/"),
    ("视频", "video/"),
    ("专题", "zt/"),
    ("滚动", "roll/"),
    ("排行", "hotnews/"),
    ("政务", "gov/"),
    ("司法", "law/"),
    ("教育", "edu/"),
    ("健康", "health/"),
    ("环球", "global/"),
    ("深度", "deep/"),
    ("人物", "people/"),
    ("问政", "wenzheng/"),
    ("天气", "weather/"),
)
TOOLS = (
    ("行情中心", "mkt/"),
    ("数据中心", "data/"),
    ("估值", "valuation/"),
    ("资金流向", "moneyflow/"),
    ("龙虎榜", "lhb/"),
    ("大宗交易", "dzjy/"),
    ("融资融券", "rzrq/"),
    ("限售解禁", "xsjj/"),
    ("分红送配", "fhsp/"),
    ("新股上市", "xgss/"),
    ("机构持股", "jgcg/"),
    ("业绩预告", "yjyg/"),
    ("基金净值", "fundnav/"),
    ("期货行情", "futures/"),
    ("外汇牌价", "fxrate/"),
    ("黄金价格", "gold/"),
    ("债券收益率", "bondyield/"),
    ("股东增减持", "gdzjc/"),
    ("停复牌", "tfp/"),
    ("公告查询", "notice/"),
)
FOOTER_LINKS = (
    ("新浪简介", "http://corp.sina.com.cn/chn/"),
    ("About Sina", "http://corp.sina.com.cn/eng/"),
    ("广告服务", "http://emarketing.sina.com.cn/"),
    ("联系我们", "http://www.sina.com.cn/contactus.html"),
    ("招聘信息", "http://corp.sina.com.cn/chn/sina_job.html"),
    ("网站律师", "http://www.sina.com.cn/intro/lawfirm.shtml"),
    ("SINA English", "http://english.sina.com/"),
    ("通行证注册", "https://login.sina.com.cn/signup/signup.php"),
    ("产品答疑", "http://help.sina.com.cn/"),
)

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高郑梁谢宋唐韩冯董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁"
_GIVEN = "明华伟强磊洋勇军杰涛斌超鹏宇浩凯峰晨睿远志文海东新立春松岩平刚毅俊韬川江楠琳静敏丽雪婷佳"


@cache
def people(name: str, count: int) -> tuple[str, ...]:
    """``count`` distinct two- or three-character names (bloggers, opinion leaders), fixed per ``name``."""
    rng = random.Random(f"people/{name}")  # noqa: S311 - reproducible page chrome
    found: dict[str, None] = {}
    while len(found) < count:
        given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
        found[rng.choice(_SURNAMES) + given] = None
    return tuple(found)


@cache
def headlines(name: str, count: int) -> tuple[str, ...]:
    """``count`` headlines from ``words.HEADLINES`` for lists of things outside the site (blogs, forums, video)."""
    rng = random.Random(f"headlines/{name}")  # noqa: S311
    return tuple(fill(rng, rng.choice(words.HEADLINES), ()) for _ in range(count))


@cache
def summaries(name: str, count: int) -> tuple[str, ...]:
    """``count`` two-sentence blurbs from ``words.SENTENCES`` (column teasers, feed-card summaries)."""
    rng = random.Random(f"summaries/{name}")  # noqa: S311
    return tuple("".join(fill(rng, rng.choice(words.SENTENCES), ()) for _ in range(2)) for _ in range(count))


def link_row(links: Sequence[tuple[str, str]], sep: str = " | ") -> str:
    return sep.join(f'<a href="{url}" target="_blank">{_t(text)}</a>' for text, url in links)


def quote_links(scheme: str) -> list[tuple[str, str]]:
    """Stock names with their quote pages, as the "recently visited" and market boxes list them."""
    a_shares = f"{scheme}://finance.sina.com.cn/realstock/company/{{}}/nc.shtml"
    us_stocks = f"{scheme}://stock.finance.sina.com.cn/usstock/quotes/{{}}.html"
    return [(name, a_shares.format(code)) for code, name in words.A_SHARES] + [
        (name, us_stocks.format(code)) for code, name in words.US_STOCKS
    ]


# --- scripts: SUDA tracker, SSO cookie helpers, page config, loaders ------------------------------------------


@cache
def suda_block(version: str = "V=2.1.16", *, label: str = "", size: int = 16_600) -> str:
    """The tracker Sina puts right after ``<body><!-- body code begin -->``: ~17 KB of SUDA code, the SSO cookie
    reader, an observer, up to ``<!-- body code end -->`` (the caller writes the opening comment)."""
    suda = filler.js(f"suda/{version}/{label}", size)
    cookie = filler.js(f"sso-get/{label}", 540, wrap=False)
    observer = filler.js(f"observer/{label}", 600, wrap=False)
    suffix = f" {label}" if label else ""
    return f"""<!-- SUDA_CODE_START -->
<script type="text/javascript">
//<!--
var an="{version}";{suda}
//-->
</script>
<!-- SUDA_CODE_END -->
<!-- SSO_GETCOOKIE_START -->
<script type="text/javascript">var sinaSSOManager=sinaSSOManager||{{}};{cookie}</script>
<!-- SSO_GETCOOKIE_END -->
<script type="text/javascript">(function(w,d){{{observer}}})(window,document);</script>
<!-- body code end{suffix} -->"""


@cache
def sso_update_block() -> str:
    """The SSO cookie updater at the very end of the body."""
    return f"""<!-- body code begin -->
<!-- SSO_UPDATECOOKIE_START -->
<script type="text/javascript">var sinaSSOManager=sinaSSOManager||{{}};{filler.js("sso-update", 2_300, wrap=False)}
</script>
<!-- SSO_UPDATECOOKIE_END -->
<!-- body code end -->"""


def tracking_script(article: SimArticle, channel: str) -> str:
    """The global page-config object every article page sets (``SINA_TEXT_PAGE_INFO``), per article."""
    return f"""<!-- 正文页全局配置 begin -->
<script type="text/javascript">
var SINA_TEXT_PAGE_INFO = {{
        entry: 'account',
        channel: '{channel}',
        newsid: 'comos-{article.doc_id}',
        encoding: '{article.encoding}',
        // comment box and list switches
        hideComment: false,
        hideCommentList: 0,
        // account mentioned by the share button
        uid: '1638782947',
        // favourites key of this article
        docID: 'http://doc.sina.cn/?id=comos:{article.doc_id}',
        pagepubtime: '{article.date}',
        difDay: 180,
        ADIDs: ["PublicRelation1","PublicRelation2","PublicRelation3","PublicRelation4","PublicRelation5"],
        // Weibo group shown under the article (none: leave out)
        weiboGroupID: 35
    }};
</script>
<!-- 正文页全局配置 end -->
<script type="text/javascript" src="//i.sso.sina.com.cn/js/ssologin.js"></script>
<!-- suda -->
<script type="text/javascript" src="//i1.sinaimg.cn/unipro/pub/suda_m_v634.js"></script>
<script type="text/javascript">suds_init(2815,100.0000,1002,2);</script>"""


def js_loader(name: str, url: str, body: str = "") -> str:
    """A ``jsLoader`` call as the pages make them for their widgets."""
    return (
        f"<script type=\"text/javascript\">jsLoader({{name:'{name}',url:'{url}',callback:function(){{"
        f"{body}}}}});</script>"
    )


@cache
def loader_scripts() -> str:
    """The jsLoader calls and widget initialisers near the end of every modern page."""
    calls = [
        js_loader(
            "shm",
            "//finance.sina.com.cn/other/src/sinashm.js",
            "SHM.register('home.custEvent.firstpage.fire',function(){});",
        ),
        js_loader(
            "stockKeyword",
            "//finance.sina.com.cn/other/src/stock_keyword.js",
            "window.StockKeyword&&StockKeyword.init({box:'artibody',type:'normal'});",
        ),
        js_loader(
            "commentWidget",
            "//n.sinaimg.cn/default/comment/cmnt.js",
            "window.__cmnt_page&&__cmnt_page.init({dom:'bottom_sina_comment',channel:'cj'});",
        ),
        js_loader(
            "tyFeed",
            "//n.sinaimg.cn/finance/feed/feed-app.js",
            "window.tyFeed&&tyFeed.render({container:'tycard_list',pageSize:10,lid:2519});",
        ),
        js_loader(
            "rightBar",
            "//finance.sina.com.cn/other/src/right-bar.js",
            "window.rightBar&&rightBar.init({toTop:true,related:'related_news'});",
        ),
    ]
    widgets = filler.js("widgets", 2_400)
    return "\n".join(calls) + f'\n<script type="text/javascript">{widgets}</script>'


@cache
def style_block(name: str, size: int, prefix: str, *, comment: str = "") -> str:
    """A ``<style>`` element of about ``size`` bytes of rules on ``.prefix-…`` classes."""
    head = f"/* {comment} */\n" if comment else ""
    return f'<style type="text/css">{head}{filler.css(name, size, prefix)}</style>'


# --- the site's own articles as link lists ------------------------------------------------------------------

_HOT = ' class="hot"'
POOL = 60
"""How many of the site's newest articles the site-wide lists draw from."""


@dataclass(frozen=True, eq=False)
class SiteLinks:
    """Pre-escaped ``(url, title, time)`` of the site's newest articles, https and http URLs (pages of both).

    One object per site state (``site_links``), compared by identity: blocks built from it are cached on it.
    """

    https: tuple[tuple[str, str, str], ...]
    http: tuple[tuple[str, str, str], ...]

    def items(self, scheme: str) -> tuple[tuple[str, str, str], ...]:
        return self.https if scheme == "https" else self.http

    def ranked(self, scheme: str, start: int, count: int, *, cls: str = "num") -> str:
        """A ranked ``<li>`` list (01, 02, …): the top three marked hot, as ranking boxes show them."""
        items = self.items(scheme)[start : start + count]
        return "".join(
            f'<li{_HOT if rank < 3 else ""}><span class="{cls}">{rank + 1:02d}</span>'
            f'<a target="_blank" href="{url}">{title}</a></li>'
            for rank, (url, title, _) in enumerate(items)
        )

    def plain(self, scheme: str, start: int, count: int) -> str:
        return "".join(
            f'<li><a href="{url}" target="_blank">{title}</a></li>'
            for url, title, _ in self.items(scheme)[start : start + count]
        )

    def timed(self, scheme: str, start: int, count: int) -> str:
        """A 7x24-style list: time, then headline."""
        return "".join(
            f'<li><span class="tm">{clock}</span><a href="{url}" target="_blank">{title}</a></li>'
            for url, title, clock in self.items(scheme)[start : start + count]
        )


def _site_links_of(pool: tuple[SimArticle, ...]) -> SiteLinks:
    https, http = [], []
    for article in pool:
        title, clock = _t(article.title), beijing(article.ctime, "%H:%M")
        https.append((_a(https_url(article)), title, clock))
        http.append((_a(article.real_url), title, clock))
    return SiteLinks(tuple(https), tuple(http))


@lru_cache(maxsize=16)
def _cached_links(pool: tuple[SimArticle, ...], titles: tuple[str, ...]) -> SiteLinks:
    del titles  # part of the key only: a retitled article (hostile.make_hostile) is a new site state
    return _site_links_of(pool)


def site_links(site: Site) -> SiteLinks:
    """The link lists of the site's ``POOL`` newest articles; built once per site state (new articles, titles)."""
    pool = tuple(site.newest(POOL))
    return _cached_links(pool, tuple(article.title for article in pool))


def related(site_lists: SiteLinks, article: SimArticle, count: int, scheme: str) -> str:
    """``count`` other articles of the site's newest, picked by the article's id: its "related news"."""
    links = site_lists.items(scheme)
    own = _a(https_url(article) if scheme == "https" else article.real_url)
    others = [item for item in links if item[0] != own]
    if not others:
        return ""
    start, step = zlib.crc32(article.doc_id.encode()) % len(others), 7 if len(others) % 7 else 5
    picked = [others[(start + k * step) % len(others)] for k in range(min(count, len(others)))]
    return "".join(
        f'<li><a href="{url}" target="_blank">{title}</a><span class="tm">{clock}</span></li>'
        for url, title, clock in dict.fromkeys(picked)
    )


# --- the shared nav, right column and footer pieces ---------------------------------------------------------


@cache
def top_nav(scheme: str = "https") -> str:
    """The portal bar of 2015-2026 pages: channels, a "more" menu, app downloads, favourites and the user box."""
    main = "".join(
        f'<li><a href="{scheme}://{host}.sina.com.cn/" data-sudaclick="topnav_{host}">{name}</a></li>'
        for name, host in PORTAL
    )
    more = "\n".join(
        "            <li>" + link_row([(name, f"{scheme}://{host}.sina.com.cn/") for name, host in row], "") + "</li>"
        for row in (PORTAL_MORE[:6], PORTAL_MORE[6:12], PORTAL_MORE[12:])
    )
    apps = "\n".join(
        f'            <li><a href="{scheme}://m.sina.com.cn/m/{host}.shtml" target="_blank">'
        f'<i class="ico-client ico-{host}"></i>{name}</a></li>'
        for name, host in APPS
    )
    return f"""<!--页面顶导 begin-->
<script charset="utf-8" type="text/javascript" src="//n.sinaimg.cn/common/channelnav/js/nav.js?v=1.2"></script>
<style>
    .sina-header .ico-client{{background:url(//n.sinaimg.cn/finance/nav/app-icons.png) no-repeat;width:24px;}}
    .sina-header .ico-zhongce{{background-position:0 -432px;}}
</style>
<div class="sina-header" id="sina-header">
  <div class="sina-header-inner">
    <ul class="portal-links">
        <li class="home"><a href="{scheme}://www.sina.com.cn/">新浪首页</a></li>{main}
        <li class="menu"><a href="javascript:;" data-menu="portal-more">更多</a>
          <ul class="menu-list" id="portal-more">
{more}
          </ul></li>
    </ul>
    <div class="menu app-menu"><a href="javascript:;" data-menu="app-list">移动客户端</a>
        <ul class="menu-list" id="app-list">
{apps}
        </ul></div>
    <div class="favor-link"><a href="{scheme}://my.sina.com.cn/#location=fav" target="_blank">我的收藏</a></div>
    <div id="SI_User" class="user-box">
        <a href="javascript:;" class="user-login" node-type="login">登录</a>
        <a href="https://login.sina.com.cn/signup/signup?entry=news" class="user-signup" target="_blank">注册</a>
        <img class="user-face" src="//i.sso.sina.com.cn/images/login/thumb_default.png" alt="">
    </div>
    <script type="text/javascript">window.__SinaTopBar__&&__SinaTopBar__.user.init(
        document.getElementById('SI_User'),{{entry:'account',login_success:function(){{}}}});</script>
  </div>
</div>
<!--页面顶导 end-->"""


@cache
def channel_bar(kind: str, scheme: str = "https") -> str:
    """The channel's own nav bar under the portal bar: every finance (or news) column, then a search box."""
    host, links = ("news.sina.com.cn", NEWS_NAV) if kind == "news" else ("finance.sina.com.cn", FINANCE_NAV)
    items = "".join(f'<li><a href="{scheme}://{host}/{path}" target="_blank">{name}</a></li>' for name, path in links)
    return f"""<div class="channel-nav clearfix" data-sudaclick="cnav_links_p">
    <ul class="channel-nav-list">{items}</ul>
    <div class="channel-search">
        <form action="//search.sina.com.cn/" method="get" target="_blank" name="channelSearch">
            <select name="range"><option value="all" selected>新闻</option><option value="title">标题</option>
                <option value="stock">股票</option></select>
            <input type="text" name="q" class="search-input" value="" autocomplete="off" placeholder="请输入关键词">
            <input type="hidden" name="c" value="news"><input type="hidden" name="from" value="channel">
            <input type="submit" class="search-btn" value="搜索">
        </form>
    </div>
</div>"""


def box(title: str, body: str, *, more: str = "", sudaclick: str = "") -> str:
    """A right-column box: a heading (``h3``, never ``h1``), an optional "more" link and its content."""
    more_link = f'<a class="more" href="{more}" target="_blank">更多&gt;&gt;</a>' if more else ""
    click = f' data-sudaclick="{sudaclick}"' if sudaclick else ""
    return (
        f'<div class="cj-r-block"{click}><div class="cj-r-title"><h3>{title}</h3>{more_link}</div>\n'
        f'<div class="cj-r-cont">{body}</div></div>'
    )


def hidden_list(body: str) -> str:
    """The SEO copy of a script-filled box: hidden, with the same links in the raw HTML."""
    return f'<div class="seo_data_list" style="display:none;">\n{body}</div>'


@cache
def people_links(name: str, count: int, scheme: str = "https") -> str:
    return "\t\t\t".join(
        f'<a href="{scheme}://blog.sina.com.cn/u/{1_200_000_000 + 7_919 * n}" target="_blank" class="photo">{who}</a>'
        for n, who in enumerate(people(name, count))
    )


@cache
def headline_list(name: str, count: int, url: str) -> str:
    """A list of outside headlines (blogs, forum posts, videos): ``url`` gets the item number."""
    return "".join(
        f'<li><a href="{url.format(n=900_000 + 37 * n)}" target="_blank">{_t(title)}</a></li>'
        for n, title in enumerate(headlines(name, count))
    )


def footer_links(sep: str) -> str:
    return link_row(FOOTER_LINKS, sep)


def footer(year: int = 2026) -> str:
    """The corporate footer: link row, copyright, licence line."""
    return f"""<div class="footer" id="footer">
<p>{footer_links('<span class="spliter">|</span>')}</p>
<p>Copyright &copy; 1996-{year} SINA Corporation, All Rights Reserved</p>
<p>新浪公司 <a href="https://www.sina.com.cn/intro/copyright.shtml">版权所有</a></p>
</div>"""
