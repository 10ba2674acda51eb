"""The simulator's HTTP server: roll API, article pages, robots.txt, a request log and control endpoints.

Routes (matched on the path only, whatever the Host, so it also works as a plain HTTP forward proxy):

- ``GET /api/roll/get?pageid=&lid=&k=&num=&page=`` roll-API JSON (``rollapi.py``);
- ``GET /<channel path>/<YYYY-MM-DD>/doc-i<id>.shtml`` (``/news/…`` for news.sina.com.cn articles in local
  mode) the article page (``pages.py``); anything else is a 404 page;
- ``GET /robots.txt`` allow all (what www.sina.com.cn serves, SINA.md §8);
- ``GET /__sim__/requests`` the request log as JSON; ``POST /__sim__/touch?docid=``, ``POST /__sim__/add?n=``,
  ``POST /__sim__/reset-log``. ``/__sim__/`` requests are not logged themselves.

Fault injection hooks in ahead of routing: ``Simulator.rules`` is a list of callables ``rule(request) ->
SimResponse | None``; the first that returns a response answers the request. Status sequences per URL are a rule
with a counter; hangs, dropped connections and truncated bodies are ``SimResponse`` subclasses that override
``write()`` (it gets the raw handler, so it can sleep, close the socket or send fewer bytes than announced);
malformed JSON is a plain ``SimResponse`` with a broken body. A response that needs the normal answer (a hang
that then answers, a truncated page, a roll page with items removed) overrides ``resolve(app, request,
downstream)``: ``downstream()`` is what the later rules and the routing would answer. A response's ``fault``
label, when set, is added to its request-log entry. Ready-made rules: ``faults.py``.
"""

from __future__ import annotations

import json
import re
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sinaarchive.simulator import pages, rollapi
from sinaarchive.simulator.site import SimArticle, Site, build_site

ROBOTS_TXT = b"User-agent: *\nAllow: /\n"
CONTROL_PREFIX = "/__sim__/"
JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
MAX_ADD = 10_000
# Any channel path, a date, and the 7+7 id (SINA.md §6); the optional /news prefix marks news.sina.com.cn pages.
_ARTICLE_PATH = re.compile(r"(?P<news>/news)?(?P<path>/[a-z0-9_/]+/\d{4}-\d{2}-\d{2}/doc-i(?P<id>[a-z0-9]+)\.shtml)")


@dataclass(frozen=True, kw_only=True)
class SimRequest:
    """What rules and routes see of a request. ``host`` is the absolute URI's host in proxy requests."""

    method: str
    host: str
    path: str
    query: str
    headers: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def params(self) -> dict[str, str]:
        """Query parameters, first value of each, blanks kept (``k=`` is always sent empty)."""
        return {key: values[0] for key, values in parse_qs(self.query, keep_blank_values=True).items()}


@dataclass(kw_only=True)
class SimResponse:
    """A complete response. Subclass and override ``write`` for faults that break the HTTP exchange itself."""

    status: int = 200
    body: bytes = b""
    content_type: str = HTML_TYPE
    headers: tuple[tuple[str, str], ...] = ()
    fault: str = ""
    """A short label (``drop``, ``hang``…) the request log records with the status; empty for normal answers."""

    def resolve(self, app: SimulatorApp, request: SimRequest,
                downstream: Callable[[], SimResponse]) -> SimResponse:
        """The response to send. ``downstream()`` computes what the later rules and the routing would answer."""
        return self

    def write(self, handler: BaseHTTPRequestHandler, *, head_only: bool = False) -> None:
        handler.send_response(self.status)
        handler.send_header("Content-Type", self.content_type)
        handler.send_header("Content-Length", str(len(self.body)))
        for name, value in self.headers:
            handler.send_header(name, value)
        handler.end_headers()
        if not head_only:
            handler.wfile.write(self.body)


Rule = Callable[[SimRequest], SimResponse | None]
View = Callable[[SimRequest, re.Match[str]], SimResponse]


def json_response(value: Any, status: int = 200) -> SimResponse:
    return SimResponse(status=status, body=json.dumps(value).encode(), content_type=JSON_TYPE)


def not_found() -> SimResponse:
    return SimResponse(status=404, body=pages.not_found_page())


class SimulatorApp:
    """Request handling without sockets: rules first, then the route table. Also keeps the request log."""

    def __init__(self, site: Site, *, urls: rollapi.UrlStyle, log_path: Path | None = None,
                 clock: Callable[[], float] = time.time, echo: bool = False) -> None:
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
            ("GET", re.compile(r"/__sim__/requests"), self._requests),
            ("POST", re.compile(r"/__sim__/touch"), self._touch),
            ("POST", re.compile(r"/__sim__/add"), self._add),
            ("POST", re.compile(r"/__sim__/reset-log"), self._reset_log),
        )

    # --- dispatch ---

    def handle(self, request: SimRequest) -> SimResponse:
        try:
            return self._handle(request, tuple(self.rules))
        except Exception:  # a simulator bug: answer 500 (the crawler sees a server error) and show the traceback
            traceback.print_exc()
            return SimResponse(status=500, body=b"simulator error\n", content_type="text/plain")

    def _handle(self, request: SimRequest, rules: tuple[Rule, ...]) -> SimResponse:
        for index, rule in enumerate(rules):
            response = rule(request)
            if response is not None:
                rest = rules[index + 1:]
                return response.resolve(self, request, lambda rest=rest: self._handle(request, rest))
        return self.route(request)

    def route(self, request: SimRequest) -> SimResponse:
        if request.method == "CONNECT":  # https through the proxy would need TLS for Sina's hosts: refuse
            return SimResponse(status=501, body=b"CONNECT is not supported\n", content_type="text/plain")
        for method, pattern, view in self._routes:
            match = pattern.fullmatch(request.path)
            if match is None:
                continue
            if request.method != method and not (method == "GET" and request.method == "HEAD"):
                return SimResponse(status=405, body=b"method not allowed\n", content_type="text/plain",
                                   headers=(("Allow", method),))
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
        entry: dict[str, Any] = {"time": round(self.clock(), 3), "method": request.method, "host": request.host,
                                 "path": request.path, "query": request.query, "status": status}
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


class _Handler(BaseHTTPRequestHandler):
    """Turns each HTTP request into a ``SimRequest`` and writes back what the app answers."""

    protocol_version = "HTTP/1.1"  # keep-alive: a 10,000-article benchmark should not pay a connect per page
    server_version = "SinaSimulator/1.0"
    sys_version = ""
    timeout = 30  # idle keep-alive connections end instead of holding a thread forever
    server: SimulatorServer

    def _serve(self) -> None:
        request = self._request()
        response = self.server.app.handle(request)
        # Logged before writing, so a client that has its response also finds it in the log.
        self.server.app.record(request, response.status, response.fault)
        response.write(self, head_only=request.method == "HEAD")

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_CONNECT = _serve

    def _request(self) -> SimRequest:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)  # control endpoints take no body; drain it so keep-alive stays in sync
        target = self.path
        if self.command == "CONNECT":
            return SimRequest(method="CONNECT", host=target, path="", query="")
        parts = urlsplit(target)
        # Proxy form ("GET http://finance.sina.com.cn/… HTTP/1.1"): route by the path, remember the host.
        host = parts.netloc if parts.scheme else self.headers.get("Host", "")
        return SimRequest(method=self.command, host=host, path=parts.path or "/", query=parts.query,
                          headers=dict(self.headers.items()))

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """Silent: the request log (and ``--verbose``) replaces the default stderr access log."""


class SimulatorServer(ThreadingHTTPServer):
    """A threading server that can close its open keep-alive connections when it stops."""

    daemon_threads = True
    app: SimulatorApp

    def __init__(self, address: tuple[str, int]) -> None:
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Wake every handler blocked on an idle connection; each then closes its own socket."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class Simulator:
    """A running (or ready) simulator: the server, the site and the test-facing helpers."""

    def __init__(self, site: Site | None = None, *, host: str = "127.0.0.1", port: int = 0,
                 real_hosts: bool = False, log_path: str | Path | None = None, echo: bool = False) -> None:
        self.site = site if site is not None else build_site()
        self._server = SimulatorServer((host, port))
        bound_host, bound_port = self._server.server_address[:2]
        self.host = "127.0.0.1" if bound_host == "0.0.0.0" else bound_host
        self.port = bound_port
        self.base_url = f"http://{self.host}:{self.port}"
        self.real_hosts = real_hosts
        urls = rollapi.UrlStyle(None if real_hosts else self.base_url)
        self.app = SimulatorApp(self.site, urls=urls, log_path=Path(log_path) if log_path else None, echo=echo)
        self._server.app = self.app
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def roll_api(self) -> str:
        return f"{self.base_url}/api/roll/get"

    @property
    def rules(self) -> list[Rule]:
        """Fault-injection rules, consulted in order before routing (see the module docstring)."""
        return self.app.rules

    def article_url(self, article: SimArticle) -> str:
        """The URL roll items give for ``article`` in this simulator's mode."""
        return self.app.urls.article_url(article)

    def requests(self) -> list[dict[str, Any]]:
        return self.app.requests()

    def reset_log(self) -> None:
        self.app.reset_log()

    def touch(self, doc_id: str) -> SimArticle:
        return self.site.touch(doc_id)

    def add(self, n: int = 1) -> list[SimArticle]:
        return self.site.add(n)

    def start(self) -> Simulator:
        """Serve from a daemon thread; returns at once."""
        # A short poll interval: stop() (which waits for the serving loop to notice) takes 0.1 s, not 0.5 s.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="sina-simulator", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve from the calling thread until ``KeyboardInterrupt`` (the CLI)."""
        try:
            self._server.serve_forever()
        finally:
            self.stop()

    def stop(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
        self._server.close_connections()
        self._server.server_close()

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@contextmanager
def run_simulator(site: Site | None = None, *, real_hosts: bool = False,
                  log_path: str | Path | None = None) -> Iterator[Simulator]:
    """Start a simulator on a free loopback port for the duration of a ``with`` block."""
    simulator = Simulator(site, real_hosts=real_hosts, log_path=log_path)
    with simulator:
        yield simulator
