"""The decisions of an incremental build, in one place: what the last build left, whether
anything changed since, which outputs must be rendered again, and what to remember for the
next build. The build's stages consult a `Baseline`; none of them reads the cache itself.

Every decision here only saves work: a build that trusts nothing (no cache, no site/) makes
the same bytes. The tests hold incremental builds to that after every kind of edit.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePosixPath
import time
from typing import Any, TypeVar

from factpress import search
from factpress.cache import (
    BuildIndex,
    BuildWork,
    CachedPages,
    FileStat,
    OutputScan,
    Warm,
    code_digest,
    folder_times,
    index_identity,
    load_cache,
    load_cached_pages,
    page_buckets,
    read_warm,
    record_outputs,
    save_cache,
    scan_files,
    template_cache,
)
from factpress.depends import output_keys, template_keys
from factpress.diagnostics import BuildError
from factpress.digests import digest, digest_of
from factpress.i18n import catalog_path
from factpress.inputs import input_digests
from factpress.layout import (
    CONTENT_DIR,
    FACTS_FILE,
    LOCALE_DIR,
    SOURCES_DIR,
    STATIC_DIR,
    TEMPLATES_DIR,
)
from factpress.model import LANGS, Lang, Page, Site, SiteConfig
from factpress.outputs import SITE_WIDE, SiteKeys, page_key
from factpress.render import NAV_LIMIT
from factpress.sitemap import FAVICON_SOURCE
from factpress.sources import text_path
from factpress.urls import dest_name
from factpress.views import ClaimView, claim_views_by_lang


@dataclass(frozen=True, slots=True)
class Plan:
    """The outputs of this build: each one's key, and which of them need no rendering."""

    keys: dict[str, str]  # dest_path -> digest of everything the output is made from
    contexts: dict[str, str]  # an explainer's dest_path -> the context of its key
    skip: set[str]  # outputs on disk exactly as this build would render them
    views: dict[Lang, dict[str, ClaimView]]  # the claim views the outputs to render need
    update: bool  # site/ is updated file by file, not replaced whole
    structure: str  # digest of every input but the pages' prose (_structure)
    templates: tuple[str, Mapping[str, str]]  # the templates' keys, by their files' digest

    @property
    def to_render(self) -> int:
        """How many outputs this build renders. (`skip` holds the search index's files too,
        which have no key here: they are written after the site.)"""
        return sum(1 for dest in self.keys if dest not in self.skip)

    def rendered(self) -> Plan:
        """This plan once its outputs are rendered: without the claim views, which only the
        rendering reads (at 4,000 explainers they were 26 MB of the peak that the search
        index's bookkeeping and the cache's save add to)."""
        return replace(self, views={})


@dataclass(frozen=True, slots=True)
class Baseline:
    """What the last build left, as this build finds it, and the inputs as they are now."""

    root: Path
    out_dir: Path
    code: str  # digest of the engine
    previous: BuildIndex | None  # the last build's index; None: trust nothing
    previous_as: tuple[int, int, int] | None  # its file, as it was before it was read
    warm: Warm | None  # the last build's cache still in this process's memory, if current
    inputs: dict[str, str]  # posix path -> digest of the file's bytes
    input_stats: Mapping[str, Any]
    fingerprint: str  # one digest over every input and option
    on_disk: dict[str, FileStat]  # what is in the output folder now
    folders_on_disk: dict[str, int]  # its folders, with their times (scan_files())
    facts_key: str  # digest of facts.yaml and sources/: the facts stage's inputs
    source_keys: dict[str, str]  # source id -> digest of its files
    page_keys: dict[str, str]  # src_path -> digest of what its parse is made from
    interface_key: str  # digest of the templates and catalogs

    @property
    def unchanged(self) -> bool:
        """No input changed and the output folder is exactly as the last build left it."""
        return (
            self.previous is not None
            and self.previous.inputs == self.fingerprint
            and self.previous.search_current
            and self.previous.intact(self.on_disk)
        )

    @property
    def only_the_index_behind(self) -> bool:
        """No input changed and the output folder is as the last build in this process left
        it, which left the search index for later (the preview's save): bringing the index up
        to date is all there is to do."""
        return (
            self.previous is not None
            and self.warm is not None
            and self.previous.inputs == self.fingerprint
            and not self.previous.search_current
            and self.previous.intact(self.on_disk)
        )

    def as_left(self) -> Plan:
        """The plan of a build that renders nothing: every output is as the last build wrote
        it, whose keys and contexts hold."""
        assert self.previous is not None
        previous = self.previous
        return Plan(
            {dest: r.key for dest, r in previous.outputs.items() if r.key is not None},
            dict(previous.contexts),
            set(previous.outputs),
            {},
            True,
            previous.structure,
            previous.template_keys,
        )

    @property
    def interface_checked(self) -> bool:
        """The templates and catalogs passed the catalog check as they are: a cache is only
        written by a build without errors."""
        return self.previous is not None and self.previous.interface_key == self.interface_key

    def compiled_templates(self) -> dict[Lang, Path]:
        """A folder per language for its compiled templates, kept in the cache: one for the
        engine and that language's catalog as they are (the translations are compiled into
        the templates), so that a stale one is never used."""
        return {
            lang: template_cache(
                self.root, lang, digest(self.code, self.inputs.get(catalog_path(lang).as_posix()))
            )
            for lang in LANGS
        }

    def in_memory(self) -> Warm | None:
        """The last build's cache in memory: as the last build in this process left it, else
        read whole from the cache, for a process that builds again (the preview)."""
        if self.warm is not None or self.previous is None:
            return self.warm
        return read_warm(self.root, self.previous, self.previous_as)

    def cached_pages(self) -> CachedPages:
        return load_cached_pages(self.root, self.previous, self.warm)

    def structure_of(self, pages: Sequence[Page], config: SiteConfig, today: date) -> str:
        """A digest of everything the outputs are made from except the prose of the pages:
        the engine, the configuration, the day (reviews fall due with the calendar), every
        input but the pages, and each page's address, front matter and citations. While it
        holds, an edit to a page's prose changes that page's output and no other."""
        return _structure(self.inputs, pages, digest(self.code, config, today))

    def pages_to_link_check(
        self, works: Sequence[tuple[str, Any]], cached: CachedPages, structure: str
    ) -> set[str]:
        """The src_paths of the pages whose links must be checked: all of them, unless only
        the prose of some pages changed since the last build, which checked every link (the
        site's addresses are the same, so only the links of the pages parsed anew may lead
        nowhere). `cached` are the pages this build read from the cache."""
        if self.previous is None or self.previous.structure != structure:
            return {src for src, _ in works}
        return {src for src, work in works if work is not cached.pages.get(src)}

    def plan(self, site: Site, claim_keys: Mapping[str, str], structure: str, write: bool) -> Plan:
        """Which outputs to render: those whose key changed, or whose file on disk is not as
        the last build wrote it (an output changed by hand is rendered again). `claim_keys`
        are the digest of each claim (Facts.claim_keys); `structure` is structure_of() the
        site."""
        previous = self.previous
        reusable = previous.reusable(self.on_disk) if previous is not None and write else {}
        plan = self._plan(site, claim_keys, structure, reusable)
        if plan.update and self._in_the_way(plan.keys):
            return self._plan(site, claim_keys, structure, {})  # a full build
        return plan

    def _plan(
        self,
        site: Site,
        claim_keys: Mapping[str, str],
        structure: str,
        reusable: Mapping[str, str],
    ) -> Plan:
        """plan(), given the outputs on disk that may be kept: `reusable` (Baseline.reusable)."""
        previous = self.previous
        reused = self._reuse_keys(site.pages, structure, reusable)
        templates = previous.template_keys if previous is not None else ("", {})
        if reused is not None:  # only explainers render, and only their claims' views are made
            keys, contexts, skip = reused
            cited = {c for p in site.pages if dest_name(p.url) not in skip for c in p.cited_ids}
            views = claim_views_by_lang(site, LANGS, only=cited)
        else:
            views = claim_views_by_lang(site, LANGS)
            engine = digest(self.code, site.config, site.today)
            templates = self._template_keys()
            keys, contexts = self._output_keys(site, engine, views, claim_keys, templates[1])
            skip = {dest for dest, key in keys.items() if reusable.get(dest) == key}
            # The search index's files are written after the site (search_update()): here,
            # those of its buckets still whole as the last build wrote them are kept, and the
            # others go. (Reused keys are the last build's, every index file among them.)
            skip |= search.kept_files(reusable, previous.outputs if previous else {})
        update = bool(skip) and previous is not None
        return Plan(keys, contexts, skip, views, update, structure, templates)

    def _in_the_way(self, keys: Mapping[str, str]) -> bool:
        """Something put in site/ by hand where an output goes, as the other kind: a file
        where an output's folder is, or a folder where an output file is. An update, which
        writes each file into its folder, cannot get past it; a full build replaces the
        folder whole. Only what the last build did not make can be in the way."""
        made = self.previous.outputs.keys() if self.previous else set()
        files = self.on_disk.keys() - made
        recorded = self.previous.folders.keys() if self.previous else set()
        folders = self.folders_on_disk.keys() - recorded
        return any(folder.removesuffix("/") in keys for folder in folders) or any(
            dest.startswith(f"{name}/") for name in files for dest in keys
        )

    def may_clash(self, plan: Plan, written: Sequence[str]) -> bool:
        """Whether the outputs must be checked for two of them sharing a file: only a new
        output, or one written twice, can clash with another."""
        made_before = set(self.previous.outputs if self.previous else ())
        once = len(set(written)) == len(written)
        return not plan.update or not once or not set(written) <= made_before

    def strays(self, plan: Plan, written: Collection[str]) -> list[str]:
        """The files an update removes: outputs whose page is gone, and anything else on
        disk that a clean build would not make."""
        if not plan.update:
            return []  # a full build replaces the folder whole
        kept = plan.skip | set(written)
        return [dest for dest in self.on_disk if dest not in kept]

    def search_update(
        self, plan: Plan, written: Sequence[str], read: Mapping[str, str], *, now: bool
    ) -> search.IndexUpdate:
        """What the search stage must write for the index to be that of the written site: the
        buckets whose documents' indexed text changed, or whose files are not as the last
        build wrote them. `read` holds the document keys of the indexed files written. Not
        `now`: nothing, and the next build works that out."""
        previous = self.previous if plan.update else None
        new = search.document_keys(self.out_dir, search.indexed(written), read)
        if previous is None:
            documents, on_disk, manifests = new, {}, {}
        else:
            # The indexed outputs this build did not write are the last build's, as they were;
            # of the index's files, those not as written (a hand's work) break their bucket.
            documents = _kept(previous.search_documents, plan.skip)
            documents.update(new)
            broken = search.broken_buckets(previous.outputs.keys() - plan.skip)
            on_disk = {
                folder: None if folder in broken else key
                for folder, key in previous.search_folders.items()
            }
            manifests = {
                dest: previous.outputs[dest].key
                for dest in search.manifest_dests()
                if dest in plan.skip
            }
        layout = search.NO_LAYOUT
        if previous is not None and documents.keys() == previous.search_documents.keys():
            # The same documents: the buckets of those whose text changed are worked out again.
            changed = {dest for dest, key in new.items() if previous.search_documents[dest] != key}
            layout = search.buckets(documents, previous.search_layout, changed)
        if not now:
            kept = {folder: key for folder, key in on_disk.items() if key is not None}
            return search.IndexUpdate(documents, layout, (), (), {}, kept, deferred=True)
        if not layout.buckets:
            layout = search.buckets(documents)
        return search.plan_update(documents, layout, on_disk, manifests)

    def remember(
        self,
        plan: Plan,
        written: Sequence[str],
        search_index: search.IndexUpdate,
        indexed: Sequence[str],
        summary: Any,
        works: Sequence[tuple[str, Any]],
        facts: Any,
        cached_pages: CachedPages,
    ) -> tuple[Warm | None, int]:
        """Save what this build read and wrote, for the next build; return the cache for the
        next build in this process, and how many files the output holds. `indexed` are the
        files the search stage wrote for `search_index`, after the site."""
        previous = self.previous
        records = _kept(previous.outputs, plan.skip) if previous and plan.update else {}
        replaced, manifests = search_index.folders, search_index.manifests
        if replaced or manifests:  # the search index's files that its update wrote again
            records = {
                dest: record
                for dest, record in records.items()
                if not dest.startswith(replaced) and dest not in manifests
            }
        records.update(record_outputs(self.out_dir, plan.keys, written))
        index_keys = search.file_keys(search_index, indexed)
        records.update(record_outputs(self.out_dir, index_keys, indexed))
        parsed = dict(works)
        summary = replace(summary, files=len(records))  # the search index's files included
        index = BuildIndex(
            self.code,
            str(self.out_dir),
            self.fingerprint,
            summary,
            records,
            self.facts_key,
            page_buckets(self.code, parsed),
            plan.structure,
            plan.contexts,
            self.interface_key,
            self.input_stats,
            search_index.documents,
            search_index.layout,
            search_index.on_disk,
            not search_index.deferred,
            folder_times(
                self.out_dir, [*written, *indexed], self.folders_on_disk, update=plan.update
            ),
            time.time_ns(),
            plan.templates,
        )
        warm = save_cache(
            self.root, index, BuildWork(self.facts_key, facts, parsed), previous, cached_pages
        )
        return warm, len(records)

    def _template_keys(self) -> tuple[str, Mapping[str, str]]:
        """depends.template_keys, by the digest of the templates' files: the last build's
        while no template changed (reading which template uses which parses every one)."""
        prefix = TEMPLATES_DIR + "/"
        files = {
            src.removeprefix(prefix): key
            for src, key in self.inputs.items()
            if src.startswith(prefix)
        }
        files_key = digest(sorted(files.items()))
        previous = self.previous
        if previous is not None and previous.template_keys[0] == files_key:
            return previous.template_keys
        return files_key, template_keys(self.root, files)

    def _output_keys(
        self,
        site: Site,
        engine: str,
        views: Mapping[Lang, dict[str, ClaimView]],
        claim_keys: Mapping[str, str],
        templates: Mapping[str, str],
    ) -> tuple[dict[str, str], dict[str, str]]:
        """dest_path -> digest of everything the output is made from (see depends.py), and the
        contexts of the explainers' keys. `templates` are the templates' keys."""
        inputs = self.inputs
        shared = digest(engine, digest_of(inputs, [LOCALE_DIR + "/"]))
        # What the record of the site every template is given is made from: the claims, the
        # sources, and every page but its prose.
        site_data = digest(
            shared,
            digest_of(inputs, (FACTS_FILE.as_posix(), SOURCES_DIR + "/")),
            [(p.lang, p.name, p.url, p.source.front, p.cited_ids) for p in site.pages],
        )
        keys, contexts = output_keys(
            site, shared, site_data, templates, self.page_keys, NAV_LIMIT, views, claim_keys
        )
        keys.update((src, key) for src, key in inputs.items() if src.startswith(STATIC_DIR + "/"))
        # The exports are made from the claims and sources, and of the pages only from their
        # addresses, titles and citations (not their prose, nor templates); the sitemap from
        # the addresses and which pages wait for their translation (and the favicon is copied
        # beside it). A raw source is its archived bytes, whatever the claims say.
        content = digest(
            shared,
            digest_of(inputs, (FACTS_FILE.as_posix(), SOURCES_DIR + "/", STATIC_DIR + "/")),
            [(p.lang, p.name, p.url, p.source.front.title, p.cited_ids) for p in site.pages],
        )
        addresses = digest(
            shared,
            digest_of(inputs, [FAVICON_SOURCE.as_posix()]),
            [(p.lang, p.name, p.url, p.pending) for p in site.pages],
            sorted(site.claims),
            sorted(site.sources),
        )
        raw_texts = {
            source_id: digest(shared, "raw source", inputs.get(text_path(source_id).as_posix()))
            for source_id in site.sources
        }
        whole = SiteKeys(content, addresses, raw_texts)
        keys.update((made.dest, made.key) for family in SITE_WIDE for made in family.keys(whole))
        return keys, contexts

    def _reuse_keys(
        self, pages: Sequence[Page], structure: str, reusable: Mapping[str, str]
    ) -> tuple[dict[str, str], dict[str, str], set[str]] | None:
        """The output keys without working them out again, when only the prose of pages
        changed since the last build: every other output keeps its key, and a page's key is
        its context (which did not change) with its file's new digest. None unless every
        output that is not an explainer's is still on disk as the last build wrote it (then
        only explainers render, and they need the views of their own claims only). With the
        keys and contexts, the outputs to skip: all but the explainers whose key moved.

        Set operations over the outputs, and a loop over the explainers only: this is the
        plan of every save in the preview."""
        previous = self.previous
        if previous is None or previous.structure != structure:
            return None
        page_keys = self.page_keys
        by_dest = {dest_name(p.url): page_keys.get(str(p.source.src_path)) for p in pages}
        if not by_dest.keys() <= previous.contexts.keys():
            return None
        # `reusable` holds the outputs on disk as written, with the key they were written for.
        if not previous.outputs.keys() - by_dest.keys() <= reusable.keys():
            return None
        keys = dict(reusable)  # the last build's order, which the records are saved in
        moved = set()
        for dest, file_key in by_dest.items():
            if dest in previous.outputs:
                keys[dest] = page_key(previous.contexts[dest], file_key)
                if reusable.get(dest) != keys[dest]:
                    moved.add(dest)
        return keys, dict(previous.contexts), keys.keys() - moved


V = TypeVar("V")


def _kept(last: Mapping[str, V], keep: Set[str]) -> dict[str, V]:
    """The items of `last` whose key is in `keep`, in its order (the order the cache saves
    them in): copied whole and the few others deleted, quicker than a comprehension that
    tests each of 100,000 keys when an update keeps nearly all."""
    kept = dict(last)
    for dest in last.keys() - keep:
        del kept[dest]
    return kept


def read_baseline(
    root: Path, out_dir: Path, strict: bool, today: date, warm: Warm | None
) -> Baseline:
    """The inputs as they are and the last build's cache, if it is ours and for `out_dir`. A
    file that cannot be read, or not as text, stops the build here: every later stage would
    stumble on it."""
    code = code_digest()
    warm = warm if warm is not None and warm.current(root) else None
    read_as = warm.saved_as if warm is not None else index_identity(root)
    previous = load_cache(root, code, out_dir, warm)
    read = input_digests(root, previous.input_stats if previous else None)
    not_read = read.problems()
    if not_read:
        raise BuildError(not_read)
    inputs = read.digests
    scan = scan_files(out_dir, previous) if previous is not None else OutputScan({}, {})
    return Baseline(
        root=root,
        out_dir=out_dir,
        code=code,
        previous=previous,
        previous_as=read_as,
        warm=warm,
        inputs=inputs,
        input_stats=read.stats,
        fingerprint=digest(code, strict, today, sorted(read.digests.items())),
        on_disk=scan.files,
        folders_on_disk=scan.folders,
        facts_key=digest_of(inputs, (FACTS_FILE.as_posix(), SOURCES_DIR + "/")),
        source_keys=_source_keys(inputs),
        page_keys=_page_keys(inputs),
        interface_key=digest_of(inputs, (TEMPLATES_DIR + "/", LOCALE_DIR + "/")),
    )


def _source_keys(inputs: Mapping[str, str]) -> dict[str, str]:
    """Source id -> digest of its archived text, its metadata and its kept page
    (sources/<id>.txt, .yaml, .html)."""
    prefix = SOURCES_DIR + "/"
    ids = {
        PurePosixPath(path).stem
        for path in inputs
        if path.startswith(prefix) and "/" not in path[len(prefix) :]
    }
    return {
        i: digest(*(inputs.get(f"{prefix}{i}{suffix}") for suffix in (".txt", ".yaml", ".html")))
        for i in ids
    }


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


def _structure(inputs: Mapping[str, str], pages: Sequence[Page], engine: str) -> str:
    """Everything the outputs are made from except the prose of the pages: while it holds,
    an edit to a page's prose changes that page's output and no other."""
    others = [(src, key) for src, key in inputs.items() if not src.startswith(CONTENT_DIR + "/")]
    shapes = [
        (str(p.source.src_path), p.lang, p.name, p.url, p.source.front, p.cited_ids) for p in pages
    ]
    return digest(engine, sorted(others), shapes)
