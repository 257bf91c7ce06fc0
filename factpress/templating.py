"""A Jinja environment for one language whose interface strings are translated when a template
is compiled, not each time it is rendered.

Every page shows dozens of `_("…")` strings; at newsroom scale (tens of thousands of files)
calling gettext for each of them on every render was a fifth of the rendering time. The
catalog cannot change while an environment lives (each build makes its own), so a call with a
literal message is replaced by its translation in the template's syntax tree, with the same
result as Jinja's "newstyle" gettext: the translation is markup-safe, and its %(name)s
placeholders are filled with the escaped keyword arguments. Any other call is left as it is.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from babel.support import Translations
import jinja2
from jinja2 import nodes
from jinja2.visitor import NodeTransformer

_GETTEXT_NAMES = frozenset({"_", "gettext"})


class TranslatingEnvironment(jinja2.Environment):
    """An environment bound to one catalog (see the module's docstring)."""

    def __init__(self, translations: Translations, **options: Any) -> None:
        super().__init__(**options)
        self.translations = translations

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        # A plain dict rather than Jinja's ChainMap over the environment's globals (which are
        # all set before any template loads): every `{% import %}` compares the globals' keys,
        # and on a ChainMap that is a Python loop, a tenth of a claim record's render.
        return {**self.globals, **(d or {})}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        translated: nodes.Template = _Translate(self.translations).visit(tree)
        return translated


class _Translate(NodeTransformer):
    def __init__(self, translations: Translations) -> None:
        self.translations = translations

    def visit_Call(self, node: nodes.Call) -> nodes.Node:  # noqa: N802 - Jinja's visitor names
        visited = self.generic_visit(node)
        message = _literal_message(visited)
        if message is None:
            return visited
        assert isinstance(visited, nodes.Call)
        line = visited.lineno
        safe = nodes.MarkSafeIfAutoescape(
            nodes.Const(self.translations.gettext(message)), lineno=line
        )
        # Newstyle gettext always formats, so that "%%" means "%" with or without arguments.
        pairs = [nodes.Pair(nodes.Const(kw.key), kw.value, lineno=line) for kw in visited.kwargs]
        return nodes.Mod(safe, nodes.Dict(pairs, lineno=line), lineno=line)


def _literal_message(node: nodes.Node) -> str | None:
    """The message of a `_("…")` or `gettext("…")` call with a literal string, else None."""
    if not (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.Name)
        and node.node.name in _GETTEXT_NAMES
        and len(node.args) == 1
        and node.dyn_args is None
        and node.dyn_kwargs is None
    ):
        return None
    [arg] = node.args
    return arg.value if isinstance(arg, nodes.Const) and isinstance(arg.value, str) else None
