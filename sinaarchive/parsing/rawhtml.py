"""Cut an element's HTML out of the page source exactly as the server sent it.

``body_html`` is the body container's *raw* inner HTML (items.py). Re-serialising the lxml tree would quote the
unquoted attributes of the stock-link spans (``<span id=usstock_MU>``, fixture v2017_2026_usstock), turn
``&nbsp;`` into U+00A0 and rewrite comments' neighbourhood, so the text is sliced from the source instead: find
the element's start tag by its tag name, id and class, then walk the start/end tags of that name, skipping
comments, scripts and styles, until the matching end tag. Pages whose tags do not balance fall back to lxml's
serialisation.
"""

from __future__ import annotations

import re
from functools import cache

import lxml.html
from lxml import etree

_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")


def _raw_text(tag: str) -> str:
    """An element whose content runs, as raw text, to its first end tag (``<script>``, ``<style>``).

    Written as runs of characters other than "<" rather than ``.*?``, which tries the end tag at every character:
    three times faster over the inline scripts and styles that fill a Sina page.
    """
    return rf"<{tag}\b[^<]*+(?:<(?!/{tag}\s*>)[^<]*+)*+</{tag}\s*>"


@cache
def _tokens(tag: str) -> re.Pattern[str]:
    """Markup that may hold "<div" without being a tag (comments, such as Sina's template placeholders and the
    ``<!--article_adlist[…]-->`` blocks of 2021-22, scripts and styles), or a start or end tag named ``tag``:
    groups (``/`` or empty, the name, the attribute text)."""
    return re.compile(
        rf"<!--.*?-->|{_raw_text('script')}|{_raw_text('style')}|<(/?)({re.escape(tag)})\b([^>]*)>",
        re.DOTALL | re.IGNORECASE,
    )


def _attributes(raw: str) -> dict[str, str]:
    """The attributes of a start tag's attribute text, values unquoted; names lower-cased."""
    return {name.lower(): (value or "").strip("\"'") for name, value in _ATTR.findall(raw)}


def _same_element(raw_attrs: str, wanted: dict[str, list[str]]) -> bool:
    """Whether a start tag's attribute text gives the ``wanted`` id and class tokens."""
    # Quick rejection of most tags: each wanted token appears verbatim in a matching tag.
    if not all(token in raw_attrs for tokens in wanted.values() for token in tokens):
        return False
    attrs = _attributes(raw_attrs)
    return all(attrs.get(key, "").split() == tokens for key, tokens in wanted.items())


def _find(text: str, node: etree._Element, start: int = 0) -> tuple[int, int, int] | None:
    """(start of start tag, end of start tag, start of end tag) of ``node`` in ``text``; ``None`` if unsure.

    The first start tag with the element's name, id and class from ``start`` on, and the end tag that closes it.
    """
    tokens = _tokens(node.tag)
    wanted = {key: (node.get(key) or "").split() for key in ("id", "class")}
    for match in tokens.finditer(text, start):
        if match[2] and not match[1] and _same_element(match[3], wanted):
            close = _closing(tokens, text, match.end())
            return None if close is None else (match.start(), match.end(), close)
    return None


def _closing(tokens: re.Pattern[str], text: str, start: int) -> int | None:
    """Offset of the end tag that closes an element opened just before ``start``."""
    depth = 1
    for token in tokens.finditer(text, start):
        # A comment, script or style, or a self-closing tag, neither opens nor closes.
        if not token[2] or token[3].rstrip().endswith("/"):
            continue
        depth += -1 if token[1] else 1
        if depth == 0:
            return token.start()
    return None


def _serialised_inner(root: etree._Element) -> str:
    """lxml's version of the inner HTML, for pages the raw walk cannot follow."""
    children = (lxml.html.tostring(child, encoding="unicode", with_tail=True) for child in root)
    return (root.text or "") + "".join(children)


def inner_html(text: str, node: etree._Element, start: int = 0) -> str:
    """The raw HTML between ``node``'s start and end tags; ``start``, where to look for the start tag from, must not
    be inside a comment, script or style."""
    found = _find(text, node, start)
    return _serialised_inner(node) if found is None else text[found[1] : found[2]]


def outer_html(text: str, node: etree._Element) -> str:
    """The raw HTML of ``node`` including its own tags."""
    found = _find(text, node)
    if found is None:  # what parsel's Selector.get() returns
        return etree.tostring(node, method="html", encoding="unicode", with_tail=False)
    end = text.index(">", found[2]) + 1
    return text[found[0] : end]
