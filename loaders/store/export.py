"""Exports of the store in the import format (the columns: `reading.EXPORT_COLUMNS`), so that an export re-imports to the same state.

Text that a spreadsheet program would run as a formula (=, +, -, @, a leading tab or CR)
is written with an apostrophe before it, in CSV and XLSX alike, so that opening an export
never runs anything; the importer takes that apostrophe off again
(`reading.neutralise_formula` / `reading.restore_formula`).
"""

from __future__ import annotations

import csv
from pathlib import Path

import sqlalchemy as sa

from loaders import reading
from loaders.store.reading import export_rows



def export_file(engine: sa.Engine, kind: str, out: Path) -> int:
    """Write a kind to CSV (UTF-8, comma) or XLSX, by the file's suffix; returns the row count."""
    out = Path(out)
    header, rows = export_rows(engine, kind)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"{out.name}: export to .csv or .xlsx")
    partial = out.with_name(f".{out.name}.partial")
    try:
        _write(partial, suffix, kind, header, rows)
    except BaseException:
        partial.unlink(missing_ok=True)  # a failed export leaves nothing half-written behind
        raise
    partial.replace(out)
    return len(rows)


def _write(partial: Path, suffix: str, kind: str, header: tuple[str, ...], rows: list[list[str]]) -> None:
    if suffix == ".csv":
        with partial.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows([reading.neutralise_formula(value) for value in row] for row in rows)
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(kind)
        sheet.append(list(header))
        for row in rows:
            # Stored as text, never as formulas: a value is data whatever its first character.
            # The apostrophe too, since editing a text cell in Excel makes it a formula.
            sheet.append([_as_text_cell(sheet, reading.neutralise_formula(value)) for value in row])
        book.save(partial)


def _as_text_cell(sheet, value: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
