"""What the crawl profiles showed and what was done about it: the prose that
`profile_crawl.py --write` puts under its tables in docs/benchmarks.md."""

FINDINGS = """Hot spots found, and what was done (before/after measured one right after the other on
the same machine: `crawl_throughput.py --baseline DIR` crawls with a copy of the code from
before the change, `profile_crawl.py --store-only` times the write path alone):

- **Duplicate links.** Index and article pages repeat their navigation: a 2,000-article
  crawl made 76,181 requests that the dupefilter then dropped (25 per page), each one
  paying the spider middlewares (the incremental planner canonicalises its URL), the
  engine's signals, an asyncio task and a request fingerprint. The spider now skips a
  link whose URL was already scheduled (`spiders/seen_urls.py`: 16-byte digests, filled
  from Scrapy's `request_scheduled` signal so it mirrors the dupefilter exactly); they
  still count as `newsarchive/dedupe/fingerprint` (76,181, as before), and only 3,211
  reach the dupefilter.
- **The write path** was about half of the crawl process's time (13.5 ms CPU per article).
  For a new article it no longer deletes children it cannot have or reads back teasers
  it has not written; the article row comes back from `INSERT ... RETURNING` (no SELECT
  after); bylines, tags, images and teasers go in one executemany per table instead of
  the ORM unit of work; the lookups run for every page (article by key, URL map,
  `url_states`, the dedupe checks) are built once with bound parameters, and the dedupe
  check reads ids, not whole rows. `content_hash` (3 per article) skips
  `dataclasses.asdict`'s deep copies (0.30 -> 0.13 ms) and dedupe reuses its digest;
  `url_key` is memoised. Store CPU per article: 13.5 -> 9.7 ms
  (`profile_crawl.py --store-only --articles 500`, before/after).
- **Memory.** The sitemaps list every article at once: at 100,000 articles the queued
  requests took the crawl past 490 MB within two minutes. `newsarchive crawl` now keeps
  pending requests in Scrapy's disk queues (a temporary JOBDIR; `NEWSARCHIVE_DISK_QUEUE`),
  and per-URL sets hold digests: the same crawl holds 242 MB once every article is queued
  and grows ~0.45 MB per 1,000 articles stored after that (see Scale).

Second round (session 2), each measured before/after on this machine:

- **The write path again**: 8.2 -> 4.2 ms CPU, 20 -> 15 SQL statements and 5.9 -> 3.9
  ORM flushes per new article (`profile_crawl.py --store-only --articles 500`). A batch
  now does once what it did per page: the FTS rows and the teaser links of all its
  articles at its end (`store/batch_index.py`), and at its start one query for which of
  its URLs have open failures and which of its articles are archived (new ones, nearly
  all in a first run, skip their own lookup). Section, tag and author ids are remembered
  across batches (`store/vocabulary.py`: a row is read once and updated only when its
  values change). A URL is mapped once when the canonical URL is the fetched one. zstd
  gets the page dictionary digested once instead of rebuilding its tables for every page
  (0.38 -> 0.13 ms per 120 KB page, same output).
- **Dedupe on a first run** asks only its memory: the crawl is the archive's only writer
  (run lock), so an archive empty at the start can hold no duplicate it has not seen.
- **100 asyncio tasks per response.** Scrapy processes what a callback yields
  `CONCURRENT_ITEMS` (default 100) at a time and starts that many tasks for every
  response, whatever it yields: 324,242 tasks for 3,276 pages, ~15% of the crawl
  process's CPU. The project sets 4 (synchronous pipelines gain nothing from more).
- **A second parse of every index page.** The spider read feeds and the load-more
  trigger with `response.xpath`, which parses the page again with parsel and keeps the
  tree (and the decoded text) on the response: with many small index responses in
  flight at the end of a crawl this was a jump of up to 100 MB of RSS (277 -> 182 MB peak
  on 3,000 articles; 309 MB on the 100,000-article crawl, see Scale). The index parser
  now returns them (`IndexPage.feed_urls`) from the tree it already has.
- **Links**: every link of every page was split, folded and classified anew; those steps
  are memoised (bounded LRU caches of the URL's plan, path segments and host).
- **Parser**: its one pass over the document matched each element's class attribute
  against the wanted classes; a page repeats the same attributes, so each distinct one is
  matched once (the pass 0.19 -> 0.07 s per 300 pages under cProfile).
- **A writer process** (`-s NEWSARCHIVE_STORE_PROCESS=True`, opt-in): the batches are
  written by a second process, so storing uses the other core (see Crawl throughput).
- **Memory at 100,000 articles** (see Scale): the first full 100,000-article crawl of
  this round peaked at 320 MB. Two causes: every index page's validators were kept (and
  written as ~37,000 `url_states` rows through the ORM when the crawl closed), though
  later runs only revisit the first pages of the home, section and region listings; now
  only those are kept. And glibc keeps the memory freed in the middle of its heap, so RSS
  crept up with the crawl's length; `MemoryTrimExtension` hands it back every 10 s
  (`malloc_trim`; -26 MB at its first call on a 3,000-article crawl).

Together: 74.9 -> 134.2 pages/s on the 10,000-article replica (1.8x; 2.8x with the writer
process), measured in one run with `crawl_throughput.py --baseline` (the code at the start
of the session).

Third round (session 3):

- **Where the ceiling is.** `crawl_throughput.py` now also runs the bare spider with
  newsarchive's parsers and nothing else: 58% of the bare spider's pages/s on the
  10,000-article replica. Scrapy runs on one core, so no crawl that parses in the
  crawling process can pass that; its "CPU budget" paragraph sets out what 70% would ask
  of the two cores.
- **The disk queue** (`newsarchive/crawl/queues.py`): Scrapy's `Request.to_dict` names
  the callback by listing every method of the spider (`inspect.getmembers`) for every
  request pushed; the project's queue names it from a table made once and writes the
  same dict: 55 -> 5.5 µs per push (`bench/disk_queue.py`).
- **robots.txt twice.** Scrapy's robots middleware and the spider each downloaded it;
  the middleware's response now answers the spider's request (`crawl/robots.py`).
- **Re-run memory.** An unchanged re-run of the 100,000-article archive peaked at 388 MB
  (`scale.py --rerun`): the archive's memory of every URL was loaded as ORM objects
  (~170 MB while loading) into string-keyed dicts, and every article URL was listed even
  when only a full run uses them. It now loads plain tuples a batch at a time into
  digest-keyed maps, and lists article URLs for full runs only: 254 MB, load time
  7 -> 4 s.

- **Parsing in the crawl process** capped any crawl at ~59% of the bare spider (Scrapy
  runs on one core). `NEWSARCHIVE_PARSE_PROCESS` parses article and index pages in a
  worker (`crawl/parse_process.py`); the callbacks await the items. Through a Unix
  socket or an asyncio stream a 120 KB page cost the crawl process 0.18-0.3 ms of CPU,
  as much as a third of the parse it saved; pages now travel in shared memory (a memfd
  cut into slots, `crawl/page_wire.py`: ~0.01 ms), only small frames on the socket:
  crawl-process CPU per parsed page 1.14 -> 0.29 ms (`bench/parse_process.py`).
- **The write path, again** (per-article ORM round trips): new articles are now written
  a batch at a time, one statement per table (`store/articles.py`): 5.8 -> 1.1 ms
  CPU, 14.3 -> 0.6 statements per article (`--store-only --articles 500`, before/after).
- **Batches to the writer process** went through a pipe, page bodies included (~6% of
  the crawl process in its feeder thread); the bodies now go through shared memory
  (`store/shared_bodies.py`).
- **Scrapy 2.19's stats collector** wraps every attribute access in a deprecation shim
  (a failed `_cached_<name>` lookup, then a wrapper): 2.75 -> 0.13 µs per `inc_value`
  with `crawl/stats.py` (~100 a page).
- **The crawl process's smaller costs**, each 1-3% of its CPU: links already scheduled
  were planned again on every page (now remembered as written, `KnownScheduledLinks`);
  each page's request fingerprint was computed again after the disk queue (now stashed
  in the request when it is scheduled); `classify(url)` ran 3-4 times per URL (now
  memoised); the meta-refresh middleware decoded every page (now a byte check first);
  Referer headers were worked out for every request (off); the disk queue made and
  removed its file and directory each time a priority ran empty (now it spills to disk
  past 1,000 requests, `SpillingDiskQueue`); the workers ran at the crawl's priority and
  took its core (now `nice` 5).

What is left is Scrapy's own per-response machinery (the bare spider's ~2 ms per page on
this machine), the pipelines (~0.2 ms, a content hash each), unpickling the parsed
article (~0.1 ms) and the links of each page.

Fourth round (one lean crawl path): the local-replica machinery above was removed; a
crawl is one process with stock Scrapy parts. Gone: the parser and writer processes
(`crawl/parse_process.py`, `page_wire.py`, `store/writer_process.py`,
`shared_bodies.py`), the stats collector without the deprecation shim
(`crawl/stats.py`), the custom disk queue (`crawl/queues.py`: Scrapy's own disk queues
in the per-run JOBDIR), the shared robots.txt download (`crawl/robots.py`), the byte
check before meta-refresh (`crawl/meta_refresh.py`), and the pre-dupefilter caches
(`spiders/seen_urls.py`, `KnownScheduledLinks`, the stashed fingerprints): every link
now goes to Scrapy's dupefilter. Their savings above are history; what the crawl costs
per page now, against the bare spider and against the code before this round, is in
"Crawl CPU per page".
"""
