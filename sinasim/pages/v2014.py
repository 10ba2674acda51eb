"""The 2014-2016 finance template (``v2014``).

As a real 2016 finance page (the "2016 sample") has it: ``h1#artibodyTitle``, ``span.time-source``,
``div.article.article_16#artibody`` with ``<!-- 原始正文start -->``…``end``, the editor line outside the div.
The chrome follows the same page's arrangement: two copies of the SUDA tracker before the nav, page tools, promos,
app and bidding link lists under the body, a right column of iframes, ad slots and a long widget script, hidden SEO
copies of the script-filled boxes, then the footer, share and feed configs and the SSO updater.
"""

from __future__ import annotations

from functools import cache, lru_cache

from sinasim import words
from sinasim.pages import filler
from sinasim.pages.body import body_blocks
from sinasim.pages.common import SITE_SUFFIX, _a, _t, channel_name, description, mobile_url
from sinasim.pages.cruft import (
    FINANCE_NAV,
    SINAADS_LOADER,
    SiteLinks,
    ad,
    footer_links,
    headline_list,
    headlines,
    hidden_list,
    people,
    related,
    site_links,
    sso_update_block,
    style_block,
    suda_block,
    summaries,
    top_nav,
    tracking_script,
)
from sinasim.site import SimArticle, Site, beijing


def _head_v2014(article: SimArticle) -> str:
    title, mobile, tags = _a(article.title), mobile_url(article), _a(",".join(article.tags))
    # 2016 titles append the tags: "人民币中间价创逾五年新低 做市商称符合预期|金融改革|黄益平|离岸人民币_新浪财经_新浪网"
    head_title = _t("|".join((article.title, *article.tags)))
    agents = "\n".join(
        f'<meta name="mobile-agent" content="format={f}; url={mobile}">' for f in ("html5", "xhtml", "wml")
    )
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
{_head_scripts()}
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


# --- the 2016 sample's chrome (cruft.py has its measures): two SUDA copies, tools, promos, right column ---------

_FINANCE = "http://finance.sina.com.cn"
_ADS_LOADER_JS = """(function (d, s, id) {
            var s, n = d.getElementsByTagName(s)[0];
            if (d.getElementById(id)) return;
            s = d.createElement(s);
            s.id = id;
            s.setAttribute('charset', 'utf-8');
            s.src = '//d' + Math.floor(0 + Math.random() * (9 - 0 + 1))
                + '.sina.com.cn/litong/zhitou/{name}/release/{name}.js';
            n.parentNode.insertBefore(s, n);
        })(document, 'script', '{name}-script');"""


@cache
def _head_scripts() -> str:
    """The head's preload script, touch-device switches and the sinaads loader, spelled out as the sample has it."""
    return f"""<!-- js 预载-->
<script type="text/javascript">{filler.js("v2014/preload", 2_250)}</script>
<!-- /js 预载-->
<script type="text/javascript">{filler.js("v2014/touch", 800)}</script>
<script>
        {_ADS_LOADER_JS.replace("{name}", "sinaads")}
</script>"""


@cache
def _top() -> str:
    """From ``<body>`` to the page config: the trackers, twice, as the sample has them."""
    return f"""<!-- body code begin -->
{suda_block("V=2.1.16")}
<!-- body code begin 1 -->
{suda_block("V=2.1.15", label="1")}"""


@cache
def _nav() -> str:
    return f"""<!-- 登录 css -->
<link rel="stylesheet" type="text/css" href="http://i.sso.sina.com.cn/css/userpanel/account.css">
<link rel="stylesheet" href="{_FINANCE}/text/1007/2015-07-02/nav.css" type="text/css">
<div class="top_banner_0">{ad("PDPS000000056985")}</div>
<!-- 扩展对联 begin -->
{ad("2B7DB6CA8103")}
<!-- 扩展对联 end -->
{top_nav("http")}"""


@cache
def _site_nav() -> str:
    return "".join(f'<a href="{_FINANCE}/{path}" target="_blank">{name}</a>' for name, path in FINANCE_NAV[:12])


def _site_header(article: SimArticle, site: Site) -> str:
    return f"""        <div class="site-header clearfix">
            <h2><a href="{_FINANCE}/">新浪财经</a></h2>
            <div class="bread"><a href="{_FINANCE}/">新浪财经</a><span class="bread-spliter">&gt;</span>
                <a href="{_FINANCE}/{article.placement.path}/">{_t(channel_name(article, site))}</a>
                <span class="bread-spliter">&gt;</span>正文</div>
            <div class="site-nav">{_site_nav()}</div>
            <div class="search-wrap"><form action="http://search.sina.com.cn/" method="get" target="_blank">
                <input type="hidden" name="c" value="news"><input type="text" name="q" class="search-ipt" value="">
                <input type="submit" class="search-btn" value="搜索"></form></div>
        </div>
{_suggest()}"""


@cache
def _suggest() -> str:
    """The search box's suggest script and styles, and the narrow banner under the header."""
    return f"""<!--{_FINANCE}/basejs/suggestServer.js -->
<script type="text/javascript">{filler.js("v2014/suggest", 2_600)}</script>
{style_block("v2014/site-header", 1_300, "site-header")}
        <!-- 窄顶通 begin -->
        <div class="top-ad">{ad("PDPS000000056029")}</div>
        <!-- 窄顶通 end -->"""


_TOOLS = (
    ("评论", "cmnt", "评论"),
    ("字号", "font-down", "缩小字体"),
    ("字号", "font-up", "放大字体"),
    ("打印", "print", "打印"),
    ("分享", "share", "分享"),
    ("收藏", "fav", "收藏"),
)


@cache
def _page_tools() -> str:
    """The tool icons after the date line, and the share button's script."""
    tools = "\n".join(
        f'    <!-- {comment} --><a href="javascript:;" class="tool-{cls}" title="{title}">{title}</a>'
        for comment, cls, title in _TOOLS
    )
    return f"""<div class="page-tools">
{tools}
</div>
<script>
    (function (tools) {{
        if (!tools) return;
        tools.onclick = function (event) {{ window.pageTools && pageTools.run(event.target.className); }};
    }})(document.querySelector('.page-tools'));
</script>"""


def _app_lists() -> str:
    """The 应用中心/新浪公益/新浪游戏/互动活动/热点推荐 tabs: five lists of twelve promoted links."""
    items = [
        f'<li><a rel="nofollow" href="http://app.sina.com.cn/app/{84_000 + 97 * n}.html?from=finance" '
        f'target="_blank">{_t(title[:14])}</a></li>'
        for n, title in enumerate(headlines("v2014/apps", 60))
    ]
    lists = ("\n".join(items[k * 12 : k * 12 + 12]) for k in range(5))
    return "\n".join(
        f'<div id="promo_tab{k + 1}"><ul class="promo-list clearfix">\n{items}\n</ul></div>'
        for k, items in enumerate(lists)
    )


@cache
def _left_bottom_static() -> str:
    """The promos, share bar, comment wrap and ad blocks under the body of the 2016 sample."""
    menus = "".join(
        f'<span data-tab="promo_tab{n + 1}">{name}</span>'
        for n, name in enumerate(("应用中心", "新浪公益", "新浪游戏", "互动活动", "热点推荐"))
    )
    hot = "".join(
        f'<li><a href="http://sea.sina.com.cn/c/{n}.html" target="_blank">{_t(title)}</a><p>{_t(text)}</p></li>'
        for n, (title, text) in enumerate(zip(headlines("v2014/biz", 6), summaries("v2014/biz", 6), strict=True))
    )
    bidding = "".join(
        f"<li>·<!--ADS:begin=PDPS00000000{4395 + n}:{{{n:08X}-4C00-843F-10C63241D3DB}}-->"
        f'<a href="http://city.finance.sina.com.cn/city/{n}.html" target="_blank">{_t(title[:10])}</a>'
        f"<!--nwy/net/A--><!--ADS:end--></li>"
        for n, title in enumerate(headlines("v2014/bid", 4))
    )
    share = "\n".join(
        f'        <a title="{title}" class="share-{key}" href="javascript:;"></a>'
        for key, title in (
            ("sinaminiblog", "分享到新浪微博"),
            ("weixin", "分享到微信"),
            ("qzone", "分享到QQ空间"),
            ("more", "更多平台"),
        )
    )
    return f"""<!--正文下部-->
<!-- 微财富推广-->
<div class="wcf-promo"><a href="http://licaishi.sina.com.cn/web/index" target="_blank">
    <img src="http://n.sinaimg.cn/finance/licaishi/promo_640x60.jpg" alt=""></a></div>
<!-- 微财富推广 end-->
<!-- share -->
<div class="article-share clearfix" data-sudaclick="suda_1028_share">
    <!-- 分享按钮：链接和标题由脚本从 meta 读取 -->
    <div class="share-buttons" data-share-channel="finance">
{share}
    </div>
    <script type="text/javascript">
        window.shareButtons && shareButtons.init({{ box: '.share-buttons', from: 'finance' }});
    </script>
</div>
<!-- 评论上方悬停广告 begin -->
<div class="float-ad" id="float_ad">{ad("PDPS000000057946")}
    <a href="javascript:;" class="float-ad-close">关闭</a></div>
<script>
    (function (box) {{
        box.querySelector('.float-ad-close').onclick = function () {{ box.style.display = 'none'; }};
    }})(document.getElementById('float_ad'));
</script>
<!-- 推荐代码 -->
<script>
        {_ADS_LOADER_JS.replace("{name}", "sinaere")}
</script>
<!-- 推荐代码end -->
<!-- 评论上方悬停广告 end -->
<!-- 理财师左侧推广 -->
<div class="lcs-left" id="lcs_left_wrap">{ad("PDPS000000057947")}</div>
<!-- 理财师左侧推广 end -->
<!-- 微博推荐 begin -->
<div class="weibo-recommend" id="weibo_recommend">
    <iframe class="side-frame" frameborder="0" height="240" width="640" scrolling="no"
        src="{_FINANCE}/iframe/weibo/group35.html"></iframe></div>
<!-- 微博推荐 end -->
<div class="text-links clearfix">{ad("PDPS000000057953", "文字链01")}{ad("PDPS000000057954", "文字链02")}</div>
<!-- 正文页下四张图片通栏 begin-->
{ad("PDPS000000057949")}
<!-- 正文页下四张图片通栏 end-->
<!-- 评论下方640*180通栏 begin -->
{ad("PDPS000000057950")}
<!-- 评论下方640*180通栏 end -->
<!-- 正文页左下画中画广告 begin -->
<script type="text/javascript">
    (function (doc) {{
        var tag = doc.createElement('script');
        tag.src = '//d1.sina.com.cn/litong/zhitou/sinaads/button/cj_left_pip.js';
        doc.getElementsByTagName('head')[0].appendChild(tag);
    }})(document);
</script>
<!-- 正文页左下画中画广告 end -->
<!-- 热点商讯 begin -->
{style_block("v2014/zhitou-sheng", 2_400, "zhitou-sheng")}
<div class="zhitou-sheng" id="rdsx"><div class="zhitou-sheng-hd"><span>热点商讯</span></div>
    <ul class="zhitou-sheng-list">{hot}</ul></div>
<!-- 热点商讯 end -->
<!-- 通栏 begin -->
{ad("PDPS000000057948", style="margin-top:15px;")}
<!-- 通栏 end -->
<!-- 推广链接 begin -->
<style type="text/css">
    #promo_tab2, #promo_tab3, #promo_tab4, #promo_tab5{{display:none;}}
</style>
<div class="promo-tabs" id="PublicRelation5">
    <div class="promo-menu">{menus}</div>
    <div class="promo-panels">
{_app_lists()}
    </div>
</div>
<!-- 推广链接 end -->
<!--竟价开始-->
{style_block("v2014/menu", 850, "M_Menu_01")}
<div class="M_Menu_01"><span class="selected">企业服务</span></div>
<ul class="bidding-list">{bidding}</ul>
<!--竟价结束-->
<!--正文下部end-->"""


def _side_iframe(name: str, height: int, src: str, *, box: bool = True) -> str:
    frame = (
        f'<iframe class="side-frame" frameborder="0" height="{height}" width="300" scrolling="no" src="{src}"></iframe>'
    )
    return f'    <div class="side-c" data-sudaclick="blk_{name}">\n        <!-- {name} -->\n        {frame}\n    </div>'


@cache
def _right_static() -> str:
    """The 2016 right column: iframes, ad slots, the financial-planner widget (a long template script), 扶翼."""
    frames = f"{_FINANCE}/iframe/side"
    return f"""            <div class="right">
                <!--右侧部分-->
{_side_iframe("zhuanlan", 127, f"{frames}/columns.html")}
    <div class="side-c"><div class="side-ad" id="PublicRelation3">{ad("PDPS000000042135", "右侧画中画01")}</div>
    </div>
{_side_iframe("photo", 180, f"{frames}/photos.html")}
    <div class="side-c">
        <div class="side-ad" id="PublicRelation4">{SINAADS_LOADER}{ad("PDPS000000028572", "右侧画中画02")}</div>
        <!-- 推荐位 -->
        <ins class="sinaere" data-pos="finance_side_1" data-w="300" data-h="150"></ins>
        <script>(sinaere = window.sinaere || []).push({{}});</script>
    </div>
    <div class="side-c">{ad("PDPS000000046929", "右侧矩形01")}</div>
{_side_iframe("video", 280, f"{frames}/videos.html")}
    <div class="side-c">{ad("PDPS000000056863", "右侧按钮01")}</div>
{_side_iframe("zhitou", 150, "http://d3.sina.com.cn/litong/zhitou/side/finance.html")}
{_side_iframe("blog", 331, f"{frames}/blogs.html")}
<!-- 理财师 begin -->
    <div class="side-c" id="side_planner" data-sudaclick="side_planner"></div>
<script type="text/javascript" src="http://i3.sinaimg.cn/ty/sinaui/scroll.min.js"></script>
<script>{filler.js("v2014/lcs-template", 8_100)}</script>
<!-- 理财师 end -->
    <div class="side-c">{ad("PDPS000000046930", "右侧矩形02")}</div>
    <!-- 自选股, 最近访问股 -->
{_side_iframe("hq", 230, f"{frames}/visited.html")}
    <!-- 自选股, 最近访问股 end -->
    <div class="side-c">{ad("PDPS000000052470", "右侧按钮02")}</div>
    <div class="side-c">{ad("PDPS000000052472", "右侧按钮03")}{ad("PDPS000000052473", "右侧按钮04")}</div>
    <div class="side-c">{ad("PDPS000000052474", "右侧矩形03")}</div>
    <div class="side-c">{ad("PDPS000000052471", "右侧画中画03")}</div>
    <!-- 智投推广 -->
    <div class="side-c">
{style_block("v2014/zhitou", 800, "zhitou")}
        <div class="zhitou-box" id="side_zhitou">
            <h3><a href="http://sea.sina.com.cn" target="_blank">新浪扶翼</a></h3>
            <a class="zhitou-more" href="http://sea.sina.com.cn" target="_blank">行业专区</a>
            {ad("PDPS000000057665", "扶翼推广")}
        </div>
    </div>
                <!--右侧部分 end-->
            </div>"""


@cache
def _seo_static() -> str:
    """The hidden copies of the script-filled right boxes: column teasers, pictures, slides, blog posts."""
    columns = "".join(
        f'<div class="slide clearfix"><div class="author"><a href="http://zhuanlan.sina.com.cn/author/{n}/index.shtml" '
        f'target="_blank"><img src="http://upload.service.mix.sina.com.cn/{n:032x}.jpg" alt=""></a>'
        f'<span><a href="{_FINANCE}/zl/{n}.shtml" target="_blank">{who}</a></span></div><div class="content">'
        f'<h2><a href="{_FINANCE}/zl/{n}.shtml" target="_blank" title="{_a(title)}">{_t(title)}</a></h2>'
        f"<p>{_t(text)}</p></div></div>"
        for n, (who, title, text) in enumerate(
            zip(people("v2014/zl", 6), headlines("v2014/zl", 6), summaries("v2014/zl", 6), strict=True)
        )
    )
    images = "http://i0.sinaimg.cn/cj/side/pics"
    pictures = "".join(
        f'<div class="item"><a href="http://slide.finance.sina.com.cn/news/slide_9_{53_000 + n}.html#p=1" '
        f'target="_blank"><img src="{images}/p{30_087 + n}.jpg" width="140" '
        f'height="93" />'
        f"<span>{_t(title[:12])}</span></a></div>"
        for n, title in enumerate(headlines("v2014/pic", 4))
    )
    images = "http://i1.sinaimg.cn/cj/side/slides"
    slides = "".join(
        f'<div class="slide"><a href="http://video.sina.com.cn/p/finance/{n}.html" target="_blank">'
        f'<img width="300" height="225" src="{images}/s{30_087 + n}.jpg" alt=""><s></s>'
        f"<span>【财经讲坛】{_t(title[:16])}</span></a></div>"
        for n, title in enumerate(headlines("v2014/slides", 4))
    )
    blogs = headline_list("v2014/blogs", 10, "http://blog.sina.com.cn/s/blog_{n}.html?tj=fina")
    return "".join(f'<div class="seo_data_list">{block}</div>' for block in (columns, pictures, slides, blogs))


_FEED_TRACK = 'suda-uatrack="key=feed_card&amp;value=title"'
_TAG_TRACK = 'suda-uatrack="key=feed_card&amp;value=tag"'


@lru_cache(maxsize=16)
def _feed_cards(links: SiteLinks) -> str:
    """The related-reading feed's hidden copy: the site's newest articles as feed cards, with their tag links."""
    cards = []
    for n, (url, title, clock) in enumerate(links.http[:16]):
        href = f"{url}?cre=financepagepc&amp;mod=f&amp;loc={n + 1}&amp;r=1&amp;doct=0&amp;rfunc=100"
        tags = "".join(
            f'<a {_TAG_TRACK} href="http://tags.news.sina.com.cn/{tag}" target="_blank">{tag}</a>'
            for tag in words.TAGS[n % 5 : n % 5 + 3]
        )
        link = f'href="{href}" rel="nofollow" {_FEED_TRACK} target="_blank"'
        cards.append(f"""<div class="feed-card-item"><h2 {_FEED_TRACK}><a href="{href}" target="_blank">{title}</a></h2>
    <div class="feed-card-c"><div class="feed-card-txt"><a {link} class="feed-card-txt-summary"></a>
        <a {link} class="feed-card-txt-detail">[详细]</a></div></div>
    <div class="feed-card-a feed-card-clearfix"><div class="feed-card-time">{clock}</div>
        <div class="feed-card-tags"><span class="feed-card-tags-kw">{tags}</span></div></div>
</div>""")
    return "".join(cards)


_SIDE_TOOLS = (
    ("home", "http://www.sina.com.cn/", "首页"),
    ("feedback", "javascript:;", "反馈"),
    ("related", "#relatedNewsWrap", "相关"),
    ("top", "javascript:;", "顶部"),
)


@cache
def _page_bottom() -> str:
    """The footer and everything after it: side tools, favourites form, share and feed configs, the SSO updater."""
    side_tools = "\n".join(
        f'    <a class="side-tool side-tool-{key}" href="{href}" title="{title}"></a>'
        for key, href, title in _SIDE_TOOLS
    )
    return f"""        <!-- footer -->
        <div class="page-footer">
            <p>{footer_links('<span class="spliter">|</span>')}</p>
            <p>Copyright <span style="font-family:arial;">&copy;</span>1996-2016 SINA Corporation,
                All Rights Reserved</p>
            <p>新浪公司 <a hidefocus="true" href="http://www.sina.com.cn/intro/copyright.shtml" target="_blank">
                版权所有</a></p>
        </div>
        <!-- /footer -->
    </div>
<!--底部部分start-->
<div class="side-tools" id="side_tools" style="display:none;">
{side_tools}
</div>
<div class="pad-tools" style="display:none;">
    <a href="#page_comment" class="pad-tool-cmnt"><span class="count" id="pad_cmnt_count"></span></a>
    <a href="javascript:;" class="pad-tool-share"></a>
</div>
<!-- 收藏form -->
<form id="collectForm" action="http://my.sina.com.cn/collect/add" method="post" target="collectFrame"
    style="display:none;"><input type="hidden" name="url" value=""><input type="hidden" name="title" value=""></form>
<iframe name="collectFrame" style="display:none;" src="about:blank"></iframe>
<!-- /收藏form -->
<!-- 分享配置 -->
<script type="text/javascript">
    window.shareConfig = {{ text: '', desc: '', url: '', pic: '', sign: 'off', maxLength: 140 }};
</script>
<style type="text/css">
    .share-buttons a{{float:left;width:24px;height:24px;margin-right:6px;}}
    .share-buttons .share-more{{background:none;}}
</style>
<!--相关阅读Feed流设置-->
<script type="text/javascript">
    var FEED_CARD_INFO = {{
        containerID: 'feedCard', columns: 1, pageSize: 10, channel: 'finance', lid: 2519, filterDocid: '',
        cre: 'financepagepc', mod: 'f'
    }};
{filler.js("v2014/feedcard", 2_700, wrap=False)}
</script>
<!--相关阅读Feed流设置-->
<!-- 桌面和ipad共用的js -->
<script type="text/javascript" src="{_FINANCE}/text/1007/2015-07-02/content.min.js"></script>
<!-- /桌面和ipad共用的js -->
<!-- 桌面浏览器需要的js -->
<script type="text/javascript">{filler.js("v2014/desktop", 1_550)}</script>
<!-- /桌面浏览器需要的js -->
<!--股票关键字替换js-->
<script type="text/javascript" src="{_FINANCE}/js/2013/0723/stock_v4_130723.js"></script>
<!-- 正文底部点击地图 -->
<script type="text/javascript">{filler.js("v2014/clickmap", 950)}</script>
<!-- 浮层广告 begin -->
{ad("PDPS000000057951")}
<!-- 浮层广告 end -->
<!-- 侧边广告 -->
{ad("PDPS000000057952")}
{ad("PDPS000000057955", "底浮流媒体")}
<!--底部部分end-->
<!-- body code end -->
{sso_update_block()}"""


def render_v2014(article: SimArticle, site: Site) -> str:
    tags = " ".join(
        f'<a href="http://tags.finance.sina.com.cn/{_a(t)}" target="_blank">{_t(t)}</a>' for t in article.tags
    )
    links = site_links(site)
    return f"""<!DOCTYPE html>
<!-- [ published at {beijing(article.mtime, "%Y-%m-%d %H:%M:%S")} ] -->

<html>
{_head_v2014(article)}
<body>
{_top()}
{tracking_script(article, "cj")}
{_nav()}
    <div class="wrap-outer clearfix">
{_site_header(article, site)}
        <div class="page-header">
            <h1 id="artibodyTitle" cid="56982" docid="{article.doc_id}">{_t(article.title)}</h1>
        </div>
        <div class="page-info">
      <span class="time-source">
		    {beijing(article.ctime, "%Y年%m月%d日%H:%M")} 
 
{_t(article.media_name)}



      </span>
{_page_tools()}
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
{_left_bottom_static()}
<div class="related-news" id="relatedNewsWrap" data-sudaclick="suda_1028_related"><h2>相关阅读</h2>
    <ul>{related(links, article, 6, "http")}</ul></div>
            </div>
{_right_static()}
            <div class="page-comment" id="page_comment">
                <a href="javascript:;" class="page-comment-close">关闭</a>
                <div class="sina-comment-wrap" id="page_comment_box"></div>
            </div>
        </div>
		<!-- 右侧嵌入块内容抓取 begin -->
		<div style="display:none; width:0px; height:0px; overflow:hidden;">
{_seo_static()}<div class="seo_data_list">{_feed_cards(links)}</div>
{hidden_list(links.ranked("http", 0, 10))}
		</div>
		<!-- 右侧嵌入块内容抓取 end -->
{_page_bottom()}
</body>
</html>
"""
