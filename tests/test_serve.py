"""The live preview, over HTTP: pages follow edits, a broken edit shows its problems in place of
the page (in the page's language) without touching site/, and fixing it brings the page back."""

from __future__ import annotations

from collections.abc import Callable
import fcntl
import os
from pathlib import Path
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any, NamedTuple
import urllib.error
import urllib.request

from bs4 import BeautifulSoup
import pytest
from support import REPO, TIMEOUT, fetch, free_port, replace, wait_for

from factpress import cache
from factpress.cache import INDEX_FILE
from factpress.parallel import REBUILDS_THREAD, worker_count
from factpress.pipeline import build
from factpress.serve import Preview, Rebuilds, input_events


def test_the_page_follows_edits_and_a_broken_edit_shows_its_problems(
    preview: tuple[Path, str, subprocess.Popen[str]],
) -> None:
    root, base, _ = preview
    page = root / "content" / "vi" / "ke-hoach.md"
    status, body = wait_for(f"{base}/vi/ke-hoach/", lambda s, b: s == 200)
    assert "livereload.js" in body, "the reload script is injected into pages"

    page.write_text(page.read_text("utf-8") + "\nThư viện mới mở cửa.\n", "utf-8")
    wait_for(f"{base}/vi/ke-hoach/", lambda s, b: "Thư viện mới mở cửa." in b)
    good_site = (root / "site" / "vi" / "ke-hoach" / "index.html").read_bytes()

    text = page.read_text("utf-8")
    page.write_text(text + "\nMột câu sai [@khong-co].\n", "utf-8")
    line = len(text.split("\n")) + 1
    status, body = wait_for(f"{base}/vi/ke-hoach/", lambda s, b: s == 500)
    soup = BeautifulSoup(body, "html.parser")
    assert soup.html is not None and soup.html["lang"] == "vi"
    assert soup.h1 is not None and soup.h1.get_text() == "Bản dựng bị lỗi"
    problems = [li.get_text(" ", strip=True) for li in soup.select("ol.problems li")]
    assert any(
        p.startswith(f"content/vi/ke-hoach.md:{line}:13") and "khong-co" in p for p in problems
    ), problems
    assert "livereload.js" in body, "the error page reloads itself once fixed"

    status, body = fetch(f"{base}/en/plan/")
    soup = BeautifulSoup(body, "html.parser")
    assert status == 500 and soup.h1 is not None and soup.h1.get_text() == "The build failed"
    assert soup.html is not None and soup.html["lang"] == "en"
    assert (root / "site" / "vi" / "ke-hoach" / "index.html").read_bytes() == good_site
    assert fetch(f"{base}/static/style.css")[0] == 200, "non-pages are still served"

    page.write_text(text.replace("Thư viện mới mở cửa.", "Đã sửa xong."), "utf-8")
    status, body = wait_for(f"{base}/vi/ke-hoach/", lambda s, b: s == 200)
    assert "Đã sửa xong." in body and "Bản dựng bị lỗi" not in body


def test_a_template_folder_made_while_the_preview_runs_is_followed(
    preview: tuple[Path, str, subprocess.Popen[str]],
) -> None:
    root, base, _ = preview
    wait_for(f"{base}/vi/ke-hoach/", lambda s, b: s == 200)
    (root / "templates").mkdir()
    template = root / "templates" / "page.html"
    override = (
        '{% extends "default/page.html" %}{% block main %}<p>Mẫu {}.</p>{{ super() }}{% endblock %}'
    )
    template.write_text(override.replace("{}", "mới", 1), "utf-8")
    wait_for(f"{base}/vi/ke-hoach/", lambda s, b: "Mẫu mới." in b)
    template.write_text(override.replace("{}", "sửa", 1), "utf-8")
    wait_for(f"{base}/vi/ke-hoach/", lambda s, b: "Mẫu sửa." in b)


def test_a_template_folder_moved_in_with_old_files_is_followed(
    preview: tuple[Path, str, subprocess.Popen[str]], tmp_path: Path
) -> None:
    # Moved, copied with their times or unpacked, its files are older than the preview.
    root, base, _ = preview
    wait_for(f"{base}/vi/ke-hoach/", lambda s, b: s == 200)
    made = tmp_path / "templates"
    made.mkdir()
    template = made / "page.html"
    main = "{% block main %}<p>Mẫu cũ.</p>{{ super() }}{% endblock %}"
    template.write_text('{% extends "default/page.html" %}' + main, "utf-8")
    os.utime(template, (0, 0))
    made.rename(root / "templates")
    wait_for(f"{base}/vi/ke-hoach/", lambda s, b: "Mẫu cũ." in b)


def test_an_idle_preview_rebuilds_nothing(
    preview: tuple[Path, str, subprocess.Popen[str]],
) -> None:
    _, base, process = preview
    wait_for(f"{base}/vi/", lambda s, b: s == 200)
    time.sleep(2)  # ten looks at the inputs, none of which changed
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=TIMEOUT)
    assert [line for line in err.splitlines() if line.startswith("rebuilt")] == [
        next(line for line in err.splitlines() if line.startswith("rebuilt"))
    ], err  # the first build's only


def test_a_missing_page_answers_404_with_the_languages_not_found_page(
    preview: tuple[Path, str, subprocess.Popen[str]],
) -> None:
    _, base, _ = preview
    wait_for(f"{base}/vi/", lambda s, b: s == 200)
    status, body = fetch(f"{base}/en/no-such-page/")
    assert status == 404
    soup = BeautifulSoup(body, "html.parser")
    assert soup.html is not None and soup.html["lang"] == "en"
    assert fetch(f"{base}/../../etc/passwd")[0] == 404
    assert fetch(f"{base}/en/%00")[0] == 404, "no file's name: answered, not left hanging"


def test_a_missing_page_with_no_built_not_found_page_still_reloads_after_a_build(
    tmp_path: Path,
) -> None:
    preview = Preview(tmp_path, tmp_path / "site", False, lambda _: None)
    said: list[str] = []
    environ = {"PATH_INFO": "/vi/not-yet/", "REQUEST_METHOD": "GET"}
    body = b"".join(preview(environ, lambda status, headers: said.append(status)))
    assert said == ["404 Not Found"]
    assert b"/livereload.js" in body and b"snipver=1" in body


def _ask(preview: Preview, path: str, query: str = "") -> tuple[str, dict[str, str], bytes]:
    """What the preview answers for `path`, given as a WSGI server gives it: the bytes the
    browser sent (UTF-8, percent-decoded), one character each."""
    said: list[tuple[str, dict[str, str]]] = []
    environ = {
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": query,
        "REQUEST_METHOD": "GET",
    }
    body = b"".join(preview(environ, lambda status, headers: said.append((status, dict(headers)))))
    return said[0][0], said[0][1], body


def test_a_file_with_a_vietnamese_name_is_served_and_odd_paths_are_answered(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    (site / "static").mkdir(parents=True)
    (site / "static" / "ảnh.css").write_text("p{}", "utf-8")
    (site / "vi").mkdir()
    (site / "vi" / "index.html").write_text("<!doctype html><head></head>", "utf-8")
    preview = Preview(tmp_path, site, False, lambda _: None)
    assert _ask(preview, "/static/ảnh.css")[::2] == ("200 OK", b"p{}")
    assert _ask(preview, "/vi/" + "a" * 5000)[0] == "404 Not Found", "a name too long for a file"
    # A folder is redirected to its address in the site, never to another host, with its query.
    assert _ask(preview, "/vi", "q=1")[:2] == ("301 Moved Permanently", {"Location": "/vi/?q=1"})
    status, headers, _ = _ask(preview, "//evil.example/../vi")
    assert (status, headers) == ("301 Moved Permanently", {"Location": "/vi/"})


def test_a_head_request_is_answered_as_a_get_without_its_body(
    preview: tuple[Path, str, subprocess.Popen[str]],
) -> None:
    # As a link checker or `curl -I` asks: livereload's server left it with no answer at all.
    _, base, _ = preview
    wait_for(f"{base}/vi/", lambda s, b: s == 200)
    for path, status in [("/vi/", 200), ("/static/style.css", 200), ("/en/no-such-page/", 404)]:
        got = _answer(f"{base}{path}", "GET")
        head = _answer(f"{base}{path}", "HEAD")
        assert got.status == head.status == status, path
        assert got.body, path
        assert head.headers["Content-Length"] == str(len(got.body)), path
        assert head.headers["Content-Type"] == got.headers["Content-Type"], path


class _Answer(NamedTuple):
    status: int
    headers: Any
    body: bytes


def _answer(url: str, method: str) -> _Answer:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=5) as got:
            return _Answer(got.status, got.headers, got.read())
    except urllib.error.HTTPError as refused:
        return _Answer(refused.code, refused.headers, refused.read())


def test_a_port_in_use_is_said_at_once_without_building(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        completed = subprocess.run(
            [
                sys.executable,
                str(REPO / "build.py"),
                "serve",
                "--root",
                str(root),
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    assert completed.returncode == 2
    assert completed.stderr.splitlines() == [
        f"build.py serve: error: cannot listen on 127.0.0.1:{port}: Address already in use",
        "    hint: another program is using the port: stop it, or pass --port with another number",
    ]
    assert not (root / "site").exists()


def test_an_output_folder_no_build_may_replace_is_neither_built_nor_served(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    port = free_port()
    command = [sys.executable, str(REPO / "build.py"), "serve", "--root", str(root)]
    completed = subprocess.run(
        [*command, "--out", str(root), "--port", str(port)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert completed.returncode == 1
    assert "[output-in-project]" in completed.stderr and "not served" in completed.stderr
    assert "serving" not in completed.stderr
    assert not (root / "claims.json").exists()


def test_the_file_system_tells_the_preview_of_a_change_to_an_input_and_of_nothing_else(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    told = threading.Event()
    events = input_events(root, told.set)
    assert events is not None, "watchdog watches this file system"
    try:
        page = next((root / "content" / "en").glob("*.md"))

        def tells(change: Callable[[], object]) -> bool:
            """Whether the change is told within a second (events come within milliseconds)."""
            told.clear()
            change()
            return told.wait(1.0)

        assert not tells(lambda: page.read_text("utf-8"))  # the build reads every input
        assert not tells(lambda: (root / "site").mkdir())
        assert not tells(lambda: (root / "site" / "index.html").write_text("x"))
        assert not tells(lambda: (root / ".cache").mkdir())
        assert tells(lambda: page.write_text(page.read_text("utf-8") + "\nMore.\n", "utf-8"))
        assert tells(lambda: (root / "facts.yaml").write_bytes((root / "facts.yaml").read_bytes()))
        assert tells(lambda: (root / "content" / "vi" / "moi.md").write_text("---\n", "utf-8"))
        saved = root / "content" / "en" / ".page.md.swp"  # an editor's save: write, rename
        saved.write_text("---\ntitle: x\n---\n", "utf-8")
        assert tells(lambda: saved.replace(page))
        templates = root / "templates"  # an input folder made since the preview started
        assert tells(templates.mkdir)
        assert tells(lambda: (templates / "page.html").write_text("x", "utf-8"))
        assert tells(lambda: (templates / "page.html").write_text("y", "utf-8"))
        assert tells(lambda: shutil.rmtree(templates))  # and made again
        assert tells(templates.mkdir)
        assert tells(lambda: (templates / "page.html").write_text("z", "utf-8"))
    finally:
        events.stop()
        events.join()


def test_the_file_events_outlive_a_notice_that_fails(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    told = threading.Event()
    notices: list[str] = []

    def notify() -> None:
        notices.append("told")
        if len(notices) == 1:
            raise RuntimeError("the preview's loop is closing")
        told.set()

    events = input_events(root, notify)
    assert events is not None
    try:
        facts = root / "facts.yaml"
        facts.write_bytes(facts.read_bytes())
        facts.write_bytes(facts.read_bytes())
        assert told.wait(1.0), "a later change is still told"
    finally:
        events.stop()
        events.join()


def test_the_browser_is_told_once_the_page_is_written_before_the_index_and_the_cache(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    preview = Preview(root, root / "site", False, lambda _: None)
    preview.rebuild()
    preview.wait_for_index()
    page = root / "site" / "vi" / "ke-hoach" / "index.html"
    told: list[tuple[bool, bool, bool]] = []

    def reload() -> None:  # what a browser reloading now would find
        shown = "Câu vừa lưu." in page.read_text("utf-8")
        told.append((shown, preview.outcome.failed, (root / INDEX_FILE).exists()))

    source = root / "content" / "vi" / "ke-hoach.md"
    source.write_text(source.read_text("utf-8") + "\nCâu vừa lưu.\n", "utf-8")
    preview.rebuild(reload)
    assert told == [(True, False, False)], "told with the page written, the cache not yet"
    assert (root / INDEX_FILE).exists(), "and the cache written after"
    preview.wait_for_index()

    replace(root, "content/vi/ke-hoach.md", "Câu vừa lưu.", "Câu sai [@khong-co].")
    preview.rebuild(reload)
    assert told[-1][1], "a failure is told once the page would show it"
    replace(root, "content/vi/ke-hoach.md", "Câu sai [@khong-co].", "Câu vừa lưu.")
    preview.rebuild(reload)  # nothing to write: the last good site is the site
    assert told[-1] == (True, False, True) and len(told) == 3
    preview.wait_for_index()


def test_a_preview_started_on_a_built_site_answers_the_first_save_without_reading_the_cache(
    project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project("minimal")
    build(root)
    preview = Preview(root, root / "site", False, lambda _: None)
    preview.rebuild()  # the site is up to date: nothing is written, the cache is read once
    read: list[Path] = []
    read_file = cache._read
    monkeypatch.setattr(cache, "_read", lambda path: read.append(path) or read_file(path))
    replace(
        root,
        "content/vi/ke-hoach.md",
        "## Hai thư viện nữa\n",
        "## Hai thư viện nữa\n\nCâu vừa lưu.\n",
    )
    preview.rebuild()
    preview.wait_for_index()
    assert "Câu vừa lưu." in (root / "site" / "vi" / "ke-hoach" / "index.html").read_text("utf-8")
    assert read == [], "the first save, as every later one, starts from the memory of the last"


def test_a_preview_starting_while_another_build_writes_the_cache_does_not_take_it_for_its_own(
    project: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project("minimal")
    build(root)
    load_cached_pages = cache.load_cached_pages

    def meanwhile(*args: Any) -> cache.CachedPages:
        # A build for another output folder, in another terminal, writes the project's cache
        # while the preview reads it (it holds that folder's lock, not site/'s).
        pages = load_cached_pages(*args)
        build(root, out_dir=tmp_path / "elsewhere" / "site")
        return pages

    monkeypatch.setattr(cache, "load_cached_pages", meanwhile)
    preview = Preview(root, root / "site", False, lambda _: None)
    preview.rebuild()
    assert preview.warm is None, "the cache on disk is the other build's: nothing is kept"


def test_a_rebuild_waiting_for_a_build_in_another_terminal_says_so(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    said: list[str] = []
    preview = Preview(root, root / "site", False, said.append)
    held = os.open(root, os.O_RDONLY)  # as that build holds the folder site/ is in
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        rebuilding = threading.Thread(target=preview.rebuild)
        rebuilding.start()
        deadline = time.monotonic() + TIMEOUT
        while not said and time.monotonic() < deadline:
            time.sleep(0.05)
        assert said == ["waiting for another build to finish…"]
        assert not (root / "site").exists()
    finally:
        os.close(held)
    rebuilding.join(TIMEOUT)
    preview.wait_for_index()
    assert any(line.startswith("rebuilt:") for line in said[1:])
    assert (root / "site" / "vi" / "index.html").is_file()


class _SlowPreview:
    """A preview whose each rebuild waits until it is let go, counting its rebuilds."""

    def __init__(self) -> None:
        self.started = threading.Semaphore(0)
        self.go = threading.Semaphore(0)
        self.rebuilds = 0

    def rebuild(self, reload: Callable[[], None]) -> None:
        self.rebuilds += 1
        self.started.release()
        self.go.acquire(timeout=TIMEOUT)
        reload()


def test_saves_during_a_rebuild_make_one_more_and_stopping_lets_it_finish() -> None:
    slow = _SlowPreview()
    reloads: list[int] = []
    rebuilds = Rebuilds(slow, print, lambda: reloads.append(slow.rebuilds))  # type: ignore[arg-type]
    rebuilds.request()
    assert slow.started.acquire(timeout=TIMEOUT)
    for _ in range(5):  # five saves while it runs
        rebuilds.request()
    slow.go.release()
    assert slow.started.acquire(timeout=TIMEOUT), "one more rebuild for the five"
    stopping = threading.Thread(target=rebuilds.stop)
    stopping.start()
    stopping.join(0.3)
    assert stopping.is_alive(), "stopping waits for the rebuild under way"
    slow.go.release()
    stopping.join(TIMEOUT)
    assert not stopping.is_alive()
    assert slow.rebuilds == 2 and reloads == [1, 2]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "polite kill"])
def test_the_preview_stops_cleanly_on_ctrl_c_or_a_polite_kill(
    preview: tuple[Path, str, subprocess.Popen[str]], stop: signal.Signals
) -> None:
    root, base, process = preview
    wait_for(f"{base}/vi/", lambda s, b: s == 200)
    process.send_signal(stop)
    _, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0 and "Traceback" not in err
    assert list((root / "site").rglob(".*.new")) == list((root / "site").rglob(".*.old")) == []


def test_the_rebuilds_thread_may_fork_workers_and_the_index_thread_may_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FACTPRESS_WORKERS", "2")
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    counted: dict[str, int] = {}
    for name in (REBUILDS_THREAD, "search index"):
        count = lambda n=name: counted.update({n: worker_count()})  # noqa: E731
        thread = threading.Thread(target=count, name=name)
        thread.start()
        thread.join()
    assert counted == {REBUILDS_THREAD: 2, "search index": 1}
