"""Reading the archive's WARC files back, and repairing the torn tail a killed run leaves.

Every record is its own gzip member, so a file is sound up to the last member that decompresses completely (zlib
checks the member's CRC and length). ``complete_length`` finds that point; ``recover_open_files`` cuts a ``.open``
file (one no run is writing: the caller holds the archive lock) back to it and gives it its final name, after which
``warcio check`` and ``warcio index`` accept it. Readers here read only files so repaired, or single members by the
offset and length the catalog recorded.
"""

from __future__ import annotations

import io
import logging
import os
import re
import socket
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from sinaarchive.processes import process_running
from sinaarchive.warc.writer import OPEN_SUFFIX, PREFIX, SUFFIX, WARC_DIR, file_name_host, member_length

logger = logging.getLogger(__name__)
_CHUNK = 1 << 20


def warc_files(root: Path) -> list[Path]:
    """The archive's closed WARC files, oldest first (names start with the writer's start time)."""
    folder = root / WARC_DIR
    return sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []


def iter_members(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """(offset, compressed length, decompressed bytes) of each complete gzip member; stops at a torn tail."""
    with path.open("rb") as stream:
        pending = b""
        offset = 0
        while True:
            decompressor = zlib.decompressobj(zlib.MAX_WBITS + 16)
            parts, used = [], 0
            data = pending or stream.read(_CHUNK)
            while True:
                if not data:
                    return  # end of file: nothing more, or a torn member
                try:
                    parts.append(decompressor.decompress(data))
                except zlib.error:
                    return
                if decompressor.eof:
                    pending = decompressor.unused_data
                    used += len(data) - len(pending)
                    break
                used += len(data)
                data = stream.read(_CHUNK)
            yield offset, used, b"".join(parts)
            offset += used
            if not pending:
                pending = stream.read(_CHUNK)
                if not pending:
                    return


# What ``record_heads`` inflates of each record: the WARC and HTTP headers always fit.
HEAD_BYTES = 16384


@dataclass(frozen=True)
class RecordHead:
    """The start of one record (its WARC and HTTP headers), and how to load the whole of it."""

    path: Path
    offset: int
    length: int
    head: bytes

    def whole(self) -> bytes:
        with self.path.open("rb") as stream:
            stream.seek(self.offset)
            return zlib.decompress(stream.read(self.length), zlib.MAX_WBITS + 16)


def record_heads(path: Path) -> Iterator[RecordHead]:
    """Each record's head, hopping from member to member by the lengths their gzip headers declare (only the
    first bytes of each are inflated). A file of another writer's members is read member by member in full; a
    member that runs past the end of the file (a torn tail) ends the file."""
    size = path.stat().st_size
    with path.open("rb") as stream:
        offset = 0
        while offset < size:
            stream.seek(offset)
            start = stream.read(HEAD_BYTES // 2)
            length = member_length(start)
            if length is None:
                if offset == 0:  # not written by us: the slow way
                    for at, member_size, data in iter_members(path):
                        yield RecordHead(path, at, member_size, data)
                else:
                    logger.warning("%s: no record length at offset %d; the rest is skipped", path.name, offset)
                return
            if offset + length > size:
                return
            try:
                head = zlib.decompressobj(zlib.MAX_WBITS + 16).decompress(start[:length], HEAD_BYTES)
            except zlib.error:
                logger.warning("%s: a damaged record at offset %d; the rest is skipped", path.name, offset)
                return
            yield RecordHead(path, offset, length, head)
            offset += length


def complete_length(path: Path) -> int:
    """Bytes of ``path`` made of complete gzip members: the whole file unless its last member is torn."""
    end = 0
    for offset, length, _ in iter_members(path):
        end = offset + length
    return end


@dataclass(frozen=True)
class Repair:
    path: Path
    removed_bytes: int


def written_by_live_process(path: Path) -> bool:
    """The file's name says this host and another process that is running (a cluster worker sharing the folder):
    its file is still being written. This process recovers before it opens a file of its own."""
    match = re.fullmatch(rf"{PREFIX}-\d{{8}}T\d{{6}}Z-(.+)-(\d+)-\d+{re.escape(SUFFIX + OPEN_SUFFIX)}", path.name)
    if match is None or match[1] != file_name_host(socket.gethostname()) or int(match[2]) == os.getpid():
        return False
    return process_running(int(match[2]))


def recover_open_files(root: Path) -> list[Repair]:
    """Repair the ``.open`` files of killed runs: cut the torn tail, then rename; an empty file is deleted.

    A file whose writer is still running on this host (its name gives host and process id) is left alone: cluster
    workers on one machine may share the folder.
    """
    folder = root / WARC_DIR
    repairs = []
    for path in sorted(folder.glob(f"*{SUFFIX}{OPEN_SUFFIX}")) if folder.is_dir() else []:
        if written_by_live_process(path):
            continue
        size = path.stat().st_size
        keep = complete_length(path)
        final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
        if keep == 0:
            path.unlink()
        else:
            if keep < size:
                with path.open("r+b") as stream:
                    stream.truncate(keep)
            path.replace(final)
        repairs.append(Repair(final, size - keep))
        logger.warning("WARC file left open by a killed run repaired: %s (%d torn bytes cut)", final.name, size - keep)
    return repairs


def parse_record(data: bytes) -> ArcWarcRecord:
    """The record in one decompressed member; its content can be read once."""
    return next(iter(ArchiveIterator(io.BytesIO(data))))


def read_member(path: Path, offset: int, length: int) -> ArcWarcRecord:
    """The record in the gzip member at ``offset``; raises ``ValueError`` when that member is not complete."""
    with path.open("rb") as stream:
        stream.seek(offset)
        data = stream.read(length)
    decompressor = zlib.decompressobj(zlib.MAX_WBITS + 16)
    try:
        raw = decompressor.decompress(data)
    except zlib.error as exc:
        raise ValueError(f"{path.name} offset {offset}: not a gzip member ({exc})") from None
    if not decompressor.eof:
        raise ValueError(f"{path.name} offset {offset}: the record is incomplete")
    return parse_record(raw)


def resolve(root: Path, relative: str) -> Path:
    """A catalogued WARC file; a run still writing it (or killed before repair) has it ``.open``."""
    path = root / relative
    return path if path.exists() else path.with_name(path.name + OPEN_SUFFIX)
