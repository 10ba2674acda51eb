"""Recognise a page that was cut off in transit without a protocol error (a close-delimited response that ended
early), so that half an article is retried instead of archived.

A framed truncation (fewer bytes than ``Content-Length``) never gets here: Scrapy fails it as data loss.
"""

from __future__ import annotations

import re

# Desktop pages enclose the article in <!-- 原始正文begin --> … <!-- 原始正文end --> (2016 pages say "start").
_REGION_COMMENT = re.compile(r"<!--\s*原始正文(begin|start|end)\s*-->")
_HTML_CLOSE = re.compile(rb"</html\s*>", re.IGNORECASE)

# Templates whose pages end with </html> in every raw sample (2016, 2018, 2026 desktop pages). The mobile sample
# ends with a </script> and no </html>, so the rule is not applied to it, nor to the unsampled pre-2014 pages.
CLOSED_TEMPLATES = frozenset({"v2017", "v2014", "news"})
_TAIL_BYTES = 64 * 1024


def truncation_reason(body: bytes, text: str, template: str) -> str | None:
    """Why the page, of a known ``template``, looks cut off, or ``None``."""
    # A page that opens its article region (原始正文begin/start) but never closes it lost its end.
    region_comments = {match[1] for match in _REGION_COMMENT.finditer(text)}
    if region_comments & {"begin", "start"} and "end" not in region_comments:
        return "the article region opens but never closes"
    if template in CLOSED_TEMPLATES and not _ends_with_html_close(body):
        return "the page ends before </html>"
    return None


def cut_before_body(body: bytes, *, declares_article: bool, mobile: bool) -> bool:
    """Whether a page with no body container was cut off before it: its metas declare an article (``declares_article``),
    it is a desktop page (``mobile`` pages end without ``</html>``) and it ends before ``</html>``.

    Real desktop pages carry 40-150 KB before the body, so a transfer cut there loses the whole article; such a page
    must be retried, not remembered as a page without an article.
    """
    return declares_article and not mobile and not _ends_with_html_close(body)


def _ends_with_html_close(body: bytes) -> bool:
    """Whether ``</html>`` is in the last ``_TAIL_BYTES`` of the page (scripts may follow it on a whole page)."""
    return _HTML_CLOSE.search(body, max(0, len(body) - _TAIL_BYTES)) is not None
