"""Render the whole site through the Jinja templates into in-memory files."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path, PurePosixPath
import traceback
from typing import Any

from babel.support import Translations
import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from factpress.claimtable import FIRST_ROWS, table_data
from factpress.diagnostics import Diagnostic, Location, error
from factpress.i18n import CITE_LABEL, format_date, format_language, format_number
from factpress.layout import DEFAULT_PREFIX, DEFAULT_THEME, STATIC_DIR, TEMPLATES_DIR, theme_files
from factpress.model import LANGS, Lang, Page, RenderedFile, Site, primary_language
from factpress.record import make_record
from factpress.search import fold_words
from factpress.templating import TranslatingEnvironment
from factpress.urls import (
    LIST_ROWS,
    claim_url,
    claims_data_url,
    claims_list_count,
    claims_list_url,
    claims_url,
    corrections_url,
    dest_name,
    dest_path,
    home_url,
    ratings_url,
    search_words_url,
    source_url,
)
from factpress.views import (
    ClaimView,
    claim_views,
    nav_pages,
    source_paragraphs,
    views_by_source,
)

# Every page carries the navigation, so listing all explainers in it makes the site grow with
# the square of their number (1,000 explainers: ~100 KB of links on each of ~12,000 files).
# The navigation shows the first pages in `order`; the others are reached from the pages and
# the claim records that link to them.
NAV_LIMIT = 12


def first_words(text: str, count: int) -> str:
    """The first `count` words of `text`, at most ten characters a word (a language written
    without spaces has one long word), with an ellipsis if it goes on."""
    start = " ".join(text.split()[:count])[: count * 10]
    return start + ("…" if start != " ".join(text.split()) else "")


def make_environments(
    root: Path,
    translations: Mapping[Lang, Translations],
    compiled: Mapping[Lang, Path] | None = None,
) -> dict[Lang, jinja2.Environment]:
    """One Jinja environment per language: its catalog and locale formats are bound in.
    `compiled` names a folder per language where compiled templates are kept from one build
    to the next (compiling the templates is a fifth of a one-page edit); each folder must be
    for that language's catalog as it is, since translations are compiled in."""
    environments: dict[Lang, jinja2.Environment] = {}
    for lang in LANGS:
        folder = compiled.get(lang) if compiled else None
        env = TranslatingEnvironment(
            translations[lang],
            loader=template_loader(root),
            bytecode_cache=jinja2.FileSystemBytecodeCache(str(folder)) if folder else None,
            # Each build makes its environments: checking the files again on every render
            # (three or four stat calls per page) would find nothing new.
            auto_reload=False,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.install_gettext_translations(translations[lang], newstyle=True)  # type: ignore[attr-defined]
        # The marker's accessible name, used by the markdown renderer outside any template.
        env.globals["cite_label"] = cite_label(translations[lang])
        env.filters["date"] = _bind(format_date, lang)
        env.filters["number"] = _bind(format_number, lang)
        env.filters["language_name"] = _bind(format_language, lang)
        env.filters["primary_language"] = primary_language
        env.filters["first_words"] = first_words
        env.globals.update(
            lang=lang,
            other_lang=next(other for other in LANGS if other != lang),
            langs=LANGS,
            home_url=home_url,
            claims_url=claims_url,
            claim_url=claim_url,
            source_url=source_url,
            ratings_url=ratings_url,
            corrections_url=corrections_url,
            fold_words=fold_words,
        )
        environments[lang] = env
    return environments


def cite_label(translations: Translations) -> Callable[[int], str]:
    return lambda number: translations.gettext(CITE_LABEL) % {"number": number}


def _bind(function: Callable[[Any, Lang], str], lang: Lang) -> Callable[[Any], str]:
    # Remembered for the environment's life (one build): Babel takes ~50 µs a date, and a
    # site's thousands of claim records show the same few review dates again and again.
    done: dict[Any, str] = {}

    def call(value: Any) -> str:
        if value not in done:
            done[value] = function(value, lang)
        return done[value]

    return call


def render_site(
    site: Site,
    md: MarkdownIt,
    environments: Mapping[Lang, jinja2.Environment],
    root: Path,
    *,
    bodies: Mapping[str, str] | None = None,
    skip: Collection[str] = frozenset(),
    langs: Sequence[Lang] = LANGS,
    with_root: bool = True,
    views: Mapping[Lang, dict[str, ClaimView]] | None = None,
    sink: Callable[[RenderedFile], None],
) -> list[Diagnostic]:
    """Render every output file of the site into `sink` as soon as it is made; template
    problems become diagnostics, not tracebacks.

    `bodies` are page bodies rendered already (by src_path); outputs whose dest_path is in
    `skip` are not rendered (unchanged since the last build); `langs` and `with_root` select
    a part of the site, so that parts can be rendered in separate processes; `views` are the
    claim views per language if the caller made them already."""
    renderer = _Renderer(site, md, root, bodies or {}, skip, views or {}, sink)
    for lang in langs:
        renderer.render_language(lang, environments[lang])
    if with_root:  # the picker is bilingual; vi is its main language
        renderer.render_root(environments["vi"])
    return renderer.diagnostics


class _Renderer:
    def __init__(
        self,
        site: Site,
        md: MarkdownIt,
        root: Path,
        bodies: Mapping[str, str],
        skip: Collection[str],
        views: Mapping[Lang, dict[str, ClaimView]],
        sink: Callable[[RenderedFile], None],
    ) -> None:
        self.site = site
        self.md = md
        self.root = root
        self.bodies = bodies
        self.skip = skip
        self.views = views
        self.sink = sink
        self.diagnostics: list[Diagnostic] = []
        self.counterparts = {(p.lang, p.name): p for p in site.pages}
        self.record = make_record(site)

    def skipped(self, url: str) -> bool:
        return dest_name(url) in self.skip

    def emit(self, env: jinja2.Environment, template: str, url: str, **context: Any) -> None:
        if self.skipped(url):
            return
        try:
            html = env.get_template(template).render(
                config=self.site.config,
                url=url,
                canonical=self.site.config.base_url + url,
                record=self.record,
                **context,
            )
        except jinja2.TemplateSyntaxError as exc:
            self.diagnostics.append(_template_syntax(exc, self.root))
            return
        except Exception as exc:  # any runtime failure inside a template is the template's
            self.diagnostics.append(_template_failure(exc, template, self.root))
            return
        self.sink(RenderedFile(dest_path(url), html.encode("utf-8")))

    def alternates(self, url_for: Callable[[Lang], str]) -> dict[Lang, str]:
        return {lang: url_for(lang) for lang in LANGS}

    def render_language(self, lang: Lang, env: jinja2.Environment) -> None:
        views = self.views[lang] if lang in self.views else claim_views(self.site, lang)
        by_source = views_by_source(views)
        pages = nav_pages(self.site.pages, lang)
        common = {"nav": pages[:NAV_LIMIT]}
        for page in pages:
            if self.skipped(page.url):
                continue  # not even its body is needed: the page is unchanged
            self.emit(
                env,
                "page.html",
                page.url,
                page=page,
                body=self.render_body(page, env),
                cited=[views[claim_id] for claim_id in page.cited_ids],
                alternates=self.page_alternates(page),
                **common,
            )
        self.render_claims_table(env, lang, list(views.values()), common)
        for view in views.values():
            self.emit(
                env,
                "claim.html",
                view.permalink,
                view=view,
                alternates={other: claim_url(other, view.id) for other in LANGS},
                **common,
            )
        for source_id in self.site.sources:
            if self.skipped(source_url(lang, source_id)):
                continue  # without reading the source: it may be unpickled only on use
            source = self.site.sources[source_id]
            self.emit(
                env,
                "source.html",
                source_url(lang, source.id),
                source=source,
                paragraphs=source_paragraphs(
                    source,
                    by_source.get(source.id, {}),
                    {s.id for s in self.record.coverage[source.id].uncovered},
                ),
                alternates={other: source_url(other, source.id) for other in LANGS},
                **common,
            )
        for template, url_for in (
            ("ratings.html", ratings_url),
            ("corrections.html", corrections_url),
        ):
            self.emit(env, template, url_for(lang), alternates=self.alternates(url_for), **common)
        self.emit(env, "search.json", search_words_url(lang))
        self.emit(
            env,
            "404.html",
            f"/{lang}/404.html",
            alternates=self.alternates(lambda o: f"/{o}/404.html"),
            **common,
        )

    def render_claims_table(
        self, env: jinja2.Environment, lang: Lang, views: list[ClaimView], common: dict[str, Any]
    ) -> None:
        # One view over every claim: the page carries the first rows (what shows at once, and
        # where a reader without JavaScript starts), its script reads all of them from one
        # JSON file. Without JavaScript every claim is reached through plain listings of
        # LIST_ROWS short rows each, light enough for the page-weight budget.
        count = claims_list_count(len(views))
        listing = [{"number": n, "url": claims_list_url(lang, n)} for n in range(1, count + 1)]
        self.emit(
            env,
            "claims.html",
            claims_url(lang),
            claims=views[:FIRST_ROWS],
            claim_count=len(views),
            data_url=claims_data_url(lang),
            listing=listing,
            alternates=self.alternates(claims_url),
            **common,
        )
        data_url = claims_data_url(lang)
        if not self.skipped(data_url):
            date_filter: Callable[[Any], str] = env.filters["date"]
            data = table_data(views, lang, self.record.due, date_filter)
            self.sink(RenderedFile(dest_path(data_url), data))
        for number in range(1, count + 1):
            self.emit(
                env,
                "claims_list.html",
                claims_list_url(lang, number),
                claims=views[(number - 1) * LIST_ROWS : number * LIST_ROWS],
                claim_count=len(views),
                list_page=number,
                listing=listing,
                alternates={other: claims_list_url(other, number) for other in LANGS},
                **common,
            )

    def render_root(self, env: jinja2.Environment) -> None:
        self.emit(env, "root.html", "/", alternates=self.alternates(home_url))
        self.emit(env, "404-root.html", "/404.html", alternates=self.alternates(home_url))

    def page_alternates(self, page: Page) -> dict[Lang, str]:
        return {
            lang: self.counterparts[(lang, page.name)].url
            for lang in LANGS
            if (lang, page.name) in self.counterparts
        }

    def render_body(self, page: Page, env: jinja2.Environment) -> Markup:
        body = self.bodies.get(str(page.source.src_path))
        if body is None:
            label: Callable[[int], str] = env.globals["cite_label"]  # type: ignore[assignment]
            body = body_html(page, self.md, label)
        return Markup(body)


def body_html(page: Page, md: MarkdownIt, label: Callable[[int], str]) -> str:
    """A page's markdown as HTML; citations are numbered in order of first use on the page."""
    numbers = {claim_id: n for n, claim_id in enumerate(page.cited_ids, 1)}
    render_env = {"claim_numbers": numbers, "cite_label": label}
    html: str = md.renderer.render(list(page.tokens), md.options, render_env)
    return html


def template_loader(root: Path) -> jinja2.BaseLoader:
    """The project's templates first, then the default theme's; a default template that the
    project overrides stays reachable as `default/<name>`, for `{% extends %}`. That name
    always means the default's: asked first, so that a project's own `templates/default/`
    cannot stand in for it (an override extending itself would never end)."""
    default = jinja2.FileSystemLoader(DEFAULT_THEME / TEMPLATES_DIR)
    return jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader({DEFAULT_PREFIX: default}),
            jinja2.FileSystemLoader(root / TEMPLATES_DIR),
            default,
        ]
    )


def static_files(root: Path) -> list[RenderedFile]:
    """The files of static/ (the project's, else the default theme's), copied as they are
    under /static/."""
    return [
        RenderedFile(PurePosixPath(rel), Path(path).read_bytes())
        for rel, path in sorted(theme_files(root, STATIC_DIR))
    ]


def _template_syntax(exc: jinja2.TemplateSyntaxError, root: Path) -> Diagnostic:
    name = exc.filename or exc.name or "?"
    return error(
        Location(_template_path(name, root), exc.lineno or 0, 1),
        "template-syntax",
        f"template syntax error: {exc.message}",
        "see the Jinja template documentation for the tag's form",
    )


def _template_failure(exc: Exception, template: str, root: Path) -> Diagnostic:
    # Jinja rewrites tracebacks so that template frames carry template file names and lines.
    line = 0
    path = PurePosixPath(TEMPLATES_DIR, template)
    folders = ((root / TEMPLATES_DIR).resolve(), DEFAULT_THEME / TEMPLATES_DIR)
    for frame in traceback.extract_tb(exc.__traceback__):
        candidate = Path(frame.filename).resolve()
        if any(candidate.is_relative_to(folder) for folder in folders):
            path, line = _template_path(frame.filename, root), frame.lineno or 0
    return error(
        Location(path, line, 1),
        "template-error",
        f"{type(exc).__name__}: {exc}",
        "a name the template uses is not defined for this page, or is misspelt",
    )


def _template_path(filename: str, root: Path) -> PurePosixPath:
    path = Path(filename)
    if path.is_absolute() and path.is_relative_to(root):
        return PurePosixPath(path.relative_to(root).as_posix())
    if path.is_absolute():  # a template of the default theme: where it is installed
        return PurePosixPath(path.as_posix())
    return PurePosixPath(TEMPLATES_DIR, filename)
