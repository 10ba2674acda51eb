"""The pre-2014 template (``blk``): GB2312 declared, ``div.blkContainerSblkCon#artibody``.

No raw page of this era was at hand, so apart from the title, date, source and body selectors that public
crawlers use on it, its markup is a plausible reconstruction, chrome included: an inline style sheet, an older
and shorter SUDA tracker, the portal bar, the finance channel bar with a search box, script-era ad slots, then
after the body related reading, the comment box, recommendation lists, a right column of ranked lists and boxes,
the bottom channel rows and the footer. About 54 KB, a judgement: pages of 2005-2013 had fewer and shorter scripts than the 2016 sample (144 KB)
and no player CSS. All GBK-encodable.
"""

from __future__ import annotations

from functools import cache, lru_cache

from sinasim.pages import filler
from sinasim.pages.body import body_blocks
from sinasim.pages.common import SITE_SUFFIX, _a, _t, channel_name, description
from sinasim.pages.cruft import (
    FINANCE_NAV,
    PORTAL,
    PORTAL_MORE,
    TOOLS,
    SiteLinks,
    ad,
    footer_links,
    headline_list,
    link_row,
    people,
    quote_links,
    related,
    site_links,
    style_block,
    suda_block,
)
from sinasim.site import SimArticle, Site, beijing

_FINANCE = "http://finance.sina.com.cn"
_DATA = "http://vip.stock.finance.sina.com.cn"


@cache
def _head_extra() -> str:
    return f"""{style_block("blk/page", 7_000, "blk")}
<script type="text/javascript" src="http://i3.sinaimg.cn/dy/js/jsLoader.js"></script>
<script type="text/javascript">
var CHANNEL_INFO={{channel:'finance',encoding:'gb2312',stockRegex:/(sh|sz)[0-9]{{6}}/g}};
</script>"""


@cache
def _top() -> str:
    """From ``<body>`` to the breadcrumb: tracker, portal bar, channel bar and search, banner ads."""
    portal = " | ".join(f'<a href="http://{host}.sina.com.cn/">{name}</a>' for name, host in (*PORTAL, *PORTAL_MORE))
    channels = "".join(
        f'<li><a href="http://finance.sina.com.cn/{path}" target="_blank">{name}</a></li>' for name, path in FINANCE_NAV
    )
    return f"""{suda_block("V=1.0.9", size=8_000)}
<div class="top_bar" id="top_bar">
    <div class="top_bar_inner"><a href="http://www.sina.com.cn/" class="top_home">新浪首页</a> | {portal}
    <span class="top_login"><a href="http://login.sina.com.cn/signup/signup.php" target="_blank">注册</a>
        <a href="javascript:;" id="top_login_btn">登录</a></span></div>
</div>
<div class="blkTop clearfix" id="blkTop">
    <div class="logo"><a href="http://finance.sina.com.cn/">
        <img src="http://i1.sinaimg.cn/dy/deco/2012/0613/logo_finance.png" alt="新浪财经" width="180" height="50"></a>
        </div>
    <div class="topAd">{ad("PDPS000000005812")}</div>
</div>
<div class="nav" id="nav"><ul class="navList clearfix">{channels}</ul></div>
<div class="searchBar clearfix">
    <form action="http://search.sina.com.cn/" method="get" target="_blank" name="hqsearch">
        <select name="c"><option value="news" selected="selected">新闻</option><option value="blog">博客</option>
            <option value="stock">股票</option></select>
        <input type="text" name="q" class="txt" value="" /><input type="submit" class="btn" value="搜索" />
    </form>
    <div class="hq_links">{link_row([(name, f"{_DATA}/{path}") for name, path in TOOLS[:8]])}</div>
</div>
<!-- 通栏广告 begin -->
<div class="adBanner">{ad("PDPS000000005813")}</div>
<!-- 通栏广告 end -->"""


@cache
def _after_static() -> tuple[str, str]:
    """The comment box and recommendations (left), then the bottom channel rows, footer and scripts."""
    topics = headline_list("blk/topics", 8, "http://finance.sina.com.cn/focus/z{n}/")
    pictures = "".join(
        f'<li><a href="http://slide.finance.sina.com.cn/slide_9_{40_000 + n}.html" target="_blank">'
        f'<img src="http://i0.sinaimg.cn/cj/2012/p{n}.jpg" width="120" height="90" alt="" /><span>{who}</span></a></li>'
        for n, who in enumerate(people("blk/pic", 4))
    )
    left = f"""<div class="blkComment otherContent_01 clearfix" id="blkCommentBox">
    <div class="cmntTitle"><span>网友评论</span>
        <a href="http://comment.finance.sina.com.cn/" target="_blank">更多评论</a></div>
    <div class="cmntBox"><textarea name="content" rows="5" cols="60"></textarea><p class="cmntBtn">
        <a href="javascript:;" class="submit">发表评论</a></p></div>
</div>
<div class="moduleSingleImg01" id="blkPicRecommend"><h3>图片推荐</h3><ul class="clearfix">{pictures}</ul></div>
<div class="blkTopics" id="blkTopics"><h3>专题推荐</h3><ul>{topics}</ul></div>
{ad("PDPS000000005814")}"""
    rows = "\n".join(
        f"<p>{link_row([(name, f'{_FINANCE}/{path}') for name, path in FINANCE_NAV[i : i + 10]])}</p>"
        for i in range(0, len(FINANCE_NAV), 10)
    )
    bottom = f"""<div class="bottomNav" id="bottomNav">
{rows}
<p>{link_row([(name, f"http://{host}.sina.com.cn/") for name, host in (*PORTAL, *PORTAL_MORE)])}</p>
</div>
<div class="footer" id="footer">
<p>{footer_links(" | ")}</p>
<p>客户服务热线：4006900000</p>
<p>Copyright &copy; 1996-2013 SINA Corporation, All Rights Reserved</p>
<p>新浪公司 <a href="http://www.sina.com.cn/intro/copyright.shtml">版权所有</a></p>
</div>
<script type="text/javascript" src="http://d1.sina.com.cn/js/ad/rotate.js"></script>
<script type="text/javascript">{_blk_js()}</script>"""
    return left, bottom


@cache
def _side_static() -> str:
    """The right column's fixed boxes: market data tools, hot stocks, special reports, videos."""
    tools = "".join(
        f'<li><a href="http://vip.stock.finance.sina.com.cn/{path}" target="_blank">{name}</a></li>'
        for name, path in TOOLS
    )
    stocks = "".join(f'<li><a href="{url}" target="_blank">{_t(name)}</a></li>' for name, url in quote_links("http"))
    topics = headline_list("blk/side-topics", 8, "http://finance.sina.com.cn/focus/s{n}/")
    videos = headline_list("blk/videos", 8, "http://video.sina.com.cn/p/finance/{n}.html")
    return f"""<div class="sideBlk" id="dataTools"><h3>数据中心</h3><ul class="clearfix">{tools}</ul></div>
<div class="sideBlk" id="hotStocks"><h3>热门股票</h3><ul class="clearfix">{stocks}</ul></div>
<div class="sideAd">{ad("PDPS000000005818")}</div>
<div class="sideBlk" id="sideTopics"><h3>财经专题</h3><ul>{topics}</ul></div>
<div class="sideBlk" id="sideVideos"><h3>财经视频</h3><ul>{videos}</ul></div>
<div class="sideAd">{ad("PDPS000000005819")}</div>"""


def _blk_js() -> str:
    return filler.js("blk/page", 4_200)


@lru_cache(maxsize=16)
def _right(links: SiteLinks) -> str:
    """The right column for one site state."""
    blogs = headline_list("blk/blogs", 10, "http://blog.sina.com.cn/s/blog_{n}.html?tj=fina")
    guba = headline_list("blk/guba", 10, "http://guba.sina.com.cn/?s=thread&tid={n}")
    return f"""<div class="blkSide" id="blkSide">
<div class="sideAd">{ad("PDPS000000005815")}</div>
<div class="sideBlk" id="rankNews"><h3>财经排行</h3><ul class="rankList">{links.ranked("http", 0, 10)}</ul></div>
<div class="sideBlk" id="rollNews"><h3>滚动新闻</h3><ul>{links.timed("http", 10, 10)}</ul></div>
<div class="sideAd">{ad("PDPS000000005816")}</div>
<div class="sideBlk" id="blogList"><h3>博客</h3><ul>{blogs}</ul></div>
<div class="sideBlk" id="gubaList"><h3>股吧</h3><ul>{guba}</ul></div>
<div class="sideAd">{ad("PDPS000000005817")}</div>
{_side_static()}
</div>"""


def render_blk(article: SimArticle, site: Site) -> str:
    """Pre-2014 ``blk`` page, declared gb2312 (the server sends GBK bytes and no charset header)."""
    left, bottom = _after_static()
    links = site_links(site)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-type" content="text/html; charset=gb2312" />
<title>{_t(article.title)}{SITE_SUFFIX}</title>
<meta name="keywords" content="{_a(",".join((article.title, *article.tags)))}" />
<meta name="description" content="{_a(description(article))}" />
<meta name="publishid" content="{article.doc_id}" />
<meta name="weibo: article:create_at" content="{beijing(article.ctime, "%Y-%m-%d %H:%M:%S")}" />
<meta property="og:url" content="{article.real_url}" />
<link rel="stylesheet" type="text/css" href="http://i1.sinaimg.cn/dy/deco/2012/0613/sinanews.css" />
<script type="text/javascript" src="http://i1.sinaimg.cn/home/sinaflash.js"></script>
{_head_extra()}
</head>
<body><!-- body code begin -->
{_top()}
<div class="crumbs" id="crumbs"><a href="{_FINANCE}/">新浪财经</a> &gt;
    <a href="{_FINANCE}/{article.placement.path}/">{_t(channel_name(article, site))}</a> &gt; 正文</div>
<div class="blkContainer" id="blkContainer">
<div class="blkContainerSblk">
<h1 id="artibodyTitle">{_t(article.title)}</h1>
<div class="artInfo"><span id="pub_date">{beijing(article.ctime, "%Y年%m月%d日 %H:%M")}</span>&nbsp;&nbsp;<span id="media_name"><a href="http://finance.sina.com.cn/" target="_blank">{_t(article.media_name)}</a>&nbsp;</span></div>
<div class="blkContainerSblkCon BSHARE_POP clearfix" id="artibody">
<!-- 正文内容 begin -->
<!-- publish_helper name='原始正文' p_id='31' t_id='1' d_id='{article.doc_id}' -->
{body_blocks(article, old_images=True)}
<!-- publish_helper_end -->
</div>
<!-- 正文内容 end -->
<p class="article-editor">（责任编辑：{_t(article.editor)}）</p>
<div class="blkComment otherContent_01" id="blkComment"><a href="http://comment.finance.sina.com.cn/">我要评论</a></div>
<div class="corrTxt_01" id="corrTxt"><h3>相关阅读</h3><ul>{related(links, article, 6, "http")}</ul></div>
<div class="blkNews" id="blkNews"><h3>财经要闻</h3><ul>{links.plain("http", 20, 10)}</ul></div>
{left}
</div>
{_right(links)}
</div>
{bottom}
</body>
</html>
"""
