"""Short, stable digests of values and files: what the build compares to tell what changed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import hashlib


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
