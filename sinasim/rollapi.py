"""Roll-API responses shaped like ``feed.mix.sina.com.cn/api/roll/get`` (as a real response of 2026-09-29 is).

Pure functions of the site and the query; the server only adds HTTP. What the simulator does where the real API's
behaviour is unknown is marked *guess* below, so tests do not mistake it for a fact about Sina.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sinasim.site import SimArticle, Site

MAX_NUM = 50  # the real API silently clamps larger values to 50
DEFAULT_NUM = 20  # guess: the old RSSHub route asked for num=20, so no client relies on the default
UNREGISTERED = {"code": 1, "msg": "未注册"}  # msg reported for pageid=153&lid=1686; the code is a guess
# The poster every image-less sample item carries in ``img`` (int w/h, unlike ``images``).
POSTER = "http://n.sinaimg.cn/finance/c30320b4/20210712/wx_poster_finance1.png"
_HQCHART = '{"stockCharts":"no","stockCode":"","stockMarket":"","mulStockChart":"","isStaticStock":""}'
_CALLBACK = re.compile(r"[A-Za-z_$][\w.$]{0,63}")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class UrlStyle:
    """How item URLs are written: on the simulator itself (``base`` set) or on Sina's real hosts (``base=None``)."""

    base: str | None = None

    def article_url(self, article: SimArticle) -> str:
        if self.base is None:
            return article.real_url
        return f"{self.base}{local_path(article)}"

    def wap_url(self, article: SimArticle, scheme: str = "https") -> str:
        if self.base is None:
            return f"{scheme}://{article.mobile_host}{article.mobile_path}"
        return f"{self.base}{article.mobile_path}"  # not served: the simulator has no mobile template


def local_path(article: SimArticle) -> str:
    """Path on the simulator: news.sina.com.cn articles get a ``/news`` prefix, since one host serves both."""
    return f"/news{article.path}" if article.era == "news" else article.path


@dataclass(frozen=True, kw_only=True)
class RollQuery:
    pageid: str
    lid: str
    k: str = ""
    num: int = DEFAULT_NUM
    page: int = 1
    callback: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> RollQuery:
        """Lenient like a PHP endpoint: bad numbers fall back to defaults instead of failing (guess)."""
        num = _as_int(params.get("num"), DEFAULT_NUM)
        callback = params.get("callback", "").strip()
        return cls(
            pageid=params.get("pageid", "").strip(),
            lid=params.get("lid", "").strip(),
            k=params.get("k", "").strip(),
            num=min(num, MAX_NUM) if num > 0 else DEFAULT_NUM,
            page=max(_as_int(params.get("page"), 1), 1),
            # Only a plain JS name is echoed back, so the JSONP body cannot carry injected script.
            callback=callback if _CALLBACK.fullmatch(callback) else "",
        )


def _as_int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def sina_timestamp(now: float) -> str:
    """``Tue Sep 29 00:39:35 +0800 2026``, locale-independent."""
    t = time.gmtime(int(now) + 8 * 3600)
    clock = time.strftime("%H:%M:%S", t)
    return f"{_DAYS[t.tm_wday]} {_MONTHS[t.tm_mon - 1]} {t.tm_mday:02d} {clock} +0800 {t.tm_year}"


def _matches(article: SimArticle, keyword: str) -> bool:
    """``k=600000`` gives one stock's news, as on the real API; the simulator also matches title words."""
    key = keyword.lower()
    return key in article.title.lower() or any(s.code.lower().endswith(key) for s in article.stocks)


def select(site: Site, query: RollQuery) -> tuple[dict[str, Any], list[SimArticle], int]:
    """The status object, this page's articles and the total, before any JSON shaping."""
    lid = _as_int(query.lid, -1)
    channel = site.channel(lid)
    if channel is None:  # guess: an unknown lid lists nothing, with status "succ"
        return {"code": 0, "msg": "succ"}, [], 0
    if query.pageid != str(channel.pageid):
        return dict(UNREGISTERED), [], 0
    listing = site.listing(lid)
    if query.k:
        listing = [a for a in listing if _matches(a, query.k)]
    first = (query.page - 1) * query.num
    return {"code": 0, "msg": "succ"}, listing[first : first + query.num], len(listing)


def roll_payload(site: Site, query: RollQuery, urls: UrlStyle, *, now: float) -> dict[str, Any]:
    status, articles, total = select(site, query)
    result = {
        "status": status,
        "timestamp": sina_timestamp(now),
        "top": [],
        "pdps": [],
        "cre": [],
        "total": total,
        # ``start`` is the first item's ctime and ``end`` the last's; 0 on an empty page is a guess.
        "end": articles[-1].ctime if articles else 0,
        "start": articles[0].ctime if articles else 0,
        "lid": _as_int(query.lid, 0),
        "rtime": int(now),
        "data": [roll_item(a, urls) for a in articles],
    }
    return {"result": result}


def _images(article: SimArticle) -> tuple[Any, list[dict[str, str]]]:
    """``img`` / ``images`` in the sample's two shapes: a poster with int w/h, or a list with string w/h."""
    if not article.images:
        return {"u": POSTER, "w": 100, "h": 100, "t": ""}, []
    images = [{"u": f"http:{i.url}", "w": str(i.width), "h": str(i.height), "t": i.caption} for i in article.images]
    return [], images


def roll_item(article: SimArticle, urls: UrlStyle) -> dict[str, Any]:
    """One ``data`` item with the real key set and order; every scalar a string, as the real API sends them."""
    url, img_images = urls.article_url(article), _images(article)
    item = {
        "icons": "",
        "is_cre_manual": "0",
        "hqChart": _HQCHART,
        "intime": str(article.intime),
        "channelid": "31",
        "ctime": str(article.ctime),
        "mtime": str(article.mtime),
        "authoruid": "0",
        "level": "2",
        "vid": "0",
        "ipad_vid": "0",
        "video_time_length": "0",
        "categoryid": "1",
        "mediaid": "0",
        "templateid": "0",
        "productid": "0",
        "ext_0": "0",
        "ext_1": "0",
        "ext_2": "0",
        "ext_3": "0",
        "ext_4": "0",
        "docid": f"comos:{article.doc_id}",
        "url": url,
        "urls": _dumps([url]),
        "wapurl": urls.wap_url(article),
        "wapurls": _dumps([urls.wap_url(article), urls.wap_url(article, "http")]),
        "wapsummary": "",
        "title": article.title,
        "stitle": "",
        "summary": "",
        "intro": article.intro,
        "author": "",
        "commentid": f"cj:comos-{article.doc_id}:0",
        "video_id": "0",
        "keywords": "",
        "media_name": article.media_name,
        "columnid": "1850,2018,2032",
        "subjectid": "",
        "img": img_images[0],
        "images": img_images[1],
        "lids": ",".join(map(str, article.lids)),
        "oid": str(article.oid),
    }
    if article.images:  # the sample's image-less item is also the one without these two keys
        item.update(mlids="", ext="1")
    return item


def _dumps(value: Any) -> str:
    """JSON like Sina's PHP encoder: ASCII only (``\\uXXXX``), no spaces, and ``/`` escaped as ``\\/``."""
    return json.dumps(value, separators=(",", ":")).replace("/", "\\/")


def encode(payload: dict[str, Any], callback: str = "") -> bytes:
    """The response body; a ``callback`` wraps it the way the real API does for JSONP."""
    text = _dumps(payload)
    if callback:
        text = f"try{{{callback}({text});}}catch(e){{}};"
    return text.encode("ascii")
