"""Helpers for the tests of the claim record: build the `record` fixture project and read it."""

from __future__ import annotations

from datetime import date
import json
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from support import served_file

from factpress.pipeline import BuildReport, build

TODAY = date(2026, 11, 27)  # the fixture's reviews are a week old on this day


def build_site(root: Path, today: date = TODAY) -> tuple[Path, BuildReport]:
    out = root / "site"
    return out, build(root, out_dir=out, today=today)


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup(served_file(site, url).read_text("utf-8"), "html.parser")


def json_ld(page: BeautifulSoup) -> list[dict[str, Any]]:
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


def set_field(root: Path, claim_id: str, field: str, value: str) -> None:
    """Rewrite one field line of one claim in facts.yaml."""
    path = root / "facts.yaml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    start = lines.index(f"  {claim_id}:\n")
    for i in range(start + 1, len(lines)):
        if lines[i].startswith(f"    {field}:"):
            lines[i] = f"    {field}: {value}\n"
            break
    else:
        raise AssertionError(f"{claim_id} has no {field}")
    path.write_text("".join(lines), "utf-8")
