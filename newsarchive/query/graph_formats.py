"""Writers for the related-article graph: an edge-list CSV and GraphML.

Nodes are articles (archived or only known as teaser targets), edges say "source's page
recommends target" with the teaser's position on the page. GraphML is written by hand,
streaming, so a large archive needs no graph library and no memory for the whole graph.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

EDGE_COLUMNS = (
    "source_id",
    "source_url",
    "source_title",
    "position",
    "target_id",
    "target_url",
    "target_archived",
    "headline",
    "section",
)

# (GraphML key id, owner, attribute name, type)
NODE_KEYS = (
    ("label", "node", "label", "string"),
    ("url", "node", "url", "string"),
    ("section", "node", "section", "string"),
    ("published_at", "node", "published_at", "string"),
    ("archived", "node", "archived", "boolean"),
)
EDGE_KEYS = (
    ("position", "edge", "position", "int"),
    ("headline", "edge", "headline", "string"),
)


def write_edges_csv(edges: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One line per teaser: who recommends whom. Returns the edge count."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EDGE_COLUMNS)
    count = 0
    for edge in edges:
        writer.writerow([_csv_cell(edge.get(column)) for column in EDGE_COLUMNS])
        count += 1
    return count


def _csv_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def write_graphml(
    nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]], out: IO[str]
) -> tuple[int, int]:
    """A directed GraphML graph; node dicts need `node_id`, edge dicts `source_node` and
    `target_node`. Returns (node count, edge count)."""
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    for key_id, owner, name, kind in NODE_KEYS + EDGE_KEYS:
        out.write(
            f'  <key id="{key_id}" for="{owner}" '
            f'attr.name="{name}" attr.type="{kind}"/>\n'
        )
    out.write('  <graph id="teasers" edgedefault="directed">\n')
    node_count = 0
    for node in nodes:
        out.write(f"    <node id={quoteattr(node['node_id'])}>")
        out.write(_data(node, NODE_KEYS))
        out.write("</node>\n")
        node_count += 1
    edge_count = 0
    for edge in edges:
        out.write(
            f"    <edge source={quoteattr(edge['source_node'])} "
            f"target={quoteattr(edge['target_node'])}>"
        )
        out.write(_data(edge, EDGE_KEYS))
        out.write("</edge>\n")
        edge_count += 1
    out.write("  </graph>\n</graphml>\n")
    return node_count, edge_count


def _data(values: dict[str, Any], keys) -> str:
    parts = []
    for key_id, _owner, _name, kind in keys:
        value = values.get(key_id)
        if value is None:
            continue
        if kind == "boolean":
            value = "true" if value else "false"
        parts.append(f'<data key="{key_id}">{escape(_xml_text(str(value)))}</data>')
    return "".join(parts)


def _xml_text(text: str) -> str:
    # XML 1.0 forbids most control characters: one would make the file unreadable.
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)
