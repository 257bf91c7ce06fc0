"""The live preview in a browser: the open page reloads itself after every save, however soon
one save follows another."""

from __future__ import annotations

from pathlib import Path
import subprocess
import time

from playwright.sync_api import Page, expect
from support import wait_for


def test_the_open_page_reloads_itself_after_each_save(
    page: Page, preview: tuple[Path, str, subprocess.Popen[str]]
) -> None:
    root, base, _ = preview
    wait_for(f"{base}/vi/ke-hoach/", lambda status, _: status == 200)
    heard: list[object] = []
    page.on("websocket", lambda socket: socket.on("framereceived", lambda f: heard.append(f)))
    page.goto(f"{base}/vi/ke-hoach/")
    # A page hears of builds once livereload's handshake is done (the server's hello): a save
    # before that would be missed, as it is by a page opened later, in a slow run.
    deadline = time.monotonic() + 10
    while not heard and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert heard, "the page's live reload never connected"
    source = root / "content" / "vi" / "ke-hoach.md"
    # The second save comes as soon as the first shows: a writer fixing a typo just seen.
    for sentence in ("Câu thứ nhất đã lưu.", "Câu thứ hai đã lưu."):
        source.write_text(source.read_text("utf-8") + f"\n{sentence}\n", "utf-8")
        expect(page.locator("main")).to_contain_text(sentence, timeout=10_000)
