"""Helpers for the WARC tests: run the real ``warcio`` command line, list records, record what a simulator served."""

from __future__ import annotations

import gzip
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from sinasim.messages import SimResponse

# warcio has no ``__main__``: its console script is ``warcio.cli:main``.
WARCIO = [sys.executable, "-c", "import sys; from warcio.cli import main; main(sys.argv[1:])"]


def warcio(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*WARCIO, *map(str, args)], capture_output=True, text=True, timeout=120, check=False)


def warc_files(root: Path) -> list[Path]:
    return sorted((root / "warc").glob("*.warc.gz*"))


def responses(root: Path) -> list[tuple[str, str, bytes]]:
    """(target URI, HTTP status, raw payload) of every response record, in file order."""
    found = []
    for path in warc_files(root):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    found.append((uri, record.http_headers.get_statuscode(), record.raw_stream.read()))
    return found


@dataclass(kw_only=True)
class Recording(SimResponse):
    """A rule's answer that lets the simulator answer as usual and keeps the body it served, by path?query."""

    served: dict[str, list[bytes]]

    def resolve(self, request, downstream, *, site, urls):
        answer = downstream()
        key = f"{request.path}?{request.query}" if request.query else request.path
        self.served.setdefault(key, []).append(answer.body)
        return answer


def recorder(served: dict[str, list[bytes]]):
    return lambda request: Recording(served=served)


@dataclass(kw_only=True)
class Redesigned(SimResponse):
    """The usual page with its body container renamed: markup no template of the crawler reads."""

    def resolve(self, request, downstream, *, site, urls):
        answer = downstream()
        return replace(answer, body=answer.body.replace(b'id="artibody"', b'id="artibody2027"'))


@dataclass(kw_only=True)
class Gzipped(SimResponse):
    """The usual answer, sent with ``Content-Encoding: gzip`` (as Sina's servers do for most clients)."""

    def resolve(self, request, downstream, *, site, urls):
        answer = downstream()
        return replace(
            answer, body=gzip.compress(answer.body, mtime=0), headers=(*answer.headers, ("Content-Encoding", "gzip"))
        )
