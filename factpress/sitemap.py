"""The files crawlers and browsers fetch from the site's root by convention: sitemap.xml with the
language alternates of every page, robots.txt pointing at it, and favicon.ico."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
import io
from pathlib import Path, PurePosixPath

from factpress.layout import STATIC_DIR, theme_file
from factpress.model import RenderedFile, Site, SiteConfig
from factpress.urls import home_url

SITEMAP = PurePosixPath("sitemap.xml")
ROBOTS = PurePosixPath("robots.txt")
FAVICON = PurePosixPath("favicon.ico")
FAVICON_SOURCE = PurePosixPath(STATIC_DIR, "favicon.ico")  # also served as /static/favicon.ico
ROOT_URL = "/"
DEFAULT_LANG = "vi"  # the site's main language: where a reader with neither language is sent


def root_favicon(root: Path) -> list[RenderedFile]:
    """static/favicon.ico (the project's, else the theme's) copied to the root, if any."""
    icon = theme_file(root, FAVICON_SOURCE)
    return [RenderedFile(FAVICON, icon.read_bytes())] if icon.is_file() else []


def x_default(alternates: Mapping[str, str]) -> str:
    """The URL for readers whose language is neither: the language picker for the home pages,
    otherwise the page in the site's main language (or the only version there is).
    templates/base.html applies the same rule to its `hreflang="x-default"` link."""
    if any(url == home_url(lang) for lang, url in alternates.items()):
        return ROOT_URL
    return alternates.get(DEFAULT_LANG) or next(iter(alternates.values()))


def render_sitemap(site: Site, groups: Iterable[Mapping[str, str]]) -> RenderedFile:
    """A sitemap listing every URL once, each with `xhtml:link` to all its versions. `groups`
    are the site's pages, each as {language: URL} over its versions."""
    out = io.BytesIO()
    out.write(
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
    )
    # Written as it is made: at 4,000 explainers, the list of its 600,000 lines and their
    # join took the worker making it 40 MB over the memory it shares with the build.
    for number, line in enumerate(_sitemap_lines(site.config.base_url, groups)):
        out.write((("\n" if number else "") + line).encode())
    out.write(b"\n</urlset>\n")
    return RenderedFile(SITEMAP, out.getvalue())


def _sitemap_lines(base: str, groups: Iterable[Mapping[str, str]]) -> Iterator[str]:
    for group in groups:
        default = x_default(group)
        links = [(lang, url) for lang, url in group.items()] + [("x-default", default)]
        locs = list(group.values()) + ([default] if default not in group.values() else [])
        for loc in locs:
            yield f"<url><loc>{_escape(base + loc)}</loc>"
            for lang, url in links:
                yield (
                    f'  <xhtml:link rel="alternate" hreflang={quoteattr(lang)} '
                    f"href={quoteattr(base + url)}/>"
                )
            yield "</url>"


def render_robots(config: SiteConfig) -> RenderedFile:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {config.base_url}/{SITEMAP}\n"
    return RenderedFile(ROBOTS, text.encode("utf-8"))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """xml.sax.saxutils.quoteattr, whose module imports urllib.request (and ssl with it):
    a twentieth of the time every build, even a no-op, took to start."""
    text = _escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))
