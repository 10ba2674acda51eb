"""Remember robots.txt between runs, so a cron run with nothing new costs one roll request per channel.

Scrapy fetches robots.txt afresh for every host on every run. Through Scrapy's own HTTP cache, restricted by this
policy to robots.txt and kept for ``HTTPCACHE_EXPIRATION_SECS`` (a day by default), a run every few minutes asks
each host for it once a day instead of hundreds of times. Every other response is never cached.
"""

from __future__ import annotations

from scrapy.extensions.httpcache import DummyPolicy
from scrapy.http import Request


class RobotsTxtOnlyPolicy(DummyPolicy):
    """Cache robots.txt responses only; expiry is the storage's ``HTTPCACHE_EXPIRATION_SECS``."""

    def should_cache_request(self, request: Request) -> bool:
        return request.url.endswith("/robots.txt") and super().should_cache_request(request)
