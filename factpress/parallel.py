"""Turn content files into parsed pages with their bodies rendered, and render the site's
languages side by side: in worker processes when there is enough work to pay for them.

Markdown is most of the cost of a build, so each page is parsed and its body rendered in one
go, in a worker, and only the small results travel back: the tokens never leave the worker.
Pages whose file is unchanged since the last build come from the cache instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
import multiprocessing
import os
from pathlib import Path, PurePosixPath
import signal
import threading
from typing import NamedTuple, TypeVar

from babel.support import Translations

from factpress.content import read_page
from factpress.diagnostics import Diagnostic
from factpress.layout import CONTENT_DIR
from factpress.model import LANGS, Lang, Page
from factpress.parse import make_markdown, parse_page
from factpress.render import body_html, cite_label

# Measured on 2 cores: starting a worker and sending results back costs about as much as
# parsing ~40 pages, so smaller batches stay in this process.
PARALLEL_MIN_PAGES = 64
PARALLEL_MIN_OUTPUTS = 1000
T = TypeVar("T")


# The thread of the preview's rebuilds (serve.Rebuilds), which may fork workers.
REBUILDS_THREAD = "rebuilds"


def worker_count() -> int:
    """Two workers at most: the targets are for 2 cores, and more only adds memory.
    FACTPRESS_WORKERS=1 in the environment keeps everything in one process."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # the workers rely on inheriting the parent's state
    thread = threading.current_thread()
    if thread is not threading.main_thread() and thread.name != REBUILDS_THREAD:
        # The preview's index thread: a fork beside another thread may leave the child a lock
        # that thread held, and wait on it for ever. (The preview's rebuilds thread runs what
        # the main thread ran before, beside the same threads.)
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    wanted = os.environ.get("FACTPRESS_WORKERS", "")
    return max(1, min(int(wanted) if wanted.isdigit() else 2, cores))


@dataclass(frozen=True, slots=True)
class PageWork:
    """One content file, read, parsed and its body rendered; `page` is None if it could not be
    read. The page keeps no tokens: its body is rendered already."""

    key: str
    page: Page | None
    body: str
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class _Task:
    lang: Lang
    name: str
    src_path: str
    text: str
    key: str


def parse_pages(
    root: Path,
    keys: Mapping[str, str],
    translations: Mapping[Lang, Translations],
    cached: Mapping[str, PageWork],
    meanwhile: Callable[[], T],
) -> tuple[list[tuple[str, PageWork]], T]:
    """Every page of content/<lang>/ (the src_paths of `keys`) in build order (language, then
    path), each from `cached` when its key (file and catalog digest) is unchanged, else parsed
    now; and the result of `meanwhile`, which this process runs while the workers parse."""
    order: list[str] = []
    tasks: list[_Task] = []
    for lang in LANGS:
        prefix = f"{CONTENT_DIR}/{lang}/"
        # Ordered as the paths' parts (as sorted Path objects are): "a/x.md" before "a-b/x.md".
        ours = sorted((src for src in keys if src.startswith(prefix)), key=lambda s: s.split("/"))
        for src_path in ours:
            order.append(src_path)
            hit = cached.get(src_path)
            if hit is None or hit.key != keys[src_path]:
                name = src_path.removeprefix(prefix).removesuffix(".md")
                text = (root / src_path).read_text("utf-8")
                tasks.append(_Task(lang, name, src_path, text, keys[src_path]))
    results, other = _run(tasks, translations, meanwhile)
    done = {task.src_path: work for task, work in zip(tasks, results, strict=True)}
    return [(src_path, done.get(src_path) or cached[src_path]) for src_path in order], other


def _run(
    tasks: Sequence[_Task], translations: Mapping[Lang, Translations], meanwhile: Callable[[], T]
) -> tuple[list[PageWork], T]:
    workers = worker_count()
    if workers < 2 or len(tasks) < PARALLEL_MIN_PAGES:
        other = meanwhile()
        return [_parse(task, _worker_tools(translations)) for task in tasks], other
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_init_worker, initargs=(translations,)) as pool:
        chunks = max(1, len(tasks) // (8 * workers))
        pending = pool.map_async(_parse_in_worker, tasks, chunksize=chunks)
        other = meanwhile()
        return pending.get(), other


_Tools = tuple[object, Mapping[Lang, Callable[[int], str]]]
# Set once in each worker process by its initializer; the parent never reads or writes it.
_worker: list[_Tools] = []


def _init_worker(translations: Mapping[Lang, Translations]) -> None:
    _ignore_ctrl_c()
    _worker.append(_worker_tools(translations))


def _ignore_ctrl_c() -> None:
    # Ctrl-C reaches every process of the terminal's group: the build's own process stops the
    # workers and says so once, rather than each worker printing a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_tools(translations: Mapping[Lang, Translations]) -> _Tools:
    labels = {lang: cite_label(translations[lang]) for lang in translations}
    return make_markdown(), labels


def _parse_in_worker(task: _Task) -> PageWork:
    return _parse(task, _worker[0])


def _parse(task: _Task, tools: _Tools) -> PageWork:
    md, labels = tools
    diagnostics: list[Diagnostic] = []
    source = read_page(task.lang, task.name, PurePosixPath(task.src_path), task.text, diagnostics)
    if source is None:
        return PageWork(task.key, None, "", tuple(diagnostics))
    page, found = parse_page(source, md)  # type: ignore[arg-type]
    diagnostics.extend(found)
    label = labels.get(task.lang)
    body = body_html(page, md, label) if label is not None else ""  # type: ignore[arg-type]
    # The markdown is not kept either: the body says all of it that a page shows.
    kept = replace(page, source=replace(page.source, body=""), tokens=())
    return PageWork(task.key, kept, body, tuple(diagnostics))


class Rendered(NamedTuple):
    """What a part of the rendering did."""

    written: list[str]  # the dest_paths it wrote
    found: list[Diagnostic]  # the problems it found
    # The key of what the search reads of each indexed file it wrote (indexed_text.py),
    # worked out while the file's bytes were at hand rather than read back.
    read: dict[str, str]


# A part of the rendering, run in a worker of its own.
Part = Callable[[], Rendered]
# Holds the parts only while workers are being forked to inherit them.
_forked_parts: list[Sequence[Part]] = []


def _part_in_worker(index: int) -> Rendered:
    return _forked_parts[-1][index]()


def render_parts(parts: Sequence[Part], work: int) -> Rendered:
    """Run every part of the rendering (each writes its files itself and returns their
    dest_paths): the first here and each other in a forked worker, when there is enough
    `work` (counted in outputs to render) to pay for the workers; else all here, in order.
    Results come in `parts` order."""
    if worker_count() < 2 or work < PARALLEL_MIN_OUTPUTS or len(parts) < 2:
        results = [part() for part in parts]
    else:
        context = multiprocessing.get_context("fork")
        # The forked workers inherit the parts with the site and environments they close
        # over, so none of them is pickled: only the names of the files written come back.
        _forked_parts.append(parts)
        try:
            with context.Pool(len(parts) - 1, initializer=_ignore_ctrl_c) as pool:
                pending = [pool.apply_async(_part_in_worker, (i,)) for i in range(1, len(parts))]
                results = [parts[0](), *(other.get() for other in pending)]
        finally:
            _forked_parts.pop()
    return Rendered(
        [dest for result in results for dest in result.written],
        [problem for result in results for problem in result.found],
        {dest: key for result in results for dest, key in result.read.items()},
    )
