"""Admin: the accounts and roles in effect (local accounts from secrets.toml, or the OIDC role
mapping), and the audit log, filtered by person, kind of change and days, each change with what
it was before and after, downloadable as CSV or XLSX.

Never shown: a password hash, the session secret (only whether one is configured).
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

import locales
from geo import settings
from loaders import access
from loaders.store import reading
from pages.ui import auth, cached, files, render
from pages.ui.text import DATE_INPUT_FORMAT, format_moment, t

BRUSSELS = ZoneInfo("Europe/Brussels")
SHOWN_ROWS = 2000  # the table shows the newest; the downloads hold every line of the filter

visitor = auth.require_page("admin")
lang = visitor.lang
engine = cached.get_engine()
sign_in = auth.sign_in_settings()
secrets_livcr = sign_in.livcr

# --- accounts and roles ----------------------------------------------------------------------

st.subheader(t("admin_accounts", lang))
oidc = sign_in.oidc
secret_state = t("admin_secret_set" if sign_in.has_secret else "admin_secret_missing", lang)
st.markdown(
    f"**{t('admin_sign_in_by', lang)}:** {t('admin_by_oidc' if oidc else 'admin_by_local', lang)}  \n"
    f"**{t('admin_session_secret', lang)}:** {secret_state}  \n"
    f"**{t('admin_session_hours', lang)}:** {settings.session_hours():g}"
)
try:
    accounts = access.read_accounts(dict(secrets_livcr.get("accounts", {})))
except ValueError as error:  # the message names the account and the rule, never a secret
    st.error(render.plain(error))
    accounts = {}
if accounts:
    rows = pd.DataFrame(
        [{"account": a.username, "role": t(f"role_{a.role}", lang)} for a in sorted(accounts.values(), key=lambda a: a.username)],
        columns=["account", "role"],
    )
    render.render_table(rows, {"account": "admin_col_account", "role": "admin_col_role"}, lang, key="admin_accounts_table")
    if oidc:
        st.caption(t("admin_local_unused", lang))
else:
    st.caption(t("admin_no_accounts", lang))
mapping = dict(secrets_livcr.get("oidc_roles", {}))
if oidc or mapping:
    st.markdown(f"**{t('admin_oidc_roles', lang)}**")
    rows = pd.DataFrame(
        [{"role": t(f"role_{role}", lang), "claims": ", ".join(str(v) for v in mapping.get(role, [])) or "—"}
         for role in access.ROLES[1:]],
        columns=["role", "claims"],
    )
    render.render_table(rows, {"role": "admin_col_role", "claims": "admin_col_claims"}, lang, key="admin_oidc_table")
    st.caption(t("admin_oidc_default", lang))

# --- the audit log ---------------------------------------------------------------------------

st.subheader(t("admin_audit", lang))
actors, actions = reading.audit_choices(engine)
first, last = reading.audit_bounds(engine)


def local_day(at: dt.datetime) -> dt.date:
    aware = at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)
    return aware.astimezone(BRUSSELS).date()


def action_label(code: str) -> str:
    key = f"audit_action_{code}"
    return t(key, lang) if key in _catalogue else code


def day_start(day: dt.date) -> dt.datetime:
    """Midnight in Brussels, in UTC, as the store keeps its moments."""
    return dt.datetime.combine(day, dt.time(), BRUSSELS).astimezone(dt.timezone.utc)


_catalogue = locales.catalogue(lang)
today = dt.date.today()
start = local_day(first) if first else today
end = max(local_day(last), today) if last else today
cols = st.columns([2, 2, 2])
who = cols[0].multiselect(t("admin_filter_actor", lang), actors, key="audit_actors", placeholder=t("admin_any", lang))
what = cols[1].multiselect(t("admin_filter_action", lang), actions, format_func=action_label, key="audit_actions",
                           placeholder=t("admin_any", lang))
period = cols[2].date_input(t("admin_filter_days", lang), value=(start, end), format=DATE_INPUT_FORMAT, key="audit_period")
days = tuple(period) if isinstance(period, (tuple, list)) else (period,)
since = day_start(days[0]) if days else None
until = day_start(days[-1] + dt.timedelta(days=1)) if days else None
entries = reading.audit_query(engine, actors=who, actions=what, since=since, until=until)


def loaded(text: str | None):
    try:
        return None if text is None else json.loads(text)
    except ValueError:
        return text


def readable(value, depth: int = 0) -> str:
    """A JSON value as a line people read: `name: PZ Noord · kind: police_zone`, lists joined."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return " · ".join(f"{k}: {readable(v, depth + 1)}" for k, v in value.items()) or "—"
    if isinstance(value, list):
        parts = [readable(v, depth + 1) if not isinstance(v, list) else " ".join(str(x) for x in v) for v in value]
        return ", ".join(parts) if parts else "—"
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    return str(value)


frame = pd.DataFrame(
    [{
        "at": format_moment(e["at"], lang), "actor": e["actor"], "action": action_label(e["action"]),
        "table_name": e["table_name"], "record_key": e["record_key"],
        "before": readable(loaded(e["before"])), "after": readable(loaded(e["after"])),
    } for e in entries],
    columns=["at", "actor", "action", "table_name", "record_key", "before", "after"],
)
headers = {"at": "admin_col_at", "actor": "admin_col_actor", "action": "admin_col_action", "table_name": "admin_col_table",
           "record_key": "admin_col_record", "before": "admin_col_before", "after": "admin_col_after"}
st.caption(t("admin_audit_count", lang, count=len(entries)))
if entries:
    render.render_table(frame.head(SHOWN_ROWS), headers, lang, key="audit_table")
    if len(entries) > SHOWN_ROWS:
        st.caption(t("admin_audit_more", lang, shown=SHOWN_ROWS))

    # One change, field by field: what it was and what it became.
    picked = st.selectbox(
        t("admin_pick_entry", lang), range(min(len(entries), SHOWN_ROWS)), key="audit_entry",
        format_func=lambda i: f"{frame['at'][i]} · {entries[i]['actor']} · {frame['action'][i]} · {entries[i]['record_key']}",
    )
    if picked is not None:
        before, after = loaded(entries[picked]["before"]), loaded(entries[picked]["after"])
        before = before if isinstance(before, dict) else ({} if before is None else {"": before})
        after = after if isinstance(after, dict) else ({} if after is None else {"": after})
        fields = list(dict.fromkeys([*before, *after]))
        detail = pd.DataFrame(
            [{"field": f, "before": readable(before.get(f)) if f in before else "",
              "after": readable(after.get(f)) if f in after else ""} for f in fields],
            columns=["field", "before", "after"],
        )
        render.render_table(detail, {"field": "admin_col_field", "before": "admin_col_before", "after": "admin_col_after"},
                            lang, key="audit_detail")

    download = pd.DataFrame(
        [{
            "at": format_moment(e["at"], lang), "actor": e["actor"], "action": e["action"], "table_name": e["table_name"],
            "record_key": e["record_key"], "before": e["before"] or "", "after": e["after"] or "",
        } for e in entries],
        columns=list(headers),
    ).rename(columns={c: t(k, lang) for c, k in headers.items()})

    cols = st.columns(2)
    cols[0].download_button("CSV", files.csv_bytes(download, delimiter=";"), file_name="livcr-audit.csv", mime="text/csv", key="audit_csv")
    cols[1].download_button("XLSX", files.xlsx_bytes(download, t("admin_audit", lang)), file_name="livcr-audit.xlsx",
                            key="audit_xlsx",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
