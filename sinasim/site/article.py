"""``SimArticle``: one synthetic article, its URLs on the real hosts, and its lazily drawn text."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cached_property

from sinasim.site.drawing import draw_details, draw_paragraphs
from sinasim.site.parts import Details, Placement, SimImage, SimStock, beijing

FINANCE_HOST = "finance.sina.com.cn"
NEWS_HOST = "news.sina.com.cn"


@dataclass(eq=False, kw_only=True)
class SimArticle:
    """One synthetic article.

    Listing fields are drawn when the site is built; everything else comes from ``seed`` on first use, so a
    10,000-article site costs little until it is crawled. ``updates`` grows on each touch.
    """

    doc_id: str
    era: str
    placement: Placement
    ctime: int
    intime: int
    mtime: int
    lids: tuple[int, ...]
    oid: int
    seed: str
    updates: list[str] = field(default_factory=list)
    extra_html: list[tuple[int, str]] = field(default_factory=list)
    """Raw HTML blocks ``(after paragraph index, html)`` put into the body as is (``hostile.make_hostile``)."""
    variant: str = ""
    """``""`` for a normal page; ``empty_body`` or ``no_body`` for the article-less pages of ``hostile.py``."""

    @cached_property
    def details(self) -> Details:
        return draw_details(random.Random(f"{self.seed}/details"), self.placement, self.ctime)  # noqa: S311

    @property
    def published(self) -> int:
        return self.details.published

    @property
    def title(self) -> str:
        return self.details.title

    @property
    def media_name(self) -> str:
        return self.details.media_name

    @property
    def editor(self) -> str:
        return self.details.editor

    @property
    def tags(self) -> tuple[str, ...]:
        return self.details.tags

    @property
    def stocks(self) -> tuple[SimStock, ...]:
        return self.details.stocks

    @property
    def images(self) -> tuple[SimImage, ...]:
        return self.details.images

    @property
    def host(self) -> str:
        return NEWS_HOST if self.era == "news" else FINANCE_HOST

    @property
    def date(self) -> str:
        """``YYYY-MM-DD`` of the creation time in Beijing time, as in the URL."""
        return beijing(self.ctime, "%Y-%m-%d")

    @property
    def path(self) -> str:
        """The path on its real host: ``/stock/usstock/c/2026-09-29/doc-initmeav9622448.shtml``."""
        return f"/{self.placement.path}/{self.date}/doc-i{self.doc_id}.shtml"

    @property
    def real_url(self) -> str:
        return f"http://{self.host}{self.path}"

    @property
    def mobile_path(self) -> str:
        return f"/{self.placement.wap_path}/{self.date}/detail-i{self.doc_id}.d.html"

    @property
    def mobile_host(self) -> str:
        return "news.sina.cn" if self.era == "news" else "finance.sina.cn"

    @property
    def encoding(self) -> str:
        """``gbk`` for pre-2014 ``blk`` pages (Sina served them in GB2312/GBK), else ``utf-8``."""
        return "gbk" if self.era == "blk" else "utf-8"

    @cached_property
    def base_paragraphs(self) -> tuple[str, ...]:
        return draw_paragraphs(random.Random(f"{self.seed}/body"), self.stocks)  # noqa: S311

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """Every body paragraph as plain text, each starting with two U+3000, including touch updates."""
        return (*self.base_paragraphs, *self.updates)

    @property
    def intro(self) -> str:
        """Lead text for the roll item: the first paragraph, cut like the sample's ``…...``."""
        lead = self.base_paragraphs[0].strip("\u3000")
        return lead if len(lead) <= 80 else lead[:80] + "..."
