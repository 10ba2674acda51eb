"""``scrapy crawl sina_finance``: list articles through the roll API, fetch each article page, yield Articles.

Crawling only: what to request and in which order. Parsing lives in ``sinaarchive.parsing``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from sinaarchive.archive import Archive, archive_for
from sinaarchive.archive.catalog import KnownArticle, iso_utc
from sinaarchive.channels import Channel
from sinaarchive.cluster.store import TASK_META
from sinaarchive.cluster.worker import (
    ClusterIndex,
    ClusterWorker,
    apply_worker_settings,
    article_task,
    campaign_arguments,
    cluster_worker,
    roll_task,
)
from sinaarchive.items import Article, RollEntry
from sinaarchive.options import (
    SPIDER_ARGUMENTS,
    BadOption,
    CrawlOptions,
    cluster_url,
    output_dir,
    parse_crawl_options,
    positive_int_setting,
    roll_api_url,
)
from sinaarchive.parsing.article import NotAnArticle, parse_article
from sinaarchive.parsing.listing import ListingError, RollPage, parse_roll_page, roll_url
from sinaarchive.report import count

# Hosts whose pages hold Sina articles. Anything else a roll item links to (ads, other sites) is skipped.
SINA_HOST_SUFFIXES = ("sina.com.cn", "sina.cn")
# Sina's sign-in and verification hosts: an article request redirected there met a wall, not an article.
LOGIN_HOSTS = (
    "login.sina.com.cn",
    "passport.sina.com.cn",
    "passport.sina.cn",
    "passport.weibo.com",
    "login.sina.cn",
    "security.weibo.com",
)
_LOGIN_PATH = re.compile(r"/(?:sign_?in|log_?in|signup|passport|captcha|verify)", re.IGNORECASE)
# Outcomes that say a listed page will never hold an article: remembered, so a dead listing entry is not fetched
# on every run forever (after SINAARCHIVE_GONE_AFTER runs). Refusals (403, captcha) and 5xx are not: they pass.
GONE_STATUSES = (404, 410)
DEAD_END_REASONS = frozenset({"no_body", "empty_body"})
# Hosts of slide shows, videos, photo galleries and live streams: the roll API lists them among the articles, but
# their pages hold no article text to archive.
NON_ARTICLE_HOST_PREFIXES = ("slide.", "video.", "photo.", "k.sina", "live.")


def login_redirect(response: Response) -> str:
    """The URL a redirected article request ended at, when that is a sign-in or captcha page; else ``""``."""
    if not response.meta.get("redirect_urls"):
        return ""
    parts = urlsplit(response.url)
    host = (parts.hostname or "").lower()
    if host in LOGIN_HOSTS or _LOGIN_PATH.search(parts.path):
        return response.url
    return ""


def failure_reason(failure: Failure) -> str:
    """A short stats key for a failed download: ``http_404`` for HTTP errors, else the exception's name."""
    if isinstance(failure.value, HttpError):
        return f"http_{failure.value.response.status}"
    return type(failure.value).__name__ if failure.value else "unknown"


def failed_request(failure: Failure) -> scrapy.Request:
    """The request an errback's ``failure`` is about."""
    request: scrapy.Request = failure.request  # type: ignore[attr-defined]  # set by Scrapy, unknown to Twisted
    return request


def is_changed(entry: RollEntry, known: KnownArticle) -> bool:
    """The roll API reports a modification newer than the archived copy's."""
    listed = iso_utc(datetime.fromtimestamp(entry.mtime, UTC)) if entry.mtime > 0 else None
    return bool(listed and known.modified_at and listed > known.modified_at)


def archive_settings(settings: BaseSettings) -> None:
    """What every crawl for an archive adds to the settings (this spider's, and the cluster writer's)."""
    contact = (settings.get("SINAARCHIVE_CONTACT") or "").strip()
    if contact and (settings.getpriority("USER_AGENT") or 0) <= SETTINGS_PRIORITIES["project"]:
        settings.set("USER_AGENT", f"{settings['USER_AGENT'].rstrip(')')}; contact: {contact})", priority="spider")
    # Keep the robots.txt cache with the archive it serves (an absolute path: no `.scrapy/` in the cwd).
    if settings.getpriority("HTTPCACHE_DIR") in (None, 0) or settings.get("HTTPCACHE_DIR") == "httpcache":
        settings.set("HTTPCACHE_DIR", str(output_dir(settings) / ".cache" / "http"), priority="spider")


class SinaFinanceSpider(scrapy.Spider):
    """Lists channels newest first and archives each article once per run."""

    name = "sina_finance"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        arguments = {key: kwargs.pop(key) for key in SPIDER_ARGUMENTS if key in kwargs}
        super().__init__(*args, **kwargs)
        self._arguments = arguments
        self.options: CrawlOptions | None = None
        self.roll_api = ""
        self.page_size = 50
        self.gone_after = 3
        self.scheduled: set[str] = set()
        self.archive: Archive | ClusterIndex | None = None
        self.cluster: ClusterWorker | None = None

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        archive_settings(settings)
        if cluster_url(settings):
            apply_worker_settings(settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SinaFinanceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler)
        return spider

    def configure(self, crawler: Crawler) -> None:
        """Read settings and arguments; ``BadOption`` stops the run before any request."""
        settings = crawler.settings
        self.roll_api = roll_api_url(settings)
        self.page_size = min(positive_int_setting(settings, "SINAARCHIVE_PAGE_SIZE"), 50)
        self.gone_after = positive_int_setting(settings, "SINAARCHIVE_GONE_AFTER")
        default_pages = positive_int_setting(settings, "SINAARCHIVE_MAX_PAGES")
        self.options = parse_crawl_options(**self._arguments, default_max_pages=default_pages)
        if cluster_url(settings):  # a worker of a cluster: Redis knows what is archived, the writer archives
            self.cluster = cluster_worker(crawler)
            self.archive = ClusterIndex(self.cluster)
        else:
            self.archive = archive_for(crawler)

    @property
    def crawl_options(self) -> CrawlOptions:
        if self.options is None:
            raise BadOption("the spider was not configured; run it with `scrapy crawl sina_finance`")
        return self.options

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.cluster is not None and not self.cluster.join(campaign_arguments(self.crawl_options)):
            return  # another worker of this campaign lists the channels; this one takes from the shared queue
        for channel in self.crawl_options.channels:
            yield self.roll_request(channel, page=1)

    def roll_request(self, channel: Channel, *, page: int) -> scrapy.Request:
        url = roll_url(self.roll_api, pageid=channel.pageid, lid=channel.lid, num=self.page_size, page=page)
        return scrapy.Request(
            url,
            callback=self.parse_roll,
            errback=self.roll_failed,
            cb_kwargs={"channel": channel, "page": page},
            meta={TASK_META: roll_task(channel.pageid, channel.lid, page)},
            # Listing pages are fetched before the articles they lead to have all been fetched; a lower priority
            # lets articles of the current page go first, so a killed run has archived the newest items.
            priority=-page,
        )

    def parse_roll(self, response: Response, channel: Channel, page: int) -> Iterator[scrapy.Request]:
        try:
            listing = self.read_listing(response)
        except ListingError as exc:
            yield from self.retry_or_fail_listing(response, channel, page, exc)
            return
        if listing.skipped:
            self.logger.warning(
                "%s page %d: %d roll items without id or URL skipped", channel.name, page, listing.skipped
            )
            self.count("listing/items_unusable", listing.skipped)
        self.count("listing/pages_ok")
        ids = [e.doc_id for e in listing.entries]
        known = self.archive.lookup(ids) if self.archive else {}
        gone = (
            set()
            if self.crawl_options.retry_gone or not self.archive
            else self.archive.gone(ids, min_failures=self.gone_after)
        )
        yield from self.article_requests(listing, channel, known, gone)
        relevant = [e for e in listing.entries if self.is_article_url(e.url) and self.crawl_options.in_window(e.ctime)]
        all_known = bool(relevant) and all(e.doc_id in known or e.doc_id in gone for e in relevant)
        if self.wants_next_page(listing, page, all_known=all_known):
            yield self.roll_request(channel, page=page + 1)
        self.settled(roll_task(channel.pageid, channel.lid, page))

    @staticmethod
    def read_listing(response: Response) -> RollPage:
        if not isinstance(response, TextResponse):
            raise ListingError("not_text", f"response is {response.headers.get('Content-Type', b'')!r}, not text")
        return parse_roll_page(response.text)

    def retry_or_fail_listing(
        self,
        response: Response,
        channel: Channel,
        page: int,
        error: ListingError,
    ) -> Iterator[scrapy.Request]:
        """Ask again (``RETRY_TIMES``): a garbled or refused page is usually transient; a lasting refusal (a
        pageid/lid mismatch answers 未注册 every time) costs a few requests, then the page counts as failed."""
        retry = self.retry(response, f"roll API {error.reason}")
        if retry is not None:
            self.count("listing/retried")
            yield retry
        else:
            self.listing_failed(channel, page, error.reason, str(error))

    def article_requests(
        self,
        listing: RollPage,
        channel: Channel,
        known: dict[str, KnownArticle],
        gone: set[str],
    ) -> Iterator[scrapy.Request]:
        """Requests for the entries worth fetching: new ones, and archived ones the roll API reports changed."""
        for entry in listing.entries:
            self.count("listing/items")
            if not self.crawl_options.in_window(entry.ctime):
                self.count("skipped/outside_window")
            elif entry.doc_id in self.scheduled:
                self.count("skipped/duplicate")
            elif not self.is_article_url(entry.url):
                self.logger.info("not an article page, skipped: %s", entry.url)
                self.count("skipped/not_article_url")
            elif entry.doc_id in known and not is_changed(entry, known[entry.doc_id]):
                self.count("skipped/unchanged")
            elif entry.doc_id in gone:
                self.count("skipped/gone")
            else:
                self.scheduled.add(entry.doc_id)
                self.count("listing/updated" if entry.doc_id in known else "listing/new")
                yield self.article_request(entry, self.channel_of(entry, channel), known.get(entry.doc_id))

    def channel_of(self, entry: RollEntry, listed_under: Channel) -> Channel:
        """The first of this crawl's channels (in the order asked for) whose column the entry lists, so that an
        article listed by several gets the same categories whichever listing page is read first (cluster workers
        read them in any order); the listing's own channel when Sina sends no ``lids``."""
        return next((c for c in self.crawl_options.channels if str(c.lid) in entry.lids), listed_under)

    def article_request(self, entry: RollEntry, channel: Channel, known: KnownArticle | None) -> scrapy.Request:
        return scrapy.Request(
            entry.url,
            callback=self.parse_article,
            errback=self.article_failed,
            cb_kwargs={"entry": entry, "channel": channel, "known_path": known.path if known else ""},
            meta={TASK_META: article_task(entry.doc_id)},
        )

    def is_article_url(self, url: str) -> bool:
        """A page on a Sina host (or the roll API's own host: a simulator or mirror serves both), not a slide
        show or video page."""
        host = (urlsplit(url).hostname or "").lower()
        if host.startswith(NON_ARTICLE_HOST_PREFIXES):
            return False
        return host == self.roll_api_host or any(host == s or host.endswith("." + s) for s in SINA_HOST_SUFFIXES)

    @cached_property
    def roll_api_host(self) -> str:
        """The roll API's host, read once (``roll_api`` is fixed by ``configure`` before the first request)."""
        return (urlsplit(self.roll_api).hostname or "").lower()

    def wants_next_page(self, listing: RollPage, page: int, *, all_known: bool) -> bool:
        """A short page is the last; so is the page limit, a page past ``since``, and (without ``since``) a page
        whose items are all archived already: everything older was archived by earlier runs."""
        if listing.raw_count < self.page_size or page >= self.crawl_options.max_pages:
            return False
        if self.crawl_options.since is None and all_known:
            return False
        oldest = min((entry.ctime for entry in listing.entries), default=0)
        return not self.crawl_options.older_than_window(oldest)

    def parse_article(
        self,
        response: Response,
        entry: RollEntry,
        channel: Channel,
        known_path: str = "",
    ) -> Iterator[Article | scrapy.Request]:
        if not isinstance(response, TextResponse):
            self.article_dropped(entry, "not_text", "response is not text", status=response.status)
            return
        if redirected_to := login_redirect(response):
            self.article_dropped(entry, "login_redirect", f"redirected to {redirected_to}")
            return
        try:
            article = parse_article(response, entry=entry, channel=channel, crawled_at=datetime.now(UTC))
        except NotAnArticle as exc:
            retry = self.retry(response, exc.reason) if exc.reason == "truncated" else None
            if retry is not None:
                yield retry
            else:
                self.article_dropped(entry, exc.reason, str(exc))
            return
        article.post_path = known_path  # an updated article keeps the path it was first written at
        yield article

    def retry(self, response: Response, reason: str) -> scrapy.Request | None:
        """Another try of ``response``'s request, or ``None`` once ``RETRY_TIMES`` are used up."""
        if response.request is None:  # only a response made outside a crawl has no request
            return None
        return get_retry_request(response.request, spider=self, reason=reason)

    def article_dropped(self, entry: RollEntry, reason: str, message: str, *, status: int = 200) -> None:
        self.logger.warning("not archived (%s): %s: %s", reason, entry.url, message)
        self.count(f"failed/{reason}")
        if reason in DEAD_END_REASONS or status in GONE_STATUSES:
            self.remember_dead_end(entry, status, reason)
        self.settled(article_task(entry.doc_id))

    def article_failed(self, failure: Failure) -> None:
        entry: RollEntry = failed_request(failure).cb_kwargs["entry"]
        if isinstance(failure.value, IgnoreRequest) and "robots.txt" in failure.getErrorMessage():
            # Not a failure: the site asks us not to fetch it. Remembered like a page without article.
            self.logger.info("not fetched (robots.txt forbids it): %s", entry.url)
            self.count("skipped/robots_txt")
            self.remember_dead_end(entry, 0, "robots_txt")
            self.settled(article_task(entry.doc_id))
            return
        status = failure.value.response.status if isinstance(failure.value, HttpError) else 0
        self.article_dropped(
            entry, failure_reason(failure), f"fetch failed: {failure.getErrorMessage()}", status=status
        )

    def remember_dead_end(self, entry: RollEntry, status: int, reason: str) -> None:
        """Count one more run on which this listed article held nothing to archive (see ``GONE_STATUSES``)."""
        if self.archive is None:
            return
        runs = self.archive.record_gone(entry.doc_id, entry.url, status, reason)
        if runs >= self.gone_after:
            self.logger.info(
                "%s: nothing to archive on %d runs (%s): not fetched again (-a retry_gone=yes)", entry.url, runs, reason
            )

    def roll_failed(self, failure: Failure) -> None:
        request = failed_request(failure)
        channel, page = request.cb_kwargs["channel"], request.cb_kwargs["page"]
        self.listing_failed(channel, page, failure_reason(failure), failure.getErrorMessage())

    def listing_failed(self, channel: Channel, page: int, reason: str, message: str) -> None:
        self.logger.error("roll API %s page %d unusable (%s): %s", channel.name, page, reason, message)
        self.count(f"listing/failed/{reason}")
        self.settled(roll_task(channel.pageid, channel.lid, page))

    def settled(self, task: str) -> None:
        """The work ``task`` stands for is done and its follow-ups are queued: a cluster worker ends its lease
        (an article handed to the writer ends it in ``HandoffPipeline``). Nothing to do in a crawl alone."""
        if self.cluster is not None:
            self.cluster.release(task)

    def count(self, key: str, amount: int = 1) -> None:
        count(self.crawler, key, amount)
