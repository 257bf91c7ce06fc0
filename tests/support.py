"""Helpers shared by the end-to-end tests: edit a fixture project, fingerprint an output tree,
and read the diagnostics the command line prints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace as _replace
import gzip
import hashlib
import json
import os
from pathlib import Path
import re
import shutil
import signal
import socket
import time
import urllib.error
import urllib.request

import pytest

from factpress.layout import DEFAULT_THEME, THEME_FOLDERS

# `path:line:col: severity: message [code]`, as factpress.diagnostics formats it.
DIAGNOSTIC = re.compile(
    r"(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): "
    r"(?P<message>.*) \[(?P<code>[a-z0-9-]+)\]"
)
HINT = re.compile(r"    hint: (?P<hint>.+)")
TIMEOUT = 30.0  # for a server to start, or a page to change after an edit
REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as failure:
        return failure.code, failure.read().decode("utf-8")


def wait_for(url: str, accept: Callable[[int, str], bool]) -> tuple[int, str]:
    """Poll `url` until `accept(status, body)`, for at most TIMEOUT seconds."""
    deadline = time.monotonic() + TIMEOUT
    last: tuple[int, str] = (0, "")
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        else:
            if accept(*last):
                return last
        time.sleep(0.2)
    raise AssertionError(f"{url} never became as expected; last answer: {last[0]} {last[1][:300]}")


def served_file(site: Path, url: str) -> Path:
    """The file a static server sends for `url` (site-absolute, with or without a fragment)."""
    path = url.split("#")[0].lstrip("/")
    return site / path / "index.html" if path == "" or path.endswith("/") else site / path


def override(root: Path, rel: str) -> Path:
    """The project's own copy of a theme file (templates/, locale/, static/), copied from the
    default theme first if the project has none: how a writer changes the default."""
    path = root / rel
    if not path.exists() and rel.startswith(THEME_FOLDERS):
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEFAULT_THEME / rel, path)
    return path


def replace(root: Path, rel: str, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in a project file (a theme file is overridden
    first); fail loudly if it is not there."""
    path = override(root, rel)
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{rel} should contain {old!r} exactly once"
    path.write_text(text.replace(old, new), "utf-8")


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def page(title: str, summary: str, body: str, **extra: str) -> str:
    """A page file: front matter with the given fields, then the markdown body."""
    front = [f"title: {title}", f"summary: {summary}", *(f"{k}: {v}" for k, v in extra.items())]
    return "---\n" + "\n".join(front) + "\n---\n" + body


def rewrite_source(root: Path, stem: str, text: str) -> None:
    """Replace an archived source and record its new sha256, as an editor re-archiving would."""
    data = text.encode("utf-8")
    (root / "sources" / f"{stem}.txt").write_bytes(data)
    meta = root / "sources" / f"{stem}.yaml"
    lines = [
        f"sha256: {hashlib.sha256(data).hexdigest()}" if line.startswith("sha256:") else line
        for line in meta.read_text("utf-8").split("\n")
    ]
    meta.write_text("\n".join(lines), "utf-8")


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under `root` (relative posix path) with the sha256 of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def staging_leftovers(parent: Path) -> list[str]:
    """Hidden `.site-*` staging or backup directories left beside the output."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".site-"))


@dataclass(frozen=True)
class Printed:
    """One diagnostic as printed: its head line and the hint under it (empty if none)."""

    head: str
    hint: str
    path: str
    line: int
    column: int
    severity: str
    message: str
    code: str


def parse_diagnostics(err: str) -> tuple[list[Printed], list[str]]:
    """Split stderr into diagnostics and the lines that are not part of any diagnostic."""
    printed: list[Printed] = []
    other: list[str] = []
    for line in err.splitlines():
        head = DIAGNOSTIC.fullmatch(line)
        hint = HINT.fullmatch(line)
        if head:
            printed.append(
                Printed(
                    head=line,
                    hint="",
                    path=head["path"],
                    line=int(head["line"]),
                    column=int(head["col"]),
                    severity=head["severity"],
                    message=head["message"],
                    code=head["code"],
                )
            )
        elif hint and printed and not printed[-1].hint:
            printed[-1] = _replace(printed[-1], hint=line)
        else:
            other.append(line)
    return printed, other


def ctrl_c_at_each_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every Path.replace send this process SIGINT first, as if Ctrl-C came right then
    (undo with monkeypatch.undo())."""
    replace = Path.replace

    def interrupted_replace(self: Path, target: str | Path) -> Path:
        os.kill(os.getpid(), signal.SIGINT)
        return replace(self, target)

    monkeypatch.setattr(Path, "replace", interrupted_replace)


def indexed_urls(bundle: Path) -> set[str]:
    """The addresses of the pages a Pagefind bundle holds, read from its fragments."""
    found = set()
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        found.add(json.loads(data)["url"])
    return found
