"""The 2014-2016 finance template (``v2014``).

Copied from ``reference/sina/page_2016-05-25_…_raw.html``: ``h1#artibodyTitle``, ``span.time-source``,
``div.article.article_16#artibody`` with ``<!-- 原始正文start -->``…``end``, the editor line outside the div.
"""

from __future__ import annotations

from sinaarchive.simulator.pages.body import body_blocks
from sinaarchive.simulator.pages.common import SITE_SUFFIX, _a, _t, description, mobile_url
from sinaarchive.simulator.pages.cruft import SINAADS_LOADER, ad, footer, sidebar, top_nav, tracking_script
from sinaarchive.simulator.site import SimArticle, Site, beijing


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
{tracking_script(article, "cj")}
{top_nav()}
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
{ad("PDPS000000056026")}</div>
{_artibody_v2014(article)}
<div class="article-info clearfix">
    			<div class="article-keywords" data-sudaclick="art_keywords">
			  <span>文章关键词：</span>
			  {tags}
			</div>
</div>
            </div>
{sidebar(site, article)}
        </div>
    </div>
{footer()}
</body>
</html>
"""
