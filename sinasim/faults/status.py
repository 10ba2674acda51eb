"""HTTP status faults: a sequence of error statuses before normal service, or one status for good."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from http import HTTPStatus

from sinasim import pages
from sinasim.faults.rules import FaultRule, Match
from sinasim.messages import SimResponse


def error_page(status: int) -> bytes:
    """A short nginx-style error page (Sina's front ends are nginx)."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return (
        f"<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n<center><h1>{status} {phrase}"
        f"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    ).encode()


def _status_response(status: int, body: bytes | None, headers: tuple[tuple[str, str], ...]) -> SimResponse:
    if body is None:
        body = pages.not_found_page() if status == 404 else error_page(status)
    return SimResponse(status=status, body=body, headers=headers, fault=f"http {status}")


def status_sequence(
    match: Match, statuses: Sequence[int], *, retry_after: int | str | None = None, body: bytes | None = None
) -> FaultRule:
    """The ``statuses`` in order, one per matching request, then normal service.

    ``retry_after`` adds ``Retry-After`` to each of them; ``body`` defaults to an error page (Sina's 404 page for
    404).
    """
    statuses = tuple(statuses)
    headers = () if retry_after is None else (("Retry-After", str(retry_after)),)
    return FaultRule(
        f"http {', '.join(map(str, statuses))}",
        match,
        len(statuses),
        lambda request, index: _status_response(statuses[index], body, headers),
    )


def always(
    match: Match, status: int, *, body: bytes | None = None, headers: Iterable[tuple[str, str]] = ()
) -> FaultRule:
    """``status`` on every matching request: a permanent failure (404 page, 500, 403…)."""
    extra = tuple(headers)
    return FaultRule(f"always http {status}", match, None, lambda request, index: _status_response(status, body, extra))
