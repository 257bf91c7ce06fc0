"""Time the build on a synthetic project: cold, no-op, one edit of each kind, and the floor.

`python bench/run.py --pages 1000` generates the project (bench/generate.py) under bench/out/,
then runs `build.py` in a fresh process for each measurement and prints a table. The floor is
measured in this process: the same pages through markdown-it-py configured as
factpress.parse.make_markdown() does, a one-line Jinja2 template, written to disk.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
import platform
import shutil
import subprocess
import sys
import time

import jinja2
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from generate import generate, page_name  # noqa: E402

from factpress.parse import make_markdown  # noqa: E402


def timed_build(root: Path, *extra: str) -> tuple[float, int]:
    """Wall time of `python build.py` in a new process, and its peak RSS in MB (the largest
    of the process and any worker it waited for)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "-q", *extra],
        stdout=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed in {root}")
    return elapsed, usage.ru_maxrss // 1024


def floor(root: Path, out: Path) -> float:
    """The same pages through markdown-it-py and a one-line template, written, one process."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    md = make_markdown()
    template = jinja2.Environment(autoescape=True).from_string(
        "<!doctype html><title>{{ title }}</title>{{ body }}"
    )
    env_for_citations = {"claim_numbers": _AnyNumber(), "cite_label": str}
    for path in sorted((root / "content").rglob("*.md")):
        text = path.read_text("utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.load(front, Loader=yaml.CSafeLoader)
        html = md.render(body, dict(env_for_citations))
        target = out / path.relative_to(root / "content").with_suffix("") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            template.render(title=meta["title"], body=jinja2.utils.markupsafe.Markup(html)),
            "utf-8",
        )
    return time.perf_counter() - started


class _AnyNumber(dict[str, int]):
    def __missing__(self, key: str) -> int:
        return 1


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=200, help="explainers per language")
    parser.add_argument("--claims", type=int, help="default: 5 per explainer")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    claims = args.claims or 5 * args.pages
    root = args.out / f"project-{args.pages}-{claims}"
    shutil.rmtree(root, ignore_errors=True)
    generate(root, args.pages, claims)
    rows: list[tuple[str, str]] = []
    floor_s = floor(root, args.out / "floor")
    rows.append(("floor: markdown-it + one-line Jinja2, written, 1 process", f"{floor_s:.2f} s"))
    cold, rss = timed_build(root)
    rows.append(
        ("cold build (no cache, no site/)", f"{cold:.2f} s  ({cold / floor_s:.2f} × floor)")
    )
    peak = rss
    noop, rss = timed_build(root)
    peak = max(peak, rss)
    rows.append(("no-op rebuild", f"{noop:.2f} s"))
    _edit(root / "content" / "vi" / f"{page_name(0)}.md", "\n## ", "\nMột câu mới.\n\n## ")
    page, rss = timed_build(root)
    peak = max(peak, rss)
    rows.append(("one-page edit", f"{page:.2f} s"))
    _edit(root / "facts.yaml", "    en: ", "    en: Edited, ")
    claim, rss = timed_build(root)
    peak = max(peak, rss)
    rows.append(("one-claim edit", f"{claim:.2f} s"))
    _edit(root / "templates" / "page.html", "<article", "<!-- edited -->\n<article")
    tpl, rss = timed_build(root)
    peak = max(peak, rss)
    rows.append(("one-template edit (page.html)", f"{tpl:.2f} s"))
    rows.append(("peak RSS (largest process)", f"{peak} MB"))
    print(
        f"N = {args.pages} explainers per language, {claims} claims, "
        f"{len(list((root / 'sources').glob('*.txt')))} sources; "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
