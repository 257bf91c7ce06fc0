"""The command line: run a build, a check or the preview; print problems and a summary."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
import contextlib
from datetime import date
import os
from pathlib import Path, PurePosixPath
import re
import shlex
import sys
from typing import TYPE_CHECKING

from factpress import __version__
from factpress.diagnostics import BuildError, Diagnostic, Location, error
from factpress.formats import FORMATS, format_problems

if TYPE_CHECKING:
    from factpress.pipeline import BuildReport

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as shells report a command whose reader went away
COMMANDS = ("build", "check", "serve", "reanchor", "capture", "init")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "build")  # `python build.py [options]` and `factpress [options]` build
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "init":
        return _init(parser, args)
    # Imported here so that `--help` answers without loading the whole engine.
    from factpress.layout import OUTPUT_DIR

    if getattr(args, "out", None) == "" or args.root == "":  # a variable that was not set
        parser.error("--root and --out need a folder; leave them out for the defaults")
    root = Path(args.root)
    out_dir = Path(args.out) if getattr(args, "out", None) else root / OUTPUT_DIR
    try:
        if args.command == "reanchor":
            return _reanchor(parser, args, root)
        if args.command == "capture":
            return _capture(parser, args, root)
        if args.command == "serve":
            return _serve(args, root, out_dir)
        return _build(args, root, out_dir, write=args.command == "build")
    except KeyboardInterrupt as stop:
        # Ctrl-C: what was staged is taken back on the way out, and files are renamed into
        # place all or none (write.py): the site is never half-written. (reanchor writes each
        # of its files whole too.)
        from factpress.pipeline import StoppedAfterWriting

        if args.command in ("reanchor", "capture"):
            print("\ninterrupted", file=sys.stderr)
        elif isinstance(stop, StoppedAfterWriting):
            print(
                f"\ninterrupted: {out_dir} holds the new pages; its search index may be behind "
                "them until the next build",
                file=sys.stderr,
            )
        else:
            print(
                f"\ninterrupted: {out_dir} is as the last complete build left it", file=sys.stderr
            )
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of the output went away (`check --format json | head`): stop as other
        # command-line tools do, without a word, and without Python's own complaint at exit
        # when it flushes the streams again.
        _silence_output()
        return EXIT_BROKEN_PIPE


def _silence_output() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a stream with no file (captured, say)
            os.dup2(devnull, stream.fileno())
    os.close(devnull)


def _build(args: argparse.Namespace, root: Path, out_dir: Path, *, write: bool) -> int:
    from factpress.pipeline import build

    style = getattr(args, "format", "plain")
    progress = _Progress(enabled=not args.quiet and _is_terminal())
    try:
        report = build(root, out_dir=out_dir, strict=args.strict, write=write, progress=progress)
    except BuildError as failure:
        progress.clear()
        _print_problems(failure.diagnostics, style, root)
        errors = sum(d.is_error for d in failure.diagnostics)
        warnings = len(failure.diagnostics) - errors
        tail = f"{out_dir} not written" if write else "check failed"
        if errors == 0:
            tail += " (warnings are errors with --strict)"
        print(f"{_count(errors, 'error')}, {_count(warnings, 'warning')}: {tail}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        progress.clear()
        return _file_error(exc, out_dir, style)
    progress.clear()
    _print_problems(report.warnings, style, root)
    if not args.quiet:  # beside a machine-read format on standard output, not in it
        print(_summary(report, out_dir, write), file=sys.stdout if style == "plain" else sys.stderr)
    if args.verbose:
        for stage, seconds in report.stages:
            print(f"  {stage:<24} {seconds:6.2f} s")
        print(f"  {report.rendered} of {report.files} files rendered, the rest unchanged")
    return EXIT_OK


def _serve(args: argparse.Namespace, root: Path, out_dir: Path) -> int:
    from factpress.serve import AddressUnavailableError, serve  # livereload loads only here

    try:
        serve(
            root,
            port=args.port,
            host=args.host,
            out_dir=out_dir,
            strict=args.strict,
            log=lambda line: print(line, file=sys.stderr, flush=True),
        )
    except AddressUnavailableError as exc:
        where = f"{args.host}:{args.port}"
        print(f"{_prog()} serve: error: cannot listen on {where}: {exc}", file=sys.stderr)
        print(f"    hint: {exc.hint}", file=sys.stderr)
        return EXIT_USAGE
    except BuildError as refused:  # the output folder: nothing is built, nor served
        _print_problems(refused.diagnostics, "plain")
        print(f"{out_dir} not served", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _summary(report: BuildReport, out_dir: Path, write: bool) -> str:
    verb = f"built {out_dir}" if write else "checked"
    return (
        f"{verb}: {_count(report.pages, 'page')}, {_count(report.claims, 'claim')}, "
        f"{_count(report.sources, 'source')}"
        + (f", {_count(report.files, 'file')}" if write else "")
        + f" in {report.seconds:.2f} s"
        + (f" ({_count(len(report.warnings), 'warning')})" if report.warnings else "")
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_prog(),
        description="Build a bilingual, fact-checked explainer site from content/, facts.yaml "
        "and sources/. Without a command, builds.",
    )
    parser.add_argument("--version", action="version", version=f"factpress {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=".", help="the project folder (default: here)")
    common.add_argument(
        "--out",
        help="the output folder, replaced whole by each build: a new or empty one, or one a "
        "build made (default: <root>/site)",
    )
    common.add_argument(
        "--strict", action="store_true", help="treat warnings as errors (for a publishing gate)"
    )
    loudness = common.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    loudness.add_argument(
        "-v", "--verbose", action="store_true", help="also print the time of each stage"
    )
    commands = parser.add_subparsers(dest="command", metavar="command")
    commands.add_parser(
        "build",
        parents=[common],
        help="check everything, then write site/ (the default)",
        description="Check everything, then write the site; only what changed since the last "
        "build is rendered again. Exit status 1 if any check fails (site/ is then untouched).",
    )
    check = commands.add_parser(
        "check",
        parents=[common],
        help="run every check and write nothing; exit status for CI",
        description="Run every check of a build and write nothing. Exit status 0 when the "
        "site would build, 1 when it would not.",
    )
    check.add_argument(
        "--format",
        choices=FORMATS,
        default="plain",
        help="how problems are printed: plain lines (the default), GitHub Actions annotations "
        "(github), or a JSON list on standard output (json)",
    )
    init = commands.add_parser(
        "init",
        help="start a new project in DIR, with an example that builds",
        description="Write a new project into DIR (a new or empty folder): site.yaml, an "
        "example source, two example claims, a page in each language, a .gitignore and a "
        "README saying what to edit next.",
    )
    init.add_argument("directory", metavar="DIR")
    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="preview: serve site/, rebuild on every change, reload the browser",
        description="Build, serve the site, and rebuild on every change to content/, facts.yaml, "
        "sources/, templates/, locale/ or static/; open pages reload themselves. While a "
        "rebuild fails, every page shows its problems instead. Ctrl-C stops.",
    )
    reanchor = commands.add_parser(
        "reanchor",
        help="re-find a source's quotes in a new capture of it",
        description="Compare every claim resting on SOURCE_ID with NEW_FILE, a new capture of "
        "the source: report each as intact, moved, changed or gone, mark changed and gone "
        "claims needs-review, and archive the new capture. Exit status 1 while any claim "
        "needs a reviewer.",
    )
    reanchor.add_argument("source_id", metavar="SOURCE_ID")
    reanchor.add_argument(
        "new_file",
        metavar="NEW_FILE",
        help="its text, or its web page (a saved .html or an address), extracted as by capture",
    )
    reanchor.add_argument("--root", default=".", help="the project folder (default: here)")
    reanchor.add_argument(
        "--archived",
        type=_day,
        help="the day the new capture was made, YYYY-MM-DD (default: today)",
    )
    reanchor.add_argument("--dry-run", action="store_true", help="report only, change no file")
    _capture_parser(commands)
    serve.add_argument("--port", type=_port, default=8000, help="the port (default: 8000)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this machine only)",
    )
    return parser


def _day(text: str) -> date:
    """A day of capture given on the command line: said by the command's own usage line if it
    is none, or one still to come (tomorrow passes: the time zones)."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
            raise argparse.ArgumentTypeError(f"{text}: there is no such day") from None
        raise argparse.ArgumentTypeError(f"{text}: write the date as YYYY-MM-DD") from None
    from factpress.model import GRACE  # here: `--help` loads no more than it needs

    if day > date.today() + GRACE:
        raise argparse.ArgumentTypeError(f"{text}: a day still to come")
    return day


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"{text} is not a port: give a number from 1 to 65535")
    return int(text)


def _reanchor(parser: argparse.ArgumentParser, args: argparse.Namespace, root: Path) -> int:
    from factpress.fetch import InputError
    from factpress.reanchor import format_report, reanchor

    archived = args.archived or date.today()
    source_id, new_file = args.source_id, args.new_file
    try:
        report = reanchor(root, source_id, new_file, archived=archived, dry_run=args.dry_run)
    except BuildError as failure:
        _print_problems(failure.diagnostics)
        return EXIT_PROBLEMS
    except InputError as failure:
        print(failure.format(), file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        return _file_error(exc, root)
    for line in format_report(report):
        print(line)
    # Non-zero while any claim needs a reviewer, so that scripts notice.
    return EXIT_PROBLEMS if report.needs_review or report.links else EXIT_OK


def _capture_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    capture = commands.add_parser(
        "capture",
        help="add a source from its web page: the article's text, its metadata, the page kept",
        description="Capture INPUT, a saved web page (.html) or an http(s) address, as source "
        "ID: extract the article's text into sources/ID.txt, what the page says of itself into "
        "sources/ID.yaml, and keep the page as it was into sources/ID.html (not published). "
        "Prints what was captured and what was dropped. Exit status 1 if the page cannot be "
        "captured; nothing is then written.",
    )
    capture.add_argument("input", metavar="INPUT", help="a saved page (.html) or an address")
    capture.add_argument("--id", required=True, dest="source_id", metavar="ID")
    capture.add_argument("--root", default=".", help="the project folder (default: here)")
    capture.add_argument(
        "--archived", type=_day, help="the day of the capture, YYYY-MM-DD (default: today)"
    )
    capture.add_argument("--dry-run", action="store_true", help="print only, write no file")


def _capture(parser: argparse.ArgumentParser, args: argparse.Namespace, root: Path) -> int:
    from factpress.capture import capture, format_summary  # trafilatura loads only here
    from factpress.fetch import InputError

    archived = args.archived or date.today()
    try:
        result = capture(root, args.source_id, args.input, archived=archived, dry_run=args.dry_run)
    except InputError as failure:
        print(failure.format(), file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        return _file_error(exc, root)
    for line in format_summary(result):
        print(line)
    return EXIT_OK


def _is_terminal() -> bool:
    """Progress is for a person at a terminal: never in CI logs or redirected output."""
    return sys.stderr.isatty() and not os.environ.get("CI")


class _Progress:
    """Shows the current stage on one terminal line, overwritten as the build goes."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, stage: str) -> None:
        if self.enabled:
            print(f"\r\033[K{stage}…", end="", file=sys.stderr, flush=True)

    def clear(self) -> None:
        if self.enabled:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def _init(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from factpress.scaffold import init_project

    if args.directory == "":  # a variable that was not set, refused as `--root ""` is
        parser.error("init needs a folder: give its name, or . for the current one")
    target = Path(args.directory)
    try:
        written = init_project(target, date.today())
    except BuildError as failure:
        _print_problems(failure.diagnostics)
        return EXIT_PROBLEMS
    except OSError as exc:
        return _file_error(exc, target)
    print(f"new project in {target}: {_count(len(written), 'file')}")
    for rel in written:
        print(f"  {rel}")
    command = "python build.py" if _prog() == "build.py" else "factpress"
    print(f"next: {command} serve --root {shlex.quote(str(target))}   (and read its README.md)")
    return EXIT_OK


def _prog() -> str:
    """The command as the writer typed it: `factpress`, or `build.py` in a project of its own."""
    name = Path(sys.argv[0]).name
    return name if name in ("factpress", "build.py") else "factpress"


def _file_error(exc: OSError, folder: Path, style: str = "plain") -> int:
    """A file that could not be read or written, said as every problem is (in `style`). An
    error that names no file (a full disk) is said of the `folder` being written."""
    where = Location(PurePosixPath(str(exc.filename or folder)))
    hint = "check the path, its permissions and the free space, then run it again"
    _print_problems([error(where, "file-error", exc.strerror or str(exc), hint)], style)
    return EXIT_PROBLEMS


def _print_problems(
    diagnostics: Sequence[Diagnostic], style: str = "plain", root: Path | None = None
) -> None:
    # Plain problems are for people and go with the summary to standard error; the
    # machine-read formats go to standard output, where CI tools read them.
    lines = format_problems(diagnostics, style, _seen_from_here(root))
    for line in lines:
        print(line, file=sys.stderr if style == "plain" else sys.stdout)


def _seen_from_here(root: Path | None) -> str:
    """The project's folder from the current one (posix), if it lies inside it, else "."."""
    if root is None:
        return "."
    relative = Path(os.path.relpath(root.resolve(), Path.cwd().resolve()))
    return "." if relative.parts[:1] == ("..",) else relative.as_posix()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
