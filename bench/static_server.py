"""A fast stand-in for the simulator: serves a pre-rendered snapshot of it (Twisted, keep-alive, one process).

    python bench/static_server.py SNAPSHOT.pickle PORT

The snapshot maps ``path`` or ``path?query`` to ``(content_type, body)``: every roll page a crawl will ask for,
every article page and robots.txt, rendered by the simulator's own code (``crawl.snapshot``). Anything else is a
404. ``GET /__count__`` answers "<article requests> <all requests>" since the last count. It exists because the simulator's ``http.server`` is slower than Scrapy itself (see bench/README.md): against
it the do-nothing spider measures the simulator, not Scrapy.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from twisted.internet import reactor
from twisted.web import resource, server


class Snapshot(resource.Resource):
    isLeaf = True

    def __init__(self, pages: dict[str, tuple[str, bytes]]) -> None:
        super().__init__()
        self.pages = {key.encode("ascii"): value for key, value in pages.items()}

        self.articles = self.total = 0

    def render_GET(self, request: server.Request) -> bytes:
        if request.uri == b"/__count__":  # requests served since the last count, then reset
            counts, self.articles, self.total = f"{self.articles} {self.total}".encode(), 0, 0
            return counts
        self.total += 1
        self.articles += b"/doc-i" in request.uri
        page = self.pages.get(request.uri)
        if page is None:
            request.setResponseCode(404)
            return b"not found\n"
        content_type, body = page
        request.setHeader(b"content-type", content_type.encode("ascii"))
        return body


def main() -> None:
    with Path(sys.argv[1]).open("rb") as stream:
        pages = pickle.load(stream)  # noqa: S301 - written a moment ago by bench/crawl.py
    site = server.Site(Snapshot(pages))
    site.displayTracebacks = False
    site.log = lambda request: None  # no access log
    port = reactor.listenTCP(int(sys.argv[2]), site, interface="127.0.0.1")  # type: ignore[attr-defined]
    print(f"listening {port.getHost().port}", flush=True)
    reactor.run()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
