"""`factpress init DIR`: a new project that builds at once, as `hugo new site` and `mkdocs new`
make one. The files are those of factpress/new_site/, with today's date and the example
source's sha256 filled in, so that the example's reviews are current and its hash correct."""

from __future__ import annotations

from datetime import date
import hashlib
from pathlib import Path, PurePosixPath
import shutil
import stat
import tempfile

from factpress.diagnostics import BuildError, Location, error
from factpress.layout import walk

NEW_SITE = Path(__file__).resolve().parent / "new_site"
# Package data leaves out names that begin with a dot: these are renamed when written.
_DOTTED = {"gitignore": ".gitignore"}
_EXAMPLE_SOURCE = "sources/thong-cao-mau.txt"


def init_project(target: Path, today: date) -> list[str]:
    """Write a new project into `target`, which must not exist or be empty; return the paths
    written, relative to it. Nothing is written unless everything is."""
    where = Location(PurePosixPath(target.as_posix()))
    if target.exists() and not (target.is_dir() and not any(target.iterdir())):
        what = "a file" if not target.is_dir() else "a folder that is not empty"
        raise BuildError(
            [
                error(
                    where,
                    "init-not-empty",
                    f"{target} is {what}: a new project is only made in a new or empty folder",
                    "give the name of a folder that does not exist yet",
                )
            ]
        )
    _refuse_a_file_above(target)
    files = sorted(walk(NEW_SITE))
    sha256 = hashlib.sha256((NEW_SITE / _EXAMPLE_SOURCE).read_bytes()).hexdigest()
    fill = {"@TODAY@": today.isoformat(), "@SHA256@": sha256}
    # Made aside and renamed into place, so that a failure leaves nothing behind: beside a new
    # folder, or inside an empty one (perhaps the one the writer is in, `init .`), which is
    # filled in place and keeps its owner and permissions.
    existing = target.is_dir()
    if not existing:
        target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(
        tempfile.mkdtemp(prefix=".factpress-init-", dir=target if existing else target.parent)
    )
    # mkdtemp's folder is private; a project folder is not. The group bit it took from a
    # shared folder stays, so that what is made in it keeps the folder's group.
    staging.chmod(0o755 | (staging.stat().st_mode & stat.S_ISGID))
    written = []
    try:
        for rel, entry in files:
            data = Path(entry.path).read_bytes()
            if rel.endswith((".yaml", ".md")):
                text = data.decode("utf-8")
                for placeholder, value in fill.items():
                    text = text.replace(placeholder, value)
                data = text.encode("utf-8")
            name = _DOTTED.get(rel, rel)
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(name)
        if existing:
            _move_into(staging, target)
        else:
            staging.replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already, unless something failed
    return sorted(written)


def _refuse_a_file_above(target: Path) -> None:
    """A new folder cannot be made under a file (`init notes.txt/desk`): said before anything
    is made, as a file given for the project itself is, rather than as the system's bare
    "File exists" from the middle of the work."""
    above = next((folder for folder in target.parents if folder.exists()), None)
    if above is not None and not above.is_dir():
        raise BuildError(
            [
                error(
                    Location(PurePosixPath(above.as_posix())),
                    "init-not-empty",
                    f"{above} is a file: a new project's folder cannot be made inside it",
                    "give the name of a folder that does not exist yet, outside that file",
                )
            ]
        )


def _move_into(staging: Path, target: Path) -> None:
    """Move what `staging` holds into `target`; if one move fails, take back those made."""
    moved: list[Path] = []
    try:
        for entry in sorted(staging.iterdir()):
            entry.replace(target / entry.name)
            moved.append(target / entry.name)
    except BaseException:
        for path in moved:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        raise
