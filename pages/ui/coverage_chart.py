"""The coverage page's chart and tables, in the visitor's language.

The frames come from `loaders.store.coverage.coverage_series` and `loaders.published.published_table`;
here they get their words, their numbers written the interface's way, and their marks. The
chart is Vega-Lite through Altair, drawn by Streamlit's own bundle (nothing fetched from a CDN).
Sized for the back of a room: 16 px labels, 3 px lines, each area with its colour and a dash.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from loaders import published, vocabulary
from pages.ui.text import format_date, format_number, format_share, t

AREAS = vocabulary.load("areas")
LAW_DAY = dt.date(2018, 7, 30)
# One dash per area in legend order, so the lines are told apart without their colours.
DASHES = ([1, 0], [10, 4], [3, 3], [12, 4, 3, 4])
MEASURES = ("municipalities", "population")
SHARE_COLUMN = {"municipalities": "municipality_share", "population": "population_share"}
FONT = 16
HEIGHT = 440


def area_label(code: str, lang: str) -> str:
    return AREAS.label(code, lang)


def _share_axis(lang: str) -> alt.Axis:
    # Vega writes "75%"; Dutch and French put a no-break space before the sign.
    expression = "format(datum.value, '.0%')" if lang == "en" else "format(datum.value * 100, '.0f') + '\u00a0%'"
    return alt.Axis(title=t("cov_axis_share", lang), labelExpr=expression, tickCount=5, grid=True)


def _area_scales(lang: str) -> tuple[alt.Scale, alt.Scale]:
    labels = [area_label(code, lang) for code in AREAS.codes]
    colours = alt.Scale(domain=labels, range=[AREAS.colour(code) for code in AREAS.codes])
    dashes = alt.Scale(domain=labels, range=list(DASHES))
    return colours, dashes


def series_points(series: pd.DataFrame, measure: str, lang: str) -> pd.DataFrame:
    """The registry's line: one point per day and area, with its tooltip written out."""
    share = series[SHARE_COLUMN[measure]]
    if measure == "municipalities":
        counted = [f"{format_number(o, lang)} / {format_number(m, lang)}" for o, m in
                   zip(series["operational"], series["municipalities"])]
    else:
        counted = [
            "—" if pd.isna(p) else f"{format_number(int(c), lang)} / {format_number(int(p), lang)}"
            for c, p in zip(series["population_covered"], series["population"])
        ]
    return pd.DataFrame({
        "day": pd.to_datetime(series["day"]),
        "area": [area_label(a, lang) for a in series["area"]],
        "share": share,
        "day_text": [format_date(d, lang) for d in series["day"]],
        "share_text": ["—" if pd.isna(s) else format_share(s, lang) for s in share],
        "count_text": counted,
        "cells": series["cells"],
    }).dropna(subset=["share"])


def survey_label(code: str, lang: str) -> str:
    return t(f"cov_survey_{code}", lang)


def published_points(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The published figures the chart marks (Belgium and the regions; the German-speaking
    Community is inside Wallonia's), each with its printed numbers and source."""
    surveys = {s.code: s for s in published.load_published()}
    rows = table[table["area"].isin(AREAS.codes)]
    not_printed = t("cov_not_printed", lang)
    frame = pd.DataFrame({
        "day": pd.to_datetime(rows["day"]),
        "area": [area_label(a, lang) for a in rows["area"]],
        "share": rows["share_with"],
        "reach": rows["share_reach"],
        "middle": (rows["share_with"] + rows["share_reach"]) / 2,
        "mark": t("cov_published_mark", lang),
        "survey": [survey_label(c, lang) for c in rows["survey"]],
        "share_text": [format_share(s, lang) for s in rows["share_with"]],
        "cells": rows["cells"],
        "with_text": [f"{format_number(w, lang)} / {format_number(m, lang)}" for w, m in
                      zip(rows["with_cell"], rows["municipalities"])],
        "without_text": [not_printed if pd.isna(w) else format_number(int(w), lang) for w in rows["without_cell"]],
        "unknown_text": [not_printed if pd.isna(u) else format_number(int(u), lang) for u in rows["unknown"]],
        "band_text": [
            "" if pd.isna(u) or u == 0 else t("cov_not_reported", lang, count=format_number(int(u), lang))
            for u in rows["unknown"]
        ],
        "reach_text": [
            not_printed if pd.isna(r) else t("cov_not_reported_band", lang, share=format_share(r, lang))
            for r in rows["share_reach"]
        ],
        "source": [f"{surveys[c].publisher}, {surveys[c].url}" for c in rows["survey"]],
    })
    # What a screen reader says of each diamond: the printed numbers in one sentence.
    frame["description"] = [
        t("cov_point_description", lang, survey=survey, area=area, with_cell=with_text, share=share, cells=cells,
          without=without, unknown=unknown)
        for survey, area, with_text, share, cells, without, unknown in zip(
            frame["survey"], frame["area"], frame["with_text"], frame["share_text"], frame["cells"],
            frame["without_text"], frame["unknown_text"],
        )
    ]
    return frame


def build_chart(series: pd.DataFrame, table: pd.DataFrame, measure: str, lang: str, is_demo: bool) -> alt.LayerChart:
    """The registry's line per area, the published figures beside it (only for the share of
    municipalities: nothing on population was published), the law's day marked. Its title and
    key are the page's (`chart_caption`): text the page wraps, where a chart's would be cut."""
    colours, dashes = _area_scales(lang)
    legend = alt.Legend(title=t("cov_area", lang), orient="bottom", direction="horizontal", columns=2,
                        symbolStrokeWidth=4, symbolSize=400)
    area_colour = alt.Color("area:N", scale=colours, legend=legend)
    area_dash = alt.StrokeDash("area:N", scale=dashes, legend=legend)
    # Years only on the axis: month names would be English whatever the language.
    x = alt.X("day:T", title=None, scale=alt.Scale(padding=18),
              axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0))
    y_scale = alt.Scale(domain=[0, 1])
    points = series_points(series, measure, lang)
    tooltip = [
        alt.Tooltip("area:N", title=t("cov_area", lang)),
        alt.Tooltip("day_text:N", title=t("cov_tt_day", lang)),
        alt.Tooltip("share_text:N", title=t("cov_tt_share", lang)),
        alt.Tooltip("count_text:N", title=t("cov_tt_count" if measure == "municipalities" else "cov_tt_population", lang)),
        alt.Tooltip("cells:Q", title=t("cov_tt_cells", lang)),
    ]
    base = alt.Chart(points)
    line = base.mark_line(strokeWidth=3).encode(
        x=x, y=alt.Y("share:Q", scale=y_scale, axis=_share_axis(lang)), color=area_colour, strokeDash=area_dash,
    )
    hover = base.mark_point(size=120, opacity=0, filled=True).encode(
        x=x, y="share:Q", color=alt.Color("area:N", scale=colours, legend=None), tooltip=tooltip,
    )
    law = pd.DataFrame({"day": [pd.Timestamp(LAW_DAY)], "label": [t("cov_law", lang)]})
    law_rule = alt.Chart(law).mark_rule(strokeDash=[6, 4], strokeWidth=2, color="#444444").encode(x="day:T")
    # At the foot of the rule, right of it: the plot's emptiest corner, on a phone too.
    law_label = alt.Chart(law).mark_text(align="left", baseline="bottom", dx=6, fontSize=FONT, color="#222222").encode(
        x="day:T", y=alt.datum(0.015), text="label:N",
    )
    layers = [law_rule, law_label, line, hover]
    if is_demo:
        # Marked in the plot itself, so a photo or a cut-out of the chart still says it.
        middle = points["day"].min() + (points["day"].max() - points["day"].min()) / 2
        mark = pd.DataFrame({"day": [middle], "label": [t("cov_demo_mark", lang)]})
        layers.insert(0, alt.Chart(mark).mark_text(
            fontSize=44, fontWeight="bold", color="#000000", opacity=0.09, clip=True,
        ).encode(x="day:T", y=alt.datum(0.22), text="label:N"))
    if measure == "municipalities":
        marks = published_points(table, lang)
        published_tooltip = [
            alt.Tooltip("survey:N", title=t("cov_tt_survey", lang)),
            alt.Tooltip("area:N", title=t("cov_area", lang)),
            alt.Tooltip("with_text:N", title=t("cov_col_printed_with", lang)),
            alt.Tooltip("share_text:N", title=t("cov_tt_share", lang)),
            alt.Tooltip("cells:Q", title=t("cov_col_printed_cells", lang)),
            alt.Tooltip("without_text:N", title=t("cov_col_printed_without", lang)),
            alt.Tooltip("unknown_text:N", title=t("cov_col_not_reported", lang)),
            alt.Tooltip("reach_text:N", title=" "),
            alt.Tooltip("source:N", title=t("cov_tt_source", lang)),
        ]
        marked = alt.Chart(marks)
        band = marked.transform_filter("isValid(datum.reach) && datum.reach > datum.share").mark_rule(
            strokeWidth=12, opacity=0.35,
        ).encode(x="day:T", y="share:Q", y2="reach:Q", color=alt.Color("area:N", scale=colours, legend=None),
                 tooltip=published_tooltip)
        # The label twice: a white outline under it keeps it readable across the lines.
        outline = marked.mark_text(align="left", dx=12, fontSize=FONT - 2, stroke="white", strokeWidth=4, aria=False).encode(
            x="day:T", y="middle:Q", text="band_text:N",
        )
        band_label = marked.mark_text(align="left", dx=12, fontSize=FONT - 2, color="#222222").encode(
            x="day:T", y="middle:Q", text="band_text:N",
        )
        diamonds = marked.mark_point(filled=True, size=260, stroke="white", strokeWidth=1.5, opacity=1).encode(
            x="day:T", y="share:Q", color=alt.Color("area:N", scale=colours, legend=None),
            shape=alt.Shape("mark:N", scale=alt.Scale(range=["diamond"]), legend=None),
            tooltip=published_tooltip, description="description:N",
        )
        layers += [band, outline, band_label, diamonds]
    return (
        alt.layer(*layers)
        .properties(height=HEIGHT)
        .configure_axis(labelFontSize=FONT, titleFontSize=FONT, labelColor="#222222", titleColor="#222222")
        .configure_legend(labelFontSize=FONT, titleFontSize=FONT, labelLimit=0)
        .configure_view(strokeWidth=0)
    )


def chart_caption(measure: str, lang: str, is_demo: bool) -> tuple[str, str]:
    """The chart's title, and what its marks mean (and that the line is demo data)."""
    parts = [t("cov_subtitle", lang)] if measure == "municipalities" else [t("cov_subtitle_population", lang)]
    if is_demo:
        parts.append(t("cov_subtitle_demo", lang))
    return t(f"cov_title_{measure}", lang), "  \n".join(parts)


def series_table(series: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The chart's numbers as the page shows and downloads them, headers in `lang`; shares
    written as the page writes them ("85 %"), so a Belgian spreadsheet reads them as shown."""

    def shares(column: pd.Series) -> list[str]:
        return ["" if pd.isna(v) else format_share(v, lang) for v in column]

    return pd.DataFrame({
        t("cov_col_day", lang): series["day"],
        t("cov_col_area", lang): [area_label(a, lang) for a in series["area"]],
        t("cov_col_map", lang): series["municipalities"],
        t("cov_col_with", lang): series["operational"],
        t("cov_col_share", lang): shares(series["municipality_share"]),
        t("cov_col_cells", lang): series["cells"],
        t("cov_col_without", lang): series["without"],
        t("cov_col_unknown", lang): series["unknown"],
        t("cov_col_population", lang): series["population"],
        t("cov_col_population_covered", lang): series["population_covered"],
        t("cov_col_population_share", lang): shares(series["population_share"]),
    })


def published_rows(table: pd.DataFrame, registry_then: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The published figures as printed, the unreported count read from them, and the
    registry's share on the same day and map (empty where the registry has no status yet)."""
    registry_share = {
        (d, a): s for d, a, s in zip(registry_then["day"], registry_then["area"], registry_then["municipality_share"])
    }
    not_printed = t("cov_not_printed", lang)

    def area(code: str) -> str:
        return t("cov_german_speaking", lang) if code == published.GERMAN_SPEAKING else area_label(code, lang)

    return pd.DataFrame({
        t("cov_col_published", lang): [survey_label(c, lang) for c in table["survey"]],
        t("cov_col_area", lang): [area(a) for a in table["area"]],
        t("cov_col_printed_cells", lang): [format_number(c, lang) for c in table["cells"]],
        t("cov_col_printed_with", lang): [format_number(w, lang) for w in table["with_cell"]],
        t("cov_col_printed_without", lang): [not_printed if pd.isna(w) else format_number(int(w), lang)
                                             for w in table["without_cell"]],
        t("cov_col_not_reported", lang): [not_printed if pd.isna(u) else format_number(int(u), lang)
                                          for u in table["unknown"]],
        t("cov_col_map", lang): [format_number(m, lang) for m in table["municipalities"]],
        t("cov_col_share", lang): [format_share(s, lang) for s in table["share_with"]],
        t("cov_col_registry_share", lang): [
            format_share(registry_share[(d, a)], lang) if (d, a) in registry_share else "—"
            for d, a in zip(table["day"], table["area"])
        ],
    })
