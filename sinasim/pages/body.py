"""The article body as the CMS writes it: paragraphs with stock links, images, the keyword comment, the QR block."""

from __future__ import annotations

import re

from sinasim.pages.common import _a, _t
from sinasim.site import SimArticle, SimImage, SimStock

# The finance QR promo of 2026 bodies: the image changed from 20200514/343233024.png in 2024.
QR_IMAGE = "//n.sinaimg.cn/finance/cece9e13/20240627/655959900_20240627.png"
QR_TEXT = "海量资讯、精准解读，尽在新浪财经APP"


def stock_link(stock: SimStock) -> str:
    """The CMS stock link, byte for byte like raw 2026 HTML: unquoted attributes, empty quote span."""
    return (
        f'<span id={stock.span_id}><a href={stock.quote_url} class="keyword" target=_blank '
        f'data-sudaclick="content_marketkeywords_p">{_t(stock.name)}</a></span><span id=quote_{stock.code}></span>'
    )


def keyword_comment(article: SimArticle) -> str:
    """``<!-- news_keyword_pub,usstock,MU&AMD -->``, or ``<!-- news_keyword_pub,stock, -->`` with no stocks."""
    market = article.stocks[0].market if article.stocks else "stock"
    return f"<!-- news_keyword_pub,{market},{'&'.join(s.code for s in article.stocks)} -->"


_QUOTED = re.compile(r"“[^”]{1,20}”")


def _paragraph_html(text: str, pending: list[SimStock]) -> str:
    """One ``<p>``: the first mention of each not-yet-linked stock becomes a CMS link (linked once per body)."""
    hits = sorted((text.find(s.name), s) for s in pending if s.name in text)
    pieces, cursor = [], 0
    for position, stock in hits:
        if position < cursor:
            continue
        pieces += [_t(text[cursor:position]), stock_link(stock)]
        cursor = position + len(stock.name)
        pending.remove(stock)
    pieces.append(_t(text[cursor:]))
    html = "".join(pieces)
    if not hits:
        # A bold phrase, as in the 2026 sample's <strong>超级多头</strong>; text content is unchanged.
        html = _QUOTED.sub(lambda m: f"<strong>{m.group(0)}</strong>", html, count=1)
    return f"<p>{html}</p>"


def _image_html(image: SimImage, *, old: bool) -> str:
    if old:  # 2014-2016: http URLs and the centred wrapper
        return (
            f'<div align="center" class="img_wrapper"><img class="img_inner" src="http:{image.url}" '
            f'alt="{_a(image.caption)}"><span class="img_descr">{_t(image.caption)}</span></div>'
        )
    return (
        f'<div class="img_wrapper"><img src="{image.url}" alt="{_a(image.caption)}">'
        f'<span class="img_descr">{_t(image.caption)}</span></div>'
    )


def body_blocks(article: SimArticle, *, old_images: bool = False) -> str:
    """Paragraphs and images, one per line, the keyword comment glued to the last ``</p>`` as in the samples."""
    pending = list(article.stocks)
    images = list(article.images)
    extra = sorted(article.extra_html, key=lambda block: block[0])
    lines = []
    for index, text in enumerate(article.paragraphs):
        lines.append(_paragraph_html(text, pending))
        while images and images[0].after == index:
            lines.append(_image_html(images.pop(0), old=old_images))
        while extra and extra[0][0] <= index:
            lines.append(extra.pop(0)[1])
    lines += [html for _, html in extra]
    return "\n".join(lines) + keyword_comment(article)


QR_BLOCK = f"""            <!-- 文末二维码 start -->
            <style>
            .appendQr_wrap{{border:1px solid #E6E6E6;padding:8px;}}
            .appendQr_normal{{float:left;}}
            .appendQr_normal img{{width:100px;}}
            .appendQr_normal_txt{{float:left;font-size:20px;line-height:100px;padding-left:20px;color:#333;}}
            </style>
            <div class="clearfix appendQr_wrap">
                <div class="appendQr_normal"><img src="{QR_IMAGE}" /></div>
                <div class="appendQr_normal_txt">{QR_TEXT}</div>
            </div>
            <!-- 文末二维码 start -->"""
