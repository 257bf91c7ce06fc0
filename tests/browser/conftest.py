"""Browser tests: Debian's Chromium driven by Playwright, over the `reader` fixture site served
from this process with a strict Content-Security-Policy, as a host would serve it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
import re
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


@pytest.fixture(scope="session")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A desk at scale, built once: 2,000 claims over 400 explainers per language (the
    benchmark's generator), with one page in each language about innovation in Bình Dương for
    the search to find. The built site and its address."""
    from claim_record import TODAY

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from generate import generate

    from factpress.pipeline import build

    root = tmp_path_factory.mktemp("desk") / "desk"
    generate(root, pages=400, claims=2000)
    _vary_reviews(root / "facts.yaml")
    for lang, name, title, text in DESK_PAGES:
        front = f"---\ntitle: {title}\nsummary: {title}.\norder: 5000\n---\n"
        (root / "content" / lang / f"{name}.md").write_text(front + text + "\n", "utf-8")
    build(root, out_dir=root / "site", today=TODAY)
    with serve(root / "site") as url:
        yield root / "site", url


def _vary_reviews(facts: Path) -> None:
    """The generator's claims share a reviewer and are all fresh: a desk has several
    reviewers, disputed claims and reviews falling due."""
    blocks = facts.read_text("utf-8").split("\n  claim-")
    for n in range(1, len(blocks)):
        block = blocks[n]
        if n % 7 == 0:
            block = re.sub(r"\n    status: [a-z-]+", "\n    status: disputed", block)
        if n % 3 == 0:
            block = block.replace("\n    reviewer: Nguyễn An", "\n    reviewer: Trần Bình")
        if n % 11 == 0:
            block = re.sub(r"\n    reviewed: [0-9-]+", "\n    reviewed: 2024-01-02", block)
        blocks[n] = block
    facts.write_text("\n  claim-".join(blocks), "utf-8")


DESK_PAGES = (
    ("vi", "doi-moi", "Tỉnh Bình Dương và đổi mới sáng tạo",
     "Tỉnh Bình Dương đẩy mạnh đổi mới sáng tạo và hợp tác quốc tế về khoa học."),
    ("en", "doi-moi", "Binh Duong and its innovation zanzibarite",
     "The province of Binh Duong promotes innovation and international cooperation."),
    # A word with đ joined to another by a hyphen, and the asterisms that set a page's folded
    # words apart written in its own text, as a section break.
    ("vi", "quan-dao", "Biên bản về biển",
     "Phần một nói về biển và gió.\n\n⁂⁂\n\nPhần hai: quần đảo-xa có nhiều cá."),
    ("en", "quan-dao", "Notes on the sea", "Part one is about the sea and the wind."),
)  # fmt: skip
