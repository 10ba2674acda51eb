"""Small, pure normalisation functions for article fields (text, dates, editor, stock codes, image URLs).

Each function does one thing and is applied in sequence by the extractor, like web-poet field processors, so no
``.strip()`` calls are scattered through the template code.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timezone
from urllib.parse import urljoin, urlsplit, urlunsplit

from sinaarchive.cleaning.urls import is_sina_image_host
from sinaarchive.export.paths import BEIJING

# C0/C1 controls that are not whitespace (whitespace controls such as \t \n \x1c-\x1f \x85 become spaces), and
# lone surrogates, which JSON's \ud800 escapes can smuggle into a roll-API title and UTF-8 cannot write.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff]")
# str's \s covers U+3000 (the paragraph indent of Sina bodies) and U+00A0 (&nbsp;) as well as ASCII whitespace.
_WHITESPACE = re.compile(r"\s+")

# A date with an optional time, in every visible form seen: "2026年09月29日 00:34" (v2017), "2016年05月25日10:10"
# (v2014, no space), "2005.08.26 05:39" (mobile), "2021-07-16 10:42:50" (meta tags).
_DATE = re.compile(
    r"(?P<y>\d{4})\s*[年./-]\s*(?P<m>\d{1,2})\s*[月./-]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*T?\s*(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{2})(?:\s*[:：]\s*(?P<S>\d{2}))?)?"
)
# ISO 8601 with an offset, as in ``article:published_time`` "2026-09-29T00:34:03+08:00".
_ISO_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$")

# "责任编辑：郭明煜 " / "（责任编辑：李德林 SF018）": the name runs to the end of the line or a closing bracket.
_EDITOR = re.compile(r"责任编辑\s*[：:]\s*([^）)\]】\n\r<]*)")
# <!-- news_keyword_pub,usstock,MSFT&AMZN&INTC --> or the empty <!-- news_keyword_pub,stock, --> (fixtures
# v2017_2026_usstock and v2017_2026_blockquote): the stocks the CMS linked the article to.
_KEYWORD_COMMENT = re.compile(r"<!--\s*news_keyword_pub\s*,\s*([^,>]*?)\s*,\s*(.*?)\s*-->", re.DOTALL)


def remove_controls(text: str) -> str:
    """Drop C0/C1 control characters that are not whitespace."""
    return _CONTROL.sub("", text)


def collapse_whitespace(text: str) -> str:
    """Every whitespace run (newline, tab, U+3000, U+00A0…) becomes one space; the ends are stripped."""
    return _WHITESPACE.sub(" ", text).strip()


def clean_text(text: str | None) -> str:
    """A single-line field value: controls removed, whitespace collapsed."""
    return collapse_whitespace(remove_controls(text or ""))


def parse_beijing(raw: str) -> datetime | None:
    """The first date (and time) found in ``raw``, read as Beijing time; ``None`` when there is none."""
    if _ISO_OFFSET.match(raw.strip()):
        return _parse_iso(raw.strip())
    match = _DATE.search(raw)
    if match is None:
        return None
    parts = {key: int(value) for key, value in match.groupdict().items() if value is not None}
    try:
        return datetime(
            parts["y"],
            parts["m"],
            parts["d"],
            parts.get("H", 0),
            parts.get("M", 0),
            parts.get("S", 0),
            tzinfo=BEIJING,
        )
    except ValueError:
        return None


def _parse_iso(raw: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BEIJING)


def strip_date(text: str) -> str:
    """``text`` without its first date, e.g. the source part of v2014's "2016年05月25日10:10 新浪财经"."""
    return clean_text(_DATE.sub(" ", text, count=1))


def from_unix(seconds: int, tz: timezone = BEIJING) -> datetime | None:
    """An aware datetime from unix seconds; ``None`` for 0 or negative (roll API's "unknown")."""
    return datetime.fromtimestamp(seconds, tz=tz) if seconds > 0 else None


def from_unix_utc(seconds: int) -> datetime | None:
    """As ``from_unix`` but in UTC (for ``mtime``)."""
    return from_unix(seconds, UTC)


def editor_from_text(text: str) -> str:
    """The name (and work code) after ``责任编辑：``, e.g. "支全明 SF099"; ``""`` when absent."""
    match = _EDITOR.search(text)
    return clean_text(match.group(1)) if match else ""


def stock_codes(html: str) -> list[str]:
    """Codes listed by the ``news_keyword_pub`` comment, in page order; empty when the list is empty."""
    match = _KEYWORD_COMMENT.search(html)
    if match is None:
        return []
    return [code.strip() for code in match.group(2).split("&") if code.strip()]


def absolute_image_url(src: str, page_url: str) -> str:
    """``src`` made absolute; protocol-relative URLs and Sina's image hosts (which all serve it) get https."""
    src = src.strip()
    if src.startswith("//"):
        return "https:" + src
    parts = urlsplit(urljoin(page_url, src))
    if parts.scheme == "http" and is_sina_image_host(parts.hostname or ""):
        parts = parts._replace(scheme="https")
    return urlunsplit(parts)


def is_sina_url(url: str) -> bool:
    """True for http(s) URLs on a Sina host (``*.sina.com.cn`` or ``*.sina.cn``)."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    return parts.scheme in ("http", "https") and (
        host.endswith((".sina.com.cn", ".sina.cn")) or host in ("sina.com.cn", "sina.cn")
    )
