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


def update_site(files: Iterable[RenderedFile], out_dir: Path, remove: Iterable[str]) -> None:
    """Bring an existing `out_dir` up to date: write `files`, delete the outputs in `remove`.

    Every new file is first written in full beside its target, so a failure while writing
    leaves the site as it was; only then is each renamed over its target (atomic per file, so
    a reader never sees half a page) and the outputs whose page is gone are deleted."""
    staged: list[tuple[Path, Path]] = []
    try:
        for file in files:
            target = out_dir / file.dest_path
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.new")
            temporary.write_bytes(file.content)
            staged.append((temporary, target))
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        temporary.replace(target)
    for dest in remove:
        path = out_dir / dest
        path.unlink(missing_ok=True)
        # Leave no empty folder behind, as a clean build would not have it.
        for folder in path.parents:
            if folder == out_dir or not folder.is_relative_to(out_dir) or any(folder.iterdir()):
                break
            folder.rmdir()
