"""`newsarchive sites`: the site profiles the crawler knows (docs/sites.md)."""

from __future__ import annotations

from pathlib import Path

import click

from newsarchive.cli.analyst_common import analyst_command, format_option, out_option
from newsarchive.cli.row_output import emit_rows
from newsarchive.cli.site_options import resolve_site
from newsarchive.cli.text_table import TableColumn

SITE_COLUMNS = (
    TableColumn("name", "name", "whole", keep=6),
    TableColumn("display_name", "display name", keep=5),
    TableColumn("start_url", "start url", "whole", keep=4),
    TableColumn("sections", "sections", keep=2),
    TableColumn("language", "language", "whole", keep=1),
    TableColumn("source", "source", "whole", keep=3),
)
SITE_FIELDS = (
    "name", "display_name", "host", "start_url", "language", "title_suffix",
    "sections", "main_feed", "sitemap_index", "front_pages", "source",
)  # fmt: skip
SHIPPED = "shipped"


@click.command()
@click.option(
    "--site-file",
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="Also check and list this profile of your own (TOML, docs/sites.md).",
)
@format_option()
@out_option
@analyst_command
def sites(site_file: Path | None, output_format: str, out_path: str | None) -> None:
    """The site profiles the crawler knows: `crawl --site NAME` takes one of their
    names (json, jsonl and csv: every field)."""
    from newsarchive.query.output_files import check_output
    from newsarchive.sites import builtin_profiles

    listed = [(profile, SHIPPED) for profile in builtin_profiles()]
    if site_file is not None:
        listed.append((resolve_site(None, site_file), str(site_file)))
    rows = [
        {
            "name": profile.name,
            "display_name": profile.display_name,
            "host": profile.host,
            "start_url": profile.start_url,
            "language": profile.language,
            "title_suffix": profile.title_suffix,
            "sections": [family.name for family in profile.sections],
            "main_feed": profile.main_feed,
            "sitemap_index": profile.sitemap_index,
            "front_pages": list(profile.front_pages),
            "source": source,
        }
        for profile, source in listed
    ]
    emit_rows(
        rows, SITE_COLUMNS, output_format, check_output(out_path), fields=SITE_FIELDS
    )
