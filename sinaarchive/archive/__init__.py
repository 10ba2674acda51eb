"""The archive on disk: post files written atomically (``store``)."""
