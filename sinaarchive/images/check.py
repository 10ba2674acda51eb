"""What an image download must be before it is stored, and where a stored image lives. Pure functions.

Nothing half-stored: a body is kept only when the status is 200, it is not empty, it is no larger than the limit,
it is as long as its ``Content-Length`` says, and its first bytes are those of a raster image type (JPEG, PNG, GIF,
WebP, BMP) that agrees with the ``Content-Type`` the server claimed. SVG is refused: it is a document that can carry
scripts, and Sina's articles do not use it for content. HTML (an error page served as ``image/jpeg``) is refused by
name, so the log says what happened.

Names are URL-addressed: ``images/<h[0:2]>/<h[2:4]>/<h>.<ext>`` with ``h`` the SHA-1 of the URL (as Scrapy's
``FilesPipeline.file_path``) and ``ext`` from the sniffed type, never from the URL. An image shared by many
articles is stored once; names are lower-case hex and a short extension, safe on every file system; 65,536
folders keep a million images at about 15 files per folder.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

IMAGES_FOLDER = "images"
DEFAULT_MAX_SIZE = 20 * 1024 * 1024

# Media type → file extension, for the types an archive keeps.
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/bmp": "bmp",
}
# Content-Type values servers use for the same types.
_ALIASES = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "image/x-png": "image/png",
    "image/x-ms-bmp": "image/bmp",
}
_GENERIC_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})


class ImageRefused(Exception):
    """A download that must not be stored; ``reason`` is a short stats key (``http_404``, ``not_image``…)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class CheckedImage:
    media_type: str
    extension: str


def sniff(body: bytes) -> str:
    """The image media type the first bytes announce, or ``""``."""
    if body.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if body.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if body.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if body[:4] == b"RIFF" and body[8:12] == b"WEBP":
        return "image/webp"
    if body.startswith(b"BM") and len(body) > 14:
        return "image/bmp"
    return ""


def looks_like_html(body: bytes) -> bool:
    start = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<?xml", b"<svg", b"<script", b"<!--"))


def claimed_type(content_type: str) -> str:
    """``image/jpeg`` from ``image/jpg; charset=…``; lower case, aliases resolved."""
    base = content_type.split(";", 1)[0].strip().lower()
    return _ALIASES.get(base, base)


def check_image(
    *, status: int, body: bytes, content_type: str = "", content_length: str = "", max_size: int = DEFAULT_MAX_SIZE
) -> CheckedImage:
    """The validated type of a downloaded image, or ``ImageRefused`` saying why it must not be stored."""
    if status != 200:
        raise ImageRefused(f"http_{status}", f"status {status}")
    if not body:
        raise ImageRefused("empty", "empty body")
    if len(body) > max_size:
        raise ImageRefused("too_large", f"{len(body)} bytes, more than the limit of {max_size}")
    if content_length.strip().isdigit() and int(content_length) != len(body):
        raise ImageRefused("truncated", f"{len(body)} bytes received of {int(content_length)} announced")
    if looks_like_html(body):
        raise ImageRefused("html", "an HTML or XML document, not an image")
    actual = sniff(body)
    if not actual:
        raise ImageRefused("not_image", f"unknown format (first bytes {body[:8].hex()})")
    claimed = claimed_type(content_type)
    if claimed not in _GENERIC_TYPES and claimed != actual:
        raise ImageRefused("type_mismatch", f"served as {claimed}, but the bytes are {actual}")
    return CheckedImage(media_type=actual, extension=EXTENSIONS[actual])


def url_key(url: str) -> str:
    """SHA-1 of the URL, hex: the stored file's name without extension."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()  # noqa: S324 - a name, not a security measure


def image_path(url: str, extension: str) -> str:
    """``images/ab/cd/abcd….png``: where the image at ``url`` is stored, relative to the store (``/`` separators)."""
    key = url_key(url)
    return f"{IMAGES_FOLDER}/{key[:2]}/{key[2:4]}/{key}.{extension}"
