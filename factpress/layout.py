"""Where a project keeps its files, and the default theme that stands behind its own.

A project is `site.yaml`, `facts.yaml`, `sources/` and `content/<lang>/`. Its look is the
theme: `templates/`, `locale/` (the interface catalogs) and `static/`. The package ships a
complete default theme; a project's own theme folders override it file by file and may add
files, as MkDocs' `custom_dir` does. A project with no theme folder at all builds from the
default alone.
"""

from __future__ import annotations

from collections.abc import Iterator
import os
from pathlib import Path, PurePosixPath

CONTENT_DIR = "content"
SOURCES_DIR = "sources"
TEMPLATES_DIR = "templates"
LOCALE_DIR = "locale"
STATIC_DIR = "static"
FACTS_FILE = PurePosixPath("facts.yaml")
CONFIG_FILE = PurePosixPath("site.yaml")
OUTPUT_DIR = "site"
CACHE_DIR = ".cache"

THEME_FOLDERS = (TEMPLATES_DIR, LOCALE_DIR, STATIC_DIR)
# Every file a build reads lies in one of these, or is one of these.
INPUT_FOLDERS = (CONTENT_DIR, SOURCES_DIR, *THEME_FOLDERS)
INPUT_FILES = (FACTS_FILE.as_posix(), CONFIG_FILE.as_posix())

DEFAULT_THEME = Path(__file__).resolve().parent / "default_theme"
# A project template of the same name as a default one hides it; the default stays reachable
# under this prefix, so that an override can extend what it replaces:
# `{% extends "default/base.html" %}`.
DEFAULT_PREFIX = "default"


def theme_files(root: Path, folder: str) -> Iterator[tuple[str, str]]:
    """(posix path under the root, file path) of every file of one theme folder that a build
    uses: the project's own, then each default file the project does not override, by name."""
    own = set()
    for rel, entry in walk(root / folder, f"{folder}/"):
        if entry.is_file():  # a link to a file counts, as rglob and is_file() did
            own.add(rel)
            yield rel, entry.path
    for rel, entry in walk(DEFAULT_THEME / folder, f"{folder}/"):
        if rel not in own and entry.is_file():
            yield rel, entry.path


def theme_file(root: Path, rel: PurePosixPath) -> Path:
    """The file that `rel` (under a theme folder) stands for: the project's if it has one."""
    own = root / rel
    return own if own.is_file() else DEFAULT_THEME / rel


def walk(folder: Path, prefix: str = "") -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(prefix + posix path under `folder`, entry) of everything below `folder` but folders;
    links to folders are not followed (as rglob). A missing folder holds nothing."""
    # scandir's entries know whether they are folders without a stat: twice as fast as os.walk
    # on a site of ~14,000 files, each in a folder of its own.
    stack = [(str(folder), prefix)]
    while stack:
        path, under = stack.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:  # missing, or a file where a folder was expected
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append((entry.path, f"{under}{entry.name}/"))
            else:
                yield under + entry.name, entry
