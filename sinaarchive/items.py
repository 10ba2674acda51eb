"""The items that flow from the spider through the pipelines: data only, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


def _isoformat(value: Any) -> Any:
    """Feed exports write times as ISO 8601 with their offset (Scrapy's default drops the time zone)."""
    return value.isoformat() if isinstance(value, datetime) else value


# Field metadata read by Scrapy's item exporters (``-O articles.jsonl``).
ISO_TIME: dict[str, Any] = {"serializer": _isoformat}


@dataclass(frozen=True, kw_only=True)
class RollEntry:
    """One item of a roll-API listing page, with the fields the crawler uses (all as Sina sent them)."""

    doc_id: str
    """Sina's article id without its ``comos:`` prefix, e.g. ``nitmeav9622448``."""
    url: str
    """Desktop article URL as listed (``…/doc-i<id>.shtml``)."""
    wap_url: str = ""
    """Mobile article URL (``finance.sina.cn/…/detail-i<id>.d.html``)."""
    title: str = ""
    """Listing title; can differ from the page headline."""
    intro: str = ""
    """Lead text."""
    media_name: str = ""
    """Source medium (e.g. 环球市场播报), not a person."""
    ctime: int = 0
    """Creation time, unix seconds: the publication time."""
    intime: int = 0
    """Time the item entered the feed, unix seconds (a few seconds after ``ctime``)."""
    mtime: int = 0
    """Last modification time, unix seconds: newer than the archived copy means re-fetch."""
    keywords: str = ""
    """Usually empty."""
    lids: tuple[str, ...] = ()
    """Every column id the item is listed under."""


@dataclass(frozen=True, kw_only=True)
class Image:
    """One article image: an absolute URL and its caption (often empty)."""

    url: str
    caption: str = ""


@dataclass(kw_only=True)
class Article:
    """One archived article, as extracted from its page and cleaned."""

    doc_id: str
    """Stable Sina id (``nitmeav9622448``); unique per article and part of the post path."""
    url: str
    """Canonical desktop URL of the article."""
    title: str
    """Headline, whitespace-normalised, control characters removed."""
    published_at: datetime = field(metadata=ISO_TIME)
    """Creation time (``weibo: article:create_at`` = roll ``ctime``), timezone-aware."""
    published_raw: str = ""
    """The value ``published_at`` was read from, as the page (or listing) gave it."""
    updated_at: datetime | None = field(default=None, metadata=ISO_TIME)
    """Last modification time (roll ``mtime``), timezone-aware, when known."""
    source_media: str = ""
    """Source medium (``article:author`` / ``.source``), e.g. 新京报."""
    editor: str = ""
    """Responsible editor from ``责任编辑：…``, with any work code (``王珊珊 SF014``)."""
    stock_codes: list[str] = field(default_factory=list)
    """Codes from the ``news_keyword_pub`` comment, e.g. ``["sh603883"]`` or ``["MSFT", "AMZN"]``."""
    images: list[Image] = field(default_factory=list)
    """Body images with captions, in document order (from the raw body)."""
    channel: str = ""
    """Name of the channel this article is archived under: the first of the crawl's channels that lists it."""
    categories: list[str] = field(default_factory=list)
    """Hexo category chain, e.g. ``["金融", "新浪财经", "新浪财经－国內"]``."""
    template: str = ""
    """Page template era the extractor recognised (``v2017``, ``v2014``, ``blk``, ``news``, ``mobile``)."""
    body_html: str = ""
    """The article body container's inner HTML, uncleaned (as extracted)."""
    clean_html: str = ""
    """The body after the cleaning pipeline: one block per line, safe to publish. Empty until cleaned."""
    crawled_at: datetime | None = field(default=None, metadata=ISO_TIME)
    """When the page was fetched (passed in by the spider, never read from the clock by parsers)."""
    post_path: str = ""
    """Where the post was written, relative to the output folder (POSIX separators). Empty until archived."""
