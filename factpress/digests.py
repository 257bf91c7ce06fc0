"""Short, stable digests of values and files: what the build compares to tell what changed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from functools import cache
import hashlib

from factpress.diagnostics import Location


def digest(*parts: object) -> str:
    """A short, stable digest of `parts` by their repr (str and bytes as they are)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        if isinstance(part, bytes):
            hasher.update(part)
        else:
            hasher.update(part.encode() if isinstance(part, str) else repr(part).encode())
        hasher.update(b"\0")
    return hasher.hexdigest()


def digest_of(digests: Mapping[str, str], prefixes: Iterable[str]) -> str:
    """One digest over the files whose path starts with one of `prefixes`."""
    prefixes = tuple(prefixes)
    return digest(*sorted((k, v) for k, v in digests.items() if k.startswith(prefixes)))


def content_digest(value: object, skip: tuple[str, ...] = ()) -> str:
    """The digest of a dataclass's fields (a claim's, a source's) but those in `skip` and
    those that say where it is written in its file: moving a claim down facts.yaml changes no
    page. New fields are included without further ado."""
    kind: type = type(value)
    values = ((name, getattr(value, name)) for name in _field_names(kind))
    return digest([(n, v) for n, v in values if n not in skip and not _is_location(v)])


def _is_location(value: object) -> bool:
    # A mapping of locations (where each rendering of a quote is written) is a location too.
    if isinstance(value, Mapping):
        return bool(value) and all(isinstance(v, Location) for v in value.values())
    return isinstance(value, Location)


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))
