"""Where every generated page lives: its URL and its file under the output directory."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

LANG_CODES = ("vi", "en")


def home_url(lang: str) -> str:
    return f"/{lang}/"


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


# The exports for reviewers and machines, written at the root with every build.
EXPORT_URLS = ("/claims.json", "/claims.csv", "/annotations.jsonld")
# For crawlers and browsers, at the root: see sitemap.py and the bilingual 404 page.
ROOT_URLS = ("/sitemap.xml", "/robots.txt", "/favicon.ico", "/404.html")


def site_wide_outputs() -> list[str]:
    """The dest_paths of the files made from the whole site rather than through a template:
    the exports, sitemap.xml, robots.txt and favicon.ico (the bilingual 404 page is a
    template's)."""
    return [dest_name(url) for url in (*EXPORT_URLS, *ROOT_URLS) if url != "/404.html"]


def raw_source_url(source_id: str) -> str:
    """The archived text itself, byte for byte, as the annotations' cached copy."""
    return f"/sources/{source_id}.txt"


def not_found_url(lang: str) -> str:
    return f"/{lang}/404.html"


def generated_urls(claim_ids: Iterable[str], source_ids: Iterable[str]) -> set[str]:
    """The URLs the build makes besides the writers' pages (the home pages are theirs, from
    content/<lang>/index.md): no page may take one of them."""
    claim_ids, source_ids = tuple(claim_ids), tuple(source_ids)
    urls = {"/", *EXPORT_URLS, *ROOT_URLS, *(raw_source_url(s) for s in source_ids)}
    for lang in LANG_CODES:
        urls.update((claims_url(lang), claims_data_url(lang), not_found_url(lang)))
        pages = claims_list_count(len(claim_ids))
        urls.update(claims_list_url(lang, n) for n in range(1, pages + 1))
        urls.update((ratings_url(lang), corrections_url(lang), search_words_url(lang)))
        urls.update(claim_url(lang, claim_id) for claim_id in claim_ids)
        urls.update(source_url(lang, source_id) for source_id in source_ids)
    return urls


def same_address(a: str, b: str) -> bool:
    """`/en/x/` and `/en/x` are served from clashing files (x/index.html and x)."""
    return a.rstrip("/") == b.rstrip("/")
