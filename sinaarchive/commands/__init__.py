"""Project Scrapy commands (``COMMANDS_MODULE``): ``crawl`` is extended, not replaced."""
