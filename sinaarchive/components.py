"""One shared object per crawl (the archive, the worker pool), reachable from the spider and the pipelines; and a
way to wake the engine.

Scrapy builds the spider and each pipeline separately from the crawler; state they must share lives on the
crawler, created on first use and closed when the engine stops.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from scrapy import signals
from scrapy.crawler import Crawler


class Closable(Protocol):
    def close(self) -> None: ...


T = TypeVar("T", bound=Closable)


def per_crawler(crawler: Crawler, name: str, factory: Callable[[Crawler], T]) -> T:
    """``crawler``'s one ``name`` object, made by ``factory`` on first use and closed when the engine stops."""
    attribute = f"_sinaarchive_{name}"
    component = getattr(crawler, attribute, None)
    if component is None:
        component = factory(crawler)
        setattr(crawler, attribute, component)
        crawler.signals.connect(lambda **_: component.close(), signal=signals.engine_stopped, weak=False)
    return component


def wake_engine(crawler: Crawler) -> None:
    """Let the engine look for requests and idleness now rather than at its next 5-second heartbeat (Scrapy has no
    public call for this; without the private attribute the heartbeat still does it, later)."""
    nextcall = getattr(getattr(crawler.engine, "_slot", None), "nextcall", None)
    if nextcall is not None:
        nextcall.schedule()
