"""One-line edits of the project's YAML files, keeping every other line, comment and order as
the writer left them: what `reanchor` records when a source is captured again."""

from __future__ import annotations

from datetime import date
import hashlib
from pathlib import Path
import re

from factpress.capture import SAVED_FILE, page_record
from factpress.fetch import Page
from factpress.layout import FACTS_FILE
from factpress.model import Claim, Source, Status
from factpress.sources import page_path
from factpress.write import uninterrupted
from factpress.yamlio import YNode, dump_scalar, load_yaml

_SCALAR = re.compile(r"""(['"]?)[^\s'"#]+\1""")
_CAPTURE_NOTES = (SAVED_FILE,)  # the comments `capture` writes after a field of the page


def record_capture(
    root: Path,
    source: Source,
    data: bytes,
    archived: date,
    review: list[Claim],
    page: Page | None = None,
) -> None:
    """Replace the archived text by `data`, record its sha256 and capture date, and set the
    claims in `review` to needs-review: each a one-line edit, every other byte kept. With the
    web `page` the text was extracted from, keep it too (sources/<id>.html), and record its
    sha256 and where and when it was fetched: a line each, added if the file has none."""
    meta_path = root / source.meta_path
    meta_text = _read(meta_path)
    node, _ = load_yaml(meta_text, source.meta_path)
    assert node is not None and node.is_mapping
    fields = node.mapping()
    sha256 = dump_scalar(hashlib.sha256(data).hexdigest())
    meta_text = _replace_scalar(meta_text, fields["sha256"], sha256)
    meta_text = _replace_scalar(meta_text, fields["archived"], dump_scalar(archived))
    files = [(root / source.src_path, data)]
    if page is not None:
        for name, value, note in page_record(page):
            meta_text = _set_field(meta_text, fields.get(name), name, value, note)
        files.append((root / page_path(source.id), page.data))
    facts_path = root / FACTS_FILE
    facts_text = _read(facts_path)
    facts, _ = load_yaml(facts_text, FACTS_FILE)
    assert facts is not None
    claim_nodes = facts.mapping()["claims"].mapping()
    for claim in review:
        if claim.status is not Status.NEEDS_REVIEW:
            status = claim_nodes[claim.id].mapping()["status"]
            facts_text = _replace_scalar(facts_text, status, Status.NEEDS_REVIEW.value)
    _replace_files(
        [(meta_path, meta_text.encode("utf-8")), (facts_path, facts_text.encode("utf-8")), *files]
    )


def _set_field(text: str, node: YNode | None, name: str, value: str, note: str) -> str:
    """`text` with the field `name` set to `value` (YAML, as `capture` writes it) and the
    comment `note` after it: its scalar replaced, or a line added."""
    if node is not None:
        return _replace_scalar(text, node, value, note)
    newline = "\r\n" if "\r\n" in text else "\n"
    if text and not text.endswith("\n"):
        text += newline
    return f"{text}{name}: {value}{f'  {note}' if note else ''}{newline}"


def _replace_scalar(text: str, node: YNode, value: str, note: str | None = None) -> str:
    """`text` with the plain or quoted scalar of `node` replaced by `value`, all else kept.
    With a `note`, the comment after it becomes `note`, unless it is the writer's own: a
    comment `capture` wrote would no longer be true of the new value."""
    lines = text.splitlines(keepends=True)
    index = node.where.line - 1
    line = lines[index]
    column = node.where.column - 1
    match = _SCALAR.match(line, column)
    assert match is not None, f"no scalar at {node.where}"
    rest = line[match.end() :]
    body = rest.rstrip("\r\n")
    if note is not None and body.strip() in ("", *_CAPTURE_NOTES):
        rest = (f"  {note}" if note else "") + rest[len(body) :]
    lines[index] = line[:column] + value + rest
    return "".join(lines)


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
