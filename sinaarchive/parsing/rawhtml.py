"""Cut an element's HTML out of the page source exactly as the server sent it.

``body_html`` is the body container's *raw* inner HTML (items.py). Re-serialising the lxml tree would quote the
unquoted attributes of the stock-link spans (``<span id=usstock_MU>``, page_2026-…), turn ``&nbsp;`` into U+00A0
and rewrite comments' neighbourhood, so the text is sliced from the source instead: find the element's start tag
by its tag name, id and class, then walk the start/end tags of that name, skipping comments, scripts and styles,
until the matching end tag. Pages whose tags do not balance fall back to lxml's serialisation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import lxml.html
from lxml import etree

# Markup that may contain "<div" without being a tag: comments (Sina's template placeholders, the
# <!--article_adlist[…]--> blocks of 2021–22), scripts and styles.
_OPAQUE = r"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>"
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")


@cache
def _token_pattern(tag: str) -> re.Pattern[str]:
    return re.compile(rf"{_OPAQUE}|<(/?)({tag})\b([^>]*)>", re.DOTALL | re.IGNORECASE)


def _tokens(text: str, tag: str, start: int = 0) -> Iterator[re.Match[str]]:
    """Start and end tags named ``tag`` (plus opaque runs, which callers skip), from ``start`` on."""
    return _token_pattern(tag).finditer(text, start)


def _attributes(raw: str) -> dict[str, str]:
    """The attributes of a start tag's attribute text, values unquoted; names lower-cased."""
    return {name.lower(): (value or "").strip("\"'") for name, value in _ATTR.findall(raw)}


def _same_element(raw_attrs: str, element_attrs: dict[str, str]) -> bool:
    # Quick rejection of most tags: each id and class token of the element appears verbatim in a matching tag.
    if not all(token in raw_attrs for key in ("id", "class") for token in element_attrs.get(key, "").split()):
        return False
    attrs = _attributes(raw_attrs)
    return all(attrs.get(key, "").split() == element_attrs.get(key, "").split() for key in ("id", "class"))


def _find(text: str, node: etree._Element) -> tuple[int, int, int] | None:
    """(start of start tag, end of start tag, start of end tag) of ``node`` in ``text``; ``None`` if unsure."""
    tag = node.tag
    wanted = dict(node.attrib)
    for match in _tokens(text, tag):
        if match.group(2) and not match.group(1) and _same_element(match.group(3), wanted):
            close = _closing(text, tag, match.end())
            return None if close is None else (match.start(), match.end(), close)
    return None


def _closing(text: str, tag: str, start: int) -> int | None:
    """Offset of the end tag that closes an element opened just before ``start``."""
    depth = 1
    for match in _tokens(text, tag, start):
        if not match.group(2) or match.group(3).rstrip().endswith("/"):
            continue
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.start()
    return None


def _serialised_inner(root: etree._Element) -> str:
    """lxml's version of the inner HTML, for pages the raw walk cannot follow."""
    children = (lxml.html.tostring(child, encoding="unicode", with_tail=True) for child in root)
    return (root.text or "") + "".join(children)


def inner_html(text: str, node: etree._Element) -> str:
    """The raw HTML between ``node``'s start and end tags."""
    found = _find(text, node)
    return _serialised_inner(node) if found is None else text[found[1] : found[2]]


def outer_html(text: str, node: etree._Element) -> str:
    """The raw HTML of ``node`` including its own tags."""
    found = _find(text, node)
    if found is None:  # what parsel's Selector.get() returns
        return etree.tostring(node, method="html", encoding="unicode", with_tail=False)
    end = text.index(">", found[2]) + 1
    return text[found[0] : end]
