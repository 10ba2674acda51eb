"""What the simulator's handlers speak: ``SimRequest`` in, ``SimResponse`` out, and the ``Rule`` type.

Fault injection hooks in ahead of routing: ``Simulator.rules`` is a list of callables ``rule(request) ->
SimResponse | None``; the first that returns a response answers the request. Status sequences per URL are a rule
with a counter; hangs, dropped connections and truncated bodies are ``SimResponse`` subclasses that override
``write()`` (it gets the raw handler, so it can sleep, close the socket or send fewer bytes than announced);
malformed JSON is a plain ``SimResponse`` with a broken body. A response that needs the normal answer (a hang
that then answers, a truncated page, a roll page with items removed) overrides ``resolve(request, downstream,
site=, urls=)``: ``downstream()`` is what the later rules and the routing would answer. A response's ``fault``
label, when set, is added to its request-log entry. Ready-made rules: the ``faults`` package.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

if TYPE_CHECKING:
    from sinasim.rollapi import UrlStyle
    from sinasim.site import Site

JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"


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

    def resolve(
        self, request: SimRequest, downstream: Callable[[], SimResponse], *, site: Site, urls: UrlStyle
    ) -> SimResponse:
        """The response to send. ``downstream()`` computes what the later rules and the routing would answer;
        ``site`` and ``urls`` are the app's, for a fault that rebuilds part of the answer itself."""
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


def json_response(value: Any, status: int = 200) -> SimResponse:
    return SimResponse(status=status, body=json.dumps(value).encode(), content_type=JSON_TYPE)
