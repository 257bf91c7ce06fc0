"""The facts cache recovers from damage as the pages cache does: the build that finds it
damaged verifies the claims again and writes it anew, and the builds after it reuse it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factpress import cache, evidence
from factpress.cache import FACTS_CACHE
from factpress.pipeline import build


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flip":
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
    else:
        path.write_bytes(b"not a cache at all")


def _edit_prose(root: Path, words: str) -> None:
    page = root / "content" / "vi" / "ke-hoach.md"
    page.write_text(page.read_text("utf-8") + f"\n{words}\n", "utf-8")


def _facts_in_cache(root: Path) -> Any:
    index = cache.load_cache(root, cache.code_digest(), root / "site")
    return cache.load_cached_facts(root, index)


@pytest.mark.parametrize("how", ["truncate", "flip", "garbage"])
def test_a_damaged_facts_cache_is_written_again_and_reused_after(
    project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    root = project("minimal")
    build(root)
    _damage(root / FACTS_CACHE, how)
    verified: list[object] = []
    verify = evidence.verify_claims
    monkeypatch.setattr(
        evidence, "verify_claims", lambda *a, **k: verified.append(a) or verify(*a, **k)
    )
    _edit_prose(root, "Câu thứ nhất.")
    build(root)
    assert len(verified) == 1, "the build that finds the cache damaged verifies the claims"
    assert _facts_in_cache(root) is not None, "and writes the facts cache again"
    _edit_prose(root, "Câu thứ hai.")
    build(root)
    assert len(verified) == 1, "the next build reuses the facts it wrote"
