"""Records below the header turned into rows of stripped text, one value per field."""

from __future__ import annotations

from loaders.reading import table as limits
from loaders.reading.cells import _text
from loaders.reading.headers import DATE_FIELDS, KINDS
from loaders.reading.table import Row, Table, _Header, _too_many_rows


def _rows(where: str, header: _Header, kind: str, max_rows: int | None, epoch, csv_extra: bool) -> list[Row]:
    rows: list[Row] = []
    if max_rows is not None and max_rows <= 0:
        return rows
    for record in header.rest:
        if len(rows) == limits.MAX_ROWS:
            raise _too_many_rows(where)
        values = {}
        for name in KINDS[kind]:
            position = header.columns.get(name, (None,))[0]
            raw = record.cells[position] if position is not None and position < len(record.cells) else None
            values[name] = _text(raw, date=name in DATE_FIELDS, epoch=epoch)
        cells = tuple(record.cells[: header.width])  # as read: made text only when needed
        extra = ()
        if csv_extra and len(record.cells) > header.width:
            extra = tuple(
                (column, cell.strip())
                for column, cell in enumerate(record.cells[header.width :], start=header.width + 1)
                if cell.strip()
            )
        rows.append(Row(number=len(rows) + 1, line=record.line, values=values, extra=extra, cells=cells))
        if max_rows is not None and len(rows) >= max_rows:
            break
    return rows


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
        layout=header.layout,
        layout_key=header.layout_key,
        header_line=header.line,
        headers=tuple(header.texts),
    )
