"""Site-level content faults: hostile titles and bodies, and article pages with nothing to archive.

These change articles of a built site in place (call them before or while the simulator serves it):

- ``make_hostile(site, doc_ids)``: each article gets a 300-character title full of quoting, template, path and
  control-character traps (``hostile_title``), in the roll-API ``title`` and in the page's ``<h1>``, ``<title>``
  and ``og:title`` alike, and raw HTML blocks in its body (``HOSTILE_BLOCKS``: scripts, event handlers,
  ``javascript:`` links, iframes, svg, objects, forms, styles, Nunjucks/Liquid tags). The rest of the body stays
  normal, so the article is still an article: a crawler must archive it, neutralised.
- ``make_empty_body(site, doc_ids)``: the page keeps the v2017 layout and its ``#artibody`` container, but the
  container holds only an ad slot, the keyword comment and the QR block: nothing is left after cleaning.
- ``make_bodyless(site, doc_ids)``: the page is of another shape (a video page: headline, date, source and a
  player) with no body container at all.

The two article-less shapes are rendered in the v2017 template (UTF-8), so they accept only ``v2017`` articles.
There is deliberately no ``build_site(hostile=N)``: pick the articles (``site.listing(lid)``) and call these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from sinasim.site import SimArticle, Site

TITLE_LENGTH = 300

# Every trap a title can carry into YAML front matter, Nunjucks, a file name or a terminal. Only characters GBK
# can encode, so a hostile blk (GBK) page still renders.
_TITLE_TRAPS = (
    "- @'单引号'与\"双引号\": 冒号 #井号 {{ x }} {% x %} {# c #} 换行\n第二行"
    " ../../etc/passwd ..\\..\\boot.ini NUL\x00 BEL\x07 ESC\x1b[31m DEL\x7f TAB\t CR\r"
    " <b>粗</b></title><script>alert(1)</script> &amp; %2F%00 ? * | [ ] "
)

HOSTILE_BLOCKS: tuple[str, ...] = (
    '<p>\u3000\u3000脚本之前<script>document.write("x")</script>脚本之后</p>',
    "<p><img src=x onerror=alert(1)>图片之后的文字</p>",
    '<p><a href="javascript:alert(1)">恶意链接</a>与<a href=" JaVaScRiPt:alert(2)">大小写链接</a></p>',
    '<iframe src="https://evil.example.com/" width="1" height="1"></iframe>',
    '<svg onload=alert(1)><circle r="1"></circle></svg>',
    "<p>{% raw %}{{ site.title }}{% endraw %}与{{ x }}与{% x %}与{# 注释 #}</p>",
    "<style>.a{color:red}</style>",
    '<p class="a" style="color:{#fff}" onclick="alert(1)" onmouseover=alert(2)>颜色{#fff}结束</p>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example.com/"><input name="q" value="1"></form>',
    "<p>\u3000\u3000转义文本&lt;script&gt;alert(3)&lt;/script&gt;与../../etc/passwd</p>",
)
"""Raw HTML put into a hostile article's body after its first paragraph, in this order."""


def hostile_title(n: int = 0) -> str:
    """The ``n``-th hostile title: the traps, a number (titles differ per article), padded to 300 characters."""
    head = f"{_TITLE_TRAPS}第{n}号"
    return (head + "长" * TITLE_LENGTH)[:TITLE_LENGTH]


def _articles(site: Site, doc_ids: Iterable[str]) -> list[SimArticle]:
    articles = []
    for doc_id in doc_ids:
        article = site.get(doc_id)
        if article is None:
            raise KeyError(f"unknown doc id {doc_id!r}")
        articles.append(article)
    return articles


def make_hostile(site: Site, doc_ids: Iterable[str]) -> list[SimArticle]:
    """Give each article a hostile title (``hostile_title(i)``) and the ``HOSTILE_BLOCKS`` in its body."""
    articles = _articles(site, doc_ids)
    for number, article in enumerate(articles):
        # ``details`` is a cached_property: storing a changed copy overrides the drawn title everywhere.
        article.__dict__["details"] = replace(article.details, title=hostile_title(number))
        article.extra_html[:] = [(0, block) for block in HOSTILE_BLOCKS]
    return articles


def _set_variant(site: Site, doc_ids: Iterable[str], variant: str) -> list[SimArticle]:
    articles = _articles(site, doc_ids)
    for article in articles:
        if article.era != "v2017":
            raise ValueError(f"{article.doc_id} is a {article.era} article; {variant} pages need a v2017 one")
    for article in articles:
        article.variant = variant
    return articles


def make_empty_body(site: Site, doc_ids: Iterable[str]) -> list[SimArticle]:
    """The ``#artibody`` of each (v2017) article holds only an ad, the keyword comment and the QR block."""
    return _set_variant(site, doc_ids, "empty_body")


def make_bodyless(site: Site, doc_ids: Iterable[str]) -> list[SimArticle]:
    """Each (v2017) article's page becomes a video page with no body container."""
    return _set_variant(site, doc_ids, "no_body")
