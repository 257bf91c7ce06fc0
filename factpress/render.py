"""Render the whole site through the Jinja templates into in-memory files."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from datetime import date
import os
from pathlib import Path, PurePosixPath
import traceback
from typing import Any
import unicodedata

from babel.support import Translations
import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from factpress.depends import template_files
from factpress.diagnostics import Diagnostic, Location, error
from factpress.i18n import CITE_LABEL, format_date, format_language, format_number, template_syntax
from factpress.layout import DEFAULT_PREFIX, DEFAULT_THEME, STATIC_DIR, TEMPLATES_DIR, theme_files
from factpress.model import LANGS, Lang, Page, RenderedFile, Site, primary_language
from factpress.outputs import LANGUAGE_FAMILIES, ROOT_FAMILIES
from factpress.record import Record, make_record
from factpress.search import fold_words
from factpress.templating import TranslatingEnvironment
from factpress.urls import (
    claim_url,
    claims_url,
    corrections_url,
    dest_name,
    dest_path,
    home_url,
    ratings_url,
    source_url,
)
from factpress.views import ClaimView, claim_views, nav_pages, views_by_source

# The explainers and the site's own pages carry the navigation (the claim records and source
# pages do not: see outputs.REFERENCE_NAV), so listing all explainers in it makes the site grow
# with the square of their number (1,000 explainers: ~100 KB of links on each of ~12,000
# files). The navigation shows the first pages in `order`; the others are reached from the
# pages and the claim records that link to them.
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
    """Render the outputs of each language and the root pages (outputs.LANGUAGE_FAMILIES and
    ROOT_FAMILIES) into `sink`, each as soon as it is made; template problems become diagnostics,
    not tracebacks.

    `bodies` are page bodies rendered already (by src_path); outputs whose dest_path is in
    `skip` are not rendered (unchanged since the last build); `langs` and `with_root` select
    a part of the site, so that parts can be rendered in separate processes; `views` are the
    claim views per language if the caller made them already."""
    diagnostics: list[Diagnostic] = []
    record = make_record(site)
    views = views or {}
    for lang in langs:
        seen = views[lang] if lang in views else claim_views(site, lang)
        renderer = _Renderer(
            site, md, root, environments[lang], lang, record, bodies or {}, skip, seen, sink
        )
        for family in LANGUAGE_FAMILIES:
            family.render(renderer)
        diagnostics += renderer.problems()
    if with_root:  # the picker is bilingual; vi is its main language
        renderer = _Renderer(site, md, root, environments["vi"], "vi", record, {}, skip, {}, sink)
        for root_family in ROOT_FAMILIES:
            root_family.render(renderer)
        diagnostics += renderer.problems()
    return diagnostics


class _Renderer:
    """Renders outputs through one language's environment (outputs.LanguageRenderer): that
    language's, or the root pages' through the main language's."""

    def __init__(
        self,
        site: Site,
        md: MarkdownIt,
        root: Path,
        env: jinja2.Environment,
        lang: Lang,
        record: Record,
        bodies: Mapping[str, str],
        skip: Collection[str],
        views: Mapping[str, ClaimView],
        sink: Callable[[RenderedFile], None],
    ) -> None:
        self.site = site
        self.md = md
        self.root = root
        self.env = env
        self.lang = lang
        self.record = record
        self.bodies = bodies
        self.skip = skip
        self.views = views
        self.by_source = views_by_source(views)
        self.pages = nav_pages(site.pages, lang)
        self.nav = self.pages[:NAV_LIMIT]
        self.sink = sink
        self.diagnostics: list[Diagnostic] = []
        # A template that fails on one page's data often fails on many: each failure is said
        # once, naming the first page it failed on, so that the writer can look at its data.
        self.failures: dict[Diagnostic, list[str]] = {}

    def skipped(self, url: str) -> bool:
        return dest_name(url) in self.skip

    def emit(self, template: str, url: str, **context: Any) -> None:
        if self.skipped(url):
            return
        try:
            html = self.env.get_template(template).render(
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
            self.failures.setdefault(_template_failure(exc, template, self.root), []).append(url)
            return
        if not unicodedata.is_normalized("NFC", html):  # a page written decomposed (NFD)
            html = unicodedata.normalize("NFC", html)
        if not html.strip():  # a blank page would be published, and found by no search
            if not any(d.code == "template-empty" for d in self.diagnostics):
                self.diagnostics.append(_template_empty(template, url, self.root))
            return
        self.sink(RenderedFile(dest_path(url), html.encode("utf-8")))

    def problems(self) -> list[Diagnostic]:
        """The template problems of the outputs rendered, each failure with its pages."""
        failed = [_on_pages(failure, urls) for failure, urls in self.failures.items()]
        return self.diagnostics + failed

    def put(self, url: str, data: bytes) -> None:
        self.sink(RenderedFile(dest_path(url), data))

    def format_date(self, value: date) -> str:
        date_filter: Callable[[date], str] = self.env.filters["date"]
        return date_filter(value)

    def body(self, page: Page) -> Markup:
        body = self.bodies.get(str(page.source.src_path))
        if body is None:
            label: Callable[[int], str] = self.env.globals["cite_label"]  # type: ignore[assignment]
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
    return template_syntax(
        Location(_template_path(name, root), exc.lineno or 0, 1), exc.message or ""
    )


def _template_empty(template: str, url: str, root: Path) -> Diagnostic:
    """A page rendered blank: at the project's template that is empty, if one is (an emptied
    base.html blanks every page), else at the template itself."""
    used = template_files(root, template)
    blank = [path for path in used if not path.read_text("utf-8", "replace").strip()]
    where = blank[0] if blank else used[0]
    path = _template_path(str(where), root)
    return error(
        Location(path, 1, 1),
        "template-empty",
        f"{template} renders nothing for {url}"
        + (f": {path} is empty" if blank else ", nor does what it extends or includes"),
        "restore the template, or extend the default one: "
        f'{{% extends "{DEFAULT_PREFIX}/{where.name}" %}}',
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
    undefined = isinstance(exc, jinja2.UndefinedError | NameError | AttributeError | KeyError)
    return error(
        Location(path, line, 1),
        "template-error",
        f"{type(exc).__name__}: {exc}",
        "a name the template uses is not defined for this page, or is misspelt"
        if undefined
        else "the expression on this line fails on that page's data: guard it with an {% if %}",
    )


def _on_pages(failure: Diagnostic, urls: Sequence[str]) -> Diagnostic:
    """`failure` naming the address of the first output it failed on, and how many others."""
    others = len(urls) - 1
    more = f", and {others} other page{'s' if others > 1 else ''}" if others else ""
    return replace(failure, message=f"{failure.message} (rendering {urls[0]}{more})")


def _template_path(filename: str, root: Path) -> PurePosixPath:
    """Where a template is, as diagnostics name files: from the project's folder, or where the
    default theme is installed. Jinja's file names are relative to the working folder when
    the project's is given as a relative path (`--root g`, or none: `.`)."""
    path = Path(filename)
    if path.is_absolute() or path.exists():
        # Absolute, but through the project's links (a templates/ linked from a shared theme
        # is still the project's templates/).
        found = Path(os.path.abspath(path))  # noqa: PTH100 - resolve() follows the links
        project = Path(os.path.abspath(root))  # noqa: PTH100
        if found.is_relative_to(project):
            return PurePosixPath(found.relative_to(project).as_posix())
        return PurePosixPath(found.as_posix())  # a template of the default theme
    return PurePosixPath(TEMPLATES_DIR, filename)  # a name with no file of its own
