"""Build a project and photograph its overview page in both languages at 320 and 1280 px.

    python tools/screenshots.py                    # this project, into docs/screenshots/
    python tools/screenshots.py --root tests/projects/reader --out /tmp/shots

The site is built into a temporary folder (site/ is left alone) and served on 127.0.0.1; the
pictures are taken with Debian's Chromium through Playwright, in the light colour scheme.
"""

from __future__ import annotations

import argparse
from pathlib import Path
import shutil
import sys
import tempfile

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from localsite import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

from factpress.pipeline import build  # noqa: E402  (after the path is set)

# (width, height) of the window; the picture is the first screenful, as a reader first sees it.
SIZES = ((320, 640), (1280, 800))
LANGS = ("vi", "en")


def take(root: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    taken = []
    with tempfile.TemporaryDirectory() as tmp:
        # A copy resolves the fixtures' symlinks and keeps the build off the project's folder.
        project = Path(tmp, "project")
        shutil.copytree(root, project, ignore=shutil.ignore_patterns("site", ".site-*"))
        build(project, out_dir=Path(tmp, "site"))
        with serve(Path(tmp, "site")) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width, height in SIZES:
                page = browser.new_page(
                    viewport={"width": width, "height": height}, color_scheme="light"
                )
                for lang in LANGS:
                    page.goto(f"{base}/{lang}/")
                    path = out / f"overview-{lang}-{width}.png"
                    page.screenshot(path=str(path))
                    taken.append(path)
                page.close()
            browser.close()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO, help="the project to build")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    for path in take(args.root.resolve(), args.out):
        print(f"{path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
