"""Running a crawl (or any benchmark child) in a subprocess and measuring what it costs:
CPU time and peak RSS from wait4(), RSS sampled from /proc while it runs, and the CPU time
of another running process (the replica) from /proc. Shared by the crawl benchmarks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO_ROOT

SAMPLE_SECONDS = 2.0


def crawl_command(base_url: str, db: Path, stats_path: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "newsarchive", "crawl", "--start-url", base_url + "/",
            "--db", str(db), "--stats-json", str(stats_path), *extra]  # fmt: skip


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process (from /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_measured(command: list[str], *, cwd: Path,
                 code_root: Path = REPO_ROOT) -> tuple[int, float, float, str]:  # fmt: skip
    """Run a child to its end: exit code, CPU seconds, peak RSS (MB), stderr tail.
    `code_root`: where the child imports newsarchive, spiders and pipelines from."""
    with tempfile.TemporaryFile("w+") as stderr:
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr,
            env=dict(os.environ, NEWSARCHIVE_DB="", PYTHONPATH=str(code_root)),
        )  # fmt: skip
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        tail = stderr.read()[-3000:]
    return (process.returncode, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
            tail)  # fmt: skip


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def tree_rss_mb(pid: int) -> float | None:
    """RSS of a process and its children (the crawl and its writer process)."""
    own = rss_mb(pid)
    if own is None:
        return None
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return own + sum(rss_mb(int(child)) or 0.0 for child in children)


def run_sampled(command: list[str], *, cwd: Path, timeout: float) -> dict:
    """Run a crawl; RSS samples, peak RSS (wait4), CPU time, exit code, wall time."""
    started = time.perf_counter()
    with open(cwd / "crawl.stderr", "w") as stderr:
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                                   stderr=stderr, env=dict(os.environ, NEWSARCHIVE_DB=""))  # fmt: skip
    samples: list[tuple[float, float]] = []
    interrupted = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        elapsed = time.perf_counter() - started
        if (value := rss_mb(process.pid)) is not None:
            total = tree_rss_mb(process.pid) or value
            samples.append((round(elapsed, 1), round(value, 1), round(total, 1)))
        if elapsed > timeout and not interrupted:
            process.send_signal(signal.SIGINT)  # the crawl stops cleanly (exit 4)
            interrupted = True
        time.sleep(SAMPLE_SECONDS)
    return {
        "exit_code": os.waitstatus_to_exitcode(status),
        "command_seconds": time.perf_counter() - started,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "rss_samples": samples,
        "interrupted": interrupted,  # see also exit code 4: stopped from outside
    }
