"""Generating articles: placements and eras drawn from one seeded RNG (``Generator``)."""

from __future__ import annotations

import random
from collections.abc import Sequence

from sinaarchive.channels import Channel
from sinasim import words
from sinasim.site.article import SimArticle
from sinasim.site.drawing import fill
from sinasim.site.parts import Placement

# 2026-09-29 00:34:03 CST: the newest item (page 1 ``start``) of a real roll response.
DEFAULT_START = 1790613243

ERAS = ("v2017", "v2014", "blk", "news")
# Mostly the current template; a few of each older or sister template so every extraction path gets exercised.
_ERA_WEIGHTS = (80, 10, 5, 5)

# Channel paths seen on the real site, each tied to the registry column that would list it.
FINANCE_PLACEMENTS = (
    Placement("china", "china", 1686),
    Placement("china/gncj", "china", 1686),
    Placement("china/hgjj", "china", 1687),
    Placement("china/jrxw", "china", 1690),
    Placement("china/dfjj", "china", 1688),
    Placement("china/bwdt", "china", 1689),
    Placement("chanjing/gsnews", "cj", 1693),
    Placement("roll", "roll", 2519),
    Placement("jjxw", "roll", 2519),
    Placement("stock/s", "stock", 2671),
    Placement("stock/roll", "stock", 2671),
    Placement("stock/usstock/c", "usstock/mggd", 2672),
    Placement("stock/usstock/c", "usstock/mggd", 2673),
    Placement("stock/hkstock/marketalerts", "hkstock", 2674),
    Placement("stock/ggzz", "stock", 2675),
    Placement("world", "usstock/mggd", 2676),
    Placement("money/forex/forexroll", "forex/hsxw", 2487),
    Placement("money/forex/hbfx", "forex/hsxw", 2487),
)
# news.sina.com.cn sister-template articles: ``c`` is 国内, ``w`` 国际.
NEWS_PLACEMENTS = (Placement("c", "gn", 1686), Placement("w", "gj", 2676))
# Lids outside the registry that real items carry too (one real item lists 295, 747, 2509, …).
EXTRA_LIDS = (295, 747, 2509, 2516)


class Generator:
    """Draws articles from one seeded RNG, so a site and its later ``add()`` calls are reproducible."""

    def __init__(self, *, seed: int, start: int, channels: Sequence[Channel]) -> None:
        self.seed = seed
        self.start = start
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.registry_lids = tuple(ch.lid for ch in channels)
        self.finance = tuple(p for p in FINANCE_PLACEMENTS if p.lid in self.registry_lids) or FINANCE_PLACEMENTS
        self.news = tuple(p for p in NEWS_PLACEMENTS if p.lid in self.registry_lids) or self.finance
        self.used_ids: set[str] = set()
        self.count = 0

    def gap(self) -> int:
        return self.rng.randint(45, 400)

    def doc_id(self) -> str:
        while True:
            letters = "".join(self.rng.choices("abcdefghijklmnopqrstuvwxyz", k=7))
            doc_id = f"{letters}{self.rng.randrange(10**7):07d}"
            if doc_id not in self.used_ids:
                self.used_ids.add(doc_id)
                return doc_id

    def article(self, ctime: int) -> SimArticle:
        rng = self.rng
        self.count += 1
        era = rng.choices(ERAS, _ERA_WEIGHTS)[0]
        placement = rng.choice(self.news if era == "news" else self.finance)
        intime = ctime + rng.randint(5, 15)
        doc_id = self.doc_id()
        return SimArticle(
            doc_id=doc_id,
            era=era,
            placement=placement,
            ctime=ctime,
            intime=intime,
            mtime=intime - rng.randint(1, 4),
            lids=self._lids(placement),
            oid=895754956 - self.count * 37,
            seed=f"{self.seed}/{doc_id}",
        )

    def _lids(self, placement: Placement) -> tuple[int, ...]:
        """The placement's lid plus 0-2 other registry lids, plus some unknown ones, sorted like the sample."""
        others = [lid for lid in self.registry_lids if lid != placement.lid]
        chosen = {placement.lid, *self.rng.sample(others, min(len(others), self.rng.choice((0, 0, 1, 2))))}
        chosen.update(lid for lid in EXTRA_LIDS if self.rng.random() < 0.5)
        return tuple(sorted(chosen))

    def update_paragraph(self, article: SimArticle) -> str:
        rng = random.Random(f"{article.seed}/update{len(article.updates)}")  # noqa: S311
        return "\u3000\u3000【更新】" + fill(rng, rng.choice(words.UPDATE_SENTENCES), article.stocks)
