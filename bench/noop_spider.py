"""A do-nothing spider of the same shape as ``sina_finance``, to measure what Scrapy itself costs.

    scrapy runspider bench/noop_spider.py -a roll_api=URL [-a channels=国内] [-a max_pages=50] [-a items=yes]
                                          [-a parse=yes]

It sends the same requests in the same order and priorities: roll page 1 of each channel, then for each roll page
one request per listed article not seen yet in this run, and the next roll page unless this one is short or the
page limit is reached. The article pages are downloaded and dropped: no decoding, no parsing, no item. The roll
JSON is read with ``json.loads`` only (it decides what to request, so some reading is unavoidable).

With ``-a items=yes`` it also has the same output shape: one item per article page (``{"url": …}``), which goes
through Scrapy's item machinery to no pipeline at all. The ratio against that variant is what our parsing,
cleaning and pipelines cost on top of Scrapy handling the same requests and items.

With ``-a parse=yes`` (implies items) each article page is also decoded and parsed with lxml, as any extractor must
before it can read anything: the ceiling for a crawler that does real work per page. Nothing is read from the tree.

Run from the project folder, it gets the project's settings, as the real spider does; the benchmark passes the
same ``-s`` overrides to both.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import scrapy
from lxml import etree
from scrapy.http import Response, TextResponse

from sinaarchive.channels import Channel, resolve_channels
from sinaarchive.parsing.listing import roll_url


class NoopSameShapeSpider(scrapy.Spider):
    name = "noop_same_shape"
    custom_settings: ClassVar[dict[str, Any]] = {
        "ITEM_PIPELINES": {}
    }  # the project's pipelines expect Articles; this spider measures Scrapy

    def __init__(
        self,
        roll_api: str = "",
        channels: str = "",
        max_pages: str = "50",
        page_size: str = "50",
        items: str = "no",
        parse: str = "no",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.parse_pages = parse == "yes"
        self.items = items == "yes" or self.parse_pages
        self.roll_api = roll_api
        self.channels = resolve_channels(channels or None)
        self.max_pages = int(max_pages)
        self.page_size = int(page_size)
        self.seen: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for channel in self.channels:
            yield self.roll_request(channel, 1)

    def roll_request(self, channel: Channel, page: int) -> scrapy.Request:
        url = roll_url(self.roll_api, pageid=channel.pageid, lid=channel.lid, num=self.page_size, page=page)
        return scrapy.Request(
            url, callback=self.parse_roll, cb_kwargs={"channel": channel, "page": page}, priority=-page
        )

    def parse_roll(self, response: Response, channel: Channel, page: int) -> Iterator[scrapy.Request]:
        items = json.loads(response.body)["result"]["data"]
        for item in items:
            doc_id = item["docid"].removeprefix("comos:")
            if doc_id not in self.seen:
                self.seen.add(doc_id)
                yield scrapy.Request(item["url"], callback=self.parse_article)
        if len(items) >= self.page_size and page < self.max_pages:
            yield self.roll_request(channel, page + 1)

    def parse_article(self, response: Response) -> Iterator[dict[str, str]]:
        if self.parse_pages and isinstance(response, TextResponse):
            etree.fromstring(response.text.encode("utf-8"), etree.HTMLParser(encoding="utf-8"))
        if self.items:
            yield {"url": response.url}
