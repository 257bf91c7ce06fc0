"""What each output of the site is made from, as one digest per output file.

Two builds that give an output the same key render it to the same bytes, so an incremental
build renders only the outputs whose key changed. Each family of outputs says what its keys
are made from (outputs.py); this module works out what they share: the templates' keys, each
claim's and source's, the navigation. An output with no key is rendered every time:
forgetting one costs time, never correctness.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath

import jinja2
from jinja2 import meta

from factpress.digests import content_digest, digest
from factpress.layout import DEFAULT_PREFIX, DEFAULT_THEME, TEMPLATES_DIR, theme_file, walk
from factpress.model import LANGS, Lang, Site, Source
from factpress.outputs import LANGUAGE_FAMILIES, ROOT_FAMILIES, LanguageKeys
from factpress.record import make_record
from factpress.views import ClaimView, nav_pages, views_by_source


def template_keys(root: Path, digests: Mapping[str, str]) -> dict[str, str]:
    """Template name -> digest of it and of every template it extends, includes or imports,
    so that editing claim.html re-renders the claim records and nothing else. `digests` are the
    file digests by template name (the project's file, else the default theme's). A template
    whose references cannot be read statically (a computed name, a syntax error) depends on
    every template."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    references = {
        name: _references(env, theme_file(root, PurePosixPath(TEMPLATES_DIR, name)))
        for name in digests
    }
    # A default template an override extends (`default/base.html`) may use the project's
    # templates in turn; its own bytes are the engine's, in the engine's digest.
    defaults = DEFAULT_THEME / TEMPLATES_DIR
    for rel, _ in walk(defaults):
        references[f"{DEFAULT_PREFIX}/{rel}"] = _references(env, defaults / rel)
    everything = digest(sorted(digests.items()))
    keys = {}
    for name in digests:
        used = _closure(name, references)
        keys[name] = (
            everything if used is None else digest(sorted((n, digests.get(n)) for n in used))
        )
    return keys


def template_files(root: Path, name: str) -> list[Path]:
    """The files of template `name` and of every template it extends, includes or imports, as
    the build reads them (the project's, else the default theme's), itself first."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    found: list[Path] = []
    todo = [name]
    while todo:
        current = todo.pop(0)
        if current.startswith(DEFAULT_PREFIX + "/"):
            path = DEFAULT_THEME / TEMPLATES_DIR / current.removeprefix(DEFAULT_PREFIX + "/")
        else:
            path = theme_file(root, PurePosixPath(TEMPLATES_DIR, current))
        if path in found or not path.is_file():
            continue
        found.append(path)
        todo += sorted(_references(env, path) or ())
    return found


def _references(env: jinja2.Environment, path: Path) -> set[str] | None:
    try:
        found = set(meta.find_referenced_templates(env.parse(path.read_text("utf-8"))))
    except (jinja2.TemplateSyntaxError, OSError, UnicodeDecodeError):
        return None
    return None if None in found else {name for name in found if name is not None}


def _closure(name: str, references: Mapping[str, set[str] | None]) -> set[str] | None:
    """`name` and every template it uses, directly or not; None if any use is unknowable."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        used = references.get(current, set())
        if used is None:
            return None
        todo.extend(used)
    return seen


def output_keys(
    site: Site,
    shared: str,
    site_data: str,
    templates: Mapping[str, str],
    page_keys: Mapping[str, str],
    nav_limit: int,
    views: Mapping[Lang, Mapping[str, ClaimView]],
    claim_keys: Mapping[str, str],
) -> tuple[dict[str, str], dict[str, str]]:
    """dest_path -> key for every output of each language and of the root pages (each
    family's `keys` in outputs.py), and for each explainer's output the context its key is
    made from with its page_key. `shared` is the digest of what every page sees (catalogs,
    configuration, the engine's code); `site_data` that of the claims, the sources and every
    page but its prose; `templates` maps a template name to its key (see
    template_keys); `page_keys` maps a page's src_path to the digest of its file and catalog;
    `views` are the claim views per language, and `claim_keys` the digest of each claim
    (digests.content_digest)."""
    made = [key for family in ROOT_FAMILIES for key in family.keys(site_data, templates)]
    counterparts = {(p.lang, p.name): (p.url, p.pending) for p in site.pages}
    record = make_record(site)
    source_keys = {source.id: _source_key(source) for source in site.sources.values()}
    for lang in LANGS:
        pages = nav_pages(site.pages, lang)
        shell = digest(shared, lang)
        # A template is given the navigation's pages: their front matter is in the key, so
        # that an override may show more of it than the default's titles.
        nav = digest(shell, [(p.url, p.source.front) for p in pages[:nav_limit]])
        seen = LanguageKeys(
            lang=lang,
            shared=shared,
            site_data=site_data,
            shell=shell,
            nav=nav,
            templates=templates,
            pages=pages,
            counterparts=counterparts,
            page_keys=page_keys,
            view_keys={
                claim_id: _view_key(view, lang, claim_keys, source_keys)
                for claim_id, view in views[lang].items()
            },
            source_keys=source_keys,
            claims_by_source=views_by_source(views[lang]),
            record=record,
        )
        made += (key for family in LANGUAGE_FAMILIES for key in family.keys(seen))
    keys = {output.dest: output.key for output in made}
    contexts = {output.dest: output.context for output in made if output.context is not None}
    return keys, contexts


def _view_key(
    view: ClaimView, lang: Lang, claim_keys: Mapping[str, str], source_keys: Mapping[str, str]
) -> str:
    # The text, notes, links and excerpt of a view follow from its claim, where the quote was
    # found in its source, and the language.
    return digest(
        claim_keys[view.id], source_keys[view.source.id], view.anchor, lang, view.cited_by
    )


def _source_key(source: Source) -> str:
    # The text, its sentences and which of them are checkable follow from the bytes on disk,
    # whose digest (actual_sha256) is in the key.
    return content_digest(source, skip=("text", "sentences", "checkable"))
