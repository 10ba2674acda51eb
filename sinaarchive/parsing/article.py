"""Extract an ``Article`` from a Sina article page, whatever its template era (SINA.md §2).

STUB: being written. Interface (fixed; the spider and tests rely on it):

    parse_article(response: scrapy.http.TextResponse, *, entry: RollEntry, channel: Channel,
                  crawled_at: datetime) -> Article

raises ``NotAnArticle(reason, message)`` when the page holds no article body (``reason`` is a short
slash-free stats key such as ``no_body``).
"""

from __future__ import annotations

from datetime import datetime

from scrapy.http import TextResponse

from sinaarchive.channels import Channel
from sinaarchive.items import Article, RollEntry


class NotAnArticle(ValueError):
    """The page is not an article we can archive; ``reason`` names why, for the crawl stats."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def parse_article(response: TextResponse, *, entry: RollEntry, channel: Channel, crawled_at: datetime) -> Article:
    raise NotImplementedError
