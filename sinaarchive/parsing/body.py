"""What the extractor reads inside (and right after) the body container: images, text, editor, raw HTML.

Nothing here cleans the body; cleaning is ``sinaarchive.cleaning``'s job. The selectors below only decide which
images count as article images and which text counts as article text.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml.etree import _Element
from parsel import Selector

from sinaarchive.items import Image
from sinaarchive.parsing import fields, rawhtml
from sinaarchive.parsing.templates import Template

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


def _skipped(body: Selector, extra: Iterable[str] = ()) -> set[_Element]:
    """The elements under ``body`` whose subtrees are not article content."""
    return {node.root for node in body.css(", ".join((*NON_CONTENT, *extra)))}


def _inside(element: _Element, skipped: set[_Element]) -> bool:
    return element in skipped or any(ancestor in skipped for ancestor in element.iterancestors())


def _caption(img: Selector) -> str:
    """The ``span.img_descr`` after the image (SINA.md §4), else its ``alt``."""
    descr = img.xpath("following-sibling::span[contains(concat(' ', @class, ' '), ' img_descr ')][1]//text()")
    return fields.clean_text("".join(descr.getall())) or fields.clean_text(img.attrib.get("alt"))


def images(body: Selector, page_url: str) -> list[Image]:
    """Article images in document order, with absolute URLs; promos, QR codes and data URIs left out."""
    skipped = _skipped(body)
    found = []
    for img in body.css("img"):
        src = (img.attrib.get("src") or "").strip()
        if src and not src.startswith("data:") and not _inside(img.root, skipped):
            found.append(Image(url=fields.absolute_image_url(src, page_url), caption=_caption(img)))
    return found


def _text(element: _Element, skipped: set[_Element]) -> str:
    """``element``'s text without skipped subtrees or comments (their tails are kept)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child not in skipped:
            parts.append(_text(child, skipped))
        parts.append(child.tail or "")
    return "".join(parts)


def article_text(body: Selector, template: Template) -> str:
    """The body's own text: no promos, scripts, styles or editor line. Empty means an empty article."""
    return fields.clean_text(_text(body.root, _skipped(body, (template.editor,))))


def editor_node(page: Selector, template: Template) -> Selector | None:
    """The first ``责任编辑：`` paragraph of the template, wherever it sits on the page."""
    for node in page.css(template.editor):
        if "责任编辑" in "".join(node.css("::text").getall()):
            return node
    return None


def editor(page: Selector, body: Selector, template: Template) -> str:
    """The editor's name (and work code) from the editor paragraph, else from any text in the body."""
    node = editor_node(page, template)
    if node is not None:
        return fields.editor_from_text("".join(node.css("::text").getall()))
    # One text node per line, so a name without a closing bracket cannot run into the next paragraph.
    return fields.editor_from_text("\n".join(body.xpath(".//text()[not(ancestor::script)]").getall()))


def body_html(text: str, page: Selector, body: Selector, template: Template) -> str:
    """The body's raw inner HTML, plus the editor paragraph when the template puts it outside (v2014)."""
    html = rawhtml.inner_html(text, body)
    node = editor_node(page, template)
    if node is not None and body.root not in node.root.iterancestors():
        html += "\n" + rawhtml.outer_html(text, node)
    return html
