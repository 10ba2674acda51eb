"""The cron case with nothing new: an incremental run over a big archive, its wall time and peak RSS.

    python bench/noop_run.py [--quick] [--articles 100000] [--runs 3]

1. Synthesize an archive of N articles in a temp folder: one post file per article at its real path shape
   (``YYYY/MM/YYYY-MM-DD-<title>-<docid>.md``, about 1.5 KB each) and one catalog row each, for the articles of a
   simulator site of N articles (all in the default channel, 国内), so the roll API's newest page is all known.
2. Run ``scrapy crawl sina_finance`` with the project's default settings except the roll API URL and the output
   folder, ``--runs`` times. The first run also fetches robots.txt (then cached for a day in the archive, as on
   every later cron run); the others show the steady state. Each: wall time, peak RSS (``peak_rss.py``), requests
   the simulator saw, exit status.
3. The breakdown of where the wall time goes: Python + Scrapy start-up (``scrapy version``), importing the
   project, and the parts of the run that grow with the archive (the stale-temp-file sweep over the folder, the
   catalog open and lookup), measured in this process on the same folder; plus the same run over a 100-article
   archive for comparison.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common import machine, run_measured, save, say, table

from sinaarchive.archive.catalog import COLUMNS, Catalog
from sinaarchive.archive.store import PostStore
from sinaarchive.channels import DEFAULT_CHANNEL
from sinasim import run_simulator
from sinasim.site import Site, build_site

_ELAPSED = re.compile(r"'elapsed_time_seconds': ([0-9.]+)")
_BODY = "<p>　　" + "合成的正文段落，用于基准测试。" * 20 + "</p>\n"


def iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def synthesize(site: Site, root: Path) -> dict[str, float]:
    """Posts and catalog rows for every article of ``site``; returns seconds per part."""
    started = time.perf_counter()
    rows, folders = [], set()
    now = iso(int(time.time()))
    for article in site.articles:
        day = datetime.fromtimestamp(article.ctime + 8 * 3600, UTC)
        title = f"合成标题{article.doc_id[:4]}"
        relative = f"{day:%Y}/{day:%m}/{day:%Y-%m-%d}-{title}-{article.doc_id}.md"
        text = (
            f"---\ntitle: '{title}'\ncategories: \n - 金融\n - 新浪财经\n - 新浪财经－国內\nauthor: 新浪财经\n"
            f"comments: false\ndate: {day:%a, %d %b %Y %H:%M:%S} GMT\nupdated: {iso(article.mtime)}\n"
            f"docid: {article.doc_id}\nsource_url: '{article.real_url}'\n---\n\n<div>\n{_BODY * 2}</div>\n"
        )
        data = text.encode("utf-8")
        folder = root / relative.rsplit("/", 1)[0]
        if folder not in folders:
            folder.mkdir(parents=True, exist_ok=True)
            folders.add(folder)
        (root / relative).write_bytes(data)
        rows.append(
            (
                article.doc_id,
                article.real_url,
                title,
                "新浪财经",
                '["国内"]',
                iso(article.ctime),
                iso(article.mtime),
                relative,
                hashlib.sha256(data).hexdigest(),
                now,
                now,
                "[]",
            )
        )
    files = time.perf_counter() - started
    started = time.perf_counter()
    catalog = Catalog.in_folder(root)  # creates the schema, as the crawler would
    with catalog.db:
        catalog.db.execute("BEGIN")
        marks = ",".join("?" * len(COLUMNS))
        catalog.db.executemany(f"INSERT INTO articles ({','.join(COLUMNS)}) VALUES ({marks})", rows)  # noqa: S608
    catalog.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    catalog.close()
    return {"files_s": files, "catalog_s": time.perf_counter() - started}


def crawl(roll_api: str, root: Path, log: Path) -> dict[str, Any]:
    """One ``scrapy crawl sina_finance`` with the project defaults, except the roll API and the output folder."""
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "sina_finance",
        "-s",
        f"SINAARCHIVE_ROLL_API={roll_api}",
        "-s",
        f"SINAARCHIVE_OUTPUT_DIR={root}",
    ]
    result = run_measured(command, log)
    text = log.read_text(encoding="utf-8", errors="replace")
    match = _ELAPSED.search(text)
    return {
        **result,
        "engine_s": float(match.group(1)) if match else None,
        "summary": next((line.split("summary: ", 1)[1] for line in text.splitlines() if "summary: " in line), ""),
    }


def timed_child(code: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a child process, best of 3."""
    best = (float("inf"), 0.0)
    for _ in range(3):
        result = run_measured(code)
        best = min(best, (result["wall_s"], result["peak_rss_mb"]))
    return best


def in_process_parts(root: Path, doc_ids: list[str]) -> dict[str, float]:
    """The archive-size-dependent steps of a run's start, timed here on the same folder."""
    started = time.perf_counter()
    PostStore(root).remove_stale_temp_files()
    sweep = time.perf_counter() - started
    started = time.perf_counter()
    catalog = Catalog.in_folder(root)
    catalog.lookup(doc_ids)
    catalog.close()
    return {"stale_temp_sweep_s": sweep, "catalog_open_lookup_s": time.perf_counter() - started}


def measure(n_articles: int, runs: int, workdir: Path) -> dict[str, Any]:
    started = time.perf_counter()
    site = build_site(n_articles, channels=(DEFAULT_CHANNEL,))
    build_s = time.perf_counter() - started
    root = workdir / f"archive-{n_articles}"
    root.mkdir()
    made = synthesize(site, root)
    results = []
    with run_simulator(site) as sim:
        for index in range(runs):
            sim.reset_log()
            result = crawl(sim.roll_api, root, workdir / f"noop-{n_articles}-{index}.log")
            requests = sim.requests()
            result["requests"] = [f"{r['path']}" for r in requests]
            results.append(result)
    parts = in_process_parts(root, [a.doc_id for a in site.newest(50)])
    return {"articles": n_articles, "site_build_s": build_s, **made, "runs": results, "parts": parts}


def run(*, quick: bool, articles: int | None = None, runs: int | None = None) -> dict[str, Any]:
    n = articles or (20_000 if quick else 100_000)
    runs = runs or (2 if quick else 3)
    say(
        f"\n## Incremental no-op run over an archive of {n:,} articles\n\nProject default settings except the "
        f"roll API URL and the output folder; {runs} runs, the first also fetches robots.txt. "
        f"Machine: {machine()}.\n"
    )
    with tempfile.TemporaryDirectory(prefix="sinaarchive-noop-") as tmp:
        big = measure(n, runs, Path(tmp))
        small = measure(100, runs, Path(tmp))
    startup_s, startup_rss = timed_child([sys.executable, "-m", "scrapy", "version"])
    imports = "import sinaarchive.spiders.sina_finance, sinaarchive.pipelines, sinaarchive.commands.crawl"
    import_s, import_rss = timed_child([sys.executable, "-c", imports])
    say(f"synthesized {n:,} posts in {big['files_s']:.1f} s and their catalog rows in {big['catalog_s']:.1f} s\n")
    rows = []
    for label, data in ((f"{n:,}", big), ("100", small)):
        for index, r in enumerate(data["runs"]):
            rows.append(
                [
                    label,
                    index + 1,
                    f"{r['wall_s']:.2f}",
                    f"{r['engine_s']:.2f}" if r["engine_s"] else "–",
                    f"{r['peak_rss_mb']:.0f}",
                    len(r["requests"]),
                    r["exit"],
                    r["summary"],
                ]
            )
    say(
        table(["archive", "run", "wall s", "crawl s (engine)", "peak RSS MB", "requests", "exit", "summary line"], rows)
    )
    steady = big["runs"][1:] or big["runs"]
    wall = statistics.median(r["wall_s"] for r in steady)
    rss = max(r["peak_rss_mb"] for r in big["runs"])
    small_wall = statistics.median(r["wall_s"] for r in (small["runs"][1:] or small["runs"]))
    say("\nWhere the steady-state wall time goes:\n")
    say(
        table(
            ["part", "seconds", "peak RSS MB"],
            [
                [
                    "`python -m scrapy version` (interpreter + Scrapy start-up, best of 3)",
                    f"{startup_s:.2f}",
                    f"{startup_rss:.0f}",
                ],
                [
                    "`import` of the spider, pipelines and crawl command (best of 3)",
                    f"{import_s:.2f}",
                    f"{import_rss:.0f}",
                ],
                ["whole no-op run, 100-article archive (median of runs 2+)", f"{small_wall:.2f}", ""],
                [f"whole no-op run, {n:,}-article archive (median of runs 2+)", f"{wall:.2f}", f"{rss:.0f}"],
                [
                    f"  of which: stale temp-file sweep (`rglob` over {n:,} posts, in-process)",
                    f"{big['parts']['stale_temp_sweep_s']:.2f}",
                    "",
                ],
                [
                    f"  of which: catalog open + lookup of 50 ids ({n:,} rows, in-process)",
                    f"{big['parts']['catalog_open_lookup_s']:.3f}",
                    "",
                ],
            ],
        )
    )
    checks = [
        (f"no-op run over {n:,} articles < 2 s", f"{wall:.2f} s", wall < 2),
        (f"no-op run over {n:,} articles < 150 MB peak RSS", f"{rss:.0f} MB", rss < 150),
    ]
    say("\n" + table(["target", "measured", "met"], [[c, v, "yes" if ok else "NO"] for c, v, ok in checks]))
    return {
        "machine": machine(),
        "big": big,
        "small": small,
        "startup_s": startup_s,
        "startup_rss_mb": startup_rss,
        "import_s": import_s,
        "import_rss_mb": import_rss,
        "targets": [{"target": c, "measured": v, "met": ok} for c, v, ok in checks],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000 articles, 2 runs")
    parser.add_argument("--articles", type=int, help="archive size (default 100,000; --quick 20,000)")
    parser.add_argument("--runs", type=int, help="no-op runs (default 3; --quick 2)")
    args = parser.parse_args(argv)
    result = run(quick=args.quick, articles=args.articles, runs=args.runs)
    say(f"\nsaved {save('noop_run', result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
