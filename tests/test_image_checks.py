"""Unit tests of what an image download must be to be stored, how it is named, and the local-link rewrite."""

from __future__ import annotations

import re

import pytest

from sinaarchive.images.catalog import ImageRow
from sinaarchive.images.check import ImageRefused, check_image, image_path, sniff
from sinaarchive.images.links import image_urls, link_change, relink
from sinasim.images import gif_bytes, image_body, png_bytes

PNG = png_bytes(b"a")
JPEG = image_body("/a.jpg")[0]


@pytest.mark.parametrize(
    ("body", "media_type"),
    [
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (gif_bytes(b"x"), "image/gif"),
        (image_body("/a.webp")[0], "image/webp"),
        (b"BM" + b"\0" * 60, "image/bmp"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", ""),
        (b"\0\0\0", ""),
    ],
)
def test_sniff(body: bytes, media_type: str) -> None:
    assert sniff(body) == media_type


def test_a_good_image_passes_with_the_extension_of_its_bytes() -> None:
    checked = check_image(status=200, body=PNG, content_type="image/png")
    assert (checked.media_type, checked.extension) == ("image/png", "png")
    # A generic or missing type is fine; the bytes decide.
    assert check_image(status=200, body=JPEG, content_type="application/octet-stream").extension == "jpg"
    assert check_image(status=200, body=JPEG, content_type="image/jpg; charset=binary").extension == "jpg"


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"status": 404, "body": PNG}, "http_404"),
        ({"status": 200, "body": b""}, "empty"),
        ({"status": 200, "body": b"<!DOCTYPE html><html>404</html>", "content_type": "image/jpeg"}, "html"),
        ({"status": 200, "body": b"  <html><body>", "content_type": "image/png"}, "html"),
        ({"status": 200, "body": b"<svg onload=alert(1)>", "content_type": "image/svg+xml"}, "html"),
        ({"status": 200, "body": b"GIF88a....", "content_type": "image/gif"}, "not_image"),
        ({"status": 200, "body": PNG, "content_type": "image/jpeg"}, "type_mismatch"),
        ({"status": 200, "body": PNG, "content_type": "text/plain"}, "type_mismatch"),
        ({"status": 200, "body": PNG, "max_size": len(PNG) - 1}, "too_large"),
        ({"status": 200, "body": PNG, "content_length": str(len(PNG) + 10)}, "truncated"),
    ],
)
def test_refusals_name_their_reason(kwargs: dict, reason: str) -> None:
    with pytest.raises(ImageRefused) as refused:
        check_image(**kwargs)
    assert refused.value.reason == reason


def test_names_are_url_addressed_fanned_out_and_safe() -> None:
    url = "https://n.sinaimg.cn/finance/a:b/图?x=1&y=<2>.png"
    path = image_path(url, "jpg")
    assert re.fullmatch(r"images/([0-9a-f]{2})/([0-9a-f]{2})/\1\2[0-9a-f]{36}\.jpg", path)
    assert image_path(url, "jpg") == path  # stable: an image shared by many articles is stored once
    assert image_path(url + "#", "jpg") != path


def test_image_urls_in_document_order_without_repeats() -> None:
    html = '<p>x</p>\n<img src="https://a/1.png">\n<img src="https://a/2.png"><img src="https://a/1.png"><img src="">'
    assert image_urls(html) == ["https://a/1.png", "https://a/2.png"]


POST = (
    "---\ntitle: 't'\nheadimg: 'https://n.sinaimg.cn/a.png?x=1&y=2'\nauthor: a\n"
    "thumbnail: 'https://n.sinaimg.cn/a.png?x=1&y=2'\ndocid: abc\n---\n\n<div>\n"
    '<div class="img_wrapper"><img src="https://n.sinaimg.cn/a.png?x=1&amp;y=2" alt=""></div>\n'
    '<p><img src="https://n.sinaimg.cn/b.gif" alt="b"></p>\n</div>\n'
)


def test_relink_is_exact_and_reversible() -> None:
    paths = {
        "https://n.sinaimg.cn/a.png?x=1&y=2": "images/aa/bb/aabb.png",
        "https://n.sinaimg.cn/b.gif": "images/cc/dd/ccdd.gif",
    }
    local = relink(POST, unlink={}, link=paths)
    assert "headimg: '/images/aa/bb/aabb.png'" in local and "thumbnail: '/images/aa/bb/aabb.png'" in local
    assert '<img src="/images/aa/bb/aabb.png" data-sina-src="https://n.sinaimg.cn/a.png?x=1&amp;y=2" alt="">' in local
    assert '<img src="/images/cc/dd/ccdd.gif" data-sina-src="https://n.sinaimg.cn/b.gif" alt="b">' in local
    assert relink(local, unlink=paths, link={}) == POST
    # Only the one image that is stored is linked; the other keeps Sina's URL.
    partial = relink(POST, unlink={}, link={"https://n.sinaimg.cn/b.gif": "images/cc/dd/ccdd.gif"})
    assert "headimg: 'https://n.sinaimg.cn/a.png?x=1&y=2'" in partial
    assert 'src="https://n.sinaimg.cn/a.png?x=1&amp;y=2"' in partial


def test_image_index_lifecycle(tmp_path) -> None:
    from sinaarchive.archive.catalog import Catalog
    from sinaarchive.images.catalog import ImageIndex

    catalog = Catalog.in_folder(tmp_path)
    index = ImageIndex(catalog.db)
    index.use("doc1", ["https://n.sinaimg.cn/a.png", "https://n.sinaimg.cn/b.png"], "2026-01-01T00:00:00Z")
    assert index.counts() == {"stored": 0, "pending": 2, "failed": 0, "gone": 0}
    for attempt in (1, 2):
        row = index.failed("https://n.sinaimg.cn/a.png", "http_404", "t", gone_after=3)
        assert (row.status, row.attempts, row.reason) == ("failed", attempt, "http_404")
    assert index.failed("https://n.sinaimg.cn/a.png", "http_404", "t", gone_after=3).status == "gone"
    index.stored(
        "https://n.sinaimg.cn/b.png", path="images/x.png", size=3, sha256="ab", media_type="image/png", when="t"
    )
    # A stored image whose file went missing and cannot be fetched again is failed, its last path kept.
    row = index.failed("https://n.sinaimg.cn/b.png", "timeout", "t", gone_after=3)
    assert (row.status, row.path) == ("failed", "images/x.png")
    index.stored(
        "https://n.sinaimg.cn/b.png", path="images/x.png", size=3, sha256="ab", media_type="image/png", when="t"
    )
    assert index.get("https://n.sinaimg.cn/b.png").attempts == 0
    assert {row.url for row, _ in index.links("doc1")} == {"https://n.sinaimg.cn/a.png", "https://n.sinaimg.cn/b.png"}
    catalog.close()


def test_link_change_links_stored_images_in_local_mode_and_none_in_sina_mode() -> None:
    def row(url: str, status: str) -> ImageRow:
        path = f"images/{url}.png"
        return ImageRow(
            url=url, path=path, size=1, sha256="0", media_type="image/png", status=status, attempts=0, reason=""
        )

    fresh = [(row("a", "stored"), False), (row("b", "failed"), False), (row("c", "stored"), True)]
    local = link_change(fresh, local=True)
    assert (local.link, local.unlink) == ({"a": "images/a.png"}, {})
    assert local.wanted == {"a": "images/a.png", "c": "images/c.png"} and local
    sina = link_change(fresh, local=False)
    assert (sina.link, sina.unlink, sina.wanted) == ({}, {"c": "images/c.png"}, {})
    # Already as the mode wants: nothing to rewrite (a failed image that was linked is pointed back at Sina).
    assert not link_change([(row("a", "stored"), True)], local=True)
    assert link_change([(row("b", "failed"), True)], local=True).unlink == {"b": "images/b.png"}
