"""Matching and counting: which requests a fault answers, and the rule that answers them ``times`` times.

``match`` is a compiled regex, searched in the path and then in ``path?query``; a string (compiled as a regex);
or a predicate on ``SimRequest``. Control requests (``/__sim__/…``) never match.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

from sinasim import rollapi
from sinasim.app import CONTROL_PREFIX
from sinasim.messages import SimRequest, SimResponse
from sinasim.site import SimArticle

Match = re.Pattern[str] | str | Callable[[SimRequest], bool]
Downstream = Callable[[], SimResponse]

ROLL_API = re.compile(r"/api/roll/get$")


def article_path(target: SimArticle | str) -> re.Pattern[str]:
    """Matches the article page of ``target`` (an article or a doc id), on any channel path and either host."""
    doc_id = target.doc_id if isinstance(target, SimArticle) else target
    return re.compile(rf"/doc-i{re.escape(doc_id)}\.shtml$")


def roll_page(page: int | None = None, *, lid: int | None = None) -> Callable[[SimRequest], bool]:
    """Matches roll-API requests for ``page`` (any page when ``None``) of ``lid`` (any lid when ``None``)."""

    def predicate(request: SimRequest) -> bool:
        if not ROLL_API.search(request.path):
            return False
        query = rollapi.RollQuery.from_params(request.params)
        return (page is None or query.page == page) and (lid is None or query.lid == str(lid))

    return predicate


def matches(match: Match, request: SimRequest) -> bool:
    if request.path.startswith(CONTROL_PREFIX):
        return False
    if callable(match) and not isinstance(match, re.Pattern):
        return bool(match(request))
    pattern = re.compile(match) if isinstance(match, str) else match
    if pattern.search(request.path):
        return True
    return bool(request.query) and pattern.search(f"{request.path}?{request.query}") is not None


class FaultRule:
    """A rule that answers matching requests ``times`` times (``None``: always), then passes."""

    def __init__(
        self, name: str, match: Match, times: int | None, respond: Callable[[SimRequest, int], SimResponse]
    ) -> None:
        if times is not None and times < 0:
            raise ValueError(f"times must be >= 0 or None, not {times}")
        self.name = name
        self.match = match
        self.times = times
        self._respond = respond
        self._lock = threading.Lock()
        self.hits = 0

    def __call__(self, request: SimRequest) -> SimResponse | None:
        if not matches(self.match, request):
            return None
        with self._lock:
            if self.times is not None and self.hits >= self.times:
                return None
            index = self.hits
            self.hits += 1
        return self._respond(request, index)

    def __repr__(self) -> str:
        return f"<FaultRule {self.name} hits={self.hits} times={self.times}>"
