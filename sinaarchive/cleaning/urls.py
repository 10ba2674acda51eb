"""URL rules of the cleaning stage: absolute URLs, allowed schemes, https for Sina's image CDN. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit, urlunsplit

from sinaarchive.cleaning.rules import HTTPS_IMAGE_HOSTS, IMAGE_SCHEMES, LINK_SCHEMES

# WHATWG URL parsing ignores these inside a URL; removing them also defeats "java\tscript:" tricks.
_URL_IGNORED = str.maketrans("", "", "\t\n\r")


def absolute_url(url: str | None, base_url: str, schemes: frozenset[str]) -> str | None:
    """``url`` resolved against ``base_url``, protocol-relative → ``https:``; None if empty or not allowed.

    >>> absolute_url("//n.sinaimg.cn/a.png", "http://finance.sina.com.cn/x.shtml", IMAGE_SCHEMES)
    'https://n.sinaimg.cn/a.png'
    >>> absolute_url("javascript:alert(1)", "https://a.b/", LINK_SCHEMES) is None
    True
    """
    if not url:
        return None
    url = url.translate(_URL_IGNORED).strip()
    if not url:
        return None
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
        if not parts.scheme:  # relative; an absolute URL is kept as written (urljoin would reassemble it)
            url = urljoin(base_url, url)
            parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return None
    if parts.scheme not in schemes or (parts.scheme in ("http", "https") and not parts.hostname):
        return None  # relative to an unusable base, or a scheme such as javascript:, data:, vbscript:
    return url


def link_url(href: str | None, base_url: str) -> str | None:
    """The absolute ``href`` to keep on ``<a>``, or None: fragment-only links point at ids the cleaner removes."""
    if href is None or href.strip().startswith("#"):
        return None
    return absolute_url(href, base_url, LINK_SCHEMES)


def image_url(candidates: Iterable[str | None], base_url: str) -> str | None:
    """The first usable image URL among ``candidates`` (``src``, then lazy-loading attributes), or None."""
    for candidate in candidates:
        url = absolute_url(candidate, base_url, IMAGE_SCHEMES)
        if url is not None:
            return _upgrade_image_host(url)
    return None


def is_sina_image_host(host: str) -> bool:
    """``host`` is one of Sina's image hosts (``HTTPS_IMAGE_HOSTS`` itself or a subdomain of one), all of which
    serve https. ``fakesinaimg.cn`` is not: the suffix must follow a dot."""
    host = host.lower()
    return any(host == known or host.endswith("." + known) for known in HTTPS_IMAGE_HOSTS)


def _upgrade_image_host(url: str) -> str:
    """``http://n.sinaimg.cn/…`` → ``https://n.sinaimg.cn/…``; other hosts are left alone."""
    parts = urlsplit(url)
    if parts.scheme != "http":
        return url
    if is_sina_image_host(parts.hostname or ""):
        return urlunsplit(parts._replace(scheme="https"))
    return url
