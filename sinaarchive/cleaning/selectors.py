"""Compile a group of CSS selectors from ``rules`` into one lxml XPath, with cssselect as it comes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import cast

from cssselect import HTMLTranslator, SelectorError
from lxml import etree

# Tag and attribute names match case-insensitively (lxml's HTML parser lower-cases them); values case-sensitively.
_TRANSLATOR = HTMLTranslator()

Select = Callable[[etree._Element], list[etree._Element]]


def compile_group(selectors: Iterable[str], name: str) -> Select:
    """A function giving the elements below an element (never the element itself) that match any of ``selectors``,
    in document order: one XPath, compiled here.

    An empty group raises ``ValueError``, as does a selector cssselect cannot translate: an empty alternation would
    match everything, and a bad rule should fail at import, naming its group.
    """
    selectors = tuple(selectors)
    if not selectors or not all(css.strip() for css in selectors):
        raise ValueError(f"cleaning rule group {name} is empty or holds an empty selector")
    try:
        path = _TRANSLATOR.css_to_xpath(", ".join(selectors), prefix="descendant::")
    except SelectorError as exc:
        raise ValueError(f"cleaning rule group {name}: {exc}") from exc
    xpath = etree.XPath(path)
    # A path of elements gives a list of elements; the stubs type every XPath result alike.
    return lambda root: cast("list[etree._Element]", xpath(root))
