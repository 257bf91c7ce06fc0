"""factpress installs as a package: a wheel built from this repository, installed into a fresh
virtual environment, gives a `factpress` command that starts and builds a project anywhere."""

from __future__ import annotations

import os
from pathlib import Path
import shutil
import subprocess
import sys
import venv

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
_NOT_PACKAGED = (".git", "node_modules", "site", ".cache", "build", "*.egg-info", "bench", "docs")


def _run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_a_wheel_installed_in_a_fresh_environment_builds_a_project_from_anywhere(
    tmp_path: Path,
) -> None:
    # The wheel is built without fetching anything, and the environment borrows the runtime
    # packages already installed here: what is tested is our packaging, not the network.
    # Built from a copy, so that the build's own folders stay out of this checkout.
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*_NOT_PACKAGED))
    wheels = tmp_path / "wheels"
    built = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
        "-w", wheels, source,
        cwd=tmp_path,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    [wheel] = wheels.glob("factpress-*.whl")
    env_dir = tmp_path / "env"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    python = env_dir / "bin" / "python"
    installed = _run(python, "-m", "pip", "install", "--no-deps", "-q", wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    factpress = env_dir / "bin" / "factpress"

    where = _run(python, "-c", "import factpress; print(factpress.__file__)", cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(env_dir)  # not this checkout
    version = _run(factpress, "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("factpress ")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert _run(factpress, "init", "desk", cwd=elsewhere).returncode == 0
    result = _run(factpress, "build", "--root", "desk", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    site = elsewhere / "desk" / "site"
    home = BeautifulSoup((site / "en" / "index.html").read_text("utf-8"), "html.parser")
    assert home.select(".cited-claims li")
    assert (site / "static" / "style.css").is_file()  # the theme came with the package
    assert _run(factpress, "check", "--root", "desk", cwd=elsewhere).returncode == 0
