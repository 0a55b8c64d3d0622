"""Days as people write them, and Excel's serial numbers."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from loaders.reading.table import ValueProblem
from loaders.vocabulary import value_key
from locales import Message

MONTHS = {
    month: number
    for number, names in enumerate(
        [
            ("januari", "janvier", "january", "januar", "jan", "janv"),
            ("februari", "fevrier", "february", "februar", "feb", "febr", "fevr", "fev"),
            ("maart", "mars", "march", "marz", "maerz", "mrt", "maa", "mar", "mrz"),
            ("april", "avril", "apr", "avr"),
            ("mei", "mai", "may"),
            ("juni", "juin", "june", "jun"),
            ("juli", "juillet", "july", "jul", "juil"),
            ("augustus", "aout", "august", "aug"),
            ("september", "septembre", "sep", "sept"),
            ("oktober", "octobre", "october", "okt", "oct"),
            ("november", "novembre", "nov"),
            ("december", "decembre", "dezember", "dec", "dez"),
        ],
        start=1,
    )
    for month in names
}

# Weekdays people put before a date ("di 12/03/2019", "mardi 12 mars 2019", "Dienstag, 12.
# März 2019"), Monday first: checked against the date, never trusted instead of it.
WEEKDAYS = {
    word: number
    for number, names in enumerate(
        [
            ("maandag", "lundi", "monday", "montag", "ma", "lun", "mon", "mo"),
            ("dinsdag", "mardi", "tuesday", "dienstag", "di", "mar", "tue", "tues"),
            ("woensdag", "mercredi", "wednesday", "mittwoch", "wo", "mer", "wed", "mi"),
            ("donderdag", "jeudi", "thursday", "donnerstag", "do", "jeu", "thu", "thur", "thurs"),
            ("vrijdag", "vendredi", "friday", "freitag", "vr", "ven", "fri", "fr"),
            ("zaterdag", "samedi", "saturday", "samstag", "za", "sam", "sat", "sa"),
            ("zondag", "dimanche", "sunday", "sonntag", "zo", "dim", "sun", "so"),
        ]
    )
    for word in names
}

# The precision a date was given with; a vague date stands for the first day of its period.
PRECISIONS = ("day", "month", "quarter", "year")
FIRST_YEAR, LAST_YEAR = 1950, 2099  # a bare number outside is a count, not a year


@dataclass(frozen=True)
class Period:
    """A date as precise as the file gave it: `day` is the first day of the period."""

    day: dt.date
    precision: str = "day"  # one of PRECISIONS


_TIME = r"(?:(?:[ T]|\s+(?:om|a|at|um)\s+)\d{1,2}(?:[:hu]\d{2}|[hu])(?::\d{2}(?:\.\d+)?)?(?:\s*(?:uur|h|u))?)?"
_YEAR_FIRST = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME)
# Day first, always: the Belgian convention. 05/27/2016 is not read as 27 May but
# rejected as impossible, since a guessed order would silently swap days and months.
_DAY_FIRST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})" + _TIME)
# Matched on the text as value_key leaves it: no case, accents or dots ("27 mei 2016").
_WRITTEN = re.compile(r"(\d{1,2})(?:er|e|st|nd|rd|th)? ([a-z]+),? (\d{4}|\d{2})" + _TIME)
_MONTH_NUMBER = re.compile(r"(\d{1,2})[-/.](\d{4})|(\d{4})[-/](\d{1,2})")
_MONTH_WRITTEN = re.compile(r"([a-z]+),? (\d{4})")
# Q2 2019, 2019 Q2, 2019-Q2, T2 2019 (trimestre), K2 2019 (kwartaal), 2e kwartaal 2019,
# 2eme trimestre 2019, 2 quartal 2019 ("2. Quartal" once dots are gone), second quarter 2019.
_QUARTER = re.compile(
    r"(?:[qtk]([1-4]) (\d{4})|(\d{4}) [qtk]([1-4])|(\d{4})([qtk])([1-4])|[qtk]([1-4])(\d{4})"
    r"|([1-4])(?:e|de|ste|eme|er|re|nd|rd|st|th)? (?:kwartaal|trimestre|quartal|quarter) (\d{4}))"
)
_YEAR = re.compile(r"\d{4}")


def parse_date(value) -> dt.date | None:
    """A day from text, a date or datetime, or an Excel serial number; None when empty.

    Text: 2016-05-27, 27/05/2016, 27-05-2016, 27.05.2016, 27/5/16, 27 mei 2016,
    27 mai 2016, 27 May 2016, 27. Mai 2016; a time after it is dropped, a weekday before it
    must be the date's. Numbers are Excel serial dates (1900 system): pass numbers only from
    workbook cells, never from CSV text. A month, quarter or year alone is not a day: see
    `parse_period`. Raises ValueProblem (a ValueError) "impossible date '31/02/2019'" or
    "not a date: 'soon'".
    """
    period = parse_period(value)
    if period is None:
        return None
    if period.precision != "day":
        raise ValueProblem(Message("value_not_a_day", value=f"'{str(value).strip()}'"))
    return period.day


def parse_period(value) -> Period | None:
    """A date as precise as it was written: a day (as `parse_date`), a month ("03/2019",
    "maart 2019", "2019-03"), a quarter ("Q2 2019", "2e kwartaal 2019", "T2 2019") or a
    year ("2019"); None when empty. Raises ValueProblem as `parse_date` does."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return Period(value.date())
    if isinstance(value, dt.date):
        return Period(value)
    if isinstance(value, bool):
        raise ValueProblem(Message("value_not_a_date", value=repr(value)))
    if isinstance(value, (int, float)):
        return Period(_date_from_serial(value, mac=False))
    text = str(value).strip()
    if not text:
        return None
    quoted = f"'{text}'"
    period = _period(text, quoted)  # first whole: "mar 2019" is March, not a Tuesday
    if period is not None:
        return period
    weekday, rest = _split_weekday(text)
    period = _period(rest, quoted) if weekday is not None else None
    if period is None:
        raise ValueProblem(Message("value_not_a_date", value=quoted))
    if period.precision != "day" or period.day.weekday() != weekday:
        raise ValueProblem(Message("value_wrong_weekday", value=quoted))
    return period


def _split_weekday(text: str) -> tuple[int | None, str]:
    """(weekday, the rest) when the text starts with a weekday's name, else (None, text)."""
    match = re.match(r"([^\W\d_]+)\.?,?\s+(?=\d)", text)
    if match:
        weekday = WEEKDAYS.get(value_key(match[1]))
        if weekday is not None:
            return weekday, text[match.end():]
    return None, text


def _period(text: str, quoted: str) -> Period | None:
    key = value_key(text)
    if match := _YEAR_FIRST.fullmatch(text):
        return _day(int(match[1]), int(match[3]), int(match[4]), quoted)
    if match := _DAY_FIRST.fullmatch(text):
        return _day(_full_year(match[4]), int(match[3]), int(match[1]), quoted)
    if (match := _WRITTEN.fullmatch(key)) and match[2] in MONTHS:
        return _day(_full_year(match[3]), MONTHS[match[2]], int(match[1]), quoted)
    if match := _MONTH_NUMBER.fullmatch(text):
        month, year = (int(match[1]), int(match[2])) if match[1] else (int(match[4]), int(match[3]))
        return _month(year, month, quoted)
    if (match := _MONTH_WRITTEN.fullmatch(key)) and match[1] in MONTHS:
        return _month(int(match[2]), MONTHS[match[1]], quoted)
    if match := _QUARTER.fullmatch(key.replace(" ", " ")):
        groups = [g for g in match.groups() if g is not None and g not in "qtk"]
        quarter, year = (int(groups[0]), int(groups[1])) if len(groups[0]) == 1 else (int(groups[1]), int(groups[0]))
        return _year_checked(Period(dt.date(year, 3 * quarter - 2, 1), "quarter"), quoted)
    if _YEAR.fullmatch(text):
        return _year_checked(Period(dt.date(int(text), 1, 1), "year"), quoted)
    return None


def _day(year: int, month: int, day: int, quoted: str) -> Period:
    try:
        return Period(dt.date(year, month, day))
    except ValueError:
        raise ValueProblem(Message("value_impossible_date", value=quoted)) from None


def _month(year: int, month: int, quoted: str) -> Period:
    if not 1 <= month <= 12:
        raise ValueProblem(Message("value_impossible_date", value=quoted))
    return _year_checked(Period(dt.date(year, month, 1), "month"), quoted)


def _year_checked(period: Period, quoted: str) -> Period:
    if not FIRST_YEAR <= period.day.year <= LAST_YEAR:
        raise ValueProblem(Message("value_not_a_date", value=quoted))
    return period


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
