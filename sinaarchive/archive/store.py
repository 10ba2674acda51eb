"""Writing post files so that no reader, and no crash, ever sees half a post.

Each post is written to a temporary file in ``<root>/.tmp/``, flushed to disk, then renamed over its target with
``Path.replace`` (atomic within one file system, on POSIX and Windows). A run killed at any moment leaves either
the old post or the new one; its stray temporary files are all in ``.tmp/``, so the next run removes them without
walking the whole archive (a no-op run over 100,000 posts stays fast).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path, PurePosixPath

TEMP_DIR = ".tmp"
TEMP_SUFFIX = ".tmp"


class PostStore:
    """The output folder seen as a set of posts addressed by relative POSIX paths."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.temp_dir = root / TEMP_DIR

    def resolve(self, relative: PurePosixPath) -> Path:
        """The absolute path of a post; refuses anything that would land outside the root."""
        target = (self.root / Path(*relative.parts)).resolve()
        if relative.is_absolute() or ".." in relative.parts or not target.is_relative_to(self.root.resolve()):
            raise ValueError(f"post path {str(relative)!r} leaves the output folder")
        return target

    def write(self, relative: PurePosixPath, text: str) -> str:
        """Write one post atomically; returns the sha256 of the bytes written. Safe to call from a thread."""
        data = text.encode("utf-8")
        target = self.resolve(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.temp_dir.mkdir(exist_ok=True)
        fd, temp_name = tempfile.mkstemp(suffix=TEMP_SUFFIX, dir=self.temp_dir)
        try:
            with os.fdopen(fd, "wb") as temp:
                temp.write(data)
                temp.flush()
                os.fsync(temp.fileno())
            Path(temp_name).replace(target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        return hashlib.sha256(data).hexdigest()

    def remove_stale_temp_files(self) -> int:
        """Delete temporary files a killed run left behind; returns how many."""
        if not self.temp_dir.is_dir():
            return 0
        removed = 0
        for stale in self.temp_dir.glob(f"*{TEMP_SUFFIX}"):
            stale.unlink(missing_ok=True)
            removed += 1
        return removed
