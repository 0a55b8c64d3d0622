"""Data: check a spreadsheet, answer what the import asks, import it (whole or its good rows),
see the history, export.

The upload is read from memory, never written to disk; its check runs once per file and set of
answers, and that very check is what the import writes.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from loaders import access, importer, mapping, reading, store, vocabulary
from loaders.mapping import IGNORE, SKIP
from loaders.store import export
from pages.ui import auth, cached, render
from pages.ui.text import format_moment, t

visitor = auth.require_page("data")
lang = visitor.lang
engine = cached.get_engine()
if "import_done" in st.session_state:
    st.success(st.session_state.pop("import_done"))

kind = st.radio(
    t("file_kind", lang), ["status", "visits"], key="import_kind", horizontal=True,
    format_func=lambda k: t(f"kind_{k}", lang),
)
upload = st.file_uploader(t("upload", lang), type=["csv", "tsv", "txt", "xlsx"], key="upload")

# Each answer set belongs to one file and kind: {(sha256, kind): Decisions}.
answers_by_file: dict = st.session_state.setdefault("import_answers", {})
WORDS = {"status": "STATUSES", "status_yes_no": "STATUSES", "team": "TEAMS", "offer": "OFFERS"}


def field_label(name: str | None) -> str:
    if name is None:
        return t("mapping_not_read", lang)
    text = t(f"read_field_{name}", lang)
    return text[:1].upper() + text[1:]


def code_label(field_name: str, code: str) -> str:
    if code == "":
        return t("mapping_choose", lang)
    if code == SKIP:
        return t("mapping_skip", lang)
    if field_name == "report_delivered":
        return t("yes" if code == "true" else "no", lang)
    return getattr(vocabulary, WORDS[field_name]).label(code, lang)


def value_codes(field_name: str, suggestions: tuple[str, ...]) -> list[str]:
    codes = ["true", "false"] if field_name == "report_delivered" else list(getattr(vocabulary, WORDS[field_name]).codes)
    return ["", *suggestions, *(c for c in codes if c not in suggestions), SKIP]


def checked(data: bytes, name: str, kind: str, answers: mapping.Decisions):
    """The check of this file with these answers on this store, run once and kept."""
    key = (hashlib.sha256(data).hexdigest(), name, kind, answers.to_json(), cached.store_version())
    kept = st.session_state.get("import_check")
    if kept is None or kept[0] != key:
        with st.spinner(t("checking", lang)):
            report, records = importer.check_bytes(data, name, kind, engine, answers)
        kept = st.session_state["import_check"] = (key, report, records)
    return kept[1], kept[2]


def render_mapping(report: importer.ImportReport, answers: mapping.Decisions, answers_key) -> None:
    """Every column with what it is read as, and each question once, to answer or to skip."""
    asked = [q for q in report.questions if q.kind in ("value", "place")]
    open_ = bool(report.questions)
    with st.expander(t("mapping_title", lang, questions=len(report.questions)), expanded=open_):
        if report.saved_layouts:
            saved = next(iter(report.saved_layouts.values()))
            st.info(t("mapping_saved_applied", lang, who=saved["saved_by"], when=format_moment(saved["saved_at"], lang)))
        missing = [q for q in report.questions if q.kind == "missing"]
        for question in missing:
            st.warning(render.plain(question.note.render(lang)))
        fields = [None, *reading.KINDS[kind]]
        with st.form("mapping_form"):
            st.markdown(f"**{t('mapping_columns', lang)}**")
            chosen_columns = {}
            shown = set()
            for number, column in enumerate(report.columns):
                header = column["header"]
                if header in shown:  # one choice per header, whatever sheet it is on
                    continue
                shown.add(header)
                # One choice per header: it holds for every sheet with that header.
                label = f"{'❓ ' if column['question'] else ''}{header}"
                current = column["field"] if column["field"] is not None else None
                chosen_columns[header] = (column, st.selectbox(
                    label, fields, index=fields.index(current), format_func=field_label, key=f"map_column_{number}",
                    help=column["evidence"] + (f" — {t('mapping_proposal', lang, field=field_label(column['proposal']))}"
                                               if column["question"] and column["proposal"] else ""),
                ))
            chosen_values, chosen_places = [], []
            if asked:
                st.markdown(f"**{t('mapping_values', lang)}**")
            for number, question in enumerate(asked):
                asked_text = question.note.render(lang)
                label = t("mapping_question_rows", lang, question=asked_text[:1].upper() + asked_text[1:], count=question.count)
                if question.kind == "value":
                    options = value_codes(question.field, question.suggestions)
                    chosen_values.append((question, st.selectbox(
                        label, options, format_func=lambda c, f=question.field: code_label(f, c), key=f"map_value_{number}",
                    )))
                else:
                    labels = cached.municipality_labels(lang)
                    options = ["", *question.suggestions, *(n for n in labels if n not in question.suggestions), SKIP]
                    chosen_places.append((question, st.selectbox(
                        label, options, key=f"map_place_{number}",
                        format_func=lambda n: t("mapping_choose", lang) if n == "" else t("mapping_skip", lang)
                        if n == SKIP else labels.get(n, n),
                    )))
            if st.form_submit_button(t("mapping_apply", lang), type="primary"):
                new = mapping.Decisions(kind)
                new = new.over(answers)
                for header, (column, choice) in chosen_columns.items():
                    if choice != column["field"] or column["decided_by"] == "decision":
                        new.set_column(header, choice or IGNORE)
                for question, choice in chosen_values:
                    if choice:
                        new.set_value(question.field, question.text, choice)
                for question, choice in chosen_places:
                    if choice:
                        new.set_place(question.text, choice)
                answers_by_file[answers_key] = new
                st.rerun()
        cols = st.columns(2)
        cols[0].download_button(
            t("mapping_download", lang), report.decisions.to_toml().encode("utf-8"),
            file_name=f"{report.file.rsplit('.', 1)[0]}.mapping.toml", key="mapping_download",
        )
        loaded = cols[1].file_uploader(t("mapping_upload", lang), type=["toml", "json"], key="mapping_upload")
        if loaded is not None:
            try:
                given = mapping.parse_decisions(loaded.getvalue().decode("utf-8-sig"), kind, loaded.name)
            except (mapping.MappingError, UnicodeDecodeError) as error:
                problem = getattr(error, "problem", None)
                st.error(render.plain(problem.render(lang) if problem else t("mapping_not_text", lang)))
            else:
                merged = given.over(answers)
                if merged.to_json() != answers.to_json():
                    answers_by_file[answers_key] = merged
                    st.rerun()


def render_report(report: importer.ImportReport) -> None:
    rows = pd.DataFrame([r.as_json(lang) for r in report.rows],
                        columns=["row", "sheet", "line", "input", "nis", "outcome", "message", "duplicate"])
    # Rows that need attention first: errors, then changes, then duplicates, then the rest.
    order = rows["outcome"].map({
        "ambiguous": 0, "unknown": 0, "invalid": 0, "question": 0, "merged": 1, "section": 1, "postal_code": 1,
    }).fillna(3)
    order = order.where(~rows["duplicate"] | (order < 2), 2)
    rows = rows.assign(_order=order).sort_values(["_order", "row"], kind="stable").drop(columns="_order")
    landing = sum(r.lands for r in report.rows)
    not_data = sum(r.outcome in importer.NOT_IMPORTED for r in report.rows)
    duplicates = sum(r.duplicate for r in report.rows)
    cols = st.columns(4)
    for col, key, value in zip(cols, ["count_landing", "count_errors", "count_not_data", "count_duplicates"],
                               [landing, report.errors, not_data, duplicates]):
        col.metric(t(key, lang), value)
    headers = {"row": "col_row", "input": "col_input", "nis": "nis_code", "outcome": "col_outcome",
               "message": "col_message", "duplicate": "col_duplicate"}
    if report.sheets:
        headers = {"row": "col_row", "sheet": "col_sheet", "line": "col_line", **{k: v for k, v in headers.items() if k != "row"}}
    render.render_table(
        rows.assign(
            outcome=rows["outcome"].map(lambda o: t(f"row_outcome_{o}", lang)),
            duplicate=rows["duplicate"].map({True: t("yes", lang), False: ""}),
        ),
        headers, lang, key="report_table",
    )


if upload is not None:
    data = upload.getvalue()
    answers_key = (hashlib.sha256(data).hexdigest(), kind)
    answers = answers_by_file.get(answers_key) or mapping.Decisions(kind)
    try:
        report, records = checked(data, upload.name, kind, answers)
    except reading.ReadError as error:
        st.error(render.plain(error.problem.render(lang)))  # the message may quote the file's own text
        st.stop()
    if report.skipped_sheets:
        st.caption(t("sheets_read", lang, read=", ".join(report.sheets), skipped=", ".join(report.skipped_sheets)))
    render_mapping(report, answers, answers_key)
    render_report(report)
    if report.demo_warning is not None:
        st.warning(render.plain(report.demo_warning.render(lang)))
    may_import = visitor.may(access.IMPORT_ROLE)
    good = report.good
    only_good = False
    if report.errors:
        st.error(t("import_refused", lang, errors=report.errors))
        if importer.left_out_rows(report):
            st.download_button(
                t("left_out_download", lang), importer.left_out_csv(report, lang),
                file_name=f"{report.file.rsplit('.', 1)[0]}.to-fix.csv", mime="text/csv", key="left_out_download",
            )
    if not may_import:
        st.info(t("import_needs_editor", lang))
    elif not report.errors and good:
        go = st.button(t("import_button_rows", lang, rows=good), key="import_button", type="primary")
    elif good:
        only_good = st.checkbox(t("import_only_good", lang, rows=good, left=len(importer.left_out_rows(report))),
                                key="only_good")
        go = only_good and st.button(t("import_good_button", lang, rows=good), key="import_good_button", type="primary")
    else:
        go = False
        if not report.errors:
            st.info(t("import_nothing_new", lang))
    if may_import and go:
        auth.require_role(access.IMPORT_ROLE)
        with st.status(t("importing", lang), expanded=False) as progress:
            try:
                done = importer.import_checked(engine, report, records, actor=visitor.user, only_good=only_good)
            except (importer.ImportRefused, importer.ImportBusy) as refused:
                progress.update(state="error")
                st.error(render.plain(refused.problem.render(lang)))
            else:
                # Rerun so every part of the page (the demo label too) reflects the new store.
                message = t("imported", lang).format(written=done.written, skipped=done.skipped)
                if done.left_out:
                    message += " " + t("imported_left_out", lang, left=done.left_out)
                st.session_state["import_done"] = message
                st.session_state.pop("import_check", None)
                st.rerun()

st.subheader(t("history", lang))
history = store.import_history(engine)
if history:
    history = pd.DataFrame(history)
    render.render_table(
        history.assign(
            imported_at=history["imported_at"].map(lambda at: format_moment(at, lang)),
            kind=history["kind"].map(lambda k: t(f"kind_{k}_short", lang)),
            replaced_demo=history["replaced_demo"].map({True: t("yes", lang), False: t("no", lang)}),
        ),
        {"imported_at": "col_imported_at", "file_name": "col_file_name", "kind": "col_kind", "rows_total": "col_rows_total",
         "rows_written": "col_rows_written", "rows_skipped": "col_rows_skipped", "rows_left_out": "col_rows_left_out",
         "replaced_demo": "col_replaced_demo", "sha256": "col_sha256"},
        lang, key="history_table",
    )
else:
    st.caption(t("no_imports", lang))

st.subheader(t("export", lang))
cols = st.columns(4)


def _exporter(export_kind: str, suffix: str):
    """The file is only built when its button is clicked (a whole store can be large), in a
    private folder removed at once: internal notes are never left behind in the temp folder."""

    def build() -> bytes:
        with tempfile.TemporaryDirectory(prefix="livcr-export-") as folder:
            out = Path(folder) / f"livcr-{export_kind}.{suffix}"
            export.export_file(engine, export_kind, out)
            return out.read_bytes()

    return build


for col, (export_kind, suffix) in zip(cols, [("status", "csv"), ("status", "xlsx"), ("visits", "csv"), ("visits", "xlsx")]):
    col.download_button(
        f"{t(f'kind_{export_kind}', lang)} ({suffix.upper()})", _exporter(export_kind, suffix),
        file_name=f"livcr-{export_kind}.{suffix}", key=f"export_{export_kind}_{suffix}",
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _export_warnings(export_kind: str, suffix: str, version: str) -> list:
    """What an export could not keep (an XLSX cell holds 32,767 characters at most), said before
    the download: the button's file is built outside the page's run."""
    return export.export_warnings(engine, export_kind, f".{suffix}")


for export_kind, suffix in [("status", "csv"), ("status", "xlsx"), ("visits", "csv"), ("visits", "xlsx")]:
    for warning in _export_warnings(export_kind, suffix, cached.store_version()):
        st.warning(f"{t(f'kind_{export_kind}', lang)} ({suffix.upper()}): " + render.plain(warning.render(lang)))
