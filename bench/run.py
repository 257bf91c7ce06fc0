"""Time the build on a synthetic project: cold, no-op, one edit of each kind, and the floor.

`python bench/run.py --pages 1000` generates the project (bench/generate.py) under bench/out/,
then runs `build.py` in a fresh process for each measurement (and `build.py serve` for the
preview's time from a save to the served page) and prints a table. The floor is
measured in this process: the same pages through markdown-it-py configured as
factpress.parse.make_markdown() does, a one-line Jinja2 template, written to disk.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
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

# Some containers set PYTHONDONTWRITEBYTECODE; a writer's Python keeps the compiled modules,
# and without them every build would first spend ~30 ms compiling the engine.
_WRITERS_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed_build(root: Path, *extra: str, workers: str = "") -> tuple[float, int]:
    """Wall time of `python build.py` in a new process, and its peak RSS in MB (the largest
    of the process and any worker it waited for)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "-q", *extra],
        stdout=subprocess.DEVNULL,
        env={**_WRITERS_ENVIRONMENT, "FACTPRESS_WORKERS": workers},
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


def table_transfer(site: Path, lang: str) -> tuple[int, int]:
    """The reviewer table as a browser fetches it: its page, the stylesheets and scripts the
    page links, and the data its script reads, each gzipped as a server would send it. The
    bytes in all, and how many resources beyond the page and its CSS/JS."""
    import gzip
    import re

    page = site / lang / "claims" / "index.html"
    html = page.read_text("utf-8")
    linked = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    data = re.findall(r'data-src="([^"]+)"', html)
    files = [page, *(site / url.lstrip("/") for url in linked + data)]
    return sum(len(gzip.compress(f.read_bytes(), 6)) for f in files), len(data)


def preview_latency(root: Path, page: Path, url: str, saves: int = 5) -> list[float]:
    """Seconds from saving `page` to the preview serving its new text, for each of `saves`
    saves: `build.py serve` in its own process, polled over HTTP every 10 ms. Between saves
    it is left a second to bring the search index up to date, as a writer's pauses do."""
    import signal
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--root", str(root), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_WRITERS_ENVIRONMENT,
    )

    def served() -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=30) as answer:
                return str(answer.read().decode("utf-8"))
        except OSError:
            return ""

    def wait_until(marker: str) -> None:
        deadline = time.monotonic() + 120
        while marker not in served():
            if time.monotonic() > deadline:
                raise SystemExit(f"the preview never served {marker!r} at {url}")
            time.sleep(0.01)

    times = []
    try:
        wait_until("</html>")
        time.sleep(3)  # its first build, and the index after it
        for number in range(saves):
            marker = f"Lưu lần {'abcdefghij'[number]}."
            _edit(page, "\n## ", f"\n{marker}\n\n## ")
            saved = time.perf_counter()
            wait_until(marker)
            times.append(time.perf_counter() - saved)
            time.sleep(1)
    finally:
        # A polite kill, which the preview takes as Ctrl-C: a shell that runs the benchmark in
        # the background has its children ignore SIGINT.
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    return times


def folder_bytes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=200, help="explainers per language")
    parser.add_argument("--claims", type=int, help="default: 5 per explainer")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each measurement; the fastest is shown"
    )
    args = parser.parse_args()
    claims = args.claims or 5 * args.pages
    root = args.out / f"project-{args.pages}-{claims}"
    shutil.rmtree(root, ignore_errors=True)
    generate(root, args.pages, claims)
    load_before = os.getloadavg()[0]
    peak = 0

    def best(measure: Callable[[int], tuple[float, int]]) -> float:
        nonlocal peak
        times = []
        for attempt in range(args.repeat):
            seconds, rss = measure(attempt)
            times.append(seconds)
            peak = max(peak, rss)
        return min(times)

    def cold(_: int, workers: str = "") -> tuple[float, int]:
        shutil.rmtree(root / "site", ignore_errors=True)
        shutil.rmtree(root / ".cache", ignore_errors=True)
        return timed_build(root, workers=workers)

    def edited(path: Path, old: str, new: str) -> Callable[[int], tuple[float, int]]:
        def measure(attempt: int) -> tuple[float, int]:
            _edit(path, old, new.format("xyzuvw"[attempt % 6]))  # no digits: claims check them
            return timed_build(root)

        return measure

    floor_s = min(floor(root, args.out / "floor") for _ in range(args.repeat))
    single_s = best(lambda attempt: cold(attempt, workers="1"))
    cold_s = best(cold)
    noop_s = best(lambda _: timed_build(root))
    page = root / "content" / "vi" / f"{page_name(0)}.md"
    page_s = best(edited(page, "\n## ", "\nCâu mới {}.\n\n## "))
    claim_s = best(edited(root / "facts.yaml", "    en: ", "    en: Edit {} "))
    template_s = best(edited(root / "templates" / "page.html", "<article", "<!-- {} -->\n<article"))
    preview = sorted(preview_latency(root, page, f"/vi/{page_name(0)}/"))
    rows = [
        ("floor: markdown-it + one-line Jinja2, written, 1 process", f"{floor_s:.2f} s"),
        # Every time also as a ratio to the floor of the same run: the disk's speed comes and
        # goes, the ratio holds.
        *(
            (name, f"{seconds:.2f} s ({seconds / floor_s:.2f} × floor)")
            for name, seconds in (
                ("cold build, one process", single_s),
                ("cold build (no cache, no site/)", cold_s),
                ("no-op rebuild", noop_s),
                ("one-page edit", page_s),
                ("one-claim edit", claim_s),
                ("one-template edit (page.html)", template_s),
            )
        ),
    ]
    rows.append(
        (
            "preview: save to served page, 5 saves",
            f"median {preview[len(preview) // 2]:.2f} s "
            f"({preview[len(preview) // 2] / floor_s:.2f} × floor), "
            f"{preview[0]:.2f}–{preview[-1]:.2f} s",
        )
    )
    rows.append(("peak RSS (largest process)", f"{peak} MB"))
    for lang in ("vi", "en"):
        sent, extra = table_transfer(root / "site", lang)
        rows.append(
            (
                f"reviewer table /{lang}/claims/, gzipped",
                f"{sent / 1000:.0f} KB ({extra} data file)",
            )
        )
    for lang in ("vi", "en"):  # its buckets, each a Pagefind bundle
        size, count = folder_bytes(root / "site" / "pagefind" / lang)
        buckets = len(list((root / "site" / "pagefind" / lang).glob("*/pagefind-entry.json")))
        rows.append(
            (
                f"search index /pagefind/{lang}/",
                f"{size / 1e6:.1f} MB in {count} files, {buckets} buckets",
            )
        )
    size, count = folder_bytes(root / "site")
    rows.append(("output of the build", f"{size / 1e6:.0f} MB in {count} files"))
    print(
        f"N = {args.pages} explainers per language, {claims} claims, "
        f"{len(list((root / 'sources').glob('*.txt')))} sources; {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; fastest of {args.repeat}; load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
