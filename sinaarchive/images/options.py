"""The image settings, read and checked once (``BadOption`` names a wrong one)."""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.settings import BaseSettings

from sinaarchive.options import BadOption, bool_setting, positive_int_setting

LINK_MODES = ("sina", "local")


@dataclass(frozen=True, kw_only=True)
class ImageOptions:
    enabled: bool
    local_links: bool
    max_size: int
    gone_after: int
    plain_http: bool


def image_options(settings: BaseSettings) -> ImageOptions:
    links = str(settings.get("SINAARCHIVE_IMAGE_LINKS", "sina") or "sina").strip().lower()
    if links not in LINK_MODES:
        raise BadOption(f"-s SINAARCHIVE_IMAGE_LINKS={links!r}: use one of {', '.join(LINK_MODES)}")
    return ImageOptions(
        enabled=bool_setting(settings, "SINAARCHIVE_IMAGES", default=True),
        local_links=links == "local",
        max_size=positive_int_setting(settings, "SINAARCHIVE_IMAGE_MAX_SIZE"),
        gone_after=positive_int_setting(settings, "SINAARCHIVE_IMAGE_GONE_AFTER"),
        plain_http=bool_setting(settings, "SINAARCHIVE_IMAGE_PLAIN_HTTP"),
    )
