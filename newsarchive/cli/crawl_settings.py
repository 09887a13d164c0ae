"""`newsarchive crawl -s NAME=VALUE`: the extra Scrapy settings, checked before the crawl."""

from __future__ import annotations

import math

from newsarchive.cli.errors import UserError


def parse_settings(pairs: tuple[str, ...]) -> dict[str, str]:
    """`NAME=VALUE` pairs as a dict; a malformed pair or a value of the wrong type is a
    usage error."""
    settings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UserError(f"-s/--setting takes NAME=VALUE (got {pair!r})")
        settings[name.strip()] = value
    check_setting_types(settings)
    return settings


# The numbers newsarchive's settings take: (whole numbers only, lowest, highest). A
# value outside is a usage error before the crawl starts, not a traceback (or a crawl
# that never writes) once it runs. The highest values are far beyond any real use.
NUMBER_RANGES: dict[str, tuple[bool, float, float]] = {
    "NEWSARCHIVE_MAX_ARTICLES": (True, 0, 2**63 - 1),
    "NEWSARCHIVE_STORE_BATCH_SIZE": (True, 1, 100_000),
    "NEWSARCHIVE_BUSY_TIMEOUT": (False, 0, 86_400),
    "NEWSARCHIVE_PROGRESS_INTERVAL": (False, 0.05, 3_600),
    "NEWSARCHIVE_RETRY_AFTER_MAX": (False, 0, 86_400),
    "NEWSARCHIVE_RETRY_BACKOFF_BASE": (False, 0, 86_400),
    "NEWSARCHIVE_RETRY_BACKOFF_MAX": (False, 0, 86_400),
    "NEWSARCHIVE_MAX_REDIRECTS": (True, 0, 100),
    "NEWSARCHIVE_STALE_PARSER_RATIO": (False, 0, 1),
    "NEWSARCHIVE_STALE_PARSER_WINDOW": (True, 1, 1_000_000),
    "NEWSARCHIVE_MEMORY_TRIM_INTERVAL": (False, 0, 86_400),
    # Scrapy's, where a careless value would hang or flood a site.
    "CONCURRENT_REQUESTS": (True, 1, 10_000),
    "CONCURRENT_REQUESTS_PER_DOMAIN": (True, 1, 10_000),
    "DOWNLOAD_DELAY": (False, 0, 86_400),
    "DOWNLOAD_TIMEOUT": (False, 0.001, 86_400),
}


def check_setting_types(values: dict[str, str]) -> None:
    """A value that can't be read as the type of the setting's default (a boolean, a
    number), or a number out of the setting's range, is a usage error now, in one
    line, rather than a traceback from whichever component reads it once the crawl
    has started."""
    from scrapy.settings import Settings

    from newsarchive import settings as project

    defaults = Settings()
    defaults.setmodule(project, priority="project")
    given = Settings(values)
    for name, value in values.items():
        if name in NUMBER_RANGES:
            _check_number(name, value, *NUMBER_RANGES[name])
            continue
        if name == "NEWSARCHIVE_RECHECK_AFTER" and value.strip():
            _check_duration(name, value)
            continue
        default = defaults.get(name)
        kind, read = _SETTING_READERS.get(type(default), (None, None))
        if read is None:
            continue
        try:
            read(given, name)
        except (TypeError, ValueError):
            raise UserError(
                f"-s {name}={value}: {name} takes {kind} (its default is {default!r})"
            ) from None


def _check_number(
    name: str, value: str, whole: bool, lowest: float, highest: float
) -> None:
    shown = value if len(value) <= 40 else f"{value[:37]}..."
    kind = "a whole number" if whole else "a number"
    try:
        number = int(value.strip()) if whole else float(value)
    except ValueError:
        number = None
    if number is None or math.isnan(number) or not lowest <= number <= highest:
        low, high = (int(lowest), int(highest)) if whole else (lowest, highest)
        raise UserError(f"-s {name}={shown}: {name} takes {kind} from {low} to {high}")


def _check_duration(name: str, value: str) -> None:
    from newsarchive.incremental.durations import BadDuration, parse_duration

    try:
        parse_duration(value)
    except BadDuration as error:
        raise UserError(f"-s {name}: {error}") from None


_SETTING_READERS = {
    bool: ("true or false", lambda settings, name: settings.getbool(name)),
    # A whole-number default does not make the setting whole (DOWNLOAD_TIMEOUT is 30 and
    # takes 4.5): any number will do, the component reading it decides.
    int: ("a number", lambda settings, name: settings.getfloat(name)),
    float: ("a number", lambda settings, name: settings.getfloat(name)),
}
