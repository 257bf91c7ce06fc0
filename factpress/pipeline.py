"""The build, stage by stage: load, verify, parse, check, and only then render and write.

Imports run one way: diagnostics and model are leaves; each stage imports only them and the
module that makes its input; this module imports the stages; cli imports this module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
import time

from factpress.checks import check_claim_uses, check_links, check_parity, check_slugs
from factpress.config import load_config
from factpress.content import CONTENT_DIR, load_pages
from factpress.diagnostics import BuildError, Diagnostic, Location, error, sort_diagnostics
from factpress.facts import load_claims
from factpress.i18n import load_translations
from factpress.model import LANGS, Claim, Page, Site, Source
from factpress.parse import make_markdown, parse_page
from factpress.render import make_environments, render_site, static_files
from factpress.sitemap import root_files
from factpress.sources import load_sources
from factpress.urls import claim_url, claims_url, home_url, source_url
from factpress.verify import verify_claims
from factpress.write import write_site

OUTPUT_DIR = "site"


@dataclass(frozen=True, slots=True)
class BuildReport:
    pages: int
    claims: int
    sources: int
    files: int
    seconds: float
    warnings: tuple[Diagnostic, ...]


def build(
    root: Path, *, out_dir: Path | None = None, strict: bool = False, write: bool = True
) -> BuildReport:
    """Build the project at `root`; raise BuildError (and write nothing) if any check fails."""
    started = time.perf_counter()
    problems: list[Diagnostic] = []
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
    config, found = load_config(root)
    problems += found
    sources, found = load_sources(root)
    problems += found
    claims, broken_claims, found = load_claims(root)
    problems += found
    anchors, found = verify_claims(claims, sources)
    problems += found
    translations, found = load_translations(root)
    problems += found
    page_sources, found = load_pages(root)
    problems += found
    md = make_markdown()
    pages: list[Page] = []
    for page_source in page_sources:
        page, found = parse_page(page_source, md)
        pages.append(page)
        problems += found
    problems += check_claim_uses(pages, claims, broken_claims)
    problems += check_parity(pages)
    problems += check_slugs(pages)
    problems += check_links(pages, _known_urls(pages, claims, sources))
    _stop_if_blocking(problems, strict)

    site = Site(config, tuple(pages), claims, sources, anchors)
    files, found = render_site(site, md, make_environments(root, translations), root)
    files += root_files(site, root)
    _stop_if_blocking(found, strict)
    files += static_files(root)
    if write:
        write_site(files, out_dir or root / OUTPUT_DIR)
    return BuildReport(
        pages=len(pages),
        claims=len(claims),
        sources=len(sources),
        files=len(files),
        seconds=time.perf_counter() - started,
        warnings=sort_diagnostics(problems),
    )


def _stop_if_blocking(problems: Sequence[Diagnostic], strict: bool) -> None:
    if any(p.is_error or strict for p in problems):
        raise BuildError(problems)


def _known_urls(
    pages: Sequence[Page], claims: Mapping[str, Claim], sources: Mapping[str, Source]
) -> set[str]:
    """Every URL the build will produce, for checking the links written in pages."""
    urls = {"/", *(p.url for p in pages)}
    for lang in LANGS:
        urls.add(home_url(lang))
        urls.add(claims_url(lang))
        urls.update(claim_url(lang, claim_id) for claim_id in claims)
        urls.update(source_url(lang, source_id) for source_id in sources)
    return urls
