"""An article page parsed once, and CSS selectors compiled once, for the extractor's lookups.

``response.css(selector)`` costs, on every call, a CSS→XPath translation, an XPath compilation and a ``Selector``
wrapper per result; the extractor makes about thirty lookups per page, which cost more than parsing the page.
Here the tree is built once, as parsel builds it (the same text, the same libxml2 options, so the same tree), and
each selector is translated by parsel's own translator and compiled to an ``lxml.etree.XPath`` the first time it
is seen; the modules that hold selectors as data compile them at import (``compile_css``), so a crawl never
translates one. Lookups return plain lxml elements.

A selector that names an id (``div#artibody``) need not scan the page: libxml2 indexes every ``id`` attribute
while it parses (the first element with a given id wins), so ``Page.first_by_id`` finds the element that has it in
O(1). Ids are taken as unique, as HTML requires: a page is judged by the first element carrying an id, and a second
element of the same tag with the same id is never looked for (that would cost a scan of the whole page on every
page); only when the first is of another tag are the elements of the wanted tag scanned.

Selectors made only of tags with classes (``p.article-editor``, ``h2.weibo_user, cite.art_cite``) are matched by
walking the elements of those tags in C (``iter``) and testing their classes in Python, stopping at the first
match: two to three times faster than the XPath, whose class test builds strings for every element of the tag.

A UTF-8 page is parsed from the bytes the server sent instead of from its decoded text encoded again (the same
bytes, so the same tree): on a 230 KB page that saves 0.2 ms, more than everything the extractor does per field.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass

from cssselect import parse
from cssselect.parser import Class, CombinedSelector, Element, Hash
from lxml import etree
from parsel import Selector
from parsel.csstranslator import HTMLTranslator, css2xpath
from scrapy.http import TextResponse

_COMPILED: dict[str, etree.XPath] = {}

# libxml2's id index (XPath ``id()``): the first element in document order whose ``id`` is exactly $value.
_BY_ID = etree.XPath("id($value)")
_BY_TAG_AND_ID = etree.XPath("descendant-or-self::*[local-name() = $tag][@id = $value]")

# Text nodes of a subtree, what ``node.css("::text").getall()`` returns (parsel turns smart strings off too).
TEXTS = etree.XPath("descendant-or-self::text()", smart_strings=False)


def compile_css(css: str) -> etree.XPath:
    """The XPath that ``Selector.css(css)`` evaluates, compiled once (evaluate it on an element: relative)."""
    xpath = _COMPILED.get(css)
    if xpath is None:
        xpath = _COMPILED[css] = etree.XPath(css2xpath(css), smart_strings=False)
    return xpath


def required_tag(css: str) -> str:
    """The tag a compound selector requires (lower case), or ``*``."""
    tree = parse(css)[0].parsed_tree
    while not isinstance(tree, Element):
        tree = tree.selector
    return tree.element.lower() if tree.element else "*"


def required_id(css: str) -> str | None:
    """The id an element must have to match ``css`` (one compound selector, e.g. ``div.x#y``), else ``None``."""
    selectors = parse(css)
    if len(selectors) != 1 or isinstance(selectors[0].parsed_tree, CombinedSelector):
        return None
    tree = selectors[0].parsed_tree
    while not isinstance(tree, Element):
        if isinstance(tree, Hash):
            return str(tree.id)
        tree = tree.selector
    return None


def compile_element_test(css: str) -> etree.XPath:
    """A test of one element: does it match ``css`` (a group of compound selectors, no combinators)?

    Cheaper than collecting every match below a node when only a few elements need testing.
    """
    if any(isinstance(selector.parsed_tree, CombinedSelector) for selector in parse(css)):
        raise ValueError(f"an element test cannot have combinators: {css!r}")
    return etree.XPath(f"boolean({HTMLTranslator().css_to_xpath(css, prefix='self::')})")


# XPath's normalize-space, which the class test of a CSS selector uses, splits at these four characters only.
_XML_SPACE = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class TagClasses:
    """A selector group whose every part is a tag with one or more classes: ``{tag: (classes, …)}``."""

    parts: dict[str, tuple[frozenset[str], ...]]

    def matches(self, element: etree._Element) -> bool:
        value = element.get("class")
        if not value:
            return False
        tokens: set[str] | None = None
        for classes in self.parts[element.tag]:
            if all(name in value for name in classes):  # cheap rejection before splitting
                tokens = tokens if tokens is not None else set(_XML_SPACE.split(value))
                if classes <= tokens:
                    return True
        return False

    def iter(self, root: etree._Element) -> Iterator[etree._Element]:
        """The matching elements at or under ``root``, in document order."""
        return (element for element in root.iter(*self.parts) if self.matches(element))


_TAG_CLASSES: dict[str, TagClasses | None] = {}


def tag_classes(css: str) -> TagClasses | None:
    """``css`` as a ``TagClasses`` if it is one (no ids, attributes, pseudo-classes or combinators), else ``None``."""
    if css not in _TAG_CLASSES:
        _TAG_CLASSES[css] = _parse_tag_classes(css)
    return _TAG_CLASSES[css]


def _parse_tag_classes(css: str) -> TagClasses | None:
    parts: dict[str, tuple[frozenset[str], ...]] = {}
    for selector in parse(css):
        tree, classes = selector.parsed_tree, set()
        while isinstance(tree, Class):
            classes.add(tree.class_name)
            tree = tree.selector
        if selector.pseudo_element or not classes or not isinstance(tree, Element):
            return None
        if not tree.element or tree.element == "*" or tree.namespace:
            return None
        tag = tree.element.lower()
        parts[tag] = (*parts.get(tag, ()), frozenset(classes))
    return TagClasses(parts)


def select(node: etree._Element, css: str) -> list[etree._Element]:
    """The elements matching ``css`` at or under ``node``, in document order (``node.css(css)``)."""
    return compile_css(css)(node)  # type: ignore[return-value]


def text_of(node: etree._Element, sep: str = "") -> str:
    """Every text node of ``node``'s subtree joined by ``sep`` (``sep.join(node.css("::text").getall())``)."""
    return sep.join(TEXTS(node))  # type: ignore[arg-type]


def parse_html(text: str) -> etree._Element:
    """The root element parsel's ``Selector(text=text, type="html")`` would build (``parsel.create_root_node``)."""
    return _parse_utf8(text.strip().replace("\x00", "").encode("utf-8"))


def _parse_utf8(source: bytes) -> etree._Element:
    parser = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    root = etree.fromstring(source or b"<html/>", parser=parser)
    if root is None:  # only comments or whitespace
        root = etree.fromstring(b"<html/>", parser=parser)
    return root


_UTF8_BOM = codecs.BOM_UTF8
_LEADING_SPACE = re.compile(r"\s*")


def _edges(text: str) -> tuple[int, int]:
    """(start, end) of ``text.strip()`` in ``text``, without copying the text."""
    start, end = _LEADING_SPACE.match(text).end(), len(text)  # type: ignore[union-attr]
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _utf8_source(response: TextResponse, text: str, start: int, end: int) -> bytes | None:
    """What ``parse_html`` would parse (``text`` stripped, without NULs, in UTF-8), sliced out of the body the server
    sent, or ``None``.

    Only when that is certain: the page was decoded as UTF-8 with no byte replaced (no U+FFFD: a page that has a
    real one takes the slow path), there is no BOM and no NUL, and the stripped edges are ASCII, one byte each.
    """
    body = response.body
    if codecs.lookup(response.encoding).name != "utf-8" or body.startswith(_UTF8_BOM):
        return None
    if "\ufffd" in text or "\x00" in text or not (text[:start].isascii() and text[end:].isascii()):
        return None
    return body[start : len(body) - (len(text) - end)] if start or end < len(text) else body


class Page:
    """A response's decoded text and its tree, with the first match of each selector and the metas memoised."""

    __slots__ = ("_by_id", "_first", "_metas", "root", "text", "url")

    def __init__(self, response: TextResponse) -> None:
        self.url = response.url
        self.text = text = response.text
        start, end = _edges(text)
        source = _utf8_source(response, text, start, end)
        self.root = parse_html(text) if source is None else _parse_utf8(source)
        self._first: dict[str, etree._Element | None] = {}
        self._by_id: dict[str, etree._Element | None] = {}  # several templates look the same ids up
        self._metas: dict[str, list[str]] | None = None

    def iter(self, css: str) -> Iterator[etree._Element]:
        """The elements of the page matching ``css``, in document order, found as they are asked for."""
        fast = tag_classes(css)
        return fast.iter(self.root) if fast is not None else iter(select(self.root, css))

    def first(self, css: str) -> etree._Element | None:
        """The first element of the page matching ``css``, or ``None``."""
        if css not in self._first:
            self._first[css] = next(self.iter(css), None)
        return self._first[css]

    def first_by_id(self, css: str, element_id: str, test: etree.XPath, tag: str) -> etree._Element | None:
        """``first(css)`` for a compound selector that requires ``id=element_id`` (and ``tag``, or ``*``); ``test`` is
        its element test.

        The element with that id if it matches the selector, else ``None``: a second element of the same tag with the
        same id is not looked for. Only when the element with the id is of another tag (a ``<p id="artibody">``
        before the body ``<div>``) are the elements of the selector's tag with that id tested, in a scan.
        """
        if css not in self._first:
            if element_id not in self._by_id:
                found = _BY_ID(self.root, value=element_id)
                self._by_id[element_id] = found[0] if found else None  # type: ignore[assignment]
            element = self._by_id[element_id]
            if element is not None and tag not in ("*", element.tag):
                others = _BY_TAG_AND_ID(self.root, tag=tag, value=element_id)
                element = next((other for other in others if test(other)), None)  # type: ignore[union-attr]
            self._first[css] = element if element is not None and test(element) else None
        return self._first[css]

    def meta(self, key: str) -> str:
        """The first non-empty ``content`` of ``<meta name=key>`` or ``<meta property=key>``, stripped."""
        if self._metas is None:
            self._metas = _index_metas(self.root)
        return next((value.strip() for value in self._metas.get(key, ()) if value.strip()), "")

    def selector(self) -> Selector:
        """A parsel selector over the same tree, for the rare callers that want one (the anti-bot checks)."""
        return Selector(root=self.root, type="html")


def _index_metas(root: etree._Element) -> dict[str, list[str]]:
    """``content`` of every ``<meta>`` in document order, under its ``name`` and its ``property`` (once if equal)."""
    metas: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        content = meta.get("content")
        if content is None:
            continue
        name, prop = meta.get("name"), meta.get("property")
        if name is not None:
            metas.setdefault(name, []).append(content)
        if prop is not None and prop != name:
            metas.setdefault(prop, []).append(content)
    return metas
