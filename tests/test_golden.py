"""Whole per-article path on saved pages of every template era, compared byte for byte (see tests/golden.py)."""

import frontmatter
import lxml.html
import pytest

from golden import PAGES_DIR, cases, render_case

SEED_FRONT_MATTER = {
    # The front matter of the 2021 RSSHub-made post of this article, which the archive continues, less the two
    # documented differences (title characters, file start) and the QR-code header image, which cleaning removes.
    "title": "工信部：“十四五”及中长期的工业和信息化发展规划将在下半年陆续出台",
    "categories": ["金融", "新浪财经", "新浪财经－国內"],
    "author": "新浪财经",
    "comments": False,
    "date": "Fri, 16 Jul 2021 02:42:50 GMT",
}


@pytest.mark.parametrize("name", cases())
def test_golden_post(name):
    expected = PAGES_DIR / name / "expected.md"
    if not expected.is_file():
        pytest.fail(f"{expected} is missing: run `python tests/golden.py`, review the diff, commit it")
    assert render_case(name) == expected.read_text(encoding="utf-8")


def test_reference_article_front_matter_equals_the_seed():
    post = frontmatter.loads(render_case("reference_2021_guonei"))
    reference_keys = {key: post.metadata[key] for key in SEED_FRONT_MATTER}
    assert reference_keys == SEED_FRONT_MATTER
    assert list(post.metadata)[:5] == list(SEED_FRONT_MATTER)
    assert "headimg" not in post.metadata and "thumbnail" not in post.metadata


def test_reference_article_body_keeps_every_paragraph_and_drops_the_qr_block():
    text = render_case("reference_2021_guonei")
    body = lxml.html.fromstring(frontmatter.loads(text).content).text_content()
    assert body.count("\u3000\u3000") == 11  # the seed's 11 paragraphs, leading spaces kept
    assert body.startswith("\n\u3000\u3000国务院新闻办公室定于2021年7月16日")
    assert "未来在规划上，我们着力在这五个方面上有所布局，采取有力措施去推动。谢谢。" in body
    assert "责任编辑：王珊珊" in body
    assert "海量资讯" not in text and "343233024.png" not in text and "<!--" not in text


@pytest.mark.parametrize("name", cases())
def test_no_cruft_in_any_golden_post(name):
    text = render_case(name)
    for cruft in (
        "<script",
        "<style",
        "<iframe",
        "<!--",
        "appendQr",
        "海量资讯、精准解读",
        "data-sudaclick",
        "sinaads",
    ):
        assert cruft not in text, cruft
