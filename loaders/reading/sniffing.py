"""Text files: encoding, delimiter, and records with the lines each spans."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from loaders.reading import table as limits
from loaders.reading.headers import (
    _check_header,
    _delimiter_hint,
    _find_header,
    _no_decisions,
    _no_header_values,
)
from loaders.reading.rows import _rows, _table
from loaders.reading.table import (
    DELIMITERS,
    Number,
    ReadError,
    Table,
    _Record,
    _too_many_rows,
)
from locales import Message


def _read_text(path: Path, data: bytes, kind: str, max_rows: int | None, columns_for=None, strict: bool = True) -> list[Table]:
    text, encoding = _decode(path.name, data)
    delimiter = _sniff_delimiter(text)
    _check_row_count(path.name, text, delimiter)
    records = _csv_records(path.name, text, delimiter)
    header = _find_header(records, kind, columns_for or _no_decisions)
    if header is None:
        hint = _delimiter_hint(records, kind)
        if hint is None:
            raise ReadError(Message("read_no_header", file=path.name, **_no_header_values(kind)))
        raise ReadError(Message("read_no_header_separator", file=path.name, **_no_header_values(kind), **hint))
    if strict:
        _check_header(path.name, header, kind)
    rows = _rows(path.name, header, kind, max_rows, epoch=None, csv_extra=True)
    return [_table(path, kind, header, rows, encoding=encoding, delimiter=delimiter, sheet=None)]


def _decode(name: str, data: bytes) -> tuple[str, str]:
    # Excel's "Unicode text" export is UTF-16 with a BOM; its NUL bytes are not binary.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ReadError(Message("read_damaged_utf16", file=name)) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        if _looks_like_utf16(data):
            # Readable, but only by guessing the byte order: Excel always writes the BOM.
            raise ReadError(Message("read_utf16_without_bom", file=name))
        if _looks_like_text(data.replace(b"\x00", b"")):
            line = data.count(b"\n", 0, nul) + 1
            raise ReadError(Message("read_nul_character", file=name, line=line))
        raise ReadError(Message("read_binary", file=name))
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    else:
        # Strict UTF-8 first: Windows-1252 text with accents is almost never valid UTF-8,
        # while any UTF-8 text would decode as (wrong) Windows-1252.
        candidates = ("utf-8", "cp1252")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise ReadError(Message("read_unknown_encoding", file=name))
    # Garbage decodes as Windows-1252 too, full of control characters; text has next to none.
    sample = text[:65536]
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\t\n\r\x0b\x0c\x1a")
    if controls > len(sample) / 100:
        raise ReadError(Message("read_binary", file=name))
    return text, encoding


_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1a")


def _looks_like_utf16(data: bytes) -> bool:
    """Latin text in UTF-16 has a NUL in every other byte, and almost none in the others."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 4:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) >= 0.9 * half and min(even, odd) <= 0.05 * half


def _looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls <= len(sample) / 100


def _sniff_delimiter(text: str) -> str:
    # The first 64 KB are plenty, and splitting a whole 20 MB file into lines is not free.
    lines = [line for line in text[:65536].splitlines() if line.strip()][:50]
    # The header line is the first with any candidate: a title line above it has none.
    header = next((line for line in lines if any(d in line for d in DELIMITERS)), "")
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    if sniffed is not None and sniffed in DELIMITERS and sniffed in header:
        return sniffed
    # The Sniffer gives up on short or irregular samples, and can be misled by commas in
    # the data of a semicolon file; the header line rarely lies.
    return max(DELIMITERS, key=lambda d: (header.count(d), -DELIMITERS.index(d)))


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """The lines of text with their endings, as a file opened with newline="" gives them.

    Not io.StringIO: it holds a copy of the text at four bytes a character.
    """
    return (match.group() for match in _LINE.finditer(text))


def _check_row_count(name: str, text: str, delimiter: str) -> None:
    """Refuse a CSV of far more than limits.MAX_ROWS rows before parsing it into records.

    Counting line breaks is nearly free and bounds the records (a quoted cell may span
    lines, never the reverse). Only when they exceed the limit are the non-blank records
    counted, keeping none, and only beyond limits.MAX_ROWS + limits.HEADER_ROWS_SEARCHED is the file
    surely too long, wherever its header is; near the limit `_rows` decides exactly.
    """
    if max(text.count("\n"), text.count("\r")) < limits.MAX_ROWS:
        return
    reader = csv.reader(_lines(text), delimiter=delimiter, quotechar='"')
    records = 0
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                records += 1
                if records > limits.MAX_ROWS + limits.HEADER_ROWS_SEARCHED:
                    raise _too_many_rows(name)
    except csv.Error:
        return  # the real parse below says what is wrong, and where


def _csv_records(name: str, text: str, delimiter: str) -> list[_Record]:
    """The non-blank records of CSV text, with the lines each spans."""
    # Strict first: leniently, a quote never closed swallows the rest of the file into one
    # cell without a word. Only a stray quote inside a cell ('"Radix" visit') is forgiven.
    records: list[_Record] = []
    for strict in (True, False):
        records, end = [], 0
        reader = csv.reader(_lines(text), delimiter=delimiter, quotechar='"', strict=strict)
        try:
            for cells in reader:
                start, end = end + 1, reader.line_num
                if any(c.strip() for c in cells):
                    records.append(_Record(start, end, cells))
            return records
        except csv.Error as error:
            if str(error) == "unexpected end of data":
                raise ReadError(Message("read_quote_never_closed", file=name, line=end + 1)) from None
            if str(error).startswith("field larger than field limit"):
                raise ReadError(Message(
                    "read_cell_too_large", file=name, limit=Number(csv.field_size_limit()), line=end + 1,
                )) from None
            if not strict:
                # The csv module's own words, in English: a detail for whoever fixes the file.
                raise ReadError(Message("read_not_csv", file=name, line=end + 1, error=str(error))) from None
    return records
