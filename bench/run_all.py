"""Every benchmark, one after the other, with all tables printed: ``python bench/run_all.py [--quick]``.

``--real-pages DIR`` adds pages saved from Sina to the per-article benchmark. ``--quick`` (two to three minutes, one
of them for the cluster): fixture pages + 40 simulator pages, one 1,000-article crawl of each kind per server, a
no-op run over 20,000 articles, one 1,000-article cluster run per worker count. The full run (several minutes):
fixture pages + 300 simulator pages, 1,000- and 10,000-article crawls, a no-op run over 100,000 articles, three
2,000-article cluster runs per worker count. The cluster benchmark needs ``redis-server``. Raw numbers go to
bench/results/ (git-ignored).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import cluster
import crawl
import noop_run
import per_article
import warc
from common import machine, save, say, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smaller run, two to three minutes")
    parser.add_argument("--real-pages", type=Path, metavar="DIR", help=per_article.REAL_PAGES_HELP)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    say(f"# sinaarchive benchmarks{' (--quick)' if args.quick else ''}\n\nMachine: {machine()}")
    results = {
        "per_article": per_article.run(quick=args.quick, real_dir=args.real_pages),
        "crawl": crawl.run(quick=args.quick),
        "noop_run": noop_run.run(quick=args.quick),
        "warc": warc.run(quick=args.quick),
        "cluster": cluster.run(quick=args.quick),
    }
    rows = [
        [part, t["target"], t["measured"], "yes" if t["met"] else "NO"]
        for part, result in results.items()
        for t in result.get("targets", [])
    ]
    say("\n## Targets\n\n" + table(["benchmark", "target", "measured", "met"], rows))
    results["machine"] = machine()
    results["seconds"] = time.perf_counter() - started
    say(f"\nall benchmarks took {results['seconds']:.0f} s; saved {save('run_all', results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
