"""ASCII whitespace in a cleaned tree: line breaks become spaces, the edges of blocks are trimmed.

Only ASCII whitespace is touched: U+3000 (the ``　　`` that opens Sina paragraphs) and ``&nbsp;`` are content. Inside
``<pre>`` every character is content and nothing changes.
"""

from __future__ import annotations

import re

from lxml import etree

from sinaarchive.cleaning.rules import RULES

# A run of ASCII whitespace that holds a line break or tab becomes one space (plain spaces are left alone).
_BREAKING_SPACE = re.compile(r"[ \t\n]*[\t\n][ \t\n]*")
_ASCII_SPACE = " \t\n"
# Containers in which whitespace between children means nothing.
_STRUCTURAL = frozenset({"table", "thead", "tbody", "tfoot", "tr", "ul", "ol", "dl"})


def collapse(text: str) -> str:
    """``text`` with each run of whitespace holding a line break or tab made one space, as a browser renders it."""
    return _BREAKING_SPACE.sub(" ", text)


def collapse_line_breaks(root: etree._Element) -> None:
    """``collapse`` every text and tail below ``root``, outside ``<pre>``."""
    in_pre = _in_pre(root)
    for element in root.iter():
        if element.text and element not in in_pre:
            element.text = collapse(element.text)
        if element.tail and element.getparent() not in in_pre:
            element.tail = collapse(element.tail)


def trim_blocks(root: etree._Element) -> None:
    """Remove ASCII whitespace at the edges of the blocks below ``root`` and between blocks, outside ``<pre>``."""
    in_pre = _in_pre(root)
    for element in root.iter(*RULES.block_tags):
        if element not in in_pre:
            _trim(element)


def _trim(block: etree._Element) -> None:
    structural = block.tag in _STRUCTURAL
    children = list(block)
    if block.text:
        text = block.text.lstrip(_ASCII_SPACE)
        block.text = None if structural and not text.strip() else text or None
    # A tail of whitespace only goes where it cannot separate two words: next to a block or at the end.
    for child in children:
        following = child.getnext()
        if (
            child.tail
            and not child.tail.strip(_ASCII_SPACE)
            and (structural or _is_block(child) or following is None or _is_block(following))
        ):
            child.tail = None
    if children and children[-1].tail:
        children[-1].tail = children[-1].tail.rstrip(_ASCII_SPACE) or None
    elif not children and block.text:
        block.text = block.text.rstrip(_ASCII_SPACE) or None


def _is_block(element: etree._Element) -> bool:
    return element.tag in RULES.block_tags


def _in_pre(root: etree._Element) -> set[etree._Element]:
    """Every ``<pre>`` below ``root`` and everything inside one."""
    return {node for pre in root.iter("pre") for node in pre.iter()}
