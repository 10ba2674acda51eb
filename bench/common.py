"""Shared helpers for the benchmarks: statistics, table printing, the machine description, results files."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
RESULTS = BENCH / "results"  # git-ignored


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p95: ``fraction=0.95``) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summarize(samples: Sequence[float]) -> dict[str, float]:
    """Median, p95 and mean of per-article seconds, and articles per second (count / total time)."""
    total = sum(samples)
    return {
        "n": len(samples),
        "median_ms": statistics.median(samples) * 1e3,
        "p95_ms": percentile(samples, 0.95) * 1e3,
        "mean_ms": total / len(samples) * 1e3,
        "per_s": len(samples) / total if total else float("inf"),
    }


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table (pipe syntax), so the output pastes into the README as is."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def machine() -> str:
    """``2 cores, Intel(R) Xeon(R) Processor, 23 GiB RAM, Linux 6.x, CPython 3.11.x``."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        with Path("/proc/meminfo").open(encoding="ascii") as meminfo:
            kib = int(meminfo.readline().split()[1])
        memory = f", {kib / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{os.cpu_count()} cores, {model}{memory}, {platform.system()} {platform.release()}, "
        f"{platform.python_implementation()} {platform.python_version()}"
    )


def save(name: str, data: Any) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return path


def fmt(value: float, digits: int = 2) -> str:
    return f"{value:,.{digits}f}"


def say(*parts: Any) -> None:
    print(*parts, flush=True)


def python() -> str:
    return sys.executable


def run_measured(command: list[str], log: Path | None = None) -> dict[str, Any]:
    """Run ``command`` from the project folder through ``peak_rss.py``: its wall time, exit status and own peak
    RSS (see that file for why a plain ``wait4`` from here would over-count). Output goes to ``log``."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        report = Path(handle.name)
    try:
        wrapped = [sys.executable, str(BENCH / "peak_rss.py"), str(report), "--", *command]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if log is None:
            subprocess.run(
                wrapped, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True
            )
        else:
            with log.open("wb") as sink:
                subprocess.run(wrapped, cwd=PROJECT, stdout=sink, stderr=subprocess.STDOUT, env=env, check=True)
        return json.loads(report.read_text(encoding="utf-8"))
    finally:
        report.unlink(missing_ok=True)
