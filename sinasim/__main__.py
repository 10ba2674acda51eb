"""``python -m sinasim``: serve a synthetic Sina Finance on loopback and print how to crawl it.

    python -m sinasim [--host 127.0.0.1] [--port 8765] [--articles 120] [--seed 0]
                                    [--real-hosts] [--log FILE] [--verbose]
                                    [--faults all] [--faults-plan FILE]

``--faults all`` turns on the ``faults.all_faults`` preset over the 国内 channel (lid 1686): HTTP errors, a hang
(until the client times out), dropped and reset connections, truncated and cut-off pages, unusable roll pages,
roll items without URL/docid/ctime, duplicated roll items, hostile titles and bodies, a captcha page, a login
redirect, a 403, a 404 and two article-less pages. The site then defaults to 400 articles. A second output line
counts the expected outcomes; ``--faults-plan FILE`` writes them per doc id as JSON (``FaultPlan.to_json``).
A crawl with ``RETRY_TIMES >= 2`` (and ``DOWNLOAD_TIMEOUT`` of a few seconds, for the hang) should archive every
``archived`` id and every fault-free article of 国内, and none of the others, provided it also re-requests an
unusable roll page (bad JSON, an HTML page, status != 0, ``data`` not a list: each served once on pages 1-3).

Ctrl-C (SIGINT) or ``kill`` (SIGTERM) stops it cleanly (exit status 0), also when started as a background job.
"""

from __future__ import annotations

import argparse
import json
import shlex
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from sinasim.faults import FaultPlan, all_faults
from sinasim.server import Simulator
from sinasim.site import build_site


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
        prog="python -m sinasim",
        description="Serve a synthetic Sina Finance (roll API + article pages) for offline crawls.",
        epilog="--faults all: HTTP 5xx/429 sequences, a hang, dropped and reset connections, truncated and cut-off "
        "pages, unusable roll pages (each at most twice), roll items without URL/docid/ctime, duplicated "
        "roll items, hostile titles and bodies, a captcha page, a login redirect, a 403, a 404 and two "
        "article-less pages, over the 国内 channel. Crawl with -s RETRY_TIMES=2 -s DOWNLOAD_TIMEOUT=3; "
        "--faults-plan FILE says which doc ids must end archived, failed, dropped or unlisted.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    parser.add_argument("--port", type=_port, default=8765, help="TCP port; 0 picks a free one (default: 8765)")
    parser.add_argument(
        "--articles", type=_count, default=None, help="articles on the site (default: 120, or 400 with --faults)"
    )
    parser.add_argument("--seed", type=int, default=0, help="site seed; same seed, same site (default: 0)")
    parser.add_argument(
        "--real-hosts",
        action="store_true",
        help="list articles under http://finance.sina.com.cn/… and act as an HTTP proxy for them",
    )
    parser.add_argument("--log", metavar="FILE", help="append every request to FILE as JSON lines")
    parser.add_argument("--verbose", action="store_true", help="also print each request to stderr")
    parser.add_argument(
        "--faults", choices=["all"], help="inject faults: 'all' is the faults.all_faults preset (below)"
    )
    parser.add_argument(
        "--faults-plan", metavar="FILE", help="with --faults: write the expected outcome per doc id to FILE as JSON"
    )
    return parser


def _interrupt(signum: int, frame: FrameType | None) -> None:
    # KeyboardInterrupt, not an Exception: the server loop catches Exceptions from request set-up and goes on.
    raise KeyboardInterrupt


def stop_on_sigint_and_sigterm() -> None:
    """Make Ctrl-C (SIGINT) and ``kill`` (SIGTERM) both raise ``KeyboardInterrupt`` in the main (serving) thread.

    Set explicitly, whatever the process inherited: a shell starts a background job (``… &`` in a script) with
    SIGINT ignored, and SIGTERM would otherwise end the process at once, with no clean stop and exit status 143.
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)


def crawl_command(simulator: Simulator) -> str:
    """The crawl command for this simulator; in real-hosts mode the article requests go through it as a proxy."""
    command = f"scrapy crawl sina_finance -s SINAARCHIVE_ROLL_API={shlex.quote(simulator.roll_api)} -s DOWNLOAD_DELAY=0"
    return f"http_proxy={simulator.base_url} {command}" if simulator.real_hosts else command


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.faults_plan and not args.faults:
        parser.error("--faults-plan needs --faults")
    site = build_site(args.articles or (400 if args.faults else 120), seed=args.seed)
    plan: FaultPlan | None = None
    if args.faults == "all":
        try:
            plan = all_faults(site)
        except ValueError as error:
            parser.error(f"--faults all: {error}")
    try:
        simulator = Simulator(
            site, host=args.host, port=args.port, real_hosts=args.real_hosts, log_path=args.log, echo=args.verbose
        )
    except OSError as error:  # port taken, bad address: a usage problem, not a crash
        parser.error(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}")
    try:  # from here on Ctrl-C and kill are a clean stop, even before serving starts
        stop_on_sigint_and_sigterm()
        if plan is not None:
            simulator.rules.extend(plan.rules)
            if args.faults_plan:
                try:
                    with Path(args.faults_plan).open("w", encoding="utf-8") as stream:
                        json.dump(plan.to_json(), stream, ensure_ascii=False, indent=1)
                except OSError as error:
                    parser.error(f"cannot write {args.faults_plan}: {error.strerror or error}")
        print(
            f"Sina simulator: {len(site)} articles, roll API at {simulator.roll_api} (Ctrl-C stops). "
            f"Crawl it with: {crawl_command(simulator)}",
            flush=True,
        )
        if plan is not None:
            counts = ", ".join(
                f"{name} {len(plan.ids(name))}" for name in ("archived", "failed", "dropped", "unlisted")
            )
            print(
                f"Faults: {args.faults} ({len(plan.rules)} rules) over lid {plan.lid}; expected among the "
                f"faulty articles: {counts}",
                flush=True,
            )
        simulator.serve_forever()
    except KeyboardInterrupt:
        print("Sina simulator stopped.", file=sys.stderr)
    finally:
        simulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
