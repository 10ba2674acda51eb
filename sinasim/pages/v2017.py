"""The current finance template (``v2017``), and the article-less pages built on it (``hostile.py``).

As real 2026 finance pages (the "2026 samples") have it: ``h1.main-title``, ``div.date-source``,
``<!-- 原始正文begin -->`` ``div.article#artibody`` with every placeholder comment, the ``news_keyword_pub``
comment, the QR block and ``p.article-editor`` inside the body. The chrome around it (trackers, nav bars, right
column, comment area, footer) is ``modern``'s, after a real 2018 page of the same template.
"""

from __future__ import annotations

from sinasim.pages.body import QR_BLOCK, body_blocks, keyword_comment
from sinasim.pages.common import SITE_SUFFIX, _a, _t, channel_name, description, https_url, mobile_url
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


def _head_v2017(article: SimArticle) -> str:
    url, created = https_url(article), beijing(article.ctime, "%Y-%m-%d %H:%M:%S")
    iso = beijing(article.published, "%Y-%m-%dT%H:%M:%S+08:00")
    image = article.images[0].url if article.images else ""
    title, mobile = _a(article.title), mobile_url(article)
    agents = "\n".join(
        f'<meta name="mobile-agent" content="format={f}; url={mobile}">' for f in ("html5", "xhtml", "wml")
    )
    return f"""<head>
    <meta charset="utf-8"/>
    <meta http-equiv="X-UA-Compatible" content="IE=edge"/>
	<meta content="always" name="referrer">
	<meta property="bytedance:published_time" content="{iso}" />
<meta property="bytedance:lrDate_time" content="{iso}" />
<meta property="bytedance:updated_time" content="{beijing(article.mtime, "%Y-%m-%dT%H:%M:%S+08:00")}" />
<meta name="sudameta" content="urlpath:{article.placement.path.split("/")[0]}/; allCIDs:57045,257,51894,56416,258">
<title>{_t(article.title)}{SITE_SUFFIX}</title>
<meta name="keywords" content="{title}" />
<meta name="tags" content="" />
<meta name="description" content="{_a(description(article))}" />

<meta property="og:type" content="news" />
<meta property="og:title" content="{title}" />
<meta property="og:description" content="{title}" />
<meta property="og:url" content="{url}" />
<meta property="og:image" content="{image}" />
<meta name="weibo: article:create_at" content="{created}" />
<meta name="weibo: article:update_at" content="{beijing(article.mtime, "%Y-%m-%d %H:%M:%S")}" />
<link rel="alternate" type="text/markdown" href="{url}.md" title="AI-readable content">
<!--news_web_article_v2017_meta -->

<meta name="stencil" content="PGLS000526" />
<meta name="publishid" content="{article.doc_id}" />
<meta name="comment" content="cj:comos-{article.doc_id}" />
<meta name="sudameta" content="comment_channel:cj;comment_id:comos-{article.doc_id}" />

<meta name="mediaid" content="{_a(article.media_name)}">
<meta name="sudameta" content="sinaog:0" />
<!-- web_article_v2015_mobile_agent_meta begin-->
{agents}
<!-- web_article_v2015_mobile_agent_meta end -->

<meta property="article:published_time" content="{iso}" />
<meta property="article:author" content="{_a(article.media_name)}" />

<meta name='sinaPlistaAD' content='{{"article":"false","articleID":"artibody","video":"false"}}'>
	<meta http-equiv="Content-Security-Policy" content="upgrade-insecure-requests">
<script type="text/javascript" src="//finance.sina.com.cn/other/src/doc/httpsjp.js"></script>
    <script src="//news.sina.com.cn/268/2015/0112/jquery.newest.js" charset="utf-8"></script>
    <script src="//finance.sina.com.cn/other/src/article-widgets.min.js"></script>
<link rel="stylesheet" type="text/css" href="//n3.sinaimg.cn/default/cf7470f9/20190830/cms_style.css?t=202112091430">
{head_styles()}
<meta name="sudameta" content="dataid:comos:{article.doc_id}" /></head>"""


def _artibody_v2017(article: SimArticle, *, empty: bool = False) -> str:
    """The ``原始正文begin…end`` region of the 2026 samples, placeholders and whitespace included.

    ``empty``: the body holds only an ad slot, the keyword comment and the QR block, no text and no editor line.
    """
    blocks = ad("PDPS000000060746") + keyword_comment(article) if empty else body_blocks(article)
    editor = "" if empty else f'<p class="article-editor">责任编辑：{_t(article.editor)} </p>'
    return f"""				<!-- 原始正文begin -->
				<div class="article" id="artibody">
					<!-- 相关专题top start-->
					
					<!-- 相关专题top end-->
								<!-- 期货推广begin -->
			
			<!-- 期货推广end -->

			<!-- 秒拍begin -->
			
			<!-- 秒拍end -->
	
			<!-- 视频播放器start -->
			
			<!-- 视频播放器end -->
	
			<!-- 行情图begin -->
			
			<!-- 行情图end -->

            

    {blocks}


			
			<!-- 正文下iframe -->
			

			<!-- 正文下iframe -->

			<!-- 总声明-->
			

			<!-- 总声明-->
			
			<!-- 文末二维码 start -->
			

{QR_BLOCK}

            <!-- 文末二维码 start -->

			<!-- 编辑姓名及工作代码 -->
			
{editor}
			<!-- 编辑姓名及工作代码-->

				</div>
				<!-- 原始正文end -->"""


def _date_source_v2017(article: SimArticle) -> str:
    return f"""<div class="date-source" data-sudaclick="content_media_p">
    <span class="date">{beijing(article.ctime, "%Y年%m月%d日 %H:%M")}</span>
    <span class="source ent-source">{_t(article.media_name)}</span></div>"""


def render_v2017(article: SimArticle, site: Site, *, empty: bool = False) -> str:
    channel, links = channel_name(article, site), site_links(site)
    return f"""
<!DOCTYPE html>
<!-- [ published at {beijing(article.mtime, "%Y-%m-%d %H:%M:%S")} ] -->

<html>
{_head_v2017(article)}
<!-- import sinaads.js start-->
{SINAADS_LOADER}
<!-- import sinaads.js end-->
<body><!-- body code begin -->
{suda_block()}
<!-- 内容区域 start -->
{tracking_script(article, "cj")}
{top_nav()}
{channel_bar("finance")}
<!-- main content start -->
<div class="main-content w1240">
	<!-- 顶通 begin -->
	<div class="top-banner clearfix"><div class="tb-left">{ad("PDPS000000056985")}</div></div>
	<!-- 顶通 end -->
    <!-- 面包削 search start -->
	<div class="path-search"><div class="path">
            <a class="channel-logo" href="http://finance.sina.com.cn/" data-sudaclick="cnav_logo_finance_p"></a>
            <div class="channel-path" data-sudaclick="cnav_breadcrumbs_p">
				<a href='http://finance.sina.com.cn/{article.placement.path}/'>{_t(channel)}</a>				<span class="spliter">></span>
				<span>正文</span>            </div>
        </div></div>
    <!-- 面包削 search end -->
    <h1 class="main-title">{_t(article.title)}</h1>
    <div class="top-bar-wrap" id="top_bar_wrap">
        <div class="top-bar ani" id="top_bar">
            <div class="top-bar-inner clearfix">
<div class="second-title">{_t(article.title)}</div>
{_date_source_v2017(article)}
<div class="page-tools" data-sudaclick="blk_share">
    <span class="tool-icon tool-fav"><a href="javascript:;" title="收藏本页">收藏</a></span>
    <span class="tool-icon tool-wb"><a href="javascript:;" data-share='weibo' title="分享到微博">微博</a></span>
</div>
{page_tools("cj")}
            </div>
        </div>
    </div>
    <div class="article-content clearfix" id='article_content'>
        <div class="article-content-left">
            <!-- 正文广告top start -->
            <div class="ad top-ad">{ad("PDPS000000060745")}</div>
            <!-- 正文广告top end -->
			<!-- 引文 start -->
            <!-- 引文 end -->
            <!-- 正文 start -->
{_artibody_v2017(article, empty=empty)}

				<!-- 正文下部begin -->
		<div class="article-bottom clearfix" id='article-bottom'>
			<div style="margin: 20px auto 15px; font-size:14px;">{ad("PDPS000000067953")}</div>
			<!-- 关键词begin -->
			
			<!-- 关键词end -->
		</div>
{after_body(article, links, "finance", "cj")}
				<!-- 正文下部end -->
            <!-- 正文 end -->
        </div>
{right_column(links, "finance")}
    </div>
</div>
<!-- main content end -->
{page_end("finance")}
</body>
</html>
"""


# --- article-less pages (hostile.make_empty_body / make_bodyless) ---------------------------------------------


def render_empty_body(article: SimArticle, site: Site) -> str:
    """A v2017 page whose ``#artibody`` holds only an ad slot and the QR block: nothing is left after cleaning."""
    return render_v2017(article, site, empty=True)


def render_no_body(article: SimArticle, site: Site) -> str:
    """A page of another shape (a video page): title, date and source, a player, but no body container at all."""
    return f"""<!DOCTYPE html>
<html>
{_head_v2017(article)}
<body><!-- body code begin -->
{suda_block()}
{tracking_script(article, "cj")}
{top_nav()}
{channel_bar("finance")}
<div class="main-content w1240">
    <h1 class="main-title">{_t(article.title)}</h1>
{_date_source_v2017(article)}
    <div class="video-content clearfix" id="video_content">
        <div class="video-box" id="video_box"><div id="myFlashDiv" data-vid="{article.oid}" data-sudaclick="video_p">视频加载中，请稍候…</div></div>
        <div class="video-desc">{_t(article.intro)}</div>
    </div>
{right_column(site_links(site), "finance")}
</div>
{page_end("finance")}
</body>
</html>
"""
