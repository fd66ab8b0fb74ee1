"""JSONL reading with file/line positions, and atomic writing that never leaves a truncated file."""
from __future__ import annotations

import contextlib
import glob
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterable, Iterator


@dataclass(frozen=True)
class Line:
    """One input line: where it came from, and its parsed value or the reason it could not be parsed."""

    source: str
    lineno: int
    text: str
    value: Any = None
    error: str | None = None

    @property
    def where(self) -> str:
        return f"{self.source}:{self.lineno}"


def _open_input(path: str) -> IO[str]:
    if path == "-":
        return sys.stdin
    return open(path, encoding="utf-8", errors="strict", newline="")


def read_lines(paths: Iterable[str], end: int | None = None) -> Iterator[Line]:
    """Yield every non-blank line of the given JSONL files ('-' = stdin) with its parsed JSON or an error.

    ``end`` stops each file at that byte offset (the lines a journal held before a later writer appended).
    """
    for path in paths:
        source = "<stdin>" if path == "-" else path
        fh = _open_input(path)
        try:
            yield from _parse(_decoded_lines(fh, source, end), source)
        finally:
            if fh is not sys.stdin:
                fh.close()


def _parse(texts: Iterable[str | Line], source: str) -> Iterator[Line]:
    for lineno, text in enumerate(texts, start=1):
        if isinstance(text, Line):
            yield text
            continue
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Line(source, lineno, text, error=f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield Line(source, lineno, text, error="invalid JSON: nested too deeply to read")
            continue
        if not isinstance(value, dict):
            yield Line(source, lineno, text, error=f"expected a JSON object, got {type(value).__name__}")
            continue
        yield Line(source, lineno, text, value=value)


def _decoded_lines(fh: IO[str], source: str, end: int | None = None) -> Iterator[str | Line]:
    """Lines of a text stream (up to byte ``end``); a line that is not valid UTF-8 becomes an error Line."""
    binary = getattr(fh, "buffer", None)
    if binary is None:  # already text (e.g. StringIO)
        yield from fh
        return
    read = 0
    for lineno, raw in enumerate(binary, start=1):
        read += len(raw)
        if end is not None and read > end:
            return
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Line(source, lineno, raw.decode("utf-8", "replace"), error=f"not UTF-8: {exc.reason}")


def dumps(record: dict) -> str:
    """One canonical JSONL line: UTF-8 text, no ASCII escaping, fixed separators, key order as given."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def check_writable(path: str | os.PathLike[str], *, create_parents: bool = False) -> None:
    """Raise OSError naming ``path`` unless a file can be created there; checked before any work is done.

    The directory is probed by creating (and removing) a file in it, which catches read-only file systems,
    permissions and a path that is a directory. With ``create_parents`` a missing folder is fine as long as its
    nearest existing ancestor is a writable directory.
    """
    target = Path(path)
    if target.is_dir():
        raise OSError(f"cannot write {path}: it is a directory")
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        if not create_parents:
            raise OSError(f"cannot write {path}: directory {directory} does not exist")
        while not directory.exists() and directory != directory.parent:
            directory = directory.parent
        if not directory.is_dir():
            raise OSError(f"cannot write {path}: {directory} is not a directory")
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{target.name}.probe.", dir=directory)
    except OSError as exc:
        raise OSError(f"cannot write {path}: directory {directory}: {exc.strerror or exc}") from exc
    os.close(fd)
    os.unlink(probe)


def temp_beside(target: Path, mode: str = "w+b", **open_args: Any) -> tuple[IO[Any], str]:
    """A new temporary file next to ``target`` named after it and this process (``.NAME.PID.XXXX.tmp``).

    Temporary files left by killed processes are removed first (``sweep_stale_temps``).
    """
    sweep_stale_temps(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    return os.fdopen(fd, mode, **open_args), tmp


def sweep_stale_temps(target: Path) -> list[Path]:
    """Remove the temporary files of ``target`` whose writing process is gone (killed before its rename)."""
    removed = []
    prefix = f".{target.name}."
    for tmp in target.parent.glob(f"{glob.escape(prefix)}*.tmp"):
        pid = tmp.name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
                removed.append(tmp)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class AtomicWriter:
    """Write lines to a temporary file beside ``path`` and rename it over ``path`` only on success.

    A crash or kill before ``commit()`` leaves any previous file at ``path`` untouched, and never
    a truncated one; the next writer of ``path`` removes the dead process's temporary file.
    ``path`` '-' writes straight to stdout.
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = str(path)
        self._fh: IO[str] | None = None
        self._tmp: str | None = None
        if self.path == "-":
            self._fh = sys.stdout
            return
        target = Path(self.path)
        directory = target.parent if str(target.parent) else Path(".")
        if not directory.is_dir():
            raise OSError(f"cannot write {self.path}: directory {directory} does not exist")
        self._fh, self._tmp = temp_beside(directory / target.name, "w", encoding="utf-8", newline="\n")

    def _write(self, text: str) -> None:
        assert self._fh is not None
        self._fh.write(text)

    def write_line(self, text: str) -> None:
        """Write one line; a failing write (disk full…) raises OSError naming the target path."""
        try:
            self._write(text + "\n")
        except OSError as exc:
            raise OSError(f"cannot write {self.path}: {exc.strerror or exc}") from exc

    def commit(self) -> None:
        if self._fh is None:
            return
        if self._tmp is None:
            self._fh.flush()
            self._fh = None
            return
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            os.replace(self._tmp, self.path)
        except OSError as exc:
            self.abort()
            raise OSError(f"cannot write {self.path}: {exc.strerror or exc}") from exc
        self._fh = self._tmp = None

    def abort(self) -> None:
        """Discard the temporary file; the previous file at ``path`` is untouched."""
        if self._tmp is not None:
            if self._fh is not None and not self._fh.closed:
                with contextlib.suppress(OSError):  # discarding anyway: a failed flush must not mask the cause
                    self._fh.close()
            if os.path.exists(self._tmp):
                os.unlink(self._tmp)
        self._fh = self._tmp = None

    def __enter__(self) -> "AtomicWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()
