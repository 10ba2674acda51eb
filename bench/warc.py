"""What WARC capture costs: bytes per article, crawl throughput with capture on and off, and ``reextract`` speed.

    python bench/warc.py [--quick] [--size 1000] [--reps 3]

A simulator site of N real-size articles (pre-rendered, as in ``crawl.py``), all under the default channel. Crawls
alternate capture on and off (``SINAARCHIVE_WARC_ENABLED``), politeness off; throughput is article pages per second
of Scrapy's own crawl time. Then the posts and the catalog of one captured crawl are deleted and
``python -m sinaarchive reextract`` rebuilds them with ``--jobs 1`` and ``--jobs 2``; its rate is articles over the
seconds it reports (process start-up left out) and must give the crawl's posts back byte for byte.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import PROJECT, fmt, machine, run_measured, save, say, table
from crawl import _ELAPSED, FAST, simulator

_REEXTRACT = re.compile(r"reextract: (\d+) articles .* ([0-9.]+)s$")


def crawl(roll_api: str, n_articles: int, out: Path, *, capture: bool) -> dict[str, Any]:
    settings = {
        **FAST,
        "SINAARCHIVE_ROLL_API": roll_api,
        "SINAARCHIVE_OUTPUT_DIR": str(out),
        "SINAARCHIVE_WARC_ENABLED": str(capture),
    }
    command = [sys.executable, "-m", "scrapy", "crawl", "sina_finance", "-a", f"max_pages={n_articles // 50 + 1}"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    out.mkdir(parents=True)
    result = run_measured(command, out.parent / f"{out.name}.log")
    log = (out.parent / f"{out.name}.log").read_text(encoding="utf-8", errors="replace")
    match = _ELAPSED.search(log)
    elapsed = float(match.group(1)) if match else result["wall_s"]
    posts = sum(1 for _ in out.rglob("*.md"))
    warc_bytes = sum(p.stat().st_size for p in (out / "warc").glob("*")) if capture else 0
    result.update(capture=capture, posts=posts, elapsed_s=elapsed, pages_per_s=posts / elapsed, warc_bytes=warc_bytes)
    return result


def reextract(root: Path, jobs: int) -> dict[str, Any]:
    for post in root.rglob("*.md"):
        post.unlink()
    for catalog in root.glob("catalog.sqlite3*"):
        catalog.unlink()
    done = subprocess.run(
        [sys.executable, "-m", "sinaarchive", "reextract", "--output", str(root), "--jobs", str(jobs)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )
    match = _REEXTRACT.search(done.stdout.strip())
    assert match, done.stdout
    articles, seconds = int(match.group(1)), float(match.group(2))
    return {"jobs": jobs, "articles": articles, "seconds": seconds, "articles_per_s": articles / seconds}


def posts_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.md"))}


def run(*, quick: bool = False, size: int = 2000, reps: int = 3) -> dict[str, Any]:
    if quick:
        size, reps = 1000, 1
    workdir = Path(tempfile.mkdtemp(prefix="bench-warc-"))
    crawls: list[dict[str, Any]] = []
    try:
        with simulator(size) as sim:
            for rep in range(reps):
                for capture in (True, False):
                    say(f"crawl {rep + 1}/{reps}, capture {'on' if capture else 'off'}")
                    crawls.append(crawl(sim.roll_api, size, workdir / f"{capture}-{rep}", capture=capture))
        on = [c for c in crawls if c["capture"]]
        off = [c for c in crawls if not c["capture"]]
        root = workdir / "True-0"
        crawled = posts_of(root)
        reextracts = []
        for jobs in (1, 2, 1, 2):
            say(f"reextract --jobs {jobs}")
            reextracts.append(reextract(root, jobs))
            assert posts_of(root) == crawled, "reextract changed a post"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    rate_on = statistics.median(c["pages_per_s"] for c in on)
    rate_off = statistics.median(c["pages_per_s"] for c in off)
    per_article = statistics.median(c["warc_bytes"] / c["posts"] for c in on)
    best = {jobs: max(r["articles_per_s"] for r in reextracts if r["jobs"] == jobs) for jobs in (1, 2)}
    say(f"\n{machine()}; {size} real-size articles, {reps} crawls each\n")
    say(
        table(
            ["measure", "value", "target"],
            [
                ["WARC bytes per article (request + response records, gzip)", f"{per_article / 1024:.1f} KiB", "—"],
                ["crawl, capture off (article pages/s)", fmt(rate_off, 0), "—"],
                ["crawl, capture on (article pages/s)", fmt(rate_on, 0), "—"],
                ["capture cost", f"{(1 - rate_on / rate_off) * 100:.1f} %", "< 10 %"],
                ["reextract --jobs 1 (articles/s)", fmt(best[1], 0), "≥ 300"],
                ["reextract --jobs 2 (articles/s)", fmt(best[2], 0), f"≥ {fmt(1.6 * best[1], 0)} (1.6×)"],
            ],
        )
    )
    cost = 1 - rate_on / rate_off
    targets = [
        {
            "target": "WARC capture costs < 10 % of crawl throughput",
            "measured": f"{cost * 100:.1f} %",
            "met": cost < 0.1,
        },
        {"target": "reextract --jobs 1 >= 300 articles/s", "measured": fmt(best[1], 0), "met": best[1] >= 300},
        {
            "target": "reextract --jobs 2 >= 1.6x --jobs 1",
            "measured": f"{best[2] / best[1]:.2f}x",
            "met": best[2] >= 1.6 * best[1],
        },
    ]
    return {
        "size": size,
        "crawls": crawls,
        "reextract": reextracts,
        "bytes_per_article": per_article,
        "targets": targets,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 articles, one crawl of each kind")
    parser.add_argument("--size", type=int, default=2000, help="articles on the site (default 2000)")
    parser.add_argument("--reps", type=int, default=3, help="crawls with and without capture (default 3)")
    args = parser.parse_args(argv)
    say(f"\nsaved {save('warc', run(quick=args.quick, size=args.size, reps=args.reps))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
