"""Checks across pages: citations name real claims, both languages match, links resolve.

Each check of the site takes the same `SiteToCheck` and returns its problems; CHECKS lists them
in the order they are reported. A new check across pages is a function here, added to CHECKS.
(The outputs are checked after rendering, by check_outputs; the reviews with the claims, in
review.py.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence, Set
from dataclasses import dataclass
import difflib
from pathlib import PurePosixPath

from factpress.diagnostics import Diagnostic, Location, error, warning
from factpress.layout import CONTENT_DIR
from factpress.model import LANGS, Claim, Link, Page, Source
from factpress.urls import (
    link_target,
    malformed,
    page_address,
    page_url,
    sentence_link,
    slug_of,
)

_LANG_NAMES = {"vi": "Vietnamese", "en": "English"}


@dataclass(frozen=True, slots=True)
class SiteToCheck:
    """What the checks across pages look at."""

    pages: Sequence[Page]
    unreadable: Collection[str]  # src_paths of pages whose file exists but failed to load
    claims: Mapping[str, Claim]
    # Ids defined in facts.yaml whose claims failed to load (reported there already); None
    # when facts.yaml could not be read at all, so that no citation can be judged.
    broken: Collection[str] | None
    urls: Collection[str]  # every address the build makes: pages, generated pages, files
    generated: Set[str]  # the addresses of the pages the build generates
    linking: Collection[str]  # src_paths of the pages whose links to check (the others were)
    sources: Mapping[str, Source]  # by id: the sentences a link to a source page may name

    @property
    def known(self) -> Collection[str] | None:
        """The ids a citation may name, or None if none can be judged."""
        return None if self.broken is None else {*self.claims, *self.broken}


def check_site(site: SiteToCheck) -> list[Diagnostic]:
    return [problem for check in CHECKS for problem in check(site)]


def check_claim_uses(site: SiteToCheck) -> list[Diagnostic]:
    """Every citation names a claim; every claim is cited somewhere (a warning if not)."""
    pages, claims, broken = site.pages, site.claims, site.broken
    if broken is None:
        return []
    problems = []
    cited: set[str] = set()
    for page in pages:
        for use in page.uses:
            cited.add(use.claim_id)
            if use.claim_id in claims or use.claim_id in broken:
                continue
            close = difflib.get_close_matches(use.claim_id, list(claims), n=1)
            problems.append(
                error(
                    use.where,
                    "claim-unknown",
                    f"unknown claim '{use.claim_id}'",
                    f"did you mean '{close[0]}'?" if close else "add the claim to facts.yaml first",
                )
            )
    # A page that failed to load may cite any claim: none is said to be unused until it loads.
    for claim in claims.values() if not site.unreadable else ():
        if claim.id not in cited:
            problems.append(
                warning(
                    claim.defined_at,
                    "claim-unused",
                    f"claim '{claim.id}' is not cited by any page",
                    f"cite it as [@{claim.id}], or remove it",
                )
            )
    return problems


def check_parity(site: SiteToCheck) -> list[Diagnostic]:
    """Each page exists in both languages and both versions cite the same claims.

    A page that failed to load is not missing, only broken. A pair citing an id not known is
    not compared: the unknown claim is reported already, and a typo in one language is one
    mistake, not three.
    """
    pages, known = site.pages, site.known
    unreadable = {_name_of(src) for src in site.unreadable}
    problems: list[Diagnostic] = []
    by_name: dict[str, dict[str, Page]] = defaultdict(dict)
    for page in pages:
        by_name[page.name][page.lang] = page
    for name, versions in sorted(by_name.items()):
        for lang in LANGS:
            if lang not in versions and name not in unreadable:
                problems.append(_missing_counterpart(name, lang, versions))
        pending = [p for p in versions.values() if p.pending]
        if len(pending) == len(LANGS):
            # Nothing to translate from, and nothing search engines are told of (pending
            # pages are not indexed): one version is the original.
            problems.append(
                error(
                    Location(pending[-1].source.src_path, 1, 1),
                    "translation-pending",
                    "every version of this page is marked as not yet translated",
                    "remove `translation: pending` from the version that is the original",
                )
            )
            continue
        for page in pending:
            problems.append(
                warning(
                    Location(page.source.src_path, 1, 1),
                    "translation-pending",
                    f"the {_LANG_NAMES[page.lang]} version is marked as not yet translated",
                    "it is published with a notice pointing readers to the other language",
                )
            )
        if len(versions) == len(LANGS) and not pending:
            problems.extend(_claims_differ(versions, known))
    return problems


def _missing_counterpart(name: str, lang: str, versions: Mapping[str, Page]) -> Diagnostic:
    present = next(iter(versions.values()))
    expected = PurePosixPath(CONTENT_DIR, lang, f"{name}.md")
    return error(
        Location(present.source.src_path, 1, 1),
        "translation-missing",
        f"this page has no {_LANG_NAMES[lang]} version ({expected} is missing)",
        f"translate it, or create {expected} with `translation: pending`, a title and a summary",
    )


def _claims_differ(versions: Mapping[str, Page], known: Collection[str] | None) -> list[Diagnostic]:
    vi, en = versions["vi"], versions["en"]
    # Membership one id at a time: copying `known` for every page made this quadratic.
    if known is not None and not all(c in known for c in vi.cited_ids + en.cited_ids):
        return []
    only_vi = set(vi.cited_ids) - set(en.cited_ids)
    only_en = set(en.cited_ids) - set(vi.cited_ids)
    problems = []
    for page, only, other in ((vi, only_vi, en), (en, only_en, vi)):
        for use in page.uses:
            if use.claim_id in only:
                only.discard(use.claim_id)  # report each claim once, at its first citation
                problems.append(
                    error(
                        use.where,
                        "translation-claims-differ",
                        f"claim '{use.claim_id}' is cited here but not in {other.source.src_path}",
                        "both languages of a page must cite the same claims",
                    )
                )
    return problems


def check_slugs(site: SiteToCheck) -> list[Diagnostic]:
    """No two pages share a URL, and no page takes the URL of a page the build generates."""
    problems = []
    taken = site.generated
    seen: dict[str, Page] = {}
    for page in site.pages:
        # /en/claims/ is taken by the table's page, /en/claims by a file of that name: each
        # page is looked up both ways, rather than every generated address (tens of
        # thousands at a desk's scale) written one way first.
        bare = page.url.rstrip("/")
        if bare in taken or bare + "/" in taken:
            problems.append(
                error(
                    Location(page.source.src_path, 1, 1),
                    "url-conflict",
                    f"{page.url} is the address of a page the build generates",
                    "give the page another `slug:` (or another file name)",
                )
            )
            continue
        first = seen.setdefault(page.url.rstrip("/"), page)
        if first is not page:
            problems.append(
                error(
                    Location(page.source.src_path, 1, 1),
                    "url-conflict",
                    f"{page.url} is also the address of {first.source.src_path}",
                    "give one of them another `slug:`",
                )
            )
    return problems


def check_home(site: SiteToCheck) -> list[Diagnostic]:
    """Each language has its home page, content/<lang>/index.md (unless it failed to load)."""
    problems = []
    urls = {page.url for page in site.pages}
    for lang in LANGS:
        if f"/{lang}/" not in urls and "index" not in map(_name_of, site.unreadable):
            problems.append(
                error(
                    Location(PurePosixPath(CONTENT_DIR, lang, "index.md")),
                    "home-missing",
                    f"there is no {_LANG_NAMES[lang]} home page",
                    f"write content/{lang}/index.md: the page readers land on at /{lang}/",
                )
            )
    return problems


def check_links(site: SiteToCheck) -> list[Diagnostic]:
    """Links inside the site point at a page or file that the build produces (of the pages in
    `linking`: the others' links were checked against the same addresses before)."""
    problems = []
    known_urls = site.urls
    for page in (p for p in site.pages if str(p.source.src_path) in site.linking):
        for link in page.links:
            resolved = link_target(page.url, link.href)
            if resolved is None:
                # External, mailto:, a fragment on the same page, or no address at all.
                why = malformed(link.href)
                if why:
                    problems.append(
                        error(
                            link.where,
                            "link-broken",
                            f"link to {link.href} is no valid address ({why})",
                            "check its brackets (an IPv6 host) and its port",
                        )
                    )
                continue
            target, fragment = resolved
            # /en/x, /en/x/ and /en/x/index.html are one page
            if target in known_urls or page_address(target) in known_urls:
                problems += _to_no_sentence(site.sources, target, fragment, link)
                continue
            # A page of the language that failed to load (its error is said) may be the one
            # linked to: surely so at the address its file's name gives.
            lang = target.split("/")[1]
            failed = sorted(src for src in site.unreadable if src.split("/")[1] == lang)
            if page_address(target) in {page_url(lang, slug_of(_name_of(s))) for s in failed}:
                continue
            close = difflib.get_close_matches(target, list(known_urls), n=1)
            problems.append(
                error(
                    link.where,
                    "link-broken",
                    f"link to {link.href} leads nowhere in the site",
                    f"{failed[0]} did not load (see its error): if the link is to that page, "
                    "fix it first"
                    if failed
                    else f"did you mean {close[0]}?"
                    if close
                    else "link to a page's URL, e.g. /en/partners/",
                )
            )
    return problems


def _name_of(src_path: str) -> str:
    """content/<lang>/<name>.md -> name, which pairs the languages of a page."""
    return src_path.split("/", 2)[2].removesuffix(".md")


def _to_no_sentence(
    sources: Mapping[str, Source], target: str, fragment: str, link: Link
) -> list[Diagnostic]:
    """A link to a sentence of a source page (`#p5s1`) names one the source has: a source
    captured again numbers its sentences anew. (Sources are in the site's structure, so a
    new capture checks every page's links again.)"""
    linked = sentence_link(target, fragment)
    source = sources.get(linked[0]) if linked else None
    if source is None or any(sentence.id == fragment for sentence in source.sentences):
        return []
    return [
        error(
            link.where,
            "link-broken",
            f"link to {link.href} leads to no sentence of source '{source.id}', whose "
            f"sentences run from p1s1 to {source.sentences[-1].id if source.sentences else 'none'}",
            "find the sentence on the source's page and link to its id there",
        )
    ]


CHECKS: tuple[Callable[[SiteToCheck], list[Diagnostic]], ...] = (
    check_claim_uses,
    check_parity,
    check_slugs,
    check_home,
    check_links,
)


def check_outputs(paths: Sequence[PurePosixPath], out_name: str) -> list[Diagnostic]:
    """No two outputs share a file, and no file stands where another needs a folder."""
    problems = []
    seen: set[PurePosixPath] = set()
    folders = {parent for path in paths for parent in path.parents}
    for path in paths:
        clash = path in seen or path in folders
        seen.add(path)
        if clash:
            problems.append(
                error(
                    Location(PurePosixPath(out_name, path)),
                    "output-conflict",
                    f"two outputs of the build would both be written at {path}",
                    "a page's slug or file name collides with a generated file: rename the page",
                )
            )
    return problems
