"""Clean the inner HTML of a Sina article body (``div#artibody``) for archiving.

    clean_body(body_html: str, *, base_url: str) -> str

One pure function applies the rules of ``sinaarchive.cleaning.rules`` (the shape of trafilatura's
``tree_cleaning``): the fragment is parsed once with lxml and cleaned in place by passes that run one after the
other over the whole tree (the tree is private to the call; module-level rules are never mutated), then serialized
one top-level block per line and passed once through nh3 (Ammonia) as a safety net with the same tag, attribute and
class allowlists.

Output contract:

- one block element per line (inline content between top-level blocks is wrapped in ``<p>``, so no line is bare
  text for Markdown to interpret), no blank lines, no indentation; a raw newline in text becomes a space, except
  inside ``<pre>`` where it is written ``&#10;``; control characters go and Unicode line separators become spaces;
- paragraph text is kept byte for byte, including the leading U+3000 ``　　`` and ``&nbsp;``; only ASCII
  whitespace at the edges of a block and between blocks is removed (``责任编辑：郭明煜 `` loses its final space);
- a font or span the CMS styles bold (``cms-style="… strong-Bold"``) becomes one ``<strong>``; other fonts and
  spans lose their tag and keep their text;
- ``<img>`` URLs are absolute (protocol-relative → ``https:``; ``http://*.sinaimg.cn`` → ``https:``) and every
  image has ``referrerpolicy="no-referrer"``; the URL is ``src``, else the first usable lazy-loading attribute
  (``data-src``, …); an image without a usable http(s) URL is dropped;
- ``<a href>`` is absolute (protocol-relative → ``https:``; other ``http:`` links unchanged); a link whose URL is
  unusable (``javascript:``, ``data:``, fragment-only, …) is unwrapped, keeping its text;
- an empty caption ``<span class="img_descr"></span>`` is dropped: most Sina images have one and it renders as
  nothing;
- links get no ``rel``: ``target`` is stripped, so links open in the same tab and ``noopener`` would add nothing;
  this keeps the output short and stable;
- braces are not escaped (the exporter does that); ``""`` means nothing worth keeping is left: no visible text and
  no image (a lone ``<hr>`` or a table of empty cells is not an article).

Cleaning the output again gives the same output (the function is idempotent).
"""

from __future__ import annotations

import re

import nh3
from lxml import etree

from sinaarchive.cleaning.rules import IMG_REFERRER_POLICY, LAZY_SRC_ATTRIBUTES, LINK_SCHEMES, RULES
from sinaarchive.cleaning.selectors import compile_group
from sinaarchive.cleaning.structure import fix_nesting, wrap_inline_runs
from sinaarchive.cleaning.tree import remove, unwrap
from sinaarchive.cleaning.urls import image_url, link_url
from sinaarchive.cleaning.whitespace import collapse, collapse_line_breaks, trim_blocks

__all__ = ["clean_body"]

# Compiled once, at import; each group alone first, so a bad selector names its group.
for _name, _group in RULES.drop.items():
    compile_group(_group, _name)
_DROP = compile_group([css for group in RULES.drop.values() for css in group], "DROP")
_BOLD_STYLED = compile_group(RULES.bold_styled, "BOLD_STYLED")
_UNWRAP = compile_group(RULES.unwrap, "UNWRAP")

# nh3 must discard the content of these too, not only the tag: the plain tag names among the DROP rules.
_CONTENT_TAGS = {css for group in RULES.drop.values() for css in group if css.isalpha()} - RULES.allowed_tags

_SANITIZER = nh3.Cleaner(
    tags=set(RULES.allowed_tags),
    clean_content_tags=_CONTENT_TAGS,
    attributes={tag: set(names) for tag, names in RULES.allowed_attributes.items()},
    allowed_classes={tag: set(names) for tag, names in RULES.allowed_classes.items()},
    set_tag_attribute_values={"img": {"referrerpolicy": IMG_REFERRER_POLICY}},
    url_schemes=set(LINK_SCHEMES),
    url_relative="deny",  # every URL kept is absolute by now; anything relative did not come from us
    link_rel=None,  # see the module docstring
    strip_comments=True,
)

# Control characters other than tab and newline: not text, and lxml refuses some of them.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Unicode line separators: some readers would split a "line" of the output at them.
_LINE_SEPARATORS = re.compile(r"[\x85\u2028\u2029]")
# Class names are separated by ASCII whitespace only, in HTML as in the rules' selectors (U+3000 is part of a name).
_CLASS_SEPARATORS = re.compile(r"[ \t\n\r\f]+")
# What makes an element non-empty: anything but Unicode whitespace (incl. U+3000 and U+00A0) and zero-widths.
_VISIBLE = re.compile(r"[^\s\u200b\u200c\u200d\u2060\ufeff]")
_VISIBLE_VOIDS = ("img", "hr")


def clean_body(body_html: str, *, base_url: str) -> str:
    """Return ``body_html`` (the inner HTML of ``#artibody``) cleaned, one block per line; ``""`` if nothing is left."""
    body_html = body_html.replace("\r\n", "\n").replace("\r", "\n")
    body_html = _LINE_SEPARATORS.sub(" ", _CONTROL_CHARS.sub("", body_html))
    if not body_html.strip():
        return ""
    # The same wrapping lxml.html.fragments_fromstring uses; the <body> is our private container.
    root = etree.HTML(f"<html><body>{body_html}</body></html>").find("body")
    if root is None:
        return ""
    _drop(root)
    _make_bold(root)
    _unwrap_disallowed(root)
    _clean_attributes(root, base_url)
    fix_nesting(root)
    wrap_inline_runs(root)
    collapse_line_breaks(root)
    _prune_empty(root)
    if next(root.iter("img"), None) is None and not _shows(_text(root)):
        return ""  # no text and no image: a lone <hr> or empty table cells are not an article
    trim_blocks(root)
    return _serialize(root)


# --- the rules -------------------------------------------------------------------------------------------------------


def _drop(root: etree._Element) -> None:
    """Comments and processing instructions, then the DROP matches, go with their content; their tails stay."""
    # Template markers, news_keyword_pub, article_adlist promo HTML, mce-plugin-videoList2 player JSON.
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
    for element in _DROP(root):
        remove(element)


def _make_bold(root: etree._Element) -> None:
    """A bold-styled font or span becomes a bare <strong>. Inner ones first: an outer one then strips the <strong>
    they became, since bold inside bold adds nothing."""
    for element in reversed(_BOLD_STYLED(root)):
        etree.strip_tags(element, "strong")
        element.tag = "strong"
        element.attrib.clear()


def _unwrap_disallowed(root: etree._Element) -> None:
    """Unwrap the UNWRAP matches and every tag outside the allowlist; their text and children stay."""
    explicit = set(_UNWRAP(root))
    for element in list(root.iterdescendants()):
        if element in explicit or element.tag not in RULES.allowed_tags:
            unwrap(element)


def _clean_attributes(root: etree._Element, base_url: str) -> None:
    """Keep the allowlisted attributes and classes in a fixed order; make URLs absolute. An <img> without a usable
    URL goes, an <a> without one is unwrapped."""
    for element in list(root.iterdescendants()):
        tag = element.tag
        if tag == "img":
            src = image_url([element.get(name) for name in ("src", *LAZY_SRC_ATTRIBUTES)], base_url)
            if src is None:
                remove(element)
                continue
            kept = [("src", src), *_allowed_attributes(element, skip=("src", "referrerpolicy"))]
            kept.append(("referrerpolicy", IMG_REFERRER_POLICY))
        elif tag == "a":
            href = link_url(element.get("href"), base_url)
            if href is None:
                unwrap(element)
                continue
            kept = [("href", href), *_allowed_attributes(element, skip=("href",))]
        elif not element.attrib:
            continue
        else:
            kept = _allowed_attributes(element)
        element.attrib.clear()
        for name, value in kept:
            element.set(name, value)


def _allowed_attributes(element: etree._Element, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    tag, kept = str(element.tag), []
    classes = RULES.allowed_classes.get(tag)
    if classes:
        names = [name for name in _CLASS_SEPARATORS.split(element.get("class") or "") if name in classes]
        if names:
            kept.append(("class", " ".join(dict.fromkeys(names))))
    for name in RULES.allowed_attributes.get(tag, ()):
        value = element.get(name)
        if value is not None and name not in skip:
            value = collapse(value).strip()
            if name not in ("colspan", "rowspan") or value.isdigit():
                kept.append((name, value))
    return kept


# --- empty elements --------------------------------------------------------------------------------------------------


def _prune_empty(root: etree._Element) -> None:
    """Drop empty blocks, innermost first; unwrap empty inline elements so a space inside them stays."""
    for element in reversed(list(root.iterdescendants())):
        if element.tag in RULES.prune_blocks and _is_empty(element):
            remove(element)
        elif element.tag in RULES.prune_inline and _is_empty(element):
            unwrap(element)


def _is_empty(element: etree._Element) -> bool:
    """No visible text and no image or rule inside."""
    if next(element.iter(*_VISIBLE_VOIDS), None) is not None:
        return False
    return not _shows(_text(element))


def _text(element: etree._Element) -> str:
    """All the text inside ``element`` (its own tail is not inside)."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def _shows(text: str) -> bool:
    """Whether ``text`` holds a visible character (whitespace, U+3000, &nbsp; and zero-widths are not)."""
    return _VISIBLE.search(text) is not None


# --- output ----------------------------------------------------------------------------------------------------------


def _serialize(root: etree._Element) -> str:
    """One line per top-level block, each through nh3; newlines left in a block (<pre> text) are written ``&#10;``."""
    lines = []
    for block in root:
        markup = etree.tostring(block, method="html", encoding="unicode", with_tail=False)
        line = _SANITIZER.clean(markup).replace("\n", "&#10;")
        if line:
            lines.append(line)
    return "\n".join(lines)
