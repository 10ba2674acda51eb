"""What travels through Redis, as JSON: scheduled requests and the workers' hand-over to the writer.

``dumps``/``loads`` are scrapy-redis's ``SCHEDULER_SERIALIZER`` (a module with those two functions). Its default is
pickle, which would let anyone who can write to the Redis database run code on every worker; JSON cannot. The few
types a request or an item carries (our dataclasses, bytes, datetimes, tuples, dicts with bytes keys such as
headers) are written as tagged objects and read back as what they were: nothing else can be built from a message.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sinaarchive.channels import Channel
from sinaarchive.items import Article, Image, RollEntry
from sinaarchive.warc.writer import Capture

# The dataclasses a message may hold, by name. A message naming any other type is refused.
TYPES: dict[str, type[Any]] = {cls.__name__: cls for cls in (Article, Capture, Channel, Image, RollEntry)}
TAG = "__"


class BadMessage(ValueError):
    """A message this version cannot read (another version's, or not ours at all)."""


def to_json(value: Any) -> Any:
    """``value`` as plain JSON data; see the module docstring for the tags."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, bytes):
        return {TAG: "bytes", "b64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime):
        return {TAG: "datetime", "iso": value.isoformat()}
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if isinstance(value, tuple):
        return {TAG: "tuple", "items": [to_json(item) for item in value]}
    if isinstance(value, dict):
        if all(isinstance(key, str) and key != TAG for key in value):
            return {key: to_json(item) for key, item in value.items()}
        return {TAG: "dict", "items": [[to_json(key), to_json(item)] for key, item in value.items()]}
    name = type(value).__name__
    if dataclasses.is_dataclass(value) and TYPES.get(name) is type(value):
        fields = {field.name: to_json(getattr(value, field.name)) for field in dataclasses.fields(value)}
        return {TAG: name, **fields}
    raise TypeError(f"cannot send a {type(value).__qualname__} through Redis")


def from_json(data: Any) -> Any:
    """The inverse of ``to_json``."""
    if isinstance(data, list):
        return [from_json(item) for item in data]
    if not isinstance(data, dict):
        return data
    tag = data.get(TAG)
    if tag is None:
        return {key: from_json(item) for key, item in data.items()}
    if tag == "bytes":
        return base64.b64decode(data["b64"])
    if tag == "datetime":
        return datetime.fromisoformat(data["iso"])
    if tag == "tuple":
        return tuple(from_json(item) for item in data["items"])
    if tag == "dict":
        return {from_json(key): from_json(item) for key, item in data["items"]}
    if tag in TYPES:
        return TYPES[tag](**{key: from_json(item) for key, item in data.items() if key != TAG})
    raise BadMessage(f"unknown type {tag!r} in a message")


def dumps(value: Any) -> str:
    return json.dumps(to_json(value), ensure_ascii=False, separators=(",", ":"))


def loads(text: str | bytes) -> Any:
    try:
        return from_json(json.loads(text))
    except (ValueError, TypeError, KeyError) as exc:
        raise BadMessage(f"unreadable message: {exc}") from None


# --- the hand-over from a worker to the writer ------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ArticleReady:
    """A fetched, extracted and cleaned article, and where its page's capture lies in the worker's WARC files."""

    article: Article
    capture: Capture | None = None


@dataclass(frozen=True, kw_only=True)
class DeadEnd:
    """A listed article whose page held nothing to archive: the writer counts it in the catalog's ``gone``."""

    doc_id: str
    url: str
    status: int
    reason: str


def hand_over(message: ArticleReady | DeadEnd) -> str:
    """The JSON a worker pushes. The raw body stays behind: the post is made from the cleaned one."""
    if isinstance(message, ArticleReady):
        article = dataclasses.replace(message.article, body_html="")
        return dumps({"kind": "article", "article": article, "capture": message.capture})
    return dumps({"kind": "dead_end", **dataclasses.asdict(message)})


def taken_over(text: str | bytes) -> ArticleReady | DeadEnd:
    """What ``hand_over`` sent; ``BadMessage`` for anything else."""
    data = loads(text)
    kind = data.pop("kind", None) if isinstance(data, dict) else None
    try:
        if kind == "article" and isinstance(data["article"], Article):
            return ArticleReady(article=data["article"], capture=data.get("capture"))
        if kind == "dead_end":
            return DeadEnd(**data)
    except (KeyError, TypeError) as exc:
        raise BadMessage(f"incomplete {kind} message: {exc}") from None
    raise BadMessage(f"not a hand-over message (kind {kind!r})")
