"""What the cache is keyed on: a cache written by other code, or for other libraries, is
never used, so that an incremental build stays what a clean build makes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
import importlib.metadata
from pathlib import Path

import pytest

from factpress import cache
from factpress.pipeline import build


@pytest.fixture
def versions_asked_afresh() -> Iterator[None]:
    # The versions are asked once per process; each test here installs its own.
    cache.library_versions.cache_clear()
    yield
    cache.library_versions.cache_clear()


@pytest.mark.usefixtures("versions_asked_afresh")
@pytest.mark.parametrize("library", cache.LIBRARIES)
def test_an_upgraded_library_makes_the_next_build_render_everything_again(
    project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, library: str
) -> None:
    root = project("minimal")
    first = build(root)
    assert build(root).rendered == 0, "with nothing changed, nothing is rendered"
    installed = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata,
        "version",
        lambda name: f"{installed(name)}.post1" if name == library else installed(name),
    )
    cache.library_versions.cache_clear()
    assert build(root).rendered == first.rendered


@pytest.mark.usefixtures("versions_asked_afresh")
def test_the_versions_are_those_installed() -> None:
    assert dict(cache.library_versions()) == {
        name: importlib.metadata.version(name) for name in cache.LIBRARIES
    }
