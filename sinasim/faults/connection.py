"""Connection faults that break the HTTP exchange itself: hangs, dropped or reset connections, cut-off bodies.

Each answer is a ``SimResponse`` subclass that overrides ``write()`` (it gets the raw handler, so it can wait,
close the socket or send fewer bytes than announced); hangs and cut-off pages first fetch the normal answer
(``resolve``).
"""

from __future__ import annotations

import select
import socket
import struct
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler

from sinasim.faults.rules import Downstream, FaultRule, Match
from sinasim.messages import SimRequest, SimResponse
from sinasim.rollapi import UrlStyle
from sinasim.site import Site


@dataclass(kw_only=True)
class _Around(SimResponse):
    """A fault around the normal answer: ``resolve`` fetches it from downstream (later rules, then routing)."""

    inner: SimResponse | None = None

    def resolve(self, request: SimRequest, downstream: Downstream, *, site: Site, urls: UrlStyle) -> SimResponse:
        self.inner = downstream()
        self.status = self.inner.status
        self.body, self.content_type, self.headers = self.inner.body, self.inner.content_type, self.inner.headers
        return self


def _client_left(connection: socket.socket, seconds: float | None) -> bool:
    """Wait ``seconds`` (``None``: forever); ``True`` as soon as the client closes (or the server stops)."""
    deadline = None if seconds is None else time.monotonic() + seconds
    while True:
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            return False
        readable, _, _ = select.select([connection], [], [], remaining)
        if not readable:
            return False
        try:
            data = connection.recv(1, socket.MSG_PEEK)
        except OSError:
            return True
        if not data:
            return True
        if deadline is not None:  # a pipelined request: nothing to watch for, just wait the rest
            time.sleep(max(0.0, deadline - time.monotonic()))
            return False
        time.sleep(0.05)


@dataclass(kw_only=True)
class HangResponse(_Around):
    seconds: float | None = None

    def write(self, handler: BaseHTTPRequestHandler, *, head_only: bool = False) -> None:
        if _client_left(handler.connection, self.seconds):
            handler.close_connection = True
            return
        try:
            assert self.inner is not None
            self.inner.write(handler, head_only=head_only)
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True


def hang(match: Match, seconds: float | None, times: int | None = 1) -> FaultRule:
    """Hold the connection ``seconds`` (``None``: until the client closes it), then answer normally.

    The crawler sees a download timeout when ``seconds`` exceeds its ``DOWNLOAD_TIMEOUT``. The server thread
    returns as soon as the client closes the connection, so a timed-out hang costs nothing afterwards.
    """
    label = "hang" if seconds is None else f"hang {seconds:g}s"
    return FaultRule(label, match, times, lambda request, index: HangResponse(seconds=seconds, fault=label))


@dataclass(kw_only=True)
class DropResponse(SimResponse):
    reset: bool = False

    def write(self, handler: BaseHTTPRequestHandler, *, head_only: bool = False) -> None:
        handler.close_connection = True
        if self.reset:
            # Linger 0: closing sends an RST instead of a FIN. The descriptor really closes when the handler
            # releases its stream objects, before the server's own shutdown of the socket (which then fails quietly).
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.connection.close()


def drop_connection(match: Match, times: int | None = 1, *, reset: bool = False) -> FaultRule:
    """Close the connection without sending a byte (``reset``: with an RST). Logged with status 0."""
    label = "reset" if reset else "drop"
    return FaultRule(label, match, times, lambda request, index: DropResponse(status=0, reset=reset, fault=label))


def _cut_point(body: bytes, keep: float | None) -> int:
    """Where to cut: a fraction of the bytes, or (``None``) just after the article body's first paragraph."""
    end = body.rfind(b"</html>")
    limit = end if end > 0 else len(body) - 1
    if keep is None:
        start = max(body.find(b'id="artibody"'), body.find(b'id="article"'))
        first_p = body.find(b"</p>", start) if start >= 0 else -1
        if first_p >= 0:
            return min(first_p + len(b"</p>"), limit)
        keep = 0.5
    if not 0 <= keep < 1:
        raise ValueError(f"keep must be in [0, 1), not {keep}")
    return max(0, min(int(len(body) * keep), limit))


@dataclass(kw_only=True)
class TruncatedResponse(_Around):
    keep: float | None = 0.5
    framing: str = "length"  # "length": full Content-Length; "close": close-delimited; "chunked"

    def write(self, handler: BaseHTTPRequestHandler, *, head_only: bool = False) -> None:
        inner = self.inner
        assert inner is not None
        if type(inner).write is not SimResponse.write:  # already a broken exchange: nothing to cut
            inner.write(handler, head_only=head_only)
            return
        part = inner.body[: _cut_point(inner.body, self.keep)]
        handler.send_response(inner.status)
        handler.send_header("Content-Type", inner.content_type)
        if self.framing == "length":
            handler.send_header("Content-Length", str(len(inner.body)))
        elif self.framing == "chunked":
            handler.send_header("Transfer-Encoding", "chunked")
        else:
            handler.send_header("Connection", "close")
        for name, value in inner.headers:
            handler.send_header(name, value)
        handler.end_headers()
        if head_only:
            return
        try:
            if self.framing == "chunked":
                handler.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(part), part) if part else b"0\r\n\r\n")
            else:
                handler.wfile.write(part)
                handler.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True


def truncated(match: Match, times: int | None = 1, *, keep: float = 0.5) -> FaultRule:
    """Headers with the full ``Content-Length``, then only ``keep`` of the body, then close."""
    _cut_point(b"x" * 4, keep)  # validate now, not in the server thread
    return FaultRule(
        "truncated",
        match,
        times,
        lambda request, index: TruncatedResponse(keep=keep, framing="length", fault="truncated"),
    )


def truncated_unframed(
    match: Match, times: int | None = 1, *, keep: float | None = None, chunked: bool = False
) -> FaultRule:
    """A 200 without Content-Length that ends mid-HTML with no protocol error.

    Close-delimited by default (Scrapy: a response flagged ``partial``), or ``chunked`` with a proper last chunk
    (a perfectly normal response). ``keep=None`` cuts just after the first ``</p>`` of the article body, so the
    page has a title, a date and a plausible one-paragraph body but no ``</html>``; a float cuts that share of the
    bytes.
    """
    if keep is not None:
        _cut_point(b"x" * 4, keep)
    framing = "chunked" if chunked else "close"
    label = f"cut-off ({framing})"
    return FaultRule(
        label, match, times, lambda request, index: TruncatedResponse(keep=keep, framing=framing, fault=label)
    )
