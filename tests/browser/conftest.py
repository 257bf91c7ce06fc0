"""Browser tests: Debian's Chromium driven by Playwright, over the `reader` fixture site served
from this process with a strict Content-Security-Policy, as a host would serve it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
import sys
from typing import Any

import pytest

# The local server and Chromium's flags are shared with tools/screenshots.py.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from localsite import CHROMIUM, CHROMIUM_ARGS, serve

SITE = "reader"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def site_dir(built_site: Callable[[str], Path]) -> Path:
    return built_site(SITE)


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The fixture site on a free port of 127.0.0.1 (pytest-playwright hands it to every page)."""
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def page_urls(site_dir: Path) -> list[str]:
    """The URL path of every HTML file of the site."""
    urls = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        urls.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return urls
