"""The `normalise` command: raw JSONL -> published JSONL, export import, and schema validation."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Sequence

from . import __version__, report_cli
from .jsonl import AtomicWriter, check_writable, dumps, read_lines
from .pipeline import Summary, finish, normalise_lines, serialise

EXIT_OK, EXIT_REJECTED, EXIT_ERROR = 0, 1, 2
SUBCOMMANDS = ("run", "import", "validate", "report")

USAGE = """normalise [run] [INPUT ...] [-o OUT]     raw (or published) JSONL -> published JSONL
normalise import EXPORT ... [-o OUT]      WordPress WXR / Blogger export / WP REST JSON -> published JSONL
normalise validate FILE ...               check published JSONL against the JSON Schema
normalise report FILE ... [-o OUT.html]   coverage report: posts/comments per month, gaps, missing fields, errors"""


class Progress:
    """A one-line progress counter on stderr, shown only when stderr is a terminal."""

    def __init__(self, label: str, enabled: bool):
        self.label, self.enabled, self._last = label, enabled, 0.0

    def __call__(self, n: int) -> None:
        now = time.monotonic()
        if self.enabled and now - self._last > 0.2:
            self._last = now
            print(f"\r{self.label}: {n} records", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.enabled:
            print("\r" + " " * 60 + "\r", end="", file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="normalise", usage=USAGE,
                                     description="Normalise harvested blog records into the published schema.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="normalise raw JSONL records")
    run.add_argument("inputs", nargs="*", default=["-"], help="raw or published JSONL files; '-' = stdin (default)")
    _output_options(run)

    imp = sub.add_parser("import", help="import blog exports")
    imp.add_argument("inputs", nargs="+", help="WXR, Blogger export Atom or WP REST JSON files")
    imp.add_argument("--include-unapproved", action="store_true",
                     help="also import comments held for moderation (never public); they carry approved=false")
    _output_options(imp)

    val = sub.add_parser("validate", help="validate published JSONL against the JSON Schema")
    val.add_argument("inputs", nargs="+", help="published JSONL files; '-' = stdin")
    report_cli.add_parser(sub)
    return parser


def _output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", default="-", help="output JSONL file (written atomically); '-' = stdout")
    p.add_argument("--rejects", help="file receiving rejected input lines (default: OUTPUT.rejects.jsonl)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")


def _rejects_path(args: argparse.Namespace) -> str | None:
    if args.rejects:
        return args.rejects
    return None if args.output == "-" else f"{args.output}.rejects.jsonl"


def _check_writable(path: str | None) -> None:
    if path is not None and path != "-":
        check_writable(path)


def _write(args: argparse.Namespace, posts, summary: Summary) -> int:
    with AtomicWriter(args.output) as out:
        for line in serialise(posts):
            out.write_line(line)
    rejects = _rejects_path(args)
    if summary.rejected and rejects:
        with AtomicWriter(rejects) as out:
            for r in summary.rejected:
                out.write_line(dumps({"where": r.where, "reason": r.reason, "line": r.text.rstrip("\n")}))
    if not args.quiet:
        for r in summary.rejected:
            print(f"rejected {r.where}: {r.reason}", file=sys.stderr)
        print(f"normalise: {summary.text()}" + (f"; rejects in {rejects}" if summary.rejected and rejects else ""),
              file=sys.stderr)
    return EXIT_REJECTED if summary.rejected else EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    _check_writable(args.output)
    _check_writable(_rejects_path(args))
    for path in args.inputs:
        if path != "-" and not Path(path).is_file():
            raise OSError(f"cannot read {path}: no such file")
    summary = Summary()
    progress = Progress("normalise", not args.quiet and sys.stderr.isatty())
    posts = normalise_lines(read_lines(args.inputs), summary, progress)
    progress.done()
    return _write(args, posts, summary)


def cmd_import(args: argparse.Namespace) -> int:
    from .imports.detect import read_export
    from .pipeline import Rejected
    from .record import NormaliseError, normalise_post

    _check_writable(args.output)
    _check_writable(_rejects_path(args))
    summary = Summary()
    posts = []
    for path in args.inputs:
        if not Path(path).is_file():
            raise OSError(f"cannot read {path}: no such file")
        for n, raw in enumerate(read_export(path, include_unapproved=args.include_unapproved), start=1):
            summary.lines += 1
            summary.raw_records += 1
            try:
                posts.append(normalise_post(raw))
            except NormaliseError as exc:
                summary.rejected.append(Rejected(f"{path}: post {n} ({raw.url})", str(exc), raw.url))
    return _write(args, finish(posts, summary), summary)


def cmd_validate(args: argparse.Namespace) -> int:
    import jsonschema

    from .jsonschema import post_schema

    validator = jsonschema.Draft202012Validator(post_schema(), format_checker=jsonschema.FormatChecker())
    bad = total = 0
    for line in read_lines(args.inputs):
        total += 1
        errors = [line.error] if line.error else [
            f"{'/'.join(map(str, e.absolute_path)) or '(record)'}: {e.message}"
            for e in validator.iter_errors(line.value)]
        if errors:
            bad += 1
            for e in errors[:5]:
                print(f"{line.where}: {e}", file=sys.stderr)
    print(f"validate: {total - bad} of {total} records valid", file=sys.stderr)
    return EXIT_REJECTED if bad else EXIT_OK


COMMANDS = {"run": cmd_run, "import": cmd_import, "validate": cmd_validate, "report": report_cli.cmd_report}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "run")
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (OSError, ValueError) as exc:
        print(f"normalise: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("normalise: interrupted; output not written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
