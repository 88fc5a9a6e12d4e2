"""Reading an uploaded PDF or HTML file in a separate, limited process.

A crafted file can make a parser run for minutes, allocate gigabytes (a decompression
bomb) or recurse until the interpreter crashes (deeply nested objects). Parsing in
the web worker would take the worker down with it, so ``read_upload`` runs the parser
in a child process with limits set inside the child:

- CPU time (``RLIMIT_CPU``): the kernel stops the child when it is used up;
- address space (``RLIMIT_AS``): allocations beyond it fail with ``MemoryError``;
- pages: a PDF with more pages than ``max_pages`` is refused before any text is read;
- wall-clock time: the parent kills the child when it has not answered in time.

Whatever happens in the child, the caller gets text or an ``UnreadableUpload`` whose
message starts "This PDF could not be read: …". It is one function, with no request or
app needed, so a background job can call it as well as the intake form and the CLI.
Plain text (.txt, .md) is decoded in the calling process: it needs no parser.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from tracker import PROJECT_ROOT
from tracker.intake.sources import UnreadableUpload, decode_text, detect_kind, html_to_text, normalise

# Why the child could not read a file, as the person who sent it is told.
REASONS = {
    "encrypted": _l("it is encrypted; upload an unprotected copy."),
    "pages": _l("it has %(pages)s pages; at most %(max)s can be read. Upload the part that holds the recommendations."),
    "memory": _l("reading it needed more than %(mb)s MB of memory (it may be a decompression bomb)."),
    "expands": _l("its content expands to more than a reader may unpack (it may be a decompression bomb)."),
    "time": _l("reading it took longer than %(seconds)s seconds."),
    "nested": _l("its objects are nested too deeply."),
    "damaged": _l("it is damaged or uses features this reader does not support."),
    "crashed": _l("the reader stopped on it; it may be damaged or crafted."),
}
KIND_LABELS = {
    "pdf": _l("This PDF could not be read: %(reason)s"),
    "html": _l("This HTML file could not be read: %(reason)s"),
}


@dataclass(frozen=True)
class ParseLimits:
    """The limits a parsing child runs under (see the module docstring)."""

    cpu_seconds: int = 15
    wall_seconds: float = 30.0
    memory_mb: int = 768
    max_pages: int = 1000

    @classmethod
    def from_config(cls, config) -> ParseLimits:
        """The limits set by INTAKE_PARSE_CPU_SECONDS, _WALL_SECONDS, _MEMORY_MB and INTAKE_PDF_MAX_PAGES."""
        default = cls()
        return cls(
            cpu_seconds=int(config.get("INTAKE_PARSE_CPU_SECONDS", default.cpu_seconds)),
            wall_seconds=float(config.get("INTAKE_PARSE_WALL_SECONDS", default.wall_seconds)),
            memory_mb=int(config.get("INTAKE_PARSE_MEMORY_MB", default.memory_mb)),
            max_pages=int(config.get("INTAKE_PDF_MAX_PAGES", default.max_pages)),
        )


def read_upload(filename: str, data: bytes, limits: ParseLimits | None = None) -> tuple[str, str]:
    """(kind, text) of an upload; raises ``UnreadableUpload`` with a message for the person.

    The kind is checked against the content first (in this process: cheap and bounded);
    PDF and HTML are then parsed in a limited child process.
    """
    limits = limits or ParseLimits()
    kind = detect_kind(filename, data)
    if kind in ("pdf", "html"):
        text = _parse_in_child(kind, data, limits)
    else:
        text = decode_text(data)
    text = normalise(text)
    if not text.strip():
        raise UnreadableUpload("No text could be read from the file (a scanned PDF has none).")
    if "\x00" in text:
        raise UnreadableUpload("The file contains NUL characters.")
    return kind, text


def _refuse(kind: str, reason: str, **values) -> UnreadableUpload:
    return UnreadableUpload(
        str(KIND_LABELS[kind] % {"reason": REASONS[reason] % values if values else REASONS[reason]})
    )


def _parse_in_child(kind: str, data: bytes, limits: ParseLimits) -> str:
    command = [
        sys.executable,
        "-m",
        "tracker.intake.safe_parse",
        kind,
        str(limits.max_pages),
        str(limits.cpu_seconds),
        str(limits.memory_mb),
    ]
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    try:
        # A new session so that a timeout kills the child and anything it started.
        completed = subprocess.run(
            command,
            input=data,
            capture_output=True,
            timeout=limits.wall_seconds,
            env=env,
            cwd=str(PROJECT_ROOT),
            start_new_session=True,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise _refuse(kind, "time", seconds=limits.wall_seconds) from None
    if completed.returncode == -signal.SIGXCPU or completed.returncode == -signal.SIGKILL:
        raise _refuse(kind, "time", seconds=limits.cpu_seconds)
    try:
        answer = json.loads(completed.stdout.decode("utf-8"))
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        # Killed by a signal (a crash from deep recursion is SIGSEGV) or no usable answer.
        raise _refuse(kind, "crashed")
    if "text" in answer:
        return answer["text"]
    reason = str(answer.get("reason")) if answer.get("reason") in REASONS else "damaged"
    values = (
        {"pages": answer.get("pages"), "max": limits.max_pages}
        if reason == "pages"
        else ({"mb": limits.memory_mb} if reason == "memory" else {})
    )
    raise _refuse(kind, reason, **values)


# --- The child ---------------------------------------------------------------------------


def _set_limits(cpu_seconds: int, memory_mb: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _pdf_text(data: bytes, max_pages: int) -> dict:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError, PyPdfError
    from pypdf.generic import DictionaryObject

    from tracker.intake.sources import unwrap_lines

    logging.disable(logging.WARNING)  # pypdf warns about every repaired object
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return {"reason": "encrypted"}
        tree = reader.root_object["/Pages"].get_object()
        declared = tree.get("/Count", 0) if isinstance(tree, DictionaryObject) else 0
        if isinstance(declared, int) and declared > max_pages:
            return {"reason": "pages", "pages": declared}
        pages = reader.pages
        if len(pages) > max_pages:
            return {"reason": "pages", "pages": len(pages)}
        texts = [page.extract_text() or "" for page in pages]
    except LimitReachedError:
        return {"reason": "expands"}
    except RecursionError:
        return {"reason": "nested"}
    except PdfReadError as error:
        # pypdf reports running out of stack as a read error; the cause says which.
        return {"reason": "nested" if isinstance(error.__cause__, RecursionError) else "damaged"}
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        OSError,
        AssertionError,
        ZeroDivisionError,
        OverflowError,
        UnicodeError,
    ):
        return {"reason": "damaged"}
    return {"text": "\n\n".join(unwrap_lines(text) for text in texts)}


def _child_main(argv: list[str]) -> int:
    kind, max_pages, cpu_seconds, memory_mb = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    _set_limits(cpu_seconds, memory_mb)
    data = sys.stdin.buffer.read()
    try:
        if kind == "pdf":
            answer = _pdf_text(data, max_pages)
        else:
            answer = {"text": html_to_text(decode_text(data))}
    except MemoryError:
        answer = {"reason": "memory"}
    except RecursionError:
        answer = {"reason": "nested"}
    except UnreadableUpload:
        answer = {"reason": "damaged"}
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
