"""Scrapy settings for the harvester: polite defaults, each documented."""

BOT_NAME = "sector-blog-archive"
SPIDER_MODULES = ["harvester.spiders"]
NEWSPIDER_MODULE = "harvester.spiders"
# Project commands: `scrapy extract PAGE.html --url URL`, `scrapy demo`, `scrapy addsite NAME URL`.
COMMANDS_MODULE = "harvester.commands"

# -- Politeness ----------------------------------------------------------------------------------------------
# Who runs the crawl, shown to site owners in the User-Agent: -s CONTACT=you@example.org (or a URL). Without one
# the crawl runs but warns (harvester.politeness).
CONTACT = ""
PROJECT_URL = "https://github.com/sector-blog-archive"
# Identify the archive honestly: a template filled in from CONTACT at start (harvester.politeness.UserAgentAddon);
# -s USER_AGENT=… replaces it whole.
USER_AGENT = "sector-blog-archive/{version} (+{project_url}; contact: {contact})"
# Obey robots.txt. An archivist with the owner's permission overrides it explicitly: -s ROBOTSTXT_OBEY=False.
ROBOTSTXT_OBEY = True
# At most two requests at a time to one site; AutoThrottle slows further when the server is slow.
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Development only: -s HTTPCACHE_ENABLED=True keeps every response under .scrapy/httpcache and answers repeat
# runs from it (no request reaches the site). Off for real harvests, which must see the blog as it is now.
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_EXPIRATION_SECS = 0
# Retries are bounded: transient errors are tried three more times, then logged with their URL.
RETRY_TIMES = 3
# A 429 or 503 with Retry-After is retried no earlier than it asks (harvester.retry.RetryAfterMiddleware); the
# other requests keep flowing meanwhile. Longer than RETRY_AFTER_MAX seconds: not waited for, the URL is given up.
RETRY_AFTER_HTTP_CODES = [429, 503]
RETRY_AFTER_MAX = 120
# Giving up is logged once per URL, at WARNING, by the fault log (harvester.faultlog): Scrapy's own line is INFO.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
# A meta refresh is followed only from a page's <head> (harvester.middlewares): one in a post body or comment
# must not replace the page. Incremental re-crawls (-a update=ARCHIVE): pages the earlier archive came from are
# asked for with their ETag/Last-Modified; a 304 is dropped (harvester.incremental). Inactive on ordinary crawls.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "harvester.wayback.WaybackMiddleware": 75,
    "harvester.retry.RetryAfterMiddleware": 550,
    "harvester.incremental.ConditionalRequestMiddleware": 560,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "harvester.middlewares.HeadMetaRefreshMiddleware": 580,
    "harvester.warc.WarcMiddleware": 950,
}
# Twisted's silent re-send on a dead keep-alive connection is off: every attempt is a counted, logged retry.
DOWNLOAD_HANDLERS = {
    "http": "harvester.retry.ExplicitRetryHTTPDownloadHandler",
    "https": "harvester.retry.ExplicitRetryHTTPDownloadHandler",
}
# Every download's final outcome goes to the fault log: harvest/failed|recovered|repaired/<kind> stats, one line
# per URL, and a table of faults by kind when the spider closes.
DOWNLOADER = "harvester.faultlog.FaultLogDownloader"
# The same entries as JSON lines, by default OUTPUT_DIR/raw/<spider>-<time>.faults.jsonl (-s FAULTS_FILE=… moves it).
FAULTS_FILE = None
LOG_FORMATTER = "harvester.faultlog.FaultLogFormatter"
# Refuse pathological responses (endless streams, huge pages) rather than exhausting memory.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"

# -- Output ------------------------------------------------------------------------------------------------------
# Where feeds and raw journals land (-s OUTPUT_DIR=… to move both).
OUTPUT_DIR = "output"
# Without -o/-O (and no FEEDS) the normalised archive goes to DEFAULT_FEED (harvester.feeds.DefaultFeedAddon).
DEFAULT_FEED = "%(output_dir)s/%(name)s-%(time)s.jsonl"
ADDONS = {"harvester.feeds.DefaultFeedAddon": 0, "harvester.politeness.UserAgentAddon": 0}
FEED_URI_PARAMS = "harvester.feeds.uri_params"
# JSONL feeds hold normalised, merged records (normalise.pipeline run on the raw journal at the end of the crawl).
# Worker processes normalising records while the crawl runs (0: in the crawl process, at export time).
NORMALISE_WORKERS = 1
FEED_EXPORTERS = {
    "jsonl": "harvester.feeds.NormalisedJsonLinesExporter",
    "jsonlines": "harvester.feeds.NormalisedJsonLinesExporter",
}
# Local feeds are written to a temporary file and renamed into place: never a truncated archive.
FEED_STORAGES = {
    "": "harvester.feeds.AtomicFileFeedStorage",
    "file": "harvester.feeds.AtomicFileFeedStorage",
}
# -- Interrupted crawls (-s JOBDIR=DIR) ------------------------------------------------------------------------
# A job resumes by replaying the responses its earlier runs fetched (JOBDIR/responses.log, harvester.replay), not
# from Scrapy's on-disk queue, which a kill -9 leaves incomplete: the scheduler and duplicate filter stay in memory.
# With JOBDIR (and no REDIS_URL) harvester.job.JobAddon sets SCHEDULER and DUPEFILTER_CLASS to these in-memory ones.
ADDONS = {**ADDONS, "harvester.job.JobAddon": 0}
DOWNLOADER_MIDDLEWARES = {
    **DOWNLOADER_MIDDLEWARES,
    "harvester.replay.ReplayMiddleware": 60,        # after the offsite check: answer from the job's log
    "harvester.replay.ResponseLogMiddleware": 960,  # next to the downloader: log what the network returned
}

# Every raw record is journalled first (crash-safe, OUTPUT_DIR/raw/<spider>-<time>.raw.jsonl), then counted.
ITEM_PIPELINES = {
    "harvester.pipelines.RawJournalPipeline": 100,
    "harvester.pipelines.FieldStatsPipeline": 200,
}

# -- Crawling at scale (harvester.scale; README: Crawling at scale) ----------------------------------------------
# -s REDIS_URL=redis://host:6379/0 makes the crawl one worker of a shared Redis frontier (scrapy-redis scheduler and
# dupefilter, reliable in-flight queue, posts claimed across workers); unset, nothing below changes anything.
REDIS_URL = None
SPIDER_LOADER_CLASS = "harvester.scale.loader.RedisAwareSpiderLoader"
ADDONS = {**ADDONS, "harvester.scale.addon.RedisScaleAddon": 10}
# A worker whose heartbeat is this many seconds old is taken for dead and its in-flight requests are requeued.
REDIS_HEARTBEAT_TIMEOUT = 30
# Seconds between a worker's housekeeping rounds (heartbeat, requeue, seeds, wake-up).
REDIS_TICK = 1.0
# 0: an idle worker waits for seeds forever; N: it stops once the whole frontier has been empty N seconds.
REDIS_IDLE_CLOSE = 0

# -- WARC capture (harvester.warc) -------------------------------------------------------------------------------
# Every response received (and its request) is archived as WARC: on by default, as an archive's proof of what was
# fetched. -s WARC_ENABLED=False turns it off.
WARC_ENABLED = True
# Folder of the WARC files (default OUTPUT_DIR/warc); files are named <WARC_PREFIX or spider>-<time>-<serial>.warc.gz.
WARC_DIR = None
WARC_PREFIX = None
# A new WARC file is started once the current one reaches this size (1 GB, the WARC standard's customary limit).
WARC_MAX_SIZE = 1_000_000_000
# harvester.warc.WarcMiddleware sits next to the downloader (950 in DOWNLOADER_MIDDLEWARES above): after the HTTP
# cache (cached responses are not archived again), before decompression and redirects, so records hold the bytes
# as received and every 3xx as its own record.

# -- The Wayback Machine as a source (harvester.wayback: -a source=wayback [-a from=YYYY… -a to=… -a versions=N|all]) --
# harvester.wayback.WaybackMiddleware runs before robots.txt and everything else (75 above): a blog request
# becomes a snapshot request before any live one is made.
# The CDX API and the snapshot endpoint (raw captures are read as <WAYBACK_SNAPSHOT_URL>/<timestamp>id_/<url>).
WAYBACK_CDX_URL = "https://web.archive.org/cdx/search/cdx"
WAYBACK_SNAPSHOT_URL = "https://web.archive.org/web"
# CDX rows asked for per page (the resume key pages on) and the answer format asked for: 'json' or 'text'.
WAYBACK_CDX_LIMIT = 5000
WAYBACK_CDX_FORMAT = "json"
# Captures fetched per page, spread over time (1: the CDX query collapses by URL; more or 'all': by content digest).
WAYBACK_VERSIONS = 1

# -- Coverage report (harvester.report) ---------------------------------------------------------------------------
# At the end of a crawl: the coverage report (posts and comments per month, gaps, missing fields, failed URLs)
# beside the archive (harvester.report); REPORT_ENABLED = False skips it.
EXTENSIONS = {"harvester.report.CoverageReportExtension": 500}
REPORT_ENABLED = True
