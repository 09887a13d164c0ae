"""Profile a whole crawl with pyinstrument and print where its time goes.

    python bench/profile_crawl.py [--articles 1000] [--page-kb 120] [--top 25] [--write]

Runs `newsarchive crawl` under pyinstrument against a warm replica (`warm_replica.py`),
keeps the session (bench/out/profile-crawl.pyisession) and an HTML flame view
(bench/out/profile-crawl.html), then prints two tables: the project's own functions by
inclusive time (recursion counted once), and every function by self time. Times are
the sampled wall time of the crawl process (pyinstrument samples the stack every 1 ms),
also given in ms per article page.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from collections import Counter
from pathlib import Path

from common import REPO_ROOT, markdown_table, write_doc_section
from crawl_throughput import crawl_command, run_measured
from warm_replica import start_warm_replica

SECTION = "Profile"
OUT_DIR = REPO_ROOT / "bench" / "out"
PROJECT_DIRS = ("newsarchive/", "spiders/", "pipelines/")


def profile(base_url: str, work: Path, session_file: Path) -> dict:
    stats_path = work / "stats.json"
    crawl = crawl_command(base_url, work / "archive.sqlite", stats_path)
    command = [sys.executable, "-m", "pyinstrument", "-r", "pyisession",
               "-o", str(session_file), *crawl[1:]]  # fmt: skip
    code, _, _, tail = run_measured(command, cwd=work)
    if not stats_path.exists() or not session_file.exists():
        sys.exit(f"the profiled crawl failed (exit {code}):\n{tail}")
    return json.loads(stats_path.read_text())["stats"]


def _name(frame) -> str:
    return f"{frame.function} ({frame.file_path_short}:{frame.line_no})"


def aggregate(root) -> tuple[Counter, Counter, float]:
    """Inclusive time per project function, self time per function, total time."""
    inclusive: Counter = Counter()
    self_time: Counter = Counter()

    def walk(frame, parent_name: str, active: frozenset) -> None:
        if frame.is_synthetic:  # pyinstrument's "[self]" leaf: its parent's own time
            self_time[parent_name] += frame.time
            return
        name = _name(frame)
        path = (frame.file_path or "").replace(os.sep, "/")
        if name not in active and any(f"/{d}" in path for d in PROJECT_DIRS):
            if "/.venv/" not in path:
                inclusive[name] += frame.time
        inner = active | {name}
        for child in frame.children:
            walk(child, name, inner)

    walk(root, "", frozenset())
    return inclusive, self_time, root.time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--page-kb", type=int, default=120)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)  # deep Twisted/asyncio stacks in the session tree
    from pyinstrument.renderers import HTMLRenderer
    from pyinstrument.session import Session

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    session_file = OUT_DIR / "profile-crawl.pyisession"
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp, start_warm_replica(
        articles=args.articles, page_kb=args.page_kb
    ) as replica:
        stats = profile(replica.base_url, Path(tmp), session_file)
    session = Session.load(str(session_file))
    (OUT_DIR / "profile-crawl.html").write_text(HTMLRenderer().render(session))
    inclusive, self_time, total = aggregate(session.root_frame())
    articles = max(1, int(stats.get("newsarchive/article_pages", 0)))

    def rows(counter: Counter) -> list[list[str]]:
        return [[name, f"{seconds:.2f}", f"{100 * seconds / total:.1f}%",
                 f"{1000 * seconds / articles:.2f}"]
                for name, seconds in counter.most_common(args.top)]  # fmt: skip

    headers = ["function", "seconds", "share", "ms per article page"]
    command = f"python bench/profile_crawl.py --articles {args.articles} --page-kb {args.page_kb}"
    body = f"""Command: `{command}`

One `newsarchive crawl` of a warm replica ({args.articles:,} articles, pages ~{args.page_kb} KB) under pyinstrument: {total:.1f} s sampled, CPU time {session.cpu_time:.1f} s, {int(stats.get('response_received_count', 0)):,} pages, {articles:,} article pages. {os.cpu_count()} cores, Python {platform.python_version()}. Session kept in `bench/out/profile-crawl.pyisession` (HTML view beside it).

Project functions by inclusive time (callees included):

{markdown_table(headers, rows(inclusive))}

All functions by self time:

{markdown_table(headers, rows(self_time))}
"""
    print(body)
    if args.write:
        print(f"wrote {write_doc_section(SECTION, body)}")


if __name__ == "__main__":
    main()
