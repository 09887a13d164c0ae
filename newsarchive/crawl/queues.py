"""The scheduler's disk queue, with the spider's callbacks named from a table.

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
from typing import Any

from scrapy import Request
from scrapy.squeues import PickleLifoDiskQueue


class NamedCallbackDiskQueue(PickleLifoDiskQueue):
    """`PickleLifoDiskQueue` whose requests are serialised without `inspect` per push."""

    def __init__(self, crawler, key: str) -> None:
        super().__init__(crawler, key)
        self._method_names: dict[Any, str] | None = None

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
        if self._method_names is None:
            self._method_names = {
                method.__func__: name
                for name, method in inspect.getmembers(self.spider, inspect.ismethod)
            }
        return self._method_names.get(getattr(function, "__func__", None), _UNKNOWN)


_UNKNOWN = object()
