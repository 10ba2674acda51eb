"""What the extractor reads inside (and right after) the body container: images, text, editor, raw HTML.

Nothing here cleans the body; cleaning is ``sinaarchive.cleaning``'s job. The selectors below only decide which
images count as article images and which text counts as article text.
"""

from __future__ import annotations

from lxml import etree
from lxml.etree import _Element

from sinaarchive.items import Image
from sinaarchive.parsing import fields, rawhtml, region
from sinaarchive.parsing.page import Page, compile_element_test, text_of
from sinaarchive.parsing.templates import TEMPLATES, Template

# Containers inside a body whose images and text are not the article's.
NON_CONTENT: tuple[str, ...] = (
    ".appendQr_wrap",  # 文末二维码: the app QR ending every finance body 2020–2026 (page_2026-…, seed post)
    "[class*=kaihu]",  # account-opening QR codes: .app-kaihu-qr, #app-kaihu-stock (SINA.md §5)
    "[class*=finance_app]",  # app promos .finance_app_sina, .xb_new_finance_app, .finance_app_zqtg (SINA.md §5)
    ".ct_hqimg",  # live quote chart from image.sinajs.cn/newchart, not content (page_2016-…)
    "#wx_pic",  # hidden 320x320 WeChat share thumbnail at the end of mobile bodies (mobile_…_raw.html)
    "ins.sinaads",  # ad slots; browser-saved pages show them filled with ad images (news page, magic-html)
    "script",
    "style",
)
_NON_CONTENT = ", ".join(NON_CONTENT)
# The same plus each template's editor paragraph, for what counts as article text.
_IS_NON_TEXT = {template.name: compile_element_test(f"{_NON_CONTENT}, {template.editor}") for template in TEMPLATES}

# These selectors have no combinators, so whether an element is a skipped container is a property of the element
# alone: testing the few elements that matter is cheaper than collecting every match in the body.
_IS_NON_CONTENT = compile_element_test(_NON_CONTENT)

_CAPTION = etree.XPath(
    "following-sibling::span[contains(concat(' ', @class, ' '), ' img_descr ')][1]//text()", smart_strings=False
)
_TEXT_OUTSIDE_SCRIPTS = etree.XPath(".//text()[not(ancestor::script)]", smart_strings=False)


def _in_non_content(element: _Element, body: _Element) -> bool:
    """Whether ``element`` or an ancestor of it, up to ``body``, is a NON_CONTENT container."""
    while element is not None:
        if _IS_NON_CONTENT(element):
            return True
        if element is body:
            return False
        element = element.getparent()
    return False


def _caption(img: _Element) -> str:
    """The ``span.img_descr`` after the image (SINA.md §4), else its ``alt``."""
    return fields.clean_text("".join(_CAPTION(img))) or fields.clean_text(img.get("alt"))  # type: ignore[arg-type]


def images(body: _Element, page_url: str) -> list[Image]:
    """Article images in document order, with absolute URLs; promos, QR codes and data URIs left out."""
    found = []
    for img in body.iter("img"):
        src = (img.get("src") or "").strip()
        if src and not src.startswith("data:") and not _in_non_content(img, body):
            found.append(Image(url=fields.absolute_image_url(src, page_url), caption=_caption(img)))
    return found


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
    return _has_text(body, _IS_NON_TEXT[template.name])


def editor_node(page: Page, template: Template) -> _Element | None:
    """The first ``责任编辑：`` paragraph of the template, wherever it sits on the page."""
    for node in page.iter(template.editor):
        if "责任编辑" in text_of(node):
            return node
    return None


def editor(node: _Element | None, body: _Element) -> str:
    """The editor's name (and work code) from the editor paragraph ``node``, else from any text in the body."""
    if node is not None:
        return fields.editor_from_text(text_of(node))
    # One text node per line, so a name without a closing bracket cannot run into the next paragraph.
    return fields.editor_from_text("\n".join(_TEXT_OUTSIDE_SCRIPTS(body)))  # type: ignore[arg-type]


def _walk_start(text: str, body: _Element) -> int:
    """Where the walk for the body's start tag may begin: at the region's opener comment, when the body follows it in
    the tree (v2017: ``<!-- 原始正文begin -->`` right before ``div#artibody``; v2014 has it inside the body), else at
    the page's start.

    From the first opener comment in the text the walk finds the body: an earlier element with the body's id would
    be the one the id index gave, so it would follow an opener comment of its own, the first. (Unless a script before
    the body holds the opener's text, which no Sina page does.)
    """
    if not region.follows_opener(body):
        return 0
    return region.region_comments(text).opener_at or 0


def body_html(text: str, body: _Element, editor: _Element | None) -> str:
    """The body's raw inner HTML, plus the editor paragraph when the template puts it outside (v2014)."""
    html = rawhtml.inner_html(text, body, _walk_start(text, body))
    if editor is not None and body not in editor.iterancestors():
        html += "\n" + rawhtml.outer_html(text, editor)
    return html
