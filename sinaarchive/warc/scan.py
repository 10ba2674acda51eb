"""The first pass of ``reextract``: what the WARC files hold, read from the record heads only.

Roll-API responses give listing entries (by record id, with the ``lid`` of their URL); article page responses give
captures, grouped by doc id. ``tasks`` pairs each article's captures (newest first) with the entry of the roll page
that listed it, so ``reextract`` parses each page with the listing data the crawl had.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from sinaarchive.channels import CHANNELS, DEFAULT_CHANNEL
from sinaarchive.items import RollEntry
from sinaarchive.options import CrawlOptions
from sinaarchive.parsing.listing import ListingError, doc_id_from_url, parse_roll_page
from sinaarchive.warc.reader import parse_record, record_heads
from sinaarchive.warc.writer import LISTING_FIELD

_CHANNEL_BY_LID = {str(channel.lid): channel for channel in CHANNELS}


@dataclass(frozen=True, kw_only=True)
class PageCapture:
    """One response record of an article page."""

    file: Path
    relative: str
    offset: int
    length: int
    record_id: str
    target_uri: str
    captured_at: str
    listing_record: str


@dataclass(frozen=True, kw_only=True)
class Task:
    """One article to re-extract: its captures (newest first), its listing entry and channel, its known path."""

    doc_id: str
    captures: tuple[PageCapture, ...]
    entry: RollEntry
    channel: str
    known_path: str


def is_roll_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path.endswith("/roll/get") and "lid" in parse_qs(parts.query)


@dataclass
class Scan:
    """What the first pass learns: listing entries by roll record, and the captures of each article page."""

    listings: dict[str, tuple[str, dict[str, RollEntry]]] = field(default_factory=dict)
    latest_entry: dict[str, tuple[str, RollEntry]] = field(default_factory=dict)
    pages: dict[str, list[PageCapture]] = field(default_factory=dict)


def scan(root: Path, files: Iterable[Path]) -> Scan:
    result = Scan()
    for path in files:
        relative = path.relative_to(root).as_posix()
        for found in record_heads(path):
            record = parse_record(found.head)
            if record.rec_type != "response" or record.http_headers is None:
                continue
            if record.http_headers.get_statuscode() != "200":
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
            offset, length = found.offset, found.length
            if is_roll_url(uri):
                _add_listing(result, uri, record_id, parse_record(found.whole()).content_stream().read())
            elif doc_id := doc_id_from_url(uri):
                result.pages.setdefault(doc_id, []).append(
                    PageCapture(
                        file=path,
                        relative=relative,
                        offset=offset,
                        length=length,
                        record_id=record_id,
                        target_uri=uri,
                        captured_at=record.rec_headers.get_header("WARC-Date") or "",
                        listing_record=record.rec_headers.get_header(LISTING_FIELD) or "",
                    )
                )
    return result


def _add_listing(result: Scan, uri: str, record_id: str, body: bytes) -> None:
    try:
        page = parse_roll_page(body.decode("utf-8", errors="replace"))
    except ListingError:
        return
    lid = parse_qs(urlsplit(uri).query)["lid"][0]
    entries: dict[str, RollEntry] = {}
    for entry in page.entries:
        entries[entry.url] = entry
        entries.setdefault(entry.doc_id, entry)
        result.latest_entry[entry.doc_id] = (lid, entry)
    result.listings[record_id] = (lid, entries)


def tasks(scanned: Scan, options: CrawlOptions, known_paths: dict[str, str]) -> Iterator[Task]:
    """One task per article page with a listing entry inside the date window, newest capture first."""
    for doc_id, captures in scanned.pages.items():
        newest_first = tuple(sorted(captures, key=lambda c: c.captured_at, reverse=True))
        found = _entry_for(scanned, doc_id, newest_first[0])
        if found is None:
            continue
        lid, entry = found
        if not options.in_window(entry.ctime):
            continue
        channel = _CHANNEL_BY_LID.get(lid, DEFAULT_CHANNEL)
        yield Task(
            doc_id=doc_id,
            captures=newest_first,
            entry=entry,
            channel=channel.name,
            known_path=known_paths.get(doc_id, ""),
        )


def _entry_for(scanned: Scan, doc_id: str, capture: PageCapture) -> tuple[str, RollEntry] | None:
    """The entry of the roll page that listed this capture's request, else the last listing that had the id."""
    listing = scanned.listings.get(capture.listing_record)
    if listing is not None:
        lid, entries = listing
        entry = entries.get(capture.target_uri) or entries.get(doc_id)
        if entry is not None:
            return lid, entry
    return scanned.latest_entry.get(doc_id)
