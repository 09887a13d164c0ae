"""Incremental runs: what a scheduled run fetches again (docs/scheduling.md).

Planning only: it reads what the archive remembers through the store's public functions
(`newsarchive.store.load_memory`) and writes nothing itself (the store records each
page's URL state with the page, and what a run learnt on the side at its end).

- `planner`: the revisit rules, pure decisions over the archive's memory;
- `middleware` (spider middleware): applies them to the spider's requests;
- `conditional` (downloader middleware): revisits ask "changed since?";
- `durations`: `30d` and the like, as users write them;
- `history`: `newsarchive history` (read-only).
"""
