"""What every template shares: text escaping, the article's URLs and description, the channel name.

``_t`` (text nodes) and ``_a`` (attribute values) are the escaping shorthands of the ``pages`` templates, kept
short because they appear in every other f-string line; they are for this package only.
"""

from __future__ import annotations

from html import escape

from sinasim.site import SimArticle, Site

SITE_SUFFIX = "_新浪财经_新浪网"
NEWS_SUFFIX = "_新浪新闻"


def _t(text: str) -> str:
    """Text-node escaping; no-break spaces become ``&nbsp;`` as in raw Sina HTML (and GBK has no U+00A0)."""
    return escape(text, quote=False).replace("\u00a0", "&nbsp;")


def _a(text: str) -> str:
    return escape(text, quote=True).replace("\u00a0", "&nbsp;")


def https_url(article: SimArticle) -> str:
    """The canonical URL pages carry in ``og:url``: https on the real host, whatever host served the page."""
    return f"https://{article.host}{article.path}"


def mobile_url(article: SimArticle) -> str:
    return f"https://{article.mobile_host}{article.mobile_path}"


def description(article: SimArticle) -> str:
    """``meta[name=description]``: the opening paragraphs, cut with ``...`` like the 2026 sample."""
    text = "\n".join(article.base_paragraphs[:2])
    return text if len(text) <= 100 else text[:100] + "..."


def channel_name(article: SimArticle, site: Site) -> str:
    channel = site.channel(article.placement.lid)
    return channel.name if channel else "财经"
