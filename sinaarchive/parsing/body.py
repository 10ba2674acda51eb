"""What the extractor reads inside (and right after) the body container: images, text, editor, raw HTML.

Nothing here cleans the body; cleaning is ``sinaarchive.cleaning``'s job. What cleaning drops (QR codes, promos,
ads, placeholders, scripts…) is not the article's here either: its images are not article images and its text
does not make a body non-empty.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.etree import _Element

from sinaarchive.cleaning.rules import RULES
from sinaarchive.items import Image
from sinaarchive.parsing import fields, rawhtml
from sinaarchive.parsing.page import Page, element_test, text_of, texts
from sinaarchive.parsing.templates import TEMPLATES, Template

# Containers inside a body whose images and text are not the article's: every group cleaning drops.
NON_CONTENT = ", ".join(selector for group in RULES.drop.values() for selector in group)
# Only a few elements need testing (the containers of each image, the children read before the body's first
# text): testing them is cheaper than finding every match in the body.
_IS_NON_CONTENT = element_test(NON_CONTENT)
# The same plus each template's editor line, for what counts as article text.
_IS_NOT_TEXT = {template.name: element_test(f"{NON_CONTENT}, {template.editor}") for template in TEMPLATES}

_CAPTION = etree.XPath(
    "following-sibling::span[contains(concat(' ', @class, ' '), ' img_descr ')][1]//text()", smart_strings=False
)
_TEXT_OUTSIDE_SCRIPTS = etree.XPath(".//text()[not(ancestor::script)]", smart_strings=False)

# Desktop pages enclose the article in <!-- 原始正文begin --> … <!-- 原始正文end --> (2016 pages say "start"); on v2017
# pages the opener comes right before the body container.
_REGION_OPENER = re.compile(r"<!--\s*原始正文(?:begin|start)\s*-->")
_REGION_OPENER_TEXT = re.compile(r"\s*原始正文(?:begin|start)\s*")  # the comment's text, as lxml keeps it


def _caption(img: _Element) -> str:
    """The ``span.img_descr`` that follows the image (Sina's caption), else its ``alt``."""
    return fields.clean_text("".join(texts(_CAPTION, img))) or fields.clean_text(img.get("alt"))


def images(body: _Element, page_url: str) -> list[Image]:
    """Article images in document order, with absolute URLs; promos, QR codes and data URIs left out."""
    found = []
    for img in body.iter("img"):
        src = (img.get("src") or "").strip()
        if src and not src.startswith("data:") and not _in_non_content(img, body):
            found.append(Image(url=fields.absolute_image_url(src, page_url), caption=_caption(img)))
    return found


def _in_non_content(element: _Element, body: _Element) -> bool:
    """Whether ``element`` or one of its containers, up to ``body``, is non-content."""
    node: _Element | None = element
    while node is not None:
        if _IS_NON_CONTENT(node):
            return True
        node = node.getparent() if node is not body else None
    return False


def _has_text(element: _Element, skipped: etree.XPath) -> bool:
    """Whether ``element``'s text, without ``skipped`` subtrees or comments (their tails count), shows anything.

    Stops at the first visible character: bodies start with their text, so this reads a paragraph, not the body.
    """
    if fields.clean_text(element.text):
        return True
    for child in element:
        if isinstance(child.tag, str) and not skipped(child) and _has_text(child, skipped):
            return True
        if fields.clean_text(child.tail):
            return True
    return False


def has_article_text(body: _Element, template: Template) -> bool:
    """Whether the body has text of its own (not promos, scripts, styles, the editor line): else it is empty."""
    return _has_text(body, _IS_NOT_TEXT[template.name])


def editor_node(page: Page, template: Template) -> _Element | None:
    """The first ``责任编辑：`` paragraph of the template, wherever it sits on the page."""
    for node in page.select(template.editor):
        if "责任编辑" in text_of(node):
            return node
    return None


def editor(node: _Element | None, body: _Element) -> str:
    """The editor's name (and work code) from the editor paragraph ``node``, else from any text in the body."""
    if node is not None:
        return fields.editor_from_text(text_of(node))
    # One text node per line, so a name without a closing bracket cannot run into the next paragraph.
    return fields.editor_from_text("\n".join(texts(_TEXT_OUTSIDE_SCRIPTS, body)))


def _walk_start(text: str, body: _Element) -> int:
    """Where to look for the body's start tag in ``text``: from the region's opener comment when the body follows
    one, which skips the 40-100 KB of page before the article, else from the top.

    The first opener comment of the text is the one before the body: no Sina page has another before it (in a
    script, say).
    """
    previous = body.getprevious()
    if not isinstance(previous, etree._Comment) or not _REGION_OPENER_TEXT.fullmatch(previous.text or ""):
        return 0
    opener = _REGION_OPENER.search(text)
    return opener.start() if opener else 0


def body_html(text: str, body: _Element, editor: _Element | None) -> str:
    """The body's raw inner HTML, plus the editor paragraph when the template puts it outside (v2014)."""
    html = rawhtml.inner_html(text, body, _walk_start(text, body))
    if editor is not None and body not in editor.iterancestors():
        html += "\n" + rawhtml.outer_html(text, editor)
    return html
