"""Which images a post shows, and rewriting its image links between Sina's URLs and the local copies.

A post is always written first as the default format has it (Sina's URLs). With
``SINAARCHIVE_IMAGE_LINKS=local`` it is then rewritten, image by image, once the image is stored:

- in the body, ``<img src="https://n.sinaimg.cn/…png" …>`` becomes
  ``<img src="/images/ab/cd/abcd….png" data-sina-src="https://n.sinaimg.cn/…png" …>``: a site-absolute path
  (relative to the output folder, which a Hexo site serves as its root) and the original URL, which ``rebuild``
  reads back and which switching back to Sina's links restores byte for byte;
- in the front matter, ``headimg`` and ``thumbnail`` take the same local path.

The rewrite is plain text replacement of the exact forms the post writer produces, so a post that is not touched
keeps its bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lxml import html as lxml_html

from sinaarchive.export.yaml_scalars import single_quoted
from sinaarchive.images.catalog import STORED, ImageRow

LINKED_ATTRIBUTE = "data-sina-src"
_FRONT_MATTER_KEYS = ("headimg", "thumbnail")


def image_urls(clean_html: str) -> list[str]:
    """Every distinct http(s) ``<img src>`` of a cleaned body, in document order (the first is the header image)."""
    if not clean_html:
        return []
    urls = []
    for img in lxml_html.fragment_fromstring(clean_html, create_parent="div").iter("img"):
        src = (img.get("src") or "").strip()
        if src.startswith(("http://", "https://")) and src not in urls:
            urls.append(src)
    return urls


def attribute_text(value: str) -> str:
    """``value`` as the serializer writes it inside a double-quoted attribute."""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def local_src(path: str) -> str:
    """The site-absolute link of a stored image: ``/images/ab/cd/….png``."""
    return "/" + path


def relink(text: str, *, unlink: Mapping[str, str], link: Mapping[str, str]) -> str:
    """``text`` with the images in ``unlink`` (URL → stored path) pointed back at Sina and those in ``link`` at
    their local copies. Front matter and body are rewritten separately; an image whose exact form is not found is
    left alone."""
    head, separator, body = text.partition("\n---\n")
    if not separator:
        return text
    for url, path in unlink.items():
        body = body.replace(
            f'src="{local_src(path)}" {LINKED_ATTRIBUTE}="{attribute_text(url)}"', f'src="{attribute_text(url)}"'
        )
        head = _swap_front_matter(head, single_quoted(local_src(path)), single_quoted(url))
    for url, path in link.items():
        body = body.replace(
            f'src="{attribute_text(url)}"', f'src="{local_src(path)}" {LINKED_ATTRIBUTE}="{attribute_text(url)}"'
        )
        head = _swap_front_matter(head, single_quoted(url), single_quoted(local_src(path)))
    return head + separator + body


def _swap_front_matter(head: str, old: str, new: str) -> str:
    lines = head.split("\n")
    for index, line in enumerate(lines):
        for key in _FRONT_MATTER_KEYS:
            if line == f"{key}: {old}":
                lines[index] = f"{key}: {new}"
    return "\n".join(lines)


def linked_urls(text: str, urls: Mapping[str, str]) -> set[str]:
    """The URLs among ``urls`` (URL → stored path) that ``text`` links locally."""
    return {
        url
        for url, path in urls.items()
        if f'src="{local_src(path)}" {LINKED_ATTRIBUTE}="{attribute_text(url)}"' in text
    }


@dataclass(frozen=True, kw_only=True)
class LinkChange:
    """How a post's image links must change: ``relink(text, unlink=…, link=…)``, then ``wanted`` (URL → stored path)
    is what the post links locally (``images_used.linked``)."""

    unlink: dict[str, str]
    link: dict[str, str]
    wanted: dict[str, str]

    def __bool__(self) -> bool:
        return bool(self.unlink or self.link)


def link_change(images: Iterable[tuple[ImageRow, bool]], *, local: bool) -> LinkChange:
    """What to rewrite in a post that shows ``images`` (each with whether the post links it locally now): in local
    mode every stored image is linked, the others point at Sina; in Sina mode none is linked."""
    images = list(images)
    linked = {row.url: row.path for row, is_linked in images if is_linked and row.path}
    wanted = {row.url: row.path for row, _ in images if local and row.status == STORED and row.path}
    return LinkChange(
        unlink={url: path for url, path in linked.items() if wanted.get(url) != path},
        link={url: path for url, path in wanted.items() if linked.get(url) != path},
        wanted=wanted,
    )
