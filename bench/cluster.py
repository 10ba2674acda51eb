"""Cluster throughput: one, two and four workers sharing a crawl through Redis, and the writer alone.

    python bench/cluster.py [--quick] [--articles 2000] [--workers 1,2,4] [--reps 3] [--idle-exit 1]
                            [--concurrency N] [--quiet-wait 60] [--keep]

A ``redis-server`` of its own (a free loopback port, a temporary folder, no persistence) and a simulator site of
``--articles`` real-size articles spread over all 14 channels (pages pre-rendered, as in ``crawl.py``). Every
worker is started with all the channels (``-a channels=…``) and a ``max_pages`` that reaches the end of the longest
listing, so the listing is 14 chains of roll pages rather than one, and every article is listed.

For each worker count and repetition (counts alternate): Redis flushed, a fresh output folder, N
``scrapy crawl sina_finance -s SINAARCHIVE_REDIS_URL=…`` workers and one ``python -m sinaarchive ingest`` writer
into that folder, all started at once. Politeness off as in ``crawl.py`` (no delay, AutoThrottle off, 16 requests
per host) except that each worker keeps the cluster's own concurrency (4 requests at a time, its fair share of the
queue); WARC capture on (the default), images off. This process polls Redis every 20 ms (articles handed over =
written + waiting in Redis) and reaps its children. Per run:

- crawl articles/s: articles handed over ÷ the time from the campaign's start (the first worker has joined, so
  its Scrapy engine runs: process start-up is left out, as in ``crawl.py``) to the last article handed over;
- with start-up: the same from the moment the first process was started;
- all workers in: articles handed over after the last of the N workers had joined, ÷ the time since then;
- end-to-end: from the first process start to the last article written. The writer exits later, once every worker
  has seen the crawl drained for ``SINAARCHIVE_REDIS_IDLE_EXIT`` seconds and left: that idle tail is reported
  apart, not counted;
- CPU seconds used between the campaign's start and the last hand-over by the workers, the writer, this process
  (the simulator) and redis-server (``/proc/PID/stat``), and their sum ÷ that time: how many cores were busy;
  "others" is the rest of the whole machine's busy time (``/proc/stat``): other people's jobs on a shared machine;
- a check that every article was fetched once and written once (posts, catalog rows and their captures).

Before each run the benchmark waits (``--quiet-wait``, up to a minute) until the machine has been idle for a
second, so that on a shared machine other jobs disturb as few runs as possible; "others" says how much they still
did. The table gives medians of the quiet runs (other jobs used under 0.2 cores; all runs when none was), beside
the median of all runs.

Each repetition also runs the same crawl without the cluster (``scrapy crawl`` alone, one process) as a reference.

Writer alone: N workers without a writer fill Redis (checked: every article waits there once they have exited);
then ``ingest`` alone writes them. Items per second over its Scrapy crawl time, and over the span from its first
write to its last.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
from common import PROJECT, fmt, machine, save, say, table
from crawl import _ELAPSED, FAST, SimulatorTarget, capacity, simulator

from sinaarchive.channels import CHANNELS
from sinaarchive.cluster.store import ARCHIVED, CAMPAIGN, ITEMS, WORKERS, WRITING, ClusterStore
from sinasim import Simulator

POLL = 0.02  # seconds between looks at Redis and at the children
QUIET = 0.1  # CPU seconds per second: below this the machine counts as idle before a run
DISTURBED = 0.2  # cores used by other jobs during a run above which it is left out of the medians (if others are not)
# Politeness off, as in crawl.py, but CONCURRENT_REQUESTS is left to the cluster (4 per worker): it is how many
# requests a worker takes from the shared queue at a time.
WORKER = {name: value for name, value in FAST.items() if name != "CONCURRENT_REQUESTS"}
WRITER = {"SINAARCHIVE_IMAGES": "False", "SINAARCHIVE_PROGRESS_INTERVAL": "0", "LOG_LEVEL": "INFO"}
_HANDED = re.compile(r"'sinaarchive/handed/new': (\d+)")
_TICKS = os.sysconf("SC_CLK_TCK")


# --- the machinery: redis-server, processes, CPU ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def redis_server(folder: Path) -> Iterator[tuple[str, int]]:
    """``redis-server`` on a free loopback port, no persistence, its log in ``folder``: yields (URL, pid)."""
    executable = shutil.which("redis-server")
    if executable is None:
        raise SystemExit("redis-server is not on PATH (scripts/install-redis-server installs it)")
    port = free_port()
    command = [executable, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
    command += ["--save", "", "--appendonly", "no"]
    with (folder / "redis.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=folder, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"redis-server did not start; see {folder / 'redis.log'}") from None
                time.sleep(0.05)
        client.close()
        yield url, process.pid
    finally:
        process.terminate()
        process.wait()


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a running process (``/proc/PID/stat``); ``None`` once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # after "pid (name)": state is field 3, utime 14, stime 15
    return (int(fields[11]) + int(fields[12])) / _TICKS


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot, all cores (``/proc/stat``: all but idle and
    iowait): what every process used, ours and anybody else's."""
    with Path("/proc/stat").open(encoding="ascii") as stat:
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, stat.readline().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / _TICKS


def wait_until_quiet(limit: float) -> float:
    """Wait, up to ``limit`` seconds, until the machine has been all but idle for a second (others' jobs on a
    shared machine); returns how long that took."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        before = machine_busy_seconds()
        time.sleep(1)
        if machine_busy_seconds() - before < QUIET:
            break
    return time.monotonic() - started


@dataclass
class Watch:
    """What this process sees of the cluster, polled every ``POLL`` seconds: when the campaign started, when
    every worker had joined, when the articles were handed over and written, and CPU snapshots at those moments."""

    client: redis.Redis
    expected: int
    n_workers: int
    pids: dict[str, int]  # name → pid, for the CPU snapshots
    started: float = field(default_factory=time.perf_counter)
    at: dict[str, float] = field(default_factory=dict)  # event → seconds since ``started``
    handed_at_all_joined: int = 0
    handed: int = 0
    most_waiting: int = 0
    workers_seen: set[bytes] = field(default_factory=set)
    cpu: dict[str, dict[str, float | None]] = field(default_factory=dict)  # event → name → CPU seconds

    def poll(self) -> None:
        pipe = self.client.pipeline()  # MULTI/EXEC: one consistent look
        pipe.exists(CAMPAIGN)
        pipe.smembers(WORKERS)
        pipe.hlen(ARCHIVED)
        pipe.llen(ITEMS)
        pipe.llen(WRITING)
        campaign, workers, written, items, writing = pipe.execute()
        # The writer marks an article archived, then removes it from `writing`: for that moment (well under a
        # millisecond, one article at a time) it counts twice here.
        self.handed = written + items + writing
        self.most_waiting = max(self.most_waiting, items + writing)
        self.workers_seen |= workers
        if campaign:
            self.event("campaign")
        if len(self.workers_seen) >= self.n_workers and self.event("all_joined"):
            self.handed_at_all_joined = self.handed
        if self.handed:
            self.event("first_handed")
        if self.handed >= self.expected:
            self.event("all_handed")
        if written:
            self.event("first_written")
        if written >= self.expected and not items + writing:
            self.event("all_written")

    def event(self, name: str) -> bool:
        """Note the first time ``name`` is seen, with a CPU snapshot; True that first time."""
        if name in self.at:
            return False
        self.at[name] = time.perf_counter() - self.started
        self.cpu[name] = {process: cpu_seconds(pid) for process, pid in self.pids.items()}
        self.cpu[name]["machine"] = machine_busy_seconds()
        return True

    def cpu_between(self, first: str, last: str) -> dict[str, float]:
        """CPU seconds each process used between two events (a process gone by then is left out)."""
        before, after = self.cpu.get(first, {}), self.cpu.get(last, {})
        used = {}
        for name, end in after.items():
            start = before.get(name)
            if start is not None and end is not None:
                used[name] = end - start
        return used


def start(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as sink:
        return subprocess.Popen(command, cwd=PROJECT, stdout=sink, stderr=subprocess.STDOUT, env=env)


def run_processes(commands: dict[str, list[str]], logs: Path, watch: Watch, timeout: float) -> dict[str, Any]:
    """Start every command at once and wait for all, polling ``watch``; per process: exit status, when it
    ended (seconds since the start), its CPU seconds. A process still running after ``timeout`` is killed."""
    watch.started = time.perf_counter()
    running = {name: start(command, logs / f"{name}.log") for name, command in commands.items()}
    watch.pids.update({name: process.pid for name, process in running.items()})
    ended: dict[str, Any] = {}
    while running:
        watch.poll()
        for name, process in list(running.items()):
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                process.returncode = os.waitstatus_to_exitcode(status)
                ended[name] = {
                    "exit": process.returncode,
                    "ended_s": time.perf_counter() - watch.started,
                    "cpu_s": usage.ru_utime + usage.ru_stime,
                }
                del running[name]
        if running and time.perf_counter() - watch.started > timeout:
            for name, process in running.items():
                say(f"  {name} still running after {timeout:.0f} s: killed (log {logs / name}.log)")
                process.kill()
                process.wait()
                ended[name] = {"exit": "timeout", "ended_s": timeout, "cpu_s": 0.0}
            break
        time.sleep(POLL)
    watch.poll()
    return ended


# --- the benchmark ---------------------------------------------------------------------------------------------


@dataclass
class Cluster:
    """What every run shares: the simulator, Redis, the spider arguments, the number of articles to expect."""

    sim: Simulator
    redis_url: str
    redis_pid: int
    workdir: Path
    expected: int
    max_pages: int
    idle_exit: int
    concurrency: int | None
    quiet_wait: float
    client: redis.Redis = field(init=False)

    def __post_init__(self) -> None:
        self.client = redis.Redis.from_url(self.redis_url)

    def crawl_command(self, archive: Path, *, worker: bool = True) -> list[str]:
        """``scrapy crawl sina_finance`` over every channel into ``archive``: a worker of the cluster, or (``worker``
        false) a crawl alone with the same settings."""
        settings = {**WORKER, "SINAARCHIVE_ROLL_API": self.sim.roll_api, "SINAARCHIVE_OUTPUT_DIR": str(archive)}
        if worker:
            settings["SINAARCHIVE_REDIS_URL"] = self.redis_url
            settings["SINAARCHIVE_REDIS_IDLE_EXIT"] = str(self.idle_exit)
        if self.concurrency:
            settings["CONCURRENT_REQUESTS"] = str(self.concurrency)
        channels = ",".join(channel.alias for channel in CHANNELS)
        command = [sys.executable, "-m", "scrapy", "crawl", "sina_finance"]
        command += ["-a", f"channels={channels}", "-a", f"max_pages={self.max_pages}"]
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        return command

    def writer_command(self, archive: Path) -> list[str]:
        command = [sys.executable, "-m", "sinaarchive", "ingest", "--redis", self.redis_url, "--output", str(archive)]
        for name, value in WRITER.items():
            command += ["-s", f"{name}={value}"]
        return command

    def timeout(self) -> float:
        return 120 + self.expected / 10

    def fresh(self, name: str) -> tuple[Path, Path]:
        """An empty Redis database, a fresh folder and an idle machine (``quiet_wait``) for a run: (the folder, for
        logs; the archive in it)."""
        waited = wait_until_quiet(self.quiet_wait)
        if waited >= self.quiet_wait > 0:
            say(f"  (the machine was still busy after {waited:.0f} s of waiting: {name} runs beside other work)")
        self.client.flushdb()
        self.sim.reset_log()
        folder = self.workdir / name
        archive = folder / "archive"
        archive.mkdir(parents=True)
        return folder, archive

    def watch(self, n_workers: int) -> Watch:
        pids = {"simulator": os.getpid(), "redis": self.redis_pid}
        return Watch(self.client, self.expected, n_workers, pids)

    def article_requests(self) -> int:
        return sum(1 for r in self.sim.requests() if "/doc-i" in r["path"])

    def crawl(self, n_workers: int, *, rep: int, writer: bool = True) -> dict[str, Any]:
        """N workers (and the writer, unless ``writer`` is false) from a flushed Redis into a fresh folder."""
        folder, archive = self.fresh(f"{n_workers}-workers{'' if writer else '-no-writer'}-{rep}")
        commands = {f"worker-{i + 1}": self.crawl_command(archive) for i in range(n_workers)}
        if writer:
            commands["writer"] = self.writer_command(archive)
        watch = self.watch(n_workers)
        ended = run_processes(commands, folder, watch, self.timeout())
        at = watch.at
        workers = [name for name in commands if name.startswith("worker")]
        logs = {name: (folder / f"{name}.log").read_text(encoding="utf-8", errors="replace") for name in workers}
        result: dict[str, Any] = {
            "workers": n_workers,
            "writer": writer,
            "rep": rep,
            "expected": self.expected,
            "handed": watch.handed,
            "handed_by_worker": [int(m.group(1)) if (m := _HANDED.search(logs[name])) else 0 for name in workers],
            "article_requests": self.article_requests(),
            "events_s": dict(at),
            "processes": ended,
            "most_waiting": watch.most_waiting,
            "folder": str(folder),
        }
        end = at.get("all_handed")
        if "campaign" in at and end is not None:
            crawl_s = end - at["campaign"]
            cpu = watch.cpu_between("campaign", "all_handed")
            result.update(
                crawl_s=crawl_s,
                articles_per_s=self.expected / crawl_s,
                with_startup_s=end,
                articles_per_s_with_startup=self.expected / end,
                cpu_s={
                    "workers": sum(cpu.get(name, 0.0) for name in workers),
                    "writer": cpu.get("writer", 0.0),
                    "simulator": cpu.get("simulator", 0.0),
                    "redis": cpu.get("redis", 0.0),
                },
                machine_cpu_s=cpu.get("machine", 0.0),
            )
            result["cores_busy"] = sum(result["cpu_s"].values()) / crawl_s
            result["machine_cores_busy"] = result["machine_cpu_s"] / crawl_s
            result["others_cores_busy"] = max(0.0, result["machine_cores_busy"] - result["cores_busy"])
            if "all_joined" in at and end > at["all_joined"]:
                result["articles_per_s_all_joined"] = (self.expected - watch.handed_at_all_joined) / (
                    end - at["all_joined"]
                )
        if writer:
            result["posts"] = sum(1 for _ in archive.rglob("*.md"))
            result["catalog"] = catalog_counts(archive)
            if "all_written" in at:
                result["end_to_end_s"] = at["all_written"]
                result["writer_exit_s"] = ended["writer"]["ended_s"]
                result["idle_tail_s"] = ended["writer"]["ended_s"] - at["all_written"]
        else:
            result["items_waiting"] = int(self.client.llen(ITEMS))
        self.check(result)
        return result

    def crawl_alone(self, rep: int) -> dict[str, Any]:
        """The same crawl without the cluster, one process: a reference for one worker and its writer."""
        folder, archive = self.fresh(f"crawl-alone-{rep}")
        ended = run_processes({"crawl": self.crawl_command(archive, worker=False)}, folder, self.watch(0), 600)
        log = (folder / "crawl.log").read_text(encoding="utf-8", errors="replace")
        match = _ELAPSED.search(log)
        elapsed = float(match.group(1)) if match else ended["crawl"]["ended_s"]
        result = {
            "rep": rep,
            "elapsed_s": elapsed,
            "articles_per_s": self.expected / elapsed,
            "wall_s": ended["crawl"]["ended_s"],
            "cpu_s": ended["crawl"]["cpu_s"],
            "exit": ended["crawl"]["exit"],
            "posts": sum(1 for _ in archive.rglob("*.md")),
            "article_requests": self.article_requests(),
        }
        if result["exit"] != 0 or result["posts"] != self.expected:
            say(f"  warning: crawl alone exit {result['exit']}, {result['posts']}/{self.expected} posts; see {folder}")
        return result

    def writer_alone(self, n_workers: int) -> dict[str, Any]:
        """Fill Redis with N workers and no writer, then time ``ingest`` alone on every item."""
        fill = self.crawl(n_workers, rep=0, writer=False)
        folder = Path(fill["folder"])
        archive = folder / "archive"
        waiting = int(self.client.llen(ITEMS))
        watch = self.watch(0)
        ended = run_processes({"writer-alone": self.writer_command(archive)}, folder, watch, self.timeout())
        log = (folder / "writer-alone.log").read_text(encoding="utf-8", errors="replace")
        match = _ELAPSED.search(log)
        elapsed = float(match.group(1)) if match else ended["writer-alone"]["ended_s"]
        span = watch.at.get("all_written", 0.0) - watch.at.get("first_written", 0.0)
        result = {
            "fill": fill,
            "items": waiting,
            "elapsed_s": elapsed,
            "items_per_s": waiting / elapsed,
            "write_span_s": span,
            "items_per_s_span": waiting / span if span > 0 else 0.0,
            "wall_s": ended["writer-alone"]["ended_s"],
            "cpu_s": ended["writer-alone"]["cpu_s"],
            "exit": ended["writer-alone"]["exit"],
            "posts": sum(1 for _ in archive.rglob("*.md")),
            "catalog": catalog_counts(archive),
        }
        if waiting != self.expected or result["exit"] != 0 or result["posts"] != self.expected:
            say(
                f"  warning: writer alone: {waiting} items waiting, exit {result['exit']}, {result['posts']} posts, "
                f"{self.expected} expected; log {folder / 'writer-alone.log'}"
            )
        return result

    def check(self, result: dict[str, Any]) -> None:
        """Say so when a run did not do what it should: a process failed, an article missing or fetched twice."""
        problems = [f"{name} exit {p['exit']}" for name, p in result["processes"].items() if p["exit"] != 0]
        if result["handed"] < self.expected:
            problems.append(f"{result['handed']}/{self.expected} articles handed over")
        if result["article_requests"] != self.expected:
            problems.append(f"{result['article_requests']} article pages fetched for {self.expected} articles")
        if result["writer"] and result["posts"] != self.expected:
            problems.append(f"{result['posts']}/{self.expected} posts written")
        if result["writer"] and result["catalog"].get("captures") != self.expected:
            problems.append(f"{result['catalog'].get('captures')} captures in the catalog")
        if not result["writer"] and result["items_waiting"] != self.expected:
            problems.append(f"{result['items_waiting']}/{self.expected} items waiting for a writer")
        if problems:
            counts = ClusterStore(self.client).counts().one_line()
            say(f"  warning: {'; '.join(problems)} (cluster: {counts}); logs in {result['folder']}")
        result["problems"] = problems


def catalog_counts(archive: Path) -> dict[str, int]:
    """Rows of the catalog's ``articles`` and ``captures`` tables."""
    path = archive / "catalog.sqlite3"
    if not path.exists():
        return {}
    db = sqlite3.connect(path)
    try:
        return {name: db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in ("articles", "captures")}  # noqa: S608
    finally:
        db.close()


def describe(run: dict[str, Any]) -> str:
    if "crawl_s" not in run:
        return f"incomplete ({'; '.join(run['problems'])})"
    cpu = ", ".join(f"{name} {seconds:.1f}" for name, seconds in run["cpu_s"].items())
    text = (
        f"{run['articles_per_s']:.0f} articles/s over {run['crawl_s']:.1f} s "
        f"({run['articles_per_s_with_startup']:.0f} with start-up), cores busy {run['cores_busy']:.2f}, "
        f"others {run['others_cores_busy']:.2f} (CPU s {cpu}), per worker {run['handed_by_worker']}"
    )
    if run["writer"] and "end_to_end_s" in run:
        text += f"; {run['posts']} posts, last written {run['end_to_end_s']:.1f} s, writer exit {run['writer_exit_s']:.1f} s"
    return text


def summarize(runs: list[dict[str, Any]], workers: tuple[int, ...], expected: int) -> dict[int, dict[str, Any]]:
    """Per worker count, over the complete runs with a writer: medians of the quiet runs (other jobs used less than
    ``DISTURBED`` cores; all runs when none was quiet), the median of all runs, and the speed-ups over one worker."""
    cores = os.cpu_count() or 1
    summary: dict[int, dict[str, Any]] = {}
    for n in workers:
        complete = [r for r in runs if r["workers"] == n and r["writer"] and "crawl_s" in r and "end_to_end_s" in r]
        quiet = [r for r in complete if r["others_cores_busy"] < DISTURBED]
        mine = quiet or complete
        if not mine:
            continue

        def median(key: str, rows: list[dict[str, Any]] = mine) -> float:
            return statistics.median(r[key] for r in rows if key in r)

        def cpu_ms(part: str, rows: list[dict[str, Any]] = mine) -> float:
            return statistics.median(r["cpu_s"][part] for r in rows) / expected * 1e3

        cpu = {part: cpu_ms(part) for part in ("workers", "writer", "simulator", "redis")}
        summary[n] = {
            "runs": len(complete),
            "quiet_runs": len(quiet),
            "articles_per_s": median("articles_per_s"),
            "articles_per_s_all_runs": median("articles_per_s", complete),
            "articles_per_s_with_startup": median("articles_per_s_with_startup"),
            "articles_per_s_all_joined": median("articles_per_s_all_joined") if n > 1 else median("articles_per_s"),
            "end_to_end_s": median("end_to_end_s"),
            "writer_exit_s": median("writer_exit_s"),
            "idle_tail_s": median("idle_tail_s"),
            "cores_busy": median("cores_busy"),
            "others_cores_busy": median("others_cores_busy"),
            "cpu_ms_per_article": cpu,
            # What this machine's cores could carry if every process were busy all the time at this CPU cost.
            "cpu_ceiling_per_s": cores / sum(cpu.values()) * 1e3,
            "posts": min(r["posts"] for r in complete),
        }
    if 1 in summary:
        for entry in summary.values():
            entry["speedup"] = entry["articles_per_s"] / summary[1]["articles_per_s"]
            entry["speedup_all_runs"] = entry["articles_per_s_all_runs"] / summary[1]["articles_per_s_all_runs"]
    return summary


def targets(summary: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for n, factor in ((2, 1.7), (4, 3.0)):
        if "speedup" in summary.get(n, {}):
            speedup = summary[n]["speedup"]
            found.append(
                {
                    "target": f"{n} workers >= {factor}x one worker (articles/s; {os.cpu_count()} cores here)",
                    "measured": f"{speedup:.2f}x (all runs {summary[n]['speedup_all_runs']:.2f}x)",
                    "met": speedup >= factor,
                }
            )
    return found


def report(result: dict[str, Any]) -> None:
    rows = []
    for n, s in result["summary"].items():
        cpu = s["cpu_ms_per_article"]
        rows.append(
            [
                n,
                f"{s['quiet_runs']} of {s['runs']}",
                fmt(s["articles_per_s"], 0),
                f"{s['speedup']:.2f}×" if "speedup" in s else "—",
                f"{s['articles_per_s_all_runs']:.0f} ({s['speedup_all_runs']:.2f}×)" if "speedup" in s else "—",
                fmt(s["articles_per_s_with_startup"], 0),
                fmt(s["articles_per_s_all_joined"], 0),
                f"{s['end_to_end_s']:.1f}",
                f"{s['writer_exit_s']:.1f} (+{s['idle_tail_s']:.1f})",
                f"{s['cores_busy']:.2f} / {s['others_cores_busy']:.2f}",
                f"{cpu['workers']:.1f} / {cpu['writer']:.1f} / {cpu['simulator'] + cpu['redis']:.1f}",
                fmt(s["cpu_ceiling_per_s"], 0),
                f"{s['posts']:,}",
            ]
        )
    headers = [
        "workers",
        "quiet runs",
        "articles/s",
        "× one worker",
        "all runs: articles/s (×)",
        "articles/s with start-up",
        "articles/s, all workers in",
        "last article written, s",
        "writer exits, s (idle tail)",
        "cores busy: ours / others",
        "CPU ms per article: workers / writer / simulator + redis",
        f"CPU ceiling on {os.cpu_count()} cores, articles/s",
        "posts",
    ]
    say("\n" + table(headers, rows))
    writer, alone = result["writer_alone"], result["crawl_alone"]
    say(
        f"\nMedians of the quiet runs (other jobs below {DISTURBED} cores; all runs when none was quiet). A crawl "
        f"alone (no cluster; one process, 16 requests at a time): "
        f"{statistics.median(a['articles_per_s'] for a in alone):.0f} articles/s. "
        f"{writer['fill']['workers']} worker(s) without a writer: {writer['fill'].get('articles_per_s', 0):.0f} "
        f"articles/s. Writer alone: {writer['items']:,} items, {writer['items_per_s']:.0f} items/s over its crawl "
        f"time ({writer['items_per_s_span']:.0f}/s from first to last write), {writer['cpu_s']:.1f} s of CPU."
    )
    say(
        "\n"
        + table(
            ["target", "measured", "met"],
            [[t["target"], t["measured"], "yes" if t["met"] else "NO"] for t in result["targets"]],
        )
    )


def run(
    *,
    quick: bool = False,
    articles: int = 2000,
    workers: tuple[int, ...] = (1, 2, 4),
    reps: int = 3,
    idle_exit: int = 1,
    concurrency: int | None = None,
    quiet_wait: float = 60,
    keep: bool = False,
) -> dict[str, Any]:
    if quick:
        articles, reps = 1000, 1
    say(
        f"\n## Cluster\n\n{articles:,} articles over {len(CHANNELS)} channels; {', '.join(map(str, workers))} "
        f"worker(s) with one writer, {reps} run(s) each, alternating; politeness off, WARC on, images off, "
        f"idle exit {idle_exit} s. Machine: {machine()}; os.cpu_count() = {os.cpu_count()}.\n"
    )
    workdir = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    runs: list[dict[str, Any]] = []
    alone: list[dict[str, Any]] = []
    try:
        with redis_server(workdir) as (url, redis_pid), simulator(articles, channels=CHANNELS) as sim:
            listings = [sim.site.listing(channel.lid) for channel in CHANNELS]
            expected = len({article.doc_id for listing in listings for article in listing})
            max_pages = max(len(listing) for listing in listings) // 50 + 1
            cluster = Cluster(sim, url, redis_pid, workdir, expected, max_pages, idle_exit, concurrency, quiet_wait)
            before = cpu_seconds(os.getpid()) or 0.0
            served = capacity(SimulatorTarget(sim), sim.site)
            server_ms = ((cpu_seconds(os.getpid()) or 0.0) - before) / min(3000, len(sim.site)) * 1e3
            say(
                f"  {expected:,} distinct articles listed (max_pages {max_pages}); simulator alone: {served:,.0f} "
                f"pages/s to a trivial client, {server_ms:.2f} ms of its CPU per page"
            )
            for rep in range(reps):
                for n in workers:
                    runs.append(cluster.crawl(n, rep=rep))
                    say(f"  {n} worker(s), run {rep + 1}: {describe(runs[-1])}")
                alone.append(cluster.crawl_alone(rep))
                say(
                    f"  crawl alone (no cluster), run {rep + 1}: {alone[-1]['articles_per_s']:.0f} articles/s over "
                    f"{alone[-1]['elapsed_s']:.1f} s, {alone[-1]['posts']} posts"
                )
            writer = cluster.writer_alone(max(workers))
            say(f"  {max(workers)} worker(s) without a writer: {describe(writer['fill'])}")
            say(
                f"  writer alone: {writer['items']:,} items, {writer['items_per_s']:.0f} items/s over "
                f"{writer['elapsed_s']:.1f} s ({writer['items_per_s_span']:.0f}/s first to last write)"
            )
    finally:
        if keep:
            say(f"  logs and archives kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    summary = summarize(runs, workers, expected)
    result = {
        "machine": machine(),
        "cpu_count": os.cpu_count(),
        "articles": expected,
        "channels": len(CHANNELS),
        "max_pages": max_pages,
        "reps": reps,
        "idle_exit": idle_exit,
        "concurrency": concurrency,
        "quiet_wait": quiet_wait,
        "simulator": {"pages_per_s": served, "cpu_ms_per_page": server_ms},
        "runs": runs,
        "crawl_alone": alone,
        "writer_alone": writer,
        "summary": summary,
        "targets": targets(summary),
    }
    report(result)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 articles, one run of each worker count")
    parser.add_argument("--articles", type=int, default=2000, help="articles on the site (default 2000)")
    parser.add_argument("--workers", default="1,2,4", help="comma-separated worker counts (default 1,2,4)")
    parser.add_argument("--reps", type=int, default=3, help="runs of each worker count (default 3)")
    parser.add_argument("--idle-exit", type=int, default=1, help="SINAARCHIVE_REDIS_IDLE_EXIT, seconds (default 1)")
    parser.add_argument("--concurrency", type=int, help="CONCURRENT_REQUESTS per worker (default: the cluster's, 4)")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=60,
        metavar="SECONDS",
        help="before each run, wait up to this long for the machine to be idle (default 60; 0: do not wait)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the logs and archives (the folder is printed)")
    args = parser.parse_args(argv)
    result = run(
        quick=args.quick,
        articles=args.articles,
        workers=tuple(int(n) for n in args.workers.split(",")),
        reps=args.reps,
        idle_exit=args.idle_exit,
        concurrency=args.concurrency,
        quiet_wait=args.quiet_wait,
        keep=args.keep,
    )
    say(f"\nsaved {save('cluster', result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
