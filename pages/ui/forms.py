"""The editing forms the pages share: record or plan a visit, correct or withdraw one, change a
status, withdraw a status event; and what a refused save shows.

No save is lost. An edit form keeps the record as it was opened (`opened`, in the session,
keyed by the record) and every save is made on that revision, never on a fresh read: a save
refused because someone else saved meanwhile (`editing.EditConflict`) leaves the form as the
person typed it, shows their version beside this one field by field, and keeps refusing until
the person chooses: "apply mine on top" (the same changes on the current revision) or "take
theirs" (the form reloaded with the current record).

Forms are drawn for editors only (the caller asks `visitor.may(EDITOR)`), and every write is
preceded, on the server, by `auth.require_role(EDITOR)`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from loaders import store, vocabulary
from loaders.store import editing, reading
from pages.ui import auth, cached, render
from pages.ui.text import DATE_INPUT_FORMAT, format_date, format_moment, format_period, t

EDITOR = "editor"
VISIT_FIELDS = ("visited_on", "planned", "team", "offer", "municipalities", "report_delivered", "follow_up", "internal_notes")
FIELD_LABELS = {
    "visited_on": "form_visited_on", "planned": "form_planned", "team": "col_team", "offer": "col_offer",
    "municipalities": "form_municipalities", "report_delivered": "col_report_delivered", "follow_up": "follow_up",
    "internal_notes": "internal_notes", "withdrawn_at": "form_withdrawn_col", "status": "status_title",
    "date": "date", "source": "source", "revision": "form_revision",
}
REPORT_CHOICES = {"yes": True, "no": False, "unknown": None}
FIRST_DAY = dt.date(2000, 1, 1)
FLASH = "forms_flash"


def _last_day() -> dt.date:
    return dt.date.today() + dt.timedelta(days=5 * 366)


def _unknown(value) -> bool:
    return value is None or (not isinstance(value, (bool, str, list)) and bool(pd.isna(value)))


def report_label(value, lang: str) -> str:
    """Yes, no, or "—" for a visit whose report flag is not known."""
    if _unknown(value):
        return "—"
    return t("yes", lang) if bool(value) else t("no", lang)


def show_flash(lang: str) -> None:
    """What the last save said, once, after the page reran to show it."""
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(t(message, lang))


def _saved(message: str) -> None:
    st.session_state[FLASH] = message
    st.rerun()


def _refused(refused: editing.EditRefused, lang: str) -> None:
    st.error(render.plain(refused.problem.render(lang)))


# --- values as a form holds them and as people read them -------------------------------------


def _to_widget(field: str, value):
    if field == "report_delivered":
        return "unknown" if _unknown(value) else ("yes" if bool(value) else "no")
    if field == "planned":
        return bool(value)
    if field == "municipalities":
        return list(value or [])
    if field == "internal_notes":
        return value or ""
    if field == "follow_up":
        return value if isinstance(value, dt.date) else None
    return value


def _from_widget(field: str, value):
    if field == "report_delivered":
        return REPORT_CHOICES[value]
    if field == "internal_notes":
        return value or ""
    return value


def shown_value(field: str, value, lang: str) -> str:
    """A field's value as the side-by-side comparison writes it."""
    if field in ("visited_on", "follow_up", "date"):
        return format_date(value, lang, "short") if isinstance(value, dt.date) else "—"
    if field == "withdrawn_at":
        return format_moment(value, lang) if isinstance(value, dt.datetime) else "—"
    if field == "team":
        return vocabulary.TEAMS.labels(lang).get(value, str(value))
    if field == "offer":
        return vocabulary.OFFERS.labels(lang).get(value, str(value))
    if field == "status":
        return vocabulary.STATUSES.labels(lang).get(value, str(value))
    if field == "municipalities":
        labels = cached.municipality_labels(lang)
        return ", ".join(labels.get(n, n) for n in value or []) or "—"
    if field in ("report_delivered", "planned"):
        return report_label(value, lang)
    return "—" if value in (None, "") else str(value)


def _comparison(theirs: dict, yours: dict, fields, lang: str) -> None:
    """Their version and this one, field by field, the fields that differ marked."""
    rows = []
    for field in fields:
        a, b = shown_value(field, theirs.get(field), lang), shown_value(field, yours.get(field), lang)
        rows.append({
            t("form_field", lang): t(FIELD_LABELS[field], lang), t("form_theirs", lang): a,
            t("form_yours", lang): b, t("form_differs", lang): "≠" if a != b else "",
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


# --- a visit's fields --------------------------------------------------------------------------


def _visit_widgets(prefix: str, lang: str, values: dict) -> dict:
    """The fields of a visit inside a form, each keyed `{prefix}_{field}`, starting from `values`
    the first time; afterwards they hold what the person typed. Returns the values they show."""
    state = st.session_state
    for field in VISIT_FIELDS:
        state.setdefault(f"{prefix}_{field}", _to_widget(field, values.get(field)))
    labels = cached.municipality_labels(lang)
    teams, offers = vocabulary.TEAMS.labels(lang), vocabulary.OFFERS.labels(lang)
    left, right = st.columns(2)
    with left:
        st.date_input(t("form_visited_on", lang), key=f"{prefix}_visited_on", format=DATE_INPUT_FORMAT,
                      min_value=FIRST_DAY, max_value=_last_day())
        st.selectbox(t("col_team", lang), list(teams), key=f"{prefix}_team", format_func=teams.get)
        st.selectbox(t("col_offer", lang), list(offers), key=f"{prefix}_offer", format_func=offers.get)
        st.checkbox(t("form_planned_hint", lang), key=f"{prefix}_planned")
    with right:
        st.radio(t("col_report_delivered", lang), list(REPORT_CHOICES), key=f"{prefix}_report_delivered",
                 horizontal=True, format_func=lambda c: t(f"form_report_{c}", lang))
        st.date_input(t("follow_up", lang), key=f"{prefix}_follow_up", format=DATE_INPUT_FORMAT,
                      min_value=FIRST_DAY, max_value=_last_day())
    st.multiselect(t("form_municipalities", lang), list(labels), key=f"{prefix}_municipalities", format_func=labels.get)
    st.text_area(t("internal_notes", lang), key=f"{prefix}_internal_notes", max_chars=editing.NOTE_LIMIT)
    return {field: _from_widget(field, state[f"{prefix}_{field}"]) for field in VISIT_FIELDS}


def _reset_widgets(prefix: str, values: dict, fields=VISIT_FIELDS) -> None:
    for field in fields:
        st.session_state[f"{prefix}_{field}"] = _to_widget(field, values.get(field))


def _clear_widgets(prefix: str, fields=VISIT_FIELDS) -> None:
    for field in fields:
        st.session_state.pop(f"{prefix}_{field}", None)


def record_visit_form(lang: str, visitor, key: str, municipalities: list[str] = ()) -> None:
    """Record a visit made, or plan one (a later date, or "planned" ticked), of one or several
    municipalities; `municipalities` pre-fills the choice (the profile's municipality)."""
    prefix = f"new_visit_{key}"
    defaults = {"visited_on": dt.date.today(), "team": "radix_front_office", "offer": list(vocabulary.OFFERS.codes)[0],
                "municipalities": list(municipalities), "report_delivered": None, "planned": False}
    with st.form(f"{prefix}_form"):
        values = _visit_widgets(prefix, lang, defaults)
        submitted = st.form_submit_button(t("form_record_visit_button", lang))
    if not submitted:
        return
    auth.require_role(EDITOR)
    try:
        editing.record_visit(
            cached.get_engine(), visitor.user, visited_on=values["visited_on"], team=values["team"], offer=values["offer"],
            municipalities=values["municipalities"], report_delivered=values["report_delivered"],
            follow_up=values["follow_up"], internal_notes=values["internal_notes"], planned=True if values["planned"] else None,
        )
    except editing.EditRefused as refused:
        _refused(refused, lang)
        return
    _clear_widgets(prefix)
    _saved("form_visit_recorded")


# --- an existing visit: the picker, the edit, the withdrawal -------------------------------------


def visit_choices(reg, nis: str | None = None, planned_only: bool = False, limit: int = 300) -> pd.DataFrame:
    """The visits an editor may correct (planned ones first, then the `limit` newest made ones;
    none withdrawn) with their municipalities; of one municipality when `nis` is given."""
    columns = ["visit_id", "date", "precision", "team", "offer", "report_delivered", "follow_up", "internal_notes"]
    places = reg.visit_municipalities
    if nis is not None:
        ids = set(places.loc[places["nis_2025"] == nis, "visit_id"])
    frames = []
    for frame, planned in ((reg.planned, True), (None if planned_only else reg.visits, False)):
        if frame is None or frame.empty:
            continue
        if nis is not None:
            frame = frame[frame["visit_id"].isin(ids)]
        frame = frame.sort_values(["date", "visit_id"], ascending=False, key=lambda c: c.map(str), kind="stable")
        frames.append(frame[columns].head(limit).assign(planned=planned))
    if not frames:
        return pd.DataFrame(columns=columns + ["planned", "municipalities"])
    chosen = pd.concat(frames, ignore_index=True)
    wanted = places[places["visit_id"].isin(set(chosen["visit_id"]))]
    grouped = {v: sorted(set(g)) for v, g in wanted.groupby("visit_id")["nis_2025"]}
    chosen["municipalities"] = chosen["visit_id"].map(lambda v: grouped.get(v, []))
    return chosen


def _visit_label(row, lang: str) -> str:
    labels = cached.municipality_labels(lang)
    places = ", ".join(labels.get(n, n).rsplit(" (", 1)[0] for n in row["municipalities"][:4])
    if len(row["municipalities"]) > 4:
        places += f" +{len(row['municipalities']) - 4}"
    parts = [format_period(row["date"], row["precision"], lang, "short"),
             vocabulary.TEAMS.labels(lang).get(row["team"], row["team"]),
             vocabulary.OFFERS.labels(lang).get(row["offer"], row["offer"]), places]
    if row["planned"]:
        parts.insert(0, t("form_planned_mark", lang))
    return " · ".join(parts)


def _read_visit(visit_id: str) -> dict:
    with cached.get_engine().connect() as connection:
        found = reading.visit_row(connection, visit_id)
    if found is None:
        raise KeyError(f"no visit {visit_id!r}")
    return found


def opened_record(kind: str, record_id, read) -> dict:
    """The record as this session opened it: read once, then kept until a save of this session
    succeeds or the person takes the other version. Every save is made on its revision."""
    key = f"forms_opened_{kind}_{record_id}"
    if key not in st.session_state:
        st.session_state[key] = read(record_id)
    return st.session_state[key]


def _set_opened(kind: str, record_id, record: dict) -> None:
    st.session_state[f"forms_opened_{kind}_{record_id}"] = record


def _conflict_key(kind: str, record_id) -> str:
    return f"forms_conflict_{kind}_{record_id}"


def visit_editor(lang: str, visitor, choices: pd.DataFrame, key: str) -> None:
    """Pick a visit (date, team, offer, municipalities), then correct its fields, record a planned
    one as made, or withdraw it with a reason."""
    if choices.empty:
        st.caption(t("form_no_visit_to_correct", lang))
        return
    rows = {row["visit_id"]: row for _, row in choices.iterrows()}
    visit_id = st.selectbox(t("form_pick_visit", lang), list(rows), key=f"{key}_pick",
                            format_func=lambda v: _visit_label(rows[v], lang))
    opened = opened_record("visit", visit_id, _read_visit)
    prefix = f"edit_visit_{visit_id}"
    conflict_key = _conflict_key("visit", visit_id)
    with st.form(f"{prefix}_form"):
        values = _visit_widgets(prefix, lang, opened)
        buttons = st.columns(2)
        save = buttons[0].form_submit_button(t("save", lang))
        made = buttons[1].form_submit_button(t("form_record_as_made", lang)) if opened["planned"] else False
    if save or made:
        changes = {f: v for f, v in values.items() if _comparable(f, v) != _comparable(f, opened.get(f))}
        if made:
            changes["planned"] = False
        if not changes:
            st.info(t("form_nothing_changed", lang))
        else:
            _save_visit(lang, visitor, visit_id, opened["revision"], changes, prefix)
    _conflict_panel(lang, visitor, "visit", visit_id, prefix)

    with st.form(f"{prefix}_withdraw_form"):
        reason = st.text_input(t("form_withdraw_reason", lang), key=f"{prefix}_reason")
        withdraw = st.form_submit_button(t("form_withdraw_visit", lang))
    if withdraw:
        auth.require_role(EDITOR)
        try:
            editing.withdraw_visit(cached.get_engine(), visit_id, opened["revision"], reason, visitor.user)
        except editing.EditConflict as conflict:
            st.session_state[conflict_key] = {"current": conflict.current, "mine": {}, "action": "withdraw", "reason": reason}
            st.rerun()
        except editing.EditRefused as refused:
            _refused(refused, lang)
        else:
            st.session_state.pop(f"{key}_pick", None)
            _saved("form_visit_withdrawn")


def _comparable(field: str, value):
    if field == "municipalities":
        return sorted(value or [])
    if field == "internal_notes":
        return value or ""
    if field in ("report_delivered",):
        return None if _unknown(value) else bool(value)
    return value


def _save_visit(lang: str, visitor, visit_id: str, revision: int, changes: dict, prefix: str) -> None:
    auth.require_role(EDITOR)
    conflict_key = _conflict_key("visit", visit_id)
    try:
        new_revision = editing.edit_visit(cached.get_engine(), visit_id, revision, changes, visitor.user)
    except editing.EditConflict as conflict:
        # Nothing is re-read for the form: it keeps what was typed and the revision it showed.
        st.session_state[conflict_key] = {"current": conflict.current, "mine": changes, "action": "edit"}
        return
    except editing.EditRefused as refused:
        _refused(refused, lang)
        return
    opened = st.session_state[f"forms_opened_visit_{visit_id}"]
    _set_opened("visit", visit_id, {**opened, **changes, "revision": new_revision})
    st.session_state.pop(conflict_key, None)
    _saved("form_visit_saved")


def _conflict_panel(lang: str, visitor, kind: str, record_id, prefix: str) -> None:
    """Their version beside this one, and the two ways on: apply mine on top, take theirs."""
    conflict = st.session_state.get(_conflict_key(kind, record_id))
    if not conflict:
        return
    current = conflict["current"]
    st.error(t("edit_conflict", lang))
    opened = st.session_state.get(f"forms_opened_{kind}_{record_id}", {})
    if kind == "visit":
        fields = list(VISIT_FIELDS)
        yours = {**opened, **conflict["mine"]}
    else:
        fields = ["date", "status", "source"]
        yours = dict(opened)
    if conflict["action"] == "withdraw":
        fields.append("withdrawn_at")
        yours["withdrawn_at"] = None
    _comparison(current, yours, fields + ["revision"], lang)
    if conflict["action"] == "withdraw":
        st.caption(t("form_conflict_withdraw", lang, reason=render.plain(conflict.get("reason", ""))))
    left, right = st.columns(2)
    if left.button(t("form_apply_mine", lang), key=f"{prefix}_apply_mine"):
        auth.require_role(EDITOR)
        engine = cached.get_engine()
        try:
            if conflict["action"] == "edit":
                new_revision = editing.edit_visit(engine, record_id, current["revision"], conflict["mine"], visitor.user)
                _set_opened(kind, record_id, {**current, **conflict["mine"], "revision": new_revision})
            elif kind == "visit":
                editing.withdraw_visit(engine, record_id, current["revision"], conflict["reason"], visitor.user)
            else:
                editing.withdraw_status(engine, record_id, current["revision"], conflict["reason"], visitor.user)
        except editing.EditConflict as again:
            st.session_state[_conflict_key(kind, record_id)] = {**conflict, "current": again.current}
            st.rerun()
        except editing.EditRefused as refused:
            _refused(refused, lang)
        else:
            st.session_state.pop(_conflict_key(kind, record_id), None)
            _saved("form_visit_saved" if conflict["action"] == "edit" else
                   "form_visit_withdrawn" if kind == "visit" else "form_status_withdrawn")
    right.button(t("form_take_theirs", lang), key=f"{prefix}_take_theirs",
                 on_click=_take_theirs, args=(kind, record_id, prefix, current))


def _take_theirs(kind: str, record_id, prefix: str, current: dict) -> None:
    """The form reloaded with the record as it is now (a callback: before the widgets are drawn)."""
    _set_opened(kind, record_id, current)
    if kind == "visit":
        _reset_widgets(prefix, current)
    st.session_state.pop(_conflict_key(kind, record_id), None)


# --- status ----------------------------------------------------------------------------------------


def status_form(lang: str, visitor, nis: str, name: str, cell: tuple[str, str] | None) -> None:
    """A new status event (status, since which day, source) for the municipality, or for every
    member of its cell on that day when it has one."""
    statuses = vocabulary.STATUSES.labels(lang)
    with st.form("status_form"):
        status = st.selectbox(t("status_title", lang), list(statuses), key="status_form_status", format_func=statuses.get)
        since = st.date_input(t("form_since", lang), value=dt.date.today(), key="status_form_since",
                              format=DATE_INPUT_FORMAT, min_value=FIRST_DAY, max_value=_last_day())
        source = st.text_input(t("source", lang), key="status_form_source")
        scopes = ["municipality"] + (["cell"] if cell else [])
        scope = st.radio(
            t("form_status_for", lang), scopes, key="status_form_scope", horizontal=True,
            format_func=lambda s: render.plain(name) if s == "municipality" else t("form_whole_cell", lang, cell=render.plain(cell[1])),
        )
        submitted = st.form_submit_button(t("form_record_status", lang))
    if not submitted:
        return
    auth.require_role(EDITOR)
    try:
        editing.record_status(
            cached.get_engine(), visitor.user, status=status, since=since, source=source,
            **({"cell_id": cell[0]} if scope == "cell" else {"municipalities": [nis]}),
        )
    except editing.EditRefused as refused:
        _refused(refused, lang)
        return
    st.session_state.pop("status_form_source", None)
    _saved("form_status_recorded")


def _event_label(row, lang: str) -> str:
    parts = [format_period(row["date"], row["precision"], lang, "short"),
             vocabulary.STATUSES.labels(lang).get(row["status"], row["status"]), str(row["municipality"]),
             f"#{row['event_id']}"]  # the source, data in whatever language, is in the history table
    return " · ".join(parts)


def withdraw_status_form(lang: str, visitor, reg, nis: str) -> None:
    """Withdraw a status event of the municipality entered by mistake, with a reason."""
    events = reg.events
    if events.empty:
        st.caption(t("no_status", lang))
        return
    standing = events[(events["nis_2025"] == nis) & events["withdrawn_at"].isna()]
    if standing.empty:
        st.caption(t("no_status", lang))
        return
    rows = {int(row["event_id"]): row for _, row in standing.iloc[::-1].iterrows()}
    event_id = st.selectbox(t("form_pick_event", lang), list(rows), key="withdraw_status_pick",
                            format_func=lambda e: _event_label(rows[e], lang))

    def read(event_id):
        with cached.get_engine().connect() as connection:
            found = reading.event_row(connection, event_id)
        if found is None:
            raise KeyError(f"no status event {event_id!r}")
        return {**found, "date": found["effective"]}

    opened = opened_record("event", event_id, read)
    prefix = f"withdraw_status_{event_id}"
    with st.form(f"{prefix}_form"):
        reason = st.text_input(t("form_withdraw_reason", lang), key=f"{prefix}_reason")
        submitted = st.form_submit_button(t("form_withdraw_status", lang))
    if submitted:
        auth.require_role(EDITOR)
        try:
            editing.withdraw_status(cached.get_engine(), event_id, opened["revision"], reason, visitor.user)
        except editing.EditConflict as conflict:
            current = {**conflict.current, "date": conflict.current.get("effective")}
            st.session_state[_conflict_key("event", event_id)] = {
                "current": current, "mine": {}, "action": "withdraw", "reason": reason,
            }
        except editing.EditRefused as refused:
            _refused(refused, lang)
        else:
            st.session_state.pop("withdraw_status_pick", None)
            _saved("form_status_withdrawn")
    _conflict_panel(lang, visitor, "event", event_id, prefix)


def history_with_withdrawn(reg, nis: str, lang: str) -> pd.DataFrame:
    """Every status event of a municipality, withdrawn ones included and marked with who
    withdrew them, when and why (the profile's "show withdrawn entries")."""
    columns = ["date", "precision", "status", "municipality", "cell_name", "source", "withdrawn"]
    if reg.events.empty:
        return pd.DataFrame(columns=columns)
    events = reg.events[reg.events["nis_2025"] == nis].sort_values("date", kind="stable")
    names = dict(zip(reg.cells["cell_id"], reg.cells["name"]))
    marks = [
        "" if pd.isna(at) or at is None else t(
            "form_withdrawn_mark", lang, at=format_moment(pd.Timestamp(at).to_pydatetime(), lang),
            by=by or "—", reason=reason or "—",
        )
        for at, by, reason in zip(events["withdrawn_at"], events["withdrawn_by"], events["withdrawn_reason"])
    ]
    return pd.DataFrame({
        "date": events["date"].tolist(), "precision": events["precision"].tolist(),
        "status": events["status"].tolist(), "municipality": events["municipality"].tolist(),
        "cell_name": [names.get(c, "") for c in events["cell_id"]], "source": events["source"].tolist(),
        "withdrawn": marks,
    }, columns=columns)


def planned_table(reg, lang: str, municipalities: set[str] | None = None) -> pd.DataFrame:
    """The planned visits (of some municipalities), soonest first, as a table shows them."""
    planned = visit_choices(reg, planned_only=True, limit=10**9)
    if municipalities is not None:
        planned = planned.loc[planned["municipalities"].map(lambda v: bool(set(v) & municipalities)).astype(bool)]
    planned = planned.sort_values("date", kind="stable", key=lambda s: s.map(str))
    labels = cached.municipality_labels(lang)
    return pd.DataFrame({
        t("date", lang): render.shown_periods(planned["date"], planned["precision"], lang),
        t("col_team", lang): planned["team"].map(vocabulary.TEAMS.labels(lang)),
        t("col_offer", lang): planned["offer"].map(vocabulary.OFFERS.labels(lang)),
        t("form_municipalities", lang): planned["municipalities"].map(lambda v: ", ".join(labels.get(n, n) for n in v)),
        t("follow_up", lang): planned["follow_up"].map(lambda d: d if isinstance(d, dt.date) else None),
        t("internal_notes", lang): planned["internal_notes"].fillna(""),
    })


def next_planned(reg) -> dict[str, dt.date]:
    """The next planned visit of each municipality (its earliest planned date)."""
    if reg.planned.empty:
        return {}
    places = reg.visit_municipalities.merge(reg.planned[["visit_id", "date"]], on="visit_id")
    return places.groupby("nis_2025")["date"].min().to_dict()
