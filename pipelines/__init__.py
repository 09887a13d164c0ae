"""Item pipelines: one job each, in this order (the numbers for `ITEM_PIPELINES`)::

    ITEM_PIPELINES = {
        "pipelines.validate.ValidatePipeline": 100,
        "pipelines.normalise.NormalisePipeline": 200,
        "pipelines.dedupe.DedupePipeline": 300,
        "pipelines.store.StorePipeline": 400,
        "pipelines.not_modified.NotModifiedPipeline": 450,
    }
    EXTENSIONS = {"newsarchive.extensions.run_record.RunRecordExtension": 500}

Items are `newsarchive.items.PageFetch` (other items pass through untouched), and
`newsarchive.items.NotModified` for the revisits a server answered 304 (NotModified
records them). A page
that failed to parse arrives with `article=None` and `failure_*` set; Validate turns an
article lacking required fields into such a failure. Nothing is dropped silently:
failures are stored (raw page and `failures` row) by Store; duplicates are stored (raw
page, URL mapped to the archived article) and then dropped with `DropItem` at DEBUG
level so nothing downstream sees them twice. DedupePipeline needs StorePipeline (it
hands duplicates to the same batched writer).

Settings: `NEWSARCHIVE_DB` (archive path; default `$NEWSARCHIVE_DB` or
`data/archive.sqlite`), `NEWSARCHIVE_SITE` (the site profile's name, default `responsiblestatecraft.org`),
`NEWSARCHIVE_STORE_BATCH_SIZE` (default 100).

Stats: `newsarchive/store/{inserted,updated,unchanged,pages}`,
`newsarchive/dedupe/{fingerprint,canonical_url,content_hash,constraint}`,
`newsarchive/failures/<reason>`, `newsarchive/store/database_error` (message, when a
database error stopped the crawl), `newsarchive/store/not_written`,
`newsarchive/run_id`.
"""
