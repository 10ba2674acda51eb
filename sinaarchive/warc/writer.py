"""Writing WARC files that a crash cannot spoil.

Each record is built in memory with warcio (which sets ``WARC-Block-Digest`` and ``WARC-Payload-Digest``),
compressed as its own gzip member and written with one unbuffered ``write`` call: a process killed at any moment
(SIGKILL included) leaves every earlier record complete in the file, because the data is in the kernel once
``write`` returns. Only a power failure can lose more; that is the file system's business (no fsync per record).

A file is written as ``<name>.warc.gz.open`` and renamed to ``<name>.warc.gz`` when closed, as Heritrix does: a
file still ``.open`` when no run holds the archive was left by a killed run, and ``reader.recover_open_files``
cuts its torn tail and renames it. Names hold the start time, the host, the process id and a serial number, so
two processes or two machines never write the same file.
"""

from __future__ import annotations

import io
import os
import re
import socket
import struct
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WARC_DIR = "warc"
SUFFIX = ".warc.gz"
OPEN_SUFFIX = ".open"
PREFIX = "sinaarchive"
# zlib's fastest level: on real-size pages level 6 (zlib's default) takes 2.8x the time for 11 % smaller files,
# and compression is most of what capture costs the crawl (bench/warc.py).
GZIP_LEVEL = 1
# Extension field of an article's response record: the WARC-Record-ID of the roll-API response that listed it.
LISTING_FIELD = "Sinaarchive-Listing-Record"


@dataclass(frozen=True, kw_only=True)
class Capture:
    """Where one response record lies: what the catalog's ``captures`` table stores."""

    file: str
    """The WARC file relative to the output folder (``warc/….warc.gz``), by its final name."""
    offset: int
    """Byte offset of the record's gzip member."""
    length: int
    """Compressed length of that member."""
    record_id: str
    """``WARC-Record-ID`` (``<urn:uuid:…>``)."""
    target_uri: str
    captured_at: str
    """``WARC-Date``, ISO 8601 UTC."""


@dataclass(frozen=True, kw_only=True)
class HttpExchange:
    """One request and the response to it, as HTTP blocks (see ``sinaarchive.warc.http``)."""

    url: str
    request: StatusAndHeaders
    response: StatusAndHeaders
    body: bytes
    """The response body as the server sent it (``Content-Encoding`` kept, chunking undone)."""
    listing_record: str = ""
    """For an article page: the record id of the roll-API response that listed it."""


# Each member's gzip header carries its own compressed length in an extra field (RFC 1952 FEXTRA, subfield
# "SA", 4 bytes little-endian), as BGZF does: ``reextract`` hops from record to record reading only their heads.
# Gzip readers skip extra fields, so every tool still reads the files as plain gzip members.
LENGTH_SUBFIELD = b"SA"
_HEADER = struct.Struct("<BBBBIBBH2sHI")  # ID1 ID2 CM FLG MTIME XFL OS XLEN SI1SI2 LEN value
HEADER_SIZE = _HEADER.size  # 20


def gzip_member(data: bytes) -> bytes:
    """``data`` as one complete gzip member whose header records the member's length."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    deflated = compressor.compress(data) + compressor.flush()
    total = HEADER_SIZE + len(deflated) + 8
    header = _HEADER.pack(0x1F, 0x8B, 8, 4, 0, 0, 255, 8, LENGTH_SUBFIELD, 4, total)
    return header + deflated + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def member_length(head: bytes) -> int | None:
    """The length a member written by ``gzip_member`` declares in its first bytes; ``None`` for other members."""
    if len(head) < HEADER_SIZE:
        return None
    id1, id2, method, flags, _, _, _, xlen, subfield, size, total = _HEADER.unpack_from(head)
    ours = (id1, id2, method, flags, xlen, subfield, size) == (0x1F, 0x8B, 8, 4, 8, LENGTH_SUBFIELD, 4)
    return int(total) if ours else None


def file_name(started: datetime, host: str, pid: int, serial: int) -> str:
    """``sinaarchive-20261206T164800Z-host-1234-00000.warc.gz``."""
    return f"{PREFIX}-{started.astimezone(UTC):%Y%m%dT%H%M%SZ}-{file_name_host(host)}-{pid}-{serial:05d}{SUFFIX}"


def file_name_host(host: str) -> str:
    """The host name as file names carry it."""
    return re.sub(r"[^A-Za-z0-9.-]+", "_", host)[:63] or "host"


@dataclass(frozen=True, kw_only=True)
class EncodedExchange:
    """The two gzip members of an exchange, ready to append."""

    url: str
    record_id: str
    date: str
    response: bytes
    request: bytes


def record_member(builder: WARCWriter, record: object) -> bytes:
    """One record as a gzip member (warcio writes it uncompressed into a buffer; we compress it whole)."""
    buffer = io.BytesIO()
    builder.out = buffer
    builder.write_record(record)
    return gzip_member(buffer.getvalue())


def encode(exchange: HttpExchange) -> EncodedExchange:
    """Build, digest and compress the response and request records of ``exchange``. Thread-safe: it touches no
    file, and zlib and hashlib let other threads run while they work."""
    builder = WARCWriter(io.BytesIO(), gzip=False, warc_version="1.1")
    extra = {LISTING_FIELD: exchange.listing_record} if exchange.listing_record else {}
    response = builder.create_warc_record(
        exchange.url,
        "response",
        payload=io.BytesIO(exchange.body),
        length=len(exchange.body),
        http_headers=exchange.response,
        warc_headers_dict=extra,
    )
    record_id = response.rec_headers.get_header("WARC-Record-ID")
    date = response.rec_headers.get_header("WARC-Date")
    request = builder.create_warc_record(exchange.url, "request", http_headers=exchange.request)
    request.rec_headers.replace_header("WARC-Date", date)
    request.rec_headers.add_header("WARC-Concurrent-To", record_id)
    return EncodedExchange(
        url=exchange.url,
        record_id=record_id,
        date=date,
        response=record_member(builder, response),
        request=record_member(builder, request),
    )


class WarcFileWriter:
    """Appends exchanges to WARC files in ``<root>/warc/``, starting a new file past ``max_size`` bytes."""

    def __init__(self, root: Path, *, max_size: int, info: dict[str, str]) -> None:
        self.root = root
        self.folder = root / WARC_DIR
        self.max_size = max_size
        self.info = info
        self.started = datetime.now(UTC)
        self.host = socket.gethostname()
        self.serial = 0
        self._out: io.FileIO | None = None
        self._name = ""
        self._size = 0
        self.records = 0
        self.bytes_written = 0

    def write(self, exchange: HttpExchange) -> Capture:
        """Write the response record, then its request record; returns where the response record is."""
        return self.append(encode(exchange))

    def append(self, encoded: EncodedExchange) -> Capture:
        """Write records ``encode`` made (the costly part, which may run in another thread) to the current file."""
        if self._out is not None and self._size >= self.max_size:
            self.close()
        if self._out is None:
            self._open()
        offset = self._write_member(encoded.response + encoded.request, records=2)  # one system call for both
        return Capture(
            file=f"{WARC_DIR}/{self._name}",
            offset=offset,
            length=len(encoded.response),
            record_id=encoded.record_id,
            target_uri=encoded.url,
            captured_at=encoded.date,
        )

    def _write_member(self, members: bytes, *, records: int = 1) -> int:
        """Append whole gzip members; returns the offset of the first."""
        assert self._out is not None  # opened by the caller
        offset = self._size
        written = 0
        while written < len(members):  # one write as a rule; a raw file may take less than it is given
            written += self._out.write(members[written:]) or 0
        self._size += len(members)
        self.records += records
        self.bytes_written += len(members)
        return offset

    def _open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        while True:
            self._name = file_name(self.started, self.host, os.getpid(), self.serial)
            self.serial += 1
            path = self.folder / self._name
            if not path.exists() and not path.with_name(path.name + OPEN_SUFFIX).exists():
                break
        # Unbuffered: each member goes to the kernel in one write, nothing waits in a Python buffer.
        self._out = io.FileIO(self.folder / (self._name + OPEN_SUFFIX), "xb")
        self._size = 0
        builder = WARCWriter(io.BytesIO(), gzip=False, warc_version="1.1")
        self._write_member(record_member(builder, builder.create_warcinfo_record(self._name, self.info)))

    def close(self) -> None:
        """Close the current file and give it its final name (without ``.open``)."""
        if self._out is None:
            return
        self._out.close()
        self._out = None
        path = self.folder / self._name
        path.with_name(path.name + OPEN_SUFFIX).replace(path)
