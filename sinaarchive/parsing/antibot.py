"""Recognise captcha, rate-limit and login pages served instead of an article.

No such page has been reported for finance.sina.com.cn article pages, so these are guards, not observations.
They are consulted only for pages *without* an article body, so an article that talks about captchas (验证码) is
never mistaken for one.
"""

from __future__ import annotations

from parsel import Selector

from sinaarchive.parsing import fields

# Words that challenge pages show and article-less Sina pages do not.
ANTI_BOT_TEXT: tuple[str, ...] = (
    "验证码",  # captcha prompt: "请输入验证码"
    "访问过于频繁",  # rate-limit notice: "您的访问过于频繁，请稍后再试"
    "请求过于频繁",  # the same notice, other wording
    "安全验证",  # slider / security check interstitials
    "人机验证",  # "human verification" challenges
    "Sina Visitor System",  # <title> of Sina's passport.weibo.com visitor-check page (cookie challenge)
)

# Elements that only login or challenge pages have.
ANTI_BOT_SELECTORS: tuple[str, ...] = (
    'form[action*="login.sina.com.cn"]',  # SSO login form; article pages only *link* to login.sina.com.cn
    'form[action*="passport"]',  # passport.sina.com.cn / passport.weibo.com login and visitor forms
    'meta[http-equiv="refresh"][content*="passport"]',  # instant redirect to a passport page
    'meta[http-equiv="Refresh"][content*="passport"]',  # the same with Sina's old capitalisation
)

# Elements every article template has outside the body; a page with one of them but no body is a changed template
# ("no_body"), not a challenge.
ARTICLE_MARKERS: tuple[str, ...] = (
    'meta[name="weibo: article:create_at"]',  # 2014–2026 desktop pages
    'meta[property="article:published_time"]',  # desktop and mobile pages
    "h1",  # every template's headline
)

# Visible text shorter than this, with no article marker, is an error or challenge stub; Sina's article pages
# carry several thousand characters of navigation even around a one-line body (page_2026-…).
SHORT_PAGE_CHARS = 200


def _visible_text(page: Selector) -> str:
    return fields.clean_text(" ".join(page.xpath("//body//text()[not(ancestor::script or ancestor::style)]").getall()))


def anti_bot_reason(page: Selector) -> str | None:
    """Why ``page`` looks like a challenge, login or rate-limit page; ``None`` when it does not."""
    title = " ".join(page.css("title::text").getall())
    text = f"{title} {_visible_text(page)}"
    for word in ANTI_BOT_TEXT:
        if word in text:
            return f"page text mentions {word!r}"
    for selector in ANTI_BOT_SELECTORS:
        if page.css(selector):
            return f"page has {selector}"
    if len(text.strip()) < SHORT_PAGE_CHARS and not any(page.css(marker) for marker in ARTICLE_MARKERS):
        return f"short page ({len(text.strip())} chars of text) with no article markers"
    return None
