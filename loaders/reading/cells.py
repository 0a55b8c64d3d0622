"""A cell as text, whatever the file held: numbers, booleans, dates, Excel serial days."""

from __future__ import annotations

import datetime as dt
import unicodedata

from openpyxl.utils.datetime import CALENDAR_MAC_1904

from loaders.reading.dates import _date_from_serial


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
