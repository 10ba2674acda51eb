"""Cleaning rules for Sina ``#artibody`` bodies, as data (in the style of trafilatura's ``settings.py``).

Nothing here runs: ``sinaarchive.cleaning.html`` compiles these tuples once at import and applies them. Every
selector line says why it exists and where it was seen: the era and kind of page, and how many of 17 public Sina
crawlers remove the same thing. Add a rule by adding a line to the right group; a group must never be empty,
because an empty alternation would match everything (``selectors.compile_group`` raises).

What happens to an element, in order:

1. HTML comments and processing instructions go, their tails stay (this covers the template markers, the
   ``news_keyword_pub`` stock list, ``<!--article_adlist[…]article_adlist-->`` promo HTML and the
   ``<!--mce-plugin-videoList2[…]-->`` player JSON of 2021–22).
2. ``DROP``: the element and everything inside it go, its tail text stays.
3. ``BOLD_STYLED``: the element becomes a bare ``<strong>``.
4. ``UNWRAP``, and every tag outside ``ALLOWED_TAGS``: the tag goes, its text and children stay.
5. Attributes are reduced to ``ALLOWED_ATTRIBUTES`` / ``ALLOWED_CLASSES``; URLs are made absolute.
6. Elements in ``PRUNE_BLOCKS`` that hold no text and no image go; those in ``PRUNE_INLINE`` lose their tag.
7. The result goes once through nh3 (Ammonia) with the same allowlists, as a safety net.

Class allowlist (``ALLOWED_CLASSES``): only classes that name an editorial *role* a theme or a later tool can use
are kept: ``img_wrapper`` / ``img_descr`` (an image block and its caption), ``fin_reference`` (the editor's
summary), ``ori_titlesource`` (the original-title line), ``article-editor`` / ``show_author`` (the editor line).
Everything else is layout or tracking (``clearfix``, ``img_inner``, ``wt_article_link``, ``cms-style`` values).
``keyword`` (the CMS's automatic stock-quote link) is *not* kept: the link target already says what it is, and
it would be the only presentational hint left on an inline element.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

# ---------------------------------------------------------------------------------------------------------------
# DROP: remove the element with its content (the tail text after it is kept).
# ---------------------------------------------------------------------------------------------------------------

QR_CODES: Final = (
    # 文末二维码 "海量资讯、精准解读，尽在新浪财经APP", at the end of every finance body 2020–2026
    # (2026 raw pages, and every body of the posts earlier archivers made); 12 of 17 public crawlers drop it.
    ".appendQr_wrap",
    # its parts (.appendQr_normal, .appendQr_normal_txt) in case the wrapper class changes.
    "[class*=appendQr]",
)

ACCOUNT_OPENING: Final = (
    # 开户 (account-opening) QR blocks; 6 of 17 crawlers drop them, RSSHub and news-radar among them.
    ".app-kaihu-qr",
    "[class*=kaihu]",
    "#app-kaihu-stock",
    ".app-qihuo-kaihu-qr",  # futures account opening
)

APP_PROMOS: Final = (
    # 新浪财经 app promotions inside the body; 3 of 17 crawlers drop them (news-radar among them).
    ".finance_app_sina",
    ".xb_new_finance_app",
    ".finance_app_zqtg",
    "p[class^=finance_web]",
)

ADS: Final = (
    "#left_hzh_ad",  # 300×250 ad slot; RSSHub drops it, 3 more crawlers cut the body there
    "ins",  # sinaads slots <ins class="sinaads" data-ad-pdps=…> (above the body on 2026 raw pages; k-spider)
    ".otherContent_01",  # news.sina.com.cn ad box div.otherContent_01#ad_44086 (2024 news pages)
    ".tb-ad0",  # text-link ad (one public crawler drops it)
    "[data-sudaclick=suda_1028_guba]",  # 股吧 promo "进入【新浪财经股吧】讨论" (2016 raw pages)
    "[sax-type]",  # SAX ad slot <div sax-type="proxy" class="j_native_…"> (the finance.sina.cn mobile page)
)

QUOTE_WIDGETS: Final = (
    ".ct_hqimg",  # 行情图: live quote chart plus "热点栏目" links (2016 raw pages)
    ".hqimg_related",  # the chart's link bar, should it appear without .ct_hqimg
    ".tech-quotation",  # quote box (RSSHub)
    'img[src*="image.sinajs.cn/newchart"]',  # a chart image anywhere: a live image, not the article's
    # quote_<code> spans follow every stock link; empty in raw HTML, filled by JS in browser-saved pages
    # ("(<font color=green>431.2</font>…)", 2018 browser-saved pages): drop whatever they hold.
    "span[id^=quote_]",
)

PLACEHOLDERS: Final = (
    # 视频播放器: empty <div class="video-2017" id="videoList0" style></div> (2022 article 1000元一斤卖老虎肉);
    # JS fills it in a browser, so anything inside is a player, not text.
    "div.video-2017",
    "div[id^=videoList]",
    # the filled 2021 player (article 视频_一起来体验…): JS controls, "视频加载中，请稍候...", a playlist thumbnail.
    ".artical-player-wrap",
    # hidden <div id='wx_pic' style='display:none'> holding the WeChat share thumbnail, a generic 320X320.png,
    # at the end of the finance.sina.cn mobile body: not the article's image.
    "#wx_pic",
)

SCRIPTS_AND_EMBEDS: Final = (
    "script",  # 10 of 17 crawlers; sinaads pushes, player code
    "style",  # the appendQr CSS (2020–2026) and the hqimg CSS (2016); braces would reach Nunjucks
    "noscript",
    "template",
    "iframe",  # 正文下iframe slot; ad iframes in browser-saved pages
    "frame",
    "frameset",
    "object",
    "applet",
    "param",
    "video",  # players are not archived; the page URL stays in the post's front matter
    "audio",
    "canvas",
    "svg",  # can carry scripts (onload) and foreign content
    "math",
)

METADATA: Final = (
    # head-only elements that a fragment can still hold (browser-saved pages inject <link> for fonts).
    "link",
    "meta",
    "base",
    "title",
)

FORMS: Final = (
    # the 2021 player holds <label><input type=checkbox>自动播放</label>; no article has a real form.
    "form",
    "input",
    "button",
    "select",
    "option",
    "optgroup",
    "textarea",
    "label",
    "fieldset",
    "datalist",
    "output",
)

# Named groups, in the order they are documented; the cleaner compiles their union into one selector.
DROP: Final = MappingProxyType(
    {
        "QR_CODES": QR_CODES,
        "ACCOUNT_OPENING": ACCOUNT_OPENING,
        "APP_PROMOS": APP_PROMOS,
        "ADS": ADS,
        "QUOTE_WIDGETS": QUOTE_WIDGETS,
        "PLACEHOLDERS": PLACEHOLDERS,
        "SCRIPTS_AND_EMBEDS": SCRIPTS_AND_EMBEDS,
        "METADATA": METADATA,
        "FORMS": FORMS,
    }
)

# ---------------------------------------------------------------------------------------------------------------
# BOLD_STYLED: emphasis the CMS writes as a style, not a tag: <font cms-style="font-L strong-Bold">小标题</font>
# (2021–22 articles such as 视频_一起来体验…, subheads of 2024 news pages). Such a font or span becomes <strong>, so the
# bold survives the unwrapping of font and span below.
# ---------------------------------------------------------------------------------------------------------------

BOLD_STYLED: Final = (
    "font[cms-style*=strong-Bold]",
    "span[cms-style*=strong-Bold]",
)

# ---------------------------------------------------------------------------------------------------------------
# UNWRAP: remove the tag, keep its text and children. Any tag outside ALLOWED_TAGS is unwrapped too.
# ---------------------------------------------------------------------------------------------------------------

UNWRAP: Final = (
    # <font cms-style="font-L">…</font>, often nested twice (2021–22 articles); the text is content (bold ones became
    # <strong> first, see BOLD_STYLED).
    "font",
    # stock-link wrappers <span id=usstock_MU>, <span id="stock_sh603883"> and any other styling span;
    # the caption span is the one span with a role.
    "span:not(.img_descr)",
    # an image block nested in another (2021 article 我有100种方法去刑事他儿子): keep one wrapper.
    "div.img_wrapper div.img_wrapper",
    # Void in HTML5 but not to libxml2, which nests everything that follows inside them: dropping them would
    # drop the rest of the article. They hold nothing of their own, so removing the tag is enough.
    "embed",
    "source",
    "track",
    "wbr",
    "keygen",
)

# ---------------------------------------------------------------------------------------------------------------
# KEEP: the tags, attributes and classes that survive (also the nh3 allowlist).
# ---------------------------------------------------------------------------------------------------------------

# Block-level tags: each top-level one is a line of the output; inline content between them is wrapped in <p>.
BLOCK_TAGS: Final = frozenset(
    {
        "p", "div", "blockquote", "pre", "hr",
        "h1", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "li", "dl", "dt", "dd",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    }
)  # fmt: skip

INLINE_TAGS: Final = frozenset(
    {"a", "b", "strong", "em", "i", "u", "s", "sub", "sup", "small", "code", "br", "img", "span"}
)

ALLOWED_TAGS: Final = BLOCK_TAGS | INLINE_TAGS

# Per-tag attribute allowlist. ``class`` is handled by ALLOWED_CLASSES; ``referrerpolicy`` is always set on <img>.
ALLOWED_ATTRIBUTES: Final = MappingProxyType(
    {
        "a": ("href", "title"),
        "img": ("src", "alt", "title", "width", "height", "referrerpolicy"),
        "td": ("colspan", "rowspan"),
        "th": ("colspan", "rowspan"),
    }
)

# Classes kept, per tag (see the module docstring for why these).
ALLOWED_CLASSES: Final = MappingProxyType(
    {
        "div": frozenset({"img_wrapper"}),  # <div class="img_wrapper"><img …><span class="img_descr">…
        "span": frozenset({"img_descr"}),  # the image caption (often empty; an empty one is dropped)
        "blockquote": frozenset({"fin_reference"}),  # 内容摘要 editor's summary (2026 finance articles)
        "p": frozenset({"ori_titlesource", "article-editor", "show_author"}),  # 原标题 / 责任编辑 lines
    }
)

# Sina image hosts refuse foreign Referer headers, so every <img> carries this.
IMG_REFERRER_POLICY: Final = "no-referrer"

# Where an <img> without a usable ``src`` keeps its URL (lazy-loading templates), tried in order.
LAZY_SRC_ATTRIBUTES: Final = ("data-src", "data-original", "real_src")

# URL schemes kept on <a href> and <img src>.
LINK_SCHEMES: Final = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES: Final = frozenset({"http", "https"})

# ``http://`` image URLs on these hosts (and their subdomains) become https: Sina's image CDN serves both, and
# today's pages already use https (n.sinaimg.cn). Other hosts are left as they are.
HTTPS_IMAGE_HOSTS: Final = ("sinaimg.cn",)

# ---------------------------------------------------------------------------------------------------------------
# PRUNE: elements that are dropped when they hold no text (whitespace, U+3000 and &nbsp; do not count) and no
# <img>/<hr>. Table cells and rows are not pruned (they keep the table's shape); an empty table is.
# ---------------------------------------------------------------------------------------------------------------

PRUNE_BLOCKS: Final = frozenset(
    {
        "p",
        "div",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
    }
)
# Inline elements lose only their tag when empty, so a space inside (<strong> </strong>) survives.
PRUNE_INLINE: Final = frozenset({"a", "b", "strong", "em", "i", "u", "s", "sub", "sup", "small", "code", "span"})


@dataclass(frozen=True)
class CleaningRules:
    """Everything ``clean_body`` applies, grouped by what happens to a match."""

    drop: MappingProxyType[str, tuple[str, ...]]
    bold_styled: tuple[str, ...]
    unwrap: tuple[str, ...]
    allowed_tags: frozenset[str]
    block_tags: frozenset[str]
    inline_tags: frozenset[str]
    allowed_attributes: MappingProxyType[str, tuple[str, ...]]
    allowed_classes: MappingProxyType[str, frozenset[str]]
    prune_blocks: frozenset[str]
    prune_inline: frozenset[str]


RULES: Final = CleaningRules(
    drop=DROP,
    bold_styled=BOLD_STYLED,
    unwrap=UNWRAP,
    allowed_tags=ALLOWED_TAGS,
    block_tags=BLOCK_TAGS,
    inline_tags=INLINE_TAGS,
    allowed_attributes=ALLOWED_ATTRIBUTES,
    allowed_classes=ALLOWED_CLASSES,
    prune_blocks=PRUNE_BLOCKS,
    prune_inline=PRUNE_INLINE,
)
