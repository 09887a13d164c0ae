"""Incremental, change-tracking, crash-safe scheduled runs (docs/scheduling.md).

- `planner` / `memory`: what a run fetches again, from what the archive remembers;
- `middleware` (spider middleware), `conditional` (downloader middleware), `pipeline`
  (304 records): the Scrapy components that apply it;
- `states`, `versions`, `gone`: what the store records with each page;
- `upgrade`, `abandoned`, `status`: opening an archive for a run (backup + migrations,
  killed runs), and `db status`; `history`: `newsarchive history`.
"""
