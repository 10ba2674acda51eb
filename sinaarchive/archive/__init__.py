"""The archive on disk: post files (``store``), their catalog (``catalog``) and the run lock (``lock``).

``archive_for(crawler)`` gives the spider and the pipelines one shared, opened ``Archive`` per crawl.
"""

from __future__ import annotations

from sinaarchive.archive.archive import Archive, archive_for

__all__ = ["Archive", "archive_for"]
