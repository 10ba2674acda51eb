"""Sina's article templates by era (SINA.md §2), as data: where each keeps its headline, date, source and body.

Like fundus's versioned parsers, a redesign adds a ``Template`` instead of editing an old one. ``detect`` tries
them in order, most specific first, and picks the first whose marker selectors all match; detection looks at
structure only, never at the URL, because one URL scheme spans several templates (SINA.md §6). Every selector is
compiled at import (``page.compile_css``); a marker shared by several templates is looked up once per page.

Markers and bodies that name an id (``div#artibody``, ``div.article#article``) are found through libxml2's id
index (``Page.first_by_id``) instead of a scan of the whole page; a marker group (``h1#x, span.y``) matches when
any of its selectors does, each looked up on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from cssselect import parse
from lxml import etree

from sinaarchive.parsing.page import Page, compile_css, compile_element_test, required_id, required_tag


@dataclass(frozen=True, kw_only=True)
class Template:
    """Where one template era keeps each field; every value is a CSS selector (first match wins)."""

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
    # finance.sina.cn detail pages (mobile_finance.sina.cn_sa_2005-08-26_…_raw.html): the time is
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
    # Pre-2014 GB2312/GBK pages: the body div carries both classes and the artibody id (SINA.md §2, code only).
    name="blk",
    markers=("div.blkContainerSblkCon#artibody",),
    body="div.blkContainerSblkCon#artibody",
    title="h1#artibodyTitle",
    date="#pub_date",
    source="#media_name",
    editor="p.article-editor",
)
V2014 = Template(
    # news_web_article_v2014 (page_2016-05-25_…): span.time-source holds "2016年05月25日10:10" and the source
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
    # news.sina.com.cn sister template (magic-html 665b68…, 2024-05-10): body div#article, editor p.show_author.
    name="news",
    markers=("div.article#article",),
    body="div.article#article",
    title="h1.main-title",
    date=".date-source .date, span.date",
    source=".date-source .source, a.source, span.source",
    editor="p.show_author, p.article-editor",
)
V2017 = Template(
    # news_web_article_v2017 (page_2018-…, page_2026-…, fragment_2026-…): the most common page, and the
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


def _compile_all() -> None:
    """Compile every selector of every template now, so that a bad one fails at import, not mid-crawl."""
    for template in TEMPLATES:
        for field in fields(template):
            value = getattr(template, field.name)
            for css in value if isinstance(value, tuple) else (value,):
                if field.name != "name":
                    compile_css(css)


_compile_all()

# Each selector of a marker group or a body, with the id it requires, its element test and the tag it requires
# (None: no id, scan).
_BY_ID: dict[str, tuple[str, etree.XPath, str] | None] = {}
_PARTS: dict[str, tuple[str, ...]] = {}
for _template in TEMPLATES:
    for _css in (*_template.markers, _template.body):
        _PARTS[_css] = tuple(selector.canonical() for selector in parse(_css))
        for _part in (_css, *_PARTS[_css]):
            _id = required_id(_part)
            _BY_ID[_part] = None if _id is None else (_id, compile_element_test(_part), required_tag(_part))


def first(page: Page, css: str) -> etree._Element | None:
    """``page.first(css)``, through the id index when every match of ``css`` must carry one id."""
    by_id = _BY_ID.get(css)
    return page.first(css) if by_id is None else page.first_by_id(css, *by_id)


def _matches(page: Page, marker: str) -> bool:
    return any(first(page, part) is not None for part in _PARTS[marker])


def detect(page: Page) -> Template | None:
    """The first template whose markers all match ``page``, or ``None`` for a page with no known body."""
    for template in TEMPLATES:
        if all(_matches(page, marker) for marker in template.markers):
            return template
    return None


def body_container(page: Page, template: Template) -> etree._Element | None:
    """The first element of ``page`` matching ``template.body``."""
    return first(page, template.body)
