"""YAML text to plain values that remember the line and column they came from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import PurePosixPath
from typing import Any
import unicodedata

import yaml

from factpress.diagnostics import Diagnostic, Location, error

try:  # libyaml is ~7x faster; the pure-Python loader gives the same nodes
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - wheels without libyaml
    _Loader = yaml.SafeLoader

_STR_TAG = "tag:yaml.org,2002:str"
Scalar = str | int | float | bool | None | object  # object: dates and timestamps


class Misread(str):
    """A scalar that YAML takes for a value it cannot be (`2026-02-30` for a date, `!!int abc`
    for a number): its text as written, which a field expecting a date or a number reports."""

    meant: str  # what YAML took it for: "a real date", "a whole number"…

    def __new__(cls, text: str, meant: str) -> Misread:
        made = super().__new__(cls, text)
        made.meant = meant
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return (Misread, (str(self), self.meant))


_MEANT = {
    "tag:yaml.org,2002:timestamp": "a real date",
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True, slots=True)
class YNode:
    """A YAML value with its position: a scalar, a tuple of YNode, or a dict of str to YNode."""

    value: object
    where: Location
    key_where: Location | None = None  # for a mapping's value: where its key is written

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_sequence(self) -> bool:
        return isinstance(self.value, tuple)

    @property
    def key_or_value_where(self) -> Location:
        return self.key_where or self.where

    def mapping(self) -> dict[str, YNode]:
        assert isinstance(self.value, dict)
        return self.value

    def items(self) -> tuple[YNode, ...]:
        assert isinstance(self.value, tuple)
        return self.value


def load_yaml(
    text: str, path: PurePosixPath, first_line: int = 1
) -> tuple[YNode | None, list[Diagnostic]]:
    """Parse one YAML document; `first_line` is the file line where `text` starts."""
    offset = first_line - 1
    diagnostics: list[Diagnostic] = []
    try:
        root = _Builder(path, offset, diagnostics).document(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        at_end = exc.problem_mark is not None and exc.problem_mark.index >= len(text.rstrip())
        if exc.context_mark and exc.context and at_end:
            # The file ran out inside something opened earlier (a quote, a [ or { never
            # closed): the mistake is where it opened, not at the file's end.
            mark, problem = exc.context_mark, f"{exc.context.strip()} opened here, {problem}"
        line, col = (mark.line + 1 + offset, mark.column + 1) if mark else (first_line, 1)
        return None, [
            error(
                Location(path, line, col),
                "yaml-syntax",
                f"YAML syntax error: {problem}",
                "check indentation, and quote text that contains ': ', '#' or starts with a quote",
            )
        ]
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, without a mark
        before = text[: exc.position]
        line = before.count("\n") + first_line
        column = exc.position - (before.rfind("\n") + 1) + 1
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return None, [
            error(
                Location(path, line, column),
                "yaml-syntax",
                f"the character U+{character:04X} is not allowed in YAML",
                "delete it: it is invisible, often pasted from a word processor (write it as an "
                "escape, such as \\t, inside double quotes if it is meant)",
            )
        ]
    except yaml.YAMLError as exc:  # no other is known to come without a mark
        return None, [
            error(
                Location(path, first_line),
                "yaml-syntax",
                f"YAML error: {exc}",
                "check the file's YAML from the top",
            )
        ]
    if root is None:
        return None, []
    return root, diagnostics


def yaml_events(text: str) -> Iterator[Any]:
    """The parser's events for `text`, as load_yaml reads it (with the same marks)."""
    return iter(yaml.parse(text, Loader=_Loader))


def dump_scalar(value: str | date | None) -> str:
    """`value` as the project's files write it after `key: `, on a line of its own, so that
    load_yaml reads back the same value of the same type: text plain where YAML reads it as
    text (an address, a sha256 even when it begins with a digit) and quoted where plain it
    would be something else (`'yes'`, `'2026-12-08'`, a sha256 of digits alone); a day as
    YYYY-MM-DD and a time in UTC as YYYY-MM-DDTHH:MM:SSZ, plain, which YAML reads as such."""
    if isinstance(value, datetime):
        moment = value.astimezone(UTC) if value.tzinfo is not None else value
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    dumped: str = yaml.safe_dump(value, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n...\n").strip()


class _Builder:
    """YNodes straight from the parser's events. yaml.compose would first build its own tree
    of nodes, each with two mark objects: for a facts.yaml of 5,000 claims that tree held
    ~50 MB at once, the peak memory of a whole build."""

    def __init__(self, path: PurePosixPath, offset: int, diagnostics: list[Diagnostic]) -> None:
        self.path = path
        self.offset = offset
        self.diagnostics = diagnostics
        self.anchors: dict[str, YNode] = {}
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()

    def document(self, events: Iterator[Any]) -> YNode | None:
        """The one document of the stream (None if it has none), as yaml.compose reads it."""
        events = iter(events)
        next(events)  # StreamStartEvent
        start = next(events)
        if isinstance(start, yaml.StreamEndEvent):
            return None
        root = self.node(events, next(events))
        next(events)  # DocumentEndEvent
        extra = next(events)
        if not isinstance(extra, yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                start.start_mark,
                "but found another document",
                extra.start_mark,
            )
        return root

    def node(self, events: Iterator[Any], event: Any) -> YNode:
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"found undefined alias {event.anchor!r}", mark
                )
            return self.anchors[event.anchor]
        where = Location(self.path, mark.line + 1 + self.offset, mark.column + 1)
        if isinstance(event, yaml.ScalarEvent):
            node = YNode(self.scalar(event), where)
        elif isinstance(event, yaml.SequenceStartEvent):
            items = []
            for item in events:
                if isinstance(item, yaml.SequenceEndEvent):
                    break
                items.append(self.node(events, item))
            node = YNode(tuple(items), where)
        else:
            node = YNode(self.mapping(events), where)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.anchors[anchor] = node
        return node

    def mapping(self, events: Iterator[Any]) -> dict[str, YNode]:
        mapping: dict[str, YNode] = {}
        for key_event in events:
            if isinstance(key_event, yaml.MappingEndEvent):
                break
            key = self.node(events, key_event)
            value = self.node(events, next(events))
            name = str(key.value)
            if name in mapping:
                first = mapping[name].key_or_value_where
                self.diagnostics.append(
                    error(
                        key.where,
                        "yaml-duplicate-key",
                        f"duplicate key '{name}' (first defined at line {first.line})",
                        "every key of a mapping must be unique: rename or merge the two",
                    )
                )
                continue
            mapping[name] = YNode(value.value, value.where, key.where)
        return mapping

    def scalar(self, event: Any) -> object:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        if tag == _STR_TAG:  # most scalars: the constructor would return the text as is
            # As the web writes Vietnamese (NFC): a file saved decomposed (NFD, as some editors
            # and macOS file names do) would publish decomposed text, and count its length so.
            text: str = event.value
            return text if unicodedata.is_normalized("NFC", text) else _nfc(text)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError:  # an unknown tag (`title: !Breaking news`): said at its place
            raise
        except Exception as exc:
            if tag in _MEANT:  # `2026-02-30`, `!!int abc`: the field that wants one says so
                return Misread(event.value, _MEANT[tag])
            raise yaml.constructor.ConstructorError(
                None, None, f"the tag {tag} does not fit {event.value!r}", event.start_mark
            ) from exc
