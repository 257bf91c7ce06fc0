"""Shared fixtures: throwaway copies of the fixture projects, and running the command line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
import shutil
import subprocess
import sys

import pytest
from support import TIMEOUT, free_port

from factpress.cli import main

REPO = Path(__file__).resolve().parent.parent
PROJECTS = Path(__file__).resolve().parent / "projects"


@pytest.fixture
def project(tmp_path: Path) -> Callable[[str], Path]:
    """Copy tests/projects/<name> into a temporary folder and return its root, so a test may
    edit it freely. The projects have no theme of their own: they build from the default."""

    def make(name: str) -> Path:
        root = tmp_path / name
        shutil.copytree(PROJECTS / name, root, symlinks=False)
        return root

    return make


@pytest.fixture
def preview(project: Callable[[str], Path]) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    """`build.py serve` on a copy of the minimal project, on a free port: its root, its base
    URL and its process (killed at the end if the test has not stopped it)."""
    root = project("minimal")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--root", str(root), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield root, f"http://127.0.0.1:{port}", process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=TIMEOUT)


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run `build.py` in-process with the given arguments; return exit code and output."""

    def run(*args: str | Path) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Build tests/projects/<name> once per test run and return the output folder; tests must
    not modify it."""
    built: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in built:
            from factpress.pipeline import build

            root = tmp_path_factory.mktemp(name) / name
            shutil.copytree(PROJECTS / name, root, symlinks=False)
            build(root, out_dir=root / "site")
            built[name] = root / "site"
        return built[name]

    return get
