"""The build, stage by stage: load, verify, parse, check, and only then render and write.

Imports run one way: diagnostics and model are leaves; each stage imports only them and the
module that makes its input; this module imports the stages; cli imports this module.
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
from typing import ParamSpec, TypeVar

import jinja2

from factpress import search
from factpress.cache import (
    BuildIndex,
    BuildWork,
    OutputRecord,
    Warm,
    code_digest,
    digest,
    digest_of,
    drop_cache,
    input_digests,
    load_cache,
    load_pages,
    page_buckets,
    record_outputs,
    save_cache,
    scan_files,
)
from factpress.checks import (
    check_claim_uses,
    check_home,
    check_links,
    check_outputs,
    check_parity,
    check_slugs,
)
from factpress.config import load_config
from factpress.depends import output_keys, page_output_key, template_keys
from factpress.diagnostics import BuildError, Diagnostic, Location, error, sort_diagnostics
from factpress.evidence import load_evidence
from factpress.exports import annotation_file, claim_files, raw_source_file
from factpress.i18n import catalog_path, load_translations
from factpress.layout import (
    CACHE_DIR,
    CONTENT_DIR,
    FACTS_FILE,
    INPUT_FILES,
    INPUT_FOLDERS,
    LOCALE_DIR,
    OUTPUT_DIR,
    SOURCES_DIR,
    STATIC_DIR,
    TEMPLATES_DIR,
)
from factpress.model import LANGS, Lang, Page, RenderedFile, Site
from factpress.parallel import parse_pages, render_parts
from factpress.parse import make_markdown
from factpress.render import NAV_LIMIT, make_environments, render_site, static_files
from factpress.review import check_reviews
from factpress.sitemap import root_files
from factpress.sources import text_path
from factpress.urls import EXPORT_URLS, ROOT_URLS, dest_name, generated_urls, raw_source_url
from factpress.views import ClaimView, claim_views
from factpress.write import Staging

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
    # The cache as this build saved it, for the next build in the same process.
    warm: Warm | None = field(default=None, repr=False, compare=False)


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
) -> BuildReport:
    """Build the project at `root`; raise BuildError (and write nothing) if any check fails.

    The cache of the last build lets this one skip whatever did not change; the result is the
    same, byte for byte, as a build without it. `progress` hears the name of each stage.
    `today` decides which reviews are due (so pages built on another day may differ). `warm`
    is the report's `warm` of the last build in this process: it saves reading the cache back,
    if nothing else has written it since."""
    clock = _Clock(progress)
    out_dir = (out_dir or root / OUTPUT_DIR).resolve()
    _require_content(root)
    if write:
        _require_safe_output(root, out_dir)
    today = today or date.today()
    code = code_digest()
    warm = warm if warm is not None and warm.current(root) else None
    previous = load_cache(root, code, out_dir, warm)
    read = input_digests(root, previous.input_stats if previous else None)
    not_read = read.problems()
    if not_read:  # every later stage would stumble on them: say so now, all of them
        raise BuildError(not_read)
    inputs, input_stats = read.digests, read.stats
    fingerprint = digest(code, strict, today, sorted(inputs.items()))
    on_disk = scan_files(out_dir) if previous is not None else {}
    if previous is not None and previous.inputs == fingerprint and previous.intact(on_disk):
        last: BuildReport = previous.summary
        return replace(last, seconds=clock.total(), rendered=0, stages=(), warm=warm)
    problems: list[Diagnostic] = []

    clock.stage("parse pages, verify claims")
    config, found = load_config(root)
    problems += found
    # Scanning every template for its strings is a tenth of a one-page edit: a cache is only
    # written by a build without errors, so the same templates and catalogs passed the check.
    interface_key = digest_of(inputs, (TEMPLATES_DIR + "/", LOCALE_DIR + "/"))
    checked = previous is not None and previous.interface_key == interface_key
    translations, found = load_translations(root, check_templates=not checked)
    problems += found
    facts_key = digest_of(inputs, (FACTS_FILE.as_posix(), SOURCES_DIR + "/"))
    source_keys = _source_keys(inputs)
    page_keys = _page_keys(inputs)
    cached_pages = load_pages(root, previous, warm)
    works, facts = parse_pages(
        root,
        page_keys,
        translations,
        cached_pages.pages,
        meanwhile=lambda: load_evidence(root, previous, facts_key, source_keys, warm),
    )
    problems += facts.diagnostics
    problems += check_reviews(
        facts.claims, facts.archived, today, config.review_max_age_days, gate=strict
    )
    pages = [work.page for _, work in works if work.page is not None]
    unreadable = {_page_name(src) for src, work in works if work.page is None}
    for _, work in works:
        problems += work.diagnostics
    problems += check_claim_uses(pages, facts.claims, facts.broken)
    known = None if facts.broken is None else {*facts.claims, *facts.broken}
    problems += check_parity(pages, unreadable, known)
    generated = generated_urls(facts.claims, facts.sources)
    static = static_files(root)
    problems += check_slugs(pages, generated)
    problems += check_home(pages, unreadable)
    static_urls = (f"/{f.dest_path}" for f in static)
    problems += check_links(pages, {*generated, *(p.url for p in pages), *static_urls})
    _stop_if_blocking(problems, strict)

    clock.stage("render")
    site = Site(config, tuple(pages), facts.claims, facts.sources, facts.anchors, today)
    engine = digest(code, config, today)
    reusable = previous.reusable(on_disk) if previous is not None and write else {}
    structure = _structure(engine, inputs, pages)
    reused = _reuse_keys(previous, structure, pages, page_keys, reusable)
    if reused is not None:
        keys, contexts = reused
        skip = {dest for dest, key in keys.items() if reusable.get(dest) == key}
        cited = {c for p in pages if _dest(p.url) not in skip for c in p.cited_ids}
        views = {lang: claim_views(site, lang, only=cited) for lang in LANGS}
    else:
        views = {lang: claim_views(site, lang) for lang in LANGS}
        keys, contexts = _output_keys(root, site, engine, inputs, page_keys, views)
        skip = {dest for dest, key in keys.items() if reusable.get(dest) == key}
    skip = _search_keys(keys, skip, reusable)
    if write:
        search.require_pagefind()
    update = bool(skip) and previous is not None
    staging = Staging(out_dir, update=update) if write else None
    written: list[str] = []
    try:
        bodies = {src: work.body for src, work in works if work.page is not None}
        environments = make_environments(root, translations)
        to_render = len(keys) - len(skip)
        written, found = _render(
            site, environments, root, bodies, views, static, skip, to_render, staging
        )
        written_once = len(set(written)) == len(written)
        made_before = set(previous.outputs if previous else ())
        if not update or not written_once or not set(written) <= made_before:
            # Only a new output, or one written twice, can clash with another: an update
            # that makes neither skips the check.
            found += check_outputs([PurePosixPath(d) for d in (*written, *skip)], OUTPUT_DIR)
        _stop_if_blocking(found, strict)
        summary = BuildReport(
            pages=len(pages),
            claims=len(facts.claims),
            sources=len(facts.sources),
            files=len(written) + len(skip),
            seconds=0.0,
            warnings=sort_diagnostics(problems),
        )
        warm = None  # from here on, what it holds is being replaced
        if staging is not None:
            clock.stage("write")
            drop_cache(root)  # from here on, site/ may no longer be what the cache describes
            kept = skip | set(written)
            # Whatever else is on disk goes too: outputs whose page is gone, and stray files.
            gone = [d for d in on_disk if d not in kept] if update else []
            staging.commit(written, remove=gone)
    except BaseException:
        # A failed check, a template error, Ctrl-C: whatever was staged goes (a worker's files
        # too, which it could not name), and site/ is as it was.
        if staging is not None:
            staging.abort(written)
        raise
    if staging is not None:
        records = {d: previous.outputs[d] for d in skip} if previous and update else {}
        records.update(record_outputs(out_dir, keys, written))
        records = _write_search_index(out_dir, keys, skip, records, clock)
        summary = replace(summary, files=len(records))  # the index's files included
        parsed = dict(works)
        warm = save_cache(
            root,
            BuildIndex(
                code,
                str(out_dir),
                fingerprint,
                summary,
                records,
                facts_key,
                page_buckets(code, parsed),
                structure,
                contexts,
                interface_key,
                input_stats,
            ),
            BuildWork(facts_key, facts, parsed),
            previous,
            cached_pages,
        )
    return replace(
        summary, seconds=clock.total(), rendered=len(written), stages=clock.finish(), warm=warm
    )


def _page_keys(inputs: Mapping[str, str]) -> dict[str, str]:
    """src_path -> digest of a page's file and of its language's catalog (the citation
    markers in its body are labelled from the catalog)."""
    catalogs = {lang: inputs.get(catalog_path(lang).as_posix(), "") for lang in LANGS}
    return {
        src: digest(key, catalogs[lang])
        for lang in LANGS
        for src, key in inputs.items()
        if src.startswith(f"{CONTENT_DIR}/{lang}/") and src.endswith(".md")
    }


def _source_keys(inputs: Mapping[str, str]) -> dict[str, str]:
    """Source id -> digest of its archived text and its metadata (sources/<id>.txt, .yaml)."""
    prefix = SOURCES_DIR + "/"
    ids = {
        PurePosixPath(path).stem
        for path in inputs
        if path.startswith(prefix) and "/" not in path[len(prefix) :]
    }
    return {i: digest(inputs.get(f"{prefix}{i}.txt"), inputs.get(f"{prefix}{i}.yaml")) for i in ids}


def _output_keys(
    root: Path,
    site: Site,
    engine: str,
    inputs: Mapping[str, str],
    page_keys: Mapping[str, str],
    views: Mapping[Lang, dict[str, ClaimView]],
) -> tuple[dict[str, str], dict[str, str]]:
    """dest_path -> digest of everything the output is made from (see depends.py), and the
    contexts of the explainers' keys."""
    shared = digest(engine, digest_of(inputs, [LOCALE_DIR + "/"]))
    prefix = TEMPLATES_DIR + "/"
    templates = template_keys(
        root,
        {src.removeprefix(prefix): key for src, key in inputs.items() if src.startswith(prefix)},
    )
    keys, contexts = output_keys(site, shared, templates, page_keys, NAV_LIMIT, views)
    keys.update((src, key) for src, key in inputs.items() if src.startswith(STATIC_DIR + "/"))
    # The exports and the sitemap are made from the claims and sources, and of the pages only
    # from their addresses, titles and citations (not their prose, nor templates).
    content = digest(
        shared,
        digest_of(inputs, (FACTS_FILE.as_posix(), SOURCES_DIR + "/", STATIC_DIR + "/")),
        [(p.lang, p.name, p.url, p.source.front.title, p.cited_ids) for p in site.pages],
    )
    keys.update((dest, content) for dest in _site_wide(site))
    # A raw source is its archived bytes, whatever the claims say.
    for source_id in site.sources:
        text = inputs.get(text_path(source_id).as_posix())
        keys[_dest(raw_source_url(source_id))] = digest(shared, "raw source", text)
    return keys, contexts


def _structure(engine: str, inputs: Mapping[str, str], pages: Sequence[Page]) -> str:
    """Everything the outputs are made from except the prose of the pages: while it holds,
    an edit to a page's prose changes that page's output and no other."""
    others = [(src, key) for src, key in inputs.items() if not src.startswith(CONTENT_DIR + "/")]
    shapes = [
        (str(p.source.src_path), p.lang, p.name, p.url, p.source.front, p.cited_ids) for p in pages
    ]
    return digest(engine, sorted(others), shapes)


def _reuse_keys(
    previous: BuildIndex | None,
    structure: str,
    pages: Sequence[Page],
    page_keys: Mapping[str, str],
    reusable: Mapping[str, str],
) -> tuple[dict[str, str], dict[str, str]] | None:
    """The output keys without working them out again, when only the prose of pages changed
    since the last build: every other output keeps its key, and a page's key is its context
    (which did not change) with its file's new digest. None unless every output that is not
    an explainer's is still on disk as the last build wrote it (then only explainers render,
    and they need the views of their own claims only)."""
    if previous is None or previous.structure != structure:
        return None
    page_keys_by_dest = {_dest(p.url): page_keys.get(str(p.source.src_path)) for p in pages}
    if not page_keys_by_dest.keys() <= previous.contexts.keys():
        return None
    keys: dict[str, str] = {}
    for dest, record in previous.outputs.items():
        if dest in page_keys_by_dest:
            keys[dest] = page_output_key(previous.contexts[dest], page_keys_by_dest[dest])
        elif record.key is not None and reusable.get(dest) == record.key:
            keys[dest] = record.key
        else:
            return None
    return keys, dict(previous.contexts)


def _search_keys(keys: dict[str, str], skip: set[str], reusable: Mapping[str, str]) -> set[str]:
    """Key the search index's files (those of the last build) by what the outputs of their part
    are made from; return `skip` with the files of each unchanged index in it."""
    parts = search.index_keys({d: k for d, k in keys.items() if not search.in_index(d)})
    for dest in [d for d in keys if search.in_index(d)]:
        del keys[dest]
    index = search.file_keys(reusable, parts)
    keys.update(index)
    unchanged = {dest for dest, key in index.items() if reusable.get(dest) == key}
    return {d for d in skip if not search.in_index(d)} | unchanged


def _write_search_index(
    out_dir: Path,
    keys: dict[str, str],
    skip: Collection[str],
    records: dict[str, OutputRecord],
    clock: _Clock,
) -> dict[str, OutputRecord]:
    """After the site is written: index again each part of the index whose text may have
    changed (a change of a page's navigation counts too: a spare index, never a stale one)."""
    parts = search.index_keys({d: k for d, k in keys.items() if not search.in_index(d)})
    stale = search.stale_parts(keys, skip, parts)
    if not stale:
        return records
    clock.stage("search index")
    made = search.write_index(out_dir, stale)
    kept = {
        dest: record
        for dest, record in records.items()
        if not any(dest.startswith(search.index_dir(part)) for part in stale)
    }
    made_keys = search.file_keys(made, parts)
    keys.update(made_keys)
    kept.update(record_outputs(out_dir, made_keys, made))
    return kept


def _site_wide(site: Site) -> list[str]:
    """The dest_paths of the files made from the whole site rather than through a template."""
    urls = [*EXPORT_URLS, *ROOT_URLS]
    return [_dest(url) for url in urls if url != "/404.html"]  # the 404 page is a template


def _render(
    site: Site,
    environments: Mapping[Lang, jinja2.Environment],
    root: Path,
    bodies: Mapping[str, str],
    views: Mapping[Lang, dict[str, ClaimView]],
    static: Sequence[RenderedFile],
    skip: Collection[str],
    to_render: int,
    staging: Staging | None,
) -> tuple[list[str], list[Diagnostic]]:
    """Render every output not in `skip` into `staging` (over both cores when it pays), and
    copy the static files; return the dest_paths written and the template problems."""
    md = make_markdown()

    def render_part(langs: tuple[Lang, ...], with_root: bool) -> tuple[list[str], list[Diagnostic]]:
        written: list[str] = []

        def put(file: RenderedFile) -> None:
            if staging is not None:
                staging.put(file)
            written.append(str(file.dest_path))

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
        return written, found

    # Made from every claim and page, not through templates: made again only when one of
    # them is out of date. In two workers of their own (each about half the work) while the
    # languages render.
    stale = any(dest not in skip for dest in _site_wide(site))

    def put_all(files: Iterable[RenderedFile]) -> tuple[list[str], list[Diagnostic]]:
        written: list[str] = []
        for file in files:
            if str(file.dest_path) not in skip:
                if staging is not None:
                    staging.put(file)
                written.append(str(file.dest_path))
        return written, []

    def claim_exports_part() -> tuple[list[str], list[Diagnostic]]:
        return put_all(claim_files(site) if stale else ())

    def other_site_wide_part() -> tuple[list[str], list[Diagnostic]]:
        made = (annotation_file(site), *root_files(site, root)) if stale else ()
        raw = (
            raw_source_file(site.sources[source_id])
            for source_id in site.sources  # a source is read only if its copy is out of date
            if _dest(raw_source_url(source_id)) not in skip
        )
        return put_all(chain(static, made, raw))

    parts = [
        lambda: render_part(LANGS[:1], True),
        lambda: render_part(LANGS[1:], False),
        claim_exports_part,
        other_site_wide_part,
    ]
    # Exporting a claim costs about a third of rendering a page: after a claim edit, the
    # exports are worth a worker even when a dozen pages render.
    work = to_render + (len(site.claims) // 3 if stale else 0)
    return render_parts(parts, work=work)


def _dest(url: str) -> str:
    return dest_name(url)


def _page_name(src_path: str) -> str:
    """content/<lang>/<name>.md -> name, which pairs the languages of a page."""
    return src_path.split("/", 2)[2].removesuffix(".md")


def _require_safe_output(root: Path, out_dir: Path) -> None:
    """A build replaces its output folder whole: refuse one that holds, or is held by, the
    project's own files, and one that holds files no build made (a mistyped --out)."""
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
    if out_dir == root / OUTPUT_DIR or not out_dir.exists():
        return
    # Every build writes claims.json at the top of its output: without it, this is not one.
    if out_dir.is_dir() and ((out_dir / "claims.json").is_file() or not any(out_dir.iterdir())):
        return
    raise BuildError(
        [
            error(
                where,
                "output-not-a-site",
                f"{out_dir} is a file, or a folder of files that no build made; a build "
                "would replace it whole",
                "pass --out with a new or empty folder, or with one a build made",
            )
        ]
    )


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
