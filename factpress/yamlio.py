"""YAML text to plain values that remember the line and column they came from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

import yaml

from factpress.diagnostics import Diagnostic, Location, error

try:  # libyaml is ~7x faster; the pure-Python loader gives the same nodes
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - wheels without libyaml
    _Loader = yaml.SafeLoader

_STR_TAG = "tag:yaml.org,2002:str"
Scalar = str | int | float | bool | None | object  # object: dates and timestamps


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
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1 + offset, mark.column + 1) if mark else (first_line, 1)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        return None, [
            error(
                Location(path, line, col),
                "yaml-syntax",
                f"YAML syntax error: {problem}",
                "check indentation, and quote text that contains ': ', '#' or starts with a quote",
            )
        ]
    except yaml.YAMLError as exc:  # e.g. a stray control character, reported without a mark
        return None, [error(Location(path, first_line), "yaml-syntax", f"YAML error: {exc}")]
    if root is None:
        return None, []
    diagnostics: list[Diagnostic] = []
    return _convert(
        root, path, offset, yaml.constructor.SafeConstructor(), diagnostics
    ), diagnostics


def _convert(
    node: yaml.Node,
    path: PurePosixPath,
    offset: int,
    constructor: yaml.constructor.SafeConstructor,
    diagnostics: list[Diagnostic],
) -> YNode:
    where = Location(path, node.start_mark.line + 1 + offset, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, YNode] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path, offset, constructor, diagnostics)
            name = str(key.value)
            if name in mapping:
                first = mapping[name].key_or_value_where
                diagnostics.append(
                    error(
                        key.where,
                        "yaml-duplicate-key",
                        f"duplicate key '{name}' (first defined at line {first.line})",
                        "every key of a mapping must be unique: rename or merge the two",
                    )
                )
                continue
            value = _convert(value_node, path, offset, constructor, diagnostics)
            mapping[name] = YNode(value.value, value.where, key.where)
        return YNode(mapping, where)
    if isinstance(node, yaml.SequenceNode):
        return YNode(
            tuple(_convert(item, path, offset, constructor, diagnostics) for item in node.value),
            where,
        )
    if node.tag == _STR_TAG:  # most scalars: the constructor would return node.value as is
        return YNode(node.value, where)
    return YNode(constructor.construct_object(node, deep=True), where)
