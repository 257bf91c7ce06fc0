"""The live preview in a browser: the open page reloads itself after every save, however soon
one save follows another."""

from __future__ import annotations

from pathlib import Path
import subprocess
import time

from playwright.sync_api import Page, Route, expect
from support import wait_for


def test_the_open_page_reloads_itself_after_each_save(
    page: Page, preview: tuple[Path, str, subprocess.Popen[str]]
) -> None:
    root, base, _ = preview
    wait_for(f"{base}/vi/ke-hoach/", lambda status, _: status == 200)
    heard: list[object] = []
    page.on("websocket", lambda socket: socket.on("framereceived", lambda f: heard.append(f)))
    page.goto(f"{base}/vi/ke-hoach/")
    # The page is connected before the first save (the server's hello): the next test is
    # about a page that connects only after a save's build.
    deadline = time.monotonic() + 10
    while not heard and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert heard, "the page's live reload never connected"
    source = root / "content" / "vi" / "ke-hoach.md"
    # The second save comes as soon as the first shows: a writer fixing a typo just seen.
    for sentence in ("Câu thứ nhất đã lưu.", "Câu thứ hai đã lưu."):
        source.write_text(source.read_text("utf-8") + f"\n{sentence}\n", "utf-8")
        expect(page.locator("main")).to_contain_text(sentence, timeout=10_000)


def test_a_page_whose_live_reload_connects_after_a_save_still_shows_it(
    page: Page, preview: tuple[Path, str, subprocess.Popen[str]]
) -> None:
    # A page that has just loaded (after a reload, say) is told of builds only once its live
    # reload has connected; a save built in between must not be lost on it. The browser holds
    # back livereload.js until the save is served, so the page connects after the build.
    root, base, _ = preview
    url = f"{base}/vi/ke-hoach/"
    wait_for(url, lambda status, _: status == 200)
    held: list[Route] = []
    page.route(
        "**/livereload.js*", lambda route: held.append(route) if not held else route.continue_()
    )
    loads: list[str] = []
    page.on("load", lambda _: loads.append(page.url))
    page.goto(url, wait_until="domcontentloaded")
    deadline = time.monotonic() + 10
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert held, "the page never asked for livereload.js"
    sentence = "Câu lưu trước khi trang kết nối."
    source = root / "content" / "vi" / "ke-hoach.md"
    source.write_text(source.read_text("utf-8") + f"\n{sentence}\n", "utf-8")
    wait_for(url, lambda status, body: status == 200 and sentence in body)
    expect(page.locator("main")).not_to_contain_text(sentence)
    held[0].continue_()
    expect(page.locator("main")).to_contain_text(sentence, timeout=10_000)
    # Once: the page that loaded after the build is not sent round again.
    page.wait_for_timeout(1_000)
    assert len(loads) == 2, loads
