"""Scrapy settings for newsarchive (`scrapy.cfg` points here; the CLI loads it too).

The values below are the polite defaults for a real site. A crawl whose start URL is a
loopback host (the replica) gets `newsarchive.politeness.LOOPBACK_SETTINGS` laid
over them by the spider; anything set on the command line (`-s`, CLI options) wins.
"""

from __future__ import annotations

from newsarchive import __version__

BOT_NAME = "newsarchive"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# --- newsarchive's own settings -------------------------------------------------------
# The site profile the crawl reads (newsarchive/sites, docs/sites.md): a shipped one by
# name, or a TOML file of one's own (which then wins).
NEWSARCHIVE_SITE = "responsiblestatecraft.org"
NEWSARCHIVE_SITE_FILE = ""
# Where discovery starts; empty: the site profile's start URL.
NEWSARCHIVE_START_URL = ""
# Who to contact about this crawler: put a URL or e-mail here (or pass --contact); it goes
# into the User-Agent so the site's operators can reach whoever runs the crawl.
NEWSARCHIVE_CONTACT = ""
# Archive path; empty means `newsarchive.store.default_db_path()` (env NEWSARCHIVE_DB, else
# data/archive.sqlite).
NEWSARCHIVE_DB = ""
NEWSARCHIVE_MAX_ARTICLES = 0  # 0 = no limit
NEWSARCHIVE_STORE_BATCH_SIZE = 100
# Seconds a write waits for another process's write lock on the archive (a `sqlite3`
# shell in a transaction, a backup tool) before the run is closed as failed.
NEWSARCHIVE_BUSY_TIMEOUT = 30.0
# Pending requests wait on disk (a temporary JOBDIR made by `newsarchive crawl`), so
# memory stays flat however many articles the sitemaps list (bench/scale.py).
NEWSARCHIVE_DISK_QUEUE = True
# "live" (rich display), "log" (periodic log lines) or "off" (Scrapy's own LogStats only).
NEWSARCHIVE_PROGRESS = "off"
NEWSARCHIVE_PROGRESS_INTERVAL = 0.5

# --- politeness (real-site defaults) -----------------------------------------------------
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_DELAY = 0.75
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
USER_AGENT = f"newsarchive/{__version__}"  # the spider adds NEWSARCHIVE_CONTACT

# --- fetching ------------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
# Scrapy's resolver that also answers IPv6 (its default, gethostbyname, is IPv4 only:
# a start URL like http://[::1]:8765/ would fail with "DNS lookup failed").
DNS_RESOLVER = "scrapy.resolver.CachingHostnameResolver"
RETRY_TIMES = 2
COOKIES_ENABLED = False
# No Referer header: an archive crawl has no page to credit (most requests come from
# sitemaps), and working it out for every request is ~1% of a fast crawl's CPU.
REFERER_ENABLED = False
HTTPCACHE_ENABLED = False  # every run sees the site as it is now
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no listening ports during a crawl
DOWNLOAD_MAXSIZE = (
    32 * 1024 * 1024
)  # also the limit of a decompressed body (gzip bombs)
LOG_LEVEL = "INFO"
# What a callback yields is processed this many at a time. Scrapy's default (100) starts
# 100 asyncio tasks per response whatever it yields, ~15% of a local crawl's CPU; a page
# yields one item and tens of links, and the pipelines are synchronous (bench/profile_crawl.py).
CONCURRENT_ITEMS = 4

# --- faults and limits (newsarchive/resilience) ----------------------------------------------
# Transient faults (RETRY_HTTP_CODES, timeouts, dropped connections, truncated HTML) are
# retried RETRY_TIMES times, each after the server's Retry-After (capped) or a backoff
# from BASE seconds doubling up to MAX; then recorded. Permanent ones are recorded at once.
NEWSARCHIVE_RETRY_AFTER_MAX = 60.0
NEWSARCHIVE_RETRY_BACKOFF_BASE = 1.0
NEWSARCHIVE_RETRY_BACKOFF_MAX = 30.0
NEWSARCHIVE_MAX_REDIRECTS = 5  # a longer chain is recorded as too_many_redirects
DEPTH_LIMIT = 10_000  # link hops from the start (each ?page=N is one more hop)
CLOSESPIDER_PAGECOUNT = (
    1_000_000  # responses: a trap of endless URLs can't fill the disk
)
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"  # the failure is recorded; no need to shout
# The stale-parser alarm: more than RATIO of the last WINDOW article pages failed
# extraction -> stop (exit code 6) instead of fetching the whole site into `failures`.
NEWSARCHIVE_STALE_PARSER_RATIO = 0.5
NEWSARCHIVE_STALE_PARSER_WINDOW = 50
NEWSARCHIVE_STALE_PARSER_STOP = True
DOWNLOADER_MIDDLEWARES = {
    # Scrapy's retry and decompression, replaced by versions that back off, honour
    # Retry-After, and record refused pages instead of dropping them silently.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newsarchive.resilience.retry.BackoffRetryMiddleware": 550,
    "newsarchive.resilience.charset.CharsetFallbackMiddleware": 570,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newsarchive.resilience.limits.BoundedDecompressionMiddleware": 590,
    "newsarchive.resilience.limits.RedirectGuardMiddleware": 610,
    # Revisits carry If-None-Match / If-Modified-Since; 304 reaches the spider.
    "newsarchive.incremental.conditional.ConditionalRequestMiddleware": 580,
}

# --- incremental runs (newsarchive/incremental, docs/scheduling.md) ---------------------------
# Archived articles are fetched again only on a sign of change (sitemap <lastmod>, left the
# sitemaps, an open failure) or when older than NEWSARCHIVE_RECHECK_AFTER (e.g. "30d";
# empty: never by age). NEWSARCHIVE_FULL re-checks everything, unconditionally.
NEWSARCHIVE_FULL = False
# `crawl --front-pages`: only the home page and the sections' first pages, and the
# articles they show that the archive lacks (docs/scheduling.md).
NEWSARCHIVE_FRONT_PAGES = False
NEWSARCHIVE_RECHECK_AFTER = ""
SPIDER_MIDDLEWARES = {
    "newsarchive.incremental.middleware.IncrementalSpiderMiddleware": 600,
    # A worker of a shared crawl (`crawl --redis`) that does not lead it sends no start
    # requests (docs/scale-out.md); off in a crawl run alone.
    "newsarchive.crawl.shared_crawl.LeadStartsMiddleware": 50,
}

# --- item pipeline and extensions (newsarchive/pipelines, newsarchive/extensions) ----------
ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.normalise.NormalisePipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.placements.PlacementsPipeline": 350,
    "pipelines.store.StorePipeline": 400,
    "pipelines.not_modified.NotModifiedPipeline": 450,
}
EXTENSIONS = {
    "newsarchive.extensions.run_record.RunRecordExtension": 500,
    "newsarchive.resilience.stale_parser.StaleParserExtension": 510,
    "newsarchive.resilience.discovery_failures.DiscoveryFailureResolver": 520,
    "newsarchive.crawl.progress.ProgressExtension": 600,
    "newsarchive.extensions.memory_trim.MemoryTrimExtension": 610,
    # Keeps the workers of a shared crawl until all of it is done (docs/scale-out.md).
    "newsarchive.crawl.shared_crawl.SharedCrawlExtension": 620,
}
# Seconds between handing freed heap memory back to the OS (glibc; 0: never).
NEWSARCHIVE_MEMORY_TRIM_INTERVAL = 10.0
