"""Scrapy settings for sinaarchive. Every SINAARCHIVE_* key is documented in the README's settings table.

Defaults are polite for the real site; tests and benchmarks override them with ``-s`` or ``settings_dict``.
"""

BOT_NAME = "sinaarchive"
SPIDER_MODULES = ["sinaarchive.spiders"]
NEWSPIDER_MODULE = "sinaarchive.spiders"
# Our `crawl` command validates arguments and settings before any request and sets the cron exit status.
COMMANDS_MODULE = "sinaarchive.commands"

# --- sinaarchive ---------------------------------------------------------------------------------------------
# Roll-API endpoint (plain JSON). Point it at a simulator or mirror to crawl offline.
SINAARCHIVE_ROLL_API = "https://feed.mix.sina.com.cn/api/roll/get"
# Where posts (and the catalog) are written. Empty: the `output/` folder beside scrapy.cfg.
SINAARCHIVE_OUTPUT_DIR = ""
# Items per roll page; Sina clamps larger values to 50.
SINAARCHIVE_PAGE_SIZE = 50
# Roll pages listed per channel when `-a max_pages` is not given.
SINAARCHIVE_MAX_PAGES = 50
# An article whose page answered 404/410 on this many runs is no longer fetched (`-a retry_gone=yes` tries again).
SINAARCHIVE_GONE_AFTER = 3
# Who to contact about this crawler: added to the User-Agent (an e-mail address or a URL). Please set it.
SINAARCHIVE_CONTACT = ""
# A run fails (exit status 4) when more than this share of the article pages it tried could not be archived.
SINAARCHIVE_MAX_FAILED_SHARE = 0.5
# Seconds between progress log lines (0: none). On a terminal a live line is redrawn every second.
SINAARCHIVE_PROGRESS_INTERVAL = 30
# A Redis URL (redis://HOST:PORT/DB) makes this crawl a worker of a cluster backfill (docs/cluster.md): requests
# and the seen-set are shared in Redis and articles are handed to `python -m sinaarchive ingest`. Empty: alone.
SINAARCHIVE_REDIS_URL = ""
# A worker stops once the shared crawl has had nothing queued or in progress for this many seconds.
SINAARCHIVE_REDIS_IDLE_EXIT = 30

EXTENSIONS = {
    "sinaarchive.report.RunReport": 500,
}

# --- politeness (Sina bans IPs that ask too fast: keep at least 0.8 s between requests) ----------------------
ROBOTSTXT_OBEY = True
# Honest and specific; SINAARCHIVE_CONTACT is appended when set (the spider does it).
USER_AGENT = "sinaarchive/0.1 (Sina Finance news archiver; Scrapy)"
# About one request per second per host: a fixed floor (DOWNLOAD_DELAY, randomised 0.5-1.5x) plus AutoThrottle,
# which lengthens the delay when Sina answers slowly (a sign of load or throttling) and never goes below the floor.
DOWNLOAD_DELAY = 1.0
CONCURRENT_REQUESTS_PER_DOMAIN = 1
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8",
    "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
    # Sina's APIs and pages answer 403 to some foreign referers; its own front page is always accepted.
    "Referer": "https://finance.sina.com.cn/",
}
# Scrapy would send the roll-API URL as the Referer of every article request; every request says the above instead.
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.referer.RefererMiddleware": None,
    "sinaarchive.middlewares.FrontPageRefererMiddleware": 700,
}
# The spider asks again for a garbled listing or a truncated page with Scrapy's get_retry_request, which counts the
# tries in `retry_times` on purpose: Scrapy's MetaCopyDetectionMiddleware would warn about that key on every run.
META_COPY_WARN_SKIP_KEYS = ["retry_times"]
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Seconds before the first retry, doubling for each further one (a Retry-After header takes precedence).
SINAARCHIVE_RETRY_BACKOFF = 2.0
# Longest wait before a retry; a longer Retry-After means: give up for this run, the next run tries again.
SINAARCHIVE_RETRY_BACKOFF_MAX = 60.0
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "sinaarchive.middlewares.BackoffRetryMiddleware": 550,
}

# robots.txt is fetched once a day per host, not on every cron run (sinaarchive/robots.py). The cache lives in
# the output folder (.cache/), set by the spider from SINAARCHIVE_OUTPUT_DIR.
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "sinaarchive.robots.RobotsTxtOnlyPolicy"
HTTPCACHE_EXPIRATION_SECS = 24 * 3600
HTTPCACHE_IGNORE_HTTP_CODES = [500, 502, 503, 504, 408, 429]

# Each article page yields one item, each roll page about 50 requests. Scrapy starts CONCURRENT_ITEMS asyncio tasks
# for every response's output (100 by default), which cost more than everything else the crawler does per page.
CONCURRENT_ITEMS = 4

# --- pipeline ------------------------------------------------------------------------------------------------
ITEM_PIPELINES = {
    "sinaarchive.pipelines.ValidationPipeline": 100,
    "sinaarchive.pipelines.CleaningPipeline": 200,
    "sinaarchive.pipelines.ArchivePipeline": 300,
}

# --- images --------------------------------------------------------------------------------------------------
# Every image a post shows is downloaded into the archive (sinaarchive/images/; docs/operations.md, "Images").
# The pipeline runs after the archive's, so a post is written before its images are requested.
ITEM_PIPELINES["sinaarchive.images.pipeline.ImagePipeline"] = 400
# False: no image is downloaded (posts are the same either way in the default link mode).
SINAARCHIVE_IMAGES = True
# `sina`: posts keep Sina's image URLs; `local`: they point at the stored copies (`/images/…`).
SINAARCHIVE_IMAGE_LINKS = "sina"
# Bytes; a larger image is not stored (the download stops there).
SINAARCHIVE_IMAGE_MAX_SIZE = 20 * 1024 * 1024
# An image that could not be stored on this many runs is not requested again.
SINAARCHIVE_IMAGE_GONE_AFTER = 3
# Fetch https image URLs over plain http (the URL recorded is unchanged): for a proxy that cannot tunnel https,
# such as the simulator posing as Sina's hosts.
SINAARCHIVE_IMAGE_PLAIN_HTTP = False
# Where images go: the output folder unless set (an s3:// URI works as Scrapy documents; see docs/operations.md).
FILES_STORE = ""
# A Sina image that redirects (old hosts move) is followed; the Referer stays Sina's front page.
MEDIA_ALLOW_REDIRECTS = True
# Image hosts get their own download slots (Scrapy keys slots by host): a pace of their own, never the article
# host's. About two requests at a time, half a second apart, per image host.
DOWNLOAD_SLOTS = {
    host: {"concurrency": 2, "delay": 0.5}
    for host in ("n.sinaimg.cn", "k.sinaimg.cn", "i0.sinaimg.cn", "i1.sinaimg.cn", "i3.sinaimg.cn", "www.sinaimg.cn")
}

# --- housekeeping --------------------------------------------------------------------------------------------
# Overlapping cron runs would fight over the telnet port; nobody needs it for a batch job.
TELNETCONSOLE_ENABLED = False
# Likewise Scrapy's remote-control server (an HTTP port and a job file under ~/.local/state on every run).
REMOTE_CONTROL_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# --- warc ----------------------------------------------------------------------------------------------------
# Every response from Sina is also recorded, as received, in WARC files under <output>/warc/ (sinaarchive/warc/).
SINAARCHIVE_WARC_ENABLED = True
# A WARC file is closed and a new one started once it reaches this many bytes (compressed).
SINAARCHIVE_WARC_MAX_SIZE = 1024**3
# Responses reach it before RedirectMiddleware (600) and HttpCompressionMiddleware (590): bodies as sent.
DOWNLOADER_MIDDLEWARES["sinaarchive.warc.middleware.WarcCaptureMiddleware"] = 650
SPIDER_MIDDLEWARES["sinaarchive.warc.middleware.WarcLinkMiddleware"] = 650
ITEM_PIPELINES["sinaarchive.warc.middleware.CapturePipeline"] = 310
