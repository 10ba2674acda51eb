"""An article page as the extractor reads it: parsel's tree of the response and its ``<meta>`` values.

Selectors are CSS, each translated by parsel's translator and compiled once (``css_xpath``); lookups return lxml
elements.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import cast

from cssselect import parse
from cssselect.parser import CombinedSelector
from lxml import etree
from parsel import Selector
from parsel.csstranslator import HTMLTranslator
from scrapy.http import TextResponse

_TRANSLATOR = HTMLTranslator()


@cache
def css_xpath(selector: str, *, first: bool = False) -> etree.XPath:
    """The CSS ``selector`` compiled to an XPath, once, that finds its matches anywhere in the document of the
    element it is called on; with ``first``, only the first match (``(…)[1]``: libxml2 stops looking there).

    Anywhere in the document, not only under the ``<html>`` element as ``Selector.css`` looks: libxml2 puts what
    follows a stray ``</html>`` beside that element.
    """
    xpath = _TRANSLATOR.css_to_xpath(selector, prefix="/descendant-or-self::")
    return etree.XPath(f"({xpath})[1]" if first else xpath)


@cache
def element_test(selector: str) -> etree.XPath:
    """An XPath that tells whether the element it is called on matches the CSS ``selector``, compiled once.

    Cheaper than finding every match below a node when only a few elements need testing. Only for selectors
    without combinators (``a b``, ``a > b``): those an element's own tag and attributes decide.
    """
    if any(isinstance(part.parsed_tree, CombinedSelector) for part in parse(selector)):
        raise ValueError(f"an element test cannot have combinators: {selector!r}")
    return etree.XPath(f"boolean({_TRANSLATOR.css_to_xpath(selector, prefix='self::')})")


def _elements(result: object) -> list[etree._Element]:
    # What a CSS selector's XPath returns: elements only (lxml's stubs type every XPath result alike).
    return cast("list[etree._Element]", result)


def texts(xpath: etree.XPath, node: etree._Element) -> list[str]:
    """The text nodes ``xpath``, an XPath that selects text nodes, finds from ``node``."""
    return cast("list[str]", xpath(node))  # lxml's stubs type every XPath result alike


def text_of(node: etree._Element, sep: str = "") -> str:
    """Every text node of ``node``'s subtree joined by ``sep`` (``sep.join(node.css("::text").getall())``)."""
    return sep.join(cast("Iterator[str]", node.itertext()))  # text, never bytes, in a tree parsed from text


@dataclass(frozen=True)
class Page:
    """A response's decoded text, its tree (the one ``response.selector`` builds) and its ``<meta>`` values."""

    text: str
    root: etree._Element
    metas: dict[str, str]
    """The first non-empty ``content`` (stripped) of the ``<meta>`` tags, under their ``name`` and ``property``."""
    _first: dict[str, etree._Element | None] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_response(cls, response: TextResponse) -> Page:
        # Not ``response.selector``: it and the response refer to each other, which leaves the tree to the cyclic
        # garbage collector instead of freeing it with the response.
        root = Selector(text=response.text, type="html").root
        return cls(text=response.text, root=root, metas=_metas(root))

    def select(self, selector: str) -> list[etree._Element]:
        """The elements matching the CSS ``selector`` anywhere on the page, in document order."""
        return _elements(css_xpath(selector)(self.root))

    def first(self, selector: str) -> etree._Element | None:
        """The first element matching the CSS ``selector`` anywhere on the page, or ``None``.

        Remembered: template detection and extraction ask for the same body container several times.
        """
        if selector not in self._first:
            found = _elements(css_xpath(selector, first=True)(self.root))
            self._first[selector] = found[0] if found else None
        return self._first[selector]

    def meta(self, key: str) -> str:
        """The first non-empty ``content`` of ``<meta name=key>`` or ``<meta property=key>``, stripped; else ``""``."""
        return self.metas.get(key, "")


def _metas(root: etree._Element) -> dict[str, str]:
    metas: dict[str, str] = {}
    for meta in _elements(css_xpath("meta")(root)):
        content = (meta.get("content") or "").strip()
        if content:
            for key in (meta.get("name"), meta.get("property")):
                if key is not None:
                    metas.setdefault(key, content)
    return metas
