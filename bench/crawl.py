"""End-to-end crawl throughput and peak RSS against the local simulator, ours vs a do-nothing spider.

    python bench/crawl.py [--quick] [--sizes 1000,10000] [--reps N] [--live-render]

For each size N: a simulator site of N articles, all listed under the default channel (国内), so one crawl
archives exactly N articles from N/50 roll pages. Then, alternately, ``scrapy crawl sina_finance`` (our spider,
pipelines and archive into a fresh folder) and ``scrapy runspider bench/noop_spider.py`` (same requests, no work),
each a subprocess run from the project folder with politeness off: ``DOWNLOAD_DELAY=0``,
``CONCURRENT_REQUESTS=CONCURRENT_REQUESTS_PER_DOMAIN=16``, AutoThrottle off, progress lines off.

Numbers per crawl: article pages per second over Scrapy's own ``elapsed_time_seconds`` (engine start to close,
so process start-up is left out; the wall time is reported too), and the crawler's own peak RSS (``ru_maxrss``,
through ``peak_rss.py``).

The simulator runs in this process (a ``ThreadingHTTPServer``). By default every page is rendered before the
crawls and served from memory (a fault rule answers article paths from the cache), so the server's cost per
request is HTTP only; ``--live-render`` serves pages as the simulator normally does. Its capacity is measured
with a trivial client (16 keep-alive connections in another process), so the ratio can be read honestly: when the
do-nothing spider comes close to that capacity, the simulator is the bottleneck.
"""

from __future__ import annotations

import argparse
import pickle
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from common import BENCH, fmt, machine, run_measured, save, say, table

from sinaarchive.channels import DEFAULT_CHANNEL, Channel
from sinaarchive.parsing.listing import roll_url
from sinasim import Simulator, pages
from sinasim.rollapi import RollQuery, UrlStyle, encode, local_path, roll_payload
from sinasim.server import HTML_TYPE, JSON_TYPE, ROBOTS_TXT, SimRequest, SimResponse
from sinasim.site import Site, build_site

CONCURRENCY = 16
FAST = {
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": str(CONCURRENCY),
    "CONCURRENT_REQUESTS_PER_DOMAIN": str(CONCURRENCY),
    "AUTOTHROTTLE_ENABLED": "False",
    "SINAARCHIVE_PROGRESS_INTERVAL": "0",
    "LOG_LEVEL": "INFO",
    # The article path only: the simulator's image hosts are reached through a proxy these runs do not set up.
    "SINAARCHIVE_IMAGES": "False",
}
_ELAPSED = re.compile(r"'elapsed_time_seconds': ([0-9.]+)")


class Target:
    """What a crawl is pointed at: the simulator itself, or ``static_server.py`` serving a snapshot of it."""

    name = ""
    roll_api = ""

    def counts(self) -> tuple[int, int]:
        """(article requests, all requests) since the last call."""
        raise NotImplementedError


class SimulatorTarget(Target):
    name = "simulator"

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim
        self.roll_api = sim.roll_api

    def counts(self) -> tuple[int, int]:
        requests = self.sim.requests()
        self.sim.reset_log()
        return sum(1 for r in requests if "/doc-i" in r["path"]), len(requests)


class StaticTarget(Target):
    name = "static"

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.roll_api = f"{base_url}/api/roll/get"

    def counts(self) -> tuple[int, int]:
        with urllib.request.urlopen(f"{self.base_url}/__count__") as answer:
            articles, total = answer.read().split()
        return int(articles), int(total)


def make_site(n_articles: int, seed: int = 0, channels: tuple[Channel, ...] = (DEFAULT_CHANNEL,)) -> Site:
    return build_site(n_articles, seed=seed, channels=channels)


def snapshot(site: Site, base_url: str) -> dict[str, tuple[str, bytes]]:
    """Every response a whole-site crawl of the default channel asks for, rendered by the simulator's code."""
    urls = UrlStyle(base_url)
    result = {"/robots.txt": ("text/plain", ROBOTS_TXT)}
    channel = DEFAULT_CHANNEL
    for page in range(1, len(site) // 50 + 2):
        url = roll_url(f"{base_url}/api/roll/get", pageid=channel.pageid, lid=channel.lid, num=50, page=page)
        query = RollQuery.from_params(
            {k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}
        )
        result[url.removeprefix(base_url)] = (JSON_TYPE, encode(roll_payload(site, query, urls, now=time.time())))
    for article in site.articles:
        content_type = "text/html" if article.era == "blk" else HTML_TYPE
        result[local_path(article)] = (content_type, pages.render(article, site))
    return result


@contextmanager
def static_server(site: Site, workdir: Path) -> Iterator[StaticTarget]:
    """``static_server.py`` in its own process, serving a snapshot of ``site``."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}"
    snapshot_file = workdir / "snapshot.pickle"
    with snapshot_file.open("wb") as stream:
        pickle.dump(snapshot(site, base_url), stream)
    child = subprocess.Popen(
        [sys.executable, str(BENCH / "static_server.py"), str(snapshot_file), str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        child.stdout.readline()  # "listening PORT"
        yield StaticTarget(base_url)
    finally:
        child.terminate()
        child.wait()


@contextmanager
def simulator(
    n_articles: int, *, prerender: bool = True, seed: int = 0, channels: tuple[Channel, ...] = (DEFAULT_CHANNEL,)
) -> Iterator[Simulator]:
    """A running simulator with ``n_articles`` listed under ``channels`` (by default all under the default one)."""
    site = make_site(n_articles, seed=seed, channels=channels)
    sim = Simulator(site)
    if prerender:
        cache = {}
        for article in site.articles:
            content_type = "text/html" if article.era == "blk" else HTML_TYPE
            cache[local_path(article)] = SimResponse(body=pages.render(article, site), content_type=content_type)

        def from_cache(request: SimRequest) -> SimResponse | None:
            return cache.get(request.path)

        sim.rules.append(from_cache)
    with sim:
        yield sim


def crawl_once(kind: str, target: Target, n_articles: int, workdir: Path) -> dict[str, Any]:
    """One crawl of the whole site by ``kind`` (``ours`` or ``noop``) into a fresh folder."""
    out = Path(tempfile.mkdtemp(prefix=f"{kind}-", dir=workdir))
    max_pages = str(n_articles // 50 + 1)
    settings = {**FAST, "SINAARCHIVE_ROLL_API": target.roll_api, "SINAARCHIVE_OUTPUT_DIR": str(out)}
    if kind == "ours":
        command = [sys.executable, "-m", "scrapy", "crawl", "sina_finance", "-a", f"max_pages={max_pages}"]
    else:
        settings["HTTPCACHE_DIR"] = str(out / ".cache" / "http")  # as the real spider places it
        command = [
            sys.executable,
            "-m",
            "scrapy",
            "runspider",
            str(BENCH / "noop_spider.py"),
            "-a",
            f"roll_api={target.roll_api}",
            "-a",
            f"max_pages={max_pages}",
            "-a",
            f"items={'yes' if kind == 'items' else 'no'}",
            "-a",
            f"parse={'yes' if kind == 'parse' else 'no'}",
        ]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    target.counts()  # reset
    result = run_measured(command, out / "crawl.log")
    log = (out / "crawl.log").read_text(encoding="utf-8", errors="replace")
    articles, requests = target.counts()
    match = _ELAPSED.search(log)
    elapsed = float(match.group(1)) if match else result["wall_s"]
    posts = sum(1 for _ in out.rglob("*.md")) if kind == "ours" else 0
    result.update(
        kind=kind,
        server=target.name,
        size=n_articles,
        article_pages=articles,
        requests=requests,
        posts=posts,
        elapsed_s=elapsed,
        pages_per_s=articles / elapsed,
        requests_per_s=requests / elapsed,
        summary=next((line.split("summary: ", 1)[1] for line in log.splitlines() if "summary: " in line), ""),
    )
    if result["exit"] != 0 or articles < n_articles:
        say(
            f"  warning: {kind} crawl exit {result['exit']}, {articles}/{n_articles} article pages; log {out}/crawl.log"
        )
    return result


_CLIENT = r"""
import http.client, sys, threading, time
host, port, n_threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
paths = sys.stdin.read().split()
lock = threading.Lock(); position = [0]
def work():
    connection = http.client.HTTPConnection(host, port)
    while True:
        with lock:
            if position[0] >= len(paths): return
            path = paths[position[0]]; position[0] += 1
        connection.request("GET", path)
        response = connection.getresponse(); response.read()
start = time.perf_counter()
threads = [threading.Thread(target=work) for _ in range(n_threads)]
for t in threads: t.start()
for t in threads: t.join()
print(len(paths) / (time.perf_counter() - start))
"""


def capacity(target: Target, site: Site, limit: int = 3000) -> float:
    """Article pages per second a server serves to a trivial keep-alive client (16 connections, own process)."""
    paths = [local_path(article) for article in site.articles[:limit]]
    host, port = urlsplit(target.roll_api).hostname or "", urlsplit(target.roll_api).port or 80
    done = subprocess.run(
        [sys.executable, "-c", _CLIENT, host, str(port), str(CONCURRENCY)],
        input="\n".join(paths),
        capture_output=True,
        text=True,
        check=True,
    )
    target.counts()
    return float(done.stdout.strip())


def run(
    *,
    quick: bool,
    sizes: list[int] | None = None,
    reps: int | None = None,
    prerender: bool = True,
    servers: tuple[str, ...] = ("simulator", "static"),
) -> dict[str, Any]:
    sizes = sizes or ([1000] if quick else [1000, 10_000])
    reps = reps or 1
    say(
        f"\n## Crawl throughput\n\nPoliteness off (delay 0, concurrency {CONCURRENCY}, AutoThrottle off); "
        f"{reps} crawl(s) of each kind per size and server, alternating. Servers: `simulator` = the project's "
        f"simulator ({'pages pre-rendered' if prerender else 'pages rendered per request'}), in the benchmark "
        f"process; `static` = bench/static_server.py (Twisted) serving a snapshot of the same site from its own "
        f"process. Machine: {machine()}.\n"
    )
    results: list[dict[str, Any]] = []
    capacities: dict[tuple[int, str], float] = {}
    with tempfile.TemporaryDirectory(prefix="sinaarchive-crawl-") as tmp:
        for size in sizes:
            site = make_site(size)
            for server_name in servers:
                if server_name == "simulator":
                    context: Any = simulator(size, prerender=prerender)
                else:
                    context = static_server(site, Path(tmp))
                with context as served:
                    target = SimulatorTarget(served) if server_name == "simulator" else served
                    capacities[size, server_name] = capacity(target, site)
                    say(
                        f"  {server_name} alone ({size:,} articles): {capacities[size, server_name]:,.0f} pages/s "
                        f"to a trivial client"
                    )
                    for _ in range(reps):
                        for kind in ("noop", "items", "parse", "ours"):
                            result = crawl_once(kind, target, size, Path(tmp))
                            results.append(result)
                            say(
                                f"  {kind:4} {size:>6,} via {server_name}: {result['pages_per_s']:7.1f} pages/s, "
                                f"crawl {result['elapsed_s']:.1f} s (wall {result['wall_s']:.1f} s), "
                                f"peak RSS {result['peak_rss_mb']:.0f} MB, exit {result['exit']}"
                            )
    rows, summary = [], {}
    for size in sizes:
        for server_name in servers:
            mine = [r for r in results if r["size"] == size and r["server"] == server_name]

            def median(kind: str, key: str, pick: Any = statistics.median, rows: list[dict[str, Any]] = mine) -> Any:
                return pick(r[key] for r in rows if r["kind"] == kind)

            ours, noop = median("ours", "pages_per_s"), median("noop", "pages_per_s")
            items, parse = median("items", "pages_per_s"), median("parse", "pages_per_s")
            cap = capacities[size, server_name]
            entry = {
                "ours_pages_per_s": ours,
                "noop_pages_per_s": noop,
                "noop_items_pages_per_s": items,
                "parse_only_pages_per_s": parse,
                "ratio": ours / items,
                "ratio_requests_only": ours / noop,
                "parse_only_ratio": parse / items,
                "ours_peak_rss_mb": median("ours", "peak_rss_mb", max),
                "noop_peak_rss_mb": median("noop", "peak_rss_mb", max),
                "ours_crawl_s": median("ours", "elapsed_s"),
                "noop_crawl_s": median("noop", "elapsed_s"),
                "server_alone_pages_per_s": cap,
            }
            summary[f"{size}/{server_name}"] = entry
            rows.append(
                [
                    f"{size:,}",
                    server_name,
                    fmt(cap, 0),
                    fmt(noop, 0),
                    fmt(items, 0),
                    fmt(parse, 0),
                    fmt(ours, 0),
                    f"{ours / items:.0%}",
                    f"{parse / items:.0%}",
                    f"{entry['noop_crawl_s']:.1f} / {entry['ours_crawl_s']:.1f}",
                    f"{entry['noop_peak_rss_mb']:.0f} / {entry['ours_peak_rss_mb']:.0f}",
                ]
            )
    say(
        "\n"
        + table(
            [
                "articles",
                "server",
                "server alone pages/s",
                "do-nothing pages/s",
                "do-nothing + items pages/s",
                "lxml parse only pages/s",
                "ours pages/s",
                "ours / do-nothing + items",
                "parse only / do-nothing + items",
                "crawl s (noop / ours)",
                "peak RSS MB (noop / ours)",
            ],
            rows,
        )
    )
    checks = []
    for key, s in summary.items():
        checks.append(
            (
                f"{key}: ours ≥ 90 % of the do-nothing spider (same requests and items)",
                f"{s['ratio']:.0%}",
                s["ratio"] >= 0.9,
            )
        )
    for key, s in summary.items():
        if key.startswith("10000/"):
            rss = s["ours_peak_rss_mb"]
            checks.append((f"{key}: 10,000-article crawl peak RSS < 300 MB", f"{rss:.0f} MB", rss < 300))
    say("\n" + table(["target", "measured", "met"], [[n, v, "yes" if ok else "NO"] for n, v, ok in checks]))
    return {
        "machine": machine(),
        "prerender": prerender,
        "reps": reps,
        "crawls": results,
        "summary": summary,
        "targets": [{"target": n, "measured": v, "met": ok} for n, v, ok in checks],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 articles, one crawl of each kind")
    parser.add_argument("--sizes", help="comma-separated site sizes (default 1000,10000; --quick 1000)")
    parser.add_argument("--reps", type=int, help="crawls of each kind per size and server (default 1)")
    parser.add_argument("--servers", default="simulator,static", help="simulator, static or both (default)")
    parser.add_argument("--live-render", action="store_true", help="render pages per request, as the simulator does")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else None
    result = run(
        quick=args.quick,
        sizes=sizes,
        reps=args.reps,
        prerender=not args.live_render,
        servers=tuple(args.servers.split(",")),
    )
    say(f"\nsaved {save('crawl', result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
