"""docs/querying.md's examples run: every `newsarchive` line of its command-line block
on the demo archive (the session's crawl of the demo's replica: the same 300 articles),
its completion lines, and its Python example."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "querying.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(), flags=re.DOTALL)


def _command_lines() -> list[str]:
    first = _blocks("sh")[0]
    return [line for line in first.splitlines() if line.startswith("newsarchive ")]


@pytest.mark.parametrize("line", _command_lines())
def test_command_line_examples_run(crawled_archive, tmp_path, monkeypatch, line):
    monkeypatch.chdir(tmp_path)
    command = line.split("  #", 1)[0].strip()
    if "|" in command:  # a pipe: through a shell, as a reader would type it
        environment = dict(os.environ, NEWSARCHIVE_DB=str(crawled_archive.db_path))
        environment["PATH"] = f"{Path(sys.executable).parent}:{environment['PATH']}"
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command],
            capture_output=True, text=True, timeout=120, check=False, env=environment,
        )  # fmt: skip
        assert done.returncode == 0 and done.stdout, done.stderr
        return
    arguments = shlex.split(command)[1:]
    env = {"NEWSARCHIVE_DB": str(crawled_archive.db_path), "COLUMNS": None}
    result = CliRunner(env=env).invoke(cli, arguments, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout or "--out" in arguments or "--plot" in arguments
    for path in re.findall(r"--(?:out|plot) (\S+)", command):
        assert (tmp_path / path).stat().st_size > 0


def test_completion_lines_produce_a_script() -> None:
    completion = _blocks("sh")[1]
    for shell in ("bash", "zsh", "fish"):
        assert f"_NEWSARCHIVE_COMPLETE={shell}_source newsarchive" in completion
        done = subprocess.run(
            [sys.executable, "-m", "newsarchive"],
            env=dict(os.environ, _NEWSARCHIVE_COMPLETE=f"{shell}_source"),
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 0 and "newsarchive" in done.stdout, done.stderr


def test_python_example_runs(crawled_archive) -> None:
    example = next(b for b in _blocks("python") if "search_articles" in b)
    done = subprocess.run(
        [sys.executable, "-c", example.replace("data/demo.sqlite", str(crawled_archive.db_path))],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip(), done.stderr
