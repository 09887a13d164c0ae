"""`--site NAME` and `--site-file PATH`: which publication a command works on.

Shared by `crawl` and `extract`. Without either option the site is the shipped profile
whose host the page's URL is on, else responsiblestatecraft.org. A name nobody knows,
or a file that is not a valid profile, is one line and exit code 2.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from newsarchive.cli.errors import UserError

if TYPE_CHECKING:
    from newsarchive.sites import SiteProfile


def site_options(command: Callable) -> Callable:
    command = click.option(
        "--site-file",
        type=click.Path(path_type=Path),
        metavar="PATH",
        help="A site profile of your own (TOML, docs/sites.md).",
    )(command)
    return click.option(
        "--site",
        "site_name",
        metavar="NAME",
        help="The site's profile (`newsarchive sites` lists them; default: the one "
        "whose host the URL is on, else responsiblestatecraft.org).",
    )(command)


def resolve_site(
    site_name: str | None, site_file: Path | None, url: str | None = None
) -> SiteProfile:
    """The profile `--site` or `--site-file` names, else the one for `url`'s host,
    else the default; `UserError` for a mistake."""
    from newsarchive.sites import (
        ProfileError,
        UnknownSite,
        default_profile,
        load_profile_file,
        profile_for_url,
        profile_named,
    )

    if site_name is not None and site_file is not None:
        raise UserError("give --site or --site-file, not both")
    try:
        if site_file is not None:
            return load_profile_file(site_file)
        if site_name is not None:
            return profile_named(site_name)
    except ProfileError as error:
        raise UserError(f"--site-file {error}") from None
    except UnknownSite as error:
        raise UserError(f"--site: {error.args[0]}") from None
    return (profile_for_url(url) if url else None) or default_profile()
