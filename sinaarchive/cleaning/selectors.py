"""Compile the CSS selectors of ``rules`` into one Python matcher per rule group.

Why not ``lxml.cssselect.CSSSelector``: it turns a group into an XPath union that libxml2 evaluates as one scan of
the tree *per selector*, about 10 µs each on a 65-element body, so the 45 drop rules alone cost more than parsing
the whole body. Here each selector becomes a small predicate, indexed by the tag or the attribute it needs, and
one pass over the tree tests each element only against the rules that could match it. Selectors with a combinator
are indexed apart, each also by its rightmost compound alone: so ``Matcher.decide`` tells when an element's own tag
and attributes decide (a caller may then remember the decision for elements alike) and when its ancestors do.

The supported grammar is what the rules use, and an unsupported selector raises at import:
compound selectors of a tag or ``*``, ``.class``, ``#id``, ``[attr]``, ``[attr=v]``, ``[attr^=v]``,
``[attr*=v]``, ``[attr$=v]``, ``[attr~=v]`` and ``:not(<simple>)``, joined by the descendant (`` ``) or child
(``>``) combinator. Tag names match case-insensitively (lxml's HTML parser lower-cases them); attribute values
match case-sensitively, as in CSS. ``tests/test_cleaning_rules.py`` checks every rule against CSSSelector.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from cssselect import parse
from cssselect.parser import Attrib, Class, CombinedSelector, Element, Hash, Negation, Tree
from lxml import etree

Predicate = Callable[[etree._Element], bool]

_ATTRIBUTE_TESTS: dict[str, Callable[[str, str], bool]] = {
    "=": lambda actual, wanted: actual == wanted,
    "^=": lambda actual, wanted: bool(wanted) and actual.startswith(wanted),
    "*=": lambda actual, wanted: bool(wanted) and wanted in actual,
    "$=": lambda actual, wanted: bool(wanted) and actual.endswith(wanted),
    "~=": lambda actual, wanted: wanted in actual.split(),
}


@dataclass
class _Index:
    """Predicates indexed by what their rightmost compound requires: a tag, else a class, an id or an attribute."""

    by_tag: dict[object, list[Predicate]] = field(default_factory=dict)  # keyed by lxml's element.tag
    by_class: dict[str, list[Predicate]] = field(default_factory=dict)
    by_id: dict[str, list[Predicate]] = field(default_factory=dict)
    by_attribute: dict[str, list[Predicate]] = field(default_factory=dict)
    anywhere: list[Predicate] = field(default_factory=list)

    def add(self, tree: Tree, test: Predicate) -> None:
        index, key = _key(tree)
        if index is None:
            self.anywhere.append(test)
        else:
            getattr(self, index).setdefault(key, []).append(test)

    def matches(self, element: etree._Element, tag: object) -> bool:
        """Whether a predicate indexed for ``element`` (whose ``.tag`` is ``tag``) holds."""
        for test in self.by_tag.get(tag, ()):
            if test(element):
                return True
        for test in self.anywhere:
            if test(element):
                return True
        if not (self.by_attribute or self.by_id or self.by_class):
            return False  # a group of tag selectors (BOLD_STYLED, UNWRAP): no need to read the attributes
        names = element.keys()
        if not names:
            return False  # the common <p>: every other index needs an attribute
        by_attribute = self.by_attribute
        for name in names:
            for test in by_attribute.get(name, ()):
                if test(element):
                    return True
        if self.by_id and "id" in names:
            for test in self.by_id.get(element.get("id"), ()):  # type: ignore[arg-type]
                if test(element):
                    return True
        if self.by_class and "class" in names:
            for token in (element.get("class") or "").split():
                for test in self.by_class.get(token, ()):
                    if test(element):
                        return True
        return False


@dataclass
class Matcher:
    """A compiled rule group. Selectors with a combinator (``div.a div.a``) are kept apart: they look at ancestors.

    ``attributes``: every attribute name a selector of the group reads, so that a caller can tell which of an
    element's attributes a decision (``decide``) depends on.
    """

    local: _Index = field(default_factory=_Index)  # selectors of one compound: the element alone decides
    contextual: _Index = field(default_factory=_Index)  # selectors with a combinator, whole
    contextual_self: _Index = field(default_factory=_Index)  # their rightmost compound alone, indexed alike
    attributes: set[str] = field(default_factory=set)

    def __call__(self, root: etree._Element) -> list[etree._Element]:
        """The descendants of ``root`` (never ``root``) that match any selector, in document order."""
        return [element for element in root.iterdescendants() if self.matches(element)]

    def matches(self, element: etree._Element, tag: object = None) -> bool:
        """Whether ``element`` matches a selector; ``tag``: its ``.tag``, when the caller has it (lxml makes a new str)."""
        if tag is None:
            tag = element.tag
        return self.local.matches(element, tag) or self.contextual.matches(element, tag)

    def decide(self, element: etree._Element, tag: object) -> bool | None:
        """``matches`` from ``element``'s own tag and attributes (``attributes``) alone; None if its ancestors decide.

        None: a selector with a combinator may match (its rightmost compound does), so ``matches`` must look.
        """
        if self.local.matches(element, tag):
            return True
        if self.contextual_self.matches(element, tag):
            return None
        return False

    def matches_in_context(self, element: etree._Element, tag: object) -> bool:
        """``matches`` for an element ``decide`` left to its ancestors: only a selector with a combinator can match."""
        return self.contextual.matches(element, tag)


def compile_group(selectors: Iterable[str], name: str) -> Matcher:
    """One matcher for a whole rule group; an empty group raises (an empty alternation would match everything)."""
    selectors = tuple(selectors)
    if not selectors or not all(css.strip() for css in selectors):
        raise ValueError(f"cleaning rule group {name} is empty or holds an empty selector")
    matcher = Matcher()
    for css in selectors:
        for selector in parse(css):
            tree = selector.parsed_tree
            if selector.pseudo_element is not None:
                raise ValueError(f"{name}: pseudo-elements are not supported: {css!r}")
            test = _compile(tree, css)
            if isinstance(tree, CombinedSelector):
                matcher.contextual.add(tree, test)
                matcher.contextual_self.add(tree.subselector, _compile(tree.subselector, css))
            else:
                matcher.local.add(tree, test)
            matcher.attributes |= _attribute_names(tree)
    return matcher


def _attribute_names(tree: Tree) -> set[str]:
    """The attribute names ``tree`` reads, in any of its compounds."""
    if isinstance(tree, Element):
        return set()
    if isinstance(tree, (CombinedSelector, Negation)):
        return _attribute_names(tree.selector) | _attribute_names(tree.subselector)
    if isinstance(tree, Class):
        own = "class"
    elif isinstance(tree, Hash):
        own = "id"
    else:
        own = tree.attrib  # type: ignore[attr-defined]
    return {own} | _attribute_names(tree.selector)  # type: ignore[attr-defined]


def _key(tree: Tree) -> tuple[str | None, str]:
    """Where to index ``tree``: the tag its rightmost compound requires, else a class, an id, an attribute."""
    if isinstance(tree, CombinedSelector):
        return _key(tree.subselector)
    found: dict[str, str] = {}
    while not isinstance(tree, Element):
        if isinstance(tree, Class):
            found.setdefault("by_class", tree.class_name)
        elif isinstance(tree, Hash):
            found.setdefault("by_id", tree.id)
        elif isinstance(tree, Attrib):
            found.setdefault("by_attribute", tree.attrib)
        tree = tree.selector  # a Negation's own .selector; what it negates is never required
    if tree.element and tree.element != "*":
        found["by_tag"] = tree.element.lower()
    for index in ("by_tag", "by_class", "by_id", "by_attribute"):
        if index in found:
            return index, found[index]
    return None, ""


def _compile(tree: Tree, css: str) -> Predicate:
    if isinstance(tree, Element):
        if tree.namespace is not None:
            raise ValueError(f"namespaced selectors are not supported: {css!r}")
        if not tree.element or tree.element == "*":
            return lambda element: True
        tag = tree.element.lower()
        return lambda element: element.tag == tag
    if isinstance(tree, Class):
        inner, class_name = _compile(tree.selector, css), tree.class_name
        return lambda element: class_name in (element.get("class") or "").split() and inner(element)
    if isinstance(tree, Hash):
        inner, wanted_id = _compile(tree.selector, css), tree.id
        return lambda element: element.get("id") == wanted_id and inner(element)
    if isinstance(tree, Attrib):
        return _compile_attrib(tree, css)
    if isinstance(tree, Negation):
        if isinstance(tree.subselector, CombinedSelector):
            raise ValueError(f":not() takes a simple selector: {css!r}")  # noqa: TRY004 (a bad rule, not a bad type)
        inner, negated = _compile(tree.selector, css), _compile(tree.subselector, css)
        return lambda element: inner(element) and not negated(element)
    if isinstance(tree, CombinedSelector):
        return _compile_combined(tree, css)
    raise ValueError(f"unsupported selector {css!r} ({type(tree).__name__})")


def _compile_attrib(tree: Attrib, css: str) -> Predicate:
    inner, name = _compile(tree.selector, css), tree.attrib
    if tree.namespace is not None or getattr(tree, "flag", None) is not None:  # flag: cssselect >= 1.4
        raise ValueError(f"namespaced or flagged attribute selectors are not supported: {css!r}")
    if tree.operator == "exists":
        return lambda element: element.get(name) is not None and inner(element)
    if tree.operator not in _ATTRIBUTE_TESTS:
        raise ValueError(f"unsupported attribute operator {tree.operator!r} in {css!r}")
    compare, wanted = _ATTRIBUTE_TESTS[tree.operator], str(tree.value.value if tree.value is not None else "")

    def test(element: etree._Element) -> bool:
        actual = element.get(name)
        return actual is not None and compare(actual, wanted) and inner(element)

    return test


def _compile_combined(tree: CombinedSelector, css: str) -> Predicate:
    ancestor_test, self_test = _compile(tree.selector, css), _compile(tree.subselector, css)
    if tree.combinator == " ":
        return lambda element: self_test(element) and any(ancestor_test(a) for a in element.iterancestors())

    if tree.combinator == ">":

        def child_test(element: etree._Element) -> bool:
            parent = element.getparent()
            return self_test(element) and parent is not None and ancestor_test(parent)

        return child_test
    raise ValueError(f"unsupported combinator {tree.combinator!r} in {css!r}")
