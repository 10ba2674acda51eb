"""Backfills spread over several machines: workers share a crawl through Redis, one writer archives.

- ``store``: every Redis key and the operations that change them together (leases, hand-over, heartbeats).
- ``messages``: the JSON that travels through Redis (requests, articles, dead ends).
- ``scheduler``: scrapy-redis's scheduler, corrected for current Scrapy and for crashes.
- ``worker``: what makes ``scrapy crawl sina_finance -s SINAARCHIVE_REDIS_URL=…`` a worker.
- ``writer``: ``python -m sinaarchive ingest``, the one process that writes the archive.

See docs/cluster.md.
"""
