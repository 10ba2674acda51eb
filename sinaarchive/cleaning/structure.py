"""The shape of a cleaned body: a content model both parsers agree on, and only blocks at the top.

``wrap_inline_runs`` puts each run of text and inline elements between top-level blocks into a ``<p>``, so that
every line of the output is a block and none is bare text for Markdown to interpret.

``fix_nesting`` makes the cleaned tree one that both parsers read back unchanged, so that cleaning is idempotent.

lxml (libxml2) and nh3 (html5ever) build different trees from invalid nestings: html5ever moves stray text out of
tables, closes a heading or a list item when another starts, ignores table cells outside a table; libxml2 closes
a ``<pre>`` or a list at the first block inside it. Left alone, the second cleaning of such a body would differ
from the first. So the tree is reduced to a conservative content model that both parsers agree on:

- ``p``, headings, ``pre``, ``dt``, ``caption`` and inline elements hold only inline content, and no link holds a
  link (an HTML5 parser would end the outer one);
- ``ul``/``ol`` hold only ``li``, ``dl`` only ``dt``/``dd``, tables only their parts (in their places);
- ``div``, ``blockquote``, ``li``, ``dd``, ``td``, ``th`` hold any block or inline content.

An element out of place is unwrapped (its tag goes, its text and children stay), except inside tables, where
stray text and elements move before the table as an HTML5 parser moves them ("foster parenting"). Sina bodies
are flat (``p``, ``div.img_wrapper``, ``blockquote > p``) and pass through unchanged.
"""

from __future__ import annotations

from lxml import etree

from sinaarchive.cleaning.rules import RULES
from sinaarchive.cleaning.tree import move_before, text_before, unwrap

_PHRASING = frozenset(RULES.inline_tags)
_ITEMS_AND_PARTS = frozenset({"li", "dt", "dd", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"})
_FLOW = frozenset(RULES.allowed_tags - _ITEMS_AND_PARTS)

# What each kept tag may hold; anything else inside it is unwrapped.
_CONTENT_MODEL: dict[object, frozenset[str]] = {  # keyed by lxml's element.tag
    **dict.fromkeys(RULES.inline_tags, _PHRASING),
    **dict.fromkeys(("p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "caption"), _PHRASING),
    **dict.fromkeys(("div", "blockquote", "li", "dd", "td", "th"), _FLOW),
    "ul": frozenset({"li"}),
    "ol": frozenset({"li"}),
    "dl": frozenset({"dt", "dd"}),
    "table": frozenset({"caption", "thead", "tbody", "tfoot", "tr"}),
    "thead": frozenset({"tr"}),
    "tbody": frozenset({"tr"}),
    "tfoot": frozenset({"tr"}),
    "tr": frozenset({"td", "th"}),
}
_TABLE_LEVELS = ("table", "thead", "tbody", "tfoot", "tr")


def fix_nesting(root: etree._Element) -> None:
    """Reduce ``root`` (the body container) to the content model above; no text is lost."""
    for table in reversed(list(root.iter("table"))):  # inner tables first: their strays land in a cell
        _foster(table, table)
    _enforce(root, _FLOW)
    for pre in root.iter("pre"):
        # html5ever drops a newline right after <pre> and does not write it back: leading newlines would vanish
        # one per cleaning. They never show, so drop them all now.
        if pre.text:
            pre.text = pre.text.lstrip("\n") or None


def _enforce(parent: etree._Element, allowed: frozenset[str], in_link: bool = False) -> None:
    index = 0
    while index < len(parent):
        child = parent[index]
        if child.tag not in allowed or (in_link and child.tag == "a"):
            unwrap(child)  # its children now stand at ``index`` and are checked next
            continue
        if len(child):
            _enforce(child, _CONTENT_MODEL[child.tag], in_link or child.tag == "a")
        index += 1


def _foster(table: etree._Element, level: etree._Element) -> None:
    """Move the text and the elements that may not stand at ``level`` of ``table`` to just before the table."""
    allowed = _CONTENT_MODEL[level.tag]
    if level.text and level.text.strip():
        text_before(table, level.text)
    if level.text:
        level.text = None
    row = None
    for child in list(level):
        tail, child.tail = child.tail, None
        if child.tag in ("td", "th") and level.tag != "tr":
            # cells straight in a table or section: HTML5 parsers put them in a row, and so do we
            if row is None:
                row = etree.Element("tr")
                child.addprevious(row)
            row.append(child)
            continue
        row = None
        if child.tag not in allowed:
            move_before(child, table)
        elif child.tag in _TABLE_LEVELS and child is not table:
            _foster(table, child)
        if tail and tail.strip():
            text_before(table, tail)


def wrap_inline_runs(root: etree._Element) -> None:
    """Make every child of ``root`` a block: each run of text and inline elements between blocks goes into a <p>."""
    blocks: list[etree._Element] = []
    paragraph = _paragraph(root.text)
    root.text = None
    for child in list(root):
        if child.tag in RULES.block_tags:
            blocks += [paragraph, child]
            paragraph = _paragraph(child.tail)
            child.tail = None
        else:
            paragraph.append(child)  # moves the child, with its tail, out of root
    blocks.append(paragraph)
    for block in blocks:  # root now holds only blocks: re-appending puts them and the new <p> in order
        if block.tag != "p" or len(block) or (block.text and block.text.strip()):
            root.append(block)


def _paragraph(text: str | None) -> etree._Element:
    paragraph = etree.Element("p")
    paragraph.text = text
    return paragraph
