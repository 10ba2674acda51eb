"""Clean the inner HTML of a Sina article body (``div#artibody``) for archiving.

    clean_body(body_html: str, *, base_url: str) -> str

One pure function applies the rules of ``sinaarchive.cleaning.rules`` (the shape of trafilatura's
``tree_cleaning``): the fragment is parsed once with lxml, cleaned in place (the tree is private to the call;
module-level rules are never mutated), serialized one top-level block per line, and passed once through nh3
(Ammonia) as a safety net with the same tag, attribute and class allowlists.

Output contract:

- one block element per line (inline content between top-level blocks is wrapped in ``<p>``, so no line is bare
  text for Markdown to interpret), no blank lines, no indentation; a raw newline in text becomes a space, except
  inside ``<pre>`` where it is written ``&#10;``;
- paragraph text is kept byte for byte, including the leading U+3000 ``　　`` and ``&nbsp;``; only ASCII
  whitespace at the edges of a block and between blocks is removed (``责任编辑：郭明煜 `` loses its final space);
- ``<img>`` URLs are absolute (protocol-relative → ``https:``; ``http://*.sinaimg.cn`` → ``https:``) and every
  image has ``referrerpolicy="no-referrer"``; an image without a usable http(s) URL is dropped;
- ``<a href>`` is absolute (protocol-relative → ``https:``; other ``http:`` links unchanged); a link whose URL is
  unusable (``javascript:``, ``data:``, fragment-only, …) is unwrapped, keeping its text;
- an empty caption ``<span class="img_descr"></span>`` is dropped: most Sina images have one and it renders as
  nothing;
- links get no ``rel``: ``target`` is stripped, so links open in the same tab and ``noopener`` would add nothing;
  this keeps the output short and stable;
- braces are not escaped (the exporter does that); ``""`` means nothing worth keeping (no text, no image) is left.

Cleaning the output again gives the same output (the function is idempotent).
"""

from __future__ import annotations

import logging
import re

import nh3
from lxml import etree

from sinaarchive.cleaning.rules import IMG_REFERRER_POLICY, LAZY_SRC_ATTRIBUTES, LINK_SCHEMES, RULES
from sinaarchive.cleaning.selectors import compile_group
from sinaarchive.cleaning.structure import fix_nesting
from sinaarchive.cleaning.tree import remove, unwrap
from sinaarchive.cleaning.urls import image_url, link_url

logger = logging.getLogger(__name__)

__all__ = ["clean_body"]

# Compiled once, at import; each group alone first, so a bad selector names its group.
for _name, _group in RULES.drop.items():
    compile_group(_group, _name)
_DROP = compile_group((css for group in RULES.drop.values() for css in group), "DROP")
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
# A run of ASCII whitespace that holds a line break or tab becomes one space (plain spaces are left alone).
_BREAKING_SPACE = re.compile(r"[ \t\n]*[\t\n][ \t\n]*")
_ASCII_SPACE = " \t\n"
# What does not make an element non-empty: Unicode whitespace (incl. U+3000 and U+00A0) and zero-width characters.
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_VISIBLE_VOIDS = ("img", "hr")
# Containers in which whitespace between children means nothing.
_STRUCTURAL = frozenset({"table", "thead", "tbody", "tfoot", "tr", "ul", "ol", "dl"})


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
    for node in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        # Template markers, news_keyword_pub, article_adlist promo HTML, mce-plugin-videoList2 player JSON.
        remove(node)
    for element in _DROP(root):
        remove(element)
    _unwrap_disallowed(root)
    _clean_attributes(root, base_url)
    fix_nesting(root)
    _wrap_inline_runs(root)
    _normalize_whitespace(root)
    _prune_empty(root)
    if root.find(".//img") is None and not _INVISIBLE.sub("", "".join(root.itertext())):
        return ""  # no text and no image: a lone <hr> or empty table cells are not an article
    _trim_blocks(root)
    return _serialize(root)


def _is_empty(element: etree._Element) -> bool:
    """No text (whitespace, U+3000, &nbsp; and zero-widths do not count) and no image or rule inside."""
    if element.text and _INVISIBLE.sub("", element.text):
        return False  # the common case, a paragraph that starts with text
    if any(True for _ in element.iter(*_VISIBLE_VOIDS)):
        return False
    return not _INVISIBLE.sub("", "".join(element.itertext()))


# --- stages ------------------------------------------------------------------------------------------------------


def _unwrap_disallowed(root: etree._Element) -> None:
    """Unwrap the UNWRAP matches and every tag outside the allowlist; their text and children stay."""
    explicit = set(_UNWRAP(root))
    for element in list(root.iterdescendants()):
        if element in explicit or element.tag not in RULES.allowed_tags:
            unwrap(element)


def _clean_attributes(root: etree._Element, base_url: str) -> None:
    """Keep the allowlisted attributes and classes in a fixed order; make URLs absolute; drop unusable img/a."""
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
        if element.items() == kept:
            continue  # already clean (an <img> cleaned before, a caption span): no lxml writes
        element.attrib.clear()
        for name, value in kept:
            element.set(name, value)


def _allowed_attributes(element: etree._Element, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    tag, kept = str(element.tag), []
    classes = RULES.allowed_classes.get(tag)
    if classes:
        names = [name for name in (element.get("class") or "").split() if name in classes]
        if names:
            kept.append(("class", " ".join(dict.fromkeys(names))))
    for name in RULES.allowed_attributes.get(tag, ()):
        value = element.get(name)
        if value is not None and name not in skip:
            value = _BREAKING_SPACE.sub(" ", value).strip()
            if name not in ("colspan", "rowspan") or value.isdigit():
                kept.append((name, value))
    return kept


def _wrap_inline_runs(root: etree._Element) -> None:
    """Make every top-level node a block: each run of text and inline elements between blocks goes into a <p>."""
    if _only_blocks(root):
        # The common Sina body (p and div.img_wrapper only): no <p> to make, only the whitespace between blocks
        # to drop, which is what the general case below does with it (a <p> of whitespace is not kept).
        root.text = None
        for child in root:
            if child.tail is not None:
                child.tail = None
        return
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


def _only_blocks(root: etree._Element) -> bool:
    """Whether ``root`` holds only block elements, with nothing but whitespace (``str.strip``'s) around them."""
    if root.text and root.text.strip():
        return False
    block_tags = RULES.block_tags
    return all(child.tag in block_tags and not (child.tail and child.tail.strip()) for child in root)


def _paragraph(text: str | None) -> etree._Element:
    paragraph = etree.Element("p")
    paragraph.text = text
    return paragraph


def _normalize_whitespace(root: etree._Element) -> None:
    """Outside ``<pre>``, whitespace holding a line break or tab becomes one space, as a browser renders it."""
    in_pre = {node for pre in root.iter("pre") for node in pre.iter()}
    for element in root.iter():
        # Only text holding a tab or newline changes; leaving the rest alone saves most regex runs and lxml writes.
        text, tail = element.text, element.tail
        if text and _has_break(text) and element not in in_pre:
            element.text = _BREAKING_SPACE.sub(" ", text)
        if tail and _has_break(tail) and element.getparent() not in in_pre:
            element.tail = _BREAKING_SPACE.sub(" ", tail)


def _has_break(text: str) -> bool:
    return "\n" in text or "\t" in text


def _prune_empty(root: etree._Element) -> None:
    """Drop empty blocks, innermost first; unwrap empty inline elements so a space inside them stays."""
    for element in reversed(list(root.iterdescendants())):
        if element.tag in RULES.prune_blocks and _is_empty(element):
            remove(element)
        elif element.tag in RULES.prune_inline and _is_empty(element):
            unwrap(element)


def _trim_blocks(root: etree._Element) -> None:
    """Remove ASCII whitespace at the edges of blocks and between blocks (U+3000 and &nbsp; are content)."""
    in_pre = {node for pre in root.iter("pre") for node in pre.iter()}
    for element in root.iter(*RULES.block_tags):
        if element in in_pre:
            continue
        children = list(element)
        structural = element.tag in _STRUCTURAL
        text = element.text
        if text:
            text = text.lstrip(_ASCII_SPACE) or None
            if structural and text and not text.strip():
                text = None
        for index, child in enumerate(children):
            following = children[index + 1] if index + 1 < len(children) else None
            if (
                child.tail
                and not child.tail.strip(_ASCII_SPACE)
                and (
                    structural
                    or child.tag in RULES.block_tags
                    or following is None
                    or following.tag in RULES.block_tags
                )
            ):
                child.tail = None
        if children and children[-1].tail:
            _set_tail(children[-1], children[-1].tail.rstrip(_ASCII_SPACE) or None)
        elif not children and text:
            text = text.rstrip(_ASCII_SPACE) or None
        if text != element.text:  # writing text into lxml costs; most blocks have nothing to trim
            element.text = text


def _set_tail(element: etree._Element, tail: str | None) -> None:
    if tail != element.tail:
        element.tail = tail


def _serialize(root: etree._Element) -> str:
    """One line per top-level block, through nh3 in one call (plus one per block holding a <pre>)."""
    if root.find(".//pre") is None:
        # No <pre>: text and attributes hold no newline any more, so the only newlines are the block separators.
        for block in root[:-1]:
            block.tail = "\n"
        root.text = None
        markup = etree.tostring(root, method="html", encoding="unicode", with_tail=False)
        lines = _SANITIZER.clean(markup[len("<body>") : -len("</body>")]).split("\n")
        return "\n".join(line for line in lines if line)
    lines = []
    for block in root:
        markup = etree.tostring(block, method="html", encoding="unicode", with_tail=False)
        # The block's only newlines are in <pre> text: write them as &#10; to keep the block on one line.
        line = _SANITIZER.clean(markup).replace("\n", "&#10;")
        if line:
            lines.append(line)
    return "\n".join(lines)
