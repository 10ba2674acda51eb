"""The news.sina.com.cn sister template (``news``).

As news.sina.com.cn article pages of 2019-2024 have it: ``div.article#article`` with ``p.show_author`` inside. The
chrome is the v2017 family's (``modern``), with the news channel bar and lighter head styles.
"""

from __future__ import annotations

from sinasim.pages.body import body_blocks
from sinasim.pages.common import NEWS_SUFFIX, _a, _t, channel_name, description, https_url, mobile_url
from sinasim.pages.cruft import (
    SINAADS_LOADER,
    ad,
    channel_bar,
    site_links,
    suda_block,
    top_nav,
    tracking_script,
)
from sinasim.pages.modern import after_body, head_styles, page_end, page_tools, right_column
from sinasim.site import SimArticle, Site, beijing


def render_news(article: SimArticle, site: Site) -> str:
    """news.sina.com.cn (2019-2024): no QR block; ``p.show_author`` closes ``div.article#article``."""
    title, mobile = _a(article.title), mobile_url(article)
    created = beijing(article.ctime, "%Y-%m-%d %H:%M:%S")
    keys, links = _a(",".join(article.tags)), site_links(site)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8"/>
<meta http-equiv="Content-type" content="text/html; charset=utf-8" />
<meta name="sudameta" content="urlpath:{article.placement.path}/; allCIDs:51922,257,51895,258">
<title>{_t(article.title)}{NEWS_SUFFIX}</title>
<meta name="keywords" content="{keys}" />
<meta name="tags" content="{keys}" />
<meta name="description" content="{_a(description(article))}" />
<meta property="og:type" content="news" />
<meta property="og:title" content="{title}" />
<meta property="og:description" content="{title}" />
<meta property="og:url" content="{https_url(article)}" />
<meta property="og:image" content="{("http:" + article.images[0].url) if article.images else ""}" />
<meta name="weibo: article:create_at" content="{created}" />
<meta name="weibo: article:update_at" content="{beijing(article.mtime, "%Y-%m-%d %H:%M:%S")}" />

<meta property="article:published_time" content="{beijing(article.published, "%Y-%m-%dT%H:%M:%S+08:00")}" />
<meta property="article:author" content="{_a(article.media_name)}" />

<meta name="stencil" content="PGLS000526" />
<meta name="publishid" content="{article.doc_id}" />
<meta name="comment" content="gn:comos-{article.doc_id}" />
<meta name="mediaid" content="{_a(article.media_name)}" />
<meta name="mobile-agent" content="format=html5; url={mobile}" />
<link rel="stylesheet" type="text/css" href="//news.sina.com.cn/css/pctianyi/tianyi.css" />
<script src="//n.sinaimg.cn/news/libs/jquery-1.11.1.min.js"></script>
{SINAADS_LOADER}
{head_styles()}
<meta name="sudameta" content="dataid:comos:{article.doc_id}" /></head>
<body><!-- body code begin -->
{suda_block()}
{tracking_script(article, "gn")}
{top_nav()}
{channel_bar("news")}
<div class="main-content w1240">
    <div class="top-banner clearfix"><div class="tb-left">{ad("PDPS000000056054")}</div></div>
    <div class="path-search"><div class="path">
        <a class="channel-logo" href="https://news.sina.com.cn/" data-sudaclick="cnav_logo_news_p"></a>
        <div class="channel-path" data-sudaclick="cnav_breadcrumbs_p">
            <a href="https://news.sina.com.cn/{article.placement.path}/">{_t(channel_name(article, site))}</a>
            <span class="spliter">&gt;</span><span>正文</span></div></div></div>
    <h1 class="main-title">{_t(article.title)}</h1>
    <div class="top-bar-wrap" id="top_bar_wrap"><div class="top-bar ani" id="top_bar"><div class="top-bar-inner clearfix">
<div class="date-source">
    <span class="date">{beijing(article.ctime, "%Y年%m月%d日 %H:%M")}</span>
    <a href="https://www.sina.com.cn/mid/search.shtml?q={_a(article.media_name)}" target="_blank" class="source" data-sudaclick="content_media_p" rel="nofollow">{_t(article.media_name)}</a>
</div>
{page_tools("gn")}
    </div></div></div>
    <div class="article-content clearfix" id="article_content">
        <div class="article-content-left">
            <div class="article" id="article">
{body_blocks(article)}
								
<p class="show_author">责任编辑：{_t(article.editor)}</p><div style="font-size: 0px; height: 0px; clear: both;"></div>
			</div>
            <div class="keywords" id="keywords" data-wbkey="{keys}"></div>
            <div class="article-bottom clearfix" id="article-bottom">{ad("PDPS000000060670")}</div>
{after_body(article, links, "news", "gn")}
        </div>
{right_column(links, "news")}
    </div>
</div>
{page_end("news")}
</body>
</html>
"""
