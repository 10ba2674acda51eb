"""A deterministic synthetic Sina Finance: articles, their roll-API listings and their template eras.

``build_site(n, seed=…)`` always gives the same site for the same arguments, so tests can assert on titles, times
and paragraphs. Only the listing fields (id, era, channel, times, lids) are drawn up front, so 10,000 articles
build in about 0.1 s; title, media, stocks, images and paragraphs are drawn on first use from a per-article seed
(the same values whenever they are drawn), and page HTML is rendered per request (``pages``).

Facts about the real site the model follows:
- ``ctime`` is strictly descending across the site (as in real roll pages), a few minutes apart; ``intime`` is
  ``ctime`` + 5..15 s and ``mtime`` falls between them, as in a real roll response of 2026;
- doc ids are 7 lowercase letters + 7 digits; one article sits in several lids;
- ``article:published_time`` equals the creation time or is later.

Modules: the model is ``parts`` (placement, stock, image, details; ``beijing``), ``article`` (``SimArticle``) and
``store`` (``Site`` and ``build_site``); generation is ``generator`` (the seeded ``Generator`` behind ``build_site``
and ``Site.add``) and ``drawing`` (titles and paragraphs from ``words.py``).
"""

from sinasim.site.article import FINANCE_HOST, NEWS_HOST, SimArticle
from sinasim.site.generator import DEFAULT_START, ERAS, EXTRA_LIDS, FINANCE_PLACEMENTS, NEWS_PLACEMENTS
from sinasim.site.parts import BEIJING_OFFSET, Details, Placement, SimImage, SimStock, beijing
from sinasim.site.store import Site, build_site

__all__ = [
    "BEIJING_OFFSET",
    "DEFAULT_START",
    "ERAS",
    "EXTRA_LIDS",
    "FINANCE_HOST",
    "FINANCE_PLACEMENTS",
    "NEWS_HOST",
    "NEWS_PLACEMENTS",
    "Details",
    "Placement",
    "SimArticle",
    "SimImage",
    "SimStock",
    "Site",
    "beijing",
    "build_site",
]
