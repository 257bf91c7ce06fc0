"""The fast path for text already in NFC gives exactly what the cluster-by-cluster walk gives."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
import random
import unicodedata

from factpress.quotes import _fold_spaces, _normalize_clusters

REPO = Path(__file__).resolve().parent.parent
ALPHABET = [*"aăâeêoôơuư \t\n\r“”‘’\"'.Đđ", "\u0301", "\u0323", "\u00a0", "\u3000", "\u1100"]


def _as_lists(result: tuple[str, Sequence[int]]) -> tuple[str, list[int]]:
    return result[0], list(result[1])


def test_fast_path_matches_the_cluster_walk_on_random_nfc_text() -> None:
    rng = random.Random(5)
    compared = 0
    for _ in range(5000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30)))
        if unicodedata.is_normalized("NFC", text):
            compared += 1
            assert _as_lists(_fold_spaces(text)) == _as_lists(_normalize_clusters(text)), text
    assert compared > 1000


def test_fast_path_matches_the_cluster_walk_on_the_archived_article() -> None:
    for path in (REPO / "sources").glob("*.txt"):
        text = path.read_text("utf-8")
        assert _as_lists(_fold_spaces(text)) == _as_lists(_normalize_clusters(text))
