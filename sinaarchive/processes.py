"""Whether a process of this machine is still running: a cluster writer's claim and a WARC file's ``.open`` name
both carry a process id, and neither may be taken over while that process lives."""

from __future__ import annotations

import os


def process_running(pid: int) -> bool:
    """A process with this id runs on this machine (as any user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # running, as another user
        return True
    return True
