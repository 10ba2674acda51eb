"""``python -m sinaarchive reextract|page``: the WARC commands (dispatched from ``sinaarchive.__main__``).

Exit status: 0 good (``reextract`` counts pages that hold no article in its line, it does not fail on them); 1 ``page`` found no
capture; 2 bad usage (no WARC files, a bad date, a missing folder); 75 a crawl holds the archive.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scrapy.utils.project import get_project_settings

from sinaarchive.archive.catalog import CATALOG_NAME, Catalog
from sinaarchive.images.options import LINK_MODES, image_options
from sinaarchive.options import BadOption, parse_crawl_options
from sinaarchive.warc.captures import capture_of
from sinaarchive.warc.reader import read_member, resolve
from sinaarchive.warc.reextract import NoWarcFiles, reextract

__all__ = ["COMMANDS", "NoWarcFiles", "add_commands", "run"]

COMMANDS = ("reextract", "page")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> list[argparse.ArgumentParser]:
    """Add ``reextract`` and ``page`` to ``python -m sinaarchive``'s commands; returns their parsers."""
    again = commands.add_parser("reextract", help="rebuild posts and catalog rows from the WARC files alone")
    again.add_argument("--since", metavar="YYYY-MM-DD", help="only articles created on or after this Beijing day")
    again.add_argument("--until", metavar="YYYY-MM-DD", help="only articles created on or before this Beijing day")
    again.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    again.add_argument(
        "--image-links",
        choices=LINK_MODES,
        help="link the posts' images to Sina or to the stored copies (default: SINAARCHIVE_IMAGE_LINKS of the settings)",
    )
    page = commands.add_parser("page", help="where an article's raw page is, and optionally its HTML")
    page.add_argument("doc_id", metavar="DOCID")
    page.add_argument("--html", metavar="FILE", help="write the page's body, as served, to FILE")
    return [again, page]


def run(args: argparse.Namespace, root: Path) -> int:
    """Run ``reextract`` or ``page`` on the archive in ``root``; usage errors raise ``BadOption``."""
    if args.command == "reextract":
        return run_reextract(root, args)
    return run_page(root, args.doc_id, args.html)


def run_reextract(root: Path, args: argparse.Namespace) -> int:
    if args.jobs < 1:
        raise BadOption(f"--jobs {args.jobs}: give a number of worker processes, 1 or more")
    try:
        options = parse_crawl_options(since=args.since, until=args.until)
    except BadOption as exc:
        raise BadOption(str(exc).replace("-a since=", "--since ").replace("-a until=", "--until ")) from None
    summary = reextract(root, options, jobs=args.jobs, image_links=image_links(args.image_links))
    print(summary.line())
    return 0


def image_links(option: str | None) -> str | None:
    """``--image-links``, else what a crawl with the project's settings does (``None``: images off)."""
    if option is not None:
        return option
    images = image_options(get_project_settings())
    if not images.enabled:
        return None
    return "local" if images.local_links else "sina"


def run_page(root: Path, doc_id: str, html: str | None) -> int:
    if not (root / CATALOG_NAME).is_file():
        raise BadOption(f"no catalog in {root}; run a crawl, or `python -m sinaarchive reextract`")
    catalog = Catalog.in_folder(root)
    try:
        capture = capture_of(catalog.db, doc_id)
    finally:
        catalog.close()
    if capture is None:
        print(f"sinaarchive: no capture recorded for {doc_id} (crawled without WARC capture, or not archived)")
        return 1
    print(f"docid: {doc_id}")
    print(f"file: {capture.file}")
    print(f"offset: {capture.offset} (length {capture.length})")
    print(f"uri: {capture.target_uri}")
    print(f"captured: {capture.captured_at}")
    print(f"record: {capture.record_id}")
    if html:
        warc_file = resolve(root, capture.file)
        if not warc_file.is_file():  # a cluster worker's file, not yet gathered into this archive
            print(f"sinaarchive: {capture.file} is not in {root}; copy the WARC files of the workers there")
            return 1
        record = read_member(warc_file, capture.offset, capture.length)
        Path(html).write_bytes(record.content_stream().read())
        print(f"html: written to {html}")
    return 0
