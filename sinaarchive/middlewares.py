"""Middlewares: retries that wait before trying again, and one fixed Referer.

Scrapy's ``RetryMiddleware`` retries at once, which is exactly wrong for a 429 or a 503 from a site that bans IPs
readily, as Sina does. ``BackoffRetryMiddleware`` waits first: the server's ``Retry-After`` when it sends one,
otherwise an exponential backoff (``SINAARCHIVE_RETRY_BACKOFF`` × 2^(attempt − 1), at most
``SINAARCHIVE_RETRY_BACKOFF_MAX``). The wait holds the request's download slot, so with one request per host at a
time the whole host pauses, which is what a rate limit asks for. A ``Retry-After`` longer than the maximum is not
waited for: the article fails this run and is tried again by the next one.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.referer import RefererMiddleware

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | None, *, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: either delta-seconds or an HTTP date (RFC 9110); ``None`` if absent."""
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
    return min(cap, base * 2.0 ** max(attempt - 1, 0))


class BackoffRetryMiddleware(RetryMiddleware):
    """``RetryMiddleware`` with a pause before each retry (replaces it in ``DOWNLOADER_MIDDLEWARES``)."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("SINAARCHIVE_RETRY_BACKOFF", 2.0)
        self.cap = settings.getfloat("SINAARCHIVE_RETRY_BACKOFF_MAX", 60.0)

    # The base class's hooks are synchronous; Scrapy also accepts coroutines, which can wait without blocking.
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

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]  # a coroutine, as above
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self.pause(result, None)
        return result

    async def pause(self, retry: Request, retry_after: float | None) -> None:
        attempt = int(retry.meta.get("retry_times", 1))
        delay = retry_after if retry_after is not None else backoff_seconds(attempt, base=self.base, cap=self.cap)
        if delay > 0:
            await asyncio.sleep(delay)


class FrontPageRefererMiddleware(RefererMiddleware):
    """Scrapy's ``RefererMiddleware`` with one answer: the ``Referer`` of ``DEFAULT_REQUEST_HEADERS`` (Sina
    Finance's front page), for every request, redirects included.

    Sina's APIs and pages refuse some referers but always accept their own front page. Scrapy's middleware would
    send the page a request was found on (the roll API, for every article), or whatever a response's
    ``Referrer-Policy`` header asks for. Switching it off instead (``REFERER_ENABLED = False``) makes the redirect
    middlewares, which hand it the requests they build, warn on every run.
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.referer: str = settings.getdict("DEFAULT_REQUEST_HEADERS").get("Referer", "")

    def get_processed_request(self, request: Request, response: Response | None) -> Request:
        if self.referer:
            request.headers.setdefault("Referer", self.referer)
        return request
