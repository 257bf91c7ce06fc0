"""Preview the site while writing: serve site/ with live reload, rebuild on every change, and
while the last rebuild failed, show its problems in place of every page."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
import contextlib
from dataclasses import dataclass
import errno
import html
import mimetypes
from pathlib import Path, PurePosixPath
import signal
import socket
import threading
import time
from typing import Any
from urllib.parse import quote

from factpress.cache import Warm
from factpress.diagnostics import BuildError, Diagnostic, Location, error
from factpress.layout import INPUT_FILES, INPUT_FOLDERS, OUTPUT_DIR
from factpress.model import LANGS, Lang
from factpress.parallel import REBUILDS_THREAD
from factpress.pipeline import WAITING, BuildReport, build, require_safe_output

# What the preview watches; a change to any of them triggers a rebuild.
WATCHED = (*INPUT_FOLDERS, *INPUT_FILES)

# The error page must show even when the templates or the catalogs are what is broken, so it
# uses neither: its few words live here, in both languages. The messages themselves are the
# build's, as the terminal shows them.
_WORDS: dict[Lang, dict[str, str]] = {
    "vi": {
        "title": "Bản dựng bị lỗi",
        "lead": "Trang sẽ tự hiện lại khi các lỗi dưới đây được sửa.",
        "hint": "Gợi ý",
        "last": "site/ vẫn giữ bản dựng tốt gần nhất.",
    },
    "en": {
        "title": "The build failed",
        "lead": "The page comes back by itself once the problems below are fixed.",
        "hint": "Hint",
        "last": "site/ still holds the last good build.",
    },
}

StartResponse = Callable[[str, list[tuple[str, str]]], Any]

# The problems of the index thread's build that are the index's own (or the disk's); any
# other comes from a save made meanwhile, which the watcher's rebuild reports.
_INDEX_FAILURES = ("search-index", "file-error")


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of the last rebuild: the problems that stopped it, if any."""

    problems: tuple[Diagnostic, ...] = ()

    @property
    def failed(self) -> bool:
        return bool(self.problems)


class Preview:
    """A WSGI app serving `out_dir`, and the rebuild that the watcher calls on a change.

    A rebuild leaves the search index for later, so that the page reloads as soon as its own
    file is written; a thread brings the index up to date after it. A lock keeps the two from
    building at once: a save during the indexing waits for it (a few tenths of a second).
    serve() runs the rebuilds in a thread of their own (Rebuilds), so that the server answers
    meanwhile."""

    def __init__(
        self,
        root: Path,
        out_dir: Path,
        strict: bool,
        log: Callable[[str], None],
        *,
        index_later: bool = True,
    ) -> None:
        self.root = root
        self.out_dir = out_dir.resolve()
        self.strict = strict
        self.log = log
        self.index_later = index_later
        self.outcome = Outcome()
        self.warm: Warm | None = None  # the cache as the last build left it, still in memory
        # How many builds (or failures) the open pages have been told of, from 1 (livereload.js
        # sends no version of 0). Each page served carries the count (_live_script()): one
        # whose live reload connects only after a later build missed that build's word, and
        # is told then.
        self.told = 1
        self._building = threading.Lock()
        self._indexing: threading.Thread | None = None

    def rebuild(self, reload: Callable[[], None] = lambda: None) -> None:
        """Build what changed; `reload` tells the browser, as soon as the new files (or the
        problems) are there to show."""
        told = False

        def tell(outcome: Outcome) -> None:  # once what the pages are to show is there
            nonlocal told
            self.outcome = outcome
            self.told += 1  # after the files are written: a page served since shows them
            reload()
            told = True

        with self._building:
            try:
                report = self._build(
                    index_search=not self.index_later, on_written=lambda: tell(Outcome())
                )
            except BuildError as failure:
                self._say_failed(tuple(failure.diagnostics))
                tell(Outcome(tuple(failure.diagnostics)))
                return
            if not told:  # nothing to write: still, the page may be showing a failure
                tell(Outcome())
        for diagnostic in report.warnings:
            self.log(diagnostic.format())
        self.log(f"rebuilt: {report.rendered} file(s) in {report.seconds:.2f} s")
        if self.index_later and report.index_pending:
            # Not a daemon: stopping the preview waits for it (serve()), so that site/ is
            # never left with half an index.
            self._indexing = threading.Thread(target=self._index, name="search index")
            self._indexing.start()

    def wait_for_index(self) -> None:
        """Return once the search index is that of the last rebuild."""
        if self._indexing is not None:
            self._indexing.join()

    def _index(self) -> None:
        """Bring the search index up to date. A failure here is the index's alone (a save in
        the meantime is the next rebuild's to judge): it is said, and the pages stay served."""
        with self._building:
            started = time.perf_counter()
            try:
                self._build(index_search=True)
            except BuildError as failure:
                if not any(d.code in _INDEX_FAILURES for d in failure.diagnostics):
                    return  # a save since, which failed: the watcher's rebuild says so
                for diagnostic in failure.diagnostics:
                    self.log(diagnostic.format())
                self.log("the search index is not up to date; the next save tries again")
                return
        self.log(f"search index brought up to date in {time.perf_counter() - started:.2f} s")

    def _say_if_waiting(self, stage: str) -> None:
        if stage == WAITING:  # for a build in another terminal; the stages pass too quickly
            self.log(f"{stage}…")

    def _build(
        self, *, index_search: bool, on_written: Callable[[], None] | None = None
    ) -> BuildReport:
        """Build, and keep its cache in memory for the next; BuildError if it failed (what the
        last good build left is kept: self.warm still holds)."""
        try:
            report = build(
                self.root,
                out_dir=self.out_dir,
                strict=self.strict,
                warm=self.warm,
                index_search=index_search,
                on_written=on_written,
                progress=self._say_if_waiting,
                stay_warm=True,
            )
        except OSError as failure:  # say, site/'s folder cannot be written
            where = Location(PurePosixPath(str(failure.filename or self.out_dir)))
            hint = "check the folder's permissions and free space, then save again"
            problem = error(where, "file-error", failure.strerror or str(failure), hint)
            raise BuildError([problem]) from None
        self.warm = report.warm
        return report

    def _say_failed(self, problems: tuple[Diagnostic, ...]) -> None:
        for diagnostic in problems:
            self.log(diagnostic.format())
        self.log(f"build failed: {len(problems)} problem(s); site/ kept as it was")

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        # WSGI hands the path over decoded byte for byte (latin-1): a browser sends UTF-8.
        url = (environ.get("PATH_INFO") or "/").encode("latin-1").decode("utf-8", "replace")
        path = self._file_for(url)
        if path is not None and _is_folder(path):
            # Its address as a path of site/ (`//host/../vi` would send a browser to another
            # host), with the query the page was asked with.
            where = quote(f"/{path.relative_to(self.out_dir).as_posix()}/".replace("//", "/"))
            query = environ.get("QUERY_STRING") or ""
            location = f"{where}?{query}" if query else where
            start_response("301 Moved Permanently", [("Location", location)])
            return [b""]
        is_page = path is None or path.suffix == ".html"
        told = self.told  # before the file is read: a build told since is newer than it
        if self.outcome.failed and is_page:
            page = error_page(self.outcome.problems, _lang_of(url)).encode("utf-8")
            failed = _with_live_script(page, told)
            start_response("500 Build Failed", _headers("text/html; charset=utf-8", failed))
            return [failed]
        try:
            body = path.read_bytes() if path is not None else None
        except OSError:  # a folder, or a file a build removed since (a bucket of the index)
            body = None
        if path is None or body is None:
            return self._not_found(url, told, start_response)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
            kind += "; charset=utf-8"
        if kind.startswith("text/html"):
            body = _with_live_script(body, told)
        start_response("200 OK", [*_headers(kind, body), ("Cache-Control", "no-store")])
        return [body]

    def _file_for(self, url: str) -> Path | None:
        relative = url.lstrip("/")
        if "\0" in relative:
            return None  # no file's name (and resolve() would raise)
        candidate = (self.out_dir / relative).resolve()
        if not candidate.is_relative_to(self.out_dir):
            return None  # `..` out of site/
        if url.endswith("/"):
            candidate = candidate / "index.html"
        return candidate

    def _not_found(self, url: str, told: int, start_response: StartResponse) -> list[bytes]:
        page = self.out_dir / _lang_of(url) / "404.html"
        # Without a built not-found page, a bare one, whose head takes the live reload snippet:
        # the page a build adds then reloads in its place.
        body = page.read_bytes() if page.is_file() else _BARE_NOT_FOUND
        body = _with_live_script(body, told)
        start_response("404 Not Found", _headers("text/html; charset=utf-8", body))
        return [body]


_BARE_NOT_FOUND = b"<!doctype html><head><title>404</title></head><p>404 Not Found</p>"


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name longer than the system takes: no file of site/ has it
        return False


def _with_live_script(page: bytes, build: int) -> bytes:
    """The page with the live reload snippet before its </head> (none: left as it is)."""
    head, end, rest = page.partition(b"</head>")
    return head + _live_script(build) + end + rest if end else page


def _headers(kind: str, body: bytes) -> list[tuple[str, str]]:
    return [("Content-Type", kind), ("Content-Length", str(len(body)))]


def _lang_of(url: str) -> Lang:
    """A page's language is its URL's first segment; the bilingual root counts as Vietnamese."""
    first = url.lstrip("/").split("/", 1)[0]
    return next((lang for lang in LANGS if lang == first), "vi")


def error_page(problems: Iterable[Diagnostic], lang: Lang) -> str:
    """The page shown in place of every page while the last rebuild failed."""
    words = _WORDS[lang]
    return "\n".join(
        [
            "<!doctype html>",
            f'<html lang="{lang}">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{words['title']}</title>",
            "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
            "padding:0 1rem}code{font-weight:bold}li{margin:1rem 0}"
            ".hint{color:#555}</style>",
            "</head>",
            "<body>",
            f"<h1>{words['title']}</h1>",
            f"<p>{words['lead']} {words['last']}</p>",
            '<ol class="problems">',
            *_items(problems, words["hint"]),
            "</ol>",
            "</body>",
            "</html>",
        ]
    )


def _items(problems: Iterable[Diagnostic], hint_word: str) -> Iterator[str]:
    for problem in problems:
        hint = (
            f'<br><span class="hint">{hint_word}: {html.escape(problem.hint)}</span>'
            if problem.hint
            else ""
        )
        yield (
            f'<li class="{problem.severity.value}"><code class="where">'
            f"{html.escape(str(problem.where))}</code>: {html.escape(problem.message)} "
            f"[{html.escape(problem.code)}]{hint}</li>"
        )


def serve(
    root: Path,
    *,
    port: int,
    host: str = "127.0.0.1",
    out_dir: Path | None = None,
    strict: bool = False,
    log: Callable[[str], None],
) -> None:
    """Build once, then serve and rebuild on every change until interrupted (Ctrl-C). Raise
    AddressUnavailableError, before building, if the server could not listen on host:port,
    and BuildError if the output folder is one no build may replace (it is not served)."""
    _check_address(host, port)
    require_safe_output(root, out_dir or root / OUTPUT_DIR)  # never served, if never built
    preview = Preview(root, out_dir or root / OUTPUT_DIR, strict, log)
    preview.rebuild()
    watcher = _watcher(root)
    rebuilds = Rebuilds(preview, log, watcher.reload_browsers)
    # A polite kill stops the preview as Ctrl-C does: the rebuild under way finishes (its
    # renames into site/ run in the rebuilds' thread, which a signal does not interrupt).
    terminated = signal.signal(signal.SIGTERM, _stop_serving)
    try:  # from here on, however it ends, the rebuilds' thread is stopped
        server = _server(preview, watcher)
        for name in WATCHED:
            # Those missing too: a folder made while the preview runs (templates/, to override
            # a template) is then looked into like the others (livereload reads a missing path
            # as a pattern that matches nothing, and a folder once it is there).
            server.watch(str(root / name), rebuilds.request)
        shown = f"[{host}]" if ":" in host else host  # an IPv6 address goes in brackets
        log(f"serving {preview.out_dir} at http://{shown}:{port}/ (Ctrl-C stops)")
        # debug=False: tornado's autoreload would restart the process when a module changes.
        server.serve(port=port, host=host, debug=False, open_url_delay=None, restart_delay=0)
    finally:
        watcher.stop()
        rebuilds.stop()  # the rebuild under way finishes: site/ is never left half written
        preview.wait_for_index()  # Ctrl-C: its Pagefind runs apart, and finishes first
        signal.signal(signal.SIGTERM, terminated)


def _server(preview: Preview, watcher: Any) -> Any:
    """livereload's server for `preview`, whose socket also tells a page that connects late
    of a build it missed: livereload tells only the pages connected when a build is done, and
    a page just loaded (after the last save's reload, say) connects a moment later."""
    from livereload import Server  # type: ignore[import-untyped]  # loaded only to preview
    from livereload.handlers import (  # type: ignore[import-untyped]
        LiveReloadHandler,
        LiveReloadJSHandler,
    )
    from livereload.server import LiveScriptContainer  # type: ignore[import-untyped]
    from tornado import escape, web

    class Socket(LiveReloadHandler):  # type: ignore[misc]
        shows: int | None = None  # the build the page was served at, as its hello says

        def on_message(self, message: str | bytes) -> None:
            super().on_message(message)  # the handshake; "info" makes the page a waiter
            said = escape.json_decode(message)
            command = said.get("command")
            if command == "hello" and isinstance(said.get("snipver"), int):
                self.shows = said["snipver"]
            elif command == "info" and self.shows is not None and self.shows < preview.told:
                self.send_message({"command": "reload", "path": "*", "liveImg": True})

    class HeadAnswering(LiveScriptContainer):  # type: ignore[misc]
        """livereload's container, which also answers HEAD: as GET, but for the body (its
        own writes the body after the headers, which tornado refuses after a HEAD, so the
        request got no answer at all)."""

        def __call__(self, request: Any) -> None:
            if request.method == "HEAD":
                request.connection = _Headers(request.connection)
            super().__call__(request)

    class _Headers:
        """A connection that sends the headers of what it is given, and not its body."""

        def __init__(self, connection: Any) -> None:
            self._connection = connection

        def write_headers(self, start_line: Any, headers: Any, chunk: bytes | None = None) -> Any:
            return self._connection.write_headers(start_line, headers)

        def __getattr__(self, name: str) -> Any:
            return getattr(self._connection, name)

    class Previewing(Server):  # type: ignore[misc]
        def application(self, port: int, host: str, **_: Any) -> None:
            # livereload's own, on one port, with the socket above (its routes are fixed), and
            # the preview adding the snippet to its pages itself.
            LiveReloadHandler.watcher = self.watcher
            LiveReloadHandler.live_css = False  # "*" reloads the page whatever changed
            routes: list[Any] = [
                (r"/livereload", Socket),
                (r"/livereload.js", LiveReloadJSHandler),
                # livereload's container, with no snippet of its own: it runs the preview in
                # the request's turn, so that an error is a 500, not a request left hanging
                # (tornado's own WSGIContainer runs it apart, and only logs an error).
                (r".*", web.FallbackHandler, {"fallback": HeadAnswering(preview, b"")}),
            ]
            web.Application(handlers=routes, debug=False).listen(port, address=host)

    return Previewing(preview, watcher=watcher)


def _live_script(build: int) -> bytes:
    """livereload's snippet, for a page served after `build` builds: it loads livereload.js
    from the server the page came from. livereload.js sends the snippet's version (`snipver`,
    from that address) in its hello: here, the build, so that the server knows if the page
    missed one."""
    return (
        b'<script type="text/javascript">(function(){'
        b'var s=document.createElement("script");'
        b"var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
        b's.src="//"+window.location.hostname+":"+port'
        b'+"/livereload.js?port="+port+"&snipver=%d";'
        b"document.head.appendChild(s);"
        b"})();</script>" % build
    )


def _stop_serving(number: int, frame: Any) -> None:
    raise KeyboardInterrupt  # which livereload's server stops on


class Rebuilds:
    """The preview's rebuilds, in a thread of their own, one at a time. The server keeps
    answering while one runs: the browser is told to reload, and gets the new page, as soon as
    its file is written, while the search index and the cache are saved after it. Saves made
    during a rebuild make one more rebuild, not one each."""

    def __init__(
        self, preview: Preview, log: Callable[[str], None], reload: Callable[[], None]
    ) -> None:
        self._preview = preview
        self._log = log
        self._reload = reload  # tells the browsers, from any thread
        self._wanted = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name=REBUILDS_THREAD)
        self._thread.start()

    def request(self) -> None:
        """Something changed."""
        self._wanted.set()

    def stop(self) -> None:
        """Let the rebuild under way finish, and start no other."""
        self._stopping = True
        self._wanted.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()  # a save from here on is seen by the rebuild, or the next
            if self._stopping:
                return
            try:
                self._preview.rebuild(self._reload)
            except Exception as bug:  # a bug of the engine's: said, and the preview goes on
                with contextlib.suppress(Exception):  # a terminal gone: the preview goes on
                    self._log(f"the rebuild stopped on an unexpected error: {bug!r}")


class AddressUnavailableError(Exception):
    """The preview cannot listen where it was asked to: the port is taken, or the host is not
    an address of this machine. The message says which; `hint` what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def _check_address(host: str, port: int) -> None:
    # Said at once, rather than as a traceback from the server after a first build. Every
    # address the host name stands for (localhost: 127.0.0.1 and ::1), with SO_REUSEADDR, as
    # tornado binds them: a port that its last run left in TIME_WAIT is free.
    try:
        addresses = socket.getaddrinfo(
            host, port, socket.AF_UNSPEC, socket.SOCK_STREAM, 0, socket.AI_PASSIVE
        )
        for family, kind, protocol, _, address in addresses:
            with socket.socket(family, kind, protocol) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if family == socket.AF_INET6:
                    probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                probe.bind(address)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            hint = "another program is using the port: stop it, or pass --port with another number"
        elif exc.errno in (errno.EACCES, errno.EPERM):
            hint = "ports below 1024 need administrator rights: pass --port 1024 or above"
        else:
            hint = "pass --host with an address of this machine, or leave it out (127.0.0.1)"
        raise AddressUnavailableError(exc.strerror or str(exc), hint) from None


# How long the inputs must be quiet after a file event before the preview looks: a save is
# often several events (a truncation, the writes, an editor's rename), and a look at the first
# could read a file half written.
SETTLE_SECONDS = 0.02
# How often the preview looks without being told, events or not: some saves send none (a file
# edited through a symlink, a folder deleted and made again, a network file system). A look
# stats every input (~14 ms at 1,000 explainers per language), so looks are spaced to keep an
# idle preview under a tenth of a core however large the project.
POLL_SECONDS = 0.2
_IDLE_SHARE = 0.1
# What watchdog reports that is not a change: the build itself opens and reads every input.
_NOT_CHANGES = ("opened", "closed_no_write")


def _watcher(root: Path) -> Any:
    """livereload's watcher, told by the file system's events when to look (and looking every
    POLL_SECONDS besides), never keeping a reload back. It still decides what changed (and
    runs the rebuild) by comparing the inputs' times, as livereload does: an event only says
    when to look."""
    from livereload.watcher import Watcher  # type: ignore[import-untyped]
    from tornado.ioloop import IOLoop

    class Watching(Watcher):  # type: ignore[misc]
        look_seconds = 0.0  # what the last look that found nothing cost
        events: Any = None  # watchdog's observer, while it runs
        loop: Any = None  # the server's, which alone may talk to the browsers
        _changes: list[Any]  # livereload's queue of changes to hand over

        def reload_browsers(self) -> None:
            """Tell the open pages to reload (from any thread)."""
            from livereload.handlers import LiveReloadHandler

            try:
                # "*": the page itself (livereload would otherwise name the file its last look
                # saw, and a stylesheet's name reloads only the stylesheet).
                self.loop.add_callback(LiveReloadHandler.reload_waiters, "*")
            except (AttributeError, RuntimeError):  # not serving yet, or no longer
                return

        def start(self, callback: Callable[[], None]) -> bool:
            loop = self.loop = IOLoop.current()
            # A first look before the server answers anyone: it records every input, so that
            # a file first seen later counts as a change (examine()), and asks for a rebuild
            # if one changed since the build. (livereload's queued first change is kept for
            # its own first look, which hands it over.)
            queued: list[Any] = self._changes
            self._changes = []
            self.examine()
            self._changes = queued
            settling: object | None = None  # the look a burst of events has asked for
            planned: object | None = None  # the next look without an event

            def look() -> None:
                nonlocal planned, settling
                for timeout in (planned, settling):
                    if timeout is not None:
                        loop.remove_timeout(timeout)
                settling = None
                try:
                    callback()  # examines, rebuilds if something changed, tells the browser
                finally:  # the next look is counted from the end of this one and its rebuild
                    planned = loop.call_later(
                        max(POLL_SECONDS, self.look_seconds / _IDLE_SHARE), look
                    )

            def changed() -> None:  # on the loop, for each event
                nonlocal settling
                if settling is not None:
                    loop.remove_timeout(settling)
                settling = loop.call_later(SETTLE_SECONDS, look)

            planned = loop.call_later(POLL_SECONDS, look)
            self.events = input_events(root, lambda: loop.add_callback(changed))
            return True  # livereload polls by itself only if this is False

        def stop(self) -> None:
            if self.events is not None:
                self.events.stop()
                self.events.join()

        def examine(self) -> tuple[str | None, Any]:
            started = time.perf_counter()
            looks = not self._changes  # else this call only hands over a change queued
            changed, delay = super().examine()  # runs Rebuilds.request if something changed
            if looks:
                # Every input is known from the first look on (start()): a file not seen
                # before is then a change whatever its time. livereload counts it only if it
                # is newer than the preview, which a folder moved or unpacked into the project
                # (keeping its files' times) is not.
                self._start = float("-inf")
            if not changed:
                self.look_seconds = time.perf_counter() - started
            # The rebuild tells the browser itself, once the new page is written: livereload
            # would reload it now, before the rebuild, and would drop a reload that comes
            # within 3 s of the last one (a writer's second quick save).
            return None, delay

    return Watching()


def input_events(root: Path, notify: Callable[[], None]) -> Any:
    """Call `notify` (from watchdog's thread) whenever an input of the project at `root` may
    have changed, and return the running observer; None if the file system's events cannot
    be had (then the preview only polls). Writes to site/ and the cache are not inputs."""
    try:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError:
        return None
    root = root.resolve()

    def is_input(path: str | bytes) -> bool:
        name = Path(path.decode() if isinstance(path, bytes) else path)
        return name.is_relative_to(root) and any(
            name.relative_to(root).parts[:1] == Path(watched).parts[:1] for watched in WATCHED
        )

    folders = {str(root / name) for name in INPUT_FOLDERS}

    class Inputs(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in _NOT_CHANGES:
                return
            if event.is_directory and event.event_type in ("created", "moved"):
                watch(event.dest_path or event.src_path)  # an input folder made since
            if is_input(event.src_path) or is_input(event.dest_path):
                try:
                    notify()
                except Exception:  # the loop is closing: the observer must not die of it
                    return

    observer = Observer()
    handler = Inputs()
    watches: dict[str, Any] = {}

    def watch(folder: str | bytes) -> None:
        # From watchdog's thread too; its observer's lock is re-entrant.
        name = folder.decode() if isinstance(folder, bytes) else folder
        if name not in folders or not Path(name).is_dir():
            return
        if name in watches:  # a folder made again: the old watch went with the old folder
            with contextlib.suppress(KeyError, OSError):
                observer.unschedule(watches.pop(name))
        try:
            watches[name] = observer.schedule(handler, name, recursive=True)
        except OSError:  # no inotify watches left, say: the polling sees its saves
            return

    try:
        # The project's folder itself only for its files (facts.yaml, site.yaml) and for the
        # input folders made in it: watching it whole would watch every folder of site/ too.
        observer.schedule(handler, str(root), recursive=False)
        for name in INPUT_FOLDERS:
            watch(str(root / name))
        observer.start()
    except OSError:  # no inotify watches left, say: polling still sees every save
        observer.stop()
        return None
    return observer
