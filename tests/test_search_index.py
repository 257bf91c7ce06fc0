"""The search index stage: what it adds for Vietnamese, and a clear stop without Pagefind."""

from __future__ import annotations

from collections.abc import Callable
import gzip
import importlib.util
import json
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
import pytest

from factpress import search
from factpress.diagnostics import BuildError
from factpress.pipeline import build


def test_only_the_words_with_d_stroke_are_added_folded() -> None:
    text = "Tỉnh Bình Dương đẩy mạnh đổi mới sáng tạo; Đà Nẵng đổi mới."
    assert search.fold_words(text, None, "<p>Đồng Nai</p>") == "da day doi dong"


def test_indexed_pages_carry_their_folded_words_hidden(
    built_site: Callable[[str], Path],
) -> None:
    site = built_site("reader")
    html = BeautifulSoup((site / "vi" / "index.html").read_text("utf-8"), "html.parser")
    body = html.select_one("[data-pagefind-body]")
    fold = body.select_one("p.search-fold")
    assert fold.has_attr("hidden") and fold["data-pagefind-weight"] == "0.5"
    marked, *folded, closed = fold.get_text().split()
    assert marked == closed == "⁂⁂", "the search box knows the folded words by these"
    prose = html.select_one("article .body").get_text()
    assert folded and set(search.fold_words(prose).split()) <= set(folded)
    assert set(folded) <= set(search.fold_words(body.get_text()).split())
    table = BeautifulSoup((site / "vi" / "claims" / "index.html").read_text("utf-8"), "html.parser")
    assert table.select_one("[data-pagefind-body]") is None, "the table is not indexed"


def test_the_folded_words_come_last_between_marks_that_are_no_word_of_the_index(
    built_site: Callable[[str], Path],
) -> None:
    # What the search box counts on to leave them out of an excerpt (static/search-ui.js).
    site = built_site("reader")
    marked = set()
    for path in (site / "pagefind" / "vi").glob("*/fragment/*.pf_fragment"):
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        words = fragment["content"].split()
        if "⁂⁂" in words:
            opened = words.index("⁂⁂")
            assert words[-1] == "⁂⁂" and words.count("⁂⁂") == 2, fragment["url"]
            assert words[opened + 1 : -1] == sorted(words[opened + 1 : -1]), "only the folded"
            marked.add(path.parent.parent.name.split("-")[0])
    assert marked >= {"pages", "claims"}
    chunks = [
        gzip.decompress(path.read_bytes())
        for path in (site / "pagefind" / "vi").glob("*/index/*.pf_index")
    ]
    assert any(b"doi" in chunk for chunk in chunks), "the folded words are indexed"
    assert not any("⁂".encode() in chunk for chunk in chunks)


def test_a_claim_record_folds_every_word_it_shows_of_the_claim(tmp_path: Path) -> None:
    # "cong dong" finds a record whose "cộng đồng" is in the sentence around the quote.
    site = tmp_path / "site"
    build(Path(__file__).resolve().parent.parent, out_dir=site)
    records = sorted(p for p in (site / "vi" / "claims").glob("*.html") if p.name != "index.html")
    assert len(records) > 30
    context_folded = 0
    for path in records:
        html = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        body = html.select_one("[data-pagefind-body]")
        fold = body.select_one("p.search-fold")
        folded = set(fold.get_text().split()[1:-1]) if fold else set()
        shown = [html.h1, *body.select("blockquote, ul")]
        wanted = set(search.fold_words(*(tag.get_text(" ") for tag in shown)).split())
        assert wanted <= folded, path.name
        quote = body.select_one("blockquote mark").get_text()
        context_folded += bool(wanted - set(search.fold_words(quote, html.h1.get_text()).split()))
    assert context_folded, "no record shows a word with đ outside its claim and quote"


def _without_pagefind(monkeypatch: pytest.MonkeyPatch) -> None:
    find_spec = importlib.util.find_spec

    def missing(name: str, *args: Any) -> Any:
        return None if name.startswith("pagefind") else find_spec(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", missing)


def test_without_pagefind_the_build_stops_before_writing_and_names_the_package(
    project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project("minimal")
    build(root)
    before = sorted(p.relative_to(root).as_posix() for p in (root / "site").rglob("*"))
    (root / "content" / "vi" / "ke-hoach.md").write_text(
        (root / "content" / "vi" / "ke-hoach.md").read_text("utf-8") + "\nThêm.\n", "utf-8"
    )
    _without_pagefind(monkeypatch)
    with pytest.raises(BuildError) as failure:
        build(root)
    [problem] = failure.value.diagnostics
    assert problem.code == "search-index" and "pagefind[bin]" in (problem.hint or "")
    assert sorted(p.relative_to(root).as_posix() for p in (root / "site").rglob("*")) == before


def test_without_pagefind_the_command_prints_one_error_and_exits_1(
    project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    _without_pagefind(monkeypatch)
    result = run_cli("--root", root)
    assert result.code == 1
    assert "error: Pagefind" in result.err and "[search-index]" in result.err
    assert "Traceback" not in result.err


def test_a_pagefind_that_cannot_run_is_one_error_naming_the_index(
    project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = project("minimal")
    not_runnable = tmp_path / "pagefind"
    not_runnable.write_text("not a program", "utf-8")
    monkeypatch.setattr(search, "_executable", lambda: not_runnable)
    with pytest.raises(BuildError) as failure:
        build(root)
    [problem] = failure.value.diagnostics
    assert problem.code == "search-index" and "could not start" in problem.message
    assert not list(root.glob(".site-index-*")), "its work folders are gone"


def test_a_source_s_facts_reach_the_index_as_words_apart_from_their_labels(
    built_site: Callable[[str], Path],
) -> None:
    site = built_site("record")
    fragments = [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        for path in (site / "pagefind" / "en").glob("sources-*/fragment/*.pf_fragment")
    ]
    content = next(f["content"] for f in fragments if f["url"].startswith("/en/sources/"))

    assert "Publisher Báo Mẫu" in content  # not "PublisherBáo Mẫu"
