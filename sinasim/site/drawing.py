"""Drawing an article's text from the word lists: details (title, media, editor, tags, stocks, images) and
paragraphs, each from a per-article seeded RNG, so the same article always reads the same.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from sinasim import words
from sinasim.site.parts import Details, Placement, SimImage, SimStock, beijing


def draw_details(rng: random.Random, placement: Placement, ctime: int) -> Details:
    """The details of an article at ``placement`` created at ``ctime``."""
    stocks = _draw_stocks(rng, placement)
    return Details(
        published=ctime if rng.random() < 0.75 else ctime + rng.randint(30, 600),
        title=fill(rng, rng.choice(words.HEADLINES), stocks),
        media_name=rng.choice(words.MEDIA),
        editor=_editor(rng),
        tags=tuple(rng.sample(words.TAGS, rng.randint(0, 3))),
        stocks=stocks,
        images=_draw_images(rng, ctime, stocks),
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
        caption = fill(rng, rng.choice(words.CAPTIONS), stocks)
        images.append(SimImage(url=url, caption=caption, after=rng.randint(0, 1)))
    return tuple(sorted(images, key=lambda image: image.after))


def _editor(rng: random.Random) -> str:
    name = rng.choice(words.EDITOR_NAMES)
    return f"{name} {rng.choice(words.EDITOR_CODES)}" if rng.random() < 0.5 else name


_GENERIC_COMPANIES = ("某头部券商", "一家光伏企业", "多家城商行", "某新能源车企", "一家芯片设计公司")


class _Slots(dict[str, str]):
    """Pattern fillers drawn on demand: a headline only pays for the placeholders it has (10,000-article sites)."""

    def __init__(self, rng: random.Random, company: str) -> None:
        super().__init__(company=company)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        rng = self.rng
        draw: Callable[[], object] = {
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


def fill(rng: random.Random, pattern: str, stocks: Sequence[SimStock], company: str | None = None) -> str:
    """Fill a word-list pattern; ``{company}`` is one of the article's stocks so the CMS can link it."""
    if "{" not in pattern:
        return pattern
    if company is None:
        company = rng.choice(stocks).name if stocks else rng.choice(_GENERIC_COMPANIES)
    return pattern.format_map(_Slots(rng, company))


def draw_paragraphs(rng: random.Random, stocks: Sequence[SimStock]) -> tuple[str, ...]:
    """2-12 paragraphs of 1-3 sentences; the first sentence naming stock ``i`` goes into paragraph ``i``."""
    count = rng.randint(2, 12)
    paragraphs = []
    for index in range(count):
        sentences = [fill(rng, rng.choice(words.SENTENCES), stocks) for _ in range(rng.randint(1, 3))]
        if index < len(stocks):
            pattern = rng.choice([s for s in words.SENTENCES if "{company}" in s])
            sentences.insert(0, fill(rng, pattern, stocks, company=stocks[index].name))
        paragraphs.append("\u3000\u3000" + "".join(sentences))
    # Fewer paragraphs than stocks: the leftovers still need a mention, or the CMS link would have no anchor.
    for stock in stocks[count:]:
        paragraphs[-1] += fill(rng, words.SENTENCES[4], stocks, company=stock.name)
    # About one paragraph in ten ends with a no-break space, as the 2026 fragment's first paragraph (&nbsp;).
    return tuple(p + "\u00a0" if rng.random() < 0.1 else p for p in paragraphs)
