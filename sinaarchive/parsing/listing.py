"""Parse roll-API listing pages (``feed.mix.sina.com.cn/api/roll/get``) into ``RollEntry`` items.

Facts from real responses: ``result.status.code`` is 0 on success; ``result.data`` is a list, newest first,
``ctime`` strictly descending; scalars are strings; one article appears under many lids.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sinaarchive.items import RollEntry

logger = logging.getLogger(__name__)

# The desktop id is the part after ``doc-i``: 7 letters + 7 digits in every sample seen; accept any run of
# letters and digits so an id scheme change does not silently drop articles.
_DOC_URL_ID = re.compile(r"/doc-i([A-Za-z0-9]+)\.shtml")
_MOBILE_URL_ID = re.compile(r"/detail-i([A-Za-z0-9]+)\.d\.html")
_JSONP = re.compile(
    r"^\s*(?:try\s*\{)?\s*[\w.$]+\s*\((.*)\)\s*;?\s*(?:\}\s*catch\s*\(e\)\s*\{\s*\}\s*;?)?\s*$", re.DOTALL
)


class ListingError(ValueError):
    """A roll page that cannot be used at all; ``reason`` is a short stats key (``bad_json``, ``status``…)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, kw_only=True)
class RollPage:
    """One parsed listing page."""

    entries: list[RollEntry]
    raw_count: int
    """How many items Sina sent, usable or not: a page shorter than the page size is the last."""
    skipped: int = 0
    """Items dropped because they lacked an id or URL."""


def roll_url(api: str, *, pageid: int, lid: int, num: int, page: int) -> str:
    """The listing URL for one page of one channel, with the parameters in Sina's own order."""
    query = urlencode({"pageid": pageid, "lid": lid, "k": "", "num": num, "page": page})
    return f"{api}{'&' if '?' in api else '?'}{query}"


def doc_id_from_url(url: str) -> str:
    """``nitmeav9622448`` from ``…/doc-initmeav9622448.shtml`` or ``…/detail-initmeav9622448.d.html``; else ``""``."""
    match = _DOC_URL_ID.search(url) or _MOBILE_URL_ID.search(url)
    return match.group(1) if match else ""


def _load_json(text: str) -> Any:
    """JSON, tolerating the JSONP wrapper Sina adds when a ``callback`` parameter slips in."""
    try:
        return json.loads(text)
    except ValueError:
        match = _JSONP.match(text)
        if match:
            try:
                return json.loads(match.group(1))
            except ValueError:
                pass
    raise ListingError("bad_json", f"roll API response is not JSON (starts {text[:60]!r})")


def _as_int(value: Any) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return 0


def _as_text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def parse_entry(raw: Any) -> RollEntry | None:
    """One ``result.data`` item, or ``None`` when it has no usable URL or id."""
    if not isinstance(raw, dict):
        return None
    url = _as_text(raw.get("url"))
    doc_id = _as_text(raw.get("docid")).removeprefix("comos:") or doc_id_from_url(url)
    doc_id = re.sub(r"[^A-Za-z0-9]", "", doc_id)
    if not url.startswith(("http://", "https://")) or not doc_id:
        return None
    lids = tuple(lid.strip() for lid in _as_text(raw.get("lids")).split(",") if lid.strip())
    return RollEntry(
        doc_id=doc_id,
        url=url,
        wap_url=_as_text(raw.get("wapurl")),
        title=_as_text(raw.get("title")),
        intro=_as_text(raw.get("intro")),
        media_name=_as_text(raw.get("media_name")),
        ctime=_as_int(raw.get("ctime")),
        intime=_as_int(raw.get("intime")),
        mtime=_as_int(raw.get("mtime")),
        keywords=_as_text(raw.get("keywords")),
        lids=lids,
    )


def parse_roll_page(text: str) -> RollPage:
    """Parse one roll-API response body. Raises ``ListingError`` when the page as a whole is unusable."""
    payload = _load_json(text)
    result = payload.get("result") if isinstance(payload, dict) else None
    if not isinstance(result, dict):
        raise ListingError("no_result", "roll API response has no 'result' object")
    status = result.get("status")
    code = status.get("code") if isinstance(status, dict) else None
    if str(code) != "0":
        msg = status.get("msg", "") if isinstance(status, dict) else ""
        raise ListingError("status", f"roll API status code {code!r} ({msg!s:.80})")
    data = result.get("data")
    if not isinstance(data, list):
        raise ListingError("bad_data", f"roll API 'data' is {type(data).__name__}, not a list")
    entries = [entry for entry in map(parse_entry, data) if entry is not None]
    return RollPage(entries=entries, raw_count=len(data), skipped=len(data) - len(entries))
