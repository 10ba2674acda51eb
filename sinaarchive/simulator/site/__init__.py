"""A deterministic synthetic Sina Finance: articles, their roll-API listings and their template eras.

``build_site(n, seed=…)`` always gives the same site for the same arguments, so tests can assert on titles, times
and paragraphs. Only the listing fields (id, era, channel, times, lids) are drawn up front, so 10,000 articles
build in about 0.1 s; title, media, stocks, images and paragraphs are drawn on first use from a per-article seed
(the same values whenever they are drawn), and page HTML is rendered per request (``pages.py``).

Facts the model follows (SINA.md):
- ``ctime`` is strictly descending across the site, a few minutes apart; ``intime`` = ``ctime`` + 5..15 s and
  ``mtime`` falls between them, as in the 2026 roll sample (§1.3);
- doc ids are 7 lowercase letters + 7 digits (§6); one article sits in several lids (§1.2);
- ``article:published_time`` equals the creation time or is later (§3).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from sinaarchive.channels import CHANNELS, Channel
from sinaarchive.simulator import words

# 2026-09-29 00:34:03 CST: the newest item of the real roll sample (SINA.md §1.1, page 1 ``start``).
DEFAULT_START = 1790613243
BEIJING_OFFSET = 8 * 3600

ERAS = ("v2017", "v2014", "blk", "news")
# Mostly the current template; a few of each older or sister template so every extraction path gets exercised.
_ERA_WEIGHTS = (80, 10, 5, 5)
FINANCE_HOST = "finance.sina.com.cn"
NEWS_HOST = "news.sina.com.cn"


@dataclass(frozen=True)
class Placement:
    """Where an article lives: its URL channel path, mobile path and the registry lid that lists it first."""

    path: str
    wap_path: str
    lid: int


# Channel paths seen on the real site (SINA.md §6), each tied to the registry column that would list it.
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
# news.sina.com.cn sister-template articles: ``c`` is 国内 (GeneralNewsExtractor tests/sina/5.html), ``w`` 国际.
NEWS_PLACEMENTS = (Placement("c", "gn", 1686), Placement("w", "gj", 2676))
# Lids outside the registry that real items carry too (the sample's first item lists 295, 747, 2509, …).
EXTRA_LIDS = (295, 747, 2509, 2516)


@dataclass(frozen=True)
class SimImage:
    """A body image: protocol-relative URL (as in 2026 raw HTML), caption, and the paragraph it follows."""

    url: str
    caption: str
    after: int
    width: int = 550
    height: int = 315


@dataclass(frozen=True)
class SimStock:
    """A stock the CMS links in the body: ``market`` is ``stock`` (A-share) or ``usstock`` (SINA.md §4)."""

    code: str
    name: str
    market: str

    @property
    def span_id(self) -> str:
        return f"{self.market}_{self.code}"

    @property
    def quote_url(self) -> str:
        if self.market == "usstock":
            return f"https://stock.finance.sina.com.cn/usstock/quotes/{self.code}.html"
        return f"//finance.sina.com.cn/realstock/company/{self.code}/nc.shtml"


@dataclass(frozen=True, kw_only=True)
class Details:
    """The fields of an article that are drawn on first use (see ``SimArticle.details``)."""

    published: int
    """``article:published_time``: the creation time, or a little later for a quarter of the articles."""
    title: str
    media_name: str
    editor: str
    """``郭明煜`` or ``支全明 SF099``: a name and an optional work code (SINA.md §4)."""
    tags: tuple[str, ...]
    stocks: tuple[SimStock, ...]
    images: tuple[SimImage, ...]


@dataclass(eq=False, kw_only=True)
class SimArticle:
    """One synthetic article.

    Listing fields are drawn when the site is built; everything else comes from ``seed`` on first use, so a
    10,000-article site costs little until it is crawled. ``updates`` grows on each touch.
    """

    doc_id: str
    era: str
    placement: Placement
    ctime: int
    intime: int
    mtime: int
    lids: tuple[int, ...]
    oid: int
    seed: str
    updates: list[str] = field(default_factory=list)
    extra_html: list[tuple[int, str]] = field(default_factory=list)
    """Raw HTML blocks ``(after paragraph index, html)`` put into the body as is (``hostile.make_hostile``)."""
    variant: str = ""
    """``""`` for a normal page; ``empty_body`` or ``no_body`` for the article-less pages of ``hostile.py``."""

    @cached_property
    def details(self) -> Details:
        return _draw_details(random.Random(f"{self.seed}/details"), self)

    @property
    def published(self) -> int:
        return self.details.published

    @property
    def title(self) -> str:
        return self.details.title

    @property
    def media_name(self) -> str:
        return self.details.media_name

    @property
    def editor(self) -> str:
        return self.details.editor

    @property
    def tags(self) -> tuple[str, ...]:
        return self.details.tags

    @property
    def stocks(self) -> tuple[SimStock, ...]:
        return self.details.stocks

    @property
    def images(self) -> tuple[SimImage, ...]:
        return self.details.images

    @property
    def host(self) -> str:
        return NEWS_HOST if self.era == "news" else FINANCE_HOST

    @property
    def date(self) -> str:
        """``YYYY-MM-DD`` of the creation time in Beijing time, as in the URL."""
        return beijing(self.ctime, "%Y-%m-%d")

    @property
    def path(self) -> str:
        """The path on its real host: ``/stock/usstock/c/2026-09-29/doc-initmeav9622448.shtml``."""
        return f"/{self.placement.path}/{self.date}/doc-i{self.doc_id}.shtml"

    @property
    def real_url(self) -> str:
        return f"http://{self.host}{self.path}"

    @property
    def mobile_path(self) -> str:
        return f"/{self.placement.wap_path}/{self.date}/detail-i{self.doc_id}.d.html"

    @property
    def mobile_host(self) -> str:
        return "news.sina.cn" if self.era == "news" else "finance.sina.cn"

    @property
    def encoding(self) -> str:
        """``gbk`` for pre-2014 ``blk`` pages (SINA.md §7), else ``utf-8``."""
        return "gbk" if self.era == "blk" else "utf-8"

    @cached_property
    def base_paragraphs(self) -> tuple[str, ...]:
        return _draw_paragraphs(random.Random(f"{self.seed}/body"), self.stocks)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """Every body paragraph as plain text, each starting with two U+3000, including touch updates."""
        return (*self.base_paragraphs, *self.updates)

    @property
    def intro(self) -> str:
        """Lead text for the roll item: the first paragraph, cut like the sample's ``…...``."""
        lead = self.base_paragraphs[0].strip("\u3000")
        return lead if len(lead) <= 80 else lead[:80] + "..."


def beijing(ts: int, fmt: str) -> str:
    """Format unix seconds in Beijing time (UTC+8, no DST), the zone of every Sina page and API."""
    return time.strftime(fmt, time.gmtime(ts + BEIJING_OFFSET))


class Site:
    """All articles, newest first, plus a per-lid index. Thread-safe: the server reads while tests mutate."""

    def __init__(
        self, articles: Sequence[SimArticle], generator: _Generator, channels: Sequence[Channel]
    ) -> None:
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


class _Generator:
    """Draws articles from one seeded RNG, so a site and its later ``add()`` calls are reproducible."""

    def __init__(self, *, seed: int, start: int, channels: Sequence[Channel]) -> None:
        self.seed = seed
        self.start = start
        self.rng = random.Random(seed)
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
        rng = random.Random(f"{article.seed}/update{len(article.updates)}")
        return "\u3000\u3000【更新】" + _fill(rng, rng.choice(words.UPDATE_SENTENCES), article.stocks)


def _draw_details(rng: random.Random, article: SimArticle) -> Details:
    stocks = _draw_stocks(rng, article.placement)
    return Details(
        published=article.ctime if rng.random() < 0.75 else article.ctime + rng.randint(30, 600),
        title=_fill(rng, rng.choice(words.HEADLINES), stocks),
        media_name=rng.choice(words.MEDIA),
        editor=_editor(rng),
        tags=tuple(rng.sample(words.TAGS, rng.randint(0, 3))),
        stocks=stocks,
        images=_draw_images(rng, article.ctime, stocks),
    )


def _draw_stocks(rng: random.Random, placement: Placement) -> tuple[SimStock, ...]:
    """0-3 stocks; US tickers on US-stock and world pages, A-shares elsewhere."""
    count = rng.choice((0, 0, 0, 1, 1, 2, 3))
    if placement.path.startswith("stock/usstock") or placement.path == "world":
        pool, market = words.US_STOCKS, "usstock"
    else:
        pool, market = words.A_SHARES, "stock"
    return tuple(SimStock(code, name, market) for code, name in rng.sample(pool, count))


def _draw_images(rng: random.Random, ctime: int, stocks: Sequence[SimStock]) -> tuple[SimImage, ...]:
    """0-3 images, each after paragraph 0 or 1: bodies always have at least 2 paragraphs."""
    count = rng.choices((0, 1, 2, 3), (30, 45, 15, 10))[0]
    day = beijing(ctime, "%Y%m%d")
    images = []
    for _ in range(count):
        digest = f"{rng.getrandbits(144):036x}"
        folder = f"//n.sinaimg.cn/finance/transform/{rng.randint(10, 200)}/w550h315/{day}"
        url = f"{folder}/{digest[:4]}-{digest[4:]}.png"
        caption = _fill(rng, rng.choice(words.CAPTIONS), stocks)
        images.append(SimImage(url=url, caption=caption, after=rng.randint(0, 1)))
    return tuple(sorted(images, key=lambda image: image.after))


def _editor(rng: random.Random) -> str:
    name = rng.choice(words.EDITOR_NAMES)
    return f"{name} {rng.choice(words.EDITOR_CODES)}" if rng.random() < 0.5 else name


_GENERIC_COMPANIES = ("某头部券商", "一家光伏企业", "多家城商行", "某新能源车企", "一家芯片设计公司")


class _Slots(dict):
    """Pattern fillers drawn on demand: a headline only pays for the placeholders it has (10,000-article sites)."""

    def __init__(self, rng: random.Random, company: str) -> None:
        super().__init__(company=company)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        rng = self.rng
        draw = {
            "org": lambda: rng.choice(words.ORGS),
            "inst": lambda: rng.choice(words.INSTITUTIONS),
            "topic": lambda: rng.choice(words.TOPICS),
            "commodity": lambda: rng.choice(words.COMMODITIES),
            "up": lambda: rng.choice(words.DIRECTIONS_UP),
            "down": lambda: rng.choice(words.DIRECTIONS_DOWN),
            "document": lambda: rng.choice(words.DOCUMENTS),
            "n": lambda: rng.randint(2, 30),
            "month": lambda: rng.randint(2, 11),
            "pct": lambda: rng.randint(1, 60) if rng.random() < 0.5 else round(rng.uniform(0.1, 9.9), 1),
            "small": lambda: round(rng.uniform(0.1, 3.0), 1),
            "price": lambda: rng.randint(10, 2000),
        }[key]
        self[key] = value = str(draw())
        return value


def _fill(rng: random.Random, pattern: str, stocks: Sequence[SimStock], company: str | None = None) -> str:
    """Fill a word-list pattern; ``{company}`` is one of the article's stocks so the CMS can link it."""
    if "{" not in pattern:
        return pattern
    if company is None:
        company = rng.choice(stocks).name if stocks else rng.choice(_GENERIC_COMPANIES)
    return pattern.format_map(_Slots(rng, company))


def _draw_paragraphs(rng: random.Random, stocks: Sequence[SimStock]) -> tuple[str, ...]:
    """2-12 paragraphs of 1-3 sentences; the first sentence naming stock ``i`` goes into paragraph ``i``."""
    count = rng.randint(2, 12)
    paragraphs = []
    for index in range(count):
        sentences = [_fill(rng, rng.choice(words.SENTENCES), stocks) for _ in range(rng.randint(1, 3))]
        if index < len(stocks):
            pattern = rng.choice([s for s in words.SENTENCES if "{company}" in s])
            sentences.insert(0, _fill(rng, pattern, stocks, company=stocks[index].name))
        paragraphs.append("\u3000\u3000" + "".join(sentences))
    # Fewer paragraphs than stocks: the leftovers still need a mention, or the CMS link would have no anchor.
    for stock in stocks[count:]:
        paragraphs[-1] += _fill(rng, words.SENTENCES[4], stocks, company=stock.name)
    # About one paragraph in ten ends with a no-break space, as the 2026 fragment's first paragraph (&nbsp;).
    return tuple(p + "\u00a0" if rng.random() < 0.1 else p for p in paragraphs)


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
    generator = _Generator(seed=seed, start=start, channels=channels)
    articles = []
    ctime = start
    for _ in range(n_articles):
        articles.append(generator.article(ctime))
        ctime -= generator.gap()
    return Site(articles, generator, channels)
