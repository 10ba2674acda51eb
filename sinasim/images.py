"""Images on Sina's image hosts (``n.sinaimg.cn`` …): distinct, valid bytes per URL, and hotlink protection.

Every path ending in an image extension is an image: ``.png`` a real PNG, ``.gif`` a real GIF, ``.jpg``/``.jpeg``
a JPEG frame (the markers a sniffer checks, not a decodable picture), ``.webp`` a RIFF/WEBP header. The bytes are
drawn from the path alone, so the same URL always gives the same bytes and two URLs never the same ones.

Like ``*.sinaimg.cn``, a request whose ``Referer`` names a foreign site gets 403; no Referer, or one on a Sina
host, gets the image.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from urllib.parse import urlsplit

from sinasim.messages import SimRequest, SimResponse

IMAGE_PATH = re.compile(r"/[^?]*\.(?P<ext>png|gif|jpe?g|webp)", re.IGNORECASE)
# Referers Sina's image hosts accept: its own sites (the simulator's own address too, as it stands in for them).
SINA_REFERER_SUFFIXES = ("sina.com.cn", "sina.cn", "sinaimg.cn", "weibo.com")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
CONTENT_TYPES = {
    "png": "image/png",
    "gif": "image/gif",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
}


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bytes(seed: bytes, width: int = 16, height: int = 9) -> bytes:
    """A valid RGB PNG whose pixels and ``tEXt`` chunk come from ``seed``."""
    stream = hashlib.sha256(seed).digest() * ((width * height * 3) // 32 + 1)
    rows = b"".join(b"\x00" + stream[row * width * 3 : (row + 1) * width * 3] for row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"tEXt", b"Comment\x00" + seed)
        + _png_chunk(b"IDAT", zlib.compress(rows))
        + _png_chunk(b"IEND", b"")
    )


def gif_bytes(seed: bytes) -> bytes:
    """A valid 1x1 GIF with a comment holding ``seed``."""
    colour = hashlib.sha256(seed).digest()[:3]
    comment = seed[:255]
    return (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00"
        + colour
        + b"\x00\x00\x00"
        + b"\x21\xfe"
        + bytes([len(comment)])
        + comment
        + b"\x00"
        + b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b"
    )


def image_body(path: str) -> tuple[bytes, str]:
    """The bytes and Content-Type served for an image path (``path`` must match ``IMAGE_PATH``)."""
    match = IMAGE_PATH.fullmatch(path)
    ext = match["ext"].lower() if match else "png"
    seed = path.encode("utf-8")
    if ext == "png":
        body = png_bytes(seed)
    elif ext == "gif":
        body = gif_bytes(seed)
    elif ext == "webp":
        payload = b"VP8L" + hashlib.sha256(seed).digest() + seed
        body = b"RIFF" + struct.pack("<I", len(payload) + 4) + b"WEBP" + payload
    else:
        body = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + seed + b"\xff\xd9"
    return body, CONTENT_TYPES[ext]


def foreign_referer(request: SimRequest) -> str:
    """The request's Referer when it names a site other than Sina's (what ``*.sinaimg.cn`` refuses); else ``""``."""
    referer = next((value for name, value in request.headers.items() if name.lower() == "referer"), "")
    if not referer:
        return ""
    host = (urlsplit(referer).hostname or "").lower()
    if host in LOCAL_HOSTS or any(host == s or host.endswith("." + s) for s in SINA_REFERER_SUFFIXES):
        return ""
    return referer


def image_response(request: SimRequest) -> SimResponse:
    """The image at ``request.path``, or 403 for a foreign Referer (hotlink protection)."""
    if foreign_referer(request):
        return SimResponse(status=403, body=b"<html><body>403 Forbidden</body></html>", fault="hotlink")
    body, content_type = image_body(request.path)
    return SimResponse(body=body, content_type=content_type)
