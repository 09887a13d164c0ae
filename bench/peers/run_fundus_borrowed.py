"""Run fundus with a borrowed publisher parser over a bench manifest (fundus venv).

fundus has no parser for responsiblestatecraft.org (see run_fundus.py). The closest
route a user has is to borrow another publisher's parser: page 0 (the seed article) is
run, untimed, through the latest parser of every publisher in `PublisherCollection`,
and the one returning the most article attributes (then the longest body) parses
every page.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from _runner import run
from fundus import PublisherCollection
from run_fundus import UNSUPPORTED, probe_publishers, to_fields

_chosen: dict[str, Any] = {}


def choose_parser(html: str, url: str) -> None:
    ranking = probe_publishers(html)
    best = ranking[0]["publisher"]
    publisher = next(p for p in PublisherCollection if p.name == best)
    _chosen.update(name=best, parser=publisher.parser(), ranking=ranking[:5])


def extract(html: str, url: str) -> dict[str, Any]:
    return _chosen["parser"].parse(html, error_handling="suppress")


def raw_view(result: dict[str, Any]) -> dict[str, Any]:
    return {
        "borrowed_parser": _chosen["name"],
        "its_output": {k: v for k, v in result.items() if k not in ("meta", "ld")},
        "best_publisher_parsers_on_seed": _chosen["ranking"],
    }


if __name__ == "__main__":
    run(
        peer="fundus-borrowed",
        version=version("fundus"),
        settings=lambda: (
            f"the {_chosen['name']} publisher parser (borrowed: chosen on the "
            "seed page as the one returning the most attributes), parse(html, "
            "error_handling='suppress')"
        ),
        unsupported=UNSUPPORTED,
        extract=extract,
        to_fields=to_fields,
        raw_view=raw_view,
        prepare=choose_parser,
    )
