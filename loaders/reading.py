"""Spreadsheets as the Radix Team keeps them, turned into canonical rows.

The team's knowledge lives in files exported from Excel by different people over years:
semicolon-separated CSV in Windows-1252, XLSX with a title above merged group headers,
French headers in one file and Dutch in the next. `read_table` finds the header row,
maps each header it recognises to a canonical field of the kind of table asked for
(`KINDS`) and returns every data row as stripped text. It interprets nothing else:
values stay text (parse them with `parse_status`, `parse_date`, ... where needed),
municipalities are resolved and rows are validated and stored elsewhere.

Decisions, so that a file reads the same way every time:

- The file's content decides how it is read, its name only whether it may be: a zip
  archive is read as a workbook (an .xlsx renamed .csv still reads), anything else with a
  .csv, .tsv or .txt name as text. Other names, .xls and password-protected workbooks are
  refused with a message saying what to do.
- CSV text is UTF-8 (with or without BOM), else Windows-1252; UTF-16 with a BOM (Excel's
  "Unicode text") is read too. The delimiter is one of ; , TAB |.
- The header row is, among the first 10 non-blank rows, the one naming the most canonical
  fields (at least 2); ties go to the upper row. A header cell left empty under a cell of
  the row just above takes that label: a header merged over two rows keeps its value in
  the top cell. Group labels above the header row ("Bezoek" over "Datum" and "Team") are
  otherwise ignored.
- In a workbook, the first sheet having every required field is read; when none has them
  all, the first sheet with a recognised header explains what is missing.
- Blank rows are skipped and not counted; cells beyond the last header are ignored, as are
  columns with an empty header. Unrecognised headers are listed in `unknown_headers`.
- A file with a header and no data is a table of zero rows; an empty file is an error.
- Every canonical field of the kind is a key of `Row.values` (None when the file has no
  such column or the cell is empty), so callers need not ask which columns exist.
- Workbook cells become text: 11002.0 stays "11002.0" (the resolver knows codes),
  booleans "true"/"false", dates ISO "2016-05-27". A number in a date column is read as an
  Excel serial date when it falls between 1950 and 2099 (so a bare year 2016 stays
  "2016" and is reported as not a date). Formulas are never evaluated: a formula cell
  reads as the value Excel last computed, or None when it has none. External links are
  not loaded and macros are not kept.
- In CSV, non-empty cells beyond the header's last column are kept in `Row.extra`: they
  mostly mean a value holding the delimiter was not quoted and the row has shifted.
  In a workbook, where cells cannot shift, they are ignored like in CSV columns with an
  empty header.

Limits, so that no file can exhaust the server's memory or time (far above the few
thousand rows a real registry file has):

- a file of more than MAX_FILE_BYTES is refused before it is read;
- more than MAX_ROWS data rows are refused; a large CSV is counted before it is parsed
  into rows;
- a workbook is a zip archive: it is refused when its parts would unpack to more than
  MAX_UNPACKED_BYTES, when a large part claims a compression ratio above
  MAX_COMPRESSION_RATIO, when a part unpacks to more than it declares, or when it uses a
  compression method Excel never writes. Every part is unpacked once, in bounded chunks,
  before openpyxl (which reads some parts whole, trusting their declared size) sees it;
  a part declaring a DTD (which entity bombs need, and workbooks never have) is refused;
- headers are looked for, and workbook cells read, in the first COLUMNS_READ columns only;
  a sheet row past Excel's last (EXCEL_ROWS) is damage.

Every reason a file cannot be read is a `locales.Message` (`ReadError.problem`), so that the
interface can say it in Dutch or French; `str(error)` is its English text, which the command
line prints. File, sheet and part names, headers and the file's own text are values, quoted
as they were written, never translated; counts and sizes are `Number`s.

Never imports streamlit.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import chain
from pathlib import Path

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

import locales
from loaders import vocabulary
from loaders.vocabulary import value_key
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

    def cell(self, row: Row, name: str) -> Cell:
        """A row's value of a field with the header it came from, for messages."""
        if name not in self.columns:
            raise KeyError(f"{self.path.name} has no column for {name}")
        return Cell(row.values[name], self.columns[name])


# Canonical fields of each kind of table, True when required.
KINDS: dict[str, dict[str, bool]] = {
    "status": {
        "municipality": True,
        "status": True,
        "date": True,  # the day the status took effect
        "cell": False,  # cell name (or id, when there is no id column)
        "cell_id": False,  # what our own exports write, so that they re-import to the same cells
        "cell_kind": False,
        "source": False,
    },
    "visits": {
        "date": True,
        "municipalities": True,  # one or several
        "team": True,
        "offer": True,
        "visit_id": False,
        "report_delivered": False,
        "follow_up": False,  # a date
        "internal_notes": False,
    },
}

DATE_FIELDS = frozenset({"date", "follow_up"})

# Headers as people write them, NL/FR/EN; compared without case, accents or punctuation,
# so "Date d'effet", "DATE D EFFET" and "date-d'effet" are one. The first few of each are
# quoted in messages. A header means one field per kind (checked by the tests).
HEADERS: dict[str, tuple[str, ...]] = {
    "municipality": (
        "Gemeente", "Commune", "Municipality", "NIS", "NIS-code", "Code INS", "REFNIS",
        "Gemeente/Commune", "Commune/Gemeente", "Niscode", "NIS code", "NIS5", "INS",
        "Code NIS", "Code REFNIS", "Gemeentecode", "Municipality code",
    ),
    "status": (
        "Status", "Statut", "Stand van zaken", "État", "LIVC-R status", "Statut CSIL-R",
        "Status LIVC-R", "Statut de la CSIL-R", "État CSIL-R", "État d'avancement",
    ),
    "date": (
        "Datum", "Date", "Sinds", "Depuis", "Since", "Date d'effet", "Ingangsdatum",
        "Datum bezoek", "Date de la visite", "Bezoekdatum", "Date visite", "Visit date",
        "Date of visit", "Effective date", "Vanaf", "À partir de",
    ),
    "cell": (
        "Cel", "Cellule", "Cell", "LIVC-R", "CSIL-R", "Naam cel", "Nom de la cellule",
        "Cell name",
    ),
    "cell_id": ("Cell id", "Cel-id", "Id cellule", "Cel id", "Cellule id"),
    "cell_kind": (
        "Soort cel", "Type cel", "Celtype", "Type de cellule", "Type cellule", "Cell type",
        "Cell kind",
    ),
    "source": ("Bron", "Source", "Bronnen", "Sources"),
    "municipalities": (
        "Gemeenten", "Communes", "Municipalities", "Gemeente(n)", "Commune(s)",
        "Municipality(ies)", "Municipalities visited", "Bezochte gemeenten",
        "Communes visitées",
        # A visit sheet often has a singular header even where a cell lists several.
        "Gemeente", "Commune", "Municipality", "Gemeente/Commune", "NIS", "NIS-code",
        "NIS-codes", "Code INS", "Codes INS",
    ),
    "team": ("Team", "Équipe", "Ploeg"),
    "offer": (
        "Aanbod", "Offre", "Offer", "Type", "Soort bezoek", "Type de visite", "Soort",
        "Type visite", "Visit type", "Type of visit",
    ),
    "visit_id": (
        "Id", "Nr", "N°", "No", "Nummer", "Numéro", "Ref", "Référence", "Referentie",
        "Visit id", "Bezoek-id", "Bezoeknummer", "Id visite",
    ),
    "report_delivered": (
        "Rapport", "Verslag", "Report", "Rapport remis", "Verslag bezorgd",
        "Report delivered", "Verslag afgeleverd", "Rapport envoyé",
    ),
    "follow_up": (
        "Opvolging", "Suivi", "Follow-up", "Follow-up date", "Datum opvolging",
        "Date de suivi", "Opvolgingsdatum",
    ),
    "internal_notes": (
        "Notities", "Notes", "Opmerkingen", "Remarques", "Interne nota", "Notes internes",
        "Interne notities", "Internal notes", "Opmerking", "Remarque", "Commentaar",
        "Commentaires",
    ),
}

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


# ---------------------------------------------------------------------------------------
# Reading a file


def read_table(path: Path, kind: str, max_rows: int | None = None) -> Table:
    """Read a CSV or XLSX file of `kind` ("status" or "visits") into canonical rows.

    `max_rows` stops after that many data rows (a preview). Raises ReadError when the file
    cannot be read at all: missing, empty, binary, not CSV/XLSX, a damaged workbook, no
    recognisable header, a required field without a column, or two columns for one field.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
    path = Path(path)
    name = path.name
    if not path.exists():
        raise ReadError(Message("read_not_found", file=name))
    if not path.is_file():
        raise ReadError(Message("read_not_a_file", file=name))
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ReadError(Message("read_too_large", file=name, size=_megabytes(size), limit=_megabytes(MAX_FILE_BYTES)))
    # Read once, whole: the file is small enough, and sniffing needs its bytes anyway.
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if data.startswith(OLE_MAGIC):
        raise ReadError(Message("read_old_or_protected_workbook", file=name))
    if suffix == ".xls":
        raise ReadError(Message("read_old_workbook", file=name))
    if suffix not in TEXT_SUFFIXES + WORKBOOK_SUFFIXES:
        raise ReadError(Message("read_not_csv_or_xlsx", file=name))
    if not data.removeprefix(b"\xef\xbb\xbf").strip(b" \t\r\n") or data in (b"\xff\xfe", b"\xfe\xff"):
        raise ReadError(Message("read_empty", file=name))
    if data.startswith(ZIP_MAGIC):
        return _read_workbook(path, data, kind, max_rows)
    if suffix in WORKBOOK_SUFFIXES:
        raise ReadError(Message("read_not_a_workbook", file=name))
    return _read_text(path, data, kind, max_rows)


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
class _Header:
    columns: dict[str, tuple[int, str]]  # field -> (column index, header as written)
    unknown: list[str]  # headers as written that name no field of the kind
    duplicates: list[tuple[str, str, str]]  # (field, first header, second header)
    rest: Iterator[_Record]  # the records below the header row
    width: int  # cells of the header row (with labels lent from the row above)


def _read_text(path: Path, data: bytes, kind: str, max_rows: int | None) -> Table:
    text, encoding = _decode(path.name, data)
    delimiter = _sniff_delimiter(text)
    _check_row_count(path.name, text, delimiter)
    records = _csv_records(path.name, text, delimiter)
    header = _find_header(records, kind)
    if header is None:
        hint = _delimiter_hint(records, kind)
        if hint is None:
            raise ReadError(Message("read_no_header", file=path.name, **_no_header_values(kind)))
        raise ReadError(Message("read_no_header_separator", file=path.name, **_no_header_values(kind), **hint))
    _check_header(path.name, header, kind)
    rows = _rows(path.name, header, kind, max_rows, epoch=None, csv_extra=True)
    return _table(path, kind, header, rows, encoding=encoding, delimiter=delimiter, sheet=None)


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
    """Refuse a CSV of far more than MAX_ROWS rows before parsing it into records.

    Counting line breaks is nearly free and bounds the records (a quoted cell may span
    lines, never the reverse). Only when they exceed the limit are the non-blank records
    counted, keeping none, and only beyond MAX_ROWS + HEADER_ROWS_SEARCHED is the file
    surely too long, wherever its header is; near the limit `_rows` decides exactly.
    """
    if max(text.count("\n"), text.count("\r")) < MAX_ROWS:
        return
    reader = csv.reader(_lines(text), delimiter=delimiter, quotechar='"')
    records = 0
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                records += 1
                if records > MAX_ROWS + HEADER_ROWS_SEARCHED:
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


def _read_workbook(path: Path, data: bytes, kind: str, max_rows: int | None) -> Table:
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
        chosen = None
        for sheet in workbook.worksheets:
            # A wrong <dimension> written by some exporters would cut rows short.
            sheet.reset_dimensions()
            header = _find_header(_sheet_records(sheet, name), kind)
            if header is None:
                continue
            if _complete(header, kind):
                chosen = (sheet, header)
                break
            # Kept to explain what is missing if no later sheet does better.
            chosen = chosen or (sheet, header)
        if chosen is None:
            titles = ", ".join(f"'{s.title}'" for s in workbook.worksheets)
            raise ReadError(Message("read_no_header_in_any_sheet", file=name, sheets=titles, **_no_header_values(kind)))
        sheet, header = chosen
        where = Message("read_where_sheet", file=name, sheet=sheet.title)
        _check_header(where, header, kind)
        rows = _rows(where, header, kind, max_rows, epoch=workbook.epoch, csv_extra=False)
        return _table(path, kind, header, rows, encoding=None, delimiter=None, sheet=sheet.title)
    except ReadError:
        raise
    except Exception as error:  # a sheet's XML may be damaged past the first rows
        raise ReadError(_damaged_workbook(name, error)) from None
    finally:
        workbook.close()


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
    if total > MAX_UNPACKED_BYTES:
        raise ReadError(Message(
            "read_zip_bomb_size", file=name, size=_megabytes(total), limit=_megabytes(MAX_UNPACKED_BYTES),
        ))
    for member in members:
        part = repr(member.filename)
        if member.flag_bits & 0x1:  # Excel encrypts a whole workbook (an OLE file), never a part
            raise ReadError(Message("read_encrypted_part", file=name, part=part))
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # bzip2 and LZMA parts are unpacked by zipfile without any bound on the output.
            raise ReadError(Message("read_zip_bomb_method", file=name, part=part))
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECKED_FROM and ratio > MAX_COMPRESSION_RATIO:
            raise ReadError(Message(
                "read_zip_bomb_ratio", file=name, part=part, size=_megabytes(member.file_size),
                ratio=Number(MAX_COMPRESSION_RATIO),
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


def _complete(header: _Header, kind: str) -> bool:
    return all(f in header.columns for f, required in KINDS[kind].items() if required)


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


# ---------------------------------------------------------------------------------------
# Headers


def _key(text: str) -> str:
    """A header compared without case, accents, punctuation or spacing."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare.casefold()).split())


@cache
def _header_fields(kind: str) -> dict[str, str]:
    return {_key(header): name for name in KINDS[kind] for header in HEADERS[name]}


def field_of_header(header: str, kind: str) -> str | None:
    """The canonical field a header names in a table of `kind` ("Date d'effet" -> date), or None."""
    return _header_fields(kind).get(_key(header))


def _header_texts(record: _Record, above: _Record | None) -> list[str]:
    texts = [_text(v) or "" for v in record.cells[:COLUMNS_READ]]
    # Only the row just above may lend a label: a title further up names no column.
    if above is not None and above.end + 1 == record.line:
        lent = [_text(v) or "" for v in above.cells[:COLUMNS_READ]]
        # The header row may stop short of a label merged down into it from above.
        texts += [""] * (len(lent) - len(texts))
        texts = [t or (lent[i] if i < len(lent) else "") for i, t in enumerate(texts)]
    return texts


def _find_header(records: Iterable[_Record], kind: str) -> _Header | None:
    """The header among the first non-blank records, or None when no row names 2 fields."""
    fields = _header_fields(kind)
    records = iter(records)
    seen: list[_Record] = []
    best: tuple[int, int] | None = None  # (score, index in seen)
    for record in records:
        seen.append(record)
        texts = _header_texts(record, seen[-2] if len(seen) > 1 else None)
        score = len({fields[_key(t)] for t in texts if _key(t) in fields})
        if score >= MIN_HEADER_FIELDS and (best is None or score > best[0]):
            best = (score, len(seen) - 1)
        if len(seen) == HEADER_ROWS_SEARCHED:
            break
    if best is None:
        return None
    index = best[1]
    record = seen[index]
    texts = _header_texts(record, seen[index - 1] if index else None)
    columns: dict[str, tuple[int, str]] = {}
    duplicates: list[tuple[str, str, str]] = []
    unknown = []
    for position, text in enumerate(texts):
        if not text:
            continue
        name = fields.get(_key(text))
        if name is None:
            unknown.append(text)
        elif name in columns:
            duplicates.append((name, columns[name][1], text))
        else:
            columns[name] = (position, text)
    # Duplicates are reported by _check_header, which knows the file (and sheet) name.
    return _Header(columns, unknown, duplicates, rest=chain(seen[index + 1 :], records), width=len(texts))


def _check_header(where: str | Message, header: _Header, kind: str) -> None:
    if header.duplicates:
        name, first, second = header.duplicates[0]
        raise ReadError(Message(
            "read_duplicate_columns", where=where, first=first, second=second, field=Message(f"read_field_{name}"),
        ))
    found = ", ".join(f"'{text}'" for _, text in sorted(header.columns.values()))
    found = ", ".join(filter(None, [found, *(f"'{text}'" for text in header.unknown)]))
    for name, required in KINDS[kind].items():
        if required and name not in header.columns:
            examples = ", ".join(f"'{h}'" for h in HEADERS[name][:5])
            raise ReadError(Message(
                "read_missing_column", where=where, field=Message(f"read_field_{name}"), examples=examples, found=found,
            ))


def _delimiter_hint(records: list[_Record], kind: str) -> dict | None:
    """When a line in one column would be a header split at some other character, its number
    and that character."""
    fields = _header_fields(kind)
    for record in records[:HEADER_ROWS_SEARCHED]:
        texts = [t for t in (_text(v) for v in record.cells[:COLUMNS_READ]) if t]
        if len(texts) != 1:
            continue
        line = texts[0]
        # The most frequent first, then by code point: the same message every run.
        for separator in sorted({c for c in line if not c.isalnum()}, key=lambda c: (-line.count(c), c)):
            names = {fields.get(_key(part)) for part in line.split(separator)} - {None}
            if len(names) >= MIN_HEADER_FIELDS:
                return {"line": record.line, "separator": repr(separator)}
    return None


def _no_header_values(kind: str) -> dict:
    """The values of the messages saying no header row was found."""
    examples = ", ".join(f"'{HEADERS[name][0]}'" for name, required in KINDS[kind].items() if required)
    return {"rows": HEADER_ROWS_SEARCHED, "table": Message(f"read_table_{kind}"), "examples": examples}


# ---------------------------------------------------------------------------------------
# Rows


def _rows(where: str, header: _Header, kind: str, max_rows: int | None, epoch, csv_extra: bool) -> list[Row]:
    rows: list[Row] = []
    if max_rows is not None and max_rows <= 0:
        return rows
    for record in header.rest:
        if len(rows) == MAX_ROWS:
            raise _too_many_rows(where)
        values = {}
        for name in KINDS[kind]:
            position = header.columns.get(name, (None,))[0]
            raw = record.cells[position] if position is not None and position < len(record.cells) else None
            values[name] = _text(raw, date=name in DATE_FIELDS, epoch=epoch)
        extra = ()
        if csv_extra and len(record.cells) > header.width:
            extra = tuple(
                (column, cell.strip())
                for column, cell in enumerate(record.cells[header.width :], start=header.width + 1)
                if cell.strip()
            )
        rows.append(Row(number=len(rows) + 1, line=record.line, values=values, extra=extra))
        if max_rows is not None and len(rows) >= max_rows:
            break
    return rows


def _text(value, date: bool = False, epoch=None) -> str | None:
    """A cell as stripped text (NFC, so that accents typed on a Mac compare equal), or None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if date and isinstance(value, (int, float)) and epoch is not None:
        try:
            day = _date_from_serial(value, mac=epoch == CALENDAR_MAC_1904)
        except ValueError:
            day = None
        # A bare year (2016) or a count in a date column is no serial date: leave it as
        # text so that it is reported as not a date.
        if day is not None and 1950 <= day.year <= 2099:
            return day.isoformat()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    text = unicodedata.normalize("NFC", str(value)).strip()
    return text or None


def _table(path, kind, header: _Header, rows, encoding, delimiter, sheet) -> Table:
    return Table(
        path=path,
        kind=kind,
        rows=rows,
        columns={name: text for name, (_, text) in header.columns.items()},
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet,
        unknown_headers=header.unknown,
    )


# ---------------------------------------------------------------------------------------
# Values


BOOLEAN_WORDS = {
    True: ("ja", "oui", "yes", "true", "waar", "vrai", "1", "x", "✓", "✔"),
    False: ("nee", "neen", "non", "no", "false", "onwaar", "faux", "0"),
}

_BOOLEANS = {value_key(word): value for value, words in BOOLEAN_WORDS.items() for word in words}


def parse_status(text: str | None) -> str | None:
    """The status code for a word of `vocabulary/statuses.toml` ("Opérationnelle", "in oprichting")."""
    return vocabulary.STATUSES.parse(text)


def parse_team(text: str | None) -> str | None:
    """The team code for a word of `vocabulary/teams.toml` ("Mobiel Team", "Front-Office", "Radix")."""
    return vocabulary.TEAMS.parse(text)


def parse_offer(text: str | None) -> str | None:
    """The offer code for a word of `vocabulary/offers.toml` ("veldanalyse")."""
    return vocabulary.OFFERS.parse(text)


def parse_bool(text: str | None) -> bool | None:
    """ja/oui/yes/true/1/x/✓ -> True, nee/non/no/false/0 -> False; None when empty or not one.

    The caller tells an empty cell from an unreadable one by the text.
    """
    return _BOOLEANS.get(value_key(text)) if text else None


# Formula injection: a spreadsheet program runs text starting with one of these as a
# formula (=, + and - start a sum, @ a function; some programs drop a leading tab or CR
# first). Exports put an apostrophe before such text, which Excel shows as text and never
# runs; imports take exactly that apostrophe off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """Text a spreadsheet shows but never runs: "=1+1" -> "'=1+1", "Gent" unchanged.

    Text that already starts with apostrophes before a formula start gets one more, so
    that `restore_formula(neutralise_formula(text)) == text` for every text.
    """
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def restore_formula(text: str) -> str:
    """Undo `neutralise_formula`: "'=1+1" -> "=1+1"; any other text is left as it is."""
    return text[1:] if text.startswith("'") and text[1:].lstrip("'").startswith(FORMULA_STARTS) else text


def split_municipalities(text: str | None) -> list[str]:
    """The municipalities of a cell listing one or several, by ; | / newline or comma.

    No Belgian municipality name contains those characters. A bilingual "Elsene/Ixelles"
    gives two names of one municipality: the resolver counts it once.
    """
    if not text:
        return []
    return [part.strip() for part in re.split(r"[;|/,\r\n]+", text) if part.strip()]


MONTHS = {
    month: number
    for number, names in enumerate(
        [
            ("januari", "janvier", "january", "jan", "janv"),
            ("februari", "fevrier", "february", "feb", "febr", "fevr", "fev"),
            ("maart", "mars", "march", "mrt", "maa", "mar"),
            ("april", "avril", "apr", "avr"),
            ("mei", "mai", "may"),
            ("juni", "juin", "june", "jun"),
            ("juli", "juillet", "july", "jul", "juil"),
            ("augustus", "aout", "august", "aug"),
            ("september", "septembre", "sep", "sept"),
            ("oktober", "octobre", "october", "okt", "oct"),
            ("november", "novembre", "nov"),
            ("december", "decembre", "dec"),
        ],
        start=1,
    )
    for month in names
}

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_YEAR_FIRST = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME)
# Day first, always: the Belgian convention. 05/27/2016 is not read as 27 May but
# rejected as impossible, since a guessed order would silently swap days and months.
_DAY_FIRST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})" + _TIME)
# Matched on the text as _value_key leaves it: no case, accents or dots ("27 mei 2016").
_WRITTEN = re.compile(r"(\d{1,2})(?:er|e|st|nd|rd|th)? ([a-z]+),? (\d{4}|\d{2})")


def parse_date(value) -> dt.date | None:
    """A day from text, a date or datetime, or an Excel serial number; None when empty.

    Text: 2016-05-27, 27/05/2016, 27-05-2016, 27.05.2016, 27/5/16, 27 mei 2016,
    27 mai 2016, 27 May 2016 (a time after it is dropped). Numbers are Excel serial dates
    (1900 system): pass numbers only from workbook cells, never from CSV text.
    Raises ValueProblem (a ValueError) "impossible date '31/02/2019'" or "not a date: 'soon'".
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueProblem(Message("value_not_a_date", value=repr(value)))
    if isinstance(value, (int, float)):
        return _date_from_serial(value, mac=False)
    text = str(value).strip()
    if not text:
        return None
    if match := _YEAR_FIRST.fullmatch(text):
        year, month, day = int(match[1]), int(match[3]), int(match[4])
    elif match := _DAY_FIRST.fullmatch(text):
        day, month, year = int(match[1]), int(match[3]), _full_year(match[4])
    elif (match := _WRITTEN.fullmatch(value_key(text))) and match[2] in MONTHS:
        day, month, year = int(match[1]), MONTHS[match[2]], _full_year(match[3])
    else:
        raise ValueProblem(Message("value_not_a_date", value=f"'{text}'"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem(Message("value_impossible_date", value=f"'{text}'")) from None


def _full_year(digits: str) -> int:
    # Two digits: 00-69 are 2000-2069 and 70-99 are 1970-1999, Excel's own pivot.
    if len(digits) == 4:
        return int(digits)
    return int(digits) + (2000 if int(digits) < 70 else 1900)


def _date_from_serial(serial: float, mac: bool) -> dt.date:
    if not math.isfinite(serial) or serial < 1:
        raise ValueProblem(Message("value_not_a_date", value=repr(serial)))
    whole = int(serial)
    if mac:  # 1904 system: day 0 is 1904-01-01
        base = dt.date(1904, 1, 1)
    elif whole == 60:  # Excel's 29 February 1900, which never was
        raise ValueProblem(Message("value_impossible_date", value=f"'{serial!r}'"))
    elif whole < 60:
        base = dt.date(1899, 12, 31)
    else:  # after Excel's phantom 29 February 1900, its days are one ahead of the calendar
        base = dt.date(1899, 12, 30)
    try:
        return base + dt.timedelta(days=whole)
    except OverflowError:
        raise ValueProblem(Message("value_not_a_date", value=repr(serial))) from None
