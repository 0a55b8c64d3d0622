"""What a page shows, as a value: its URL query parameters read, checked and written in one place.

Each page view is a frozen dataclass in the manner of datasette's `Filters`: `from_query`
reads a query (any `Mapping[str, str]`, `st.query_params` included) and never fails,
`to_query` writes the parameters that differ from the default, and neither touches
Streamlit, so the rules are tested as plain Python (`tests/test_views.py`).

Decisions:

- Names and formats are those the pages already used, so links made before keep working:
  `region` (all|flanders|wallonia|brussels), `province` (a province's NIS code), `nis`,
  `from`/`to`/`day` (ISO dates), `teams`/`offers` (codes joined by commas), `lang`.
- Construction is strict, reading is lenient. A view cannot hold an unknown region, a
  province outside its region, an unknown code or a date out of range: the constructor
  raises ValueError (TypeError for a value of the wrong type, such as a datetime for a
  date). `from_query` replaces each bad value by its default, one parameter at a time, so
  `View.from_query(view.to_query(), ...) == view` holds for every view there is.
- Defaults are left out of `to_query`: a clean URL is the default view. The moving defaults
  (today, the first visit on record) are therefore not pinned in a link: a briefing of
  today, or a period ending today, follows the calendar when the link is opened later. The
  pages used to write `day`, `from` and `to` every time.
- Dates are read by `date.fromisoformat`, as the pages did. One outside what the page's
  date widget allows (1 January 2015 to today) falls back to its default, which is what
  Streamlit's date_input does with such a value (it resets it); the period's two ends fall
  back separately rather than together.
- A period given backwards (`from` after `to`) is swapped: the days between the two are
  what the link's author meant. A `to` without `from` is honoured (the page ignored it).
- The default start of the period is the first visit on record, moved into the widget's
  range when it lies before 2015 (the page's widget would refuse such a default).
- Teams and offers keep the vocabulary's order and no duplicates: a choice is a set, and one
  spelling per set keeps the URL and the equality of views stable. `teams=` (empty) is a
  choice of none, which is what the page writes when every team is removed (the page read
  it back as all, so an emptied box did not survive a reload); a value in which no code is
  known (`teams=,,x`) is malformed and means all, as before.
- `nis` on the map is any of today's (2025) municipalities, wherever the region filter
  points, as before: the detail panel shows it whatever the map shows.
- The profile's search text is kept as typed, up to MAX_QUERY_CHARS characters (the longest
  name has 28); a longer text is not a search and falls back to none.
- The language is not a view: every page shares it and its default comes from the
  settings, so it has two helpers, `language_from_query` and `language_to_query`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import ClassVar

from geo import gazetteer, mergers
from loaders import vocabulary
from locales import LANGUAGES

REGION_SLUGS = {
    "flanders": gazetteer.REGION_FLANDERS,
    "wallonia": gazetteer.REGION_WALLONIA,
    "brussels": gazetteer.REGION_BRUSSELS,
}
ALL = "all"
REGION_CHOICES = (ALL, *REGION_SLUGS)
FIRST_DAY = dt.date(2015, 1, 1)  # the earliest day the date widgets offer
MAX_QUERY_CHARS = 100


def _text(query: Mapping[str, str], name: str) -> str | None:
    """A parameter's value; anything but a string (a list from parse_qs, None) counts as absent."""
    value = query.get(name)
    return value if isinstance(value, str) else None


def _read_day(query: Mapping[str, str], name: str, first: dt.date, last: dt.date) -> dt.date | None:
    """An ISO date within [first, last], or None when absent, malformed or out of range."""
    value = _text(query, name)
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return day if first <= day <= last else None


def _check_day(name: str, day: object, first: dt.date, last: dt.date) -> None:
    # datetime is a date too, but never equal to one: a view holding it would not round-trip
    if type(day) is not dt.date:
        raise TypeError(f"{name} must be a datetime.date, not {type(day).__name__}")
    if not first <= day <= last:
        raise ValueError(f"{name} {day} is outside {first} to {last}")


def language_from_query(query: Mapping[str, str], default: str) -> str:
    """The `lang` parameter if it is an interface language, else `default` (the setting)."""
    wanted = _text(query, "lang")
    return wanted if wanted in LANGUAGES else default


def language_to_query(lang: str, default: str) -> dict[str, str]:
    """`{"lang": lang}`, or nothing when it is the default."""
    return {} if lang == default else {"lang": lang}


def update_query(query: Mapping[str, str], view) -> dict[str, str]:
    """The query with the view's own parameters replaced by the view's; the others (`lang`,
    anything a later page reads) are kept. A default left out of `to_query` is removed."""
    kept = {name: value for name, value in query.items() if name not in view.PARAMETERS}
    return kept | view.to_query()


@cache
def _provinces_by_region() -> dict[str, tuple[str, ...]]:
    # From the municipalities, like the page's selectbox: a province is where one lies.
    places = gazetteer.load_gazetteer(2025)
    by_region = {
        slug: tuple(sorted(p for p in places.loc[places["region"] == code, "province"].unique() if p))
        for slug, code in REGION_SLUGS.items()
    }
    by_region[ALL] = tuple(sorted(p for provinces in by_region.values() for p in provinces))
    return by_region


def provinces_in(region: str) -> tuple[str, ...]:
    """The province codes of a region slug (`all`: every province), sorted; none for Brussels."""
    return _provinces_by_region()[region]


@dataclass(frozen=True)
class AreaView:
    """The region and province filter shared by the map and the visits page."""

    region: str = ALL
    province: str = ALL

    PARAMETERS: ClassVar[tuple[str, ...]] = ("region", "province")

    def __post_init__(self) -> None:
        if self.region not in REGION_CHOICES:
            raise ValueError(f"unknown region {self.region!r}")
        if self.province != ALL and self.province not in provinces_in(self.region):
            raise ValueError(f"province {self.province!r} is not in region {self.region!r}")

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> AreaView:
        region = _text(query, "region")
        region = region if region in REGION_CHOICES else ALL
        province = _text(query, "province")
        province = province if province in provinces_in(region) else ALL
        return cls(region, province)

    def to_query(self) -> dict[str, str]:
        query = {}
        if self.region != ALL:
            query["region"] = self.region
        if self.province != ALL:
            query["province"] = self.province
        return query

    @property
    def region_code(self) -> str:
        """The region's code in `geo.gazetteer` ("02000"…), "" for all of Belgium."""
        return REGION_SLUGS.get(self.region, "")

    @property
    def province_code(self) -> str:
        """The province's NIS code, "" for all provinces (the old `region_filter`'s second value)."""
        return "" if self.province == ALL else self.province

    @property
    def province_choices(self) -> tuple[str, ...]:
        """The province selectbox's options: `all`, then the region's provinces."""
        return (ALL, *provinces_in(self.region))

    @property
    def has_provinces(self) -> bool:
        """False for Brussels-Capital, whose province selectbox is disabled."""
        return bool(provinces_in(self.region))

    def select(self, frame):
        """The rows of a frame with `region` and `province` columns that lie in the area."""
        if self.region_code:
            frame = frame[frame["region"] == self.region_code]
        if self.province_code:
            frame = frame[frame["province"] == self.province_code]
        return frame


@dataclass(frozen=True, kw_only=True)
class MapView:
    """The national map: the area drawn and the municipality whose details are shown."""

    area: AreaView = AreaView()
    nis: str | None = None

    PARAMETERS: ClassVar[tuple[str, ...]] = (*AreaView.PARAMETERS, "nis")

    def __post_init__(self) -> None:
        if self.nis is not None and self.nis not in gazetteer.codes_2025():
            raise ValueError(f"{self.nis!r} is not a municipality of 2025")

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> MapView:
        nis = _text(query, "nis")
        return cls(area=AreaView.from_query(query), nis=nis if nis in gazetteer.codes_2025() else None)

    def to_query(self) -> dict[str, str]:
        return self.area.to_query() | ({"nis": self.nis} if self.nis else {})


def _codes_from_query(value: str | None, codes: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return codes
    if value == "":
        return ()
    wanted = set(value.split(","))
    return tuple(c for c in codes if c in wanted) or codes


def _canonical_codes(name: str, chosen, codes: tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(chosen, str):  # a lone code would be read as its letters
        raise TypeError(f"{name} must be a collection of codes, not a string")
    unknown = set(chosen) - set(codes)
    if unknown:
        raise ValueError(f"unknown {name}: {', '.join(sorted(map(str, unknown)))}")
    return tuple(c for c in codes if c in set(chosen))


@dataclass(frozen=True, kw_only=True)
class VisitsView:
    """The visits page: a period, teams and offers, and the area.

    `today` and `default_start` are the context the defaults depend on; they are part of the
    view (and of its equality) because `to_query` leaves out what equals them.
    """

    start: dt.date
    end: dt.date
    today: dt.date
    default_start: dt.date
    teams: tuple[str, ...] = vocabulary.TEAMS.codes
    offers: tuple[str, ...] = vocabulary.OFFERS.codes
    area: AreaView = AreaView()

    PARAMETERS: ClassVar[tuple[str, ...]] = (*AreaView.PARAMETERS, "teams", "offers", "from", "to")

    def __post_init__(self) -> None:
        _check_day("today", self.today, FIRST_DAY, dt.date.max)
        _check_day("default_start", self.default_start, FIRST_DAY, self.today)
        _check_day("start", self.start, FIRST_DAY, self.today)
        _check_day("end", self.end, self.start, self.today)
        # Any order, list or tuple, from a multiselect: stored in one spelling.
        object.__setattr__(self, "teams", _canonical_codes("teams", self.teams, vocabulary.TEAMS.codes))
        object.__setattr__(self, "offers", _canonical_codes("offers", self.offers, vocabulary.OFFERS.codes))

    @staticmethod
    def default_start_for(first_visit: dt.date, today: dt.date) -> dt.date:
        """The period's default start: the first visit, within what the date widget allows."""
        return min(max(first_visit, FIRST_DAY), today)

    @classmethod
    def from_query(cls, query: Mapping[str, str], *, today: dt.date, first_visit: dt.date) -> VisitsView:
        """`first_visit`: the earliest visit on record (the page uses 1 January 2016 when there is none)."""
        default_start = cls.default_start_for(first_visit, today)
        start = _read_day(query, "from", FIRST_DAY, today) or default_start
        end = _read_day(query, "to", FIRST_DAY, today) or today
        start, end = min(start, end), max(start, end)
        return cls(
            start=start, end=end, today=today, default_start=default_start,
            teams=_codes_from_query(_text(query, "teams"), vocabulary.TEAMS.codes),
            offers=_codes_from_query(_text(query, "offers"), vocabulary.OFFERS.codes),
            area=AreaView.from_query(query),
        )

    def to_query(self) -> dict[str, str]:
        query = self.area.to_query()
        if self.teams != vocabulary.TEAMS.codes:
            query["teams"] = ",".join(self.teams)
        if self.offers != vocabulary.OFFERS.codes:
            query["offers"] = ",".join(self.offers)
        if self.start != self.default_start:
            query["from"] = self.start.isoformat()
        if self.end != self.today:
            query["to"] = self.end.isoformat()
        return query

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """(start, end), both days included: the date widget's value."""
        return self.start, self.end


@dataclass(frozen=True, kw_only=True)
class BriefingView:
    """The briefing: the day whose map and figures are shown (today by default)."""

    day: dt.date
    today: dt.date

    PARAMETERS: ClassVar[tuple[str, ...]] = ("day",)

    def __post_init__(self) -> None:
        _check_day("today", self.today, FIRST_DAY, dt.date.max)
        _check_day("day", self.day, FIRST_DAY, self.today)

    @classmethod
    def from_query(cls, query: Mapping[str, str], *, today: dt.date) -> BriefingView:
        return cls(day=_read_day(query, "day", FIRST_DAY, today) or today, today=today)

    def to_query(self) -> dict[str, str]:
        return {} if self.day == self.today else {"day": self.day.isoformat()}

    @property
    def vintage(self) -> int:
        """The map of municipalities valid on the day (2018, 2019 or 2025)."""
        return mergers.vintage_of_date(self.day)


@dataclass(frozen=True, kw_only=True)
class ProfileView:
    """The profile: what was searched for, a name or a code (the URL's `nis`)."""

    query: str = ""

    PARAMETERS: ClassVar[tuple[str, ...]] = ("nis",)

    def __post_init__(self) -> None:
        if not isinstance(self.query, str):
            raise TypeError(f"query must be a string, not {type(self.query).__name__}")
        if len(self.query) > MAX_QUERY_CHARS:
            raise ValueError(f"a search of more than {MAX_QUERY_CHARS} characters")

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ProfileView:
        text = _text(query, "nis") or ""
        return cls(query=text if len(text) <= MAX_QUERY_CHARS else "")

    def to_query(self) -> dict[str, str]:
        return {"nis": self.query} if self.query else {}

    @property
    def search_text(self) -> str:
        """The text to resolve, without the spaces around it; "" means nothing is searched."""
        return self.query.strip()
