"""The parser process's side (`newsarchive.crawl.parse_process`): a job in, its
outcome out, until the crawl closes the socket."""

from __future__ import annotations

import pickle
import socket
from typing import Any

from newsarchive.child_process import become_worker
from newsarchive.crawl.page_wire import HEADER, PageSlots
from newsarchive.extraction import parse_article, parse_index
from newsarchive.extraction.errors import ParseError


class _Page:
    """The parts of a Scrapy text response the parsers read (`document.load_root`)."""

    __slots__ = ("body", "encoding", "headers", "url")

    def __init__(
        self, url: str, body: bytes, content_type: bytes, encoding: str
    ) -> None:
        self.url, self.body, self.encoding = url, body, encoding
        self.headers = {b"Content-Type": content_type} if content_type else {}


def parse_job(job: tuple[Any, ...], body: bytes) -> tuple[str, Any]:
    """("item", the parsed item) or ("error", (class name, reason, message)): a parse
    error's class and reason travel as data (an exception pickles through its
    constructor's arguments, which `MissingField` does not take back as it gave them)."""
    kind, url, content_type, encoding, site = job
    page = _Page(url, body, content_type, encoding)
    try:
        if kind == "article":
            return "item", parse_article(page, site=site)
        return "item", parse_index(page, site=site)
    except ParseError as error:
        return "error", (type(error).__name__, error.reason, str(error))


def serve(sock: socket.socket, parent: int | None, slot_count: int) -> None:
    if parent is not None:
        become_worker(parent)
    slots = None
    if slot_count:
        _, fds, _, _ = socket.recv_fds(sock, 1, 1)
        slots = PageSlots(slot_count, fd=fds[0])
    incoming = sock.makefile("rb")
    while True:
        header = incoming.read(HEADER.size)
        if len(header) < HEADER.size:
            return  # the crawl closed the socket
        (size,) = HEADER.unpack(header)
        job_id, job, slot, body = pickle.loads(incoming.read(size))
        if slot is not None:
            assert slots is not None
            body = slots.read(
                slot, body
            )  # `body` is the length of the page in the slot
        outcome = parse_job(job, body)
        payload = pickle.dumps((job_id, outcome), protocol=pickle.HIGHEST_PROTOCOL)
        sock.sendall(HEADER.pack(len(payload)) + payload)
