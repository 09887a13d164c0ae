"""The analyst's side of the archive: read-only queries over a newsarchive SQLite file.

One module per job: `database` opens an archive read-only, `dates` parses date filters,
`filters` narrows article selects, `search` runs FTS5 queries, `listing`, `vocabulary`,
`runs` and `detail` browse, `stats` and `plot` count and chart, `teasers_graph` and
`graph_formats` export the related-article graph, `export_rows` / `export_formats` /
`warc` stream exports, `datasette_metadata` serves the shipped Datasette metadata. CLI
commands in `newsarchive.cli` stay thin over these functions.
"""

from __future__ import annotations
