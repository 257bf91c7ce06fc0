"""Every page loads only from its own site, under a strict Content-Security-Policy, with no
error in the browser's console: no third-party resource, no inline script or style."""

from __future__ import annotations

from playwright.sync_api import ConsoleMessage, Page


def test_pages_request_nothing_from_elsewhere_and_break_no_rule_of_the_csp(
    page: Page, base_url: str, page_urls: list[str]
) -> None:
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => console.error('CSP refused ' + e.blockedURI + ' for ' + e.violatedDirective))"
    )
    for url in page_urls:
        page.goto(url)
        markers = page.locator(".cite a")
        if markers.count():  # the card's script runs under the same policy
            markers.first.hover()
            page.keyboard.press("Escape")
    elsewhere = [u for u in requests if not u.startswith(base_url + "/")]
    assert elsewhere == []
    assert errors == []
    loaded = {u.removeprefix(base_url) for u in requests}
    assert {"/static/style.css", "/static/site.js"} <= loaded


def test_the_policy_is_enforced_so_the_check_above_can_fail(page: Page) -> None:
    messages: list[ConsoleMessage] = []
    page.on("console", lambda m: messages.append(m))
    page.goto("/en/")
    page.evaluate(
        """() => {
          const s = document.createElement('script');
          s.textContent = 'window.inlineRan = true';
          document.body.appendChild(s);
        }"""
    )
    assert page.evaluate("() => window.inlineRan === undefined")
    assert any("Content Security Policy" in m.text for m in messages)
