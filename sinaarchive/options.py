"""Spider arguments and sinaarchive settings, checked before the first request.

Everything a user can get wrong (``-a`` arguments, ``-s`` settings) is turned into a ``BadOption`` whose message
says what is wrong and what is allowed; the ``crawl`` command prints it as a usage error (exit status 2).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.settings import BaseSettings
from scrapy.utils.conf import closest_scrapy_cfg

from sinaarchive.channels import Channel, UnknownChannel, resolve_channels
from sinaarchive.export.paths import BEIJING

SPIDER_ARGUMENTS = ("channels", "max_pages", "since", "until", "retry_gone")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BadOption(ValueError):
    """A spider argument or setting the user must fix; the message says how."""


@dataclass(frozen=True, kw_only=True)
class CrawlOptions:
    """What one run lists: channels, how many roll pages each, and an optional Beijing date window."""

    channels: tuple[Channel, ...]
    max_pages: int
    since: datetime | None = None
    """Start of the window (inclusive), Beijing midnight; listing stops once past it."""
    until: datetime | None = None
    """End of the window (exclusive): Beijing midnight after the ``until`` day."""
    retry_gone: bool = False
    """Fetch again the articles remembered as gone (404/410)."""

    def in_window(self, unix_time: int) -> bool:
        """True when an article created at ``unix_time`` falls inside ``since``…``until``."""
        moment = datetime.fromtimestamp(unix_time, BEIJING)
        return (self.since is None or moment >= self.since) and (self.until is None or moment < self.until)

    def older_than_window(self, unix_time: int) -> bool:
        """True when ``unix_time`` is before ``since``: every later roll item is older still."""
        return self.since is not None and datetime.fromtimestamp(unix_time, BEIJING) < self.since


def parse_beijing_day(name: str, value: str) -> date:
    """``2021-07-01`` → a date, or ``BadOption`` naming the argument and the expected form."""
    text = value.strip()
    try:
        if not _DATE.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise BadOption(
            f"-a {name}={value!r} is not a date; use YYYY-MM-DD (a Beijing date), e.g. 2021-07-01"
        ) from None


def parse_max_pages(value: str | int | None, default: int) -> int:
    """A positive whole number of roll pages per channel."""
    if value is None or value == "":
        return default
    try:
        pages = int(str(value).strip())
    except ValueError:
        pages = 0
    if pages < 1:
        raise BadOption(f"-a max_pages={value!r} must be a whole number of roll pages, 1 or more")
    return pages


def parse_flag(name: str, value: str | bool | None) -> bool:
    """``yes``/``no`` style switches."""
    if isinstance(value, bool):
        return value
    text = (value or "").strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise BadOption(f"-a {name}={value!r} must be yes or no (also 1/0, true/false)")


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=BEIJING)


def parse_crawl_options(
    *,
    channels: str | None = None,
    max_pages: str | int | None = None,
    since: str | None = None,
    until: str | None = None,
    retry_gone: str | bool | None = None,
    default_max_pages: int = 50,
) -> CrawlOptions:
    """Check and convert the spider's ``-a`` arguments."""
    try:
        resolved = resolve_channels(channels)
    except UnknownChannel as exc:
        raise BadOption(f"-a channels: {exc}") from None
    since_day = parse_beijing_day("since", since) if since else None
    until_day = parse_beijing_day("until", until) if until else None
    if since_day and until_day and since_day > until_day:
        raise BadOption(f"-a since={since_day} is after -a until={until_day}; since must come first")
    return CrawlOptions(
        channels=resolved,
        max_pages=parse_max_pages(max_pages, default_max_pages),
        since=_midnight(since_day) if since_day else None,
        until=_midnight(until_day + timedelta(days=1)) if until_day else None,
        retry_gone=parse_flag("retry_gone", retry_gone),
    )


def check_unknown_arguments(arguments: dict[str, str]) -> None:
    """Reject ``-a`` names the spider does not know (a typo would otherwise be silently ignored)."""
    # Names starting with "_" belong to schedulers such as scrapyd (``_job``), not to the user.
    unknown = sorted(name for name in set(arguments) - set(SPIDER_ARGUMENTS) if not name.startswith("_"))
    if unknown:
        raise BadOption(f"unknown spider argument(s) {', '.join(unknown)}; allowed: {', '.join(SPIDER_ARGUMENTS)}")


def roll_api_url(settings: BaseSettings) -> str:
    """``SINAARCHIVE_ROLL_API``, checked to be an http(s) URL."""
    value = (settings.get("SINAARCHIVE_ROLL_API") or "").strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadOption(
            f"SINAARCHIVE_ROLL_API={value!r} is not an http(s) URL; e.g. https://feed.mix.sina.com.cn/api/roll/get",
        )
    return value


def positive_int_setting(settings: BaseSettings, name: str) -> int:
    """An integer setting that must be 1 or more."""
    try:
        number = settings.getint(name)
    except ValueError:
        number = 0
    if number < 1:
        raise BadOption(f"{name}={settings.get(name)!r} must be a whole number, 1 or more")
    return number


def output_dir(settings: BaseSettings) -> Path:
    """``SINAARCHIVE_OUTPUT_DIR``, or ``output/`` beside scrapy.cfg; created if only the last level is missing."""
    configured = (settings.get("SINAARCHIVE_OUTPUT_DIR") or "").strip()
    if configured:
        folder = Path(configured).expanduser()
    else:
        cfg = closest_scrapy_cfg()
        folder = (Path(cfg).parent if cfg else Path.cwd()) / "output"
    folder = folder.absolute()
    if folder.exists() and not folder.is_dir():
        raise BadOption(f"SINAARCHIVE_OUTPUT_DIR={str(folder)!r} is a file, not a folder; choose a folder")
    if not folder.parent.is_dir():
        raise BadOption(
            f"SINAARCHIVE_OUTPUT_DIR={str(folder)!r}: its parent folder does not exist; "
            "create it first or choose another folder",
        )
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise BadOption(f"SINAARCHIVE_OUTPUT_DIR={str(folder)!r} cannot be created: {exc.strerror}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BadOption(
            f"SINAARCHIVE_OUTPUT_DIR={str(folder)!r} is not writable by this user; fix its permissions "
            "or choose another folder"
        )
    return folder


def cluster_url(settings: BaseSettings) -> str:
    """``SINAARCHIVE_REDIS_URL``: empty when the crawl runs alone, else it is a worker of that cluster."""
    return (settings.get("SINAARCHIVE_REDIS_URL") or "").strip()


def bool_setting(settings: BaseSettings, name: str, default: bool = False) -> bool:
    """A yes/no setting (``True``/``False``, ``1``/``0``); ``default`` when it is not set at all."""
    try:
        return settings.getbool(name, default)
    except ValueError:
        raise BadOption(f"{name}={settings.get(name)!r} must be True or False (or 1 or 0)") from None


def check_settings(settings: BaseSettings) -> None:
    """Every sinaarchive setting, checked at once (the crawl command calls this before any request)."""
    roll_api_url(settings)
    positive_int_setting(settings, "SINAARCHIVE_PAGE_SIZE")
    positive_int_setting(settings, "SINAARCHIVE_MAX_PAGES")
    positive_int_setting(settings, "SINAARCHIVE_GONE_AFTER")
    bool_setting(settings, "SINAARCHIVE_WARC_ENABLED")
    positive_int_setting(settings, "SINAARCHIVE_WARC_MAX_SIZE")
    output_dir(settings)
