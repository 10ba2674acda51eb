"""One crawl per archive at a time: an exclusive lock file in the output folder.

POSIX record locks (``fcntl.lockf``) belong to the process: the kernel drops them when the process dies, SIGKILL
included, so a crashed run never leaves a stale lock. Within one process taking the lock again succeeds, which lets
the ``crawl`` command check the lock before Scrapy starts and the archive take it again when it opens. For the same
reason releasing either frees the folder for other processes; the archive releases its lock when the engine stops,
after its last write.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

if sys.platform != "win32":  # Windows has no fcntl: there, nothing stops a second run
    import fcntl

LOCK_NAME = ".sinaarchive.lock"


class ArchiveBusy(RuntimeError):
    """Another process is crawling into the same output folder."""


class ArchiveLock:
    """An exclusive, non-blocking lock on ``<output>/.sinaarchive.lock`` (an empty file)."""

    def __init__(self, root: Path) -> None:
        self.path = root / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if sys.platform != "win32":
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise ArchiveBusy(
                f"another sinaarchive run is writing to {self.path.parent} (it holds {LOCK_NAME}); "
                "this run exits without crawling",
            ) from None
        # Nothing is written into the file: a run with nothing new changes no file in the archive.
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None
