"""Extract an ``Article`` from a Sina article page, whatever its template era.

``parse_article`` is pure: it reads the response, the roll-API entry that led to it and the channel, and never
the clock or the settings. Where each template keeps its fields is in ``templates``; what counts
as body content is in ``body``; value normalisation is in ``fields``.

Raises ``NotAnArticle(reason, message)`` when the page holds no article (``reason`` is a short slash-free stats
key: ``anti_bot``, ``no_body``, ``empty_body``, ``no_date``, ``truncated``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlsplit

from lxml import etree
from scrapy.http import TextResponse

from sinaarchive.channels import Channel
from sinaarchive.items import Article, RollEntry
from sinaarchive.parsing import body, fields
from sinaarchive.parsing.antibot import anti_bot_reason
from sinaarchive.parsing.page import Page, text_of, texts
from sinaarchive.parsing.templates import Template, body_container, detect
from sinaarchive.parsing.truncation import cut_before_body, truncation_reason

# "<headline>_新浪财经_新浪网", "<headline>_新浪新闻", "<headline>_手机新浪网" (desktop, news and mobile pages).
_SITE_SUFFIX = re.compile(r"_(?:[^_]{1,16}_)?(?:手机)?新浪(?:网|新闻|财经)$")
_TITLE_TEXT = etree.XPath("//title/text()", smart_strings=False)

CREATE_AT = "weibo: article:create_at"
UPDATE_AT = "weibo: article:update_at"


class NotAnArticle(ValueError):
    """The page is not an article we can archive; ``reason`` names why, for the crawl stats."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _first_text(page: Page, selector: str, sep: str = "") -> str:
    """The whole text of the first element matching ``selector``, text nodes joined by ``sep``, normalised."""
    node = page.first(selector)
    return fields.clean_text(text_of(node, sep)) if node is not None else ""


def _title_from_head(page: Page) -> str:
    """``<title>`` without the site suffix and the "|keyword" tails some pages append (fixture v2014_2016_forex)."""
    title_texts = texts(_TITLE_TEXT, page.root)
    title = fields.clean_text(title_texts[0] if title_texts else None)
    title = _SITE_SUFFIX.sub("", title)
    keywords = {word.strip() for key in ("keywords", "tags") for word in page.meta(key).split(",")}
    while "|" in title and title.rsplit("|", 1)[1].strip() in keywords:
        title = title.rsplit("|", 1)[0]
    return title.strip()


def _title(page: Page, template: Template, entry: RollEntry) -> str:
    """The page headline, else the listing title, else ``<title>`` minus its suffix."""
    return _first_text(page, template.title) or fields.clean_text(entry.title) or _title_from_head(page)


def _date_candidates(page: Page, template: Template, entry: RollEntry) -> Iterator[tuple[str, datetime | None]]:
    """(raw string, parsed time) pairs, best first, computed only as far as needed."""
    create_at = page.meta(CREATE_AT)
    yield create_at, fields.parse_beijing(create_at)
    yield str(entry.ctime), fields.from_unix(entry.ctime)
    visible = _first_text(page, template.date, sep=" ")  # <span>2005.08.26</span>05:39 (mobile)
    yield visible, fields.parse_beijing(visible)
    # Last: it is the update time on 2018 and 2024 pages (19:56:29 vs create_at 19:55:10 on fixture v2017_2018_roll).
    published = page.meta("article:published_time")
    yield published, fields.parse_beijing(published)


def _published(page: Page, template: Template, entry: RollEntry, url: str) -> tuple[datetime, str]:
    """Creation time and the string it was read from."""
    for raw, parsed in _date_candidates(page, template, entry):
        if parsed is not None:
            return parsed, raw
    raise NotAnArticle("no_date", f"{url}: no creation date in meta, roll entry or page")


def _updated(page: Page, entry: RollEntry) -> datetime | None:
    """Roll ``mtime`` when known, else ``weibo: article:update_at`` (fixture v2017_2018_roll)."""
    update_at = page.meta(UPDATE_AT)
    return fields.from_unix_utc(entry.mtime) or (fields.parse_beijing(update_at) if update_at else None)


def _source(page: Page, template: Template, entry: RollEntry) -> str:
    """``article:author``, else the visible source (without v2014's date), else the listing's medium."""
    # The visible source is looked up only when needed: its selectors are the page's costliest (descendant
    # combinators and bare classes scan every element).
    return (
        fields.clean_text(page.meta("article:author"))
        or fields.strip_date(_first_text(page, template.source, sep=" "))
        or fields.clean_text(entry.media_name)
    )


def _canonical_url(page: Page, entry: RollEntry) -> str:
    og_url = page.meta("og:url")
    return og_url if fields.is_sina_url(og_url) else entry.url


def _body_or_raise(response: TextResponse, page: Page) -> tuple[Template, etree._Element]:
    template = detect(page)
    if template is not None:
        if cut := truncation_reason(response.body, page.text, template.name):
            raise NotAnArticle("truncated", f"{response.url}: {cut}")
        container = body_container(page, template)
        if container is not None:  # always: every template's body is one of its markers
            return template, container
    reason = anti_bot_reason(response.selector)
    if reason is not None:
        raise NotAnArticle("anti_bot", f"{response.url}: {reason}")
    if cut_before_body(response.body, declares_article=_declares_article(page), mobile=_is_mobile(response.url)):
        raise NotAnArticle("truncated", f"{response.url}: an article page that ends before its body and </html>")
    raise NotAnArticle("no_body", f"{response.url}: no known article body container")


def _declares_article(page: Page) -> bool:
    return any(page.meta(key) for key in (CREATE_AT, "article:published_time"))


def _is_mobile(url: str) -> bool:
    """Pages of the mobile site (``finance.sina.cn``, ``*.sina.cn``) may end without ``</html>`` (the raw mobile sample)."""
    host = urlsplit(url).hostname or ""
    return host == "sina.cn" or host.endswith(".sina.cn")


def parse_article(response: TextResponse, *, entry: RollEntry, channel: Channel, crawled_at: datetime) -> Article:
    """The article on ``response``, which the roll ``entry`` of ``channel`` linked to."""
    page = Page.from_response(response)
    template, container = _body_or_raise(response, page)
    images = body.images(container, response.url)
    if not images and not body.has_article_text(container, template):
        raise NotAnArticle("empty_body", f"{response.url}: {template.name} body has no text and no image")
    published_at, published_raw = _published(page, template, entry, response.url)
    editor_node = body.editor_node(page, template)
    html = body.body_html(page.text, container, editor_node)
    return Article(
        doc_id=entry.doc_id,
        url=_canonical_url(page, entry),
        title=_title(page, template, entry),
        published_at=published_at,
        published_raw=published_raw,
        updated_at=_updated(page, entry),
        source_media=_source(page, template, entry),
        editor=body.editor(editor_node, container),
        stock_codes=fields.stock_codes(html),
        images=images,
        channel=channel.name,
        categories=list(channel.categories),
        template=template.name,
        body_html=html,
        crawled_at=crawled_at,
    )
