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
- The header row is, among the first 10 non-blank rows, the one whose words propose the most
  fields (`headers.propose_field`: exact headers, then the words of NL/FR/DE/EN headers; at
  least 2, or 1 when no row has more); ties go to the upper row. A header cell left empty
  under a cell of the row just above takes that label (a header merged over two rows keeps
  its value in the top cell); a header written over two rows ("Gemeinde" over "Name" and
  "PLZ") is read as the two joined, when that names more fields.
- In a workbook, `read_tables` reads every sheet whose header has every required field (one
  sheet per province); when none has them all, the first sheet with a header, its missing
  fields left to ask. The strict `read_table` reads the first complete sheet, or explains
  what is missing.
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

The jobs live in modules: `sniffing` (text files), `workbook` (XLSX), `headers`, `rows`,
`values` and `dates`; `table` holds what a read gives and the limits. Never imports streamlit.
"""

from __future__ import annotations

from pathlib import Path

from loaders.reading import table as limits  # noqa: F401 - reading.limits.MAX_ROWS, ...
from loaders.reading.dates import MONTHS, parse_date  # noqa: F401
from loaders.reading.headers import DATE_FIELDS, HEADERS, KINDS, field_of_header  # noqa: F401
from loaders.reading.sniffing import _read_text
from loaders.reading.table import (  # noqa: F401 - the package's names
    COLUMNS_READ,
    EXCEL_ROWS,
    MAX_COMPRESSION_RATIO,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    OLE_MAGIC,
    TEXT_SUFFIXES,
    WORKBOOK_SUFFIXES,
    ZIP_MAGIC,
    Cell,
    Number,
    ReadError,
    Row,
    Table,
    ValueProblem,
    _megabytes,
)
from loaders.reading.values import (  # noqa: F401 - the package's names
    BOOLEAN_WORDS,
    FORMULA_STARTS,
    neutralise_formula,
    parse_bool,
    parse_offer,
    parse_status,
    parse_team,
    restore_formula,
    split_municipalities,
)
from loaders.reading.workbook import _read_workbook
from locales import Message


def read_table(path: Path, kind: str, max_rows: int | None = None) -> Table:
    """Read a CSV or XLSX file of `kind` ("status" or "visits") into canonical rows, strictly.

    `max_rows` stops after that many data rows (a preview). Raises ReadError when the file
    cannot be read at all: missing, empty, binary, not CSV/XLSX, a damaged workbook, no
    recognisable header, a required field without a column, or two columns for one field.
    The importer reads with `read_tables`, which asks about such columns instead.
    """
    path = Path(path)
    data = _file_bytes(path)
    return _read(data, path, kind, max_rows, None, strict=True)[0]


def read_tables(data: bytes, name: str, kind: str, columns_for=None, max_rows: int | None = None) -> list[Table]:
    """Every table of a file's bytes (`name` is the file's name, for messages and its
    suffix): a CSV gives one, a workbook one per sheet whose header has every required field
    (or, when none has, its first sheet with a header). Columns the reader is not sure of,
    two columns for one field and missing fields are not errors here: they are left out of
    `Table.columns` and seen in `Table.layout`. `columns_for(layout_key)` gives a person's
    decisions for a header row ({header key: field or "ignore"}). Raises ReadError when the
    file cannot be read at all."""
    if len(data) > limits.MAX_FILE_BYTES:
        raise ReadError(Message("read_too_large", file=name, size=_megabytes(len(data)), limit=_megabytes(limits.MAX_FILE_BYTES)))
    return _read(data, Path(name), kind, max_rows, columns_for, strict=False)


def file_bytes(path: Path) -> bytes:
    """A file's bytes for `read_tables`, refusing a missing, non-regular or too large file."""
    return _file_bytes(Path(path))


def _file_bytes(path: Path) -> bytes:
    name = path.name
    if not path.exists():
        raise ReadError(Message("read_not_found", file=name))
    if not path.is_file():
        raise ReadError(Message("read_not_a_file", file=name))
    size = path.stat().st_size
    if size > limits.MAX_FILE_BYTES:
        raise ReadError(Message("read_too_large", file=name, size=_megabytes(size), limit=_megabytes(limits.MAX_FILE_BYTES)))
    # Read once, whole: the file is small enough, and sniffing needs its bytes anyway.
    return path.read_bytes()


def _read(data: bytes, path: Path, kind: str, max_rows, columns_for, strict: bool) -> list[Table]:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
    name = path.name
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
        return _read_workbook(path, data, kind, max_rows, columns_for, strict)
    if suffix in WORKBOOK_SUFFIXES:
        raise ReadError(Message("read_not_a_workbook", file=name))
    return _read_text(path, data, kind, max_rows, columns_for, strict)

