"""The post format: exact bytes, YAML that reads back, safe and stable paths (sinaarchive.export)."""

import string
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

import frontmatter
import pytest
import yaml

from sinaarchive.channels import DEFAULT_CHANNEL, resolve_channels
from sinaarchive.export.paths import post_path, title_slug
from sinaarchive.export.post import body_lines, first_image_url, render_post, rfc1123
from sinaarchive.export.yaml_scalars import plain_or_quoted, single_quoted
from sinaarchive.items import Article

GOLDEN = Path(__file__).parent / "fixtures" / "posts"
BEIJING = timezone(timedelta(hours=8))
IMG = "https://n.sinaimg.cn/finance/transform/65/w550h315/20260929/7305-c310438b6d80193947acc256273a3dbb.png"


def make_article(**overrides):
    fields = {
        "doc_id": "kqcfnca7168217",
        "url": "https://finance.sina.com.cn/china/2021-07-16/doc-ikqcfnca7168217.shtml",
        "title": "工信部：“十四五”及中长期的工业和信息化发展规划将在下半年陆续出台",
        "published_at": datetime(2021, 7, 16, 10, 42, 50, tzinfo=BEIJING),
        "source_media": "新浪财经",
        "categories": list(DEFAULT_CHANNEL.categories),
        "clean_html": '<p>　　国务院新闻办公室定于2021年7月16日举行新闻发布会。</p>\n<p class="article-editor">责任编辑：王珊珊 </p>',
    }
    fields.update(overrides)
    return Article(**fields)


def test_reference_article_exact_bytes():
    expected = (GOLDEN / "reference_no_image.md").read_bytes()
    assert render_post(make_article()).encode("utf-8") == expected


def test_article_with_image_exact_bytes():
    article = make_article(
        updated_at=datetime(2021, 7, 16, 10, 42, 55, tzinfo=BEIJING),
        stock_codes=["MU", "AMZN"],
        source_media="环球市场播报",
        categories=list(resolve_channels("美股")[0].categories),
        clean_html=f'<p>　　正文{{{{x}}}}</p>\n    <div class="img_wrapper"><img src="{IMG}" alt="" referrerpolicy="no-referrer"></div>\n\n<p>末段</p>',
    )
    assert render_post(article).encode("utf-8") == (GOLDEN / "with_image.md").read_bytes()


def test_reference_front_matter_matches_the_seed_but_for_documented_differences():
    post = frontmatter.loads(render_post(make_article()))
    # The seed's values, less the sanitised title (ours keeps “ ”) and the QR-code header image (dropped).
    assert post.metadata["title"] == "工信部：“十四五”及中长期的工业和信息化发展规划将在下半年陆续出台"
    assert post.metadata["categories"] == ["金融", "新浪财经", "新浪财经－国內"]
    assert post.metadata["author"] == "新浪财经"
    assert post.metadata["comments"] is False
    assert post.metadata["date"] == "Fri, 16 Jul 2021 02:42:50 GMT"
    assert "headimg" not in post.metadata and "thumbnail" not in post.metadata
    keys = list(post.metadata)
    assert keys[: keys.index("date") + 1] == ["title", "categories", "author", "comments", "date"]


def test_key_order_with_image():
    text = render_post(make_article(clean_html=f'<p>x</p><img src="{IMG}">'))
    keys = [line.split(":")[0] for line in text.split("---")[1].splitlines() if line and not line.startswith(" ")]
    assert keys == ["title", "categories", "headimg", "author", "comments", "date", "thumbnail", "docid", "source_url"]


def test_provenance_keys_follow_thumbnail():
    article = make_article(updated_at=datetime(2021, 7, 16, 10, 43, 0, tzinfo=BEIJING), stock_codes=["sh603883", "MU"])
    post = frontmatter.loads(render_post(article))
    assert list(post.metadata)[-4:] == ["updated", "docid", "source_url", "stocks"]
    assert post.metadata["updated"] == "Fri, 16 Jul 2021 02:43:00 GMT"
    assert post.metadata["stocks"] == ["sh603883", "MU"]
    assert post.metadata["source_url"] == article.url


HOSTILE_TITLES = [
    "It's a 'quoted' title",
    "He said \"buy\" and 'sell'",
    "key: value # not a comment",
    "# leading hash",
    "- leading dash",
    "@leading at",
    "back\\slash \\n not a newline",
    "{{ x }} and {% x %}",
    "[a, b] {c: d}",
    "yes",
    "null",
    "2021",
    "~",
    "  spaces around  ",
    "tab\there",
    "line\nbreak",
    "nel\x85 ls\u2028 ps\u2029 bom\ufeff",
    "ctrl\x00\x07\x1b",
    "增长5.2% 《报告》：“双降”？！",
    "x" * 300,
    "'",
    "''",
    '"',
    "",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_any_title_reads_back_identically(title):
    text = render_post(make_article(title=title))
    assert frontmatter.loads(text).metadata["title"] == title
    front = text.split("---\n")[1]
    assert yaml.safe_load(front)["title"] == title


@pytest.mark.parametrize(
    "author",
    [
        "环球市场播报",
        "新浪财经-自媒体综合",
        "yes",
        "No",
        "null",
        "123",
        "0o12",
        "a: b",
        "#x",
        "x #y",
        "-x",
        "Reuters",
        "",
        "'q'",
    ],
)
def test_author_quoted_only_where_yaml_needs_it(author):
    text = render_post(make_article(source_media=author))
    expected = author or "新浪财经"
    assert frontmatter.loads(text).metadata["author"] == expected


def test_plain_and_quoted_forms():
    assert plain_or_quoted("环球市场播报") == "环球市场播报"
    assert plain_or_quoted("yes") == "'yes'"
    assert plain_or_quoted("123") == "'123'"
    assert single_quoted("it's") == "'it''s'"
    assert single_quoted("a\nb") == '"a\\nb"'


def test_dates_are_utc_rfc1123_with_english_names():
    assert rfc1123(datetime(2026, 9, 29, 0, 34, 3, tzinfo=BEIJING)) == "Mon, 28 Sep 2026 16:34:03 GMT"
    assert rfc1123(datetime(2021, 1, 1, tzinfo=UTC)) == "Fri, 01 Jan 2021 00:00:00 GMT"


def test_body_has_no_blank_lines_no_indentation_and_no_braces():
    lines = body_lines("  <p>a {{ x }}</p>\n\n\n        <p>{% raw %}</p>\n\t<p>c</p>\n　　text")
    assert lines == ["<p>a &#123;&#123; x &#125;&#125;</p>", "<p>&#123;% raw %&#125;</p>", "<p>c</p>", "　　text"]


def test_first_image_ignores_images_in_comments():
    assert (
        first_image_url('<!-- <img src="https://ad/x.png"> --><p>t</p><img src="https://a/b.png">') == "https://a/b.png"
    )
    assert first_image_url("<p>no image</p>") == ""


def test_path_is_dated_recognisable_and_unique():
    path = post_path(make_article())
    assert path == PurePosixPath(
        "2021/07/2021-07-16-工信部-十四五-及中长期的工业和信息化发展规划将在下半年陆续出台-kqcfnca7168217.md"
    )
    other = post_path(make_article(doc_id="kqcfnca7168218"))
    assert other != path


def test_path_uses_the_beijing_date():
    late = make_article(published_at=datetime(2021, 7, 16, 23, 30, tzinfo=BEIJING))
    assert str(post_path(late)).startswith("2021/07/2021-07-16-")


@pytest.mark.parametrize(
    "title",
    [
        "../../x",
        "..",
        "/etc/passwd",
        "a\\b",
        "CON",
        "增长5.2%",
        '#?%&*<>|:"',
        "\x00\n",
        "x" * 300,
        "。" * 200,
        "新" * 300,
    ],
)
def test_path_is_safe_for_any_title(title):
    path = post_path(make_article(title=title))
    name = path.name
    assert len(path.parts) == 3
    assert path.parts[:2] == ("2021", "07")
    assert len(name.encode("utf-8")) <= 255
    assert not set(name) & set('<>:"/\\|?*%#') and ".." not in name
    assert all(ch not in string.whitespace for ch in name)
    assert name.startswith("2021-07-16-") and name.endswith("-kqcfnca7168217.md")


def test_title_slug_keeps_letters_and_digits():
    assert title_slug("增长5.2% 《报告》") == "增长5-2-报告"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<p>t</p>\n<div class="img_wrapper"><img src="https://n.sinaimg.cn/a.png" referrerpolicy="no-referrer"></div>',
            "https://n.sinaimg.cn/a.png",
        ),
        (
            '<img alt="a&lt;b&gt;&quot;&nbsp;&amp;" src="https://x/a?b=1&amp;c=2" referrerpolicy="no-referrer">',
            "https://x/a?b=1&c=2",
        ),
        ('<img alt="x" src=" " referrerpolicy="no-referrer"><img src="https://a/second.png">', "https://a/second.png"),
        ('<img alt="no src"><p>t</p>', ""),
        ("<IMG SRC='https://a/upper.png'><img src=\"https://a/lower.png\">", "https://a/upper.png"),
        ("<img src=https://a/unquoted.png>", "https://a/unquoted.png"),
        ('<p title="<img src=&quot;https://ad/x.png&quot;>">t</p><img src="https://a/b.png">', "https://a/b.png"),
        ('<textarea><img src="https://ad/x.png"></textarea><img src="https://a/b.png">', "https://a/b.png"),
        ('<img src="https://a/b.png"/>', "https://a/b.png"),
        ("text before <img src='https://a/b.png'>", "https://a/b.png"),
        ("", ""),
    ],
)
def test_first_image_url(html, expected):
    assert first_image_url(html) == expected
