"""`build.py reanchor SOURCE NEW_FILE`: each quote re-found in a new capture, nothing re-pointed."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from datetime import date
import hashlib
from pathlib import Path
from typing import Any

from claim_record import build_site
import pytest
from support import ctrl_c_at_each_rename, parse_diagnostics

from factpress.diagnostics import BuildError
from factpress.reanchor import Outcome, reanchor

SOURCE = "cau-song-xanh"
# The new capture: a sentence inserted, a figure changed (850 → 870), the quoted official cut.
NEW_CAPTURE = """Khánh thành cầu Sông Xanh - Bình Minh & Đông Hòa

(TTXVN) Ngày 22-12-2024, tỉnh Bình Minh khánh thành cầu Sông Xanh dài 1.200 m. Đây là cây cầu lớn nhất tỉnh. Cầu có 4 làn xe, tổng vốn 870 tỷ đồng. Theo thiết kế, cầu có 4 làn xe và vỉa hè rộng 2 m.
Người dân hai bên sông rất vui mừng.
Dự án do Công ty Hưng Thịnh thi công trong 30 tháng.
PHẠM LAN
"""  # noqa: E501


def _capture(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "capture.txt"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_each_claim_is_reported_intact_moved_changed_or_gone(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("record")
    report = reanchor(
        root, SOURCE, _capture(tmp_path, NEW_CAPTURE), archived=date(2026, 11, 26), dry_run=True
    )
    results = {r.claim_id: r for r in report.results}
    assert {i: r.outcome for i, r in results.items()} == {
        "bridge-opened": Outcome.MOVED,  # same sentence, new words after it
        "bridge-lanes": Outcome.MOVED,
        "bridge-cost": Outcome.CHANGED,
        "bridge-time": Outcome.GONE,
        "bridge-mood": Outcome.MOVED,
    }
    assert (results["bridge-lanes"].old_sentence, results["bridge-lanes"].new_sentence) == (
        "p2s2",
        "p2s3",
    )
    cost = results["bridge-cost"]
    assert cost.new_text == "tổng vốn 870 tỷ đồng"
    assert 0.9 < cost.similarity < 1
    assert report.needs_review == ("bridge-cost", "bridge-time")


def test_an_identical_capture_leaves_every_claim_intact(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("record")
    same = (root / "sources" / f"{SOURCE}.txt").read_text("utf-8")
    meta = (root / "sources" / f"{SOURCE}.yaml").read_bytes()
    report = reanchor(root, SOURCE, _capture(tmp_path, same), archived=date(2026, 11, 26))
    assert {r.outcome for r in report.results} == {Outcome.INTACT}
    assert report.needs_review == ()
    # Nothing to record: moving `archived:` would make every claim due for no reason.
    assert report.identical and not report.written
    assert (root / "sources" / f"{SOURCE}.yaml").read_bytes() == meta


def test_writing_changes_only_the_status_lines_hash_date_and_text(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("record")
    facts_before = (root / "facts.yaml").read_text("utf-8").splitlines()
    meta_before = (root / "sources" / f"{SOURCE}.yaml").read_text("utf-8").splitlines()
    reanchor(root, SOURCE, _capture(tmp_path, NEW_CAPTURE), archived=date(2026, 11, 26))
    facts_after = (root / "facts.yaml").read_text("utf-8").splitlines()
    changed = [(a, b) for a, b in zip(facts_before, facts_after, strict=True) if a != b]
    assert changed == [
        (
            "    status: needs-corroboration  # no second source yet",
            "    status: needs-review  # no second source yet",
        ),
        ("    status: disputed", "    status: needs-review"),
    ]
    meta_after = (root / "sources" / f"{SOURCE}.yaml").read_text("utf-8").splitlines()
    new_sha = hashlib.sha256(NEW_CAPTURE.encode("utf-8")).hexdigest()
    assert [b for a, b in zip(meta_before, meta_after, strict=True) if a != b] == [
        "archived: 2026-11-26",
        f"sha256: {new_sha}",
    ]
    assert (root / "sources" / f"{SOURCE}.txt").read_text("utf-8") == NEW_CAPTURE


def test_nothing_is_silently_re_pointed(project: Callable[[str], Path], tmp_path: Path) -> None:
    root = project("record")
    reanchor(root, SOURCE, _capture(tmp_path, NEW_CAPTURE), archived=date(2026, 11, 26))
    with pytest.raises(BuildError) as failure:
        build_site(root)
    errors = sorted((d.code, d.message) for d in failure.value.diagnostics if d.is_error)
    assert [code for code, _ in errors] == ["quote-not-found", "quote-not-found"]
    assert "'bridge-cost'" in errors[0][1] and "'bridge-time'" in errors[1][1]
    # The claims whose quote survived were reviewed against the old capture: they are due.
    due = {d.message.split("'")[1] for d in failure.value.diagnostics if d.code == "review-due"}
    assert {"bridge-opened", "bridge-lanes", "bridge-mood"} <= due


def test_context_picks_between_equally_similar_spans(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("record")
    old = "Ở cầu Bắc, phí là 10.000 đồng mỗi lượt. Ở cầu Nam, phí là 12.000 đồng mỗi lượt.\n"
    (root / "sources" / "phi.txt").write_text(old, "utf-8")
    sha = hashlib.sha256(old.encode()).hexdigest()
    (root / "sources" / "phi.yaml").write_text(
        f"title: Phí\npublisher: Báo Mẫu\nlanguage: vi\narchived: 2026-11-18\nsha256: {sha}\n",
        "utf-8",
    )
    with (root / "facts.yaml").open("a", encoding="utf-8") as facts:
        facts.write(
            "  toll-south:\n    source: phi\n    quote: phí là 12.000 đồng mỗi lượt\n"
            "    quote_en: the toll is 12,000 dong a crossing\n"
            "    vi: Phí qua cầu Nam là 12.000 đồng.\n    en: The south toll is 12,000 dong.\n"
            "    status: verified\n    reviewer: Lê Thu\n    reviewed: 2026-11-20\n"
        )
    new = "Ở cầu Bắc, phí là 11.000 đồng mỗi lượt. Ở cầu Nam, phí là 13.000 đồng mỗi lượt.\n"
    report = reanchor(root, "phi", _capture(tmp_path, new), archived=date(2026, 11, 26))
    [result] = report.results
    assert result.outcome is Outcome.CHANGED
    assert result.new_text == "phí là 13.000 đồng mỗi lượt"
    assert result.new_sentence == "p1s2"


def test_the_command_reports_and_exits_non_zero_while_claims_need_review(
    project: Callable[[str], Path], tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    root = project("record")
    capture = _capture(tmp_path, NEW_CAPTURE)
    run = run_cli("reanchor", SOURCE, capture, "--root", root, "--archived", "2026-11-26")
    assert run.code == 1
    out = run.out.splitlines()
    assert "bridge-cost: changed (p2s2 → p2s3, 95% alike): 'tổng vốn 870 tỷ đồng'" in out
    assert "bridge-time: gone" in out
    assert "set to needs-review: bridge-cost, bridge-time" in out


def test_a_source_already_overwritten_cannot_be_compared(
    project: Callable[[str], Path], tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    root = project("record")
    (root / "sources" / f"{SOURCE}.txt").write_text(NEW_CAPTURE, "utf-8")
    run = run_cli("reanchor", SOURCE, _capture(tmp_path, NEW_CAPTURE), "--root", root)
    assert run.code == 1
    assert "[source-changed]" in run.err
    run = run_cli("reanchor", "no-such-source", tmp_path / "capture.txt", "--root", root)
    assert "there is no source 'no-such-source'" in run.err


def test_line_endings_and_comments_survive_the_rewrite(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("record")
    facts = root / "facts.yaml"
    crlf = facts.read_bytes().replace(b"\n", b"\r\n")
    facts.write_bytes(crlf)
    reanchor(root, SOURCE, _capture(tmp_path, NEW_CAPTURE), archived=date(2026, 11, 26))
    after = facts.read_bytes()
    assert after.count(b"\r\n") == crlf.count(b"\r\n")
    assert b"    status: needs-review  # no second source yet\r\n" in after
    assert len(after.splitlines()) == len(crlf.splitlines())


def test_a_write_that_fails_part_way_leaves_every_file_as_it_was(
    project: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a full disk would: facts.yaml must not be left cut short.
    root = project("record")
    files = [
        root / "facts.yaml",
        root / "sources" / f"{SOURCE}.yaml",
        root / "sources" / f"{SOURCE}.txt",
    ]
    before = {path: path.read_bytes() for path in files}
    capture = _capture(tmp_path, NEW_CAPTURE)
    write_bytes = Path.write_bytes

    def disk_full(path: Path, data: bytes) -> int:
        if path.parent.is_relative_to(root):
            write_bytes(path, data[: len(data) // 2])
            raise OSError(28, "No space left on device", str(path))
        return write_bytes(path, data)

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(OSError):
        reanchor(root, SOURCE, capture, archived=date(2026, 11, 26))
    monkeypatch.undo()
    assert {path: path.read_bytes() for path in files} == before
    assert [p.name for p in root.rglob(".*.new")] == []


def test_an_interrupt_between_the_files_comes_after_the_last(
    project: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C after the metadata is replaced must not leave its new sha256 beside the old text.
    root = project("record")
    capture = _capture(tmp_path, NEW_CAPTURE)
    ctrl_c_at_each_rename(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        reanchor(root, SOURCE, capture, archived=date(2026, 11, 26))
    monkeypatch.undo()
    text = root / "sources" / f"{SOURCE}.txt"
    assert text.read_bytes() == capture.read_bytes()
    assert hashlib.sha256(text.read_bytes()).hexdigest() in (
        root / "sources" / f"{SOURCE}.yaml"
    ).read_text("utf-8")


def test_a_facts_file_that_is_a_link_stays_a_link(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("record")
    shared = tmp_path / "shared-facts.yaml"
    (root / "facts.yaml").rename(shared)
    (root / "facts.yaml").symlink_to(shared)
    reanchor(root, SOURCE, _capture(tmp_path, NEW_CAPTURE), archived=date(2026, 11, 26))
    assert (root / "facts.yaml").is_symlink()
    assert "needs-review" in shared.read_text("utf-8")


def test_a_new_capture_dated_before_the_one_it_replaces_is_refused(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    # Its claims would not come due: they look reviewed after a capture that is in fact newer.
    root = project("record")  # archived: 2026-11-18
    with pytest.raises(BuildError) as refused:
        reanchor(root, SOURCE, _capture(tmp_path, NEW_CAPTURE), archived=date(2026, 11, 17))
    assert [d.code for d in refused.value.diagnostics] == ["capture-date"]
    assert "before the one it replaces (2026-11-18)" in refused.value.diagnostics[0].message


def test_a_quote_that_was_not_in_the_old_text_is_looked_for_in_the_new_one(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    # A claim failing already (its quote mistyped, or the text captured again by hand) is not
    # called gone when the new capture holds its words: it is a claim to review.
    root = project("record")
    facts = root / "facts.yaml"
    facts.write_text(
        facts.read_text("utf-8").replace("tổng vốn 850 tỷ đồng", "tổng vốn 870 tỷ đồng"), "utf-8"
    )
    report = reanchor(
        root, SOURCE, _capture(tmp_path, NEW_CAPTURE), archived=date(2026, 11, 26), dry_run=True
    )
    cost = next(r for r in report.results if r.claim_id == "bridge-cost")
    assert (cost.outcome, cost.new_sentence, cost.similarity) == (Outcome.CHANGED, "p2s3", 1.0)
    assert "found once in the new one" in cost.note
    assert "bridge-cost" in report.needs_review


def test_a_page_s_link_to_a_sentence_whose_id_moves_is_reported(
    project: Callable[[str], Path], tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    # The new capture inserts a sentence in paragraph 2, rewords the next and drops the
    # official's quote: a link to #p2s3 would land on another sentence with no error, since
    # the id still exists. The links are found as the build resolves them (a relative one
    # too), and not in code.
    root = project("record")
    page = root / "content" / "en" / "index.md"
    before = page.read_text("utf-8").count("\n")
    links = [
        "[design](/en/sources/cau-song-xanh/#p2s3), [cost](sources/cau-song-xanh/#p2s2),",
        "[quote](/vi/sources/cau-song-xanh/index.html#p3s1), [day](/en/sources/cau-song-xanh#p2s1)",
        "and `[mood](/en/sources/cau-song-xanh/#p4s1)` in code.",
    ]
    page.write_text(page.read_text("utf-8") + "\n" + "\n".join(links) + "\n", "utf-8")
    first = before + 2
    report = reanchor(
        root, SOURCE, _capture(tmp_path, NEW_CAPTURE), archived=date(2026, 11, 26), dry_run=True
    )
    assert [(str(k.where), k.sentence_id, k.now) for k in report.links] == [
        (f"content/en/index.md:{first}:10", "p2s3", "p2s4"),  # moved
        (f"content/en/index.md:{first}:51", "p2s2", "p2s3"),  # moved and reworded
        (f"content/en/index.md:{first + 1}:9", "p3s1", None),  # gone
    ]
    done = run_cli("reanchor", SOURCE, tmp_path / "capture.txt", "--root", root, "--dry-run")
    assert done.code == 1
    assert (
        f"content/en/index.md:{first}:10: this page links to sentence p2s3, which is p2s4 in the "
        "new capture: link to #p2s4"
    ) in done.out


def test_a_link_to_a_sentence_reworded_where_it_was_is_left_alone(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("record")
    page = root / "content" / "en" / "index.md"
    page.write_text(
        page.read_text("utf-8") + "\n[cost](/en/sources/cau-song-xanh/#p2s2)\n", "utf-8"
    )
    old = (root / "sources" / f"{SOURCE}.txt").read_text("utf-8")
    reworded = _capture(tmp_path, old.replace("850 tỷ", "870 tỷ"))
    report = reanchor(root, SOURCE, reworded, archived=date(2026, 11, 26), dry_run=True)
    assert report.links == ()


def test_a_lost_quote_found_twice_in_the_new_text_says_to_quote_more(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("record")
    facts = root / "facts.yaml"
    facts.write_text(facts.read_text("utf-8").replace('"Cầu có 4 làn xe"', '"4 làn  xe"'), "utf-8")
    report = reanchor(
        root, SOURCE, _capture(tmp_path, NEW_CAPTURE), archived=date(2026, 11, 26), dry_run=True
    )
    lanes = next(r for r in report.results if r.claim_id == "bridge-lanes")
    assert lanes.outcome is Outcome.CHANGED
    assert "it occurs 2 times in the new one: quote more words" in lanes.note


def test_a_folder_named_like_a_page_is_no_page(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    # As the build ignores it, so does the look for links to the source's sentences.
    root = project("record")
    (root / "content" / "en" / "archive.md").mkdir()
    report = reanchor(
        root, SOURCE, _capture(tmp_path, NEW_CAPTURE), archived=date(2026, 11, 26), dry_run=True
    )
    assert report.links == () and len(report.results) == 5


# Two more claims on the figure the new capture changes (850 → 870): one written on one line in
# YAML's flow style, one whose status carries a tag. Neither status can be rewritten as a line
# of its own: a value in {…} ends at a comma, and the tag would be left before the new value.
FLOW_CLAIM = (
    "  cost-flow: {source: cau-song-xanh, quote: vốn 850 tỷ đồng, quote_en: 850 billion dong, "
    "vi: Vốn 850 tỷ đồng., en: It cost 850 billion dong., status: verified, reviewer: Lê Thu, "
    "reviewed: 2026-11-20}\n"
)
TAGGED_CLAIM = (
    "  cost-tagged:\n    source: cau-song-xanh\n    quote: 850 tỷ đồng\n"
    "    quote_en: 850 billion dong\n    vi: Cầu tốn 850 tỷ đồng.\n"
    "    en: The bridge cost 850 billion dong.\n    status: !!str verified\n"
    "    reviewer: Lê Thu\n    reviewed: 2026-11-20\n"
)


@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)], ids=["run", "dry run"])
def test_a_status_that_cannot_be_rewritten_in_place_is_refused_and_nothing_written(
    dry_run: tuple[str, ...],
    project: Callable[[str], Path],
    tmp_path: Path,
    run_cli: Callable[..., Any],
) -> None:
    # A dry run says so too: the run it previews would be refused.
    root = project("record")
    facts = root / "facts.yaml"
    lines = facts.read_text("utf-8").count("\n")
    facts.write_text(facts.read_text("utf-8") + FLOW_CLAIM + TAGGED_CLAIM, "utf-8")
    before = {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}
    run = run_cli("reanchor", SOURCE, _capture(tmp_path, NEW_CAPTURE), "--root", root, *dry_run)
    assert run.code == 1
    printed, other = parse_diagnostics(run.err)
    assert other == []
    flow, tagged = printed
    assert flow.head == (
        f"facts.yaml:{lines + 1}:{FLOW_CLAIM.index('verified') + 1}: error: reanchor cannot "
        "rewrite the status of claim 'cost-flow' in place: it is inside a {…} or […] (YAML's "
        "flow style) [yaml-in-place]"
    )
    assert flow.hint == (
        "    hint: rewrite claim 'cost-flow' in block style, a `key: value` line for each "
        "field, with a plain value; then run reanchor again (nothing was written)"
    )
    assert (tagged.line, tagged.column, tagged.code) == (lines + 8, 13, "yaml-in-place")
    assert "it has a tag or an anchor (!!str, &name)" in tagged.message
    assert {path: path.read_bytes() for path in root.rglob("*") if path.is_file()} == before


def test_a_byte_order_mark_before_the_new_text_is_not_archived(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    # Some editors save one before UTF-8 text. It is no part of the text: capture archives
    # none, and the build reads a page without it.
    root = project("record")
    plain = reanchor(
        root, SOURCE, _capture(tmp_path, NEW_CAPTURE), archived=date(2026, 11, 26), dry_run=True
    )
    marked = tmp_path / "marked.txt"
    marked.write_bytes(codecs.BOM_UTF8 + NEW_CAPTURE.encode("utf-8"))
    report = reanchor(root, SOURCE, marked, archived=date(2026, 11, 26))
    assert report.results == plain.results
    assert (root / "sources" / f"{SOURCE}.txt").read_bytes() == NEW_CAPTURE.encode("utf-8")
    new_sha = hashlib.sha256(NEW_CAPTURE.encode("utf-8")).hexdigest()
    assert f"sha256: {new_sha}" in (root / "sources" / f"{SOURCE}.yaml").read_text("utf-8")


def test_a_metadata_file_saved_with_a_byte_order_mark_keeps_it_and_its_first_line_whole(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    # YAML places the values of the first line as if the mark were not there.
    root = project("record")
    meta = root / "sources" / f"{SOURCE}.yaml"
    lines = meta.read_text("utf-8").splitlines(keepends=True)
    archived = next(line for line in lines if line.startswith("archived:"))
    lines.remove(archived)
    meta.write_bytes(codecs.BOM_UTF8 + "".join([archived, *lines]).encode("utf-8"))
    reanchor(root, SOURCE, _capture(tmp_path, NEW_CAPTURE), archived=date(2026, 11, 26))
    data = meta.read_bytes()
    assert data.startswith(codecs.BOM_UTF8 + b"archived: 2026-11-26\n")
    assert data.count(codecs.BOM_UTF8) == 1


# A short text archived by hand, its first claim within the 32 characters of context from its
# start; the figure of its last line is far from it.
TOLLS = (
    "Ở cầu Bắc, phí là 10.000 đồng mỗi lượt.\n"
    "Phí này có từ năm 2020, theo Sở Giao thông tỉnh Bình Minh.\n"
    "Ở cầu Nam, phí là 12.000 đồng mỗi lượt.\n"
)


def _tolls_by_hand(root: Path, data: bytes) -> None:
    (root / "sources" / "phi.txt").write_bytes(data)
    (root / "sources" / "phi.yaml").write_text(
        "title: Phí\npublisher: Báo Mẫu\nlanguage: vi\narchived: 2026-11-18\n"
        f"sha256: {hashlib.sha256(data).hexdigest()}\n",
        "utf-8",
    )
    with (root / "facts.yaml").open("a", encoding="utf-8") as facts:
        facts.write(
            "  toll-north:\n    source: phi\n    quote: phí là 10.000 đồng\n"
            "    quote_en: the toll is 10,000 dong\n"
            "    vi: Phí qua cầu Bắc là 10.000 đồng.\n    en: The north toll is 10,000 dong.\n"
            "    status: verified\n    reviewer: Lê Thu\n    reviewed: 2026-11-20\n"
        )


def test_a_text_archived_by_hand_with_a_byte_order_mark_is_compared_without_it(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("record")
    _tolls_by_hand(root, codecs.BOM_UTF8 + TOLLS.encode("utf-8"))
    archive = root / "sources" / "phi.txt"
    # The same text, the mark aside: nothing to record, and no claim made due for nothing.
    same = reanchor(root, "phi", _capture(tmp_path, TOLLS), archived=date(2026, 11, 26))
    assert (same.identical, same.written) == (True, False)
    assert [r.outcome for r in same.results] == [Outcome.INTACT]
    # A new text: the claim at its start is where it was, with the same words around it.
    new = TOLLS.replace("12.000", "13.000")
    marked = tmp_path / "marked.txt"
    marked.write_bytes(codecs.BOM_UTF8 + new.encode("utf-8"))
    report = reanchor(root, "phi", marked, archived=date(2026, 11, 26))
    assert [(r.outcome, r.new_sentence) for r in report.results] == [(Outcome.INTACT, "p1s1")]
    assert archive.read_bytes() == new.encode("utf-8")


@pytest.mark.parametrize(
    "empty", [b"", b"  \n\n\t\r\n", b"\xef\xbb\xbf\n"], ids=["0 bytes", "white space", "a BOM"]
)
def test_a_new_capture_with_no_text_is_refused_and_nothing_written(
    empty: bytes, project: Callable[[str], Path], tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    # A capture saved before the text was pasted in, or a download cut short: recorded, it
    # would replace the archive and call every claim gone.
    root = project("record")
    before = {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}
    capture = tmp_path / "empty.txt"
    capture.write_bytes(empty)
    run = run_cli("reanchor", SOURCE, capture, "--root", root)
    assert run.code == 1 and run.out == ""
    printed, other = parse_diagnostics(run.err)
    assert other == []
    [refused] = printed
    assert refused.head == (
        f"{capture}:1:1: error: the new capture has no text: the file is empty or holds only "
        "white space [capture-empty]"
    )
    assert refused.hint == (
        "    hint: give the file the new capture's text was saved to, once it is all there "
        "(nothing was written)"
    )
    assert {path: path.read_bytes() for path in root.rglob("*") if path.is_file()} == before
