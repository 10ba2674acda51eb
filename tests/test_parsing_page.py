"""Tests for ``sinaarchive.parsing.page``: the tree, the compiled selectors and the meta index must give exactly
what parsel's ``response.selector`` gave, on every fixture page."""

from __future__ import annotations

import pytest
from lxml import etree

from conftest import PAGES_DIR, load_case
from sinaarchive.parsing import body
from sinaarchive.parsing.page import Page, compile_element_test, parse_html, select, tag_classes, text_of
from sinaarchive.parsing.templates import TEMPLATES

CASES = sorted(path.name for path in PAGES_DIR.iterdir() if path.is_dir())
SELECTORS = sorted(
    {
        css
        for template in TEMPLATES
        for css in (*template.markers, template.body, template.title, template.date, template.source, template.editor)
    }
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
        found = list(page.iter(css))
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
    # The body's skipped containers are tested with the cleaning rules' Python matcher: the same elements.
    matched = set(select(page.root, body._NON_CONTENT))
    assert {
        element for element in page.root.iter() if isinstance(element.tag, str) and body._IS_NON_CONTENT(element)
    } == matched


def test_element_test_refuses_combinators():
    with pytest.raises(ValueError, match="combinators"):
        compile_element_test(".date-source .date")


def test_empty_or_comment_only_text_gives_parsels_empty_document():
    from scrapy.http import HtmlResponse

    for html in (b"", b"  \n", b"<!-- only a comment -->"):
        response = HtmlResponse(url="https://a.b/", body=html, headers={"Content-Type": "text/html; charset=utf-8"})
        assert _html(Page(response).root) == response.selector.get()


# --- the id index (templates look ids up instead of scanning) -------------------------------------------------

ID_PAGES = [
    '<div id="artibody"><p>x</p></div>',
    '<p id="artibody">a</p><div id="artibody"><p>x</p></div>',  # the index holds the <p>: the divs are scanned
    '<p id="artibody">a</p><p class="blkContainerSblkCon" id="artibody">b</p><div class="blkContainerSblkCon x" id="artibody">y</div>',
    '<div class="blkContainerSblkCon x" id="artibody">y</div>',
    '<div id=" artibody"><p>x</p></div>',  # not the id artibody, for the index as for @id
    '<div ID="artibody" class="article"><p>x</p></div><div class="article" id="article">z</div>',
    '<span class="time-source">t</span><div id="artibody">x</div>',
    '<h1 id="artibodyTitle">t</h1><div id="artibody">x</div>',
    '<section class="art_content"><div id="artibody">x</div></section>',
    "<p>no body</p>",
]


@pytest.mark.parametrize("html", ID_PAGES)
def test_id_lookups_give_what_a_scan_gives(html):
    from scrapy.http import HtmlResponse

    from sinaarchive.parsing import templates

    page_html = f"<html><body>{html}</body></html>".encode()
    fast = Page(HtmlResponse(url="https://finance.sina.com.cn/a.shtml", body=page_html, encoding="utf-8"))
    slow = Page(HtmlResponse(url="https://finance.sina.com.cn/a.shtml", body=page_html, encoding="utf-8"))
    for css in {css for template in TEMPLATES for css in (*template.markers, template.body)}:
        for part in templates._PARTS.get(css, (css,)):
            expected = slow.first(part)
            found = templates.first(fast, part)
            assert (found is None) == (expected is None), (css, part)
            if found is not None:
                assert _html(found) == _html(expected) and found.sourceline == expected.sourceline, (css, part)
    slow_template = next(
        (t for t in TEMPLATES if all(any(slow.first(p) is not None for p in templates._PARTS[m]) for m in t.markers)),
        None,
    )
    assert templates.detect(fast) is slow_template


@pytest.mark.parametrize(
    ("html", "body_text"),
    [
        # The first div#artibody is the body; a second one, of the blk class, is not looked for.
        ('<div id="artibody"><p>x</p></div><div class="blkContainerSblkCon" id="artibody"><p>y</p></div>', "x"),
    ],
)
def test_the_first_element_of_a_tag_with_an_id_decides(html, body_text):
    from scrapy.http import HtmlResponse

    from sinaarchive.parsing import templates

    page_html = f"<html><body>{html}</body></html>".encode()
    page = Page(HtmlResponse(url="https://finance.sina.com.cn/a.shtml", body=page_html, encoding="utf-8"))
    template = templates.detect(page)
    assert template is not None and template.name == "v2017"
    assert "".join(templates.body_container(page, template).itertext()) == body_text


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (
            b"<html><body><p>\xe6\x96\xb0\xe6\xb5\xaa</p></body></html>",
            "text/html; charset=utf-8",
        ),  # bytes parsed as sent
        (b"\n\t <html><body><p>x</p></body></html>\r\n\n", "text/html; charset=utf-8"),  # ASCII edges sliced off
        ("\u3000<p>x</p>\u00a0".encode(), "text/html; charset=utf-8"),  # Unicode space at the edges: slow path
        (b"\xef\xbb\xbf<p>x</p>", "text/html; charset=utf-8"),  # a BOM, which decoding drops
        (b"<p>\xff\xfe x</p>", "text/html; charset=utf-8"),  # invalid UTF-8, replaced by U+FFFD when decoded
        ("<p>\ufffd</p>".encode(), "text/html; charset=utf-8"),  # a real U+FFFD
        (b"<p>a\x00b</p>", "text/html; charset=utf-8"),  # a NUL, which parsel removes
        ("<p>新浪</p>".encode("gbk"), "text/html; charset=gbk"),  # not UTF-8
        (b"", "text/html; charset=utf-8"),
    ],
)
def test_a_page_parses_to_the_tree_its_decoded_text_gives(body, content_type):
    # Page parses UTF-8 bodies from the bytes sent; the tree must be the one parse_html builds from the text.
    from scrapy.http import HtmlResponse

    response = HtmlResponse(
        url="https://finance.sina.com.cn/a.shtml", body=body, headers={"Content-Type": content_type}
    )
    assert _html(Page(response).root) == _html(parse_html(response.text))


@pytest.mark.parametrize(
    "css", ["p.article-editor", "span.time-source", "h2.weibo_user, cite.art_cite", "p.a.b", "section.art_content"]
)
def test_tag_and_class_selectors_match_what_the_xpath_matches(css):
    # Page.iter walks the tag's elements and splits their classes as XPath's normalize-space does.
    assert tag_classes("div#x") is None and tag_classes(".x") is None and tag_classes(".a .b") is None
    classes = [
        "article-editor",
        " article-editor ",
        "article-editor x",
        "x\tarticle-editor\n",
        "article-editors",
        "my-article-editor",
        "article-editor\u3000x",
        "\u3000article-editor",
        "a b",
        "b a",
        "a",
        "a\x0bb",
        "time-source",
        "art_content",
        "weibo_user",
        "art_cite",
        "ARTICLE-EDITOR",
        "",
    ]
    tags = ["p", "span", "h2", "cite", "section", "div"]
    body = "".join(
        f'<{tag} class="{name}">{i}</{tag}>' for i, (tag, name) in enumerate((t, c) for c in classes for t in tags)
    )
    root = parse_html(f"<html><body><p>no class</p>{body}</body></html>")
    matcher = tag_classes(css)
    assert matcher is not None
    assert list(matcher.iter(root)) == select(root, css)
