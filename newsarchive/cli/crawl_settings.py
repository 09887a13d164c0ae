"""`newsarchive crawl -s NAME=VALUE`: the extra Scrapy settings, checked before the crawl."""

from __future__ import annotations

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


def check_setting_types(values: dict[str, str]) -> None:
    """A value that can't be read as the type of the setting's default (a boolean, a
    number) is a usage error now, in one line, rather than a traceback
    from whichever component reads it once the crawl has started."""
    from scrapy.settings import Settings

    from newsarchive import settings as project

    defaults = Settings()
    defaults.setmodule(project, priority="project")
    given = Settings(values)
    for name, value in values.items():
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


_SETTING_READERS = {
    bool: ("true or false", lambda settings, name: settings.getbool(name)),
    # A whole-number default does not make the setting whole (DOWNLOAD_TIMEOUT is 30 and
    # takes 4.5): any number will do, the component reading it decides.
    int: ("a number", lambda settings, name: settings.getfloat(name)),
    float: ("a number", lambda settings, name: settings.getfloat(name)),
}
