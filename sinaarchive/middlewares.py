"""Downloader middleware: retries that wait before trying again.

Scrapy's ``RetryMiddleware`` retries at once, which is exactly wrong for a 429 or a 503 from a site that bans IPs
readily (SINA.md §8). This one waits first: the server's ``Retry-After`` when it sends one, otherwise an
exponential backoff (``SINAARCHIVE_RETRY_BACKOFF`` × 2^(attempt − 1), at most ``SINAARCHIVE_RETRY_BACKOFF_MAX``).
The wait holds the request's download slot, so with one request per host at a time the whole host pauses, which
is what a rate limit asks for. A ``Retry-After`` longer than the maximum is not waited for: the article fails this
run and is tried again by the next one.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | None, *, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: either delta-seconds or an HTTP date (RFC 9110 §10.2.3); ``None`` if absent."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def backoff_seconds(attempt: int, *, base: float, cap: float) -> float:
    """``base`` × 2^(attempt − 1), capped: 2, 4, 8 … seconds for the first, second, third retry."""
    return min(cap, base * 2 ** max(attempt - 1, 0))


class BackoffRetryMiddleware(RetryMiddleware):
    """``RetryMiddleware`` with a pause before each retry (replaces it in ``DOWNLOADER_MIDDLEWARES``)."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("SINAARCHIVE_RETRY_BACKOFF", 2.0)
        self.cap = settings.getfloat("SINAARCHIVE_RETRY_BACKOFF_MAX", 60.0)

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        retry_after = retry_after_seconds(response.headers.get(b"Retry-After"))
        if retry_after is not None and retry_after > self.cap and response.status in self.retry_http_codes:
            logger.warning(
                "%s asks to retry after %.0f s, more than %.0f s: giving up for this run",
                request.url,
                retry_after,
                self.cap,
            )
            return response
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self.pause(result, retry_after)
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self.pause(result, None)
        return result

    async def pause(self, retry: Request, retry_after: float | None) -> None:
        attempt = int(retry.meta.get("retry_times", 1))
        delay = retry_after if retry_after is not None else backoff_seconds(attempt, base=self.base, cap=self.cap)
        if delay > 0:
            from twisted.internet import reactor  # imported late: importing it early would install a reactor

            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
