"""Recognise a page that was cut off in transit without a protocol error (a close-delimited response that ended
early), so that half an article is retried instead of archived.

A framed truncation (fewer bytes than ``Content-Length``) never gets here: Scrapy fails it as data loss.
"""

from __future__ import annotations

import re

# The article region's opening and closing comments (page_2026-…: 原始正文begin/end; page_2016-…: start/end).
# A page with the opener but not the closer lost its end.
_REGION_OPEN = re.compile(r"<!--\s*原始正文(?:begin|start)\s*-->")
_REGION_CLOSE = re.compile(r"<!--\s*原始正文end\s*-->")
_HTML_CLOSE = re.compile(rb"</html\s*>", re.IGNORECASE)

# Templates whose pages end with </html> in every raw sample (2016, 2018, 2026 desktop pages). The mobile sample
# ends with a </script> and no </html>, so the rule is not applied to it, nor to the unsampled pre-2014 pages.
CLOSED_TEMPLATES = frozenset({"v2017", "v2014", "news"})
_TAIL_BYTES = 64 * 1024
_LAST_BYTES = 1024  # where </html> is on a whole page: looked at first


def truncation_reason(body: bytes, text: str, template: str) -> str | None:
    """Why the page looks cut off, or ``None``."""
    if _REGION_OPEN.search(text) and not _REGION_CLOSE.search(text):
        return "the article region opens but never closes"
    if template in CLOSED_TEMPLATES and not _ends_with_html_close(body):
        return "the page ends before </html>"
    return None


def _ends_with_html_close(body: bytes) -> bool:
    """Whether ``</html>`` is in the last ``_TAIL_BYTES`` of the page: its last KB first, where it is on a whole page.

    Searching from an offset instead of in a slice also saves copying 64 KB.
    """
    tail = max(0, len(body) - _TAIL_BYTES)
    return bool(_HTML_CLOSE.search(body, max(tail, len(body) - _LAST_BYTES)) or _HTML_CLOSE.search(body, tail))
