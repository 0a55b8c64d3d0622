"""Exports of the store in the import format (the columns: `reading.EXPORT_COLUMNS`), so that an export re-imports to the same state.

Text that a spreadsheet program would run as a formula (=, +, -, @, a leading tab or CR)
is written with an apostrophe before it, in CSV and XLSX alike, so that opening an export
never runs anything; the importer takes that apostrophe off again
(`reading.neutralise_formula` / `reading.restore_formula`). Dates are written as precisely
as they are stored ("2019-03-12", "2019-03", "2019-Q2", "2019": `store.reading.export_rows`).

What a format cannot keep is never dropped silently: `export_file` returns, beside the row
count, a `locales.Message` for each cell it had to change and for each limit of the importer
the file goes beyond (`Exported.warnings`):

- XLSX: a cell holds at most 32,767 characters (counted as Excel does, in UTF-16 units): a
  longer one (in practice an internal note) keeps its first 32,767; a C0 control character
  (an XLSX cell cannot hold one; an edit may have stored it) is left out, and a carriage
  return becomes a line feed (the workbook's XML keeps no CR: "a\r\nb" reads back "a\nb").
  CSV keeps all three.
- both: more rows than the importer reads in one file (`reading.limits.MAX_ROWS`), a file
  larger than it accepts (`MAX_FILE_BYTES`), and, in CSV, a cell longer than its CSV reader
  takes (`csv.field_size_limit()`): the export has them all, re-importing it is refused.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import sqlalchemy as sa

from loaders import reading
from loaders.reading import Number
from loaders.store.reading import export_rows
from locales import Message

# The most characters an XLSX cell holds (Excel's specification), in UTF-16 code units.
XLSX_CELL_LIMIT = 32_767
# What openpyxl refuses to write into a cell (C0 controls but tab, line feed and carriage return).
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SUFFIXES = (".csv", ".xlsx")


class Exported(int):
    """What `export_file` wrote: the row count (it is that int, as `export_file` always
    returned) and `warnings`, a list of `locales.Message`, one per thing not kept as stored or
    not readable back by the importer; empty when the file holds the store exactly."""

    warnings: list[Message]

    def __new__(cls, rows: int, warnings: list[Message] | None = None) -> Exported:
        made = super().__new__(cls, rows)
        made.warnings = list(warnings or [])
        return made

    @property
    def rows(self) -> int:
        return int(self)

    def __str__(self) -> str:  # printed, it is the count: "412", as before
        return str(int(self))

    def __format__(self, spec: str) -> str:
        return format(int(self), spec)

    def __repr__(self) -> str:
        return f"Exported(rows={int(self)}, warnings={self.warnings!r})"

    def __reduce__(self):
        return (Exported, (int(self), self.warnings))


def export_file(engine: sa.Engine, kind: str, out: Path) -> Exported:
    """Write a kind to CSV (UTF-8, comma) or XLSX, by the file's suffix; returns the row count,
    an `Exported` whose `warnings` say what the file could not keep (see the module's text)."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"{out.name}: export to .csv or .xlsx")
    header, rows = export_rows(engine, kind)
    cells, warnings = _cells(kind, header, rows, suffix)
    partial = out.with_name(f".{out.name}.partial")
    try:
        _write(partial, suffix, kind, header, cells)
    except BaseException:
        partial.unlink(missing_ok=True)  # a failed export leaves nothing half-written behind
        raise
    partial.replace(out)
    size = out.stat().st_size
    if size > reading.limits.MAX_FILE_BYTES:
        warnings.append(Message(
            "export_beyond_import_size", size=Number(size), limit=Number(reading.limits.MAX_FILE_BYTES),
        ))
    return Exported(len(rows), warnings)


def export_warnings(engine: sa.Engine, kind: str, suffix: str) -> list[Message]:
    """What an export of a kind to `suffix` (".csv" or ".xlsx") would report, without writing
    it (but the file's size, known once written). It reads every row, as the export does."""
    suffix = suffix.lower() if suffix.startswith(".") else f".{suffix.lower()}"
    if suffix not in SUFFIXES:
        raise ValueError(f"{suffix}: export to .csv or .xlsx")
    header, rows = export_rows(engine, kind)
    return _cells(kind, header, rows, suffix)[1]


def _cells(kind: str, header: tuple[str, ...], rows: list[list[str]], suffix: str) -> tuple[list[list[str]], list[Message]]:
    """Every cell as the format will hold it (formulas neutralised; for XLSX, cut to the
    limit and without control characters), and a warning for each change or limit."""
    warnings: list[Message] = []
    if len(rows) > reading.limits.MAX_ROWS:
        warnings.append(Message(
            "export_beyond_import_rows", rows=Number(len(rows)), limit=Number(reading.limits.MAX_ROWS),
        ))
    csv_limit = csv.field_size_limit()
    cells: list[list[str]] = []
    for index, row in enumerate(rows):
        written = [reading.neutralise_formula(value) for value in row]
        for column, value in enumerate(written):
            if suffix == ".csv":
                if len(value) > csv_limit:
                    warnings.append(_warning(
                        "export_cell_beyond_import", kind, header, row, index, column,
                        length=Number(len(value)), limit=Number(csv_limit),
                    ))
                continue
            if control := XLSX_ILLEGAL.search(value):
                warnings.append(_warning(
                    "export_cell_control", kind, header, row, index, column, code=f"{ord(control[0]):04X}",
                ))
                value = XLSX_ILLEGAL.sub("", value)
            if "\r" in value:
                warnings.append(_warning("export_cell_line_breaks", kind, header, row, index, column))
                value = value.replace("\r\n", "\n").replace("\r", "\n")
            units = _utf16_units(value)
            if units > XLSX_CELL_LIMIT:
                warnings.append(_warning(
                    "export_cell_cut", kind, header, row, index, column,
                    length=Number(units), limit=Number(XLSX_CELL_LIMIT),
                ))
                value = _cut(value, XLSX_CELL_LIMIT)
            written[column] = value
        cells.append(written)
    return cells, warnings


def _warning(key: str, kind: str, header, row: list[str], index: int, column: int, **values) -> Message:
    """A warning naming the record (a visit by its id, a status event by its municipality and
    date, as the file writes them), the field (its column's header) and the sheet's row."""
    if kind == "visits":
        record = Message("export_record_visit", visit_id=row[header.index("visit_id")])
    else:
        record = Message("export_record_status", municipality=row[header.index("municipality")], day=row[header.index("date")])
    return Message(key, record=record, field=header[column], row=index + 2, **values)  # row 1 is the header


def _utf16_units(text: str) -> int:
    # Excel counts characters in UTF-16 code units: a character beyond U+FFFF (an emoji) is two.
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, units: int) -> str:
    """The longest start of `text` of at most `units` UTF-16 units, no character split."""
    return text.encode("utf-16-le")[: 2 * units].decode("utf-16-le", errors="ignore")


def _write(partial: Path, suffix: str, kind: str, header: tuple[str, ...], cells: list[list[str]]) -> None:
    if suffix == ".csv":
        with partial.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(cells)
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(kind)
        sheet.append(list(header))
        for row in cells:
            # Stored as text, never as formulas: a value is data whatever its first character.
            # The apostrophe too, since editing a text cell in Excel makes it a formula.
            sheet.append([_as_text_cell(sheet, value) for value in row])
        book.save(partial)


def _as_text_cell(sheet, value: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
