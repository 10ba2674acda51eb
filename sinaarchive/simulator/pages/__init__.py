"""Render a ``SimArticle`` as the full page its template era would serve (SINA.md §2-§4).

One renderer per era, each copying the markup of a real sample:

- ``v2017``: ``reference/sina/page_2026-09-29_…_raw_EXCERPT.html`` and ``fragment_2026-09-28_…``: ``h1.main-title``,
  ``div.date-source``, ``<!-- 原始正文begin -->`` ``div.article#artibody`` with every placeholder comment, the
  ``news_keyword_pub`` comment, the QR block and ``p.article-editor`` inside the body;
- ``v2014``: ``reference/sina/page_2016-05-25_…_raw.html``: ``h1#artibodyTitle``, ``span.time-source``,
  ``div.article.article_16#artibody`` with ``<!-- 原始正文start -->``…``end``, the editor line outside the div;
- ``news``: the news.sina.com.cn sister template (GeneralNewsExtractor ``tests/sina/5.html``): ``div.article#article``
  with ``p.show_author`` inside;
- ``blk``: pre-2014, GB2312 declared, ``div.blkContainerSblkCon#artibody``. No raw page of this era was available
  (SINA.md §9), so apart from the selectors SINA.md §2 lists, its markup is a plausible reconstruction.

The omitted parts of the samples (tracking scripts, nav, sidebar, footer) are stood in for by shorter cruft of the
same kind, so cleaners still meet scripts, styles, ``ins.sinaads`` ads and link lists outside the body.
Text comes from the model: the text content of each body ``<p>`` equals one of ``article.paragraphs``.
"""

from __future__ import annotations

import re
from html import escape

from sinaarchive.simulator.site import SimArticle, SimImage, SimStock, Site, beijing

SITE_SUFFIX = "_新浪财经_新浪网"
NEWS_SUFFIX = "_新浪新闻"
# The 2026 finance QR promo (SINA.md §4): the image changed from 20200514/343233024.png in 2024.
QR_IMAGE = "//n.sinaimg.cn/finance/cece9e13/20240627/655959900_20240627.png"
QR_TEXT = "海量资讯、精准解读，尽在新浪财经APP"


def render(article: SimArticle, site: Site) -> bytes:
    """The page as the server sends it: UTF-8, or GBK for ``blk`` pages (``variant`` pages: see ``hostile.py``)."""
    if article.variant:
        return _VARIANTS[article.variant](article, site).encode(article.encoding)
    renderer = _RENDERERS[article.era]
    return renderer(article, site).encode(article.encoding)


def _t(text: str) -> str:
    """Text-node escaping; no-break spaces become ``&nbsp;`` as in raw Sina HTML (and GBK has no U+00A0)."""
    return escape(text, quote=False).replace("\u00a0", "&nbsp;")


def _a(text: str) -> str:
    return escape(text, quote=True).replace("\u00a0", "&nbsp;")


def https_url(article: SimArticle) -> str:
    """The canonical URL pages carry in ``og:url``: https on the real host, whatever host served the page."""
    return f"https://{article.host}{article.path}"


def mobile_url(article: SimArticle) -> str:
    return f"https://{article.mobile_host}{article.mobile_path}"


def description(article: SimArticle) -> str:
    """``meta[name=description]``: the opening paragraphs, cut with ``...`` like the 2026 sample."""
    text = "\n".join(article.base_paragraphs[:2])
    return text if len(text) <= 100 else text[:100] + "..."


def _channel_name(article: SimArticle, site: Site) -> str:
    channel = site.channel(article.placement.lid)
    return channel.name if channel else "财经"


# --- body ----------------------------------------------------------------------------------------------------

def stock_link(stock: SimStock) -> str:
    """The CMS stock link, byte for byte like raw 2026 HTML: unquoted attributes, empty quote span."""
    return (
        f'<span id={stock.span_id}><a href={stock.quote_url} class="keyword" target=_blank '
        f'data-sudaclick="content_marketkeywords_p">{_t(stock.name)}</a></span><span id=quote_{stock.code}></span>'
    )


def keyword_comment(article: SimArticle) -> str:
    """``<!-- news_keyword_pub,usstock,MU&AMD -->``, or ``<!-- news_keyword_pub,stock, -->`` with no stocks."""
    market = article.stocks[0].market if article.stocks else "stock"
    return f"<!-- news_keyword_pub,{market},{'&'.join(s.code for s in article.stocks)} -->"


_QUOTED = re.compile(r"“[^”]{1,20}”")


def _paragraph_html(text: str, pending: list[SimStock]) -> str:
    """One ``<p>``: the first mention of each not-yet-linked stock becomes a CMS link (linked once per body)."""
    hits = sorted((text.find(s.name), s) for s in pending if s.name in text)
    pieces, cursor = [], 0
    for position, stock in hits:
        if position < cursor:
            continue
        pieces += [_t(text[cursor:position]), stock_link(stock)]
        cursor = position + len(stock.name)
        pending.remove(stock)
    pieces.append(_t(text[cursor:]))
    html = "".join(pieces)
    if not hits:
        # A bold phrase, as in the 2026 sample's <strong>超级多头</strong>; text content is unchanged.
        html = _QUOTED.sub(lambda m: f"<strong>{m.group(0)}</strong>", html, count=1)
    return f"<p>{html}</p>"


def _image_html(image: SimImage, *, old: bool) -> str:
    if old:  # 2014-2016: http URLs and the centred wrapper (SINA.md §4)
        return (f'<div align="center" class="img_wrapper"><img class="img_inner" src="http:{image.url}" '
                f'alt="{_a(image.caption)}"><span class="img_descr">{_t(image.caption)}</span></div>')
    return (f'<div class="img_wrapper"><img src="{image.url}" alt="{_a(image.caption)}">'
            f'<span class="img_descr">{_t(image.caption)}</span></div>')


def body_blocks(article: SimArticle, *, old_images: bool = False) -> str:
    """Paragraphs and images, one per line, the keyword comment glued to the last ``</p>`` as in the samples."""
    pending = list(article.stocks)
    images = list(article.images)
    extra = sorted(article.extra_html, key=lambda block: block[0])
    lines = []
    for index, text in enumerate(article.paragraphs):
        lines.append(_paragraph_html(text, pending))
        while images and images[0].after == index:
            lines.append(_image_html(images.pop(0), old=old_images))
        while extra and extra[0][0] <= index:
            lines.append(extra.pop(0)[1])
    lines += [html for _, html in extra]
    return "\n".join(lines) + keyword_comment(article)


QR_BLOCK = f"""            <!-- 文末二维码 start -->
            <style>
            .appendQr_wrap{{border:1px solid #E6E6E6;padding:8px;}}
            .appendQr_normal{{float:left;}}
            .appendQr_normal img{{width:100px;}}
            .appendQr_normal_txt{{float:left;font-size:20px;line-height:100px;padding-left:20px;color:#333;}}
            </style>
            <div class="clearfix appendQr_wrap">
                <div class="appendQr_normal"><img src="{QR_IMAGE}" /></div>
                <div class="appendQr_normal_txt">{QR_TEXT}</div>
            </div>
            <!-- 文末二维码 start -->"""


# --- shared cruft --------------------------------------------------------------------------------------------

SINAADS_LOADER = (
    "<script>(function(d,s,id){var s,n=d.getElementsByTagName(s)[0];if(d.getElementById(id))return;"
    "s=d.createElement(s);s.id=id;s.setAttribute('charset','utf-8');s.src='//d'+Math.floor(0+Math.random()*(9-0+1))"
    "+'.sina.com.cn/litong/zhitou/sinaads/release/sinaads.js';n.parentNode.insertBefore(s,n);})"
    "(document,'script','sinaads-script');</script>"
)


_ADS_PUSH = "(sinaads = window.sinaads || []).push({})"


def _ad(pdps: str) -> str:
    return f'<ins class="sinaads" data-ad-pdps="{pdps}"></ins>\n<script>{_ADS_PUSH}</script>'


def _tracking_script(article: SimArticle, channel: str) -> str:
    """Stands in for the ~28k of SUDA/SSO scripts the 2026 excerpt omits: a global page-info object."""
    return f"""<script type="text/javascript">
var SINA_TEXT_PAGE_INFO = {{
  entry: 'account', channel: '{channel}', newsid: 'comos-{article.doc_id}', encoding: '{article.encoding}',
  docID: 'http://doc.sina.cn/?id=comos:{article.doc_id}', pagepubtime: '{article.date}', difDay: 180
}};
</script>
<script type="text/javascript" src="//i.sso.sina.com.cn/js/ssologin.js"></script>"""


def _top_nav() -> str:
    return """<div class="sina-header"><div class="sina-header-inner">
<a class="sina-logo" href="https://www.sina.com.cn/" target="_blank">新浪首页</a>
<ul class="sina-nav"><li><a href="https://news.sina.com.cn/">新闻</a></li><li><a href="https://finance.sina.com.cn/">财经</a></li>
<li><a href="https://sports.sina.com.cn/">体育</a></li><li><a href="https://tech.sina.com.cn/">科技</a></li></ul>
<div class="sina-login"><a href="javascript:;" node-type="login">登录</a></div>
</div></div>"""


def _sidebar(site: Site, article: SimArticle) -> str:
    """A right column of "most read" links, the kind of junk a body extractor must not pick up."""
    others = [a for a in site.newest(7) if a is not article][:6]
    items = "\n".join(f'<li><a href="{https_url(a)}" target="_blank">{_t(a.title)}</a></li>' for a in others)
    return f"""<div class="article-content-right">
<div class="right-ad">{_ad("PDPS000000057137")}</div>
<div class="most-read" id="most_read"><h3>新浪财经排行</h3><ul>
{items}
</ul></div>
</div>"""


def _footer() -> str:
    return """<div class="footer" id="footer">
<p><a href="https://corp.sina.com.cn/chn/">新浪简介</a> | <a href="https://corp.sina.com.cn/eng/">About Sina</a> | <a href="https://emarketing.sina.com.cn/">广告服务</a> | <a href="https://www.sina.com.cn/contactus.html">联系我们</a></p>
<p>Copyright &copy; 1996-2026 SINA Corporation, All Rights Reserved</p>
<p>新浪公司 <a href="https://www.sina.com.cn/intro/copyright.shtml">版权所有</a></p>
</div>
<script type="text/javascript" src="//finance.sina.com.cn/other/src/article-widgets.min.js"></script>
<script type="text/javascript">jsLoader({name:'shm',callback:function(){SHM.register('home.custEvent.firstpage.fire',function(){});}});</script>"""


# --- v2017 ---------------------------------------------------------------------------------------------------

def _head_v2017(article: SimArticle) -> str:
    url, created = https_url(article), beijing(article.ctime, "%Y-%m-%d %H:%M:%S")
    iso = beijing(article.published, "%Y-%m-%dT%H:%M:%S+08:00")
    image = article.images[0].url if article.images else ""
    title, mobile = _a(article.title), mobile_url(article)
    agents = "\n".join(f'<meta name="mobile-agent" content="format={f}; url={mobile}">' for f in ("html5", "xhtml", "wml"))
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
<meta name="sudameta" content="dataid:comos:{article.doc_id}" /></head>"""


def _artibody_v2017(article: SimArticle, *, empty: bool = False) -> str:
    """The ``原始正文begin…end`` region of the 2026 samples, placeholders and whitespace included.

    ``empty``: the body holds only an ad slot, the keyword comment and the QR block, no text and no editor line.
    """
    blocks = _ad("PDPS000000060746") + keyword_comment(article) if empty else body_blocks(article)
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
    channel = _channel_name(article, site)
    return f"""
<!DOCTYPE html>
<!-- [ published at {beijing(article.mtime, "%Y-%m-%d %H:%M:%S")} ] -->

<html>
{_head_v2017(article)}
<!-- import sinaads.js start-->
{SINAADS_LOADER}
<!-- import sinaads.js end-->
<body><!-- body code begin -->
{_tracking_script(article, "cj")}
{_top_nav()}
<!-- main content start -->
<div class="main-content w1240">
	<!-- 顶通 begin -->
	<div class="top-banner clearfix"><div class="tb-left">{_ad("PDPS000000056985")}</div></div>
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
            </div>
        </div>
    </div>
    <div class="article-content clearfix" id='article_content'>
        <div class="article-content-left">
            <!-- 正文广告top start -->
            <div class="ad top-ad">{_ad("PDPS000000060745")}</div>
            <!-- 正文广告top end -->
			<!-- 引文 start -->
            <!-- 引文 end -->
            <!-- 正文 start -->
{_artibody_v2017(article, empty=empty)}

				<!-- 正文下部begin -->
		<div class="article-bottom clearfix" id='article-bottom'>
			<div style="margin: 20px auto 15px; font-size:14px;">{_ad("PDPS000000067953")}</div>
			<!-- 关键词begin -->
			
			<!-- 关键词end -->
		</div>
        </div>
{_sidebar(site, article)}
    </div>
</div>
<!-- main content end -->
{_footer()}
</body>
</html>
"""


# --- v2014 ---------------------------------------------------------------------------------------------------

def _head_v2014(article: SimArticle) -> str:
    title, mobile, tags = _a(article.title), mobile_url(article), _a(",".join(article.tags))
    # 2016 titles append the tags: "人民币中间价创逾五年新低 做市商称符合预期|金融改革|黄益平|离岸人民币_新浪财经_新浪网"
    head_title = _t("|".join((article.title, *article.tags)))
    agents = "\n".join(f'<meta name="mobile-agent" content="format={f}; url={mobile}">' for f in ("html5", "xhtml", "wml"))
    return f"""<head>
    <link rel="mask-icon" sizes="any" href="http://www.sina.com.cn/favicon.svg" color="red">
	<meta http-equiv="X-UA-Compatible" content="IE=edge" />
	<meta charset="utf-8"/>
<meta name="sudameta" content="urlpath:{article.placement.path.split("/")[0]}/; allCIDs:56982,257,51894,258">
<title>{head_title}{SITE_SUFFIX}</title>
<meta name="keywords" content="{tags}" />
<meta name="tags" content="{tags}" />
<meta name="description" content="{_a(description(article))}" />

<meta property="og:type" content="news" />
<meta property="og:title" content="{title}" />
<meta property="og:description" content="{title}" />
<meta property="og:url" content="{article.real_url}" />
<meta property="og:image" content="" />
<meta name="weibo: article:create_at" content="{beijing(article.ctime, "%Y-%m-%d %H:%M:%S")}" />

<!--news_web_article_v2014_meta -->

<meta name="stencil" content="PGLS000526" />
<meta name="publishid" content="{article.doc_id}" />
<meta name="comment" content="cj:comos-{article.doc_id}" />
<meta name="mediaid" content="{_a(article.media_name)}">
<!-- web_article_v2015_mobile_agent_meta begin-->
{agents.replace("https://", "http://")}
<!-- web_article_v2015_mobile_agent_meta end -->
<!-- id： {article.doc_id} URL： {article.real_url} -->
<meta name=jspreload content="jspreload">
	<meta property="article:published_time" content="{beijing(article.published, "%Y-%m-%dT%H:%M:%S+08:00")}" />
<meta property="article:author" content="{_a(article.media_name)}" />
    <script type="text/javascript" src="http://i1.sinaimg.cn/home/sinaflash.js"></script>
    <link rel="stylesheet" type="text/css" href="http://finance.sina.com.cn/text/1007/2015-07-02/common.min.css" />
    <script type="text/javascript" src="http://news.sina.com.cn/js/87/content2014/common.js"></script>
</head>"""


def _artibody_v2014(article: SimArticle) -> str:
    """2016 sample: the text between ``原始正文start``/``end``, a 股吧 promo after it, the editor outside the div."""
    return f"""<div class="article article_16" id="artibody">
	    <!--视频播放器start-->
	    <!--视频播放器end -->
	    <!--行情图 start-->
	    <!--行情图 end-->
	    <!--上图片--> 
	    <!--广告推广-->
	    <!--文章开头推广-->
	    <!-- 原始正文start -->
	                
    {body_blocks(article, old_images=True)}


		    <!-- 原始正文end -->
	    <!-- 按美股来源显示图片start -->
	    <!-- 按美股来源显示图片end -->
	    <!--总声明-->
		<!--股吧推广-->
	     <div data-sudaclick="suda_1028_guba"><p>进入<a href='http://guba.sina.com.cn' target='_blank'>【新浪财经股吧】</a>讨论</p></div>
</div>

                <!--正文部分end-->
				<!--编辑真实姓名及工作代码begain-->
<p class="article-editor">责任编辑：{_t(article.editor)}</p>
				<!--编辑真实姓名及工作代码end-->"""


def render_v2014(article: SimArticle, site: Site) -> str:
    tags = " ".join(f'<a href="http://tags.finance.sina.com.cn/{_a(t)}" target="_blank">{_t(t)}</a>' for t in article.tags)
    return f"""<!DOCTYPE html>
<!-- [ published at {beijing(article.mtime, "%Y-%m-%d %H:%M:%S")} ] -->

<html>
{_head_v2014(article)}
<body>
{_tracking_script(article, "cj")}
{_top_nav()}
    <div class="wrap-outer clearfix">
        <div class="page-header">
            <h1 id="artibodyTitle" cid="56982" docid="{article.doc_id}">{_t(article.title)}</h1>
        </div>
        <div class="page-info">
      <span class="time-source">
		    {beijing(article.ctime, "%Y年%m月%d日%H:%M")} 
 
{_t(article.media_name)}



      </span>
        </div>
        <div class="page-content clearfix" id="articleContent">
            <div class="left">
                <!--正文部分-->
<div class="l_banner1">{SINAADS_LOADER}
{_ad("PDPS000000056026")}</div>
{_artibody_v2014(article)}
<div class="article-info clearfix">
    			<div class="article-keywords" data-sudaclick="art_keywords">
			  <span>文章关键词：</span>
			  {tags}
			</div>
</div>
            </div>
{_sidebar(site, article)}
        </div>
    </div>
{_footer()}
</body>
</html>
"""


# --- news.sina.com.cn ----------------------------------------------------------------------------------------

def render_news(article: SimArticle, site: Site) -> str:
    """news.sina.com.cn (2019-2024): no QR block; ``p.show_author`` closes ``div.article#article``."""
    title, mobile = _a(article.title), mobile_url(article)
    created = beijing(article.ctime, "%Y-%m-%d %H:%M:%S")
    keys = _a(",".join(article.tags))
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
<meta property="og:image" content="{('http:' + article.images[0].url) if article.images else ''}" />
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
<meta name="sudameta" content="dataid:comos:{article.doc_id}" /></head>
<body>
{_tracking_script(article, "gn")}
{_top_nav()}
<div class="main-content w1240">
    <h1 class="main-title">{_t(article.title)}</h1>
    <div class="top-bar-wrap" id="top_bar_wrap"><div class="top-bar ani" id="top_bar"><div class="top-bar-inner clearfix">
<div class="date-source">
    <span class="date">{beijing(article.ctime, "%Y年%m月%d日 %H:%M")}</span>
    <a href="https://www.sina.com.cn/mid/search.shtml?q={_a(article.media_name)}" target="_blank" class="source" data-sudaclick="content_media_p" rel="nofollow">{_t(article.media_name)}</a>
</div>
    </div></div></div>
    <div class="article-content clearfix" id="article_content">
        <div class="article-content-left">
            <div class="article" id="article">
{body_blocks(article)}
								
<p class="show_author">责任编辑：{_t(article.editor)}</p><div style="font-size: 0px; height: 0px; clear: both;"></div>
			</div>
            <div class="keywords" id="keywords" data-wbkey="{keys}"></div>
            <div class="article-bottom clearfix" id="article-bottom">{_ad("PDPS000000060670")}</div>
        </div>
{_sidebar(site, article)}
    </div>
</div>
{_footer()}
</body>
</html>
"""


# --- blk (pre-2014, GBK) -------------------------------------------------------------------------------------

def render_blk(article: SimArticle, site: Site) -> str:
    """Pre-2014 ``blk`` page, declared gb2312 (the server sends GBK bytes and no charset header)."""
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
</head>
<body><!-- body code begin -->
{_top_nav()}
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
</div>
</div>
{_footer()}
</body>
</html>
"""


_RENDERERS = {"v2017": render_v2017, "v2014": render_v2014, "news": render_news, "blk": render_blk}


# --- article-less pages (hostile.make_empty_body / make_bodyless) ---------------------------------------------

def render_empty_body(article: SimArticle, site: Site) -> str:
    """A v2017 page whose ``#artibody`` holds only an ad slot and the QR block: nothing is left after cleaning."""
    return render_v2017(article, site, empty=True)


def render_no_body(article: SimArticle, site: Site) -> str:
    """A page of another shape (a video page): title, date and source, a player, but no body container at all."""
    return f"""<!DOCTYPE html>
<html>
{_head_v2017(article)}
<body>
{_tracking_script(article, "cj")}
{_top_nav()}
<div class="main-content w1240">
    <h1 class="main-title">{_t(article.title)}</h1>
{_date_source_v2017(article)}
    <div class="video-content clearfix" id="video_content">
        <div class="video-box" id="video_box"><div id="myFlashDiv" data-vid="{article.oid}" data-sudaclick="video_p">视频加载中，请稍候…</div></div>
        <div class="video-desc">{_t(article.intro)}</div>
    </div>
{_sidebar(site, article)}
</div>
{_footer()}
</body>
</html>
"""


_VARIANTS = {"empty_body": render_empty_body, "no_body": render_no_body}


def not_found_page() -> bytes:
    """Sina's 404 wording ("页面没有找到"); served for any unknown path."""
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"/><title>页面没有找到</title></head>\n'
        '<body><div class="err404"><h1>页面没有找到</h1><p>5秒钟之后将会带您进入新浪首页!</p>'
        '<a href="https://www.sina.com.cn/">新浪首页</a></div></body></html>\n'
    ).encode("utf-8")
