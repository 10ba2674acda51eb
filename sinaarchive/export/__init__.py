"""Turning an archived article into a post: its text (``post``) and its place in the archive (``paths``)."""
