"""Extract an ``Article`` from a Sina article page, whatever its template era (SINA.md §2).

``parse_article`` is pure: it reads the response, the roll-API entry that led to it and the channel, and never
the clock or the settings (STYLE.md §3). Where each template keeps its fields is in ``templates``; what counts
as body content is in ``body``; value normalisation is in ``fields``.

Raises ``NotAnArticle(reason, message)`` when the page holds no article (``reason`` is a short slash-free stats
key: ``anti_bot``, ``no_body``, ``empty_body``, ``no_date``, ``truncated``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from parsel import Selector
from scrapy.http import TextResponse

from sinaarchive.channels import Channel
from sinaarchive.items import Article, RollEntry
from sinaarchive.parsing import body, fields
from sinaarchive.parsing.antibot import anti_bot_reason
from sinaarchive.parsing.templates import Template, detect
from sinaarchive.parsing.truncation import truncation_reason

# "<headline>_新浪财经_新浪网", "<headline>_新浪新闻", "<headline>_手机新浪网" (SINA.md §3; news and mobile samples).
_SITE_SUFFIX = re.compile(r"_(?:[^_]{1,16}_)?(?:手机)?新浪(?:网|新闻|财经)$")

CREATE_AT = "weibo: article:create_at"
UPDATE_AT = "weibo: article:update_at"


class NotAnArticle(ValueError):
    """The page is not an article we can archive; ``reason`` names why, for the crawl stats."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _meta(page: Selector, key: str) -> str:
    """The first non-empty ``content`` of ``<meta name=key>`` or ``<meta property=key>``."""
    values = page.xpath("//meta[@name=$key or @property=$key]/@content", key=key).getall()
    return next((value.strip() for value in values if value.strip()), "")


def _first_text(page: Selector, selector: str, sep: str = "") -> str:
    """The whole text of the first element matching ``selector``, text nodes joined by ``sep``, normalised."""
    node = page.css(selector)
    return fields.clean_text(sep.join(node[0].css("::text").getall())) if node else ""


def _title_from_head(page: Selector) -> str:
    """``<title>`` without the site suffix and the "|keyword" tails some pages append (page_2016-…)."""
    title = fields.clean_text(page.css("title::text").get())
    title = _SITE_SUFFIX.sub("", title)
    keywords = {word.strip() for key in ("keywords", "tags") for word in _meta(page, key).split(",")}
    while "|" in title and title.rsplit("|", 1)[1].strip() in keywords:
        title = title.rsplit("|", 1)[0]
    return title.strip()


def _title(page: Selector, template: Template, entry: RollEntry) -> str:
    """The page headline, else the listing title, else ``<title>`` minus its suffix."""
    return _first_text(page, template.title) or fields.clean_text(entry.title) or _title_from_head(page)


def _date_candidates(
    page: Selector, template: Template, entry: RollEntry
) -> Iterator[tuple[str, datetime | None]]:
    """(raw string, parsed time) pairs, best first, computed only as far as needed."""
    create_at = _meta(page, CREATE_AT)
    yield create_at, fields.parse_beijing(create_at)
    yield str(entry.ctime), fields.from_unix(entry.ctime)
    visible = _first_text(page, template.date, sep=" ")  # <span>2005.08.26</span>05:39 (mobile)
    yield visible, fields.parse_beijing(visible)
    # Last: it is the update time on 2018 and 2024 pages (19:56:29 vs create_at 19:55:10; SINA.md §3).
    published = _meta(page, "article:published_time")
    yield published, fields.parse_beijing(published)


def _published(page: Selector, template: Template, entry: RollEntry, url: str) -> tuple[datetime, str]:
    """Creation time and the string it was read from."""
    for raw, parsed in _date_candidates(page, template, entry):
        if parsed is not None:
            return parsed, raw
    raise NotAnArticle("no_date", f"{url}: no creation date in meta, roll entry or page")


def _updated(page: Selector, entry: RollEntry) -> datetime | None:
    """Roll ``mtime`` when known, else ``weibo: article:update_at`` (page_2018-…)."""
    update_at = _meta(page, UPDATE_AT)
    return fields.from_unix_utc(entry.mtime) or (fields.parse_beijing(update_at) if update_at else None)


def _source(page: Selector, template: Template, entry: RollEntry) -> str:
    """``article:author``, else the visible source (without v2014's date), else the listing's medium."""
    visible = fields.strip_date(_first_text(page, template.source, sep=" "))
    return fields.clean_text(_meta(page, "article:author")) or visible or fields.clean_text(entry.media_name)


def _canonical_url(page: Selector, entry: RollEntry) -> str:
    og_url = _meta(page, "og:url")
    return og_url if fields.is_sina_url(og_url) else entry.url


def _body_or_raise(response: TextResponse) -> tuple[Template, Selector]:
    template = detect(response.selector)
    if template is not None:
        if cut := truncation_reason(response.body, response.text, template.name):
            raise NotAnArticle("truncated", f"{response.url}: {cut}")
        return template, response.css(template.body)[0]
    reason = anti_bot_reason(response.selector)
    if reason is not None:
        raise NotAnArticle("anti_bot", f"{response.url}: {reason}")
    raise NotAnArticle("no_body", f"{response.url}: no known article body container")


def parse_article(
    response: TextResponse, *, entry: RollEntry, channel: Channel, crawled_at: datetime
) -> Article:
    """The article on ``response``, which the roll ``entry`` of ``channel`` linked to."""
    page = response.selector
    template, container = _body_or_raise(response)
    images = body.images(container, response.url)
    if not images and not body.article_text(container, template):
        raise NotAnArticle("empty_body", f"{response.url}: {template.name} body has no text and no image")
    published_at, published_raw = _published(page, template, entry, response.url)
    html = body.body_html(response.text, page, container, template)
    return Article(
        doc_id=entry.doc_id,
        url=_canonical_url(page, entry),
        title=_title(page, template, entry),
        published_at=published_at,
        published_raw=published_raw,
        updated_at=_updated(page, entry),
        source_media=_source(page, template, entry),
        editor=body.editor(page, container, template),
        stock_codes=fields.stock_codes(html),
        images=images,
        channel=channel.name,
        categories=list(channel.categories),
        template=template.name,
        body_html=html,
        crawled_at=crawled_at,
    )
