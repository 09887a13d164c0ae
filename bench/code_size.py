"""Lines of non-test Python in newsarchive/, spiders/ and pipelines/, and the number of
modules, at two commits (read from git, not the working tree).

    python bench/code_size.py [--before 596311d] [--after HEAD]

For each commit: `git ls-tree -r --name-only COMMIT -- newsarchive spiders pipelines`,
keeping the `.py` files, and `git show COMMIT:PATH` for each, counting its lines
(`wc -l` would give the same figure). Migrations count as code; tests/ and bench/ are
outside those folders.
"""

from __future__ import annotations

import argparse
import subprocess

from common import REPO_ROOT, markdown_table

FOLDERS = ("newsarchive", "spiders", "pipelines")


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=REPO_ROOT, check=True, capture_output=True, text=True
    ).stdout


def size(commit: str) -> dict[str, tuple[int, int]]:
    """Per folder: (modules, lines)."""
    paths = [
        path
        for path in git("ls-tree", "-r", "--name-only", commit, "--", *FOLDERS).split()
        if path.endswith(".py")
    ]
    sizes: dict[str, tuple[int, int]] = {}
    for path in paths:
        lines = git("show", f"{commit}:{path}").count("\n")
        folder = path.split("/")[0]
        modules, total = sizes.get(folder, (0, 0))
        sizes[folder] = (modules + 1, total + lines)
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="596311d")
    parser.add_argument("--after", default="HEAD")
    args = parser.parse_args()
    before, after = size(args.before), size(args.after)
    rows = []
    for folder in (*FOLDERS, "total"):
        if folder == "total":
            b = tuple(map(sum, zip(*before.values(), strict=False)))
            a = tuple(map(sum, zip(*after.values(), strict=False)))
        else:
            b, a = before.get(folder, (0, 0)), after.get(folder, (0, 0))
        rows.append([folder, f"{b[0]}", f"{a[0]}", f"{b[1]:,}", f"{a[1]:,}",
                     f"{a[1] - b[1]:+,}"])  # fmt: skip
    headers = ["folder", f"modules {args.before}", f"modules {args.after}",
               f"lines {args.before}", f"lines {args.after}", "change"]  # fmt: skip
    print(markdown_table(headers, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
