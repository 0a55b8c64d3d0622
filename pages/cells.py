"""Cells: every cell with its kind and members (who joined when, who left), and, for editors,
creating a cell and editing one: rename, set its kind, add members, end memberships.

An edit is made on the revision the cell had when its form was opened, kept in the session
until a save succeeds: a save after someone else's is refused with both versions shown, and
what was typed stays in the form, to apply on the new revision or to drop.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from loaders import vocabulary
from loaders.store import editing, reading
from pages.ui import auth, cached, factsheet, render
from pages.ui.text import DATE_INPUT_FORMAT, format_date, t

EDITOR = "editor"
EDIT_KEYS = ("cell_edit_name", "cell_edit_kind", "cell_edit_add", "cell_edit_joined", "cell_edit_remove", "cell_edit_left")
CREATE_KEYS = ("cell_new_name", "cell_new_kind", "cell_new_members", "cell_new_joined")

visitor = auth.require_page("cells")
lang = visitor.lang
engine = cached.get_engine()
state = st.session_state
labels = cached.municipality_labels(lang)
kinds = vocabulary.CELL_KINDS.labels(lang)


def place(nis: str) -> str:
    return labels.get(nis, nis)


def kind_label(code: str) -> str:
    return kinds.get(code, code)


# What the last run asked for before its rerun: a message, a cell to select, forms to empty.
# Done before any widget is drawn, as Streamlit allows a widget's value to be set only then.
if "cells_done" in state:
    st.success(state.pop("cells_done"))
for key in state.pop("cells_reset", ()):
    state.pop(key, None)
if "cells_select" in state:
    state["cell_pick"] = state.pop("cells_select")

# --- every cell -----------------------------------------------------------------------------

registry = cached.get_registry()
today = dt.date.today()
members = registry.members
current = members[members["left"].isna() | (members["left"].map(lambda d: d is not None and d > today))]
current = current[current["joined"].map(lambda d: d <= today)]
names_now = current.groupby("cell_id")["nis_2025"].agg(lambda codes: ", ".join(sorted(place(c) for c in codes)))
count_now = current.groupby("cell_id")["nis_2025"].nunique()
cell_frame = registry.cells.sort_values(["name", "cell_id"], key=lambda c: c.str.casefold())
table = cell_frame.assign(
    kind=cell_frame["kind"].map(kind_label),
    count=cell_frame["cell_id"].map(count_now).fillna(0).astype(int),
    members_now=cell_frame["cell_id"].map(names_now).fillna(""),
)
st.caption(t("cells_intro", lang, cells=len(table)))
render.render_table(
    table, {"name": "cells_col_name", "kind": "cells_col_kind", "established": "cells_col_established",
            "count": "cells_col_count", "members_now": "cells_col_members_now"},
    lang, key="cells_table",
)

# --- one cell: its members, and its edit form ------------------------------------------------

opened_cells = reading.cells_with_revision(engine)
choices = [c for c in cell_frame["cell_id"] if c in opened_cells]
if "cell_pick" not in state:
    wanted = st.query_params.get("cell")
    state["cell_pick"] = wanted if wanted in choices else None
elif state["cell_pick"] not in choices:
    state["cell_pick"] = None


def picked_another() -> None:
    """Another cell is opened: its form starts from what it is now."""
    for key in EDIT_KEYS:
        state.pop(key, None)
    state.pop("cell_opened", None)
    state.pop("cell_conflict", None)


st.subheader(t("cells_one", lang))
cell_id = st.selectbox(
    t("cells_pick", lang), choices, key="cell_pick", index=None, placeholder=t("cells_pick_placeholder", lang),
    format_func=lambda c: opened_cells[c]["name"], on_change=picked_another,
)
if cell_id:
    st.query_params["cell"] = cell_id
else:
    st.query_params.pop("cell", None)


def member_table(record: dict, key: str) -> None:
    rows = pd.DataFrame(
        [{"municipality": place(m["nis_2025"]), "joined": m["joined"],
          "left": format_date(m["left_on"], lang, "short") if m["left_on"] else "—"} for m in record["members"]],
        columns=["municipality", "joined", "left"],
    )
    if rows.empty:
        st.caption(t("cells_no_members", lang))
        return
    render.render_table(rows, {"municipality": "cells_col_municipality", "joined": "cells_col_joined",
                               "left": "cells_col_left"}, lang, key=key)


def is_member(member: dict) -> bool:
    return member["left_on"] is None


def describe(record: dict) -> str:
    """A cell in a few lines: name, kind, members now."""
    now = [place(m["nis_2025"]) + f" ({format_date(m['joined'], lang, 'short')})" for m in record["members"] if is_member(m)]
    return (
        f"**{t('cells_col_name', lang)}:** {render.plain(record['name'])}  \n"
        f"**{t('cells_col_kind', lang)}:** {render.plain(kind_label(record['kind']))}  \n"
        f"**{t('cells_col_members_now', lang)}:** {render.plain(', '.join(now) or '—')}"
    )


def describe_mine(mine: dict, opened: dict) -> str:
    add = ", ".join(f"{place(n)} ({format_date(d, lang, 'short')})" for n, d in mine["add"]) or "—"
    remove = ", ".join(f"{place(n)} ({format_date(d, lang, 'short')})" for n, d in mine["remove"]) or "—"
    return (
        f"**{t('cells_col_name', lang)}:** {render.plain(mine['name'] or opened['name'])}  \n"
        f"**{t('cells_col_kind', lang)}:** {render.plain(kind_label(mine['kind'] or opened['kind']))}  \n"
        f"**{t('cells_add', lang)}:** {render.plain(add)}  \n"
        f"**{t('cells_remove', lang)}:** {render.plain(remove)}"
    )


def save(cell: str, revision: int, mine: dict, opened: dict) -> None:
    """The edit, checked on the server, on `revision`: a success reruns with the new revision;
    a conflict keeps both versions (and the form as typed); a refusal says which rule."""
    auth.require_role(EDITOR)
    try:
        new_revision = editing.edit_cell(engine, cell, revision, visitor.user, name=mine["name"], kind=mine["kind"],
                                         add=mine["add"], remove=mine["remove"])
    except editing.EditConflict as conflict:
        state["cell_conflict"] = {"cell_id": cell, "theirs": conflict.current, "mine": mine, "opened": opened}
        st.rerun()
    except editing.EditRefused as error:
        st.error(render.plain(error.problem.render(lang)))
    else:
        state.pop("cell_conflict", None)
        state.pop("cell_opened", None)  # opened again, at the revision just written
        state["cells_reset"] = EDIT_KEYS
        state["cells_done"] = t("cells_saved", lang, name=mine["name"] or opened["name"], revision=new_revision)
        st.rerun()


if cell_id:
    now = opened_cells[cell_id]
    # The revision the form was opened on, kept until a save succeeds: never re-read at a submit.
    if state.get("cell_opened", {}).get("cell_id") != cell_id:
        state["cell_opened"] = {"cell_id": cell_id, "revision": now["revision"], "record": now}
    opened = state["cell_opened"]["record"]
    revision = state["cell_opened"]["revision"]
    member_table(now, "cell_members_table")
    factsheet.render_factsheet_downloads(lang, visitor, cell_id=cell_id, key="cell_factsheet")
    if not visitor.may(EDITOR):
        st.info(t("cells_needs_editor", lang))
    else:
        conflict = state.get("cell_conflict")
        if conflict and conflict["cell_id"] == cell_id:
            theirs, mine = conflict["theirs"], conflict["mine"]
            st.error(t("edit_conflict", lang))
            left, right = st.columns(2)
            with left:
                st.markdown(f"**{t('cells_theirs', lang, revision=theirs['revision'])}**")
                st.markdown(describe(theirs))
            with right:
                st.markdown(f"**{t('cells_mine', lang, revision=conflict['opened']['revision'])}**")
                st.markdown(describe_mine(mine, conflict["opened"]))
            apply, drop = st.columns(2)
            if apply.button(t("cells_apply_mine", lang, revision=theirs["revision"]), key="cell_conflict_apply",
                            type="primary"):
                state["cell_opened"] = {"cell_id": cell_id, "revision": theirs["revision"], "record": theirs}
                save(cell_id, theirs["revision"], mine, theirs)
            if drop.button(t("cells_drop_mine", lang), key="cell_conflict_drop"):
                state.pop("cell_conflict", None)
                state.pop("cell_opened", None)
                state["cells_reset"] = EDIT_KEYS
                st.rerun()
        with st.form("cell_edit_form"):
            st.markdown(f"**{t('cells_edit', lang, revision=revision)}**")
            name = st.text_input(t("cells_name", lang), value=opened["name"], key="cell_edit_name", max_chars=255)
            kind_codes = list(vocabulary.CELL_KINDS.codes)
            kind = st.selectbox(t("cells_kind", lang), kind_codes, index=kind_codes.index(opened["kind"])
                                if opened["kind"] in kind_codes else 0, format_func=kind_label, key="cell_edit_kind")
            members_now = list(dict.fromkeys(m["nis_2025"] for m in opened["members"] if is_member(m)))
            cols = st.columns([3, 1])
            add = cols[0].multiselect(t("cells_add", lang), [n for n in labels if n not in members_now],
                                      format_func=place, key="cell_edit_add",
                                      placeholder=t("cells_choose", lang))
            joined = cols[1].date_input(t("cells_joined_on", lang), value=today, format=DATE_INPUT_FORMAT,
                                        key="cell_edit_joined")
            cols = st.columns([3, 1])
            remove = cols[0].multiselect(t("cells_remove", lang), members_now, format_func=place, key="cell_edit_remove",
                                      placeholder=t("cells_choose", lang))
            left_on = cols[1].date_input(t("cells_left_on", lang), value=today, format=DATE_INPUT_FORMAT,
                                         key="cell_edit_left")
            submitted = st.form_submit_button(t("cells_save", lang), type="primary")
        if submitted:
            mine = {
                "name": name.strip() if name.strip() != opened["name"] else None,
                "kind": kind if kind != opened["kind"] else None,
                "add": [(n, joined) for n in add], "remove": [(n, left_on) for n in remove],
            }
            if mine["name"] is None and mine["kind"] is None and not add and not remove:
                st.info(t("cells_nothing_to_save", lang))
            else:
                save(cell_id, revision, mine, opened)

# --- a new cell -------------------------------------------------------------------------------

if visitor.may(EDITOR):
    st.subheader(t("cells_new", lang))
    with st.form("cell_create_form"):
        new_name = st.text_input(t("cells_name", lang), key="cell_new_name", max_chars=255)
        new_kind = st.selectbox(t("cells_kind", lang), list(vocabulary.CELL_KINDS.codes), format_func=kind_label,
                                key="cell_new_kind")
        cols = st.columns([3, 1])
        new_members = cols[0].multiselect(t("cells_new_members", lang), list(labels), format_func=place,
                                          key="cell_new_members",
                                      placeholder=t("cells_choose", lang))
        new_joined = cols[1].date_input(t("cells_joined_on", lang), value=today, format=DATE_INPUT_FORMAT,
                                        key="cell_new_joined")
        create = st.form_submit_button(t("cells_create", lang), type="primary")
    if create:
        auth.require_role(EDITOR)
        try:
            made = editing.create_cell(engine, visitor.user, name=new_name, kind=new_kind,
                                       members=[(n, new_joined) for n in new_members])
        except editing.EditRefused as error:
            st.error(render.plain(error.problem.render(lang)))
        else:
            state["cells_done"] = t("cells_created", lang, name=new_name.strip(), count=len(new_members))
            state["cells_reset"] = CREATE_KEYS + EDIT_KEYS
            state["cells_select"] = made
            state.pop("cell_opened", None)
            state.pop("cell_conflict", None)
            st.rerun()
