"""The build, stage by stage: load, verify, parse, check, and only then render and write.

Imports run one way: diagnostics and model are leaves; each stage imports only them and the
module that makes its input; this module imports the stages; cli imports this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
import time

from factpress.checks import (
    check_claim_uses,
    check_home,
    check_links,
    check_outputs,
    check_parity,
    check_slugs,
)
from factpress.claimreview import lint_claim_reviews
from factpress.config import load_config
from factpress.content import CONTENT_DIR, load_pages
from factpress.diagnostics import BuildError, Diagnostic, Location, error, sort_diagnostics
from factpress.exports import export_files
from factpress.facts import load_claims
from factpress.i18n import load_translations
from factpress.model import Page, Site
from factpress.parse import make_markdown, parse_page
from factpress.render import make_environments, render_site, static_files
from factpress.review import check_reviews
from factpress.sitemap import root_files
from factpress.sources import load_sources
from factpress.urls import generated_urls
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
    root: Path,
    *,
    out_dir: Path | None = None,
    strict: bool = False,
    write: bool = True,
    today: date | None = None,
) -> BuildReport:
    """Build the project at `root`; raise BuildError (and write nothing) if any check fails."""
    started = time.perf_counter()
    today = today or date.today()
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
    sources, broken_sources, found = load_sources(root)
    problems += found
    claims, broken_claims, found = load_claims(root)
    problems += found
    anchors, found = verify_claims(claims, sources, broken_sources)
    problems += found
    problems += lint_claim_reviews(claims)
    problems += check_reviews(claims, sources, today, config.review_max_age_days, gate=strict)
    translations, found = load_translations(root)
    problems += found
    page_sources, unreadable_pages, found = load_pages(root)
    problems += found
    md = make_markdown()
    pages: list[Page] = []
    for page_source in page_sources:
        page, found = parse_page(page_source, md)
        pages.append(page)
        problems += found
    problems += check_claim_uses(pages, claims, broken_claims)
    problems += check_parity(pages, unreadable_pages)
    generated = generated_urls(claims, sources, config.claims_per_page)
    static = static_files(root)
    problems += check_slugs(pages, generated)
    problems += check_home(pages, unreadable_pages)
    problems += check_links(
        pages, {*generated, *(p.url for p in pages), *(f"/{f.dest_path}" for f in static)}
    )
    _stop_if_blocking(problems, strict)

    site = Site(config, tuple(pages), claims, sources, anchors, today)
    files, found = render_site(site, md, make_environments(root, translations), root)
    files += root_files(site, root)
    _stop_if_blocking(found, strict)
    files += static
    files += export_files(site)
    _stop_if_blocking(check_outputs(files, OUTPUT_DIR), strict)
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
