"""The simulator's HTTP server: ``Simulator`` (start, stop, request log, controls) over a threading server.

``_Handler`` turns each HTTP request into a ``SimRequest`` for the app (``app.py``: rules, routes, request log)
and writes back its ``SimResponse`` (``messages.py``). The names other modules import from here (content types,
``ROBOTS_TXT``, ``SimRequest``, ``SimResponse``, ``Rule``…) stay importable from this module.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlsplit

from sinasim import rollapi
from sinasim.app import CONTROL_PREFIX, MAX_ADD, ROBOTS_TXT, SimulatorApp, View, not_found
from sinasim.messages import HTML_TYPE, JSON_TYPE, Rule, SimRequest, SimResponse, json_response
from sinasim.site import SimArticle, Site, build_site

__all__ = [
    "CONTROL_PREFIX",
    "HTML_TYPE",
    "JSON_TYPE",
    "MAX_ADD",
    "ROBOTS_TXT",
    "Rule",
    "SimRequest",
    "SimResponse",
    "Simulator",
    "SimulatorApp",
    "SimulatorServer",
    "View",
    "json_response",
    "not_found",
    "run_simulator",
]


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
        return SimRequest(
            method=self.command,
            host=host,
            path=parts.path or "/",
            query=parts.query,
            headers=dict(self.headers.items()),
        )

    def log_message(self, format: str, *args: Any) -> None:  # "format": the base class's parameter name
        """Silent: the request log (and ``--verbose``) replaces the default stderr access log."""


class SimulatorServer(ThreadingHTTPServer):
    """A threading server that can close its open keep-alive connections when it stops."""

    daemon_threads = True
    # socketserver's listen backlog is 5: with a cluster of crawlers connecting at once the kernel completes
    # handshakes the server never accepts, and those requests hang until the client's timeout (30 s).
    request_queue_size = 128
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
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class Simulator:
    """A running (or ready) simulator: the server, the site and the test-facing helpers."""

    def __init__(
        self,
        site: Site | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        real_hosts: bool = False,
        log_path: str | Path | None = None,
        echo: bool = False,
    ) -> None:
        self.site = site if site is not None else build_site()
        self._server = SimulatorServer((host, port))
        bound_host, bound_port = self._server.server_address[:2]
        assert isinstance(bound_host, str)  # an IPv4 or IPv6 address: only Unix sockets have bytes addresses
        self.host = "127.0.0.1" if bound_host == "0.0.0.0" else bound_host  # noqa: S104 - a comparison, not a bind
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

    def start(self) -> Self:
        """Serve from a daemon thread; returns at once."""
        # A short poll interval: stop() (which waits for the serving loop to notice) takes 0.1 s, not 0.5 s.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, name="sina-simulator", daemon=True
        )
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

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@contextmanager
def run_simulator(
    site: Site | None = None, *, real_hosts: bool = False, log_path: str | Path | None = None
) -> Iterator[Simulator]:
    """Start a simulator on a free loopback port for the duration of a ``with`` block."""
    simulator = Simulator(site, real_hosts=real_hosts, log_path=log_path)
    with simulator:
        yield simulator
