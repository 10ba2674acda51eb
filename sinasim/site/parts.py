"""The value types an article is made of (placement, stocks, images, drawn details) and Beijing time."""

from __future__ import annotations

import time
from dataclasses import dataclass

BEIJING_OFFSET = 8 * 3600


@dataclass(frozen=True)
class Placement:
    """Where an article lives: its URL channel path, mobile path and the registry lid that lists it first."""

    path: str
    wap_path: str
    lid: int


@dataclass(frozen=True)
class SimImage:
    """A body image: protocol-relative URL (as in 2026 raw HTML), caption, and the paragraph it follows."""

    url: str
    caption: str
    after: int
    width: int = 550
    height: int = 315


@dataclass(frozen=True)
class SimStock:
    """A stock the CMS links in the body: ``market`` is ``stock`` (A-share) or ``usstock``, as in its span id."""

    code: str
    name: str
    market: str

    @property
    def span_id(self) -> str:
        return f"{self.market}_{self.code}"

    @property
    def quote_url(self) -> str:
        if self.market == "usstock":
            return f"https://stock.finance.sina.com.cn/usstock/quotes/{self.code}.html"
        return f"//finance.sina.com.cn/realstock/company/{self.code}/nc.shtml"


@dataclass(frozen=True, kw_only=True)
class Details:
    """The fields of an article that are drawn on first use (see ``SimArticle.details``)."""

    published: int
    """``article:published_time``: the creation time, or a little later for a quarter of the articles."""
    title: str
    media_name: str
    editor: str
    """``郭明煜`` or ``支全明 SF099``: a name and an optional work code, as editor lines give them."""
    tags: tuple[str, ...]
    stocks: tuple[SimStock, ...]
    images: tuple[SimImage, ...]


def beijing(ts: int, fmt: str) -> str:
    """Format unix seconds in Beijing time (UTC+8, no DST), the zone of every Sina page and API."""
    return time.strftime(fmt, time.gmtime(ts + BEIJING_OFFSET))
