"""Where every generated page lives: its URL and its file under the output directory."""

from __future__ import annotations

from pathlib import PurePosixPath
import posixpath
import re
from urllib.parse import urlsplit

LANG_CODES = ("vi", "en")


def home_url(lang: str) -> str:
    return f"/{lang}/"


def page_url(lang: str, slug: str) -> str:
    """An explainer's address: its language's home for the home page (no slug)."""
    return f"/{lang}/{slug}/" if slug else home_url(lang)


def slug_of(name: str) -> str:
    """The slug a page's file name gives it (content/<lang>/<name>.md), where its front
    matter writes none: none for the home page, a folder's name for the folder's index.md."""
    return "" if name == "index" else name.removesuffix("/index")


def claims_url(lang: str) -> str:
    return f"/{lang}/claims/"


# Rows of each plain listing of the claims (the reviewer table without JavaScript): a page of
# 100 short rows stays within the 50 KB budget; 5,000 claims make 50 pages per language.
LIST_ROWS = 100


def claims_data_url(lang: str) -> str:
    """Every claim of the site as the reviewer table's script reads it (one file, gzip-friendly)."""
    return f"{claims_url(lang)}data.json"


def claims_list_url(lang: str, number: int) -> str:
    """Page `number` (from 1) of the plain listing of every claim, for readers without JS."""
    return f"{claims_url(lang)}page/{number}/"


def search_words_url(lang: str) -> str:
    """The words of the search dialog in `lang`, loaded with it on first use."""
    return f"/{lang}/search.json"


def claims_list_count(claim_count: int) -> int:
    return max(1, -(-claim_count // LIST_ROWS))


def claim_url(lang: str, claim_id: str) -> str:
    """A file, not a folder of its own: a site has two records per claim, thousands of them,
    and a folder each made a third of a cold build's writing and of a rebuild's scan."""
    return f"/{lang}/claims/{claim_id}.html"


def source_url(lang: str, source_id: str) -> str:
    return f"/{lang}/sources/{source_id}/"


def ratings_url(lang: str) -> str:
    return f"/{lang}/ratings/"


def corrections_url(lang: str) -> str:
    return f"/{lang}/corrections/"


def sentence_url(lang: str, source_id: str, sentence_id: str) -> str:
    return f"{source_url(lang, source_id)}#{sentence_id}"


def dest_path(url: str) -> PurePosixPath:
    """The file that serves `url`: directories get index.html, so URLs stay clean."""
    return PurePosixPath(dest_name(url))


def dest_name(url: str) -> str:
    """`dest_path` as a string: the key of an output in the cache, made ~30,000 times a build
    at newsroom scale, where building a path object each time showed in the profile."""
    rel = url.lstrip("/")
    return rel + "index.html" if url.endswith("/") else rel


def raw_source_url(source_id: str) -> str:
    """The archived text itself, byte for byte, as the annotations' cached copy."""
    return f"/sources/{source_id}.txt"


def not_found_url(lang: str) -> str:
    return f"/{lang}/404.html"


def same_address(a: str, b: str) -> bool:
    """`/en/x/` and `/en/x` are served from clashing files (x/index.html and x)."""
    return a.rstrip("/") == b.rstrip("/")


def malformed(url: str) -> str:
    """Why `url` cannot be read as an address ("" if it can): an IPv6 host's bracket left
    open, a port that is not a number up to 65535."""
    try:
        _ = urlsplit(url).port  # urlsplit checks the port only when it is read
    except ValueError as exc:
        return str(exc)
    return ""


def is_web_address(url: str, *, bare: bool = False) -> bool:
    """Whether `url` is a web page's address, http:// or https:// with a host and no space
    (`bare`: nor a query or a fragment, as a site's own base address)."""
    if malformed(url):
        return False
    parts = urlsplit(url)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not any(c.isspace() for c in url)
        and not (bare and (parts.query or parts.fragment))
    )


def link_target(page_url: str, href: str) -> tuple[str, str] | None:
    """Where a link written on the page at `page_url` leads in the site: (its address, resolved
    as a browser does, and its fragment); None for a link elsewhere (a scheme, a host) or to a
    place on the page itself (a fragment alone), or for one that is no address (malformed)."""
    if malformed(href):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    target = posixpath.normpath(posixpath.join(page_url, parts.path))
    if parts.path.endswith("/") and target != "/":
        target += "/"
    return target, parts.fragment


def page_address(target: str) -> str:
    """The page a resolved address shows: /en/x/index.html and /en/x are /en/x/."""
    folder = target.removesuffix("index.html")
    return folder if folder.endswith("/") else folder + "/"


_SOURCE_PAGE = re.compile(r"/(?:vi|en)/sources/([^/]+)/")
_SENTENCE_ID = re.compile(r"p[0-9]+s[0-9]+")


def sentence_link(target: str, fragment: str) -> tuple[str, str] | None:
    """(source id, sentence id) when a resolved link leads to a sentence of a source page
    (`/en/sources/<id>/#p5s1`); else None."""
    page = _SOURCE_PAGE.fullmatch(page_address(target))
    if page is None or not _SENTENCE_ID.fullmatch(fragment):
        return None
    return page.group(1), fragment
