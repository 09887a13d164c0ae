"""`newsarchive extract FILE_OR_URL`: parse one page and print the item as JSON.

For a user debugging one page: a saved HTML file or a URL (one plain GET), parsed
with the site profile `--site` or `--site-file` gives (default: the one whose host the
URL is on, else responsiblestatecraft.org).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import click

from newsarchive.cli.errors import UserError
from newsarchive.cli.site_options import resolve_site, site_options

FETCH_TIMEOUT_SECONDS = 30
USER_AGENT = "newsarchive-extract (+https://github.com/newsarchive)"


@click.command("extract")
@click.argument("file_or_url")
@click.option(
    "--url", "page_url", help="The page's URL, when FILE_OR_URL is a saved file."
)
@site_options
@click.option(
    "--index", "as_index", is_flag=True, help="Parse it as an index page instead."
)
def extract(
    file_or_url: str,
    page_url: str | None,
    site_name: str | None,
    site_file: Path | None,
    as_index: bool,
) -> None:
    """Parse one article page (a saved HTML file or a URL) and print it as JSON."""
    from newsarchive.extraction import (
        NotAnArticle,
        ParseError,
        parse_article,
        parse_index,
    )
    from newsarchive.items import to_json_dict

    is_url = file_or_url.startswith(("http://", "https://"))
    site = resolve_site(
        site_name, site_file, page_url or (file_or_url if is_url else None)
    )
    body, fetched_url = _read(file_or_url)
    url = page_url or fetched_url
    try:
        item = (
            parse_index(body, url, site=site)
            if as_index
            else parse_article(body, url, site=site)
        )
    except NotAnArticle as error:
        raise UserError(
            f"{file_or_url} is not an article page ({_why(error)}); "
            "use --index to list its links"
        ) from error
    except ParseError as error:
        raise UserError(f"cannot parse {file_or_url}: {_why(error)}") from error
    click.echo(json.dumps(to_json_dict(item), indent=2, ensure_ascii=False))


def _why(error: Exception) -> str:
    message = str(error)
    return message.removeprefix("not an article: ")


def _read(file_or_url: str) -> tuple[bytes, str | None]:
    """The page's bytes and the URL it came from (None for a file)."""
    if file_or_url.startswith(("http://", "https://")):
        return _fetch(file_or_url)
    path = Path(file_or_url)
    if not path.is_file():
        raise UserError(
            f"no such file: {file_or_url} (give an HTML file or an http(s) URL)"
        )
    try:
        return path.read_bytes(), None
    except OSError as error:
        raise UserError(f"cannot read {file_or_url}: {error.strerror}") from error


def _fetch(url: str) -> tuple[bytes, str]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
            return response.read(), response.geturl()
    except urllib.error.HTTPError as error:
        raise UserError(f"{url} answered HTTP {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise UserError(f"cannot fetch {url}: {reason}") from error
