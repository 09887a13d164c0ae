"""Scrapy settings for newsarchive (`scrapy.cfg` points here; the CLI loads it too).

The values below are the polite defaults for a real site. A crawl whose start URL is a
loopback host (the replica) gets `newsarchive.crawl.politeness.LOOPBACK_SETTINGS` laid
over them by the spider; anything set on the command line (`-s`, CLI options) wins.
"""

from __future__ import annotations

from newsarchive import __version__

BOT_NAME = "newsarchive"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# --- newsarchive's own settings -------------------------------------------------------
NEWSARCHIVE_START_URL = "https://responsiblestatecraft.org/"
NEWSARCHIVE_SITE = "responsiblestatecraft.org"
# Who to contact about this crawler: put a URL or e-mail here (or pass --contact); it goes
# into the User-Agent so the site's operators can reach whoever runs the crawl.
NEWSARCHIVE_CONTACT = ""
# Archive path; empty means `newsarchive.store.default_db_path()` (env NEWSARCHIVE_DB, else
# data/archive.sqlite).
NEWSARCHIVE_DB = ""
NEWSARCHIVE_MAX_ARTICLES = 0  # 0 = no limit
NEWSARCHIVE_STORE_BATCH_SIZE = 100
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
RETRY_TIMES = 2
COOKIES_ENABLED = False
HTTPCACHE_ENABLED = False  # every run sees the site as it is now
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no listening ports during a crawl
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
LOG_LEVEL = "INFO"

# --- item pipeline and extensions (newsarchive/pipelines, newsarchive/extensions) ----------
ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.normalise.NormalisePipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.store.StorePipeline": 400,
}
EXTENSIONS = {
    "newsarchive.extensions.run_record.RunRecordExtension": 500,
    "newsarchive.crawl.progress.ProgressExtension": 600,
}
