"""Write the rendered site: everything into a staging directory, then swap it in whole."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
import shutil
import tempfile

from factpress.model import RenderedFile


def write_site(files: Iterable[RenderedFile], out_dir: Path) -> None:
    """Replace `out_dir` by exactly `files`; if anything fails, `out_dir` is left as it was."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    # The staging directory sits beside the output so that the final renames stay on one
    # file system and are atomic; a crash leaves only a `.site-*` directory to clean up.
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    try:
        for file in files:
            target = staging / file.dest_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.content)
        staging.chmod(0o755)
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        staging.replace(out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
    old.rmdir()
    out_dir.replace(old)
    try:
        staging.replace(out_dir)
    except BaseException:
        old.replace(out_dir)  # put the last good site back before giving up
        raise
    shutil.rmtree(old, ignore_errors=True)
