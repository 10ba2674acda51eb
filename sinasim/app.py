"""Request handling without sockets: fault rules first, then the routes; and the request log.

Routes (matched on the path only, whatever the Host, so it also works as a plain HTTP forward proxy):

- ``GET /api/roll/get?pageid=&lid=&k=&num=&page=`` roll-API JSON (``rollapi.py``);
- ``GET /<channel path>/<YYYY-MM-DD>/doc-i<id>.shtml`` (``/news/…`` for news.sina.com.cn articles in local
  mode) the article page (``pages``); anything else is a 404 page;
- ``GET /robots.txt`` allow all (what www.sina.com.cn serves);
- ``GET /….png`` (``.jpg``, ``.gif``, ``.webp``) an image, 403 with a foreign Referer (``images.py``);
- ``GET /__sim__/requests`` the request log as JSON; ``POST /__sim__/touch?docid=``, ``POST /__sim__/add?n=``,
  ``POST /__sim__/reset-log``. ``/__sim__/`` requests are not logged themselves.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sinasim import images, pages, rollapi
from sinasim.messages import HTML_TYPE, JSON_TYPE, Rule, SimRequest, SimResponse, json_response
from sinasim.site import Site

ROBOTS_TXT = b"User-agent: *\nAllow: /\n"
CONTROL_PREFIX = "/__sim__/"
MAX_ADD = 10_000
# Any channel path, a date, and the 7+7 id; the optional /news prefix marks news.sina.com.cn pages.
_ARTICLE_PATH = re.compile(r"(?P<news>/news)?(?P<path>/[a-z0-9_/]+/\d{4}-\d{2}-\d{2}/doc-i(?P<id>[a-z0-9]+)\.shtml)")

View = Callable[[SimRequest, re.Match[str]], SimResponse]


def not_found() -> SimResponse:
    return SimResponse(status=404, body=pages.not_found_page())


class SimulatorApp:
    """Request handling without sockets: rules first, then the route table. Also keeps the request log."""

    def __init__(
        self,
        site: Site,
        *,
        urls: rollapi.UrlStyle,
        log_path: Path | None = None,
        clock: Callable[[], float] = time.time,
        echo: bool = False,
    ) -> None:
        self.site = site
        self.urls = urls
        self.rules: list[Rule] = []
        self.clock = clock
        self.log_path = log_path
        self.echo = echo
        self._log: list[dict[str, Any]] = []
        self._log_lock = threading.Lock()
        self._routes: tuple[tuple[str, re.Pattern[str], View], ...] = (
            ("GET", re.compile(r"/api/roll/get"), self._roll),
            ("GET", re.compile(r"/robots\.txt"), self._robots),
            ("GET", _ARTICLE_PATH, self._article),
            ("GET", images.IMAGE_PATH, self._image),
            ("GET", re.compile(r"/__sim__/requests"), self._requests),
            ("POST", re.compile(r"/__sim__/touch"), self._touch),
            ("POST", re.compile(r"/__sim__/add"), self._add),
            ("POST", re.compile(r"/__sim__/reset-log"), self._reset_log),
        )

    # --- dispatch ---

    def handle(self, request: SimRequest) -> SimResponse:
        try:
            return self._handle(request, tuple(self.rules))
        except Exception:  # noqa: BLE001 - whatever the bug
            # A simulator bug: answer 500 (the crawler sees a server error) and show the traceback.
            traceback.print_exc()
            return SimResponse(status=500, body=b"simulator error\n", content_type="text/plain")

    def _handle(self, request: SimRequest, rules: tuple[Rule, ...]) -> SimResponse:
        for index, rule in enumerate(rules):
            response = rule(request)
            if response is not None:
                rest = rules[index + 1 :]
                downstream = lambda rest=rest: self._handle(request, rest)
                return response.resolve(request, downstream, site=self.site, urls=self.urls)
        return self.route(request)

    def route(self, request: SimRequest) -> SimResponse:
        if request.method == "CONNECT":  # https through the proxy would need TLS for Sina's hosts: refuse
            return SimResponse(status=501, body=b"CONNECT is not supported\n", content_type="text/plain")
        for method, pattern, view in self._routes:
            match = pattern.fullmatch(request.path)
            if match is None:
                continue
            if request.method != method and not (method == "GET" and request.method == "HEAD"):
                return SimResponse(
                    status=405, body=b"method not allowed\n", content_type="text/plain", headers=(("Allow", method),)
                )
            return view(request, match)
        return not_found()

    # --- views ---

    def _roll(self, request: SimRequest, _: re.Match[str]) -> SimResponse:
        query = rollapi.RollQuery.from_params(request.params)
        payload = rollapi.roll_payload(self.site, query, self.urls, now=self.clock())
        content_type = "application/javascript; charset=utf-8" if query.callback else JSON_TYPE
        return SimResponse(body=rollapi.encode(payload, query.callback), content_type=content_type)

    def _robots(self, request: SimRequest, _: re.Match[str]) -> SimResponse:
        return SimResponse(body=ROBOTS_TXT, content_type="text/plain")

    def _article(self, request: SimRequest, match: re.Match[str]) -> SimResponse:
        article = self.site.get(match["id"])
        if article is None or article.path != match["path"]:
            return not_found()
        if match["news"] and article.era != "news":
            return not_found()
        body = pages.render(article, self.site)
        # blk pages: GBK bytes and only the page's own <meta charset=gb2312>, the way old pages were served.
        return SimResponse(body=body, content_type="text/html" if article.era == "blk" else HTML_TYPE)

    def _image(self, request: SimRequest, _: re.Match[str]) -> SimResponse:
        return images.image_response(request)

    def _requests(self, request: SimRequest, _: re.Match[str]) -> SimResponse:
        return json_response(self.requests())

    def _touch(self, request: SimRequest, _: re.Match[str]) -> SimResponse:
        doc_id = request.params.get("docid", "").removeprefix("comos:")
        try:
            article = self.site.touch(doc_id)
        except KeyError:
            return json_response({"error": f"unknown docid {doc_id!r}"}, status=404)
        return json_response({"docid": article.doc_id, "mtime": article.mtime})

    def _add(self, request: SimRequest, _: re.Match[str]) -> SimResponse:
        raw = request.params.get("n", "1")
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_ADD:
            return json_response({"error": f"n must be an integer from 1 to {MAX_ADD}"}, status=400)
        added = self.site.add(int(raw))
        return json_response({"added": [{"docid": a.doc_id, "ctime": a.ctime} for a in added]})

    def _reset_log(self, request: SimRequest, _: re.Match[str]) -> SimResponse:
        self.reset_log()
        return json_response({"ok": True})

    # --- request log ---

    def record(self, request: SimRequest, status: int, fault: str = "") -> None:
        if request.path.startswith(CONTROL_PREFIX):
            return
        entry: dict[str, Any] = {
            "time": round(self.clock(), 3),
            "method": request.method,
            "host": request.host,
            "path": request.path,
            "query": request.query,
            "status": status,
        }
        if fault:
            entry["fault"] = fault
        line = json.dumps(entry, ensure_ascii=False)
        with self._log_lock:
            self._log.append(entry)
            if self.log_path is not None:
                with self.log_path.open("a", encoding="utf-8") as stream:
                    stream.write(line + "\n")
        if self.echo:
            print(line, file=sys.stderr, flush=True)

    def requests(self) -> list[dict[str, Any]]:
        with self._log_lock:
            return [dict(entry) for entry in self._log]

    def reset_log(self) -> None:
        with self._log_lock:
            self._log.clear()
