"""One-line edits of the project's YAML files, keeping every other line, comment and order as
the writer left them: what `reanchor` records when a source is captured again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
import hashlib
from pathlib import Path, PurePosixPath

import yaml

from factpress.capture import SAVED_FILE, page_record
from factpress.diagnostics import BuildError, Diagnostic, error
from factpress.fetch import Page
from factpress.layout import FACTS_FILE
from factpress.model import Claim, Source, Status
from factpress.sources import page_path
from factpress.write import uninterrupted
from factpress.yamlio import YNode, dump_scalar, load_yaml, yaml_events

_CAPTURE_NOTES = (SAVED_FILE,)  # the comments `capture` writes after a field of the page


def record_capture(
    root: Path,
    source: Source,
    data: bytes,
    archived: date,
    review: list[Claim],
    page: Page | None = None,
    *,
    write: bool = True,
) -> None:
    """Replace the archived text by `data`, record its sha256 and capture date, and set the
    claims in `review` to needs-review: each a one-line edit, every other byte kept. With the
    web `page` the text was extracted from, keep it too (sources/<id>.html), and record its
    sha256 and where and when it was fetched: a line each, added if the file has none.
    BuildError, and nothing written, if a value to change cannot be rewritten in place.
    Without `write` (a dry run), only that: the edits are made in memory, to be refused."""
    meta = _YamlFile(root, source.meta_path)
    fields, whose = meta.node.mapping(), str(source.meta_path)
    sha256 = dump_scalar(hashlib.sha256(data).hexdigest())
    meta.replace(fields["sha256"], sha256, ("sha256", whose))
    meta.replace(fields["archived"], dump_scalar(archived), ("archived", whose))
    files = [(root / source.src_path, data)]
    if page is not None:
        for name, value, note in page_record(page):
            meta.set_field(name, value, note, whose)
        files.append((root / page_path(source.id), page.data))
    facts = _YamlFile(root, PurePosixPath(FACTS_FILE))
    claim_nodes = facts.node.mapping()["claims"].mapping()
    needs_review = dump_scalar(Status.NEEDS_REVIEW.value)
    for claim in review:
        if claim.status is not Status.NEEDS_REVIEW:
            status = claim_nodes[claim.id].mapping()["status"]
            facts.replace(status, needs_review, ("status", f"claim '{claim.id}'"))
    if meta.problems or facts.problems:
        raise BuildError([*meta.problems, *facts.problems])
    if write:
        _replace_files([meta.new_file(), facts.new_file(), *files])


@dataclass(frozen=True, slots=True)
class _Scalar:
    """A scalar as written: the column (0-based) just past it on its line, and why it cannot
    be rewritten in place ("" if it can)."""

    end: int
    why_not: str


class _YamlFile:
    """A YAML file of the project, its scalars rewritten one at a time in place. A scalar that
    cannot be is a problem, said where it is, and the file is then not to be written."""

    def __init__(self, root: Path, path: PurePosixPath) -> None:
        self.path = root / path
        text = _read(self.path)
        # A byte-order mark some editors save first is no character of the YAML, which places
        # values on the first line as if it were not there: it is set aside, and written back.
        self.mark = "\ufeff" if text.startswith("\ufeff") else ""
        self.text = text.removeprefix(self.mark)
        node, _ = load_yaml(self.text, path)
        # The caller has loaded the file without a problem: a mapping it is.
        assert node is not None and node.is_mapping
        self.node = node
        self.scalars = _scalars(self.text)
        self.problems: list[Diagnostic] = []

    def set_field(self, name: str, value: str, note: str, whose: str) -> None:
        """Set the top-level field `name` of `whose` to `value` (YAML, as `capture` writes it)
        with the comment `note` after it: its scalar replaced, or a line added at the end."""
        node = self.node.mapping().get(name)
        if node is not None:
            self.replace(node, value, (name, whose), note)
            return
        newline = "\r\n" if "\r\n" in self.text else "\n"
        if self.text and not self.text.endswith("\n"):
            self.text += newline
        self.text += f"{name}: {value}{f'  {note}' if note else ''}{newline}"

    def replace(
        self, node: YNode, value: str, field: tuple[str, str], note: str | None = None
    ) -> None:
        """Replace the scalar of `node`, the `field` (name, whose: "claim 'x'" or a file), by
        `value`, all else kept. With a `note`, the comment after it becomes `note`, unless it
        is the writer's own: a comment `capture` wrote would no longer be true of the new
        value."""
        line_number, column = node.where.line, node.where.column - 1
        scalar = self.scalars.get((line_number, column), _Scalar(column, "it is not a plain value"))
        if scalar.why_not:
            self.problems.append(
                error(
                    node.where,
                    "yaml-in-place",
                    f"reanchor cannot rewrite the {field[0]} of {field[1]} in place: "
                    f"{scalar.why_not}",
                    f"rewrite {field[1]} in block style, a `key: value` line for each field, "
                    "with a plain value; then run reanchor again (nothing was written)",
                )
            )
            return
        lines = self.text.splitlines(keepends=True)
        line = lines[line_number - 1]
        if scalar.end == column:  # nothing written after `key:`: a space before the value
            value = " " + value
        rest = line[scalar.end :]
        body = rest.rstrip("\r\n")
        if note is not None and body.strip() in ("", *_CAPTURE_NOTES):
            rest = (f"  {note}" if note else "") + rest[len(body) :]
        lines[line_number - 1] = line[:column] + value + rest
        self.text = "".join(lines)

    def new_file(self) -> tuple[Path, bytes]:
        return self.path, (self.mark + self.text).encode("utf-8")


# A value is rewritten by rewriting the characters it is written in, on its line, with a new
# value written as `capture` writes one: for a line `key: value` of its own (block style).
# Elsewhere the same characters would not say the same: in a {…} or […] (flow style) a comma
# or a bracket ends a plain value, so an address with a comma in it would break the mapping;
# before a tag or an anchor, the new value would not be what YAML reads; a block scalar or a
# value over several lines has other lines. Rewriting those too would take other rules for
# each style, each to be got right, where a writer puts the claim in block style once, by hand:
# refusing, with nothing written, is the safer way.
def _scalars(text: str) -> dict[tuple[int, int], _Scalar]:
    """The scalars of `text`, by the line (1-based) and column (0-based) where load_yaml
    places a value: where each ends, and why it cannot be rewritten in place."""
    found: dict[tuple[int, int], _Scalar] = {}
    in_flow = [False]  # for each collection open around the event: is it in flow style?
    for event in yaml_events(text):
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            in_flow.append(in_flow[-1] or bool(event.flow_style))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            in_flow.pop()
        elif isinstance(event, yaml.ScalarEvent):
            start, end = event.start_mark, event.end_mark
            assert start is not None and end is not None  # the parser marks every event
            why_not = ""
            if in_flow[-1]:
                why_not = "it is inside a {…} or […] (YAML's flow style)"
            elif event.tag is not None or event.anchor is not None:
                why_not = "it has a tag or an anchor (!!str, &name)"
            elif event.style in ("|", ">") or start.line != end.line:
                why_not = "it is written over several lines"
            found[(start.line + 1, start.column)] = _Scalar(end.column, why_not)
    return found


# newline="": line endings are read and written as they are, so a CRLF file stays CRLF.
def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as file:
        return file.read()


def _replace_files(files: list[tuple[Path, bytes]]) -> None:
    """Write the files all or none: a full disk or Ctrl-C part-way must neither cut facts.yaml
    short nor leave a new sha256 beside the old text. Each file's new bytes go to a file beside
    it (beside the file a link points to, so that the link stays); once all are written, they
    are renamed over the old ones together, with Ctrl-C held until the last."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            target = path.resolve()
            new = target.with_name(f".{target.name}.new")
            staged.append((new, target))
            new.write_bytes(data)
            if target.exists():  # a page kept for the first time is a new file
                new.chmod(target.stat().st_mode & 0o7777)
        with uninterrupted():
            for new, target in staged:
                new.replace(target)
    finally:
        for new, _ in staged:
            new.unlink(missing_ok=True)
