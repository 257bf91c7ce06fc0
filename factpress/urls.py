"""Where every generated page lives: its URL and its file under the output directory."""

from __future__ import annotations

from pathlib import PurePosixPath


def home_url(lang: str) -> str:
    return f"/{lang}/"


def claims_url(lang: str) -> str:
    return f"/{lang}/claims/"


def claim_url(lang: str, claim_id: str) -> str:
    return f"/{lang}/claims/{claim_id}/"


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
    rel = url.lstrip("/")
    if url.endswith("/"):
        return PurePosixPath(rel, "index.html")
    return PurePosixPath(rel)
