"""Presenting one article (`newsarchive show`): JSON for programs, rich for people."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from newsarchive.cli.analyst_common import plain

# Shown in the heading rather than in the field table.
_HEADING_FIELDS = {"title", "body_text", "body_html"}
_SUB_TABLES = (
    ("authors", ("position", "name", "url")),
    ("tags", ("name", "slug", "internal")),
    ("images", ("kind", "position", "url", "alt", "caption", "credit")),
    ("teasers", ("position", "headline", "section", "url", "archived", "target_id")),
    ("teased_by", ("id", "title", "position")),
    ("urls", ("url", "kind", "first_seen_at", "last_seen_at")),
    ("pages", ("id", "fetched_at", "status", "body_size", "url")),
)

_SUB_TABLE_NAMES = {name for name, _ in _SUB_TABLES}
_VERSION_COLUMNS = ("version", "fetched_at", "changed_fields", "url")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return plain(value)


def detail_json(detail: dict[str, Any]) -> str:
    return json.dumps(_jsonable(detail), ensure_ascii=False, indent=2)


def print_detail(detail: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.rule import Rule
    from rich.table import Table

    console = Console()
    console.print(Rule(escape(detail["title"] or "(untitled)")))
    fields = Table(show_header=False, box=None, padding=(0, 1))
    fields.add_column(style="bold")
    fields.add_column(overflow="fold")
    for key, value in detail.items():
        if key in _HEADING_FIELDS or key in _SUB_TABLE_NAMES or key == "versions":
            continue
        fields.add_row(key, escape(_cell(value)))
    html_size = len(detail.get("body_html") or "")
    fields.add_row("body_html", f"{html_size} characters (see --format json)")
    console.print(fields)
    for name, columns in _SUB_TABLES:
        _print_rows(console, name, detail.get(name) or [], columns)
    if detail.get("versions") is None:
        console.print("[bold]versions[/bold]: not recorded by this archive's schema")
    else:
        _print_rows(console, "versions", detail["versions"], _VERSION_COLUMNS)
    console.print(Rule("body"))
    console.print(escape(detail.get("body_text") or ""))


def _print_rows(console, name: str, rows: list[dict[str, Any]], columns) -> None:
    from rich.markup import escape
    from rich.table import Table

    if not rows:
        console.print(f"[bold]{name}[/bold]: none")
        return
    table = Table(
        title=f"{name} ({len(rows)})", header_style="bold", title_justify="left"
    )
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(escape(_cell(row.get(column))) for column in columns))
    console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return plain(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
