"""WARC capture pieces without a crawl: the writer's records and digests, rollover and names, the reader's torn
tail and repair, the middleware's placement, and a gzip-encoded page read back as the crawl saw it."""

from __future__ import annotations

import gzip
import hashlib
from base64 import b32encode
from datetime import UTC, datetime

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from sinaarchive.warc.http import LISTING_META, exchange
from sinaarchive.warc.middleware import WarcCaptureMiddleware
from sinaarchive.warc.reader import complete_length, iter_members, read_member, recover_open_files
from sinaarchive.warc.reextract import response_of
from sinaarchive.warc.scan import PageCapture
from sinaarchive.warc.writer import LISTING_FIELD, WarcFileWriter, file_name
from warc_helpers import warcio

URL = "http://finance.sina.com.cn/china/2026-09-28/doc-izrcyykj1948708.shtml"
PAGE = "<html><head><title>标题</title></head><body><div id='artibody'><p>正文</p></div></body></html>".encode()


def sha1_b32(data: bytes) -> str:
    return "sha1:" + b32encode(hashlib.sha1(data).digest()).decode()  # noqa: S324  # WARC's customary digest


def page_exchange(body: bytes = PAGE, headers: dict[str, str] | None = None, **meta: str):
    request = Request(URL, headers={"User-Agent": "test", "Accept-Encoding": "gzip"}, meta=meta)
    response = HtmlResponse(
        URL, body=body, headers=headers or {"Content-Type": "text/html; charset=utf-8"}, request=request
    )
    return exchange(request, response)


def records(path):
    with path.open("rb") as stream:
        return [(r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read()) for r in ArchiveIterator(stream)]


def writer(tmp_path, max_size: int = 1 << 30) -> WarcFileWriter:
    return WarcFileWriter(tmp_path, max_size=max_size, info={"software": "test"})


def test_a_response_and_its_request_become_two_records_with_matching_digests(tmp_path):
    out = writer(tmp_path)
    capture = out.write(page_exchange(**{LISTING_META: "<urn:uuid:roll>"}))
    out.close()
    (path,) = (tmp_path / "warc").iterdir()
    assert capture.file == f"warc/{path.name}" and path.name.endswith(".warc.gz")
    info, response, request = records(path)
    assert info[0] == "warcinfo" and response[0] == "response" and request[0] == "request"
    headers = response[1]
    assert headers.protocol == "WARC/1.1"
    assert headers.get_header("WARC-Target-URI") == URL == capture.target_uri
    assert headers.get_header("WARC-Payload-Digest") == sha1_b32(PAGE)
    assert headers.get_header(LISTING_FIELD) == "<urn:uuid:roll>"
    assert headers.get_header("WARC-Record-ID") == capture.record_id
    assert request[1].get_header("WARC-Concurrent-To") == capture.record_id
    assert response[2].statusline == "200 OK" and response[3] == PAGE
    assert request[2].protocol == "GET" and request[2].get_header("Host") == "finance.sina.com.cn"
    assert read_member(path, capture.offset, capture.length).rec_headers.get_header("WARC-Record-ID") == (
        capture.record_id
    )
    assert datetime.fromisoformat(capture.captured_at).tzinfo is not None
    assert warcio("check", path).returncode == 0


def test_a_gzip_body_is_kept_as_sent_and_read_back_decoded(tmp_path):
    encoded = gzip.compress(PAGE)
    out = writer(tmp_path)
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}
    capture = out.write(page_exchange(encoded, headers))
    out.close()
    (path,) = (tmp_path / "warc").iterdir()
    record = read_member(path, capture.offset, capture.length)
    assert record.http_headers.get_header("Content-Encoding") == "gzip"
    assert record.rec_headers.get_header("WARC-Payload-Digest") == sha1_b32(encoded)  # the bytes as sent
    assert record.raw_stream.read() == encoded
    seen = response_of(
        PageCapture(
            file=path,
            relative=capture.file,
            offset=capture.offset,
            length=capture.length,
            record_id=capture.record_id,
            target_uri=URL,
            captured_at=capture.captured_at,
            listing_record="",
        )
    )
    assert isinstance(seen, HtmlResponse) and seen.body == PAGE and "Content-Encoding" not in seen.headers
    assert warcio("check", path).returncode == 0


def test_a_chunked_response_loses_its_transfer_encoding(tmp_path):
    out = writer(tmp_path)
    capture = out.write(page_exchange(headers={"Content-Type": "text/html", "Transfer-Encoding": "chunked"}))
    out.close()
    record = read_member(tmp_path / capture.file, capture.offset, capture.length)
    assert record.http_headers.get_header("Transfer-Encoding") is None
    assert record.http_headers.get_header("X-Archive-Orig-Transfer-Encoding") == "chunked"
    assert record.content_stream().read() == PAGE


def test_files_roll_over_at_the_size_limit_and_never_share_a_name(tmp_path):
    out = writer(tmp_path, max_size=1000)
    captures = [out.write(page_exchange()) for _ in range(3)]
    out.close()
    assert len({c.file for c in captures}) == 3
    names = sorted(p.name for p in (tmp_path / "warc").iterdir())
    assert [n.rsplit("-", 1)[1] for n in names] == ["00000.warc.gz", "00001.warc.gz", "00002.warc.gz"]
    assert all(records(tmp_path / c.file)[0][0] == "warcinfo" for c in captures)  # each file says what it is


def test_file_names_hold_time_host_and_process():
    name = file_name(datetime(2026, 12, 6, 16, 48, tzinfo=UTC), "crawl box/1", 1234, 7)
    assert name == "sinaarchive-20261206T164800Z-crawl_box_1-1234-00007.warc.gz"


def test_a_torn_last_record_is_ignored_then_cut_away(tmp_path):
    out = writer(tmp_path)
    kept = [out.write(page_exchange()) for _ in range(2)]
    path = tmp_path / kept[0].file
    out._out.close()  # a killed run: never closed, still ".open"
    open_path = path.with_name(path.name + ".open")
    whole = open_path.read_bytes()
    open_path.write_bytes(whole + whole[kept[1].offset : kept[1].offset + kept[1].length // 2])
    assert complete_length(open_path) == len(whole)
    assert [offset for offset, _, _ in iter_members(open_path)][-2:] == [
        kept[1].offset,
        kept[1].offset + kept[1].length,
    ]  # the response, then its request; the torn copy is not yielded
    # As the kill left it, warcio would list the torn half as one more record (and not flag it): it must go.
    assert f'"offset": "{len(whole)}"' in warcio("index", open_path).stdout
    (repair,) = recover_open_files(tmp_path)
    assert (repair.path, repair.removed_bytes) == (path, kept[1].length // 2)
    assert path.read_bytes() == whole and not open_path.exists()
    assert warcio("check", path).returncode == 0
    assert f'"offset": "{len(whole)}"' not in warcio("index", path).stdout
    assert recover_open_files(tmp_path) == []


def test_an_open_file_without_a_complete_record_is_removed(tmp_path):
    (tmp_path / "warc").mkdir()
    empty = tmp_path / "warc" / "sinaarchive-20261206T164800Z-h-1-00000.warc.gz.open"
    empty.write_bytes(gzip.compress(b"WARC/1.1\r\n")[:10])
    recover_open_files(tmp_path)
    assert list((tmp_path / "warc").iterdir()) == []


def test_capture_sits_below_decompression_and_above_redirects():
    from sinaarchive import settings

    order = settings.DOWNLOADER_MIDDLEWARES["sinaarchive.warc.middleware.WarcCaptureMiddleware"]
    assert 590 < order < 600 or 600 < order < 700  # HttpCompressionMiddleware 590, RedirectMiddleware 600


def test_capture_can_be_turned_off(tmp_path):
    from scrapy.exceptions import NotConfigured

    crawler = get_crawler(settings_dict={"SINAARCHIVE_WARC_ENABLED": False, "SINAARCHIVE_OUTPUT_DIR": str(tmp_path)})
    with pytest.raises(NotConfigured):
        WarcCaptureMiddleware.from_crawler(crawler)


def test_each_member_declares_its_length_so_readers_can_hop_over_bodies(tmp_path):
    from sinaarchive.warc.reader import record_heads
    from sinaarchive.warc.writer import gzip_member, member_length

    member = gzip_member(b"x" * 100_000)
    assert member_length(member) == len(member) and gzip.decompress(member) == b"x" * 100_000
    assert member_length(gzip.compress(b"x")) is None  # another writer's member
    out = writer(tmp_path)
    kept = [out.write(page_exchange()) for _ in range(2)]
    out._out.close()
    (open_path,) = (tmp_path / "warc").iterdir()
    whole = open_path.read_bytes()
    open_path.write_bytes(whole + whole[kept[1].offset : kept[1].offset + 100])  # a torn copy of a record
    heads = list(record_heads(open_path))
    assert [h.offset for h in heads] == [offset for offset, _, _ in iter_members(open_path)]
    assert heads[-1].offset + heads[-1].length == len(whole)  # the torn tail is not a record
    assert heads[1].whole().startswith(b"WARC/1.1\r\n") and heads[1].head.startswith(b"WARC/1.1\r\n")


def test_files_of_another_writer_are_read_member_by_member(tmp_path):
    import io

    from warcio.warcwriter import WARCWriter

    from sinaarchive.warc.reader import record_heads

    buffer = io.BytesIO()
    other = WARCWriter(buffer, gzip=True, warc_version="1.1")
    for n in range(3):
        record = other.create_warc_record(f"http://example.org/{n}", "resource", payload=io.BytesIO(b"x"), length=1)
        other.write_record(record)
    path = tmp_path / "other.warc.gz"
    path.write_bytes(buffer.getvalue())
    heads = list(record_heads(path))
    assert [h.offset for h in heads] == [offset for offset, _, _ in iter_members(path)] and len(heads) == 3
    assert all(b"WARC-Type: resource" in h.head for h in heads)
