"""Days as people write them, and Excel's serial numbers."""

from __future__ import annotations

import datetime as dt
import math
import re

from loaders.reading.table import ValueProblem
from loaders.vocabulary import value_key
from locales import Message

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
