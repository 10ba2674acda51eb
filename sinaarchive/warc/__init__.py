"""Raw captures in WARC files: every response from Sina as WARC/1.1 ``request`` and ``response`` records.

``writer`` writes the files (one gzip member per record, rolled over at a size limit, crash-safe); ``http`` turns
Scrapy's requests and responses into HTTP blocks; ``middleware`` captures during a crawl; ``reader`` reads the
files back (and repairs the torn tail a killed run leaves); ``captures`` is the catalog's ``captures`` table;
``scan`` and ``reextract`` rebuild posts from the files alone; ``cli`` holds the ``reextract`` and ``page`` commands.
"""
