"""The build, stage by stage, as `build()` reads: read the inputs, verify the claims and
parse the pages, check the site, and only then render and write.

What an incremental build may skip is decided in one place, incremental.py: the stages ask
its `Baseline` (what the last build left) and `Plan` (which outputs to render), and none of
them reads the cache itself.

Imports run one way: diagnostics, model and layout are leaves; each stage imports only them
and the module that makes its input; this module imports the stages; cli imports this module.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import wraps
import gc
from itertools import chain
from pathlib import Path, PurePosixPath
import time
from typing import Concatenate, ParamSpec, TypeVar

import jinja2

from factpress import search
from factpress.cache import Warm, drop_cache
from factpress.checks import SiteToCheck, check_outputs, check_site
from factpress.config import load_config
from factpress.content import stray_pages
from factpress.diagnostics import BuildError, Diagnostic, Location, error, sort_diagnostics
from factpress.evidence import Facts, load_evidence
from factpress.i18n import load_translations
from factpress.incremental import Baseline, Plan, read_baseline
from factpress.indexed_text import document_key
from factpress.layout import CACHE_DIR, CONTENT_DIR, INPUT_FILES, INPUT_FOLDERS, OUTPUT_DIR
from factpress.model import LANGS, Lang, Page, RenderedFile, Site
from factpress.outputs import (
    CLAIM_EXPORTS,
    SITE_WIDE_PARTS,
    Names,
    SiteWideFamily,
    generated_urls,
)
from factpress.parallel import Part, Rendered, parse_pages, render_parts
from factpress.parse import make_markdown
from factpress.render import make_environments, render_site, static_files
from factpress.review import check_draft_dates, check_reviews
from factpress.write import Staging, one_writer

P = ParamSpec("P")
R = TypeVar("R")


def _cycle_collector_paused(function: Callable[P, R]) -> Callable[P, R]:
    """A build makes millions of objects and almost no reference cycles: the cycle collector's
    passes over them cost a third of loading the cache at newsroom scale, and more the larger
    the site. It is paused while `function` runs, and its usual schedule resumes after."""

    @wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


# What `progress` hears while a build waits for another (write.one_writer).
WAITING = "waiting for another build to finish"


def _one_at_a_time(
    function: Callable[Concatenate[Path, P], R],
) -> Callable[Concatenate[Path, P], R]:
    """A build that writes waits until no other is writing beside its output: two at once
    (the preview's rebuild and a build in a terminal, or two projects given one --out) would
    each rewrite the folder under the other, and sweep away what the other is staging."""

    @wraps(function)
    def one_at_a_time(root: Path, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if kwargs.get("write", True) is False or not (root / CONTENT_DIR).is_dir():
            # `check` writes nothing; a folder that is no project is left as it is (the build
            # says what it lacks)
            return function(root, *args, **kwargs)
        out_dir, progress = kwargs.get("out_dir"), kwargs.get("progress")

        def waiting() -> None:
            if callable(progress):
                progress(WAITING)

        with one_writer(_output(root, out_dir if isinstance(out_dir, Path) else None), waiting):
            return function(root, *args, **kwargs)

    return one_at_a_time


def _output(root: Path, out_dir: Path | None) -> Path:
    return (out_dir or root / OUTPUT_DIR).resolve()


class StoppedAfterWriting(KeyboardInterrupt):
    """Ctrl-C once site/ held the new pages: its search index is the last build's (whole),
    or none after a full build, and with no cache the next build brings it up to date."""


@dataclass(frozen=True, slots=True)
class BuildReport:
    pages: int
    claims: int
    sources: int
    files: int
    seconds: float
    warnings: tuple[Diagnostic, ...]
    rendered: int = 0  # output files this build rendered; the others were unchanged
    stages: tuple[tuple[str, float], ...] = ()  # seconds per stage, for `-v`
    index_pending: bool = False  # the search index was left for a later build
    # The cache as this build saved it, for the next build in the same process.
    warm: Warm | None = field(default=None, repr=False, compare=False)


@_one_at_a_time
@_cycle_collector_paused
def build(
    root: Path,
    *,
    out_dir: Path | None = None,
    strict: bool = False,
    write: bool = True,
    progress: Callable[[str], None] | None = None,
    today: date | None = None,
    warm: Warm | None = None,
    index_search: bool = True,
    on_written: Callable[[], None] | None = None,
    stay_warm: bool = False,
) -> BuildReport:
    """Build the project at `root`; raise BuildError (and write nothing) if any check fails.

    The cache of the last build lets this one skip whatever did not change; the result is the
    same, byte for byte, as a build without it. `progress` hears the name of each stage.
    `today` decides which reviews are due (so pages built on another day may differ). `warm`
    is the report's `warm` of the last build in this process: it saves reading the cache back,
    if nothing else has written it since. Without `index_search`, the search index is left as
    it was, for the next build to bring up to date (the preview's, after the page reloads).
    `on_written` is called once site/ holds the new files, before the index and the cache are
    written: the preview reloads its page then. With `stay_warm` (the preview, which builds
    again in this process), a build with nothing to do still reads the cache into memory, so
    that the writer's first save need not."""
    clock = _Clock(progress)
    out_dir = _output(root, out_dir)
    _require_content(root)
    require_safe_output(root, out_dir)  # `check` too: it says whether the build would pass
    today = today or date.today()

    # Read the inputs, and what the last build left: when nothing changed, that is all; when
    # only the search index was left for later (the preview's save), the index is all.
    last = read_baseline(root, out_dir, strict, today, warm)
    if last.unchanged:
        assert last.previous is not None
        summary: BuildReport = last.previous.summary
        kept = last.in_memory() if stay_warm else last.warm
        return replace(summary, seconds=clock.total(), rendered=0, stages=(), warm=kept)
    if write and index_search and last.only_the_index_behind:
        return _bring_the_index_up_to_date(last, out_dir, clock)

    # Verify the claims (in this process) while the pages parse (in workers).
    clock.stage("parse pages, verify claims")
    config, problems = load_config(root)
    translations, found = load_translations(root, check_templates=not last.interface_checked)
    problems += found
    cached_pages = last.cached_pages()
    works, facts = parse_pages(
        root,
        last.page_keys,
        translations,
        cached_pages.pages,
        meanwhile=lambda: load_evidence(
            root, last.previous, last.facts_key, last.source_keys, last.warm
        ),
    )
    pages = [work.page for _, work in works if work.page is not None]
    unreadable = {src for src, work in works if work.page is None}
    problems += facts.diagnostics
    problems += (d for _, work in works for d in work.diagnostics)
    problems += stray_pages(root, last.inputs)

    # Check the site as a whole: nothing is written unless every check passes.
    static = static_files(root)
    structure = last.structure_of(pages, config, today)
    linking = last.pages_to_link_check(works, cached_pages, structure)
    problems += check_reviews(
        facts.claims, facts.archived, today, config.review_max_age_days, gate=strict
    )
    problems += check_draft_dates(facts.broken or {}, today)
    problems += _check_site(pages, unreadable, facts, static, linking)
    _stop_if_blocking(problems, strict)

    # Render what changed, into a staging area beside the output.
    clock.stage("render")
    site = Site(config, tuple(pages), facts.claims, facts.sources, facts.anchors, today)
    plan = last.plan(site, facts.claim_keys, structure, write)
    if write:
        search.require_pagefind()  # before anything is written
    staging = Staging(out_dir, update=plan.update) if write else None
    written: list[str] = []
    try:
        bodies = {src: work.body for src, work in works if work.page is not None}
        compiled = last.compiled_templates() if write else None  # `check` writes nothing
        environments = make_environments(root, translations, compiled)
        written, found, read = _render(site, environments, root, bodies, plan, static, staging)
        plan = plan.rendered()
        if last.may_clash(plan, written):
            found += check_outputs([PurePosixPath(d) for d in (*written, *plan.skip)], OUTPUT_DIR)
        _stop_if_blocking(found, strict)
        summary = BuildReport(
            pages=len(pages),
            claims=len(facts.claims),
            sources=len(facts.sources),
            files=len(written) + len(plan.skip),
            seconds=0.0,
            warnings=sort_diagnostics(problems),
        )
        # Write: the staged files replace the old ones all together.
        if staging is not None:
            clock.stage("write")
            drop_cache(root)  # from here on, site/ may no longer be what the cache describes
            staging.commit(written, remove=last.strays(plan, written))
    except BaseException as failure:
        if staging is not None and staging.committed and isinstance(failure, KeyboardInterrupt):
            # A Ctrl-C held while the files went into place, which all did.
            raise StoppedAfterWriting from failure
        # A failed check, a template error, Ctrl-C: whatever was staged goes (a worker's files
        # too, which it could not name), and site/ is as it was.
        if staging is not None:
            staging.abort(written)
        raise

    if staging is None:
        return replace(summary, seconds=clock.total(), stages=clock.finish())
    if on_written is not None:
        on_written()

    try:
        # Index the written site for the readers' search, where its indexed text changed.
        index = last.search_update(plan, written, read, now=index_search)
        if index.stale or index.gone or index.manifests:
            clock.stage("search index")
        indexed = search.write_index(out_dir, index)

        # Remember what this build read and wrote, for the next one.
        saved, files = last.remember(
            plan, written, index, indexed, summary, works, facts, cached_pages
        )
    except KeyboardInterrupt as stop:
        raise StoppedAfterWriting from stop
    return replace(
        summary,
        files=files,
        seconds=clock.total(),
        rendered=len(written),
        stages=clock.finish(),
        warm=saved,
        index_pending=index.deferred,
    )


def _bring_the_index_up_to_date(last: Baseline, out_dir: Path, clock: _Clock) -> BuildReport:
    """The build after the preview's save, which left the search index for later: nothing
    changed since, so the site and its cache are as that build left them, and only the index
    is written (then the cache, which says it is current)."""
    assert last.previous is not None and last.warm is not None
    clock.stage("search index")
    search.require_pagefind()
    plan = last.as_left()
    index = last.search_update(plan, [], {}, now=True)
    indexed = search.write_index(out_dir, index)
    work = last.warm.work
    summary: BuildReport = last.previous.summary
    saved, files = last.remember(
        plan, [], index, indexed, summary, list(work.pages.items()), work.facts,
        last.cached_pages(),
    )  # fmt: skip
    return replace(
        summary,
        files=files,
        seconds=clock.total(),
        rendered=0,
        stages=clock.finish(),
        warm=saved,
    )


def _check_site(
    pages: Sequence[Page],
    unreadable: Collection[str],
    facts: Facts,
    static: Sequence[RenderedFile],
    linking: Collection[str],
) -> list[Diagnostic]:
    """The checks across pages (checks.CHECKS), of the site as parsed."""
    generated = generated_urls(Names.of(facts.claims, facts.sources))
    urls = {*generated, *(p.url for p in pages), *(f"/{f.dest_path}" for f in static)}
    return check_site(
        SiteToCheck(
            pages, unreadable, facts.claims, facts.broken, urls, generated, linking, facts.sources
        )
    )


def _render(
    site: Site,
    environments: Mapping[Lang, jinja2.Environment],
    root: Path,
    bodies: Mapping[str, str],
    plan: Plan,
    static: Sequence[RenderedFile],
    staging: Staging | None,
) -> Rendered:
    """Render every output the plan does not skip into `staging` (over both cores when it
    pays), and copy the static files; return the dest_paths written, the template problems
    and what the search reads of each indexed file written."""
    skip, views = plan.skip, plan.views
    md = make_markdown()

    def render_part(langs: tuple[Lang, ...], with_root: bool) -> Rendered:
        written: list[str] = []
        read: dict[str, str] = {}

        def put(file: RenderedFile) -> None:
            dest = str(file.dest_path)
            if staging is not None:
                staging.put(file)
                if search.is_indexed(dest):
                    read[dest] = document_key(file.content)
            written.append(dest)

        found = render_site(
            site,
            md,
            environments,
            root,
            bodies=bodies,
            skip=skip,
            langs=langs,
            with_root=with_root,
            views=views,
            sink=put,
        )
        return Rendered(written, found, read)

    def put_all(files: Iterable[RenderedFile]) -> Rendered:
        written: list[str] = []
        for file in files:
            if str(file.dest_path) not in skip:
                if staging is not None:
                    staging.put(file)
                written.append(str(file.dest_path))
        return Rendered(written, [], {})  # none of them is indexed

    def site_wide_part(families: Sequence[SiteWideFamily], with_static: bool) -> Part:
        def make() -> Rendered:
            made = chain.from_iterable(family.make(site, root, skip) for family in families)
            return put_all(chain(static, made) if with_static else made)

        return make

    last = len(SITE_WIDE_PARTS) - 1
    parts = [
        lambda: render_part(LANGS[:1], True),
        lambda: render_part(LANGS[1:], False),
        # The files made in code from the whole site, while the languages render.
        *(site_wide_part(part, n == last) for n, part in enumerate(SITE_WIDE_PARTS)),
    ]
    # Exporting a claim costs about a third of rendering a page: after a claim edit, the
    # exports are worth a worker even when a dozen pages render.
    work = plan.to_render + (len(site.claims) // 3 if CLAIM_EXPORTS.stale(skip) else 0)
    return render_parts(parts, work=work)


def require_safe_output(root: Path, out_dir: Path) -> None:
    """A build replaces its output folder whole: refuse one that holds, or is held by, the
    project's own files, and one that holds files no build made (a mistyped --out, or a
    site/ of the writer's own files)."""
    root = root.resolve()
    where = Location(PurePosixPath(out_dir.as_posix()))
    own = [root / name for name in (*INPUT_FOLDERS, *INPUT_FILES, CACHE_DIR)]
    if _within(root, out_dir) or any(_within(out_dir, path) for path in own):
        raise BuildError(
            [
                error(
                    where,
                    "output-in-project",
                    f"the output folder {out_dir} would replace the project's own files",
                    "pass --out with a folder outside content/, sources/, templates/, locale/, "
                    f"static/ and {CACHE_DIR}/ that does not hold the project, or leave it out "
                    f"({OUTPUT_DIR}/)",
                )
            ]
        )
    if not out_dir.exists():
        return
    # Every build writes its exports at the top of its output and the reviewer table in each
    # language: without one of the two exports, or without either table, this is not one.
    # (One of each will do: a writer may delete a file of site/ to have it made again.)
    shown = (p for p in out_dir.iterdir() if not p.name.startswith(".")) if out_dir.is_dir() else ()
    made = any((out_dir / name).is_file() for name in _BUILT_MARKS) and any(
        (out_dir / lang / "claims").is_dir() for lang in LANGS
    )
    if out_dir.is_dir() and (made or not any(shown)):
        return
    raise BuildError(
        [
            error(
                where,
                "output-not-a-site",
                f"{out_dir} is a file, or a folder of files that no build made; a build "
                "would replace it whole",
                "pass --out with a new or empty folder, or with one a build made (or move "
                "these files away)",
            )
        ]
    )


# Two exports every build writes (claims.csv, say, may well be a writer's own spreadsheet;
# so may claims.json, hence the tables' folders too).
_BUILT_MARKS = ("claims.json", "annotations.jsonld")


def _within(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or lies inside it, as the file system sees it: through links,
    and regardless of letter case where the file system ignores it."""
    if not folder.exists():
        return path.is_relative_to(folder)
    return any(
        candidate.exists() and candidate.samefile(folder) for candidate in (path, *path.parents)
    )


def _require_content(root: Path) -> None:
    if not (root / CONTENT_DIR).is_dir():
        raise BuildError(
            [
                error(
                    Location(PurePosixPath(CONTENT_DIR)),
                    "content-missing",
                    f"there is no {CONTENT_DIR}/ directory in {root}",
                    "run the command in the project's folder, or pass --root",
                )
            ]
        )


class _Clock:
    """Times the stages of a build and tells `progress` when each starts."""

    def __init__(self, progress: Callable[[str], None] | None) -> None:
        self.progress = progress
        self.started = self.last = time.perf_counter()
        self.name = "fingerprint inputs"
        self.stages: list[tuple[str, float]] = []

    def stage(self, name: str) -> None:
        now = time.perf_counter()
        self.stages.append((self.name, now - self.last))
        self.name, self.last = name, now
        if self.progress is not None:
            self.progress(name)

    def total(self) -> float:
        return time.perf_counter() - self.started

    def finish(self) -> tuple[tuple[str, float], ...]:
        self.stage("done")
        return tuple(self.stages)


def _stop_if_blocking(problems: Sequence[Diagnostic], strict: bool) -> None:
    if any(p.is_error or strict for p in problems):
        raise BuildError(problems)
