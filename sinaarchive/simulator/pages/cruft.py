"""Shared cruft around the body: ad slots, tracking scripts, the top nav, a "most read" sidebar, the footer.

The omitted parts of the samples (tracking scripts, nav, sidebar, footer) are stood in for by these shorter
blocks of the same kind, so cleaners still meet scripts, styles, ``ins.sinaads`` ads and link lists outside the
body.
"""

from __future__ import annotations

from sinaarchive.simulator.pages.common import _t, https_url
from sinaarchive.simulator.site import SimArticle, Site

SINAADS_LOADER = (
    "<script>(function(d,s,id){var s,n=d.getElementsByTagName(s)[0];if(d.getElementById(id))return;"
    "s=d.createElement(s);s.id=id;s.setAttribute('charset','utf-8');s.src='//d'+Math.floor(0+Math.random()*(9-0+1))"
    "+'.sina.com.cn/litong/zhitou/sinaads/release/sinaads.js';n.parentNode.insertBefore(s,n);})"
    "(document,'script','sinaads-script');</script>"
)


_ADS_PUSH = "(sinaads = window.sinaads || []).push({})"


def ad(pdps: str) -> str:
    return f'<ins class="sinaads" data-ad-pdps="{pdps}"></ins>\n<script>{_ADS_PUSH}</script>'


def tracking_script(article: SimArticle, channel: str) -> str:
    """Stands in for the ~28k of SUDA/SSO scripts the 2026 excerpt omits: a global page-info object."""
    return f"""<script type="text/javascript">
var SINA_TEXT_PAGE_INFO = {{
  entry: 'account', channel: '{channel}', newsid: 'comos-{article.doc_id}', encoding: '{article.encoding}',
  docID: 'http://doc.sina.cn/?id=comos:{article.doc_id}', pagepubtime: '{article.date}', difDay: 180
}};
</script>
<script type="text/javascript" src="//i.sso.sina.com.cn/js/ssologin.js"></script>"""


def top_nav() -> str:
    return """<div class="sina-header"><div class="sina-header-inner">
<a class="sina-logo" href="https://www.sina.com.cn/" target="_blank">新浪首页</a>
<ul class="sina-nav"><li><a href="https://news.sina.com.cn/">新闻</a></li><li><a href="https://finance.sina.com.cn/">财经</a></li>
<li><a href="https://sports.sina.com.cn/">体育</a></li><li><a href="https://tech.sina.com.cn/">科技</a></li></ul>
<div class="sina-login"><a href="javascript:;" node-type="login">登录</a></div>
</div></div>"""


def sidebar(site: Site, article: SimArticle) -> str:
    """A right column of "most read" links, the kind of junk a body extractor must not pick up."""
    others = [a for a in site.newest(7) if a is not article][:6]
    items = "\n".join(f'<li><a href="{https_url(a)}" target="_blank">{_t(a.title)}</a></li>' for a in others)
    return f"""<div class="article-content-right">
<div class="right-ad">{ad("PDPS000000057137")}</div>
<div class="most-read" id="most_read"><h3>新浪财经排行</h3><ul>
{items}
</ul></div>
</div>"""


def footer() -> str:
    return """<div class="footer" id="footer">
<p><a href="https://corp.sina.com.cn/chn/">新浪简介</a> | <a href="https://corp.sina.com.cn/eng/">About Sina</a> | <a href="https://emarketing.sina.com.cn/">广告服务</a> | <a href="https://www.sina.com.cn/contactus.html">联系我们</a></p>
<p>Copyright &copy; 1996-2026 SINA Corporation, All Rights Reserved</p>
<p>新浪公司 <a href="https://www.sina.com.cn/intro/copyright.shtml">版权所有</a></p>
</div>
<script type="text/javascript" src="//finance.sina.com.cn/other/src/article-widgets.min.js"></script>
<script type="text/javascript">jsLoader({name:'shm',callback:function(){SHM.register('home.custEvent.firstpage.fire',function(){});}});</script>"""
