"""Reading an import file: decoding, the header, rows with line numbers, and the report.

Each kind's importer (``tracker.transfer.kinds``) checks rows batch by batch and
records every problem with the row's line number; ``operations.import_csv`` writes
only while no row has failed and rolls everything back when one has.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.csvstream import restore_cell
from tracker.transfer.formats import NUL_STAND_IN, CellError, Kind, integer, recognise, slug

BATCH_SIZE = 1000
MAX_FIELD = 50 * 1024 * 1024  # as large as the largest upload: lengths are checked per column


@dataclass
class RowError:
    """One problem: the file line where the row starts, and what is wrong."""

    line: int
    message: str


@dataclass
class ImportReport:
    """What an import did (or would have done): counts, and every problem by line."""

    kind: str | None = None
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every row was valid (and so the file was imported)."""
        return not self.errors

    @property
    def bad_rows(self) -> int:
        """How many distinct lines have at least one problem."""
        return len({error.line for error in self.errors if error.line})

    def add_error(self, line: int, message: str) -> None:
        """Record a problem at ``line`` (0: the file as a whole)."""
        self.errors.append(RowError(line, message))

    def count(self, created: bool, changed: bool) -> None:
        """Count one row as created, updated or unchanged."""
        if created:
            self.created += 1
        elif changed:
            self.updated += 1
        else:
            self.unchanged += 1

    def summary(self) -> str:
        """One line for people: the counts, or how many rows are wrong."""
        if not self.ok:
            return _(
                "Nothing was imported: %(bad)s of %(rows)s rows have problems (%(n)s in all).",
                bad=self.bad_rows,
                rows=self.rows,
                n=len(self.errors),
            )
        return _(
            "%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.",
            rows=self.rows,
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
        )


@dataclass
class Row:
    """One data row: its line, its cells by column name, and what checking it found."""

    line: int
    cells: dict[str, str]
    report: ImportReport
    values: dict = field(default_factory=dict)
    failed: bool = False
    target: int | None = None  # the matched record's id (None: a new record)
    changed: bool = False

    def fail(self, column: str | None, message) -> None:
        """Mark the row bad, recording ``message`` (about ``column``, if given)."""
        self.failed = True
        text = f"{column}: {message}" if column else str(message)
        self.report.add_error(self.line, text)

    def parse(self, column: str, parser, *args, **kwargs):
        """The cell parsed by ``parser``, or None after recording why it is invalid."""
        try:
            return parser(self.cells.get(column, ""), *args, **kwargs)  # optional columns may be absent
        except CellError as error:
            self.fail(column, error.args[0])
            return None


class CsvFile:
    """A CSV upload read as UTF-8 (a BOM is allowed), record by record with line numbers."""

    def __init__(self, file_obj, report: ImportReport):
        self.report = report
        self.binary = _is_binary(file_obj)
        self.raw = file_obj
        self.chars = 0
        stream = io.TextIOWrapper(file_obj, encoding="utf-8-sig", newline="") if self.binary else file_obj
        self.stream = stream
        csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD))
        self.reader = csv.reader(self._lines())
        self.kind: Kind | None = None
        self.columns: list[str] = []

    @property
    def position(self) -> int:
        """How far reading has got: bytes for a binary file, characters for a text one."""
        if self.binary:
            try:
                return self.raw.tell()
            except (OSError, ValueError):
                pass
        return self.chars

    def _lines(self) -> Iterator[str]:
        first = True
        for line in self.stream:
            if first and line.startswith("\ufeff"):
                line = line[1:]
            first = False
            self.chars += len(line)
            # Python 3.11's csv module stops at a NUL byte; a stand-in lets the row be
            # reported (with its line) while the rest of the file is still checked.
            yield line.replace("\x00", NUL_STAND_IN)

    def read_header(self) -> Kind | None:
        """Read the header row and recognise the kind; records a problem when it cannot."""
        try:
            header = next(self.reader)
        except StopIteration:
            self.report.add_error(1, _("The file is empty: the first line must be the header row."))
            return None
        except (csv.Error, UnicodeDecodeError) as error:
            self._unreadable(1, error)
            return None
        kind, problem = recognise(header)
        if kind is None:  # recognise() says why
            self.report.add_error(1, str(problem))
            return None
        self.kind, self.columns = kind, [name.strip() for name in header]
        self.report.kind = kind.code
        return kind

    def rows(self) -> Iterator[Row]:
        """Every data row with the line it starts on; blank lines are skipped."""
        start = self.reader.line_num + 1
        while True:
            try:
                cells = next(self.reader)
            except StopIteration:
                return
            except UnicodeDecodeError as error:
                self._unreadable(start, error)
                return
            except csv.Error as error:
                self.report.add_error(start, _("The line cannot be read as CSV (%(error)s).", error=error))
                start = self.reader.line_num + 1
                continue
            line, start = start, self.reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            self.report.rows += 1
            # Exports neutralise formula-like cells with an apostrophe; reading it back
            # removes exactly that, so an export re-imports unchanged.
            # Cells beyond the header, or missing, are reported just below.
            row = Row(line, dict(zip(self.columns, map(restore_cell, cells), strict=False)), self.report)
            if len(cells) != len(self.columns):
                row.fail(
                    None,
                    _(
                        "The row has %(n)s cells but the header has %(m)s columns "
                        "(a missing or extra column, or an unclosed quote).",
                        n=len(cells),
                        m=len(self.columns),
                    ),
                )
            yield row

    def batches(self, size: int = BATCH_SIZE) -> Iterator[list[Row]]:
        """Rows in lists of ``size``."""
        batch: list[Row] = []
        for row in self.rows():
            batch.append(row)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def close(self) -> None:
        """Let go of the caller's file without closing it."""
        if self.binary:
            try:
                self.stream.detach()
            except ValueError:
                pass

    def _unreadable(self, line: int, error: Exception) -> None:
        self.report.add_error(
            line,
            _("The file is not UTF-8 text (%(error)s). Save it as “CSV UTF-8” and try again.", error=str(error)[:120]),
        )


def _is_binary(file_obj) -> bool:
    if isinstance(file_obj, io.TextIOBase):
        return False
    mode = getattr(file_obj, "mode", None)
    if isinstance(mode, str):
        return "b" in mode
    return isinstance(file_obj, (io.BufferedIOBase, io.RawIOBase)) or not hasattr(file_obj, "encoding")


class Matcher:
    """Matches rows to existing records by id or natural key, one batch at a time.

    Rules: an id and a key must not point at two different records; a row whose id
    exists is that record (and may rename its key to a free one); a row without an id
    is matched by key; a row with an unknown id and an unknown key creates a record
    with that id. Each id, key and record may appear once per file.
    """

    def __init__(self, session: Session, model, key_column: str, key_label: str):
        self.session, self.model, self.key_label = session, model, key_label
        self.key_column = getattr(model, key_column)
        self.seen_ids: dict[int, int] = {}
        self.seen_keys: dict[str, int] = {}
        self.matched: dict[int, int] = {}
        self.new_ids = False

    def match_batch(self, rows: list[Row], key_cell: str) -> None:
        """Parse id and key of every row and set ``row.target`` (the record id, or None)."""
        for row in rows:
            row.values["id"] = row.parse("id", integer, required=False)
            row.values[key_cell] = row.parse(key_cell, slug)
        ids = {row.values["id"] for row in rows if row.values["id"] is not None}
        keys = {row.values[key_cell] for row in rows if row.values[key_cell]}
        by_id, by_key = {}, {}
        if ids or keys:
            for record_id, key in self.session.execute(
                select(self.model.id, self.key_column).where(self.model.id.in_(ids) | self.key_column.in_(keys))
            ):
                by_id[record_id], by_key[key] = key, record_id
        for row in rows:
            self._match(row, row.values["id"], row.values[key_cell], key_cell, by_id, by_key)

    def _match(self, row: Row, row_id, key, key_cell, by_id, by_key) -> None:
        if key is None:
            return
        label = self.key_label
        if row_id is not None and row_id in self.seen_ids:
            return row.fail("id", _("id %(id)s is also on line %(line)s", id=row_id, line=self.seen_ids[row_id]))
        if key in self.seen_keys:
            return row.fail(
                key_cell,
                _("%(label)s “%(key)s” is also on line %(line)s", label=label, key=key, line=self.seen_keys[key]),
            )
        if row_id is not None:
            self.seen_ids[row_id] = row.line
        self.seen_keys[key] = row.line
        owner = by_key.get(key)
        if row_id is not None and row_id in by_id:
            if owner is not None and owner != row_id:
                return row.fail(
                    key_cell,
                    _(
                        "%(label)s “%(key)s” belongs to record %(owner)s, not %(id)s",
                        label=label,
                        key=key,
                        owner=owner,
                        id=row_id,
                    ),
                )
            target = row_id
        elif row_id is not None and owner is not None:
            return row.fail(
                "id",
                _(
                    "there is no record %(id)s, and %(label)s “%(key)s” is record %(owner)s "
                    "(leave the id empty to match by %(label)s only)",
                    id=row_id,
                    label=label,
                    key=key,
                    owner=owner,
                ),
            )
        else:
            target = owner
        if target is not None:
            if target in self.matched:
                return row.fail(key_cell, _("this is the same record as line %(line)s", line=self.matched[target]))
            self.matched[target] = row.line
        elif row_id is not None:
            self.new_ids = True
        row.target = target
