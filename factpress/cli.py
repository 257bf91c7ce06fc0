"""The command line: run a build or a check, print its problems and a summary, set the exit code."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from pathlib import Path
import sys

from factpress.diagnostics import BuildError, Diagnostic

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    # Imported here so that `--help` answers without loading the whole engine.
    from factpress.pipeline import OUTPUT_DIR, build

    root = Path(args.root)
    if args.command == "reanchor":
        return _reanchor(parser, args, root)
    if args.operands:
        parser.error(f"unexpected arguments: {' '.join(args.operands)}")
    out_dir = Path(args.out) if args.out else root / OUTPUT_DIR
    write = args.command != "check"
    try:
        report = build(root, out_dir=out_dir, strict=args.strict, write=write)
    except BuildError as failure:
        _print_problems(failure.diagnostics)
        errors = sum(d.is_error for d in failure.diagnostics)
        warnings = len(failure.diagnostics) - errors
        tail = f"{out_dir} not written" if write else "check failed"
        if errors == 0:
            tail += " (warnings are errors with --strict)"
        print(f"{_count(errors, 'error')}, {_count(warnings, 'warning')}: {tail}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        print(f"{exc.filename or ''}: error: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    _print_problems(report.warnings)
    if not args.quiet:
        verb = f"built {out_dir}" if write else "checked"
        print(
            f"{verb}: {_count(report.pages, 'page')}, {_count(report.claims, 'claim')}, "
            f"{_count(report.sources, 'source')}"
            + (f", {_count(report.files, 'file')}" if write else "")
            + f" in {report.seconds:.2f} s"
            + (f" ({_count(len(report.warnings), 'warning')})" if report.warnings else "")
        )
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build a bilingual, fact-checked explainer site from content/, facts.yaml "
        "and sources/.",
    )
    parser.add_argument(
        "command",
        nargs="?",
        default="build",
        choices=("build", "check", "reanchor"),
        help="build (the default) writes site/; check verifies everything and writes nothing; "
        "reanchor SOURCE_ID NEW_FILE re-finds a source's quotes in a new capture of it",
    )
    parser.add_argument("operands", nargs="*", help="for reanchor: SOURCE_ID NEW_FILE")
    parser.add_argument(
        "--archived", help="for reanchor: the day the new capture was made (default: today)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="for reanchor: report only, change no file"
    )
    parser.add_argument("--root", default=".", help="the project folder (default: here)")
    parser.add_argument("--out", help="the output folder (default: <root>/site)")
    parser.add_argument(
        "--strict", action="store_true", help="treat warnings as errors (for a publishing gate)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    return parser


def _reanchor(parser: argparse.ArgumentParser, args: argparse.Namespace, root: Path) -> int:
    from factpress.reanchor import format_report, reanchor

    if len(args.operands) != 2:
        parser.error("reanchor needs SOURCE_ID NEW_FILE")
    try:
        archived = date.fromisoformat(args.archived) if args.archived else date.today()
    except ValueError:
        parser.error(f"--archived {args.archived}: write the date as YYYY-MM-DD")
    source_id, new_file = args.operands
    try:
        report = reanchor(root, source_id, Path(new_file), archived=archived, dry_run=args.dry_run)
    except BuildError as failure:
        _print_problems(failure.diagnostics)
        return EXIT_PROBLEMS
    except OSError as exc:
        print(f"{exc.filename or ''}: error: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    for line in format_report(report):
        print(line)
    # Non-zero while any claim needs a reviewer, so that scripts notice.
    return EXIT_PROBLEMS if report.needs_review else EXIT_OK


def _print_problems(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
