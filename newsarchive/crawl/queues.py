"""The scheduler's disk queue: memory first (`SpillingDiskQueue`), then disk, with the
spider's callbacks named from a table (`NamedCallbackDiskQueue`).

A crawl keeps its pending requests on disk (`runner._request_queue_on_disk`). Scrapy's
`PickleLifoDiskQueue` turns each request into a dict with `Request.to_dict`, which finds
the name of the callback and of the errback by listing every method of the spider
(`inspect.getmembers`) on every push: ~0.1 ms a request, one of the larger costs per page
in a profile of a fast crawl. This queue builds the same dict (same keys, same values:
a JOBDIR stays readable by Scrapy's own queue) with the names looked up in a table made
once; a request whose callback is not a method of the spider goes through
`Request.to_dict`, with its error.
"""

from __future__ import annotations

import inspect
import weakref
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.squeues import PickleLifoDiskQueue


class NamedCallbackDiskQueue(PickleLifoDiskQueue):
    """`PickleLifoDiskQueue` whose requests are serialised without `inspect` per push."""

    def push(self, request: Request) -> None:
        # Past PickleLifoDiskQueue.push (which calls to_dict) to the pickling queue.
        super(PickleLifoDiskQueue, self).push(self.to_dict(request))

    def to_dict(self, request: Request) -> dict[str, Any]:
        """What `request.to_dict(spider=...)` returns, cheaper."""
        callback = self._name_of(request.callback)
        errback = self._name_of(request.errback)
        if callback is _UNKNOWN or errback is _UNKNOWN:
            return request.to_dict(spider=self.spider)
        values = {
            "url": request.url,
            "callback": callback,
            "errback": errback,
            "headers": dict(request.headers),
        }
        for attribute in request.attributes:
            values.setdefault(attribute, getattr(request, attribute))
        if type(request) is not Request:
            values["_class"] = f"{type(request).__module__}.{type(request).__name__}"
        return values

    def _name_of(self, function: Any) -> Any:
        """The spider method's name; the value itself when it is not callable (None, or
        a name already); `_UNKNOWN` when it is not a method of the spider."""
        if not callable(function):
            return function
        names = method_names(self.spider)
        return names.get(getattr(function, "__func__", None), _UNKNOWN)


_UNKNOWN = object()


class SpillingDiskQueue:
    """A disk queue that keeps its first `MEMORY_LIMIT` requests in memory.

    Scrapy makes one queue per priority and downloader slot, and closes it (file
    removed, directory removed) each time it runs empty: during a fast crawl the queue
    of index pages fills and empties over and over, and its file and directory were
    made and removed every time (~3% of the crawl process's CPU, bench/profile_crawl.py).
    Here a queue touches the disk only past `MEMORY_LIMIT` pending requests, which keeps
    memory flat all the same: the sitemaps' 100,000 article requests still wait on disk.

    Order is LIFO, as `PickleLifoDiskQueue`: requests pushed after the memory filled
    up come out first. A queue closed while it still holds requests writes them to disk
    first, so a JOBDIR keeps all of them.
    """

    MEMORY_LIMIT = 1000

    def __init__(self, crawler, key: str) -> None:
        self._crawler, self._key = crawler, key
        self._memory: list[Request] = []
        self._disk: NamedCallbackDiskQueue | None = None
        if Path(key).exists():  # a JOBDIR from an earlier run: carry on with it
            self._disk = NamedCallbackDiskQueue(crawler, key)

    @classmethod
    def from_crawler(cls, crawler, key: str, *args: Any, **kwargs: Any):
        return cls(crawler, key)

    def push(self, request: Request) -> None:
        if self._disk is None and len(self._memory) < self.MEMORY_LIMIT:
            self._check_serialisable(request)
            self._memory.append(request)
            return
        self._on_disk().push(request)

    def pop(self) -> Request | None:
        if self._disk is not None and len(self._disk):
            return self._disk.pop()
        return self._memory.pop() if self._memory else None

    def peek(self) -> Request | None:
        if self._disk is not None and len(self._disk):
            return self._disk.peek()
        return self._memory[-1] if self._memory else None

    def __len__(self) -> int:
        return len(self._memory) + (len(self._disk) if self._disk is not None else 0)

    def close(self) -> None:
        if self._memory:  # kept: a JOBDIR resumes with every request (in another order)
            disk = self._on_disk()
            for request in self._memory:
                disk.push(request)
            self._memory.clear()
        if self._disk is not None:
            self._disk.close()

    def _on_disk(self) -> NamedCallbackDiskQueue:
        if self._disk is None:
            self._disk = NamedCallbackDiskQueue(self._crawler, self._key)
        return self._disk

    def _check_serialisable(self, request: Request) -> None:
        """Refuse what the disk queue would refuse (the scheduler then keeps the
        request in its memory queue): a callback that is not a method of the spider."""
        names = method_names(self._crawler.spider)
        for function in (request.callback, request.errback):
            if callable(function) and getattr(function, "__func__", None) not in names:
                request.to_dict(spider=self._crawler.spider)  # raises ValueError


_METHOD_NAMES: weakref.WeakKeyDictionary[Any, dict[Any, str]] = (
    weakref.WeakKeyDictionary()
)


def method_names(spider: Any) -> dict[Any, str]:
    """The spider's methods (their functions) by name, listed once per spider."""
    names = _METHOD_NAMES.get(spider)
    if names is None:
        names = _METHOD_NAMES[spider] = {
            method.__func__: name
            for name, method in inspect.getmembers(spider, inspect.ismethod)
        }
    return names
