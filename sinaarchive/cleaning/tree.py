"""lxml tree edits that keep the text around an element: ``.tail`` (the text after it) is never lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree


def remove(node: etree._Element) -> None:
    """Remove ``node`` with its content; its ``.tail`` joins the previous sibling or the parent."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        append_text(parent, node.getprevious(), node.tail)
    parent.remove(node)


def unwrap(element: etree._Element) -> None:
    """Remove the tag of ``element``, keeping its text, children and tail in place (lxml.html's ``drop_tag``)."""
    parent = element.getparent()
    if parent is None:
        return
    previous = element.getprevious()
    if element.text:
        append_text(parent, previous, element.text)
    if element.tail:
        if len(element):
            last = element[-1]
            last.tail = (last.tail or "") + element.tail
        else:
            append_text(parent, previous, element.tail)
    index = parent.index(element)
    parent[index : index + 1] = list(element)


def move_before(node: etree._Element, anchor: etree._Element) -> None:
    """Move ``node`` (without its tail, which stays where it was) to just before ``anchor``."""
    if node.tail:
        append_text(parent_of(node), node.getprevious(), node.tail)
        node.tail = None
    anchor.addprevious(node)


def text_before(anchor: etree._Element, text: str) -> None:
    """Add ``text`` just before ``anchor``."""
    append_text(parent_of(anchor), anchor.getprevious(), text)


def parent_of(node: etree._Element) -> etree._Element:
    """The parent of a node inside the body (never the root, which the cleaning does not move)."""
    parent = node.getparent()
    assert parent is not None, "the cleaning moved the root element"
    return parent


def append_text(parent: etree._Element, previous: etree._Element | None, text: str) -> None:
    """Append ``text`` after ``previous`` (a child of ``parent``), or at the start of ``parent`` if None."""
    if previous is None:
        parent.text = (parent.text or "") + text
    else:
        previous.tail = (previous.tail or "") + text
