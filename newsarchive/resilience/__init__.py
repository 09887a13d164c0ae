"""The crawl keeps going when the site or the network misbehaves.

Downloader middlewares (enabled in `newsarchive.settings`):
`retry.BackoffRetryMiddleware` (retries with backoff, Retry-After, truncated HTML),
`charset.CharsetFallbackMiddleware` (cp1252 pages that claim UTF-8),
`limits.BoundedDecompressionMiddleware` (gzip bombs) and `limits.RedirectGuardMiddleware`
(redirect loops, off-site redirects, too many redirects). Extensions:
`stale_parser.StaleParserExtension` (exit code 6) and
`discovery_failures.DiscoveryFailureResolver`. `failures` maps refusals to recorded
reasons; `audit` and `soak` check an archive crawled from a faulty replica.
"""
