"""The analyst's side of the archive: read-only queries over a newsarchive archive.

Every function takes a plain DB-API connection (`database.Connection`: `sqlite3` today,
rows as dicts) made by `database.connect_archive` / `database.reading`, and imports
neither SQLAlchemy, Alembic nor the crawler, so a query command starts in a fraction of
a second. SQL is written with named `:name` parameters; what only SQLite says (FTS5,
JSON aggregation, calendar keys of the stored UTC text, the catalogue) lives in
`dialect`, so another backend replaces that one module.

One module per job: `database` opens an archive read-only (also on read-only storage),
`dates` parses date filters, `filters` narrows article selects, `search` runs FTS5
queries, `listing`, `vocabulary`, `runs`, `detail` and `history` browse, `stats` and
`plot` count and chart, `teasers_graph` and `graph_formats` export the related-article
graph, `export_rows` / `export_formats` / `warc` stream exports, `output_files` decides
where output may go, `datasette_metadata` serves the shipped Datasette metadata. CLI
commands in `newsarchive.cli` stay thin over these functions.
"""

from __future__ import annotations
