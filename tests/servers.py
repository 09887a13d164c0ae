"""Real PostgreSQL and Redis servers for the tests (and the benchmarks).

`.ci/run` starts both and exports `NEWSARCHIVE_TEST_POSTGRES_URL` and
`NEWSARCHIVE_TEST_REDIS_URL`; without them (a developer's machine) the servers are started
here from the installed binaries, on loopback, on free ports, in a temporary folder, and
stopped at exit. PostgreSQL refuses to run as root, so as root the cluster runs as the
`postgres` user (or `nobody`). A server that cannot start gives a reason, which the
fixtures turn into a visible skip.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

POSTGRES_URL_VAR = "NEWSARCHIVE_TEST_POSTGRES_URL"
REDIS_URL_VAR = "NEWSARCHIVE_TEST_REDIS_URL"
START_TIMEOUT_SECONDS = 30.0


class ServerUnavailable(Exception):
    """The server could not be found or started (the message says why)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_bin_dir() -> Path | None:
    """The newest installed PostgreSQL's server binaries (Debian's layout), or PATH's."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parent.parent.name),
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _server_user() -> str | None:
    """Who runs the server: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise ServerUnavailable("running as root and no postgres/nobody user to run as")


def _as_user(user: str | None, command: list[str]) -> list[str]:
    return command if user is None else ["runuser", "-u", user, "--", *command]


@dataclass
class PostgresServer:
    """A throwaway PostgreSQL cluster (trust authentication on 127.0.0.1 only)."""

    directory: Path
    port: int
    user: str | None
    bin_dir: Path

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    @classmethod
    def start(cls) -> PostgresServer:
        bin_dir = postgres_bin_dir()
        if bin_dir is None:
            raise ServerUnavailable("PostgreSQL is not installed (no initdb)")
        user = _server_user()
        directory = Path(tempfile.mkdtemp(prefix="newsarchive-pg-"))
        if user is not None:
            shutil.chown(directory, user)
            directory.chmod(0o700)
        server = cls(directory=directory, port=free_port(), user=user, bin_dir=bin_dir)
        data = directory / "data"
        server._run(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
             "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]
        )  # fmt: skip
        # Throwaway data: durability off makes CREATE DATABASE and commits fast.
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={server.port} "
            f"-c unix_socket_directories={directory} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        server._run(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
             "-l", str(directory / "server.log"), "-w", "-t", "30", "start"]
        )  # fmt: skip
        return server

    def _run(self, command: list[str]) -> None:
        try:
            subprocess.run(
                _as_user(self.user, command),
                check=True,
                capture_output=True,
                text=True,
                cwd=self.directory,
                timeout=START_TIMEOUT_SECONDS * 2,
            )
        except (OSError, subprocess.SubprocessError) as error:
            output = getattr(error, "stderr", "") or ""
            raise ServerUnavailable(
                f"{Path(command[0]).name} failed: {error} {output.strip()[-300:]}"
            ) from None

    def stop(self) -> None:
        with contextlib.suppress(ServerUnavailable):
            self._run(
                [str(self.bin_dir / "pg_ctl"), "-D", str(self.directory / "data"),
                 "-m", "immediate", "stop"]
            )  # fmt: skip
        shutil.rmtree(self.directory, ignore_errors=True)


@dataclass
class RedisServer:
    directory: Path
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @classmethod
    def start(cls) -> RedisServer:
        binary = shutil.which("redis-server")
        if binary is None:
            raise ServerUnavailable("redis-server is not installed")
        directory = Path(tempfile.mkdtemp(prefix="newsarchive-redis-"))
        port = free_port()
        process = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
             "--appendonly", "no", "--dir", str(directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), timeout=0.5),
            ):
                return cls(directory=directory, port=port, process=process)
            if process.poll() is not None:
                break
            time.sleep(0.05)
        process.kill()
        raise ServerUnavailable(f"redis-server did not start on port {port}")

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.directory, ignore_errors=True)


@contextlib.contextmanager
def postgres_url() -> Iterator[str]:
    """The URL of a PostgreSQL server to make test databases on (the environment's, or
    one started for the session). `ServerUnavailable` if there is none."""
    given = os.environ.get(POSTGRES_URL_VAR)
    if given:
        yield given
        return
    server = PostgresServer.start()
    # Stopped at exit even if the test session ends abnormally (no teardown).
    atexit.register(server.stop)
    try:
        yield server.url
    finally:
        server.stop()


@contextlib.contextmanager
def redis_url() -> Iterator[str]:
    given = os.environ.get(REDIS_URL_VAR)
    if given:
        yield given
        return
    server = RedisServer.start()
    atexit.register(server.stop)
    try:
        yield server.url
    finally:
        server.stop()


def database_url(server_url: str, name: str) -> str:
    """`server_url` with its database replaced by `name`."""
    base, _, _ = server_url.rpartition("/")
    return f"{base}/{name}"


def create_database(server_url: str, prefix: str = "test") -> str:
    """A new empty database on the server; its URL."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return database_url(server_url, name)


def drop_database(url: str) -> None:
    import psycopg

    server_url, _, name = url.rpartition("/")
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_database(server_url: str, template_url: str, prefix: str = "test") -> str:
    """A new database copied from the database at `template_url` (no one may be
    connected to the template while it is copied)."""
    import psycopg

    template = template_url.rpartition("/")[2]
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return database_url(server_url, name)
