"""``python -m sinaarchive.simulator``: serve a synthetic Sina Finance on loopback and print how to crawl it.

    python -m sinaarchive.simulator [--host 127.0.0.1] [--port 8765] [--articles 120] [--seed 0]
                                    [--real-hosts] [--log FILE] [--verbose]

Ctrl-C stops it (exit status 0).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence

from sinaarchive.simulator.server import Simulator
from sinaarchive.simulator.site import build_site


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a TCP port (0-65535)")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("need at least 1 article")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m sinaarchive.simulator",
        description="Serve a synthetic Sina Finance (roll API + article pages) for offline crawls.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    parser.add_argument("--port", type=_port, default=8765, help="TCP port; 0 picks a free one (default: 8765)")
    parser.add_argument("--articles", type=_count, default=120, help="articles on the site (default: 120)")
    parser.add_argument("--seed", type=int, default=0, help="site seed; same seed, same site (default: 0)")
    parser.add_argument("--real-hosts", action="store_true",
                        help="list articles under http://finance.sina.com.cn/… and act as an HTTP proxy for them")
    parser.add_argument("--log", metavar="FILE", help="append every request to FILE as JSON lines")
    parser.add_argument("--verbose", action="store_true", help="also print each request to stderr")
    return parser


def crawl_command(simulator: Simulator) -> str:
    """The crawl command for this simulator; in real-hosts mode the article requests go through it as a proxy."""
    command = (f"scrapy crawl sina_finance -s SINAARCHIVE_ROLL_API={shlex.quote(simulator.roll_api)} "
               f"-s DOWNLOAD_DELAY=0")
    return f"http_proxy={simulator.base_url} {command}" if simulator.real_hosts else command


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    site = build_site(args.articles, seed=args.seed)
    try:
        simulator = Simulator(site, host=args.host, port=args.port, real_hosts=args.real_hosts,
                              log_path=args.log, echo=args.verbose)
    except OSError as error:  # port taken, bad address: a usage problem, not a crash
        parser.error(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}")
    print(f"Sina simulator: {len(site)} articles, roll API at {simulator.roll_api} (Ctrl-C stops). "
          f"Crawl it with: {crawl_command(simulator)}", flush=True)
    try:
        simulator.serve_forever()
    except KeyboardInterrupt:
        print("Sina simulator stopped.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
