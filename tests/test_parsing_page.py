"""Tests for ``sinaarchive.parsing.page``: the tree, the compiled selectors and the meta index must give exactly
what parsel's ``response.selector`` gave, on every fixture page."""

from __future__ import annotations

import pytest
from lxml import etree

from conftest import PAGES_DIR, load_case
from sinaarchive.parsing import body
from sinaarchive.parsing.page import Page, compile_element_test, select, text_of
from sinaarchive.parsing.templates import TEMPLATES

CASES = sorted(path.name for path in PAGES_DIR.iterdir() if path.is_dir())
SELECTORS = sorted(
    {css for template in TEMPLATES for css in (*template.markers, template.body, template.title, template.date,
                                               template.source, template.editor)}
    | {"meta", "img", "title", body._NON_CONTENT}
)


def _html(element: etree._Element) -> str:
    return etree.tostring(element, method="html", encoding="unicode", with_tail=False)


@pytest.mark.parametrize("case", CASES)
def test_tree_is_parsels_tree(case):
    response, _ = load_case(case)
    assert _html(Page(response).root) == response.selector.get()


@pytest.mark.parametrize("case", CASES)
def test_compiled_selectors_match_what_parsel_matches(case):
    response, _ = load_case(case)
    page = Page(response)
    for css in SELECTORS:
        found = page.select(css)
        assert [_html(element) for element in found] == response.css(css).getall(), css
        assert page.first(css) is (found[0] if found else None)
        if found:
            assert text_of(found[0], "|") == "|".join(response.css(css)[0].css("::text").getall())


@pytest.mark.parametrize("case", CASES)
def test_meta_is_the_first_non_empty_content_by_name_or_property(case):
    response, _ = load_case(case)
    page = Page(response)
    keys = {key for meta in page.root.iter("meta") for key in (meta.get("name"), meta.get("property")) if key}
    for key in [*keys, "absent"]:
        values = response.xpath("//meta[@name=$key or @property=$key]/@content", key=key).getall()
        assert page.meta(key) == next((value.strip() for value in values if value.strip()), ""), key


def test_meta_with_equal_name_and_property_counts_once_and_empty_content_is_skipped():
    html = (
        '<html><head><meta name="k" property="k" content=" "><meta property="k" content=" b ">'
        '<meta name="k"></head></html>'
    )
    from scrapy.http import HtmlResponse

    page = Page(HtmlResponse(url="https://a.b/", body=html.encode(), headers={"Content-Type": "text/html"}))
    assert page.meta("k") == "b"
    assert page.meta("none") == ""


@pytest.mark.parametrize("case", CASES)
def test_element_test_agrees_with_selection(case):
    response, _ = load_case(case)
    page = Page(response)
    for css in (body._NON_CONTENT, "p.article-editor, p.show_author", "div#artibody", "[class*=kaihu]"):
        test, matched = compile_element_test(css), set(select(page.root, css))
        assert {element for element in page.root.iter() if isinstance(element.tag, str) and test(element)} == matched


def test_element_test_refuses_combinators():
    with pytest.raises(ValueError, match="combinators"):
        compile_element_test(".date-source .date")


def test_empty_or_comment_only_text_gives_parsels_empty_document():
    from scrapy.http import HtmlResponse

    for html in (b"", b"  \n", b"<!-- only a comment -->"):
        response = HtmlResponse(url="https://a.b/", body=html, headers={"Content-Type": "text/html; charset=utf-8"})
        assert _html(Page(response).root) == response.selector.get()
