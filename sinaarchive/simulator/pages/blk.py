"""The pre-2014 template (``blk``): GB2312 declared, ``div.blkContainerSblkCon#artibody``.

No raw page of this era was available (SINA.md §9), so apart from the selectors SINA.md §2 lists, its markup is a
plausible reconstruction.
"""

from __future__ import annotations

from sinaarchive.simulator.pages.body import body_blocks
from sinaarchive.simulator.pages.common import SITE_SUFFIX, _a, _t, description
from sinaarchive.simulator.pages.cruft import footer, top_nav
from sinaarchive.simulator.site import SimArticle, Site, beijing


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
{top_nav()}
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
{footer()}
</body>
</html>
"""
