"""Sina's article templates by era, as data: where each keeps its headline, date, source and body.

Like fundus's versioned parsers, a redesign adds a ``Template`` instead of editing an old one. ``detect`` tries
them in order, most specific first, and picks the first whose marker selectors all match; detection looks at
structure only, never at the URL, because one URL scheme (``/doc-i….shtml``) has served several templates over
the years. Every selector is compiled at import, so a bad one fails then, not mid-crawl.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass

from lxml import etree

from sinaarchive.parsing.page import Page, css_xpath


@dataclass(frozen=True, kw_only=True)
class Template:
    """Where one template era keeps each field; every value is a CSS selector (first match wins).

    An id comes before classes (``div#article.article``): the XPath then tests it first, which is cheaper.
    """

    name: str
    """Stable name stored on the article (``Article.template``)."""
    markers: tuple[str, ...]
    """Selectors that must all match for a page to be of this template."""
    body: str
    """The body container; ``body_html`` is its inner HTML."""
    title: str
    date: str
    """The visible date; its text may carry more (v2014 puts the source in the same span)."""
    source: str
    """The visible source medium; a date inside its text is removed."""
    editor: str
    """The ``责任编辑：`` paragraph, which may sit outside the body (v2014)."""


MOBILE = Template(
    # finance.sina.cn detail pages (fixture mobile_2005): the time is
    # <time class="weibo_time"><span class="weibo_time_day">2005.08.26</span>05:39</time>.
    name="mobile",
    markers=("section.art_content",),
    body="section.art_content",
    title="h1.art_tit_h1",
    date="time.weibo_time",
    source="h2.weibo_user, cite.art_cite",
    editor="p.article-editor",
)
BLK = Template(
    # Pre-2014 GB2312/GBK pages: the body div carries both classes and the artibody id (known from other crawlers'
    # code, not from a saved page; fixture blk_gbk_2012 is synthetic).
    name="blk",
    markers=("div#artibody.blkContainerSblkCon",),
    body="div#artibody.blkContainerSblkCon",
    title="h1#artibodyTitle",
    date="#pub_date",
    source="#media_name",
    editor="p.article-editor",
)
V2014 = Template(
    # news_web_article_v2014 (fixture v2014_2016_forex): span.time-source holds "2016年05月25日10:10" and the source
    # (text or link); p.article-editor comes after the body div, not inside it.
    name="v2014",
    markers=("div#artibody", "h1#artibodyTitle, span.time-source"),
    body="div#artibody",
    title="h1#artibodyTitle",
    date="span.time-source",
    source="span.time-source",
    editor="p.article-editor",
)
NEWS = Template(
    # news.sina.com.cn sister template (fixture news_sina_2024): body div#article, editor p.show_author.
    name="news",
    markers=("div#article.article",),
    body="div#article.article",
    title="h1.main-title",
    date=".date-source .date, span.date",
    source=".date-source .source, a.source, span.source",
    editor="p.show_author, p.article-editor",
)
V2017 = Template(
    # news_web_article_v2017 (fixtures v2017_*, 2018-2026): the most common page, and the
    # fallback for any page with a div#artibody, so it comes last.
    name="v2017",
    markers=("div#artibody",),
    body="div#artibody",
    title="h1.main-title",
    date=".date-source .date, span.date",
    source=".date-source .source, .ent-source, a.source, span.source",
    editor="p.article-editor",
)

TEMPLATES: tuple[Template, ...] = (MOBILE, BLK, V2014, NEWS, V2017)


def detect(page: Page) -> Template | None:
    """The first template whose markers all match ``page``, or ``None`` for a page with no known body."""
    for template in TEMPLATES:
        if all(page.first(marker) is not None for marker in template.markers):
            return template
    return None


def body_container(page: Page, template: Template) -> etree._Element | None:
    """The first element of ``page`` matching ``template.body``."""
    return page.first(template.body)


for _template in TEMPLATES:  # compile every selector now, so that a bad one fails at import, not mid-crawl
    _name, *_selectors = astuple(_template)
    for _selector in _selectors:
        for _part in _selector if isinstance(_selector, tuple) else (_selector,):
            css_xpath(_part, first=True)
            css_xpath(_part)
