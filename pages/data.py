"""Data: check a spreadsheet against the registry, import it whole, see the history, export."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from loaders import access, importer, reading, store

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


def _saved(upload) -> Path:
    """The upload as a real file (the readers sniff bytes and names), kept for this session."""
    folder = Path(tempfile.gettempdir()) / "livcr-uploads" / upload.file_id
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(upload.name).name
    if not path.exists():
        path.write_bytes(upload.getvalue())
    return path


if upload is not None:
    path = _saved(upload)
    try:
        with st.spinner(t("checking", lang)):
            report, _ = importer.check_file(path, kind, engine)
    except reading.ReadError as error:
        st.error(render.plain(error.problem.render(lang)))  # the message may quote the file's own text
        st.stop()
    rows = pd.DataFrame([r.as_json(lang) for r in report.rows], columns=["row", "input", "nis", "outcome", "message", "duplicate"])
    # Rows that need attention first: errors, then changes by a merger, then duplicates.
    order = rows["outcome"].map({"ambiguous": 0, "unknown": 0, "invalid": 0, "merged": 1}).fillna(3)
    order = order.where(~rows["duplicate"] | (order < 2), 2)
    rows = rows.assign(_order=order).sort_values(["_order", "row"], kind="stable").drop(columns="_order")
    counts = rows["outcome"].value_counts().to_dict()
    cols = st.columns(5)
    for col, outcome in zip(cols, ["ok", "merged", "ambiguous", "unknown", "invalid"]):
        col.metric(t(f"outcome_{outcome}", lang), counts.get(outcome, 0))
    render.render_table(
        rows.assign(
            outcome=rows["outcome"].map(lambda o: t(f"row_outcome_{o}", lang)),
            duplicate=rows["duplicate"].map({True: t("yes", lang), False: ""}),
        ),
        {"row": "col_row", "input": "col_input", "nis": "nis_code", "outcome": "col_outcome",
         "message": "col_message", "duplicate": "col_duplicate"},
        lang, key="report_table",
    )
    may_import = visitor.may(access.IMPORT_ROLE)
    if report.errors:
        st.error(t("import_refused", lang, errors=report.errors))
    elif not may_import:
        st.info(t("import_needs_editor", lang))
    elif st.button(t("import_button", lang), key="import_button", type="primary"):
        auth.require_role(access.IMPORT_ROLE)
        with st.status(t("importing", lang), expanded=False) as progress:
            try:
                done = importer.import_file(engine, path, kind, actor=visitor.user)
            except (importer.ImportRefused, importer.ImportBusy) as refused:
                progress.update(state="error")
                st.error(render.plain(refused.problem.render(lang)))
            else:
                # Rerun so every part of the page (the demo label too) reflects the new store.
                st.session_state["import_done"] = t("imported", lang).format(written=done.written, skipped=done.skipped)
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
         "rows_written": "col_rows_written", "rows_skipped": "col_rows_skipped", "replaced_demo": "col_replaced_demo",
         "sha256": "col_sha256"},
        lang, key="history_table",
    )
else:
    st.caption(t("no_imports", lang))

st.subheader(t("export", lang))
cols = st.columns(4)


def _exporter(export_kind: str, suffix: str):
    """The file is only written when its button is clicked: a whole store can be large."""

    def build() -> bytes:
        out = Path(tempfile.mkdtemp(prefix="livcr-export-")) / f"livcr-{export_kind}.{suffix}"
        export.export_file(engine, export_kind, out)
        return out.read_bytes()

    return build


for col, (export_kind, suffix) in zip(cols, [("status", "csv"), ("status", "xlsx"), ("visits", "csv"), ("visits", "xlsx")]):
    col.download_button(
        f"{t(f'kind_{export_kind}', lang)} ({suffix.upper()})", _exporter(export_kind, suffix),
        file_name=f"livcr-{export_kind}.{suffix}", key=f"export_{export_kind}_{suffix}",
    )
