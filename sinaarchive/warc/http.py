"""Scrapy's request and response as the HTTP blocks of WARC records.

The capture middleware sits below Scrapy's ``HttpCompressionMiddleware``, so the body is the one the server sent
(a gzip body stays gzip, with its ``Content-Encoding``). Twisted has already undone chunked framing, so the body is
stored de-chunked, and ``Transfer-Encoding`` is renamed ``X-Archive-Orig-Transfer-Encoding`` (pywb's convention)
so that no reader tries to de-chunk it. A ``Content-Length`` the server sent is kept; it matches the stored body
unless the response was cut short (Scrapy's ``partial`` flag), in which case it is renamed the same way.

Scrapy keeps no reason phrase: the standard one for the status is written. The request block is the request as
the middlewares left it (cookies, User-Agent, Referer, Accept-Encoding), plus the ``Host`` header Twisted adds.
"""

from __future__ import annotations

from http import HTTPStatus
from urllib.parse import urlsplit

from scrapy.http import Request, Response
from warcio.statusandheaders import StatusAndHeaders

from sinaarchive.warc.writer import LISTING_FIELD, HttpExchange

ORIG_PREFIX = "X-Archive-Orig-"


def _header_pairs(headers: object) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name, values in headers.items():  # type: ignore[attr-defined]  # scrapy.http.Headers
        for value in values:
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return pairs


def request_block(request: Request) -> StatusAndHeaders:
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    pairs = _header_pairs(request.headers)
    if not any(name.lower() == "host" for name, _ in pairs):
        pairs.insert(0, ("Host", parts.netloc))
    return StatusAndHeaders(f"{request.method} {target} HTTP/1.1", pairs, is_http_request=True)


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def response_block(response: Response) -> StatusAndHeaders:
    cut_short = "partial" in response.flags
    pairs = []
    for name, value in _header_pairs(response.headers):
        lowered = name.lower()
        if lowered == "transfer-encoding" or (lowered == "content-length" and cut_short):
            name = ORIG_PREFIX + name
        pairs.append((name, value))
    protocol = response.protocol or "HTTP/1.1"
    return StatusAndHeaders(f"{response.status} {reason_phrase(response.status)}", pairs, protocol=protocol)


def exchange(request: Request, response: Response) -> HttpExchange:
    """The WARC view of one download: the URL requested, both HTTP blocks, the body as received."""
    return HttpExchange(
        url=request.url,
        request=request_block(request),
        response=response_block(response),
        body=response.body,
        listing_record=str(request.meta.get(LISTING_META, "")),
    )


# Request meta key: the record id of the roll-API response an article request came from.
LISTING_META = "sinaarchive_warc_listing"
# Request (and so response) meta key: the ``Capture`` of the response, once recorded.
CAPTURE_META = "sinaarchive_warc_capture"
__all__ = ["CAPTURE_META", "LISTING_FIELD", "LISTING_META", "exchange"]
