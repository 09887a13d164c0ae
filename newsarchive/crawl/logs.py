"""Logging for an in-process crawl: the console stays quiet, the log file gets the detail.

Scrapy's own root handler is not installed (`LOG_INSTALL_ROOT_HANDLER = False`): the CLI
already configured the console, and Scrapy's DEBUG line per request would flood it.
"""

from __future__ import annotations

import logging
from pathlib import Path

LOG_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"
OWN_NAMESPACES = ("newsarchive", "spiders", "pipelines", "responsiblestatecraft")
PROGRESS_NAMESPACES = ("newsarchive",)


class _ConsoleFilter(logging.Filter):
    """What a crawl shows on the console.

    newsarchive's own records from `level` up (plus its INFO progress lines in log mode).
    Scrapy's and Twisted's records only when the user asked for detail (-v): without it
    an unreachable site would print retry tracebacks where one line says it all (the
    summary counts logged errors, and --log-file keeps them).
    """

    def __init__(self, level: int, info_namespaces: tuple[str, ...]) -> None:
        super().__init__()
        self.level = level
        self.info_namespaces = info_namespaces

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(OWN_NAMESPACES):
            return self.level <= logging.INFO and record.levelno >= self.level
        if record.levelno >= self.level:
            return True
        return record.levelno >= logging.INFO and record.name.startswith(
            self.info_namespaces
        )


def configure_crawl_logging(
    *, log_file: Path | None, progress: str
) -> logging.Handler | None:
    """Set handler levels for a crawl; returns the file handler (to close) if any.

    The console keeps the level the CLI chose (-v / -vv); with `progress == "log"` it also
    shows newsarchive's INFO progress lines. The log file gets INFO and above.
    """
    root = logging.getLogger()
    console_level = root.level if root.level != logging.NOTSET else logging.WARNING
    info_namespaces = PROGRESS_NAMESPACES if progress == "log" else ()
    for handler in root.handlers:
        if not any(isinstance(f, _ConsoleFilter) for f in handler.filters):
            handler.setLevel(min(console_level, logging.INFO))
            handler.addFilter(_ConsoleFilter(console_level, info_namespaces))
    file_handler = None
    file_level = min(console_level, logging.INFO)
    if log_file is not None:
        file_handler = logging.FileHandler(log_file, encoding="utf-8")
        file_handler.setLevel(file_level)
        file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(file_handler)
    root.setLevel(min(console_level, file_level))
    quiet_scrapy_loggers()
    return file_handler


def quiet_scrapy_loggers() -> None:
    """Scrapy logs each request at DEBUG: only build those records when -vv asked."""
    level = max(logging.getLogger().level, logging.DEBUG)
    logging.getLogger("scrapy").setLevel(min(level, logging.INFO))
