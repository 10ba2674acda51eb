"""``python -m sinaarchive stats|verify|rebuild|reextract|page [--output DIR]``: archive maintenance from the shell
(``reextract`` and ``page`` read the WARC files: ``sinaarchive.warc.cli``); ``ingest`` and ``cluster-status`` run a
cluster backfill's writer and show its state (``sinaarchive.cluster.cli``).

Exit status: 0 good; 1 ``verify`` found problems or ``rebuild`` skipped unreadable posts; 2 bad usage (a missing
folder, an unknown command); 75 a crawl is writing to the archive right now; 141 the reader closed the pipe before
the output ended (``… | head``), as the shell reports for any tool stopped that way.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from scrapy.utils.project import get_project_settings

from sinaarchive.archive.lock import ArchiveBusy
from sinaarchive.cluster import cli as cluster_cli
from sinaarchive.maintenance import has_catalog, rebuild, stats_lines, verify
from sinaarchive.options import BadOption, output_dir
from sinaarchive.report import EXIT_BUSY
from sinaarchive.warc import cli as warc_cli

OUTPUT_HELP = "the archive folder (default: SINAARCHIVE_OUTPUT_DIR, else output/ beside scrapy.cfg)"
MAINTENANCE = {
    "stats": "counts per channel and month, newest and oldest article, images",
    "verify": "check every post and image against the catalog",
    "rebuild": "recreate the catalog from the posts and the stored images",
}


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sinaarchive", description="Maintain a sinaarchive archive.")
    parser.add_argument("--output", metavar="DIR", help=OUTPUT_HELP)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, summary in MAINTENANCE.items():
        add_output(commands.add_parser(name, help=summary, description=summary))
    for sub in warc_cli.add_commands(commands):
        add_output(sub)
    for sub in cluster_cli.add_commands(commands):
        add_output(sub)
    return parser.parse_args(argv)


def add_output(command: argparse.ArgumentParser) -> None:
    """``--output`` after the command too; SUPPRESS keeps a value given before the command."""
    command.add_argument("--output", metavar="DIR", default=argparse.SUPPRESS, help=OUTPUT_HELP)


def archive_root(output: str | None) -> Path:
    if output is not None:
        root = Path(output).expanduser().absolute()
        if not root.is_dir():
            raise BadOption(f"--output {output!r} is not a folder; give the folder the crawler writes to")
        return root
    return output_dir(get_project_settings())


def new_archive_root(output: str | None, overrides: dict[str, str]) -> Path:
    """Where ``ingest`` writes: ``--output``, else ``SINAARCHIVE_OUTPUT_DIR`` (``-s`` ``overrides`` included); made
    if only its last level is missing, as a crawl makes its output folder."""
    settings = get_project_settings()
    settings.setdict({**overrides, **({"SINAARCHIVE_OUTPUT_DIR": output} if output is not None else {})}, "cmdline")
    try:
        return output_dir(settings)
    except BadOption as exc:
        raise BadOption(str(exc).replace("SINAARCHIVE_OUTPUT_DIR=", "--output ") if output else str(exc)) from None


EXIT_PIPE_CLOSED = 128 + 13  # 128 + SIGPIPE


def main(argv: list[str] | None = None) -> int:
    """Run one command; a reader that stops early (``python -m sinaarchive stats | head -1``) ends it quietly."""
    try:
        try:
            return run_command(argv)
        finally:
            sys.stdout.flush()  # a closed pipe shows here, inside the try, rather than at exit
    except BrokenPipeError:
        # Python would report the unflushed rest again at exit; what is left goes nowhere instead.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE_CLOSED


def run_command(argv: list[str] | None) -> int:
    args = parse_arguments(argv)
    try:
        if args.command == "cluster-status":
            return cluster_cli.run_status(args.redis)
        if args.command == "ingest":
            overrides = cluster_cli.setting_overrides(args.settings)
            return cluster_cli.run_ingest(args.redis, new_archive_root(args.output, overrides), overrides)
        root = archive_root(args.output)
        if args.command in warc_cli.COMMANDS:
            return warc_cli.run(args, root)
        if args.command != "rebuild" and not has_catalog(root):
            raise BadOption(f"no catalog in {root}; run a crawl first, or `python -m sinaarchive rebuild`")
        return run(args.command, root)
    except (BadOption, warc_cli.NoWarcFiles) as exc:
        print(f"sinaarchive: {exc}", file=sys.stderr)
        return 2
    except ArchiveBusy as exc:
        print(f"sinaarchive: {exc}", file=sys.stderr)
        return EXIT_BUSY


def run(command: str, root: Path) -> int:
    if command == "rebuild":
        count, problems = rebuild(root)
        for problem in problems:
            print(f"skipped {problem}")
        print(f"catalog rebuilt: {count} articles")
        return 1 if problems else 0
    if command == "verify":
        problems = verify(root)
        for problem in problems:
            print(problem)
        print(f"verify: {len(problems)} problem(s)" if problems else "verify: archive is sound")
        return 1 if problems else 0
    for line in stats_lines(root):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
