"""Render a ``SimArticle`` as the full page its template era would serve.

One renderer per era, each following the markup of real Sina pages (the "samples" below) of that era:

- ``v2017`` (a 2026 finance page and a 2026 body fragment): ``h1.main-title``, ``div.date-source``,
  ``<!-- 原始正文begin -->`` ``div.article#artibody`` with every placeholder comment, the ``news_keyword_pub``
  comment, the QR block and ``p.article-editor`` inside the body;
- ``v2014`` (a 2016 finance page): ``h1#artibodyTitle``, ``span.time-source``, ``div.article.article_16#artibody``
  with ``<!-- 原始正文start -->``…``end``, the editor line outside the div;
- ``news``: the news.sina.com.cn sister template of 2019-2024: ``div.article#article`` with ``p.show_author``
  inside;
- ``blk``: pre-2014, GB2312 declared, ``div.blkContainerSblkCon#artibody``. No raw page of this era was at hand, so
  apart from the title, date, source and body selectors that public crawlers use on it, its markup is a plausible
  reconstruction.

Around the body, each page carries the chrome real desktop pages carry, of the same kinds and in similar
proportions: inline tracking scripts (SUDA, SSO, page config, jsLoader calls), style blocks, the portal and channel
nav bars, a breadcrumb, ``ins.sinaads`` slots with their push scripts, a right column of ranked lists and boxes,
related news, a comment-area placeholder and the footer's link rows (``cruft`` has what was measured on the
samples). Pages are as large as real ones and the body sits as deep: over ``build_site(300, seed=1)`` the mean
page is 95 KB for v2017 (the raw 2026 page: 95 KB; the browser-saved 2018 one, 231 KB, holds ~90 KB of styles its
scripts injected), 142 KB for v2014 (the 2016 sample: 144 KB), 90 KB for news and 54 KB for blk (GBK; no sample of
either), with 40 % / 40 % / 39 % / 45 % of the bytes before the body (samples: 39 % in 2026, 41 % in 2016); KB are
1,000 bytes. Rendering takes about 0.3 ms a page, mostly copying and
encoding the bytes: static blocks are built once. Nothing in the chrome is read by the extractor: the body,
headline, date, source, editor and metas are found as before. Text comes from the model: the text content of each
body ``<p>`` equals one of ``article.paragraphs``.

Modules: one per era (``v2017``, ``v2014``, ``news``, ``blk``; ``v2017`` also renders the article-less pages of
``hostile.py``), built from the shared parts: ``common`` (escaping, URLs, description), ``body`` (paragraphs,
stock links, images, QR block), ``cruft`` (the chrome's building blocks and the site's own articles as link
lists), ``modern`` (the chrome of the 2017-2026 family, v2017 and news) and ``filler`` (generated JS-like and
CSS-like text for long script and style bodies). ``render`` picks the renderer; ``not_found_page`` is Sina's 404
page.
"""

from __future__ import annotations

from sinasim.pages.blk import render_blk
from sinasim.pages.body import (
    QR_BLOCK,
    QR_IMAGE,
    QR_TEXT,
    body_blocks,
    keyword_comment,
    stock_link,
)
from sinasim.pages.common import NEWS_SUFFIX, SITE_SUFFIX, description, https_url, mobile_url
from sinasim.pages.cruft import SINAADS_LOADER
from sinasim.pages.news import render_news
from sinasim.pages.v2014 import render_v2014
from sinasim.pages.v2017 import render_empty_body, render_no_body, render_v2017
from sinasim.site import SimArticle, Site

__all__ = [
    "NEWS_SUFFIX",
    "QR_BLOCK",
    "QR_IMAGE",
    "QR_TEXT",
    "SINAADS_LOADER",
    "SITE_SUFFIX",
    "body_blocks",
    "description",
    "https_url",
    "keyword_comment",
    "mobile_url",
    "not_found_page",
    "render",
    "render_blk",
    "render_empty_body",
    "render_news",
    "render_no_body",
    "render_v2014",
    "render_v2017",
    "stock_link",
]


def render(article: SimArticle, site: Site) -> bytes:
    """The page as the server sends it: UTF-8, or GBK for ``blk`` pages (``variant`` pages: see ``hostile.py``)."""
    if article.variant:
        return _VARIANTS[article.variant](article, site).encode(article.encoding)
    renderer = _RENDERERS[article.era]
    return renderer(article, site).encode(article.encoding)


_RENDERERS = {"v2017": render_v2017, "v2014": render_v2014, "news": render_news, "blk": render_blk}
_VARIANTS = {"empty_body": render_empty_body, "no_body": render_no_body}


def not_found_page() -> bytes:
    """Sina's 404 wording ("页面没有找到"); served for any unknown path."""
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"/><title>页面没有找到</title></head>\n'
        '<body><div class="err404"><h1>页面没有找到</h1><p>5秒钟之后将会带您进入新浪首页!</p>'
        '<a href="https://www.sina.com.cn/">新浪首页</a></div></body></html>\n'
    ).encode()
