"""Clean the inner HTML of a Sina article body (``div#artibody``) for archiving.

    clean_body(body_html: str, *, base_url: str) -> str

One pure function applies the rules of ``sinaarchive.cleaning.rules`` (the shape of trafilatura's
``tree_cleaning``): the fragment is parsed once with lxml, cleaned in place (the tree is private to the call;
module-level rules are never mutated), serialized one top-level block per line, and passed once through nh3
(Ammonia) as a safety net with the same tag, attribute and class allowlists. The cleaning is two walks over the
tree, children before parents: the rules (DROP, UNWRAP, allowlists, attributes), then whitespace, pruning and
trimming; each gives what its stages applied one after the other over the whole tree would give. The rules walk
decides once per kind of element (its tag and the attributes the rules read; remembered across calls) and only
marks what goes, which two C calls then remove.

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
_BOLD_STYLED = compile_group(RULES.bold_styled, "BOLD_STYLED")
_UNWRAP = compile_group(RULES.unwrap, "UNWRAP")
_ALLOWED_TAGS = RULES.allowed_tags
_IMG_SRC_ATTRIBUTES = ("src", *LAZY_SRC_ATTRIBUTES)

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

# The default HTML parser, less what nobody reads: the table of id attributes and a <!DOCTYPE> for the document.
_PARSER = etree.HTMLParser(collect_ids=False, default_doctype=False)

# Control characters other than tab and newline: not text, and lxml refuses some of them.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Unicode line separators: some readers would split a "line" of the output at them.
_LINE_SEPARATORS = re.compile(r"[\x85\u2028\u2029]")
# Any character the four steps above would change: carriage returns, control characters, line separators. One
# ``in`` per character: str.__contains__ scans several times as fast as a regex character class.
_TO_PREPARE = "\r\x85\u2028\u2029" + "".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]))
# A run of ASCII whitespace that holds a line break or tab becomes one space (plain spaces are left alone).
_BREAKING_SPACE = re.compile(r"[ \t\n]*[\t\n][ \t\n]*")
_ASCII_SPACE = " \t\n"
# What makes an element non-empty: anything but Unicode whitespace (incl. U+3000 and U+00A0) and zero-widths.
_VISIBLE = re.compile(r"[^\s\u200b\u200c\u200d\u2060\ufeff]")
_VISIBLE_VOIDS = ("img", "hr")
# Void elements: libxml2 gives them no content, but that is checked before skipping them.
_VOID_TAGS = frozenset({"img", "hr", "br"})
# Containers in which whitespace between children means nothing.
_STRUCTURAL = frozenset({"table", "thead", "tbody", "tfoot", "tr", "ul", "ol", "dl"})


def clean_body(body_html: str, *, base_url: str) -> str:
    """Return ``body_html`` (the inner HTML of ``#artibody``) cleaned, one block per line; ``""`` if nothing is left."""
    if any(char in body_html for char in _TO_PREPARE):  # rare: these scans instead of four subs on the common body
        body_html = body_html.replace("\r\n", "\n").replace("\r", "\n")
        body_html = _LINE_SEPARATORS.sub(" ", _CONTROL_CHARS.sub("", body_html))
    if not body_html.strip():
        return ""
    # The same wrapping lxml.html.fragments_fromstring uses; the <body> is our private container.
    root = next(etree.HTML(f"<html><body>{body_html}</body></html>", _PARSER).iterchildren("body"), None)
    if root is None:
        return ""
    _apply_rules(root, base_url)
    fix_nesting(root)
    _wrap_inline_runs(root)
    if not _tidy_blocks(root) or _only_rules(root):
        return ""  # no text and no image: a lone <hr> or empty table cells are not an article
    return _serialize(root)


# --- walk 1: the rules ---------------------------------------------------------------------------------------------


def _apply_rules(root: etree._Element, base_url: str) -> None:
    """Comments and processing instructions, DROP, UNWRAP and the allowlists, attributes: everything below ``root``.

    Comments go first, in one C call (their tails stay): template markers, news_keyword_pub, article_adlist promo
    HTML, mce-plugin-videoList2 player JSON. Then every element is decided (``_plan_all``), and what was decided is
    done children before their parents (reversed document order). That gives what the stages in sequence gave
    (DROP, then UNWRAP, then attributes): every decision depends only on the element's own tag and attributes and
    on its ancestors' (the selectors have descendant and child combinators only), which stay untouched until their
    descendants are done.

    Nothing is moved meanwhile: what goes is marked by renaming it (``_DROPPED``, ``_UNWRAPPED``), and two C calls
    then remove the marked elements (keeping their tails) and the marked tags (keeping text and children). Both
    edits keep every other node's text in order, so doing them last, and in any order, gives the tree the same
    edits made one by one gave.
    """
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
    for element, tag, attributes, action, kept in reversed(_plan_all(root)):
        if action is _KEEP:  # planned only where the attributes change
            _set_attributes(element, kept)
        elif action is _UNWRAP_TAG:
            element.tag = _UNWRAPPED
        elif action is _CLEAN_URLS:
            _clean_url_attributes(element, tag, base_url, attributes, kept)
        elif action is _UNWRAP_IN_CONTEXT:
            if _UNWRAP.matches_in_context(element, tag):
                element.tag = _UNWRAPPED
            elif attributes != kept:
                _set_attributes(element, kept)
        else:
            _decide_here(element, tag, base_url)
    etree.strip_elements(root, _DROPPED, with_tail=False)
    etree.strip_tags(root, _UNWRAPPED)


def _plan_all(root: etree._Element) -> list[tuple[etree._Element, str, list, str, list | None]]:
    """The plan of each element below ``root`` that has something to do, in document order, with its tag and items().

    An element to drop is marked at once, and nothing inside it is looked at: it all goes (a QR-code block with its
    image, a quote widget with its links). Its descendants follow it in document order, so they are skipped by
    counting them.
    """
    todo = []
    inside_dropped = 0  # how many of the next elements are inside the one just dropped
    for element in root.iterdescendants():  # renaming elements as we go does not disturb the iteration
        if inside_dropped:
            inside_dropped -= 1
            continue
        tag = element.tag
        attributes = element.items()
        key = (tag, *[item for item in attributes if item[0] in _PLAN_ATTRIBUTES]) if attributes else tag
        action, kept = _PLANS.get(key) or _new_plan(element, tag, key)
        if action is _REMOVE:
            element.tag = _DROPPED
            inside_dropped = sum(1 for _ in element.iterdescendants())
        elif action is not _KEEP or attributes != kept:
            todo.append((element, tag, attributes, action, kept))
    return todo


# The marks of the walk. They are no allowed tags: an element of the input so named is unwrapped or dropped by its
# own plan, or goes with a dropped ancestor, so after the walk the marks say only what the walk decided.
_DROPPED = "sinaarchive-dropped"
_UNWRAPPED = "sinaarchive-unwrapped"

# What the walk does with an element (``_plan_all``). Most elements are alike (a bare <p>, a stock-link <span id>, a
# caption <span class>), and the rules decide from the tag and a few attributes: each decision is made once per
# (tag, attributes read) and remembered. A plan is a pure function of that key, so the memo never needs expiring;
# it is only emptied when it grows large (stock-code ids and image URLs are part of keys).
_REMOVE = "remove"  # DROP
_UNWRAP_TAG = "unwrap"  # UNWRAP, or not an allowed tag
_KEEP = "keep"  # allowed: keep exactly the attributes of the plan
_CLEAN_URLS = "clean urls"  # allowed <a>/<img>: the plan keeps the attributes other than the URL (base_url decides)
_UNWRAP_IN_CONTEXT = "unwrap in context"  # _UNWRAP_TAG if the ancestors match (nested img_wrapper), else _KEEP
_DECIDE_HERE = "decide here"  # the ancestors decide DROP or an <a>/<img>'s UNWRAP, or it is bold-styled: all here
_URL_ATTRIBUTES = {"a": ("href",), "img": ("src", "referrerpolicy")}  # what _clean_url_attributes writes itself
# The attributes a plan depends on: those the selectors read, class, and the allowlisted ones (but an <a>'s href:
# the plan of a stock link then serves every stock link).
_PLAN_ATTRIBUTES = frozenset().union(
    _DROP.attributes,
    _BOLD_STYLED.attributes,
    _UNWRAP.attributes,
    ["class"],
    *(set(names) - {"href"} for names in RULES.allowed_attributes.values()),
)
_PLANS: dict[object, tuple[str, list | None]] = {}
_PLANS_MAX = 4096


def _new_plan(element: etree._Element, tag: str, key: object) -> tuple[str, list | None]:
    """What to do with ``element``, and the attributes it keeps (for ``_CLEAN_URLS``, those but the URL).

    ``key``: its tag and the attributes a plan depends on; the plan is remembered under it.
    """
    plan = _make_plan(element, tag)
    if len(_PLANS) >= _PLANS_MAX:
        _PLANS.clear()
    _PLANS[key] = plan
    return plan


def _make_plan(element: etree._Element, tag: str) -> tuple[str, list | None]:
    drop = _DROP.decide(element, tag)
    if drop:
        return _REMOVE, None
    if drop is None or _BOLD_STYLED.decide(element, tag) is not False:
        return _DECIDE_HERE, None
    if tag not in _ALLOWED_TAGS:
        return _UNWRAP_TAG, None
    unwrap = _UNWRAP.decide(element, tag)
    if unwrap:
        return _UNWRAP_TAG, None
    if tag in _URL_ATTRIBUTES:
        if unwrap is None:
            return _DECIDE_HERE, None
        return _CLEAN_URLS, _allowed_attributes(element, tag, skip=_URL_ATTRIBUTES[tag])
    kept = _allowed_attributes(element, tag)  # a list, as items() gives: the walk compares them
    return (_KEEP if unwrap is False else _UNWRAP_IN_CONTEXT), kept


def _decide_here(element: etree._Element, tag: str, base_url: str) -> None:
    """The whole decision for an element whose plan is ``_DECIDE_HERE``, as the rules state it."""
    if _DROP.matches(element, tag):
        element.tag = _DROPPED
        return
    if _BOLD_STYLED.matches(element, tag):
        tag = _make_strong(element)
    if tag not in _ALLOWED_TAGS or _UNWRAP.matches(element, tag):
        element.tag = _UNWRAPPED
    else:
        _clean_attributes(element, tag, base_url)


def _clean_url_attributes(
    element: etree._Element, tag: str, base_url: str, attributes: list[tuple[str, str]], others: list[tuple[str, str]]
) -> None:
    """``_clean_attributes`` for an <a> or <img> whose plan is ``_CLEAN_URLS``: ``others``, the plan's attributes."""
    if tag == "img":
        src = image_url(map(element.get, _IMG_SRC_ATTRIBUTES), base_url)  # read as far as needed
        if src is None:
            element.tag = _DROPPED
            return
        kept = [("src", src), *others, ("referrerpolicy", IMG_REFERRER_POLICY)]
    else:
        href = link_url(element.get("href"), base_url)
        if href is None:
            element.tag = _UNWRAPPED
            return
        kept = [("href", href), *others]
    if attributes != kept:  # else already clean (an <img> cleaned before): no lxml writes
        _set_attributes(element, kept)


def _make_strong(element: etree._Element) -> str:
    """A bold-styled font or span becomes a bare <strong> (one: bold nested in bold adds nothing)."""
    etree.strip_tags(element, "strong")
    element.tag = "strong"
    element.attrib.clear()
    return "strong"


def _clean_attributes(element: etree._Element, tag: str, base_url: str) -> None:
    """Keep the allowlisted attributes and classes in a fixed order; make URLs absolute; drop unusable img/a."""
    attributes = element.items()
    if tag in _URL_ATTRIBUTES:
        others = _allowed_attributes(element, tag, skip=_URL_ATTRIBUTES[tag])
        _clean_url_attributes(element, tag, base_url, attributes, others)
        return
    kept = _allowed_attributes(element, tag)
    if attributes != kept:  # else already clean (a caption span): no lxml writes
        _set_attributes(element, kept)


def _set_attributes(element: etree._Element, attributes: list[tuple[str, str]]) -> None:
    element.attrib.clear()
    for name, value in attributes:
        element.set(name, value)


def _allowed_attributes(element: etree._Element, tag: str, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    kept = []
    classes = RULES.allowed_classes.get(tag)
    if classes:
        names = [name for name in (element.get("class") or "").split() if name in classes]
        if names:
            kept.append(("class", " ".join(dict.fromkeys(names))))
    for name in RULES.allowed_attributes.get(tag, ()):
        if name in skip:
            continue
        value = element.get(name)
        if value is not None:
            if _has_break(value):
                value = _BREAKING_SPACE.sub(" ", value)
            value = value.strip()
            if name not in ("colspan", "rowspan") or value.isdigit():
                kept.append((name, value))
    return kept


# --- top-level blocks ----------------------------------------------------------------------------------------------


def _wrap_inline_runs(root: etree._Element) -> None:
    """Make every top-level node a block: each run of text and inline elements between blocks goes into a <p>.

    The blocks are then separated by a newline tail each (none after the last): the line breaks of the output.
    """
    to_separate = _blocks_to_separate(root)
    if to_separate is not None:
        # The common Sina body (p and div.img_wrapper only): no <p> to make, only the whitespace between blocks
        # to replace, which is what the general case below does with it (a <p> of whitespace is not kept).
        root.text = None
        for child in to_separate:
            child.tail = "\n"
        if len(root) and root[-1].tail is not None:
            root[-1].tail = None
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
    for block in root[:-1]:
        block.tail = "\n"


def _blocks_to_separate(root: etree._Element) -> list[etree._Element] | None:
    """The children of ``root`` whose tail is not a lone newline, if ``root`` holds only block elements with nothing
    but whitespace (``str.strip``'s) around them; else None."""
    if root.text and root.text.strip():
        return None
    block_tags = RULES.block_tags
    to_separate = []
    for child in root:
        if child.tag not in block_tags:
            return None
        tail = child.tail
        if tail != "\n":
            if tail and tail.strip():
                return None
            to_separate.append(child)
    return to_separate


def _paragraph(text: str | None) -> etree._Element:
    paragraph = etree.Element("p")
    paragraph.text = text
    return paragraph


# --- walk 2: whitespace, pruning, trimming -------------------------------------------------------------------------


def _tidy(element: etree._Element, tag: str, in_pre: bool) -> bool:
    """Whitespace, pruning and trimming below ``element``, children first; whether ``element`` shows anything.

    ``tag``: ``element.tag``; ``in_pre``: ``element`` is a ``<pre>`` or inside one. For each child: first its tail's
    whitespace (so that the text a pruned child hands on is already normalised, as when whitespace was a stage of
    its own), then the child itself; an empty child (no visible text, no ``<img>``/``<hr>``) in PRUNE_BLOCKS goes,
    one in PRUNE_INLINE is unwrapped so a space inside it stays. Pruning never changes what an element shows, so
    deciding children first decides as a separate stage did. A block that stays is trimmed once its children are
    final; trimming touches only its own text and its children's tails, which nothing else edits after that.
    """
    text = element.text
    if text and not in_pre and _has_break(text):
        element.text = text = _BREAKING_SPACE.sub(" ", text)
    trim = not in_pre and tag in RULES.block_tags
    if not len(element):  # a leaf, the common <p>: its text is all there is to trim
        if trim and text:
            _trim_leaf(element, tag, text)
        return _shows(text)
    children = list(element)  # a snapshot: pruned children leave, unwrapped ones hand over their children
    tails = []
    pruned = False
    shows = False  # its own text is looked at last, if no child or tail shows
    for child in children:
        tail = child.tail
        if tail and not in_pre and _has_break(tail):
            child.tail = tail = _BREAKING_SPACE.sub(" ", tail)
        tails.append(tail)
        child_tag = child.tag
        if child_tag in _VOID_TAGS and not len(child) and not child.text:
            child_shows = child_tag in _VISIBLE_VOIDS  # an <img>, <br> or <hr>: nothing inside to tidy
        else:
            child_shows = _tidy(child, child_tag, in_pre or child_tag == "pre") or child_tag in _VISIBLE_VOIDS
        if not child_shows:
            if child_tag in RULES.prune_blocks:
                remove(child)
                pruned = True
            elif child_tag in RULES.prune_inline:
                unwrap(child)
                pruned = True
        shows = shows or child_shows or _shows(tail)
    if trim:
        if pruned:  # a pruned child handed its text on, and unwrapped ones left children in its place
            children = list(element)
            _trim(element, tag, element.text, children, [child.tail for child in children])
        else:
            _trim(element, tag, text, children, tails)
    return shows or _shows(text)


def _tidy_blocks(root: etree._Element) -> bool:
    """``_tidy`` for ``root``, whose children are blocks separated by newline tails (the output's line breaks):
    ``_tidy`` would make those spaces; they are left alone (the body is no block: nothing to trim)."""
    shows = False
    for block in list(root):  # a snapshot: pruned blocks leave
        tag = block.tag
        if tag in _VOID_TAGS and not len(block) and not block.text:
            block_shows = tag in _VISIBLE_VOIDS  # an <hr>
        else:
            block_shows = _tidy(block, tag, tag == "pre") or tag in _VISIBLE_VOIDS
        if not block_shows and tag in RULES.prune_blocks:
            remove(block)
        shows = shows or block_shows
    return shows


def _only_rules(root: etree._Element) -> bool:
    """Whether ``root``, which shows something (``_tidy_blocks``), shows only <hr>: no visible text and no <img>.

    ``_tidy`` counts an <hr> as shown (an <hr> between paragraphs stays), so only a tree that still holds one needs
    the text itself read; finding no <hr> is one scan in C, reading all the text a dozen times more.
    """
    if next(root.iter("hr"), None) is None:
        return False
    return next(root.iter("img"), None) is None and not _shows("".join(root.itertext()))


def _shows(text: str | None) -> bool:
    """Whether ``text`` holds a visible character (whitespace, U+3000, &nbsp; and zero-widths are not)."""
    return bool(text) and _VISIBLE.search(text) is not None  # type: ignore[arg-type]


def _has_break(text: str) -> bool:
    return "\n" in text or "\t" in text


def _trim(
    element: etree._Element, tag: str, text: str | None, children: list[etree._Element], tails: list[str | None]
) -> None:
    """Remove ASCII whitespace at the edges of a block and between blocks (U+3000 and &nbsp; are content).

    ``tag``, ``text``, ``children`` and ``tails``: ``element.tag``, ``element.text``, ``list(element)`` and their
    ``.tail`` (reading them from lxml makes new objects).
    """
    structural = tag in _STRUCTURAL
    original = text
    if text:
        text = text.lstrip(_ASCII_SPACE) or None
        if structural and text and not text.strip():
            text = None
    last = len(children) - 1
    for index, child in enumerate(children):
        tail = tails[index]
        if (
            tail
            and not tail.strip(_ASCII_SPACE)
            and (
                structural
                or child.tag in RULES.block_tags
                or index == last
                or children[index + 1].tag in RULES.block_tags
            )
        ):
            child.tail = tail = None
        if index == last and tail:
            trimmed = tail.rstrip(_ASCII_SPACE) or None
            if trimmed != tail:
                child.tail = trimmed
    if not children and text:
        text = text.rstrip(_ASCII_SPACE) or None
    if text != original:  # writing text into lxml costs; most blocks have nothing to trim
        element.text = text


def _trim_leaf(element: etree._Element, tag: str, text: str) -> None:
    """``_trim`` for a block without children: only its text (``element.text``, not empty) has edges."""
    trimmed = text.strip(_ASCII_SPACE) or None
    if tag in _STRUCTURAL and trimmed and not trimmed.strip():
        trimmed = None
    if trimmed != text:
        element.text = trimmed


def _serialize(root: etree._Element) -> str:
    """One line per top-level block, through nh3 in one call (plus one per block holding a <pre>)."""
    if next(root.iter("pre"), None) is None:  # root.find() would run ElementPath, in Python
        # No <pre>: text and attributes hold no newline any more, so the only newlines are the block separators
        # (_wrap_inline_runs). A block pruned since left its own to the block before it (an empty line, dropped
        # below with those of blocks nh3 empties) or to root.text.
        root.text = None
        markup = etree.tostring(root, method="html", encoding="unicode", with_tail=False)
        cleaned = _SANITIZER.clean(markup[len("<body>") : -len("</body>")])
        if "\n\n" in cleaned or cleaned.startswith("\n") or cleaned.endswith("\n"):  # a block nh3 emptied
            return "\n".join(line for line in cleaned.split("\n") if line)
        return cleaned
    lines = []
    for block in root:
        markup = etree.tostring(block, method="html", encoding="unicode", with_tail=False)
        # The block's only newlines are in <pre> text: write them as &#10; to keep the block on one line.
        line = _SANITIZER.clean(markup).replace("\n", "&#10;")
        if line:
            lines.append(line)
    return "\n".join(lines)
