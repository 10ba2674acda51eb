"""The roll-API channels the crawler can list, by their Chinese column names (plus ASCII aliases).

The pageid/lid pairs are the ones public readers of the roll API use. ``pageid`` must be the one that goes with
``lid``: the API refuses any other pair (status 未注册, "not registered").
"""

from __future__ import annotations

from dataclasses import dataclass

ROOT_CATEGORIES = ("金融", "新浪财经")
# U+FF0D FULLWIDTH HYPHEN-MINUS, as in the third category of the blog's existing posts (新浪财经－国內).
CATEGORY_SEPARATOR = "\uff0d"


@dataclass(frozen=True, kw_only=True)
class Channel:
    """A roll-API column: its name, listing ids and the Hexo category chain of its posts."""

    name: str
    pageid: int
    lid: int
    alias: str
    category_name: str = ""
    """Last category's suffix when it differs from ``name`` (the existing posts spell 国内 as 國內)."""

    @property
    def categories(self) -> tuple[str, ...]:
        return (*ROOT_CATEGORIES, f"新浪财经{CATEGORY_SEPARATOR}{self.category_name or self.name}")


CHANNELS: tuple[Channel, ...] = (
    # The feed of the blog's existing posts: finance.sina.com.cn/china 国内滚动. Its category keeps their bytes:
    # traditional 內 (U+5167), not 内 (U+5185) (golden case reference_2021_guonei).
    Channel(name="国内", pageid=155, lid=1686, alias="china", category_name="国\u5167"),
    Channel(name="宏观经济", pageid=155, lid=1687, alias="macro"),
    Channel(name="金融新闻", pageid=155, lid=1690, alias="finance-news"),
    Channel(name="地方经济", pageid=155, lid=1688, alias="local"),
    Channel(name="部委动态", pageid=155, lid=1689, alias="ministries"),
    Channel(name="产经", pageid=164, lid=1693, alias="industry"),
    Channel(name="财经", pageid=384, lid=2519, alias="finance"),
    Channel(name="股市", pageid=384, lid=2671, alias="stocks"),
    Channel(name="美股", pageid=384, lid=2672, alias="us-stocks"),
    Channel(name="中国概念股", pageid=384, lid=2673, alias="china-concept"),
    Channel(name="港股", pageid=384, lid=2674, alias="hk-stocks"),
    Channel(name="研究报告", pageid=384, lid=2675, alias="research"),
    Channel(name="全球市场", pageid=384, lid=2676, alias="global"),
    Channel(name="外汇", pageid=384, lid=2487, alias="forex"),
)
DEFAULT_CHANNEL = CHANNELS[0]

_BY_KEY = {key: ch for ch in CHANNELS for key in (ch.name, ch.alias)}


class UnknownChannel(ValueError):
    """A channel name that is not in the registry."""


def channel_names_help() -> str:
    """One line listing every accepted name, for error messages and the README."""
    return ", ".join(f"{ch.name} ({ch.alias})" for ch in CHANNELS)


def resolve_channels(spec: str | None) -> tuple[Channel, ...]:
    """Turn ``-a channels=国内,macro`` into channels, in the given order, without repeats.

    Raises ``UnknownChannel`` naming the bad entry and listing the allowed names.
    """
    if spec is None or not spec.strip():
        return (DEFAULT_CHANNEL,)
    resolved: list[Channel] = []
    for raw in spec.replace("，", ",").split(","):
        key = raw.strip()
        if not key:
            continue
        channel = _BY_KEY.get(key) or _BY_KEY.get(key.lower())
        if channel is None:
            raise UnknownChannel(f"unknown channel {key!r}; known channels: {channel_names_help()}")
        if channel not in resolved:
            resolved.append(channel)
    if not resolved:
        raise UnknownChannel(f"no channel named in {spec!r}; known channels: {channel_names_help()}")
    return tuple(resolved)
