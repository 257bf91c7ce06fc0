"""The search index stage: what it adds for Vietnamese, and a clear stop without Pagefind."""

from __future__ import annotations

from collections.abc import Callable
import gzip
import importlib.util
import json
from pathlib import Path
import shutil
from typing import Any

from bs4 import BeautifulSoup
import pytest
from support import indexed_urls

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
    folded = fold.get_text().split()
    prose = html.select_one("article .body").get_text()
    assert folded and set(search.fold_words(prose).split()) <= set(folded)
    assert set(folded) <= set(search.fold_words(body.get_text()).split())
    table = BeautifulSoup((site / "vi" / "claims" / "index.html").read_text("utf-8"), "html.parser")
    assert table.select_one("[data-pagefind-body]") is None, "the table is not indexed"


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


PAGE = b"""<!doctype html><html lang="vi"><head><title>T</title>
<link rel="stylesheet" href="/a.css"></head><body><nav><a href="/">Home</a></nav>
<article data-pagefind-body><h1>Title</h1>
<p>Body text.</p></article><footer>F</footer></body></html>"""


@pytest.mark.parametrize(
    ("old", "new"),
    [(b"/a.css", b"/b.css"), (b"<nav>", b"<!-- x --><nav>"), (b"Home</a>", b"Start</a>")],
)
def test_a_change_before_the_body_that_pagefind_does_not_read_keeps_the_key(
    old: bytes, new: bytes
) -> None:
    assert search.document_key(PAGE.replace(old, new)) == search.document_key(PAGE)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"Body text.", b"Body text!"),
        (b'lang="vi"', b'lang="en"'),
        (b"<title>T</title>", b"<title>U</title>"),  # its title, were the h1 to go
        (b"<footer>F", b"<footer>G"),
    ],
)
def test_a_change_to_what_pagefind_may_read_changes_the_key(old: bytes, new: bytes) -> None:
    assert search.document_key(PAGE.replace(old, new)) != search.document_key(PAGE)


def test_an_element_before_the_body_marked_for_pagefind_keys_the_whole_page() -> None:
    marked = PAGE.replace(b"<nav>", b'<nav data-pagefind-meta="section">')
    assert search.document_key(marked.replace(b"Home", b"Start")) != search.document_key(marked)


IGNORING = PAGE.replace(
    b"<p>Body text.</p>",
    b'<p>Body text.</p><section class="cited" data-pagefind-ignore><div><p>Claim A.</p></div>'
    b"<div>B</div></section><p>After.</p>",
)


def test_text_pagefind_ignores_leaves_the_key_and_text_after_it_does_not() -> None:
    key = search.document_key(IGNORING)
    assert search.document_key(IGNORING.replace(b"Claim A.", b"Claim Z.")) == key
    assert search.document_key(IGNORING.replace(b"After.", b"Later.")) != key
    assert search.document_key(IGNORING.replace(b"Body text.", b"Body!")) != key


WRAPPED = PAGE.replace(b"<article", b'<div class="wrap"><article').replace(
    b"</article>", b"<div data-pagefind-ignore><p>Claim A.</p></div><p>After.</p></article></div>"
)


@pytest.mark.parametrize(
    ("page", "old", "new", "then"),
    [
        # a comment may hold a tag: counted, the element would end at the wrapper's end
        (WRAPPED, b"<p>Claim", b"<!-- <div> --><p>Claim", (b"After.", b"Later.")),
        # Pagefind reads the metadata inside an element it ignores
        (WRAPPED, b"<p>Claim A.</p>", b'<p data-pagefind-meta="m:x">C</p>', (b"m:x", b"m:y")),
        # an element whose end tag may be left out, and one with no end
        (IGNORING, b"<section", b"<p", (b"Claim A.", b"Claim Z.")),
        (IGNORING, b"</div></section>", b"</div>", (b"Claim A.", b"Claim Z.")),
        # a filter on the ignored element itself
        (IGNORING, b"ignore>", b'ignore data-pagefind-filter="k:v">', (b"k:v", b"k:w")),
    ],
    ids=["a comment", "metadata inside", "optional end tag", "no end", "filter on it"],
)
def test_an_ignored_element_whose_end_is_not_sure_stays_in_the_key(
    page: bytes, old: bytes, new: bytes, then: tuple[bytes, bytes]
) -> None:
    unsure = page.replace(old, new, 1)
    assert search.document_key(unsure.replace(*then)) != search.document_key(unsure)


def test_a_source_whose_name_a_glob_would_misread_is_indexed_once(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    sources = root / "sources"
    for suffix in (".txt", ".yaml"):
        shutil.copyfile(sources / f"thu-vien{suffix}", sources / f"bao-cao$(1)!{suffix}")
    facts = root / "facts.yaml"
    text = facts.read_text("utf-8")
    assert "    source: thu-vien\n" in text
    facts.write_text(text.replace("    source: thu-vien\n", '    source: "bao-cao$(1)!"\n', 1))
    build(root)
    index = root / "site" / "pagefind" / "vi"
    manifest = json.loads((index / "buckets.json").read_text("utf-8"))
    found = [
        url
        for name in (manifest["primary"], *manifest["merge"])
        for url in indexed_urls(index / name)
    ]
    assert found.count("/vi/sources/bao-cao$(1)!/") == 1
    assert len(found) == len(set(found)), "every page is in one bucket"


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
