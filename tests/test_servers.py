"""The real servers the tests use answer (tests/servers.py, `.ci/run`)."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import psycopg


def test_postgresql_answers(postgres_server_url: str) -> None:
    with psycopg.connect(postgres_server_url) as connection:
        version = connection.execute("SHOW server_version_num").fetchone()[0]
    assert int(version) >= 130000


def test_redis_answers(redis_server_url: str) -> None:
    parts = urlsplit(redis_server_url)
    assert parts.hostname == "127.0.0.1"
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as server:
        server.sendall(b"PING\r\n")
        assert server.recv(64) == b"+PONG\r\n"
