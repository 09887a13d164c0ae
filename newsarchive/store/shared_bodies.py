"""Page bodies handed to the writer process through shared memory, not a pipe.

A batch sent to the writer process is pickled and pushed through a pipe by the crawl
process: for a batch of 100 pages of ~120 KB, ~12 MB of page bodies, at ~0.1-0.2 ms of
the crawl's CPU per page (bench/crawl_throughput.py). Copying a body into memory both
processes map costs ~0.01 ms. So `BodyRegions` (crawl side) copies a batch's bodies
into one of a few memfd regions and sends the batch without them; `BodyReader` (writer
side) maps the same region, through `/proc/<crawl pid>/fd/<fd>`, and puts them back.

The regions are anonymous files (memfd): no name on any filesystem, nothing left behind
when the crawl dies. Linux only; elsewhere `BodyRegions.available()` is False and the
bodies travel in the pickle, as before.
"""

from __future__ import annotations

import copy
import mmap
import os
from collections import deque
from dataclasses import dataclass

from newsarchive.store.writer import QueuedFetch

MIN_REGION_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class BodySpans:
    """Where a batch's bodies are: its region (a file descriptor of the crawl process)
    and each fetch's (offset, length), in batch order."""

    fd: int
    spans: tuple[tuple[int, int], ...]


class _Region:
    def __init__(self) -> None:
        self.fd = os.memfd_create("newsarchive-batch")
        self.size = 0
        self.map: mmap.mmap | None = None

    def hold(self, size: int) -> None:
        """Make room for `size` bytes (the file grows; a larger map replaces the old)."""
        if size <= self.size and self.map is not None:
            return
        self.size = max(size, MIN_REGION_BYTES, 2 * self.size)
        os.ftruncate(self.fd, self.size)
        if self.map is not None:
            self.map.close()
        self.map = mmap.mmap(self.fd, self.size)

    def close(self) -> None:
        if self.map is not None:
            self.map.close()
        os.close(self.fd)


class BodyRegions:
    """Crawl side: `count` regions, one per batch in flight."""

    def __init__(self, count: int) -> None:
        self._regions = [_Region() for _ in range(count)]
        self._free = deque(self._regions)
        self._busy: dict[int, _Region] = {}

    @staticmethod
    def available() -> bool:
        return hasattr(os, "memfd_create") and os.path.isdir(f"/proc/{os.getpid()}/fd")

    def detach(self, batch: list[QueuedFetch]) -> tuple[list[QueuedFetch], BodySpans]:
        """The batch with empty bodies (copies: the items stay as they are) and where
        the bodies went. Raises RuntimeError when every region is in use."""
        if not self._free:
            raise RuntimeError("every body region is in use: release one first")
        region = self._free.popleft()
        region.hold(sum(len(queued.fetch.body) for queued in batch))
        assert region.map is not None
        spans, offset, light = [], 0, []
        for queued in batch:
            body = queued.fetch.body
            region.map[offset : offset + len(body)] = body
            spans.append((offset, len(body)))
            offset += len(body)
            fetch = copy.copy(queued.fetch)
            fetch.body = b""
            light.append(QueuedFetch(fetch, queued.site, queued.duplicate_of))
        self._busy[region.fd] = region
        return light, BodySpans(region.fd, tuple(spans))

    def release(self, spans: BodySpans) -> None:
        """The writer is done with the region (its batch was written, or failed)."""
        region = self._busy.pop(spans.fd, None)
        if region is not None:
            self._free.append(region)

    def close(self) -> None:
        for region in self._regions:
            region.close()
        self._free.clear()
        self._busy.clear()


class BodyReader:
    """Writer side: maps the crawl process's regions and puts the bodies back."""

    def __init__(self, crawl_pid: int) -> None:
        self._crawl_pid = crawl_pid
        self._maps: dict[int, mmap.mmap] = {}

    def attach(self, batch: list[QueuedFetch], spans: BodySpans) -> None:
        """Put each fetch's body back (the batch's fetches are this process's copies)."""
        end = max((offset + length for offset, length in spans.spans), default=0)
        region = self._map(spans.fd, end)
        for queued, (offset, length) in zip(batch, spans.spans, strict=True):
            queued.fetch.body = region[offset : offset + length]

    def _map(self, fd: int, size: int) -> mmap.mmap:
        mapped = self._maps.get(fd)
        if mapped is None or len(mapped) < size:  # new, or grown since
            if mapped is not None:
                mapped.close()
            with open(f"/proc/{self._crawl_pid}/fd/{fd}", "r+b") as region:
                mapped = mmap.mmap(region.fileno(), 0)
            self._maps[fd] = mapped
        return mapped

    def close(self) -> None:
        for mapped in self._maps.values():
            mapped.close()
        self._maps.clear()
