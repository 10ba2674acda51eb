"""Per-article cost, offline: the same pages through lxml alone, each stage of ours, trafilatura and readability.

    python bench/per_article.py [--quick] [--sim-pages N] [--reps R] [--profile]

Pages: the project's hand-made fixture pages (``tests/fixtures/pages/*``, every template era: v2017, v2014, blk
GBK, news.sina.com.cn, mobile; condensed, 6-44 KB) and pages the simulator renders for ``build_site(N)`` (its era
mix: v2017 80 %, v2014 10 %, blk/GBK 5 %, news 5 %; real-size, 54-142 KB), and the real pages saved from Sina
given with ``--real-pages DIR`` (a folder of pages saved from finance.sina.com.cn and finance.sina.cn, as
served; they are not part of the repository). Each set is reported alone and combined; the targets hold for the
real-size sets (simulator and real pages).

Every stage sees the same pages in the same run, interleaved page by page (so caches and CPU frequency treat them
alike). Inputs: the raw bytes and, for tools that take text, the page already decoded (decoding is not timed for
them; ours decodes inside "extraction", as a crawl does). Per stage: median and p95 of the per-article time over
all (page, repetition) samples, and articles per second = samples / total time.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from common import PROJECT, fmt, machine, save, say, summarize, table
from lxml import etree
from scrapy.http import HtmlResponse

from sinaarchive.archive.store import PostStore
from sinaarchive.channels import CHANNELS, DEFAULT_CHANNEL, Channel, resolve_channels
from sinaarchive.cleaning.html import clean_body
from sinaarchive.export.paths import post_path
from sinaarchive.export.post import render_post
from sinaarchive.items import Article, RollEntry
from sinaarchive.parsing.article import parse_article
from sinaarchive.parsing.listing import parse_entry

PAGES_DIR = PROJECT / "tests" / "fixtures" / "pages"
REAL_PAGES_HELP = "also measure the article pages saved from Sina in DIR (*.html as served, each with its og:url)"
_OG_URL = re.compile(rb'<meta property="og:url" content="([^"]+)"')
CRAWLED_AT = datetime(2026, 11, 27, tzinfo=UTC)


@dataclass(frozen=True)
class Page:
    name: str
    source: str  # "fixture" or "simulator"
    era: str
    url: str
    headers: dict[str, str]
    body: bytes
    text: str  # decoded as Scrapy decodes it
    entry: RollEntry
    channel: Channel

    def response(self) -> HtmlResponse:
        """A fresh response, as the downloader hands it over (no cached decode or selector)."""
        return HtmlResponse(url=self.url, status=200, headers=self.headers, body=self.body)


def fixture_pages() -> list[Page]:
    pages = []
    for case in sorted(p for p in PAGES_DIR.iterdir() if (p / "info.json").is_file()):
        info = json.loads((case / "info.json").read_text(encoding="utf-8"))
        entry = parse_entry(info["entry"])
        assert entry is not None, case
        page = Page(
            name=case.name,
            source="fixture",
            era=case.name.split("_")[0],
            url=info["url"],
            headers=info.get("headers", {}),
            body=(case / "body.html").read_bytes(),
            text="",
            entry=entry,
            channel=resolve_channels(info.get("channel"))[0],
        )
        pages.append(replace(page, text=page.response().text))
    return pages


def real_pages(folder: Path | None) -> list[Page]:
    """Every saved whole article page in ``folder`` (one with an ``og:url``; partial listings and fragments have
    none), listed by a roll entry made from that URL, as Sina would serve it (``Content-Type`` from its meta)."""
    pages = []
    for path in sorted(folder.glob("*.html")) if folder else []:
        body = path.read_bytes()
        url = _OG_URL.search(body)
        if url is None:
            continue
        entry = parse_entry({"url": url[1].decode(), "ctime": "1464150000"})
        assert entry is not None, path
        charset = "gbk" if re.search(rb"charset=[\"']?gb", body[:4096], re.IGNORECASE) else "utf-8"
        page = Page(
            name=path.name,
            source="real",
            era=path.name.split("_")[0],
            url=entry.url,
            headers={"Content-Type": f"text/html; charset={charset}"},
            body=body,
            text="",
            entry=entry,
            channel=DEFAULT_CHANNEL,
        )
        pages.append(replace(page, text=page.response().text))
    return pages


def simulator_pages(count: int, seed: int = 1) -> list[Page]:
    from sinasim import pages as sim_pages
    from sinasim.rollapi import UrlStyle, roll_item
    from sinasim.site import build_site

    site = build_site(count, seed=seed)
    by_lid = {channel.lid: channel for channel in CHANNELS}
    result = []
    for article in site.articles:
        entry = parse_entry(roll_item(article, UrlStyle(None)))
        assert entry is not None
        headers = {"Content-Type": "text/html" if article.era == "blk" else "text/html; charset=utf-8"}
        page = Page(
            name=article.doc_id,
            source="simulator",
            era=article.era,
            url=article.real_url,
            headers=headers,
            body=sim_pages.render(article, site),
            text="",
            entry=entry,
            channel=by_lid.get(article.placement.lid, DEFAULT_CHANNEL),
        )
        result.append(replace(page, text=page.response().text))
    return result


# --- the stages ------------------------------------------------------------------------------------------------
# Each takes a Page plus what earlier stages produced for it (computed once, untimed) and returns nothing useful.

_PARSER = etree.HTMLParser(encoding="utf-8")


@dataclass
class Prepared:
    page: Page
    utf8: bytes
    article: Article  # extracted and cleaned, ready to render
    store: PostStore
    path: PurePosixPath


def _extract(page: Page) -> Article:
    return parse_article(page.response(), entry=page.entry, channel=page.channel, crawled_at=CRAWLED_AT)


def stage_lxml(p: Prepared) -> Any:
    return etree.fromstring(p.utf8, _PARSER)


def stage_extract(p: Prepared) -> Any:
    return _extract(p.page)


def stage_clean(p: Prepared) -> Any:
    return clean_body(p.article.body_html, base_url=p.article.url)


def stage_render(p: Prepared) -> Any:
    return render_post(p.article)


def stage_write(p: Prepared, _text: dict[int, str] = {}) -> Any:  # noqa: B006 - a per-process memo
    text = _text.get(id(p))
    if text is None:
        text = _text[id(p)] = render_post(p.article)
    return p.store.write(p.path, text)


def stage_exporter(p: Prepared) -> Any:
    return p.store.write(post_path(p.article), render_post(p.article))


def stage_whole(p: Prepared) -> Any:
    article = _extract(p.page)
    article.clean_html = clean_body(article.body_html, base_url=article.url)
    return post_path(article), render_post(article)


def stage_whole_write(p: Prepared) -> Any:
    relative, text = stage_whole(p)
    return p.store.write(relative, text)


def stage_trafilatura(p: Prepared) -> Any:
    import trafilatura

    return trafilatura.extract(p.page.text, url=p.page.url)


def stage_readability(p: Prepared) -> Any:
    from readability import Document

    return Document(p.page.text).summary()


STAGES: list[tuple[str, str, Callable[[Prepared], Any]]] = [
    ("lxml", "lxml parse alone (the floor)", stage_lxml),
    ("extract", "ours: extraction (decode + parse + fields + body)", stage_extract),
    ("clean", "ours: cleaning (clean_body)", stage_clean),
    ("render", "ours: rendering (render_post)", stage_render),
    ("write", "ours: atomic write (PostStore.write, fsync)", stage_write),
    ("exporter", "ours: exporter (render + path + atomic write)", stage_exporter),
    ("whole", "ours: whole path (extract + clean + render)", stage_whole),
    ("whole+write", "ours: whole path + atomic write", stage_whole_write),
    ("trafilatura", "trafilatura.extract", stage_trafilatura),
    ("readability", "readability-lxml Document.summary", stage_readability),
]


def prepare(pages: list[Page], root: Path) -> list[Prepared]:
    store = PostStore(root)
    prepared = []
    for page in pages:
        article = _extract(page)
        article.clean_html = clean_body(article.body_html, base_url=article.url)
        prepared.append(
            Prepared(page=page, utf8=page.text.encode("utf-8"), article=article, store=store, path=post_path(article))
        )
    return prepared


def measure(prepared: list[Prepared], reps: int, stages: list[str]) -> dict[str, dict[str, list[float]]]:
    """samples[stage][source] = per-article seconds, every page ``reps`` times, stages interleaved per page."""
    chosen = [(key, fn) for key, _, fn in STAGES if key in stages]
    for p in prepared:  # warm-up: imports, compiled selectors, first-call caches
        for _, fn in chosen:
            fn(p)
    samples: dict[str, dict[str, list[float]]] = {key: {} for key, _ in chosen}
    clock = time.perf_counter
    for _ in range(reps):
        for p in prepared:
            for key, fn in chosen:
                start = clock()
                fn(p)
                elapsed = clock() - start
                samples[key].setdefault(p.page.source, []).append(elapsed)
        gc.collect()
    return samples


def report(samples: dict[str, dict[str, list[float]]], sets: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """One table per page set; returns the printable text and the numbers."""
    out, numbers = [], {}
    for source, title in sets.items():
        combined = source == "all"
        stats = {}
        for key, by_source in samples.items():
            values = [v for s, vs in by_source.items() if combined or s == source for v in vs]
            if values:
                stats[key] = summarize(values)
        if not stats:
            continue
        numbers[source] = stats
        base, traf = stats.get("lxml"), stats.get("trafilatura")
        rows = []
        for key, label, _ in STAGES:
            if key not in stats:
                continue
            s = stats[key]
            vs_lxml = f"{s['mean_ms'] / base['mean_ms']:.2f}×" if base else "–"
            vs_traf = f"{traf['mean_ms'] / s['mean_ms']:.1f}× faster" if traf else "–"
            if key == "trafilatura":
                vs_traf = "1×"
            rows.append([label, fmt(s["median_ms"], 3), fmt(s["p95_ms"], 3), fmt(s["per_s"], 0), vs_lxml, vs_traf])
        out.append(f"\n{title}: {next(iter(stats.values()))['n']} samples per stage\n")
        out.append(table(["stage", "median ms", "p95 ms", "articles/s", "time vs lxml parse", "vs trafilatura"], rows))
    return "\n".join(out), numbers


# The sets the targets apply to: pages of the size Sina serves. The fixture set is reported, not a target.
TARGET_SETS = {"simulator": "simulator pages", "real": "real pages"}


def targets(numbers: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """The per-article targets (mean time per article) on the real-size page sets.

    The fixture pages are condensed (6-44 KB, their chrome trimmed; Sina's desktop pages are 95-145 KB), so fixed
    per-article costs weigh more against lxml's parse there: they are reported, not held to the targets.
    """
    checks = []
    for key, name in TARGET_SETS.items():
        s = numbers.get(key)
        if not s or not {"whole", "lxml", "trafilatura"} <= s.keys():
            continue
        whole, lxml, traf = s["whole"]["mean_ms"], s["lxml"]["mean_ms"], s["trafilatura"]["mean_ms"]
        checks += [
            (f"{name}: whole path ≥ 10× faster than trafilatura", f"{traf / whole:.1f}×", traf / whole >= 10),
            (f"{name}: whole path within 3× of lxml parse alone", f"{whole / lxml:.2f}×", whole / lxml <= 3),
        ]
    return checks


def run(
    *,
    quick: bool,
    sim_pages: int | None = None,
    reps: int | None = None,
    stages: list[str] | None = None,
    real_dir: Path | None = None,
) -> dict[str, Any]:
    sim_count = sim_pages if sim_pages is not None else (40 if quick else 300)
    reps = reps if reps is not None else (3 if quick else 5)
    pages = fixture_pages()
    eras = sorted({p.era for p in pages})
    sim = simulator_pages(sim_count)
    sim_eras = {era: sum(p.era == era for p in sim) for era in sorted({p.era for p in sim})}
    real = real_pages(real_dir)
    real_note = (
        f"{len(real)} real Sina pages ({', '.join(p.name.split('_doc')[0].split('_detail')[0] for p in real)}; "
        f"each ×{reps * 20})"
        if real
        else "no real pages (--real-pages not given)"
    )
    say(
        f"\n## Per-article cost (offline)\n\n{len(pages)} fixture pages (eras: {', '.join(eras)}; "
        f"each ×{reps * 20}), {len(sim)} simulator pages ({', '.join(f'{k} {v}' for k, v in sim_eras.items())}; "
        f"each ×{reps}) and {real_note}. Machine: {machine()}."
    )
    with tempfile.TemporaryDirectory(prefix="sinaarchive-bench-") as tmp:
        chosen = stages or [key for key, _, _ in STAGES]
        # The fixture and real pages are few: repeat them so their tables rest on as many samples as the others.
        sets = [(pages, reps * 20), (sim, reps), (real, reps * 20)]
        per_set = [measure(prepare(chunk, Path(tmp)), times, chosen) for chunk, times in sets if chunk]
    samples = {key: {source: v for s in per_set for source, v in s[key].items()} for key in chosen}
    text, numbers = report(
        samples,
        {
            "fixture": "Fixture pages (tests/fixtures/pages, every template era; condensed)",
            "simulator": f"Simulator pages (build_site({sim_count}), era mix as on the site, real size)",
            "real": f"Real Sina pages ({real_dir})",
            "all": "Combined (every set's samples together)",
        },
    )
    say(text)
    result: dict[str, Any] = {
        "machine": machine(),
        "pages": {"fixture": len(pages), "simulator": len(sim), "real": len(real)},
        "reps": reps,
        "numbers": numbers,
    }
    if {"whole", "lxml", "trafilatura"} <= set(chosen):
        checks = targets(numbers)
        say(
            "\n"
            + table(
                ["target (mean per article)", "measured", "met"],
                [[name, value, "yes" if ok else "NO"] for name, value, ok in checks],
            )
        )
        result["targets"] = [{"target": n, "measured": v, "met": ok} for n, v, ok in checks]
    return result


def profile(sim_count: int = 300) -> None:
    """pyinstrument over the whole per-article path on the simulator pages (3 passes)."""
    from pyinstrument import Profiler

    pages = fixture_pages() + simulator_pages(sim_count)
    with tempfile.TemporaryDirectory() as tmp:
        prepared = prepare(pages, Path(tmp))
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(3):
            for p in prepared:
                stage_whole(p)
        profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer pages and repetitions (seconds, not minutes)")
    parser.add_argument("--sim-pages", type=int, help="simulator pages (default 300; --quick 40)")
    parser.add_argument("--reps", type=int, help="repetitions per page (default 5; --quick 3)")
    parser.add_argument("--stages", help="comma-separated subset of: " + ",".join(k for k, _, _ in STAGES))
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile of the whole path")
    parser.add_argument("--real-pages", type=Path, metavar="DIR", help=REAL_PAGES_HELP)
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.sim_pages or 300)
        return 0
    result = run(
        quick=args.quick,
        sim_pages=args.sim_pages,
        reps=args.reps,
        stages=args.stages.split(",") if args.stages else None,
        real_dir=args.real_pages,
    )
    say(f"\nsaved {save('per_article', result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
