"""What a read gives: tables of rows, the problems that stop a read, and the limits on a file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import locales
from locales import Message


class ReadError(Exception):
    """The file cannot be read at all; `problem` names the file and says why, in any language
    (`str(error)` is its English text)."""

    def __init__(self, problem: Message):
        super().__init__(str(problem))
        self.problem = problem


class ValueProblem(ValueError):
    """A value that is not what its column holds (`parse_date`'s "not a date: 'soon'"); `problem`
    says so in any language, `str()` in English."""

    def __init__(self, problem: Message):
        super().__init__(str(problem))
        self.problem = problem


class Number(Message):
    """A count or size in a message: "200,000" in English, as the command line has always
    printed it; "200 000" in Dutch and French (`locales.format_number`)."""

    __slots__ = ()

    def __init__(self, value: int | float, decimals: int = 0):
        super().__init__("number", value=value, decimals=decimals)

    def render(self, lang: str) -> str:
        value, decimals = self.values["value"], self.values["decimals"]
        return f"{value:,.{decimals}f}" if lang == "en" else locales.format_number(value, lang, decimals)


@dataclass(frozen=True)
class Cell:
    value: str | None
    column: str  # the header as written in the file


@dataclass
class Row:
    number: int  # 1-based data row: the first non-blank row after the header is 1
    line: int  # physical line (CSV, where the record starts) or sheet row (XLSX), 1-based
    values: dict[str, str | None]  # canonical field -> stripped text, None when empty
    # CSV only: (1-based column, text) of each non-empty cell beyond the header's last column.
    extra: tuple[tuple[int, str], ...] = ()
    # Every cell under the header as read, mapped or not: a row left out of an import is given
    # back as it came (and a column nobody has mapped yet can be looked at). `texts()` as text.
    cells: tuple = field(default=(), compare=False, repr=False)

    def texts(self) -> tuple[str | None, ...]:
        from loaders.reading.cells import _text

        return tuple(_text(c) for c in self.cells)


@dataclass
class Table:
    path: Path
    kind: str
    rows: list[Row]
    columns: dict[str, str]  # canonical field -> header as written
    encoding: str | None  # CSV only: "utf-8-sig", "utf-8", "cp1252" or "utf-16"
    delimiter: str | None  # CSV only
    sheet: str | None  # XLSX only
    unknown_headers: list[str] = field(default_factory=list)
    layout: list[Column] = field(default_factory=list, compare=False, repr=False)  # every non-empty header, in order
    layout_key: str = field(default="", compare=False, repr=False)  # the same for every file with this header row (`headers.layout_key`)
    header_line: int = field(default=0, compare=False, repr=False)
    headers: tuple[str, ...] = field(default=(), compare=False, repr=False)  # the header row's cells, empty ones included
    skipped_sheets: list[str] = field(default_factory=list, compare=False, repr=False)  # a workbook's sheets not read

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def where(self) -> str:
        """The file, and the sheet of a workbook, as messages name them."""
        return f"{self.path.name}, sheet '{self.sheet}'" if self.sheet is not None else self.path.name

    def cell(self, row: Row, name: str) -> Cell:
        """A row's value of a field with the header it came from, for messages."""
        if name not in self.columns:
            raise KeyError(f"{self.path.name} has no column for {name}")
        return Cell(row.values[name], self.columns[name])


HEADER_ROWS_SEARCHED = 10
# Headers are looked for, and cells read, in the first COLUMNS_READ columns only: one value
# in column XFD would otherwise make every row 16,384 cells of work.
COLUMNS_READ = 1000
EXCEL_ROWS = 1_048_576  # the last row a sheet can have
MIN_HEADER_FIELDS = 2

MAX_FILE_BYTES = 20_000_000
MAX_ROWS = 200_000
# An export of MAX_ROWS status events unpacks to about 76 MB; real workbooks compress their
# XML 5 to 20 times, a zip bomb a thousand times and more.
MAX_UNPACKED_BYTES = 100_000_000
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM = 1_000_000  # tiny parts (a sheet of blanks) may compress very well
DELIMITERS = ";,\t|"
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected workbook


def _megabytes(size: int) -> Number:
    """Megabytes, the unit left to the text ("MB", "Mo")."""
    # Rounded up: a file just over a 20 MB limit is "20.1 MB", never "20 MB, more than 20 MB".
    tenths = -(-size // 100_000)
    return Number(tenths // 10) if tenths % 10 == 0 else Number(tenths / 10, decimals=1)


def _too_many_rows(where: str | Message) -> ReadError:
    return ReadError(Message("read_too_many_rows", where=where, limit=Number(MAX_ROWS)))


@dataclass
class _Record:
    line: int  # first physical line (or sheet row)
    end: int  # last physical line: a quoted CSV field may span several
    cells: Sequence  # raw values: str for CSV; str, numbers, datetimes or None for XLSX


@dataclass
class Column:
    """One column of a header row: what the reader proposed, and what it is read as."""

    index: int  # 0-based position in the row
    header: str  # as written (with a label lent from the row above)
    proposal: object  # headers.Proposal
    field: str | None  # the field it is read as; None: not read (unknown, uncertain, or ignored)
    decided_by: str  # "reader" (a certain proposal, or none) or "decision" (a person's, or saved)
    duplicate: bool = False  # another column claims the same field: asked, not read

    @property
    def question(self) -> bool:
        """Not read, but the reader has an idea, or another column claims the same field."""
        return self.field is None and self.decided_by == "reader" and (self.duplicate or self.proposal.field is not None)


@dataclass
class _Header:
    columns: dict[str, tuple[int, str]]  # field -> (column index, header as written)
    unknown: list[str]  # headers as written that name no field of the kind
    duplicates: list[tuple[str, str, str]]  # (field, first header, second header)
    rest: Iterator[_Record]  # the records below the header row
    width: int  # cells of the header row (with labels lent from the row above)
    layout: list[Column] = field(default_factory=list, compare=False, repr=False)
    layout_key: str = field(default="", compare=False, repr=False)
    line: int = 0  # where the header row is
    texts: tuple[str, ...] = ()  # the header row's cells
