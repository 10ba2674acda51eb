"""Helpers for end-to-end tests: run the real ``scrapy crawl sina_finance`` in a subprocess against a simulator."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sinaarchive.archive.readback import post_files

PROJECT = Path(__file__).resolve().parent.parent
SCRAPY = [sys.executable, "-m", "scrapy"]
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "RETRY_TIMES": "1",
    "SINAARCHIVE_RETRY_BACKOFF": "0.05",
    "SINAARCHIVE_PROGRESS_INTERVAL": "0",
    "LOG_LEVEL": "INFO",
    # Images live on Sina's image hosts, which these crawls cannot reach; tests/test_images.py turns them on and
    # sends them to the simulator (`image_settings`).
    "SINAARCHIVE_IMAGES": "False",
}


def crawl_command(roll_api: str, output: Path, *args: str, settings: dict[str, str] | None = None) -> list[str]:
    command = [*SCRAPY, "crawl", "sina_finance"]
    merged = {**FAST, "SINAARCHIVE_ROLL_API": roll_api, "SINAARCHIVE_OUTPUT_DIR": str(output), **(settings or {})}
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    return command + list(args)


def crawl(
    roll_api: str,
    output: Path,
    *args: str,
    settings: dict[str, str] | None = None,
    timeout: float = 180,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """One crawl, run from the project folder as a user would; returns the finished process. ``env`` adds
    environment variables (``http_proxy``)."""
    return subprocess.run(
        crawl_command(roll_api, output, *args, settings=settings),
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=child_env(env or {}),
    )


def child_env(extra: dict[str, str]) -> dict[str, str]:
    """This process's environment for a child whose log is read as it goes, plus ``extra`` (``http_proxy``)."""
    return {**os.environ, "PYTHONUNBUFFERED": "1", **extra}


def start_crawl(
    roll_api: str, output: Path, *args: str, settings: dict[str, str] | None = None, log: Path | None = None
) -> subprocess.Popen[bytes]:
    """A crawl in the background (for kill and overlap tests); its output goes to ``log``."""
    command = crawl_command(roll_api, output, *args, settings=settings)
    if log is None:
        return subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with log.open("wb") as sink:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(command, cwd=PROJECT, stdout=sink, stderr=sink)


def sinaarchive(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m sinaarchive ARGS``, run from the project folder; returns the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "sinaarchive", *map(str, args)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def posts(root: Path) -> dict[str, bytes]:
    """Every post in an archive: relative path → bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in post_files(root)}


def file_hashes(root: Path) -> dict[str, str]:
    """Every file in a folder (catalog included) → sha256, to show that a run changed nothing."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def article_requests(log: list[dict]) -> list[str]:
    return [entry["path"] for entry in log if "/doc-i" in entry["path"]]


def roll_requests(log: list[dict]) -> list[str]:
    return [f"{entry['path']}?{entry['query']}" for entry in log if entry["path"].endswith("/api/roll/get")]


def listed_ids(site, channel_names: list[str], pages: int, page_size: int = 50) -> set[str]:
    """Doc ids the simulator lists on the first ``pages`` pages of the named channels."""
    from sinaarchive.channels import resolve_channels

    ids: set[str] = set()
    for channel in resolve_channels(",".join(channel_names)):
        ids |= {a.doc_id for a in site.listing(channel.lid)[: pages * page_size]}
    return ids


@dataclass
class SimulatorCli:
    process: subprocess.Popen[str]
    stderr: str = ""
    """What the simulator wrote to stderr, once it has stopped."""


@contextmanager
def simulator_cli(
    *args: str, stop: signal.Signals = signal.SIGINT, sigint: signal.Handlers = signal.SIG_DFL
) -> Iterator[SimulatorCli]:
    """``python -m sinasim ARGS`` with its output piped; stopped with ``stop`` (Ctrl-C's SIGINT, or SIGTERM as
    ``kill`` sends) when the block ends, and killed if the block failed first or the signal did not stop it.

    The child starts with SIGINT set to ``sigint``, not with whatever this process inherited: ``SIG_IGN`` is what a
    shell gives a background job, so a test can ask for it, and no test depends on how the suite was started.
    """
    cli = SimulatorCli(
        subprocess.Popen(
            [sys.executable, "-m", "sinasim", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            # In the child before exec, which keeps SIG_IGN and SIG_DFL. Safe with threads here: it takes no lock
            # and imports nothing.
            preexec_fn=lambda: signal.signal(signal.SIGINT, sigint),  # noqa: PLW1509
        )
    )
    try:
        yield cli
        cli.process.send_signal(stop)
        _, cli.stderr = cli.process.communicate(timeout=30)
    finally:
        if cli.process.poll() is None:
            cli.process.kill()
            cli.process.communicate()
