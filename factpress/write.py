"""Write the rendered site so that a failed build changes nothing: a full build goes into a
staging directory swapped in whole, an update stages each file beside its target."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
import os
from pathlib import Path
import shutil
import signal
import tempfile
import threading

from factpress.model import RenderedFile

try:
    import fcntl
except ImportError:  # Windows, where builds are not kept apart
    fcntl = None  # type: ignore[assignment]


def _swap(staging: Path, out_dir: Path) -> Path | None:
    """Put `staging` in place of `out_dir`; the last site, moved aside, for the caller to
    delete (None if there was none)."""
    if not out_dir.exists():
        staging.replace(out_dir)
        return None
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
    old.rmdir()
    out_dir.replace(old)
    try:
        staging.replace(out_dir)
    except BaseException:
        old.replace(out_dir)  # put the last good site back before giving up
        raise
    return old


class Staging:
    """Where a build puts its files until every one of them is ready.

    A full build writes into a fresh directory beside the output and swaps it in whole; an
    update writes each new file beside its target. Either way nothing under `out_dir` changes
    before `commit`, and `abort` takes everything back. Worker processes forked from the
    build may `put` files too: the object holds nothing but paths."""

    def __init__(self, out_dir: Path, *, update: bool) -> None:
        self.out_dir = out_dir.resolve()
        self.update = update
        self.committed = False  # every staged file is in place: there is nothing to take back
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        # A last site that an earlier build swapped out but was stopped before deleting.
        for stale in self.out_dir.parent.glob(f".{self.out_dir.name}-old-*"):
            shutil.rmtree(stale, ignore_errors=True)
        self.root = (
            self.out_dir
            if update
            else Path(
                tempfile.mkdtemp(prefix=f".{self.out_dir.name}-new-", dir=self.out_dir.parent)
            )
        )

    def _staged(self, dest: str) -> Path:
        target = self.root / dest
        return target.with_name(f".{target.name}.new") if self.update else target

    def put(self, file: RenderedFile) -> None:
        path = self._staged(str(file.dest_path))
        try:
            path.write_bytes(file.content)
        except FileNotFoundError:  # its folder is new: one system call less for the others
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(file.content)

    def commit(self, written: Iterable[str], remove: Iterable[str] = ()) -> None:
        """Make the staged files the site; in an update, also delete the outputs in `remove`
        (renames are atomic per file, so a reader never sees half a page)."""
        remove = list(remove)
        if not self.update:
            self.root.chmod(0o755)
            try:
                old = _swap(self.root, self.out_dir)
            except BaseException:
                shutil.rmtree(self.root, ignore_errors=True)
                raise
            self.committed = True  # deleting the last site may take a while: a Ctrl-C then
            if old is not None:  # leaves it beside, for the next build to clear
                shutil.rmtree(old, ignore_errors=True)
            return
        with uninterrupted():
            # What each rename replaced is kept until all are made: one that fails part-way
            # (a full disk, a file another program holds) puts back those already made.
            done: list[tuple[Path, Path | None]] = []  # (output, what it was before)
            try:
                for dest in written:
                    target = self.out_dir / dest
                    kept = _keep(target, move=False)
                    try:
                        self._staged(dest).replace(target)
                    except BaseException:
                        if kept is not None:
                            kept.unlink()  # a link to the output, which is still as it was
                        raise
                    done.append((target, kept))
                for dest in remove:
                    target = self.out_dir / dest
                    kept = _keep(target, move=True)
                    if kept is not None:
                        done.append((target, kept))
            except BaseException:
                put_back(done, self.out_dir)
                raise
            removed = {self.out_dir / dest for dest in remove}
            for target, kept in done:
                if kept is not None:
                    kept.unlink()
                if target in removed:
                    _remove_empty_parents(target, self.out_dir)
            self.committed = True  # a Ctrl-C held until now comes after this

    def abort(self, written: Iterable[str]) -> None:
        """Take back every staged file: the output stays as it was."""
        if not self.update:
            shutil.rmtree(self.root, ignore_errors=True)
            return
        for dest in written:
            staged = self._staged(dest)
            staged.unlink(missing_ok=True)
            _remove_empty_parents(staged, self.out_dir)
        # A worker that failed part-way did not say what it had written: sweep its files too.
        for stray in self.out_dir.rglob(".*.new"):
            stray.unlink(missing_ok=True)
            _remove_empty_parents(stray, self.out_dir)


def put_back(done: Iterable[tuple[Path, Path | None]], out_dir: Path) -> None:
    """Undo renames into `out_dir`, the last first: each (place, kept) gets back what it held,
    kept aside, or loses what was added there (None), and no folder is left empty. What cannot
    be put back is left: the build fails, and the next one, a full one, mends it."""
    for place, kept in reversed(list(done)):
        try:
            if kept is not None:
                kept.replace(place)
            elif place.is_dir():
                shutil.rmtree(place)
            else:
                place.unlink()
                _remove_empty_parents(place, out_dir)
        except OSError:
            continue


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Ctrl-C (or a polite kill) waits until the block is done, and comes right after: for
    renames that must all be made, or none (an update's files, reanchor's three)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers, and signals are handled there
        return
    caught: list[int] = []
    held = {number: signal.signal(number, lambda n, _: caught.append(n)) for number in _HELD}
    try:
        yield
    finally:
        for number, handler in held.items():
            signal.signal(number, handler)
        for pending in caught:
            signal.raise_signal(pending)  # as it would have been: KeyboardInterrupt, or exit


_HELD = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def one_writer(out_dir: Path, waiting: Callable[[], None]) -> Iterator[None]:
    """Be the only writer of `out_dir` and of the folder it is in (where builds stage their
    files and sweep away what a stopped one left) for the block: if another process holds
    that folder, call `waiting` and wait for it. The lock is the kernel's (flock) on the
    folder itself, so no file is made for it and none can be deleted under it; it is let go
    once the writer and the workers it forked have exited, and Ctrl-C stops the wait."""
    if fcntl is None:
        yield
        return
    # Made now if it is not there yet (`--out new/site`), so that every build of it locks the
    # same folder; the build would make it anyway.
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    held = os.open(out_dir.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(held, fcntl.LOCK_EX)
        yield
    finally:
        os.close(held)  # which lets the next writer in


def _keep(path: Path, *, move: bool) -> Path | None:
    """A copy of the output at `path` beside it (the file itself moved there with `move`), to
    put back if the update fails; None if there is no such output."""
    kept = path.with_name(f".{path.name}.old")
    kept.unlink(missing_ok=True)  # left by a build that was killed part-way
    try:
        if move:
            path.replace(kept)
        else:
            _link_or_copy(path, kept)
    except FileNotFoundError:
        return None
    return kept


def _link_or_copy(path: Path, copy: Path) -> None:
    """A hard link costs nothing whatever the file's size; a copy where there are none."""
    try:
        os.link(path, copy)
    except FileNotFoundError:
        raise
    except OSError:  # a file system without hard links
        shutil.copy2(path, copy)


def _remove_empty_parents(path: Path, out_dir: Path) -> None:
    """Leave no empty folder behind, as a clean build would not have it."""
    for folder in path.parents:
        if folder == out_dir or not folder.is_relative_to(out_dir):
            break
        try:
            if any(folder.iterdir()):
                break
            folder.rmdir()
        except FileNotFoundError:  # gone already: a rollback removed it with its last file
            continue
