"""Exports of the store in the import format, so that an export re-imports to the same state."""

from __future__ import annotations

import csv
from pathlib import Path

import sqlalchemy as sa

from loaders import store

STATUS_COLUMNS = ("municipality", "status", "date", "cell_id", "cell", "cell_kind", "source")
VISIT_COLUMNS = (
    "visit_id", "date", "municipalities", "team", "offer", "report_delivered", "follow_up", "internal_notes",
)


def export_rows(engine: sa.Engine, kind: str) -> tuple[tuple[str, ...], list[list[str]]]:
    """Header and rows of a kind, oldest first, with municipalities as they were given."""
    with engine.connect() as connection:
        if kind == "status":
            query = (
                sa.select(
                    store.status_events.c.municipality, store.status_events.c.status, store.status_events.c.effective,
                    store.status_events.c.cell_id, store.cells.c.name, store.cells.c.kind, store.status_events.c.source,
                )
                .select_from(store.status_events.outerjoin(store.cells))
                .order_by(store.status_events.c.effective, store.status_events.c.event_id)
            )
            rows = [
                [m, s, d.isoformat(), c or "", n or "", k or "", src]
                for m, s, d, c, n, k, src in connection.execute(query)
            ]
            return STATUS_COLUMNS, rows
        if kind != "visits":
            raise ValueError(f"unknown kind {kind!r}: use status or visits")
        places: dict[str, list[str]] = {}
        for visit_id, municipality in connection.execute(
            sa.select(store.visit_municipalities.c.visit_id, store.visit_municipalities.c.municipality)
            .order_by(store.visit_municipalities.c.visit_id, store.visit_municipalities.c.municipality)
        ):
            places.setdefault(visit_id, []).append(municipality)
        query = sa.select(store.visits).order_by(store.visits.c.visited_on, store.visits.c.visit_id)
        rows = [
            [
                v.visit_id, v.visited_on.isoformat(), ";".join(places.get(v.visit_id, [])), v.team, v.offer,
                "" if v.report_delivered is None else str(bool(v.report_delivered)).lower(),
                v.follow_up.isoformat() if v.follow_up else "", v.internal_notes or "",
            ]
            for v in connection.execute(query)
        ]
        return VISIT_COLUMNS, rows


def export_file(engine: sa.Engine, kind: str, out: Path) -> int:
    """Write a kind to CSV (UTF-8, comma) or XLSX, by the file's suffix; returns the row count."""
    out = Path(out)
    header, rows = export_rows(engine, kind)
    suffix = out.suffix.lower()
    partial = out.with_name(f".{out.name}.partial")
    if suffix == ".csv":
        with partial.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(rows)
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(kind)
        sheet.append(list(header))
        for row in rows:
            # Stored as text, never as formulas: a value is data whatever its first character.
            sheet.append([_as_text_cell(sheet, value) for value in row])
        book.save(partial)
    else:
        raise ValueError(f"{out.name}: export to .csv or .xlsx")
    partial.replace(out)
    return len(rows)


def _as_text_cell(sheet, value: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
