"""``Site``: every article, newest first, with a per-lid index; thread-safe touch and add. ``build_site`` makes one."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence

from sinaarchive.channels import CHANNELS, Channel
from sinasim.site.article import SimArticle
from sinasim.site.generator import DEFAULT_START, Generator


class Site:
    """All articles, newest first, plus a per-lid index. Thread-safe: the server reads while tests mutate."""

    def __init__(self, articles: Sequence[SimArticle], generator: Generator, channels: Sequence[Channel]) -> None:
        self._lock = threading.RLock()
        self._generator = generator
        self.channels = tuple(channels)
        self._articles: list[SimArticle] = list(articles)
        self._by_id = {a.doc_id: a for a in self._articles}
        self._by_lid: dict[int, list[SimArticle]] = {ch.lid: [] for ch in self.channels}
        for article in self._articles:
            self._index(article, prepend=False)

    def _index(self, article: SimArticle, *, prepend: bool) -> None:
        for lid in article.lids:
            listing = self._by_lid.get(lid)
            if listing is None:
                continue
            if prepend:
                listing.insert(0, article)
            else:
                listing.append(article)

    @property
    def articles(self) -> list[SimArticle]:
        """A snapshot, newest first."""
        with self._lock:
            return list(self._articles)

    def newest(self, count: int) -> list[SimArticle]:
        with self._lock:
            return self._articles[:count]

    def __len__(self) -> int:
        return len(self._articles)

    def get(self, doc_id: str) -> SimArticle | None:
        return self._by_id.get(doc_id)

    def channel(self, lid: int) -> Channel | None:
        return next((ch for ch in self.channels if ch.lid == lid), None)

    def listing(self, lid: int) -> list[SimArticle]:
        """The articles a lid lists, newest first (a snapshot); empty for a lid the site does not know."""
        with self._lock:
            return list(self._by_lid.get(lid, ()))

    def touch(self, doc_id: str) -> SimArticle:
        """Edit an article: ``mtime`` + 60 s and one more paragraph. Raises ``KeyError`` for an unknown id."""
        with self._lock:
            article = self._by_id[doc_id]
            article.mtime += 60
            article.updates.append(self._generator.update_paragraph(article))
            return article

    def add(self, n: int = 1) -> list[SimArticle]:
        """Publish ``n`` articles newer than every existing one; returns them newest first."""
        with self._lock:
            newest = self._articles[0].ctime if self._articles else self._generator.start
            fresh = []
            for _ in range(n):
                newest += self._generator.gap()
                fresh.append(self._generator.article(newest))
            for article in fresh:  # oldest first, each prepended: the newest ends up first
                self._articles.insert(0, article)
                self._by_id[article.doc_id] = article
                self._index(article, prepend=True)
            return fresh[::-1]


def build_site(
    n_articles: int = 120,
    *,
    seed: int = 0,
    start: int = DEFAULT_START,
    channels: Iterable[Channel] = CHANNELS,
) -> Site:
    """A reproducible site of ``n_articles``; the newest has ``ctime == start``, older ones follow minutes apart."""
    if n_articles < 0:
        raise ValueError(f"n_articles must be >= 0, not {n_articles}")
    channels = tuple(channels)
    generator = Generator(seed=seed, start=start, channels=channels)
    articles = []
    ctime = start
    for _ in range(n_articles):
        articles.append(generator.article(ctime))
        ctime -= generator.gap()
    return Site(articles, generator, channels)
