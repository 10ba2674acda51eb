"""``python -m sinaarchive ingest|cluster-status --redis URL``: the cluster's commands (dispatched from
``sinaarchive.__main__``).

Exit status: 0 the campaign is over and every item written (``ingest``) or the counts were printed
(``cluster-status``); 1 a write failed (the item stays in Redis for the next writer); 2 bad usage (no Redis there, a
bad ``-s``); 6 the writer was stopped before the campaign was over; 75 another run holds the archive.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sinaarchive.cluster.store import ClusterStore, connect
from sinaarchive.options import BadOption

COMMANDS = ("ingest", "cluster-status")
REDIS_HELP = "the cluster's Redis database, redis://HOST:PORT/DB (the workers' SINAARCHIVE_REDIS_URL)"


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> list[argparse.ArgumentParser]:
    """Add ``ingest`` and ``cluster-status``; returns the parsers that write to an archive (they take --output)."""
    ingest = commands.add_parser(
        "ingest", help="write the cluster workers' articles into the archive (the one writer of a cluster)"
    )
    ingest.add_argument("--redis", required=True, metavar="URL", help=REDIS_HELP)
    ingest.add_argument(
        "-s",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy or sinaarchive setting, as `scrapy crawl -s` takes it (repeatable)",
    )
    status = commands.add_parser("cluster-status", help="workers, queued requests and items of a cluster")
    status.add_argument("--redis", required=True, metavar="URL", help=REDIS_HELP)
    return [ingest]


def setting_overrides(pairs: list[str]) -> dict[str, str]:
    """``-s NAME=VALUE`` options as a dict; ``BadOption`` for one without ``=``."""
    overrides = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise BadOption(f"-s {pair!r}: give a setting as NAME=VALUE, e.g. -s SINAARCHIVE_IMAGES=False")
        overrides[name.strip()] = value
    return overrides


def run_status(url: str) -> int:
    store = ClusterStore(connect(url, "--redis"))
    for line in [*store.counts().lines(), *store.worker_lines()]:
        print(line)
    return 0


def run_ingest(url: str, root: Path, overrides: dict[str, str]) -> int:
    from sinaarchive.cluster import writer  # Scrapy's crawler machinery: only for this command

    return writer.run_ingest(ClusterStore(connect(url, "--redis")), root, overrides)
