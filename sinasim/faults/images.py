"""Faults of image hosts: HTML served as an image, and an image far larger than any crawler should keep.

404, a slow image and a truncated one need nothing new: ``always(m, 404)``, ``hang(m, seconds)`` and
``truncated(m, times=None)`` answer image requests as they answer pages.
"""

from __future__ import annotations

from sinasim import images, pages
from sinasim.faults.rules import FaultRule, Match
from sinasim.messages import SimRequest, SimResponse


def html_as_image(match: Match, times: int | None = None, *, content_type: str = "image/jpeg") -> FaultRule:
    """Status 200, ``Content-Type: image/jpeg``, and Sina's 404 page as the body (what a CDN error page looks
    like to a client that trusts the header)."""
    return FaultRule(
        "html as image",
        match,
        times,
        lambda request, index: SimResponse(body=pages.not_found_page(), content_type=content_type, fault="html_image"),
    )


def huge_image(match: Match, size: int, times: int | None = None) -> FaultRule:
    """A real image's first bytes padded to ``size`` bytes, with a matching ``Content-Length``."""

    def respond(request: SimRequest, index: int) -> SimResponse:
        body, content_type = images.image_body(request.path)
        return SimResponse(body=body + b"\x00" * max(0, size - len(body)), content_type=content_type, fault="huge")

    return FaultRule(f"huge image {size}", match, times, respond)
