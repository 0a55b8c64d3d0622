"""Tables as downloadable files, safe to open in a spreadsheet program."""

from __future__ import annotations

import io

import pandas as pd

from loaders.reading import neutralise_formula


def csv_bytes(frame: pd.DataFrame, delimiter: str = ",") -> bytes:
    """A table as UTF-8 CSV with a BOM (so Excel shows accents right), cells safe from formulas;
    `delimiter=";"` for Excel in a Belgian locale, which does not split on commas."""
    return _neutralised(frame).to_csv(index=False, sep=delimiter).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _neutralised(frame).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """The exports' rule (`reading.neutralise_formula`): no cell runs as a spreadsheet formula."""
    return frame.apply(
        lambda column: column.map(lambda v: neutralise_formula(v) if isinstance(v, str) else v)
        if column.dtype == object else column
    )
