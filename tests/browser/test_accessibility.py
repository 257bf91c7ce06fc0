"""axe-core, run inside Chromium on every page of the site: no WCAG 2.1 A or AA violation, in the
light and the dark colour scheme, and with a citation card open."""

from __future__ import annotations

from collections.abc import Iterator
import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page
import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = (
    "async () => {"
    f"  const only = {{runOnly: {{type: 'tag', values: {json.dumps(TAGS)}}}}};"
    "  const result = await axe.run(document, only);"
    "  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
    "    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));"
    "}"
)


@pytest.fixture
def axe_page(browser: Browser, base_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    assert AXE.is_file(), "axe-core is missing: run `npm ci`"
    scheme = getattr(request, "param", "light")
    context = browser.new_context(base_url=base_url, color_scheme=scheme)
    # An init script is injected by the browser itself, so the site's CSP does not refuse it.
    context.add_init_script(path=AXE)
    yield context.new_page()
    context.close()


def violations(page: Page) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = page.evaluate(RUN_AXE)
    return result


@pytest.mark.parametrize("axe_page", ["light", "dark"], indirect=True)
def test_every_page_passes_axe_at_wcag_21_aa(axe_page: Page, page_urls: list[str]) -> None:
    found = {}
    for url in page_urls:
        axe_page.goto(url)
        if problems := violations(axe_page):
            found[url] = problems
    assert len(page_urls) > 20
    assert found == {}


@pytest.mark.parametrize("axe_page", ["light", "dark"], indirect=True)
def test_a_page_with_an_open_card_passes_axe(axe_page: Page) -> None:
    axe_page.goto("/en/")
    axe_page.hover("#cite-library-books-1")
    axe_page.wait_for_selector("#cite-card", state="visible")
    assert violations(axe_page) == []


def test_axe_reports_a_broken_page(axe_page: Page) -> None:
    # The check is only as good as its ability to fail: spoil a page the way a template might.
    axe_page.goto("/en/")
    axe_page.evaluate(
        """() => {
          document.documentElement.removeAttribute('lang');
          document.querySelector('.summary').style.color = '#ccc';
        }"""
    )
    ids = {v["id"] for v in violations(axe_page)}
    assert {"html-has-lang", "color-contrast"} <= ids
