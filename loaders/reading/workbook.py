"""Workbooks: a zip archive checked before openpyxl sees it, then sheets read as records."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import openpyxl

from loaders.reading import table as limits
from loaders.reading.cells import _text
from loaders.reading.headers import (
    _check_header,
    _find_header,
    _no_decisions,
    _no_header_values,
    missing_fields,
)
from loaders.reading.rows import _rows, _table
from loaders.reading.table import (
    COLUMNS_READ,
    EXCEL_ROWS,
    Number,
    ReadError,
    Table,
    _megabytes,
    _Record,
)
from locales import Message


def _read_workbook(path: Path, data: bytes, kind: str, max_rows: int | None, columns_for=None, strict: bool = True) -> list[Table]:
    name = path.name
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if "xl/workbook.xml" not in archive.namelist():  # a .docx, .odt or plain zip
                raise ReadError(Message("read_zip_not_a_workbook", file=name))
            _check_archive(name, archive, members)
    except ReadError:
        raise
    except Exception as error:  # zipfile raises BadZipFile, EOFError, RuntimeError (encrypted part), ...
        # The library's own words stay English: a detail for whoever repairs the file.
        raise ReadError(Message("read_damaged_archive", file=name, error=str(error))) from None
    try:
        # data_only: the value Excel last computed; formulas are never evaluated here.
        # keep_links=False: external workbooks a cell refers to are neither read nor kept.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise ReadError(_damaged_workbook(name, error)) from None
    try:
        return _read_sheets(name, path, workbook, kind, max_rows, columns_for, strict)
    except ReadError:
        raise
    except Exception as error:  # a sheet's XML may be damaged past the first rows
        raise ReadError(_damaged_workbook(name, error)) from None
    finally:
        workbook.close()


def _read_sheets(name, path, workbook, kind, max_rows, columns_for, strict) -> list[Table]:
    """Strict: the first sheet with every required field. Otherwise every sheet with such a
    header (one sheet per province), or, when none has them all, the first with a header
    (whose missing fields become questions). Sheets left out are named in `skipped_sheets`."""
    found = []
    for sheet in workbook.worksheets:
        # A wrong <dimension> written by some exporters would cut rows short.
        sheet.reset_dimensions()
        header = _find_header(_sheet_records(sheet, name), kind, columns_for or _no_decisions)
        if header is None:
            continue
        complete = not missing_fields(header, kind)
        if strict and complete:
            found = [(sheet, header, complete)]
            break
        if not strict and complete:
            # Read now: the header's iterator reads on in this sheet only while it is open.
            found.append((sheet, header, complete, _sheet_rows(name, sheet, header, kind, max_rows, workbook.epoch)))
            continue
        found.append((sheet, header, complete, None) if not strict else (sheet, header, complete))
    if not found:
        titles = ", ".join(f"'{s.title}'" for s in workbook.worksheets)
        raise ReadError(Message("read_no_header_in_any_sheet", file=name, sheets=titles, **_no_header_values(kind)))
    if strict:
        sheet, header, _ = found[0]
        where = Message("read_where_sheet", file=name, sheet=sheet.title)
        _check_header(where, header, kind)
        rows = _rows(where, header, kind, max_rows, epoch=workbook.epoch, csv_extra=False)
        return [_table(path, kind, header, rows, encoding=None, delimiter=None, sheet=sheet.title)]
    complete = [f for f in found if f[2]]
    if not complete:
        # No sheet has every field: the first with a header is read again, its missing fields asked.
        first = found[0][0]
        header = _find_header(_sheet_records(first, name), kind, columns_for or _no_decisions)
        complete = [(first, header, False, _sheet_rows(name, first, header, kind, max_rows, workbook.epoch))]
    read = {sheet.title for sheet, *_ in complete}
    tables = []
    for sheet, header, _, rows in complete:
        table = _table(path, kind, header, rows, encoding=None, delimiter=None, sheet=sheet.title)
        table.skipped_sheets = [s.title for s in workbook.worksheets if s.title not in read]
        tables.append(table)
    return tables


def _sheet_rows(name, sheet, header, kind, max_rows, epoch):
    where = Message("read_where_sheet", file=name, sheet=sheet.title)
    return _rows(where, header, kind, max_rows, epoch=epoch, csv_extra=False)


def _damaged_workbook(name: str, error: Exception) -> Message:
    # The library's own words stay English: a detail for whoever repairs the file.
    return Message("read_damaged_workbook", file=name, error=f"{type(error).__name__}: {error}")


def _check_archive(name: str, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb before openpyxl unpacks anything.

    The sizes a zip declares are checked first (instant), then every part is unpacked once
    in chunks of at most 1 MB, stopping one byte past its declared size: a part may claim
    little and unpack to gigabytes, and openpyxl reads the small parts whole, trusting the
    claim. A stream longer than declared is a bomb even when its checksum is forged to
    match the declared length.
    """
    total = sum(member.file_size for member in members)
    if total > limits.MAX_UNPACKED_BYTES:
        raise ReadError(Message(
            "read_zip_bomb_size", file=name, size=_megabytes(total), limit=_megabytes(limits.MAX_UNPACKED_BYTES),
        ))
    for member in members:
        part = repr(member.filename)
        if member.flag_bits & 0x1:  # Excel encrypts a whole workbook (an OLE file), never a part
            raise ReadError(Message("read_encrypted_part", file=name, part=part))
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # bzip2 and LZMA parts are unpacked by zipfile without any bound on the output.
            raise ReadError(Message("read_zip_bomb_method", file=name, part=part))
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.RATIO_CHECKED_FROM and ratio > limits.MAX_COMPRESSION_RATIO:
            raise ReadError(Message(
                "read_zip_bomb_ratio", file=name, part=part, size=_megabytes(member.file_size),
                ratio=Number(limits.MAX_COMPRESSION_RATIO),
            ))
    for member in members:
        claimed = copy.copy(member)
        claimed.file_size = member.file_size + 1  # so that zipfile reads past the claim
        claimed.CRC = None  # the checksum of the claim is zipfile's to check, when openpyxl reads
        unpacked = 0
        with archive.open(claimed) as stream:
            while chunk := stream.read(1 << 20):
                if not unpacked and b"<!DOCTYPE" in chunk:
                    # The packaging standard forbids DTDs in a workbook's XML; entity bombs need one.
                    raise ReadError(Message("read_dtd", file=name, part=repr(member.filename)))
                unpacked += len(chunk)
                if unpacked > member.file_size:
                    raise ReadError(Message("read_zip_bomb_lying", file=name, part=repr(member.filename)))


def _sheet_records(sheet, name: str):
    """Non-blank rows of a sheet, lazily: a preview need not read a whole sheet."""
    # openpyxl fills the gap before a row numbered 99,999,999 with empty rows, one by one:
    # all one and the same tuple of Nones, so one identity test each once it is known.
    empty = None
    for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=COLUMNS_READ), start=1):
        if number > EXCEL_ROWS:
            raise ReadError(Message("read_row_past_excel", file=name, rows=Number(EXCEL_ROWS)))
        if values is empty:
            continue
        if values.count(None) == len(values):
            empty = values
        elif any(_text(v) is not None for v in values):
            yield _Record(number, number, values)
