"""Run a command and report its own peak RSS and wall time: ``python bench/peak_rss.py OUT.json -- CMD ...``.

Why a wrapper: on Linux a child's ``ru_maxrss`` also counts the memory of the process that forked it (the
high-water mark survives ``exec``), so a benchmark process holding a 10,000-page site would inflate every number.
This small process forks the command instead, so the inherited part is a few MB, and writes
``{"peak_rss_mb", "wall_s", "exit"}`` to OUT.json. Standard output and error pass through.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

out, separator, *command = sys.argv[1:]
assert separator == "--" and command, __doc__
started = time.perf_counter()
child = subprocess.Popen(command)
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - started
with Path(out).open("w", encoding="utf-8") as stream:
    json.dump(
        {"peak_rss_mb": usage.ru_maxrss / 1024, "wall_s": wall, "exit": os.waitstatus_to_exitcode(status)}, stream
    )
sys.exit(0)
