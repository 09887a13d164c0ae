"""Run a replica in a subprocess on a free port: for crawls, demos, tests and benchmarks."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Self

READY_PREFIX = "Replica serving at "


class ReplicaStartError(RuntimeError):
    """The replica process exited or stayed silent instead of announcing its URL."""


class ReplicaProcess:
    """A running replica. `base_url` has no trailing slash; `stop()` (or `with`) ends it."""

    def __init__(self, process: subprocess.Popen[str], base_url: str) -> None:
        self.process = process
        self.base_url = base_url

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self, timeout: float = 10.0) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)
        finally:
            if self.process.stdout:
                self.process.stdout.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def start_replica_process(
    articles: int = 300,
    seed: int = 1,
    page_kb: int = 120,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    extras: bool = True,
    edition: int = 1,
    site: str = "responsiblestatecraft.org",
    startup_timeout: float = 120.0,
    extra_args: Sequence[str] = (),
) -> ReplicaProcess:
    """Start `python -m newsarchive replica serve` and wait for its "Replica serving at" line.

    `extra_args` go to `serve` as they are, e.g. `("--faults", "mixed")`. `site`: the
    publication (`spectrum.ieee.org` on another loopback host, e.g. `127.0.0.2`, lets one
    crawl hold two sites).
    """
    command = [
        sys.executable,
        "-m",
        "newsarchive",
        "replica",
        "serve",
        "--host",
        host,
        "--port",
        str(port),
        "--articles",
        str(articles),
        "--seed",
        str(seed),
        "--page-kb",
        str(page_kb),
    ]
    if not extras:
        command.append("--no-extras")
    if edition != 1:
        command += ["--edition", str(edition)]
    if site != "responsiblestatecraft.org":
        command += ["--site", site]
    command.extend(extra_args)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + startup_timeout
    try:
        while time.monotonic() < deadline:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                break
            line = process.stdout.readline()
            if not line:
                raise ReplicaStartError(
                    f"replica exited with code {process.wait()} before serving"
                )
            if line.startswith(READY_PREFIX):
                return ReplicaProcess(
                    process, line[len(READY_PREFIX) :].strip().rstrip("/")
                )
        raise ReplicaStartError(f"replica did not start within {startup_timeout:.0f} s")
    except BaseException:
        process.kill()
        process.wait()
        raise
    finally:
        selector.close()
