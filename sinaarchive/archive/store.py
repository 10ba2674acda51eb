"""Writing post files so that no reader, and no crash, ever sees half a post.

Each post is written to a temporary file in ``<root>/.tmp/``, flushed to disk, then renamed over its target with
``Path.replace`` (atomic within one file system, on POSIX and Windows). A run killed at any moment leaves either
the old post or the new one; its stray temporary files are all in ``.tmp/``, so the next run removes them without
walking the whole archive (a no-op run over 100,000 posts stays fast).

Posts get the permissions any new file gets (0666 less the umask, usually 0644), as the catalog does: other users
(a web server, a Hexo build under another account) read the archive. ``tempfile.mkstemp`` would make them 0600.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path, PurePosixPath

TEMP_DIR = ".tmp"
TEMP_SUFFIX = ".tmp"


class PostStore:
    """The output folder seen as a set of posts addressed by relative POSIX paths."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.temp_dir = root / TEMP_DIR
        self._folders: set[Path] = set()  # folders made (or found) by this store: one mkdir each, not one per post

    def resolve(self, relative: PurePosixPath) -> Path:
        """The path of a post under the root; refuses anything that would land outside it.

        Checked on the path itself (relative, no ``..``), which is cheap: the paths are the archive's own
        (``post_path``) or catalog rows, and symlinks the user puts in the folder are the user's choice.
        """
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise ValueError(f"post path {str(relative)!r} leaves the output folder")
        return self.root.joinpath(*relative.parts)

    def write(self, relative: PurePosixPath, text: str) -> str:
        """Write one post atomically; returns the sha256 of the bytes written. Safe to call from a thread."""
        data = text.encode("utf-8")
        target = self.resolve(relative)
        self._make_folder(target.parent)
        self._make_folder(self.temp_dir)
        write_atomically(target, data, self.temp_dir)
        return hashlib.sha256(data).hexdigest()

    def _make_folder(self, folder: Path) -> None:
        if folder not in self._folders:
            folder.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)

    def remove_stale_temp_files(self) -> int:
        """Delete temporary files a killed run left behind; returns how many."""
        if not self.temp_dir.is_dir():
            return 0
        removed = 0
        for stale in self.temp_dir.glob(f"*{TEMP_SUFFIX}"):
            stale.unlink(missing_ok=True)
            removed += 1
        return removed


def write_atomically(target: Path, data: bytes, temp_dir: Path) -> None:
    """Write ``data`` to ``target`` through a new temporary file in ``temp_dir`` (on the same file system), flushed
    to disk and renamed over the target: a reader or a crash sees the old file or the new one, never half of one."""
    fd, temp_path = _new_temp_file(temp_dir)
    try:
        with os.fdopen(fd, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        temp_path.replace(target)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise


def _new_temp_file(temp_dir: Path) -> tuple[int, Path]:
    """A new, empty temporary file in ``temp_dir``, opened for writing, with a new file's usual permissions."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    while True:
        path = temp_dir / f"{secrets.token_hex(8)}{TEMP_SUFFIX}"
        try:
            return os.open(path, flags, 0o666), path
        except FileExistsError:  # 2^64 names: another writer picked the same one
            continue
