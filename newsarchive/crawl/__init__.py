"""Running crawls: settings and politeness, the in-process runner, progress display,
summary table, exit codes, the demo and reparse.

`runner.run_crawl(CrawlOptions(...)) -> CrawlOutcome` is the entry point the CLI uses;
the spider itself lives in the top-level `spiders` package.
"""
