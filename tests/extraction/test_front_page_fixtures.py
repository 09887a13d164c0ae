"""Front pages saved from the replica at an edition and hour: each placement field
against the replica's truth (tests/fixtures/save_front_page_fixtures.py)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newsarchive.extraction import parse_index
from newsarchive.items import to_json_dict
from newsarchive.sites import profile_named
from tests.conftest import file_response

FIXTURES = Path(__file__).parent.parent / "fixtures" / "responsiblestatecraft"
CASES = ("front_page_home", "front_page_section")
FIELDS = ("position", "block", "block_raw", "url", "headline", "image_url")
RS = profile_named("responsiblestatecraft.org")


@cache
def _expected(case: str) -> list[dict[str, Any]]:
    text = (FIXTURES / f"{case}.json").read_text(encoding="utf-8")
    return json.loads(text)["placements"]


@cache
def _parsed(case: str) -> list[dict[str, Any]]:
    meta = json.loads((FIXTURES / f"{case}.meta.json").read_text(encoding="utf-8"))
    page = parse_index(file_response(FIXTURES / f"{case}.html", meta["url"]), site=RS)
    return to_json_dict(page)["placements"]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("field", FIELDS)
def test_placement_field(case: str, field: str) -> None:
    assert [p[field] for p in _parsed(case)] == [p[field] for p in _expected(case)]


def test_the_home_page_leads_with_a_retitled_story() -> None:
    lead = _expected("front_page_home")[0]
    assert lead["block"] == "lead"
    assert lead["headline"].endswith(": what comes next")


def test_every_block_of_the_home_page_is_named() -> None:
    blocks = {p["block"] for p in _parsed("front_page_home")}
    assert blocks == {"lead", "editors_picks", "river", "latest", "qiosk"}
