"""Incremental builds: after any sequence of edits, renames and deletions, the site is byte for
byte what a clean build makes; a failed build changes nothing; a damaged cache is ignored."""

from __future__ import annotations

from collections.abc import Callable
import dataclasses
import hashlib
import json
import os
from pathlib import Path
import random
import re
import shutil
import subprocess
import sys
import time

import pytest
from support import REPO, indexed_urls, override, write

from factpress import cache, incremental, inputs, parallel, pipeline, search, sources
from factpress.cache import FACTS_CACHE, INDEX_FILE, PAGE_BUCKETS, pages_file
from factpress.diagnostics import BuildError
from factpress.digests import digest
from factpress.pipeline import build
from factpress.serve import Preview


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def clean_build(root: Path, tmp: Path) -> dict[str, bytes] | None:
    """The site a build from scratch makes of a copy of `root`, or None if it fails."""
    copy = tmp / "clean"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", ".cache"))
    try:
        build(copy)
    except BuildError:
        return None
    return tree(copy / "site")


def _sub(path: Path, old: str | re.Pattern[str], new: str) -> None:
    """Replace the first `old` in the file; an edit that matches nothing fails the test, so
    that every random edit really changes the project."""
    text = path.read_text("utf-8")
    pattern = old if isinstance(old, re.Pattern) else re.compile(re.escape(old))
    edited, count = pattern.subn(lambda _: new, text, count=1)
    assert count == 1, f"{path.name}: nothing matches {pattern.pattern!r}"
    path.write_text(edited, "utf-8")


def _edit_page(root: Path, rng: random.Random) -> None:
    page = rng.choice(sorted((root / "content").rglob("*.md")))
    choice = rng.randrange(4)
    if choice == 0:  # the first paragraph of the body
        _sub(page, "\n---\n", f"\n---\nThêm một câu {rng.randrange(999)}.\n\n")
    elif choice == 1:
        _sub(page, "title: ", f"title: {rng.randrange(99)} ")
    elif choice == 2:  # its place in the navigation
        if "\norder: " in page.read_text("utf-8"):
            _sub(page, re.compile(r"\norder: \d+"), f"\norder: {rng.randrange(9)}")
        else:
            _sub(page, "\ntitle: ", f"\norder: {rng.randrange(9)}\ntitle: ")
    else:
        append(page, f"\nMột đoạn cuối {rng.randrange(999)}.\n")


def _rename_page(root: Path, rng: random.Random) -> None:
    names = sorted(p.stem for p in (root / "content" / "vi").glob("*.md") if p.stem != "index")
    assert names, "_delete_page keeps one page besides the home page"
    name = rng.choice(names)
    new = f"{name}-{rng.randrange(99)}"
    for lang in ("vi", "en"):
        (root / "content" / lang / f"{name}.md").replace(root / "content" / lang / f"{new}.md")


def _delete_page(root: Path, rng: random.Random) -> None:
    names = sorted(p.stem for p in (root / "content" / "vi").glob("*.md") if p.stem != "index")
    if len(names) < 2:
        _add_page(root, rng)
        return
    name = rng.choice(names)
    for lang in ("vi", "en"):
        (root / "content" / lang / f"{name}.md").unlink()


def _add_page(root: Path, rng: random.Random) -> None:
    name = f"moi-{rng.randrange(9999)}"
    for lang in ("vi", "en"):
        (root / "content" / lang / f"{name}.md").write_text(
            f"---\ntitle: Trang {name}\nsummary: Tóm tắt.\n---\nNội dung [@library-books].\n",
            "utf-8",
        )


def _edit_claim(root: Path, rng: random.Random) -> None:
    facts = root / "facts.yaml"
    _sub(facts, "    en: ", f"    en: Edited {rng.choice('abc')} ")
    if rng.random() < 0.3:
        status = rng.choice(["verified", "disputed", "needs-corroboration"])
        _sub(facts, re.compile(r"status: [a-z-]+"), f"status: {status}")


# A quote in one sentence, one across two sentences, and one that is not in the source.
_QUOTES = (
    '"Thành phố A đã mở thư viện thứ 3 vào năm 2021"',
    '"Thành phố A đã mở thư viện thứ 3 vào năm 2021. Thư viện có 12.000 đầu sách"',
    '"mở thư viện thứ 3 vào năm 2021 và 2022"',
)


def _edit_quote(root: Path, rng: random.Random) -> None:
    facts = root / "facts.yaml"
    text = facts.read_text("utf-8")
    current = next(quote for quote in _QUOTES if f"quote: {quote}\n" in text)
    others = [quote for quote in _QUOTES if quote != current]
    _sub(facts, current, rng.choice(others))


def _edit_source(root: Path, rng: random.Random) -> None:
    _sub(root / "sources" / "thu-vien.yaml", "title: ", f"title: {rng.choice('ABC')} ")


def _add_source(root: Path, rng: random.Random) -> None:
    sources = root / "sources"
    name = f"ban-sao-{rng.randrange(3)}"  # a copy of the archived article under another id
    (sources / f"{name}.txt").write_bytes((sources / "thu-vien.txt").read_bytes())
    meta = (sources / "thu-vien.yaml").read_text("utf-8")
    (sources / f"{name}.yaml").write_text(meta.replace("title: ", f"title: {name} ", 1), "utf-8")


def _remove_source(root: Path, rng: random.Random) -> None:
    copies = sorted((root / "sources").glob("ban-sao-*.yaml"))
    if not copies:
        _add_source(root, rng)
        return
    meta = rng.choice(copies)
    meta.unlink()
    meta.with_suffix(".txt").unlink()


# Where each template may take a harmless comment.
_TEMPLATE_SPOTS = {"page.html": "<article", "claim.html": "<article", "base.html": "<main"}


def _edit_template(root: Path, rng: random.Random) -> None:
    # The project overrides a default template (copying it first), or edits its override.
    name = rng.choice(sorted(_TEMPLATE_SPOTS))
    spot = _TEMPLATE_SPOTS[name]
    _sub(override(root, f"templates/{name}"), spot, f"<!-- {rng.randrange(99)} -->\n{spot}")


_CATALOG = "locale/vi/LC_MESSAGES/messages.po"


def _edit_catalog(root: Path, rng: random.Random) -> None:
    # A project catalog of one entry: it wins over the default's, whose others still apply.
    write(
        root,
        _CATALOG,
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "All claims"\nmsgstr "Mọi nhận định {rng.randrange(9)}"\n',
    )


def _remove_override(root: Path, rng: random.Random) -> None:
    own = sorted((root / "templates").glob("*.html")) + sorted((root / "locale").rglob("*.po"))
    if not own:
        _edit_template(root, rng)
        return
    rng.choice(own).unlink()  # the default is used again


def _break_page(root: Path, rng: random.Random) -> None:
    page = rng.choice(sorted((root / "content").rglob("*.md")))
    append(page, "\nSai [@no-such-claim].\n")


def _fix_pages(root: Path, rng: random.Random) -> None:
    broken = [p for p in (root / "content").rglob("*.md") if "[@no-such-claim]" in p.read_text()]
    if not broken:
        _break_page(root, rng)
    for page in broken:
        _sub(page, "\nSai [@no-such-claim].\n", "")


def _break_template(root: Path, rng: random.Random) -> None:
    name = rng.choice(["claim.html", "source.html", "page.html"])
    _sub(override(root, f"templates/{name}"), "</article>", "{{ no_such_name.x }}</article>")


def _fix_templates(root: Path, rng: random.Random) -> None:
    broken = [p for p in (root / "templates").glob("*.html") if "no_such_name" in p.read_text()]
    if not broken:
        _break_template(root, rng)
    for template in broken:
        _sub(template, "{{ no_such_name.x }}", "")


EDITS: list[Callable[[Path, random.Random], None]] = [
    _edit_page,
    _edit_page,
    _rename_page,
    _delete_page,
    _add_page,
    _edit_claim,
    _edit_quote,
    _edit_source,
    _add_source,
    _remove_source,
    _edit_template,
    _edit_catalog,
    _remove_override,
    _break_page,
    _fix_pages,
    _break_template,
    _fix_templates,
]


@pytest.mark.parametrize("seed", range(8))
def test_random_edits_give_the_same_site_as_a_clean_build(
    project: Callable[[str], Path], tmp_path: Path, seed: int
) -> None:
    _random_edits(project("minimal"), random.Random(seed), tmp_path)


@pytest.mark.parametrize("seed", range(3))
def test_random_edits_give_the_same_site_when_unchanged_files_are_known_by_their_stat(
    project: Callable[[str], Path], tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Files are only trusted by their stat once they are older than a clock tick or two; in
    # the test above every file is that young, so each build reads them all again.
    monkeypatch.setattr(inputs, "_RACY_NS", 20_000_000)
    _random_edits(project("minimal"), random.Random(seed), tmp_path, pause=0.03)


@pytest.mark.parametrize("seed", range(3))
def test_random_edits_give_the_same_site_when_each_build_starts_from_the_last_in_memory(
    project: Callable[[str], Path], tmp_path: Path, seed: int
) -> None:
    _random_edits(project("minimal"), random.Random(seed), tmp_path, keep_warm=True)


@pytest.mark.parametrize("seed", range(2))
def test_random_edits_give_the_same_site_when_the_rendering_is_spread_over_workers(
    project: Callable[[str], Path], tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An update forks its workers as a newsroom's site does, even for a handful of files.
    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_OUTPUTS", 1)
    monkeypatch.setattr(parallel, "worker_count", lambda: 2)
    _random_edits(project("minimal"), random.Random(seed), tmp_path, keep_warm=True)


def test_the_cache_in_memory_is_set_aside_once_another_build_has_written_the_cache(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    warm = build(root).warm
    assert warm is not None and warm.current(root)
    append(root / "content" / "vi" / "ke-hoach.md", "\nThêm một câu.\n")
    build(root)  # as `python build.py` in another terminal would, while the preview runs
    assert not warm.current(root)


def _random_edits(
    root: Path, rng: random.Random, tmp_path: Path, pause: float = 0.0, keep_warm: bool = False
) -> None:
    warm = build(root).warm if keep_warm else None
    for _ in range(12):
        before = tree(root / "site")
        rng.choice(EDITS)(root, rng)
        expected = clean_build(root, tmp_path)
        time.sleep(pause)
        try:
            report = build(root, warm=warm)
            warm = report.warm if keep_warm else None
        except BuildError:
            assert expected is None, "the incremental build failed where a clean one did not"
            assert tree(root / "site") == before, "a failed build changed site/"
            continue
        assert expected is not None, "the incremental build passed where a clean one failed"
        assert tree(root / "site") == expected


def test_an_edit_that_keeps_a_files_size_and_mtime_is_seen(
    project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inputs, "_RACY_NS", 20_000_000)
    root = project("minimal")
    page = root / "content" / "en" / "ke-hoach.md"
    old = page.stat()
    time.sleep(0.03)
    build(root)
    page.write_text(page.read_text("utf-8").replace("plan", "PLAN", 1), "utf-8")
    os.utime(page, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert (page.stat().st_size, page.stat().st_mtime_ns) == (old.st_size, old.st_mtime_ns)
    build(root)
    assert "PLAN" in (root / "site" / "en" / "plan" / "index.html").read_text("utf-8")


def test_a_file_known_by_its_stat_is_not_read_again(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    page = tmp_path / "content" / "a.md"
    page.write_text("one", "utf-8")
    stat = page.stat()
    known = {
        "content/a.md": inputs.InputStat(
            stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, "as known"
        )
    }
    assert inputs.input_digests(tmp_path, known).digests["content/a.md"] == "as known"
    page.write_text("two!", "utf-8")
    assert inputs.input_digests(tmp_path, known).digests["content/a.md"] == digest(b"two!")


def test_a_file_written_just_before_its_digest_is_not_trusted_by_its_stat(
    tmp_path: Path,
) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("one", "utf-8")
    read = inputs.input_digests(tmp_path)
    assert read.digests["content/a.md"] == digest(b"one")
    assert "content/a.md" not in read.stats


def test_a_noop_build_renders_nothing_and_an_edit_renders_only_what_depends_on_it(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    first = build(root)
    assert build(root).rendered == 0
    page = root / "content" / "en" / "ke-hoach.md"
    page.write_text(page.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    report = build(root)
    assert 0 < report.rendered < first.rendered
    assert "One more sentence." in (root / "site" / "en" / "plan" / "index.html").read_text()


def test_an_edit_to_a_pages_prose_renders_that_page_alone(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("minimal")
    build(root)
    append(root / "content" / "vi" / "ke-hoach.md", "\nThêm một câu.\n")
    assert build(root).rendered == 1
    assert tree(root / "site") == clean_build(root, tmp_path)


def test_a_prose_edit_rewrites_only_the_cache_file_that_holds_the_page(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    build(root)
    files = [root / pages_file(bucket) for bucket in range(PAGE_BUCKETS)]
    written = [(file.stat().st_ino, file.stat().st_mtime_ns) for file in files]
    append(root / "content" / "vi" / "ke-hoach.md", "\nThêm một câu.\n")
    build(root)
    now = [(file.stat().st_ino, file.stat().st_mtime_ns) for file in files]
    assert sum(a != b for a, b in zip(written, now, strict=True)) == 1


@pytest.mark.parametrize("output", ["vi/claims/index.html", "en/claims/library-books.html"])
def test_a_prose_edit_still_rebuilds_another_output_removed_by_hand(
    project: Callable[[str], Path], tmp_path: Path, output: str
) -> None:
    root = project("minimal")
    build(root)
    (root / "site" / output).unlink()
    append(root / "content" / "vi" / "ke-hoach.md", "\nThêm một câu.\n")
    build(root)
    assert tree(root / "site") == clean_build(root, tmp_path)


def test_a_prose_edit_that_cites_another_claim_updates_the_claims_records(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("minimal")
    build(root)
    for lang in ("vi", "en"):
        append(root / "content" / lang / "ke-hoach.md", "\nThêm [@library-books].\n")
    build(root)
    assert tree(root / "site") == clean_build(root, tmp_path)


def test_a_claim_edit_renders_the_table_data_and_the_listing_but_no_search_index_of_prose(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("minimal")
    build(root)
    site = root / "site"
    outputs = {
        "data": site / "en" / "claims" / "data.json",
        "table": site / "en" / "claims" / "index.html",
        "listing": site / "en" / "claims" / "page" / "1" / "index.html",
        "ratings": site / "en" / "ratings" / "index.html",
    }
    stamps = {name: path.stat().st_mtime_ns for name, path in outputs.items()}
    facts = root / "facts.yaml"
    text = facts.read_text("utf-8")
    at = text.index("    en: ")
    facts.write_text(text[:at] + "    en: Edited, " + text[at + 8 :], "utf-8")
    build(root)
    changed = {name for name, path in outputs.items() if path.stat().st_mtime_ns != stamps[name]}
    # The rating scale is a site-wide page, which may show anything of the site's claims.
    assert changed == {"data", "table", "listing", "ratings"}
    assert "Edited, " in outputs["listing"].read_text("utf-8")
    assert tree(site) == clean_build(root, tmp_path)


def test_a_claim_edit_renders_the_one_plain_listing_page_that_shows_the_claim(
    tmp_path: Path,
) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    root = tmp_path / "desk"
    generate(root, pages=12, claims=250)
    build(root)
    listing = sorted((root / "site" / "en" / "claims" / "page").glob("*/index.html"))
    assert len(listing) > 1
    stamps = {path: path.stat().st_mtime_ns for path in listing}
    _sub(root / "facts.yaml", "    en: ", "    en: Edited, ")
    build(root)
    changed = [path for path in listing if path.stat().st_mtime_ns != stamps[path]]
    assert [path.parent.name for path in changed] == ["1"]
    assert "Edited, " in changed[0].read_text("utf-8")


def _bucket_stamps(site: Path) -> dict[str, int]:
    """Each bucket of the search index (<lang>/<name>) -> when its entry file was written."""
    return {
        entry.parent.relative_to(site / "pagefind").as_posix(): entry.stat().st_mtime_ns
        for entry in (site / "pagefind").glob("*/*/pagefind-entry.json")
    }


def test_the_search_index_is_rewritten_only_in_the_buckets_whose_indexed_text_changed(
    project: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = dict.fromkeys(search.BUCKET_SIZES, 2)
    monkeypatch.setattr(search, "BUCKET_SIZES", small)  # a small site in many buckets
    root = project("minimal")
    build(root)
    site = root / "site"
    before = _bucket_stamps(site)
    assert len(before) > 4
    # Not indexed: the corrections policy. Not what Pagefind reads: a comment before the body.
    override(root, "templates/corrections.html")
    append(root / "templates" / "corrections.html", "<!-- x -->\n")
    page = override(root, "templates/page.html")
    page.write_text(page.read_text("utf-8").replace("<article", "<!--x--><article", 1), "utf-8")
    assert build(root).rendered > 2
    assert _bucket_stamps(site) == before
    # A sentence more in one page: its bucket only, in its language.
    append(root / "content" / "vi" / "ke-hoach.md", "\nMột câu mới.\n")
    build(root)
    after = _bucket_stamps(site)
    changed = {bucket for bucket in after if after[bucket] != before.get(bucket)}
    holder = {b for b in after if "/vi/ke-hoach/" in indexed_urls(site / "pagefind" / b)}
    assert changed == holder and len(holder) == 1
    assert tree(site) == clean_build(root, tmp_path)


def test_after_pagefind_is_upgraded_an_edit_writes_every_bucket_again(
    project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bucket written by another Pagefind would not merge with the primary's runtime: the
    # buckets an edit did not touch go too, not only the edited page's.
    monkeypatch.setattr(search, "BUCKET_SIZES", dict.fromkeys(search.BUCKET_SIZES, 2))
    root = project("minimal")
    build(root)
    before = _bucket_stamps(root / "site")
    installed = search.importlib.metadata.version

    def upgraded(name: str) -> str:
        return "99.0.0" if name == "pagefind_bin" else installed(name)

    monkeypatch.setattr(search.importlib.metadata, "version", upgraded)
    append(root / "content" / "vi" / "ke-hoach.md", "\nMột câu mới.\n")
    build(root)
    after = _bucket_stamps(root / "site")
    assert after.keys() == before.keys()
    assert all(after[bucket] != before[bucket] for bucket in before)


def test_a_claim_edit_indexes_again_its_records_and_not_the_pages_that_cite_it(
    project: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "BUCKET_SIZES", dict.fromkeys(search.BUCKET_SIZES, 2))
    root = project("minimal")
    build(root)
    site = root / "site"
    before = _bucket_stamps(site)
    facts = root / "facts.yaml"
    edited = "City A opened its third library in 2021."
    facts.write_text(
        facts.read_text("utf-8").replace("City A opened its 3rd library in 2021.", edited, 1),
        "utf-8",
    )
    build(root)
    after = _bucket_stamps(site)
    changed = {bucket for bucket in after if after[bucket] != before.get(bucket)}
    record = "/en/claims/library-third.html"
    assert changed == {b for b in after if record in indexed_urls(site / "pagefind" / b)}
    citing = site / "en" / "index.html"
    assert edited in citing.read_text("utf-8"), "the page shows the edited claim"
    assert tree(site) == clean_build(root, tmp_path)


def test_the_preview_writes_the_page_first_and_its_search_index_catches_up(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("minimal")
    said: list[str] = []
    preview = Preview(root, root / "site", False, said.append)
    preview.rebuild()
    preview.wait_for_index()
    page = root / "site" / "vi" / "ke-hoach" / "index.html"
    append(root / "content" / "vi" / "ke-hoach.md", "\nMột câu mới về chỉ số.\n")
    preview.rebuild()
    assert "Một câu mới về chỉ số." in page.read_text("utf-8")
    preview.wait_for_index()
    assert any("search index brought up to date" in line for line in said), said
    assert tree(root / "site") == clean_build(root, tmp_path)
    assert build(root).stages == (), "nothing was left for the next build"


def test_after_a_save_that_left_the_index_behind_the_next_build_writes_the_index_alone(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("minimal")
    build(root)
    append(root / "content" / "vi" / "ke-hoach.md", "\nMột câu mới về chỉ số.\n")
    saved = build(root, index_search=False, stay_warm=True)  # the preview's save
    assert saved.index_pending and saved.rendered == 1
    indexed = build(root, warm=saved.warm)  # its index thread
    assert [stage for stage, _ in indexed.stages] == ["fingerprint inputs", "search index"]
    assert indexed.rendered == 0
    assert tree(root / "site") == clean_build(root, tmp_path)
    assert build(root).stages == (), "nothing was left for the next build"


@pytest.mark.parametrize("by_hand", ["removed", "saved over"])
def test_a_search_index_file_changed_by_hand_is_written_again_by_the_previews_index(
    project: Callable[[str], Path], tmp_path: Path, by_hand: str
) -> None:
    # The save's build leaves the index for later: what it keeps must still tell the index's
    # build that the bucket is not as written.
    root = project("minimal")
    preview = Preview(root, root / "site", False, lambda line: None)
    preview.rebuild()
    preview.wait_for_index()
    fragment = sorted((root / "site" / "pagefind" / "en" / "claims-0" / "fragment").iterdir())[0]
    if by_hand == "removed":
        fragment.unlink()
    else:
        saved = fragment.with_name(fragment.name + "~")
        saved.write_bytes(b"tampered")
        saved.replace(fragment)
    append(root / "content" / "vi" / "ke-hoach.md", "\nThêm một câu.\n")
    preview.rebuild()
    preview.wait_for_index()
    assert tree(root / "site") == clean_build(root, tmp_path)


def test_in_the_preview_a_failure_of_the_search_index_alone_leaves_the_pages_served(
    project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = project("minimal")
    said: list[str] = []
    preview = Preview(root, root / "site", False, said.append)
    preview.rebuild()
    preview.wait_for_index()
    not_runnable = tmp_path / "pagefind"
    not_runnable.write_text("not a program", "utf-8")
    monkeypatch.setattr(search, "_executable", lambda: not_runnable)
    append(root / "content" / "vi" / "ke-hoach.md", "\nMột câu mới.\n")
    preview.rebuild()
    preview.wait_for_index()
    assert not preview.outcome.failed, "the pages are as built: no error page in their place"
    assert any("search-index" in line for line in said), said
    assert said[-1] == "the search index is not up to date; the next save tries again"


def test_an_edit_renders_as_little_in_a_new_process_as_in_the_same_one(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    # The keys of the outputs are digests: one taken over a set (whose order follows the hash
    # seed, which each new process draws afresh) would re-render everything on every build.
    def edit_a_claim(root: Path) -> None:
        facts = root / "facts.yaml"
        facts.write_text(facts.read_text("utf-8").replace("    en: ", "    en: Edited, ", 1))

    here, apart = project("minimal"), tmp_path / "apart"
    shutil.copytree(here, apart)
    build(here)
    edit_a_claim(here)
    in_process = build(here).rendered

    def rendered_by_new_process(hash_seed: str) -> tuple[int, int]:
        completed = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "--root", str(apart), "-v"],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        )
        found = re.search(r"(\d+) of (\d+) files rendered", completed.stdout)
        assert found is not None, completed.stdout
        return int(found[1]), int(found[2])

    rendered_by_new_process("1")
    edit_a_claim(apart)
    rendered, total = rendered_by_new_process("2")
    assert 0 < rendered == in_process < total


def _row_ids(table_page: Path) -> list[str]:
    text = table_page.read_text("utf-8")
    return [part.split('"', 1)[0] for part in text.split('<tr id="claim-')[1:]]


def test_adding_a_source_splits_that_source_alone_into_sentences(
    project: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project("minimal")
    build(root)
    _add_source(root, random.Random(0))
    expected = clean_build(root, tmp_path)
    split = sources.split_sentences
    read: list[str] = []
    monkeypatch.setattr(sources, "split_sentences", lambda text: read.append(text) or split(text))
    build(root)
    assert len(read) == 1
    assert tree(root / "site") == expected


def test_new_words_around_a_quote_in_its_source_reach_the_claims_excerpt(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("minimal")
    build(root)
    text = root / "sources" / "thu-vien.txt"
    old = text.read_bytes()
    new = old.replace("theo ông Lê Văn B".encode(), "theo bà Trần Thị D".encode())
    text.write_bytes(new)
    meta = root / "sources" / "thu-vien.yaml"
    sha = hashlib.sha256
    meta.write_text(
        meta.read_text("utf-8").replace(sha(old).hexdigest(), sha(new).hexdigest()), "utf-8"
    )
    expected = clean_build(root, tmp_path)
    build(root)
    # The claim and where its quote sits are as they were: only the sentence around it moved.
    record = (root / "site" / "en" / "claims" / "library-books.html").read_text("utf-8")
    assert "theo bà Trần Thị D" in record and "Lê Văn B" not in record
    assert tree(root / "site") == expected


def test_a_claim_renamed_to_a_reserved_id_fails_and_leaves_the_site_as_it_was(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    build(root)
    before = tree(root / "site")
    for rel, old, new in (
        ("facts.yaml", "  library-books:", "  index:"),
        ("content/vi/index.md", "[@library-books]", "[@index]"),
        ("content/en/index.md", "[@library-books]", "[@index]"),
    ):
        path = root / rel
        path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
    with pytest.raises(BuildError) as failure:
        build(root)
    assert [d.code for d in failure.value.diagnostics] == ["claim-id"]
    assert tree(root / "site") == before


def test_an_output_saved_over_by_hand_is_rebuilt(project: Callable[[str], Path]) -> None:
    # As an editor saves: a new file renamed over the old one, which moves its folder's time.
    # (A file rewritten in place leaves that time alone, and is not looked at: the README says
    # so. Stat-ing every output made a rebuild's cost grow with the site.)
    root = project("minimal")
    build(root)
    page = root / "site" / "vi" / "ke-hoach" / "index.html"
    good = page.read_bytes()
    saved = page.with_name("index.html~")
    saved.write_bytes(b"tampered")
    saved.replace(page)
    build(root)
    assert page.read_bytes() == good


def test_a_new_output_folder_removed_as_the_build_records_the_folders_is_made_again(
    project: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The folder of a new page, removed after the build wrote it and before the folders'
    # times are taken: its parent's time is taken after the removal, and every other folder
    # is as recorded, so only the folder's own record can say it is gone.
    root = project("minimal")
    build(root)
    for lang, title in (("vi", "Trang mới"), ("en", "New page")):
        front = f"---\ntitle: {title}\nsummary: {title}.\norder: 3\nslug: moi\n---\n"
        write(root, f"content/{lang}/moi.md", front + "Một câu.\n")
    gone = root / "site" / "en" / "moi"
    recorded = cache.folder_times

    def removing_first(
        folder: Path, changed: list[str], seen: dict[str, int], *, update: bool
    ) -> dict[str, int]:
        shutil.rmtree(gone)  # fails if the build did not write it
        return recorded(folder, changed, seen, update=update)

    monkeypatch.setattr(incremental, "folder_times", removing_first)
    build(root)
    monkeypatch.undo()
    build(root)
    assert tree(root / "site") == clean_build(root, tmp_path)


def test_a_file_added_by_hand_to_a_folder_no_output_is_in_is_removed(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    build(root)
    drafts = root / "site" / "en" / "drafts"
    drafts.mkdir()
    append(root / "content" / "vi" / "ke-hoach.md", "\nThêm một câu.\n")
    build(root)  # records the times of en/ and of its new folder
    stray = drafts / "old.html"
    stray.write_text("not ours", "utf-8")  # moves drafts/'s time, not en/'s
    build(root)
    assert not stray.exists()


@pytest.mark.parametrize("output", ["vi/ke-hoach/index.html", "en/claims/library-books.html"])
def test_a_file_or_folder_put_by_hand_where_the_other_was_is_replaced(
    project: Callable[[str], Path], tmp_path: Path, output: str
) -> None:
    # A file where an output's folder was, and a folder where an output file was: an update,
    # which writes each file into its folder, cannot go through either.
    root = project("minimal")
    build(root)
    site = root / "site"
    folder = (site / output).parent
    shutil.rmtree(folder)
    folder.write_text("not ours", "utf-8")
    build(root)
    assert tree(site) == clean_build(root, tmp_path)
    (site / output).unlink()
    (site / output).mkdir()
    build(root)
    assert tree(site) == clean_build(root, tmp_path)


def test_a_file_added_by_hand_to_a_folder_of_the_output_is_removed(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    build(root)
    stray = root / "site" / "en" / "claims" / "stray.html"
    stray.write_text("not ours", "utf-8")
    build(root)
    assert not stray.exists()


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_a_damaged_cache_is_ignored(
    project: Callable[[str], Path], tmp_path: Path, damage: str
) -> None:
    root = project("minimal")
    build(root)
    page = root / "content" / "vi" / "ke-hoach.md"
    page.write_text(page.read_text("utf-8") + "\nCâu mới.\n", "utf-8")
    for name in (INDEX_FILE, FACTS_CACHE, *map(pages_file, range(PAGE_BUCKETS))):
        path = root / name
        data = path.read_bytes()
        if damage == "truncate":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "flip":
            path.write_bytes(data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
        else:
            path.write_bytes(b"not a cache at all")
    report = build(root)
    assert report.rendered > 0
    assert tree(root / "site") == clean_build(root, tmp_path)


@pytest.mark.parametrize("records", ["no sequence", "another shape"])
def test_an_index_of_other_code_whose_records_differ_is_ignored(
    project: Callable[[str], Path], tmp_path: Path, records: str
) -> None:
    # As another version of the engine (another branch, say) might have left it: intact, but
    # its records of another shape, and for the other code or (wrongly) for this one.
    root = project("minimal")
    build(root)
    index, outputs = cache._read(root / INDEX_FILE)  # type: ignore[misc]
    if records == "no sequence":
        damaged = (dataclasses.replace(index, code="other"), dict.fromkeys(outputs, 5))
    else:
        damaged = (index, {dest: (*record, "extra") for dest, record in outputs.items()})
    cache._write(root / INDEX_FILE, damaged)
    append(root / "content" / "vi" / "ke-hoach.md", "\nCâu mới.\n")
    assert build(root).rendered > 0
    assert tree(root / "site") == clean_build(root, tmp_path)


def test_the_preview_index_thread_leaves_a_failed_save_to_the_watcher_s_rebuild(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    said: list[str] = []
    preview = Preview(root, root / "site", False, said.append)
    preview.rebuild()
    preview.wait_for_index()
    before = len(said)
    append(root / "content" / "vi" / "ke-hoach.md", "\nSai [@khong-co].\n")
    preview._index()  # as the thread would, had the save come just before it
    assert said[before:] == [], "said once, by the rebuild the save triggers"
    preview.rebuild()
    assert any("khong-co" in line for line in said[before:])


def test_worker_processes_make_the_same_site_as_one_process(
    project: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project("minimal")
    expected = clean_build(root, tmp_path)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_OUTPUTS", 1)
    monkeypatch.setattr(parallel, "worker_count", lambda: 2)
    build(root)
    assert tree(root / "site") == expected


def test_a_template_edit_renders_only_the_outputs_that_use_it(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    first = build(root)
    claim = override(root, "templates/claim.html")
    claim.write_text(claim.read_text("utf-8").replace("<article", "<!-- x -->\n<article"))
    records = [p for p in (root / "site").glob("*/claims/*.html") if p.name != "index.html"]
    assert build(root).rendered == len(records) == 2 * 3
    base = override(root, "templates/base.html")
    base.write_text(base.read_text("utf-8").replace("<main", "<!-- y -->\n<main"))
    # Every page of both languages extends base.html; the language picker at / does not.
    in_languages = [p for lang in ("vi", "en") for p in (root / "site" / lang).rglob("*.html")]
    assert build(root).rendered == len(in_languages) < first.rendered


def test_the_work_an_edit_weighs_workers_against_is_the_outputs_it_renders(
    project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project("minimal")
    build(root)
    claim = override(root, "templates/claim.html")
    claim.write_text(claim.read_text("utf-8").replace("<article", "<!-- x -->\n<article"))
    weighed: list[int] = []
    render_parts = pipeline.render_parts

    def counting(parts: list[parallel.Part], work: int) -> parallel.Rendered:
        weighed.append(work)
        return render_parts(parts, work)

    monkeypatch.setattr(pipeline, "render_parts", counting)
    # The search index's files, kept as they were, are not outputs left unrendered.
    assert weighed == [build(root).rendered] == [2 * 3]


@pytest.mark.parametrize("edit", ["a claim's status", "a page's summary", "a new source"])
def test_an_override_that_shows_more_of_the_site_than_its_default_follows_it(
    edit: str, project: Callable[[str], Path], tmp_path: Path
) -> None:
    # The ratings page showing how many claims have each status (a site-wide page may show
    # anything of the site), and every page showing the summaries of the navigation's pages:
    # more than their defaults read.
    root = project("minimal")
    counts = "{% for status, n in record.counts.items() %}{{ status.value }}={{ n }};{% endfor %}"
    summaries = "{% for item in nav %}{{ item.source.front.summary }};{% endfor %}"
    sources = "{{ record.site.sources|length }} sources"
    for name, shown in (
        ("ratings.html", counts + summaries),
        ("claims.html", counts + sources),
        ("page.html", summaries),
    ):
        write(
            root,
            f"templates/{name}",
            f'{{% extends "default/{name}" %}}{{% block main %}}{{{{ super() }}}}'
            f'<p class="shown">{shown}</p>{{% endblock %}}',
        )
    build(root)
    if edit == "a claim's status":
        _sub(root / "facts.yaml", "status: needs-corroboration", "status: disputed")
    elif edit == "a new source":  # cited by no claim yet
        for suffix in (".txt", ".yaml"):
            (root / "sources" / f"copy{suffix}").write_bytes(
                next((root / "sources").glob(f"*{suffix}")).read_bytes()
            )
    else:
        _sub(root / "content" / "en" / "ke-hoach.md", "more libraries.", "more libraries soon.")
    build(root)
    assert tree(root / "site") == clean_build(root, tmp_path)


def test_links_are_checked_again_where_an_edit_can_break_them(
    project: Callable[[str], Path],
) -> None:
    # A prose edit checks the links of the edited page only; any other edit, all of them.
    root = project("minimal")
    build(root)
    append(root / "content" / "en" / "ke-hoach.md", "\nSee [the list](/en/lists/).\n")
    with pytest.raises(BuildError) as failed:
        build(root)
    assert [d.code for d in failed.value.diagnostics] == ["link-broken"]
    _sub(root / "content" / "en" / "ke-hoach.md", "\nSee [the list](/en/lists/).\n", "")
    build(root)
    # The home page links to the plan, and nothing of it changes when the plan is renamed.
    for lang in ("vi", "en"):
        plan = root / "content" / lang / "ke-hoach.md"
        plan.replace(plan.with_name("ke-hoach-2.md"))
    _sub(root / "content" / "en" / "ke-hoach-2.md", "\nslug: plan", "")
    with pytest.raises(BuildError) as failed:
        build(root)
    assert {(str(d.where.path), d.code) for d in failed.value.diagnostics} == {
        ("content/en/index.md", "link-broken"),
        ("content/vi/index.md", "link-broken"),
    }


def test_compiled_templates_are_kept_per_language_and_catalog(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    build(root)
    kept = root / ".cache" / "templates"
    first = sorted(p.name for p in kept.iterdir())
    assert [name.split("-")[0] for name in first] == ["en", "vi"]
    assert all(any((kept / name).iterdir()) for name in first)
    # The translations are compiled in: a catalog edit compiles the templates again, for
    # that language only, and the folder of the old catalog goes.
    write(
        root,
        "locale/vi/LC_MESSAGES/messages.po",
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "All claims"\nmsgstr "Mọi nhận định"\n',
    )
    build(root)
    second = sorted(p.name for p in kept.iterdir())
    assert len(second) == 2 and second[0] == first[0] and second[1] != first[1]
    assert "Mọi nhận định" in (root / "site" / "vi" / "index.html").read_text("utf-8")


def test_translating_a_page_updates_the_pages_and_data_that_name_it_as_a_clean_build_would(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("reader")
    build(root)
    data = root / "site" / "vi" / "claims" / "data.json"
    assert "/en/plan/" not in data.read_text("utf-8")  # pending: it cites no claim there
    page = root / "content" / "en" / "ke-hoach.md"
    _sub(page, "translation: pending\n", "")
    append(page, "\nThe city plans 2 more libraries before 2030 [@library-plan].\n")
    build(root)
    pages = json.loads(data.read_text("utf-8"))["pages"]
    assert ["/vi/ke-hoach/", "Kế hoạch mở rộng", "/en/plan/"] in pages
    original = (root / "site" / "vi" / "ke-hoach" / "index.html").read_text("utf-8")
    assert 'hreflang="en" href="https://reader.example.org/en/plan/"' in original
    assert tree(root / "site") == clean_build(root, tmp_path)
