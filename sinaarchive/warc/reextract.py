"""``reextract``: rebuild posts and catalog rows from the WARC files alone, with no network.

The roll-API response records give each article's listing entry and channel (the ``lid`` of the request URL); an
article page's response record names the roll record that listed it (``Sinaarchive-Listing-Record``), so the entry
is the one the crawl used. The newest capture of each page that parses wins (an older one is tried when the newest
is cut off or a captcha wall). Pages are parsed, cleaned and rendered by the crawl's own functions
(``parse_article``, the validation and cleaning pipelines, ``Archive.prepare``), in ``jobs`` worker processes; the parent writes, through
the crawl's atomic ``PostStore.write`` (in threads), only the posts whose bytes change, then their catalog rows.

Images (``image_links`` ``sina`` or ``local``, ``None`` when images are off): each post's images are recorded and,
in local mode, linked to the stored copies, as the crawl's ``ImagePipeline`` leaves them
(``sinaarchive.images.maintenance.ReextractedImages``); nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from scrapy.exceptions import DropItem
from scrapy.http import Headers, TextResponse
from scrapy.responsetypes import responsetypes

from sinaarchive.archive import Archive
from sinaarchive.archive.catalog import Catalog, iso_utc
from sinaarchive.archive.readback import post_files
from sinaarchive.channels import Channel, resolve_channels
from sinaarchive.images.links import image_urls
from sinaarchive.images.maintenance import PostImages, ReextractedImages
from sinaarchive.images.options import LINK_MODES
from sinaarchive.items import Article
from sinaarchive.options import CrawlOptions
from sinaarchive.parsing.article import NotAnArticle, parse_article
from sinaarchive.pipelines import CleaningPipeline, ValidationPipeline
from sinaarchive.warc.captures import record_capture
from sinaarchive.warc.reader import read_member, recover_open_files, warc_files
from sinaarchive.warc.scan import PageCapture, Task, scan, tasks
from sinaarchive.warc.writer import SUFFIX, WARC_DIR, Capture

# Reasons to try an older capture of the same page: this one was cut off or a wall, not the article.
_TRY_OLDER = frozenset({"truncated", "anti_bot", "not_text"})
UNSUPPORTED = frozenset({"no_body"})
# Posts being written at once: fsync waits on the disk, not the CPU, so a few threads hide it behind parsing.
WRITER_THREADS = 4
MAX_PENDING_WRITES = 64


class NoWarcFiles(ValueError):
    """Nothing to re-extract from."""


@dataclass(kw_only=True)
class Outcome:
    doc_id: str
    reason: str = ""
    """Empty on success; else why no post was made (``no_body``: no template reads the page)."""
    article: Article | None = None
    relative: str = ""
    text: str = ""
    capture: PageCapture | None = None
    image_urls: list[str] = field(default_factory=list)
    """The images the cleaned body shows (``image_urls``), in order."""
    images: PostImages | None = None
    """Set by the parent before the post is written, when images are on."""


@dataclass(kw_only=True)
class Summary:
    articles: int = 0
    rewritten: int = 0
    unchanged: int = 0
    unsupported: int = 0
    failed: dict[str, int] = field(default_factory=dict)
    files: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        failed = sum(self.failed.values())
        reasons = ", ".join(f"{name}={n}" for name, n in sorted(self.failed.items()))
        return (
            f"reextract: {self.articles} articles from {self.files} WARC files: {self.rewritten} rewritten, "
            f"{self.unchanged} unchanged, {self.unsupported} unsupported (kept in the WARC files), "
            f"failed {failed}{f' ({reasons})' if reasons else ''}, {self.seconds:.1f}s"
        )


def response_of(capture: PageCapture) -> TextResponse | None:
    """The page as Scrapy handed it to the spider: content coding undone, the response class Scrapy picks."""
    record = read_member(capture.file, capture.offset, capture.length)
    assert record.http_headers is not None  # a response record of ours always has them
    body = record.content_stream().read()  # undoes Content-Encoding, as HttpCompressionMiddleware did
    pairs = [
        (name, value)
        for name, value in record.http_headers.headers
        if name.lower() != "content-encoding" and not name.lower().startswith("x-archive-orig-")
    ]
    headers = Headers(pairs, encoding="latin-1")
    cls = responsetypes.from_args(headers=headers, url=capture.target_uri, body=body)
    response = cls(url=capture.target_uri, status=200, headers=headers, body=body)
    return response if isinstance(response, TextResponse) else None


def extract(task: Task) -> Outcome:
    """Parse, clean and render one article from its newest usable capture (runs in a worker process)."""
    channel = resolve_channels(task.channel)[0]
    first_reason = ""
    for capture in task.captures:
        outcome = _extract_one(task, capture, channel)
        if not outcome.reason:
            return outcome
        first_reason = first_reason or outcome.reason
        if outcome.reason not in _TRY_OLDER:
            break
    return Outcome(doc_id=task.doc_id, reason=first_reason)


def _extract_one(task: Task, capture: PageCapture, channel: Channel) -> Outcome:
    try:
        response = response_of(capture)
    except ValueError:
        return Outcome(doc_id=task.doc_id, reason="unreadable_record")
    if response is None:
        return Outcome(doc_id=task.doc_id, reason="not_text")
    try:
        article = parse_article(response, entry=task.entry, channel=channel, crawled_at=_moment(capture))
    except NotAnArticle as exc:
        return Outcome(doc_id=task.doc_id, reason=exc.reason)
    try:  # the crawl's own checks and cleaning: its first two pipelines are pure
        CleaningPipeline().process_item(ValidationPipeline().process_item(article))
    except DropItem as exc:
        return Outcome(doc_id=task.doc_id, reason=type(exc).__name__)
    article.post_path = task.known_path
    relative, text = Archive.prepare(article)
    urls = image_urls(article.clean_html)
    article.body_html = article.clean_html = ""  # in the post now; the catalog row needs neither (less to pickle)
    return Outcome(
        doc_id=task.doc_id, article=article, relative=str(relative), text=text, capture=capture, image_urls=urls
    )


def _moment(capture: PageCapture) -> datetime:
    """The capture's ``WARC-Date`` (the crawl passed its fetch time to the parser, which ignores it for posts)."""
    return datetime.fromisoformat(capture.captured_at)


def known_post_paths(root: Path, catalog: Catalog) -> dict[str, str]:
    """Where each article's post already is: the catalog's path, else a post file named for its doc id."""
    paths = {}
    for path in post_files(root):
        paths[path.stem.rsplit("-", 1)[-1]] = path.relative_to(root).as_posix()
    paths.update({row.doc_id: row.path for row in catalog.rows()})
    return paths


def reextract(root: Path, options: CrawlOptions, *, jobs: int = 1, image_links: str | None = "sina") -> Summary:
    """Rebuild posts and catalog rows in ``root`` from its WARC files; holds the archive lock throughout.

    ``image_links``: ``sina`` or ``local`` as ``SINAARCHIVE_IMAGE_LINKS``; ``None`` (images off) leaves the image
    tables alone and the posts with Sina's URLs.
    """
    if image_links is not None and image_links not in LINK_MODES:
        raise ValueError(f"image_links={image_links!r}: use one of {', '.join(LINK_MODES)}")
    started = time.monotonic()
    if not any((root / WARC_DIR).glob(f"*{SUFFIX}*")):  # before the archive is opened: an empty folder stays empty
        raise NoWarcFiles(f"no WARC files in {root / WARC_DIR}; crawl with SINAARCHIVE_WARC_ENABLED on first")
    archive = Archive(root)  # the lock first: no crawl writes, nothing else repairs
    try:
        recover_open_files(root)
        files = warc_files(root)
        catalog = archive.index
        assert isinstance(catalog, Catalog)  # Archive(root) opens the SQLite catalog
        work = list(tasks(scan(root, files), options, known_post_paths(root, catalog)))
        summary = Summary(files=len(files))
        images = None if image_links is None else ReextractedImages(catalog, root, local=image_links == "local")
        _write_all(archive, catalog, _run(work, jobs), summary, images)
        summary.seconds = time.monotonic() - started
        return summary
    finally:
        archive.close()


def _run(work: list[Task], jobs: int) -> Iterator[Outcome]:
    if jobs <= 1 or len(work) < 2:
        yield from map(extract, work)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(extract, work, chunksize=max(1, min(64, len(work) // (jobs * 4))))


def _write_all(
    archive: Archive,
    catalog: Catalog,
    outcomes: Iterable[Outcome],
    summary: Summary,
    images: ReextractedImages | None,
) -> None:
    """Write the posts in threads (each write ends with an fsync, as the crawl's do, and must not stall parsing)
    and, in this thread, each catalog row once its post is written: a row never exists without its file."""
    pending: deque[tuple[Outcome, Future[tuple[str, bool]]]] = deque()
    recorded = 0
    with ThreadPoolExecutor(max_workers=WRITER_THREADS) as writers:
        for outcome in outcomes:
            if outcome.article is None or outcome.capture is None:
                if outcome.reason in UNSUPPORTED:
                    summary.unsupported += 1
                else:
                    summary.failed[outcome.reason] = summary.failed.get(outcome.reason, 0) + 1
                continue
            if images is not None:
                outcome.images, outcome.text = images.prepare(outcome.image_urls, outcome.text)
            pending.append((outcome, writers.submit(_write_if_changed, archive, outcome.relative, outcome.text)))
            while pending and (pending[0][1].done() or len(pending) > MAX_PENDING_WRITES):
                recorded = _record(archive, catalog, images, *pending.popleft(), summary, recorded)
        while pending:
            recorded = _record(archive, catalog, images, *pending.popleft(), summary, recorded)
    if recorded:
        catalog.db.execute("COMMIT")


def _write_if_changed(archive: Archive, relative: str, text: str) -> tuple[str, bool]:
    """(sha256, written): the crawl's atomic write, skipped when the post already has these bytes."""
    data = text.encode("utf-8")
    target = archive.store.resolve(PurePosixPath(relative))
    if target.is_file() and target.read_bytes() == data:
        return hashlib.sha256(data).hexdigest(), False
    return archive.store.write(PurePosixPath(relative), text), True


def _record(
    archive: Archive,
    catalog: Catalog,
    images: ReextractedImages | None,
    outcome: Outcome,
    written: Future[tuple[str, bool]],
    summary: Summary,
    recorded: int,
) -> int:
    """The catalog rows of one written post, in transactions of 500 rows (one commit each, not one per row)."""
    digest, changed = written.result()
    assert outcome.article is not None and outcome.capture is not None  # only written outcomes are queued
    summary.articles += 1
    if changed:
        summary.rewritten += 1
    else:
        summary.unchanged += 1
    if recorded % 500 == 0:
        if recorded:
            catalog.db.execute("COMMIT")
        catalog.db.execute("BEGIN")
    capture = outcome.capture
    archive.record(outcome.article, digest, now=_moment(capture))
    if images is not None and outcome.images is not None:
        images.record(outcome.doc_id, outcome.images, iso_utc(_moment(capture)) or "")
    record_capture(
        catalog.db,
        outcome.doc_id,
        Capture(
            file=capture.relative,
            offset=capture.offset,
            length=capture.length,
            record_id=capture.record_id,
            target_uri=capture.target_uri,
            captured_at=capture.captured_at,
        ),
    )
    return recorded + 1
