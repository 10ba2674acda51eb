"""Images on vs off: does downloading every image keep the article pages' throughput, and what does it store?

    python bench/images.py [--size 1000] [--reps 2] [--paced]

A simulator site of ``--size`` articles, all under the default channel (pages pre-rendered, as in ``crawl.py``),
crawled alternately with ``SINAARCHIVE_IMAGES=False`` and ``True``, each into a fresh folder, with the politeness
of ``crawl.py`` (no delay, 16 concurrent requests per host; ``DOWNLOAD_SLOTS={}`` so the image hosts get the same).
Both go through the simulator as their HTTP proxy, which serves the image host ``n.sinaimg.cn`` (images over
plain http, ``SINAARCHIVE_IMAGE_PLAIN_HTTP``). Reported per crawl: article pages per second over Scrapy's
``elapsed_time_seconds`` and over the span from the first to the last article request (the article pages'
own throughput), images stored, and bytes stored per article (posts, images).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import fmt, machine, run_measured, save, say, table
from crawl import _ELAPSED, FAST, simulator

from sinasim.images import IMAGE_PATH

IMAGES = {"SINAARCHIVE_IMAGE_PLAIN_HTTP": "True", "DOWNLOAD_SLOTS": "{}"}
# --paced: the article host at a fixed pace (one request at a time, 50 ms apart: about 20 pages/s), the image host in
# its own slot (two at a time, 25 ms apart), as DOWNLOAD_DELAY and DOWNLOAD_SLOTS pace them on the real site.
PACED = {
    "DOWNLOAD_DELAY": "0.05",
    "RANDOMIZE_DOWNLOAD_DELAY": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
    "DOWNLOAD_SLOTS": '{"n.sinaimg.cn": {"concurrency": 2, "delay": 0.025}}',
}


def folder_bytes(root: Path, pattern: str) -> int:
    return sum(p.stat().st_size for p in root.glob(pattern) if p.is_file())


def crawl(sim: Any, size: int, images: bool, workdir: Path, *, paced: bool = False) -> dict[str, Any]:
    out = Path(tempfile.mkdtemp(prefix=f"images-{'on' if images else 'off'}-", dir=workdir))
    settings = {
        **FAST,
        **IMAGES,
        "SINAARCHIVE_IMAGES": str(images),
        "SINAARCHIVE_ROLL_API": sim.roll_api,
        "SINAARCHIVE_OUTPUT_DIR": str(out),
        **(PACED if paced else {}),
    }
    command = [sys.executable, "-m", "scrapy", "crawl", "sina_finance", "-a", f"max_pages={size // 50 + 1}"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    sim.reset_log()
    result = run_measured(command, out / "crawl.log")
    log = (out / "crawl.log").read_text(encoding="utf-8", errors="replace")
    requests = sim.requests()
    article_times = [r["time"] for r in requests if "/doc-i" in r["path"]]
    image_requests = sum(1 for r in requests if IMAGE_PATH.fullmatch(r["path"]))
    match = _ELAPSED.search(log)
    elapsed = float(match.group(1)) if match else result["wall_s"]
    posts = sum(1 for _ in out.rglob("*.md"))
    span = max(article_times) - min(article_times) if len(article_times) > 1 else elapsed
    summary = next((line.split("summary: ", 1)[1] for line in log.splitlines() if "summary: " in line), "")
    stored = re.search(r"images stored (\d+)", summary)
    result.update(
        images=images,
        size=size,
        article_pages=len(article_times),
        image_requests=image_requests,
        images_stored=int(stored.group(1)) if stored else 0,
        posts=posts,
        elapsed_s=elapsed,
        pages_per_s=len(article_times) / elapsed,
        article_span_s=span,
        pages_per_s_span=len(article_times) / span if span else 0.0,
        post_bytes_per_article=folder_bytes(out, "**/*.md") / max(posts, 1),
        image_bytes_per_article=folder_bytes(out, "images/**/*") / max(posts, 1),
        summary=summary,
    )
    if result["exit"] != 0 or posts < size:
        say(f"  warning: exit {result['exit']}, {posts}/{size} posts; log {out}/crawl.log")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--paced", action="store_true", help="pace the article and image hosts (see PACED)")
    args = parser.parse_args(argv)
    say(f"machine: {machine()}")
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-images-") as tmp, simulator(args.size) as sim:
        os.environ["http_proxy"] = sim.base_url  # inherited by the crawls
        os.environ.pop("no_proxy", None)
        for rep in range(args.reps):
            for images in (False, True):
                run = crawl(sim, args.size, images, Path(tmp), paced=args.paced)
                say(f"  rep {rep + 1} images {'on ' if images else 'off'}: {run['summary']}")
                runs.append(run)
    rows = []
    for images in (False, True):
        mine = [r for r in runs if r["images"] is images]
        rows.append(
            [
                "on" if images else "off",
                fmt(statistics.median(r["pages_per_s"] for r in mine), 1),
                fmt(statistics.median(r["pages_per_s_span"] for r in mine), 1),
                fmt(statistics.median(r["elapsed_s"] for r in mine), 1),
                statistics.median(r["images_stored"] for r in mine),
                fmt(statistics.median(r["post_bytes_per_article"] for r in mine), 0),
                fmt(statistics.median(r["image_bytes_per_article"] for r in mine), 0),
                fmt(statistics.median(r["peak_rss_mb"] for r in mine), 0) if "peak_rss_mb" in mine[0] else "-",
            ]
        )
    headers = [
        "images",
        "pages/s (whole crawl)",
        "pages/s (article span)",
        "elapsed s",
        "images stored",
        "post bytes/article",
        "image bytes/article",
        "peak RSS MB",
    ]
    say(table(headers, rows))
    say(f"saved {save('images', {'machine': machine(), 'paced': args.paced, 'runs': runs})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
