"""Every output of the site, family by family: the addresses a family takes, what its key is
made from, and how it is made. One definition each, so that nothing has to be kept in step:

- the checks reserve the addresses (`generated_urls`), so that no page takes one;
- depends.py keys each output with its family's `keys`, so that an incremental build knows
  which outputs to make again;
- render.py makes the outputs of each language and the root pages with the family's `render`,
  and the pipeline the site-wide files with its `make`;
- the sitemap pairs the language versions of the families that are `paired_in_sitemap`.

A new output is a new family here, added to the tuple of its kind:
- LANGUAGE_FAMILIES (a `LanguageFamily`): made in each language, mostly through a template;
- ROOT_FAMILIES (`AtRoot`): through a template, once, at the site's root;
- SITE_WIDE_PARTS (a `SiteWideFamily`): made in code from the whole site, each part in a
  worker of its own while the languages render (when the build is large enough to pay for
  workers). Their keys are made from `SiteKeys`, which
  incremental.py works out from the input files.
The writers' pages are the explainers (`Explainers`): their addresses come from content/. What
the search indexes is search.py's to say.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from markupsafe import Markup

from factpress.claimtable import FIRST_ROWS, table_data
from factpress.digests import digest
from factpress.exports import annotation_file, claim_files, raw_source_file
from factpress.model import LANGS, Lang, Page, RenderedFile, Site
from factpress.record import Record
from factpress.sitemap import render_robots, render_sitemap, root_favicon
from factpress.urls import (
    LIST_ROWS,
    claim_url,
    claims_data_url,
    claims_list_count,
    claims_list_url,
    claims_url,
    corrections_url,
    dest_name,
    home_url,
    not_found_url,
    ratings_url,
    raw_source_url,
    search_words_url,
    source_url,
)
from factpress.views import ClaimView, source_paragraphs


@dataclass(frozen=True, slots=True)
class Names:
    """What the generated addresses are made from: the ids of the claims and sources."""

    claim_ids: tuple[str, ...]  # sorted
    source_ids: tuple[str, ...]  # sorted

    @classmethod
    def of(cls, claim_ids: Iterable[str], source_ids: Iterable[str]) -> Names:
        return cls(tuple(sorted(claim_ids)), tuple(sorted(source_ids)))

    @property
    def listings(self) -> int:
        return claims_list_count(len(self.claim_ids))


class OutputKey(NamedTuple):
    dest: str  # the output's dest_path
    key: str  # digest of everything it is made from
    context: str | None = None  # an explainer's: its key without its own file (see page_key)


@dataclass(frozen=True)  # not slots: `rows` and `table` are worked out once, on first use
class LanguageKeys:
    """What the keys of one language's outputs are made from (depends.output_keys)."""

    lang: Lang
    shared: str  # what every output sees: catalogs, configuration, the engine
    site_data: str  # the claims, the sources and every page but its prose
    shell: str  # `shared` and the language: what every page of it shows but the navigation
    nav: str  # `shell` and the navigation (the first explainers) most pages of it carry
    templates: Mapping[str, str]  # template name -> its key (depends.template_keys)
    pages: Sequence[Page]  # the language's explainers, in navigation order
    # (language, page name) -> its URL, and whether it waits for its translation
    counterparts: Mapping[tuple[Lang, str], tuple[str, bool]]
    page_keys: Mapping[str, str]  # src_path -> digest of the page's file and catalog
    view_keys: Mapping[str, str]  # claim id -> key of its view, in the views' order
    source_keys: Mapping[str, str]  # source id -> key of the source
    claims_by_source: Mapping[str, Collection[str]]  # source id -> its claims' ids
    record: Record

    def of(self, template: str) -> str:
        return self.templates.get(template, "missing")

    @cached_property
    def rows(self) -> list[tuple[str, str]]:
        """The reviewer table's rows: each claim's id and the key of its view, in order."""
        return list(self.view_keys.items())

    @cached_property
    def table(self) -> str:
        """What the reviewer table's page and its listings show of every claim."""
        rows = len(self.rows)
        counts = (self.record.counts, self.record.due_count)
        return digest(self.nav, claims_list_count(rows), rows, *counts)


class LanguageRenderer(Protocol):
    """How a family makes its outputs in one language (render.py's renderer)."""

    @property
    def lang(self) -> Lang: ...

    @property
    def site(self) -> Site: ...

    @property
    def record(self) -> Record: ...

    @property
    def pages(self) -> Sequence[Page]:
        """The language's explainers, in navigation order."""

    @property
    def nav(self) -> Sequence[Page]:
        """The explainers the navigation lists."""

    @property
    def views(self) -> Mapping[str, ClaimView]:
        """The claims seen in the language, in the order of their quotes in their sources:
        every claim, unless only explainers render (then those they cite)."""

    @property
    def by_source(self) -> Mapping[str, Mapping[str, ClaimView]]:
        """The views by source id."""

    def skipped(self, url: str) -> bool: ...

    def emit(self, template: str, url: str, **context: Any) -> None: ...

    def put(self, url: str, data: bytes) -> None: ...

    def body(self, page: Page) -> Markup: ...

    def format_date(self, value: date) -> str: ...


class LanguageFamily(Protocol):
    """Outputs made in each language (LANGUAGE_FAMILIES)."""

    @property
    def paired_in_sitemap(self) -> bool:
        """Listed in the sitemap, each output with its other language's."""

    def urls(self, names: Names, lang: Lang) -> Iterable[str]: ...

    def keys(self, k: LanguageKeys) -> Iterable[OutputKey]: ...

    def render(self, r: LanguageRenderer) -> None: ...


def page_key(context: str, page_file: str | None) -> str:
    """An explainer's key: what the page sees of the site (its context), and its file."""
    return digest(context, page_file)


def same_in_every_language(url_for: Callable[[Lang], str]) -> dict[Lang, str]:
    return {lang: url_for(lang) for lang in LANGS}


class Explainers:
    """The writers' pages, content/<lang>/<name>.md at their own addresses."""

    paired_in_sitemap = False  # listed by name, with the versions each page has

    def urls(self, names: Names, lang: Lang) -> Iterable[str]:
        return ()  # the writers': the checks reserve the others against them

    def keys(self, k: LanguageKeys) -> Iterator[OutputKey]:
        for page in k.pages:
            context = digest(
                k.nav,
                k.of("page.html"),
                page.url,
                page.source.front,
                [k.counterparts.get((other, page.name)) for other in LANGS],
                [k.view_keys.get(claim_id) for claim_id in page.cited_ids],
            )
            key = page_key(context, k.page_keys.get(str(page.source.src_path)))
            yield OutputKey(dest_name(page.url), key, context)

    def render(self, r: LanguageRenderer) -> None:
        versions = {(p.lang, p.name): p.url for p in r.site.pages}
        for page in r.pages:
            if r.skipped(page.url):
                continue  # not even its body is needed: the page is unchanged
            r.emit(
                "page.html",
                page.url,
                page=page,
                body=r.body(page),
                cited=[r.views[claim_id] for claim_id in page.cited_ids],
                # The language switch goes to every version; crawlers are told of the
                # translations alone, and of none by a page that waits for its own.
                alternates={
                    lang: versions[(lang, page.name)]
                    for lang in LANGS
                    if (lang, page.name) in versions
                },
                translations={} if page.pending else r.record.translations[page.name],
                # It holds a title, a summary and a notice: not for search engines.
                noindex=page.pending,
                nav=r.nav,
            )


class ClaimsTable:
    """The reviewer table's page: the counts of all claims, the first rows (what shows at
    once, and where a reader without JavaScript starts) and links to every listing."""

    paired_in_sitemap = True

    def urls(self, names: Names, lang: Lang) -> Iterable[str]:
        return (claims_url(lang),)

    def keys(self, k: LanguageKeys) -> Iterator[OutputKey]:
        first = k.rows[:FIRST_ROWS]
        # A page of its own, whose override may show anything of the site's record.
        key = digest(k.table, k.site_data, k.of("claims.html"), first)
        yield OutputKey(dest_name(claims_url(k.lang)), key)

    def render(self, r: LanguageRenderer) -> None:
        views = list(r.views.values())
        r.emit(
            "claims.html",
            claims_url(r.lang),
            claims=views[:FIRST_ROWS],
            claim_count=len(views),
            data_url=claims_data_url(r.lang),
            listing=_listing(r.lang, len(views)),
            alternates=same_in_every_language(claims_url),
            nav=r.nav,
        )


class ClaimsData:
    """Every claim as the table's script reads it, in one file (claimtable.py)."""

    paired_in_sitemap = False

    def urls(self, names: Names, lang: Lang) -> Iterable[str]:
        return (claims_data_url(lang),)

    def keys(self, k: LanguageKeys) -> Iterator[OutputKey]:
        # The data's dates are formatted by the catalog's locale, which `shared` covers; it
        # names the other language's version of each citing page that cites claims there,
        # which `site_data` covers.
        key = digest(k.shared, k.lang, "data", k.rows, k.site_data)
        yield OutputKey(dest_name(claims_data_url(k.lang)), key)

    def render(self, r: LanguageRenderer) -> None:
        url = claims_data_url(r.lang)
        if not r.skipped(url):
            # Only to a version that cites claims: it is a choice of the other table.
            (other,) = (lang for lang in LANGS if lang != r.lang)
            citing = {p.name: p.url for p in r.site.pages if p.lang == other and p.cited_ids}
            elsewhere = {page.url: citing[page.name] for page in r.pages if page.name in citing}
            data = table_data(r.views.values(), r.lang, r.record.due, r.format_date, elsewhere)
            r.put(url, data)


class ClaimsListings:
    """Every claim without JavaScript: plain listings of LIST_ROWS short rows each, light
    enough for the page-weight budget."""

    paired_in_sitemap = True

    def urls(self, names: Names, lang: Lang) -> Iterable[str]:
        return (claims_list_url(lang, n) for n in range(1, names.listings + 1))

    def keys(self, k: LanguageKeys) -> Iterator[OutputKey]:
        template = k.of("claims_list.html")
        for number in range(1, claims_list_count(len(k.rows)) + 1):
            shown = k.rows[(number - 1) * LIST_ROWS : number * LIST_ROWS]
            url = claims_list_url(k.lang, number)
            yield OutputKey(dest_name(url), digest(k.table, template, number, shown))

    def render(self, r: LanguageRenderer) -> None:
        views = list(r.views.values())
        listing = _listing(r.lang, len(views))
        for number in range(1, len(listing) + 1):
            r.emit(
                "claims_list.html",
                claims_list_url(r.lang, number),
                claims=views[(number - 1) * LIST_ROWS : number * LIST_ROWS],
                claim_count=len(views),
                list_page=number,
                listing=listing,
                alternates={other: claims_list_url(other, number) for other in LANGS},
                nav=r.nav,
            )


def _listing(lang: Lang, claim_count: int) -> list[dict[str, Any]]:
    count = claims_list_count(claim_count)
    return [{"number": n, "url": claims_list_url(lang, n)} for n in range(1, count + 1)]


@dataclass(frozen=True, slots=True)
class Fixed:
    """A page of its own in each language, made from its template and the navigation; a few
    of them in all, so their key also holds all the data of the site but the pages' prose: an
    override of their template may show any of the record every template is given (the
    claims' counts, say), and no edit to the claims leaves them behind."""

    template: str
    url_for: Callable[[Lang], str]
    paired_in_sitemap: bool

    def urls(self, names: Names, lang: Lang) -> Iterable[str]:
        return (self.url_for(lang),)

    def keys(self, k: LanguageKeys) -> Iterator[OutputKey]:
        key = digest(k.nav, k.site_data, k.of(self.template))
        yield OutputKey(dest_name(self.url_for(k.lang)), key)

    def render(self, r: LanguageRenderer) -> None:
        url = self.url_for(r.lang)
        alternates = same_in_every_language(self.url_for)
        r.emit(self.template, url, alternates=alternates, nav=r.nav)


# The claim records and the source pages are reference pages, thousands of them, reached from
# the explainers, the table and search: their header links to the home page, the table and the
# search, without the navigation's list of explainers (a sixth of a claim record's bytes). A
# new title among the first explainers then re-renders neither: their keys are made from
# `LanguageKeys.shell`, which holds only while this shows nothing of the site's pages.
REFERENCE_NAV: tuple[Page, ...] = ()


class ClaimRecords:
    """A claim's permalink, with its ClaimReview."""

    paired_in_sitemap = True

    def urls(self, names: Names, lang: Lang) -> Iterable[str]:
        return (claim_url(lang, claim_id) for claim_id in names.claim_ids)

    def keys(self, k: LanguageKeys) -> Iterator[OutputKey]:
        template = k.of("claim.html")
        for claim_id, key in k.view_keys.items():
            yield OutputKey(dest_name(claim_url(k.lang, claim_id)), digest(k.shell, template, key))

    def render(self, r: LanguageRenderer) -> None:
        for view in r.views.values():
            r.emit(
                "claim.html",
                view.permalink,
                view=view,
                alternates={other: claim_url(other, view.id) for other in LANGS},
                nav=REFERENCE_NAV,
            )


class SourcePages:
    """A source's archived text, sentence by sentence, with the claims resting on each."""

    paired_in_sitemap = True

    def urls(self, names: Names, lang: Lang) -> Iterable[str]:
        return (source_url(lang, source_id) for source_id in names.source_ids)

    def keys(self, k: LanguageKeys) -> Iterator[OutputKey]:
        template = k.of("source.html")
        for source_id, key in k.source_keys.items():
            of_source = [k.view_keys[c] for c in k.claims_by_source.get(source_id, ())]
            url = source_url(k.lang, source_id)
            yield OutputKey(dest_name(url), digest(k.shell, template, key, of_source))

    def render(self, r: LanguageRenderer) -> None:
        for source_id in r.site.sources:
            if r.skipped(source_url(r.lang, source_id)):
                continue  # without reading the source: it may be unpickled only on use
            source = r.site.sources[source_id]
            r.emit(
                "source.html",
                source_url(r.lang, source.id),
                source=source,
                paragraphs=source_paragraphs(
                    source,
                    r.by_source.get(source.id, {}),
                    {s.id for s in r.record.coverage[source.id].uncovered},
                ),
                alternates={other: source_url(other, source.id) for other in LANGS},
                nav=REFERENCE_NAV,
            )


class SearchWords:
    """The words of the search dialog, loaded with it on first use."""

    paired_in_sitemap = False

    def urls(self, names: Names, lang: Lang) -> Iterable[str]:
        return (search_words_url(lang),)

    def keys(self, k: LanguageKeys) -> Iterator[OutputKey]:
        key = digest(k.site_data, k.lang, k.of("search.json"))  # its override may show any
        yield OutputKey(dest_name(search_words_url(k.lang)), key)

    def render(self, r: LanguageRenderer) -> None:
        r.emit("search.json", search_words_url(r.lang))


# In the order the sitemap lists them.
LANGUAGE_FAMILIES: tuple[LanguageFamily, ...] = (
    Explainers(),
    ClaimsTable(),
    ClaimsData(),
    ClaimsListings(),
    Fixed("ratings.html", ratings_url, paired_in_sitemap=True),
    Fixed("corrections.html", corrections_url, paired_in_sitemap=True),
    ClaimRecords(),
    SourcePages(),
    SearchWords(),
    Fixed("404.html", not_found_url, paired_in_sitemap=False),
)


@dataclass(frozen=True, slots=True)
class AtRoot:
    """A page at the site's root, in both languages at once (rendered with the main one's
    catalog): the language picker and the 404 page a server shows for any address."""

    template: str
    url: str

    def urls(self, names: Names) -> Iterable[str]:
        return (self.url,)

    def keys(self, site_data: str, templates: Mapping[str, str]) -> Iterator[OutputKey]:
        # All the data of the site, as Fixed's pages (two of them).
        yield OutputKey(
            dest_name(self.url), digest(site_data, templates.get(self.template, "missing"), "root")
        )

    def render(self, r: LanguageRenderer) -> None:
        # The home pages crawlers are told of: none waiting for its translation.
        told = {url for versions in r.record.translations.values() for url in versions.values()}
        homes = same_in_every_language(home_url)
        alternates = {lang: url for lang, url in homes.items() if url in told}
        r.emit(self.template, self.url, alternates=alternates)


ROOT_FAMILIES = (AtRoot("root.html", "/"), AtRoot("404-root.html", "/404.html"))


@dataclass(frozen=True, slots=True)
class SiteKeys:
    """What the keys of the site-wide outputs are made from (incremental.py)."""

    content: str  # the claims, the sources, static/, and each page's address, title, citations
    addresses: str  # every page's, claim's and source's address, and the favicon
    raw_texts: Mapping[str, str]  # source id -> key of its archived bytes


class SiteWideFamily(Protocol):
    """Files made in code from the whole site (SITE_WIDE_PARTS)."""

    def urls(self, names: Names) -> Iterable[str]: ...

    def keys(self, k: SiteKeys) -> Iterable[OutputKey]: ...

    def make(self, site: Site, root: Path, skip: Collection[str]) -> Iterable[RenderedFile]:
        """Its files that are out of date (not in `skip`), or more: the caller writes only
        those. `root` is the project's folder, for a file of its theme."""


@dataclass(frozen=True, slots=True)
class WholeSite:
    """Files made together from the site as a whole: made again, all of them, when any is
    out of date."""

    addresses: tuple[str, ...]
    make_files: Callable[[Site, Path], Iterable[RenderedFile]]
    made_from: Callable[[SiteKeys], str]  # the key of its files

    def urls(self, names: Names) -> Iterable[str]:
        return self.addresses

    def keys(self, k: SiteKeys) -> Iterator[OutputKey]:
        return (OutputKey(dest_name(url), self.made_from(k)) for url in self.addresses)

    def stale(self, skip: Collection[str]) -> bool:
        return any(dest_name(url) not in skip for url in self.addresses)

    def make(self, site: Site, root: Path, skip: Collection[str]) -> Iterable[RenderedFile]:
        return self.make_files(site, root) if self.stale(skip) else ()


class RawSources:
    """Each archived text, byte for byte, as the annotations' cached copy."""

    def urls(self, names: Names) -> Iterable[str]:
        return (raw_source_url(source_id) for source_id in names.source_ids)

    def keys(self, k: SiteKeys) -> Iterator[OutputKey]:
        for source_id, key in k.raw_texts.items():
            yield OutputKey(dest_name(raw_source_url(source_id)), key)

    def make(self, site: Site, root: Path, skip: Collection[str]) -> Iterator[RenderedFile]:
        for source_id in site.sources:  # a source is read only if its copy is out of date
            if dest_name(raw_source_url(source_id)) not in skip:
                yield raw_source_file(site.sources[source_id])


def _sitemap_files(site: Site, root: Path) -> Iterator[RenderedFile]:
    yield render_sitemap(site, alternate_groups(site))
    yield render_robots(site.config)
    yield from root_favicon(root)


# The claim record for machines (exports.py).
CLAIM_EXPORTS = WholeSite(
    ("/claims.json", "/claims.csv"), lambda site, _: claim_files(site), lambda k: k.content
)
ANNOTATIONS = WholeSite(
    ("/annotations.jsonld",), lambda site, _: (annotation_file(site),), lambda k: k.content
)
# For crawlers and browsers, at the root, by convention (sitemap.py).
# Only the addresses: an edit to a claim's words or a page's title changes none of them.
ROOT_FILES = WholeSite(
    ("/sitemap.xml", "/robots.txt", "/favicon.ico"), _sitemap_files, lambda k: k.addresses
)
RAW_SOURCES = RawSources()
# Each part is made by a worker of its own, if the build is large enough to pay for workers.
SITE_WIDE_PARTS: tuple[tuple[SiteWideFamily, ...], ...] = (
    (CLAIM_EXPORTS,),
    (ANNOTATIONS, ROOT_FILES, RAW_SOURCES),
)
SITE_WIDE: tuple[SiteWideFamily, ...] = tuple(f for part in SITE_WIDE_PARTS for f in part)


def generated_urls(names: Names) -> set[str]:
    """The URLs the build makes besides the writers' pages (the home pages are theirs, from
    content/<lang>/index.md): no page may take one of them."""
    urls = {url for family in ROOT_FAMILIES for url in family.urls(names)}
    urls.update(url for family in SITE_WIDE for url in family.urls(names))
    for family in LANGUAGE_FAMILIES:
        for lang in LANGS:
            urls.update(family.urls(names, lang))
    return urls


def alternate_groups(site: Site) -> list[Mapping[str, str]]:
    """Each published page as {language: URL} over its language versions, for the sitemap:
    the explainers' translations, then every family that is `paired_in_sitemap`."""
    groups: list[Mapping[str, str]] = list(Record(site).translations.values())
    names = Names.of(site.claims, site.sources)
    for family in LANGUAGE_FAMILIES:
        if family.paired_in_sitemap:
            each = [list(family.urls(names, lang)) for lang in LANGS]
            groups += [dict(zip(LANGS, urls, strict=True)) for urls in zip(*each, strict=True)]
    return groups
