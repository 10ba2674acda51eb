"""Render an article as a post: Hexo front matter in the layout of the RSSHub-made Sina posts this archive
continues (fixture reference_2021_guonei is one), with two deliberate differences documented in docs/format.md: the
file starts at ``---`` and titles keep their characters.

Layout::

    ---
    title: '<title>'
    categories:
     - 金融
     ...
    headimg: '<first image>'      (only when the cleaned body has an image)
    author: <source media>
    comments: false
    date: Fri, 16 Jul 2021 02:42:50 GMT
    thumbnail: '<first image>'    (only when the cleaned body has an image)
    updated: <roll mtime, RFC 1123> (provenance, read back by ``python -m sinaarchive rebuild``)
    docid: <doc id>
    source_url: '<article URL>'
    stocks: ['<code>', …]         (only when the page names stock codes)
    ---

    <div>
    <cleaned body, one block per line>
    </div>
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import format_datetime

from lxml import html as lxml_html

from sinaarchive.export.yaml_scalars import plain_or_quoted, single_quoted
from sinaarchive.items import Article

# The author when a page names no source: the reference posts' author, the second category.
DEFAULT_AUTHOR = "新浪财经"


def rfc1123(moment: datetime) -> str:
    """``Fri, 16 Jul 2021 02:42:50 GMT`` in UTC, with English names whatever the locale."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def first_image_url(clean_html: str) -> str:
    """``src`` of the first ``<img>`` of the cleaned body that has one, or ``""`` (comments are not elements)."""
    for img in lxml_html.fragment_fromstring(clean_html, create_parent="div").iter("img"):
        if src := (img.get("src") or "").strip():
            return src
    return ""


def body_lines(clean_html: str) -> list[str]:
    """The body as non-blank, unindented lines with braces as entities.

    After a blank line, four spaces of indentation turn HTML into a code block in Hexo's Markdown renderer and in
    Hugo, so neither survives. Cleaning already puts each block on its own line and encodes newlines inside ``<pre>``.
    """
    # Hexo runs Nunjucks over post bodies: ``{{ x }}`` vanishes and ``{% x %}`` aborts the whole build. Entities
    # render the same in HTML and are invisible to Nunjucks.
    text = clean_html.replace("{", "&#123;").replace("}", "&#125;")
    # Only ASCII blanks indent Markdown; U+3000 at a paragraph's start is content and stays.
    return [stripped for line in text.splitlines() if (stripped := line.strip(" \t\f\v"))]


def front_matter_lines(article: Article) -> list[str]:
    """The front matter, key order fixed as in the reference, provenance keys after ``thumbnail``."""
    image = first_image_url(article.clean_html)
    lines = [f"title: {single_quoted(article.title)}", "categories: "]
    lines += [f" - {plain_or_quoted(category)}" for category in article.categories]
    if image:
        lines.append(f"headimg: {single_quoted(image)}")
    lines.append(f"author: {plain_or_quoted(article.source_media or DEFAULT_AUTHOR)}")
    lines.append("comments: false")
    lines.append(f"date: {rfc1123(article.published_at)}")
    if image:
        lines.append(f"thumbnail: {single_quoted(image)}")
    return lines + provenance_lines(article)


def provenance_lines(article: Article) -> list[str]:
    """Keys after ``thumbnail`` from which ``python -m sinaarchive rebuild`` recreates the catalog.

    ``updated`` is Hexo's own modification-date key; ``source``/``link`` are avoided (Hexo and themes use them).
    """
    lines = []
    if article.updated_at is not None:
        lines.append(f"updated: {rfc1123(article.updated_at)}")
    lines.append(f"docid: {plain_or_quoted(article.doc_id)}")
    lines.append(f"source_url: {single_quoted(article.url)}")
    if article.stock_codes:
        lines.append(f"stocks: [{', '.join(single_quoted(code) for code in article.stock_codes)}]")
    return lines


def render_post(article: Article) -> str:
    """The whole post text: front matter, an empty line, the body in a ``<div>``; ends with a newline."""
    lines = ["---", *front_matter_lines(article), "---", "", "<div>", *body_lines(article.clean_html), "</div>"]
    return "\n".join(lines) + "\n"


_DOC_ID = re.compile(r"^[A-Za-z0-9]+$")


def is_valid_doc_id(doc_id: str) -> bool:
    """Doc ids become file-name parts and YAML plain scalars: letters and digits only."""
    return bool(_DOC_ID.match(doc_id))
