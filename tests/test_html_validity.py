"""The Nu HTML Checker (vnu, from npm, run on the system's Java) finds no error in any page or
stylesheet the build produces."""

from __future__ import annotations

from collections.abc import Callable
import json
from pathlib import Path
import shutil
import subprocess

import pytest

VNU = (
    Path(__file__).resolve().parent.parent
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)
BROKEN = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Broken</title></head>
<body><p>A paragraph <div>with a block inside</div><p id="x"><p id="x"></body></html>
"""


def vnu(*paths: Path) -> list[dict[str, str]]:
    """Every error vnu reports over `paths` (folders are checked whole)."""
    assert shutil.which("java"), "Java is missing: .ci/run installs a headless JRE"
    assert VNU.is_file(), "vnu.jar is missing: run `npm ci`"
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--also-check-css",
         "--format", "json", *map(str, paths)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    messages: list[dict[str, str]] = json.loads(done.stderr)["messages"]
    return [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]


@pytest.mark.parametrize("name", ["minimal", "reader"])
def test_every_page_is_valid_html(
    name: str, built_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = built_site(name)
    broken = tmp_path / "broken.html"
    broken.write_text(BROKEN, "utf-8")
    # One run checks the site and a deliberately broken page, proving the checker can fail.
    errors = vnu(site, broken)
    assert any(e["url"].endswith("broken.html") for e in errors)
    in_site = [f"{e['url']}:{e.get('lastLine')}: {e['message']}" for e in errors
               if not e["url"].endswith("broken.html")]  # fmt: skip
    assert len(list(site.rglob("*.html"))) >= 15
    assert in_site == []
