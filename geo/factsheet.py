"""A fact sheet: one printable A4 page (portrait) with a small map, as PDF or PNG.

The page is described by plain data (`Sheet`: texts already in their language, a map of
NIS codes and colours, tables of rows) so the content can be built and tested without
drawing (`loaders.store.factsheet`) and drawn here without knowing the domain. Drawing uses
matplotlib's object API (no pyplot: pages render in several threads) and its bundled DejaVu
Sans, embedded as TrueType so the PDF's text can be searched, copied and read by tests, with
every accent and umlaut; nothing is downloaded.

Nothing overflows the page, whatever the content: every table cell is one line, cut with "…"
at its column's width, a row's detail (a note, a source) at most `DETAIL_LINES` lines; each
row is measured first, and when the tables are taller than the room left, the table that is
longest (of the tallest in its row of tables) gives up its oldest rows, one at a time, down
to its `min_rows`, and says how many more there are ("… and 22 more"). `layout` tells how many
rows each table keeps and where the content ends, without drawing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import geopandas as gpd

# A4 portrait, in millimetres; the drawing works in mm from the top-left corner.
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 12.0, 11.0, 10.0
PT = 25.4 / 72  # one typographic point in mm
FOOTER_H = 11.5
# Sizes in points: the smallest (6.5) stays legible printed on A4.
SIZE_KICKER, SIZE_TITLE, SIZE_TITLE_MIN, SIZE_SUBTITLE = 7.5, 18.0, 13.0, 9.0
SIZE_FACT, SIZE_HEADING, SIZE_CELL, SIZE_DETAIL, SIZE_SMALL = 8.5, 9.5, 7.5, 6.8, 6.5
LINE = 1.38  # line pitch, as a multiple of the font size
DETAIL_LINES = 2
FACT_LINES = 3
PNG_DPI = 150  # 1240 × 1753 pixels: sharp on screen, fine printed
INK, GREY, PALE, RULE = "#1a1a1a", "#555555", "#f1f1f1", "#bbbbbb"
STAFF_RED, DEMO_AMBER = "#b3261e", "#f2b705"
AREA_FILL, COUNTRY_FILL, FOCUS_EDGE = "#e4e4e4", "#d6d6d6", "#111111"
FONT = "DejaVu Sans"
FONT_TYPE = 42  # TrueType: text every viewer can search and copy (Type 3 is quicker to write, less so)


@dataclass(frozen=True)
class SheetRow:
    cells: tuple[str, ...]
    detail: str = ""  # a line under the row, across the table (staff notes, sources)
    emphasis: bool = False  # bold: the municipality the sheet is about, in a list of several


@dataclass(frozen=True)
class SheetTable:
    """Rows latest (or soonest) first; `total` is how many there are in all, of which `rows`
    are the first; `more` says how many are not shown ("… and {count} more")."""

    heading: str
    columns: tuple[str, ...]
    rows: tuple[SheetRow, ...]
    total: int = 0
    more: str = ""
    empty: str = ""  # said instead of the table when it has no rows
    min_rows: int = 3  # kept however full the page is

    def more_text(self, shown: int) -> str:
        hidden = max(self.total, len(self.rows)) - shown
        return self.more.format(count=hidden) if hidden > 0 and self.more else ""


@dataclass(frozen=True)
class SheetMap:
    """The municipalities drawn: `area` in grey around (a province, a region), `fills` in their
    colours, `focus` outlined; `labels` written on the map; `legend` under it."""

    area: tuple[str, ...]
    fills: tuple[tuple[str, str], ...] = ()
    focus: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    legend: tuple[tuple[str, str], ...] = ()
    caption: str = ""


@dataclass(frozen=True)
class Sheet:
    """One page. `marks` are drawn boxed at the top and repeated in the footer ("INTERNAL —
    STAFF ONLY", "DEMO DATA"); `staff` draws the first one in red. `blocks` are rows of one or
    two tables (two: side by side)."""

    kicker: str
    title: str
    subtitle: str
    as_of: str
    facts: tuple[tuple[str, str], ...]
    map: SheetMap
    blocks: tuple[tuple[SheetTable, ...], ...]
    source: str
    marks: tuple[str, ...] = ()
    staff: bool = False
    file_stem: str = "factsheet"
    footer: str = ""

    def texts(self) -> list[str]:
        """Every text the page prints, in reading order: what a privacy check walks."""
        found = [self.kicker, self.title, self.subtitle, self.as_of, *self.marks]
        for label, value in self.facts:
            found += [label, value]
        found += [self.map.caption, *(text for _, text in self.map.labels), *(label for label, _ in self.map.legend)]
        for block in self.blocks:
            for table in block:
                found += [table.heading, *table.columns, table.more_text(len(table.rows)), table.empty]
                for row in table.rows:
                    found += [*row.cells, row.detail]
        return [text for text in [*found, self.source, self.footer] if text]


# Each character's advance in points at 100 pt, per style: measured once between two capitals
# (so that side bearings count), then a text's width is their sum. Measuring whole texts with
# the renderer costs a millisecond and more for a long note, and wrapping measures many.
_ADVANCES: dict[tuple[bool, bool, str], float] = {}
_MEASURE_SIZE = 100.0
_SAFETY = 1.015  # kerning and rounding: a text is taken as a little wider than its sum


class _Measure:
    """Text widths in mm, from the Agg renderer's metrics of the font the PDF embeds."""

    def __init__(self) -> None:
        from matplotlib.backends.backend_agg import RendererAgg

        self.renderer = RendererAgg(10, 10, 72)  # 72 dpi: one pixel is one point

    def _advance(self, char: str, bold: bool, italic: bool) -> float:
        key = (bold, italic, char)
        found = _ADVANCES.get(key)
        if found is None:
            from matplotlib.font_manager import FontProperties

            prop = FontProperties(family=FONT, size=_MEASURE_SIZE, weight="bold" if bold else "normal",
                                  style="italic" if italic else "normal")

            def measured(text: str) -> float:
                return self.renderer.get_text_width_height_descent(text, prop, ismath=False)[0]

            found = _ADVANCES[key] = measured(f"H{char}H") - measured("HH")
        return found

    def width(self, text: str, size: float, bold: bool = False, italic: bool = False) -> float:
        if not text:
            return 0.0
        points = sum(self._advance(c, bold, italic) for c in text) * size / _MEASURE_SIZE
        return points * _SAFETY * PT

    def cut(self, text: str, width: float, size: float, bold: bool = False, italic: bool = False) -> str:
        """`text`, or its longest start that fits with "…"."""
        if self.width(text, size, bold, italic) <= width:
            return text
        low, high = 0, len(text)
        while low < high:  # the longest prefix that fits with the ellipsis
            middle = (low + high + 1) // 2
            if self.width(text[:middle].rstrip() + "…", size, bold, italic) <= width:
                low = middle
            else:
                high = middle - 1
        return text[:low].rstrip() + "…"

    def wrap(self, text: str, width: float, size: float, lines: int, bold: bool = False, italic: bool = False) -> list[str]:
        """`text` in at most `lines` lines of `width`, the last one cut with "…" if need be."""
        if not text:
            return [""]
        found, current = [], ""
        for word in text.split():
            trial = f"{current} {word}".strip()
            if not current or self.width(trial, size, bold, italic) <= width:
                current = trial
            else:
                found.append(current)
                current = word
        found.append(current)
        if len(found) > lines:
            found = found[:lines - 1] + [" ".join(found[lines - 1:])]
        return [self.cut(line, width, size, bold, italic) for line in found]


def _line(size: float) -> float:
    return size * PT * LINE


@dataclass(frozen=True)
class Layout:
    """How many rows each table keeps (per row of tables), where the content ends (mm from the
    top) and where the footer begins: the page is right when `fits`."""

    kept: tuple[tuple[int, ...], ...]
    bottom: float
    footer_top: float

    @property
    def fits(self) -> bool:
        return self.bottom <= self.footer_top + 1e-6


class _Page:
    """Draws on a figure in mm from the top-left corner, or only measures (`figure` None)."""

    def __init__(self, figure):
        self.figure = figure
        self.measure = _Measure()

    def text(self, x: float, y: float, text: str, size: float, *, bold: bool = False, italic: bool = False,
             colour: str = INK, ha: str = "left") -> None:
        if self.figure is None or not text:
            return
        self.figure.text(
            x / PAGE_W, 1 - y / PAGE_H, text, fontsize=size, fontfamily=FONT, color=colour,
            fontweight="bold" if bold else "normal", fontstyle="italic" if italic else "normal",
            ha=ha, va="baseline", parse_math=False,  # data may hold "$": never read as mathematics
        )

    def rule(self, x0: float, x1: float, y: float, colour: str = RULE, width: float = 0.6) -> None:
        if self.figure is None:
            return
        from matplotlib.lines import Line2D

        self.figure.add_artist(Line2D([x0 / PAGE_W, x1 / PAGE_W], [1 - y / PAGE_H] * 2, color=colour,
                                      linewidth=width, transform=self.figure.transFigure))

    def band(self, x: float, y: float, w: float, h: float, colour: str) -> None:
        """A filled rectangle, `y` its top."""
        if self.figure is None:
            return
        from matplotlib.patches import Rectangle

        self.figure.add_artist(Rectangle((x / PAGE_W, 1 - (y + h) / PAGE_H), w / PAGE_W, h / PAGE_H, facecolor=colour,
                                         edgecolor="none", transform=self.figure.transFigure, zorder=0))


def _header(page: _Page, sheet: Sheet) -> float:
    """The marks in boxes across the top (red for internal, amber for demo data), the kicker and
    the day, the title (smaller, then on two lines, when long), the subtitle; returns its bottom."""
    left, right = MARGIN_X, PAGE_W - MARGIN_X
    room = right - left
    y = MARGIN_TOP
    if sheet.marks:
        x = left
        for index, mark in enumerate(sheet.marks):
            staff = sheet.staff and index == 0
            w = page.measure.width(mark, SIZE_HEADING, bold=True) + 6.0
            page.band(x, y, w, MARK_H, STAFF_RED if staff else DEMO_AMBER)
            page.text(x + 3.0, y + MARK_H - 2.05, mark, SIZE_HEADING, bold=True, colour="white" if staff else INK)
            x += w + 3.0
        y += MARK_H + 4.0
    y += SIZE_KICKER * PT
    as_of_w = page.measure.width(sheet.as_of, SIZE_SUBTITLE, bold=True)
    page.text(left, y, page.measure.cut(sheet.kicker.upper(), room - as_of_w - 6.0, SIZE_KICKER, bold=True),
              SIZE_KICKER, bold=True, colour=GREY)
    page.text(right, y, sheet.as_of, SIZE_SUBTITLE, bold=True, ha="right")
    size = SIZE_TITLE
    while size > SIZE_TITLE_MIN and page.measure.width(sheet.title, size, bold=True) > room:
        size -= 0.5
    for line in page.measure.wrap(sheet.title, room, size, 2, bold=True):
        y += _line(size)
        page.text(left, y, line, size, bold=True)
    y += 1.0
    for line in page.measure.wrap(sheet.subtitle, room, SIZE_SUBTITLE, 2):
        y += _line(SIZE_SUBTITLE)
        page.text(left, y, line, SIZE_SUBTITLE, colour=GREY)
    y += 2.5
    page.rule(left, right, y, colour=STAFF_RED if sheet.staff else INK, width=1.6 if sheet.staff else 0.9)
    return y + 4.0


MARK_H = 6.5
MAP_W, MAP_H = 82.0, 56.0
INSET_W, INSET_H = 24.0, 16.0


def _facts(page: _Page, sheet: Sheet, top: float) -> float:
    """The key figures on the left of the map, a label and its value (up to two lines) each."""
    left = MARGIN_X
    width = PAGE_W - 2 * MARGIN_X - MAP_W - 6.0
    label_w = min(max(page.measure.width(label, SIZE_FACT, bold=True) for label, _ in sheet.facts) + 3.0, 50.0) \
        if sheet.facts else 0.0
    y = top + SIZE_FACT * PT
    for label, value in sheet.facts:
        page.text(left, y, page.measure.cut(label, label_w - 2.0, SIZE_FACT, bold=True), SIZE_FACT, bold=True, colour=GREY)
        for line in page.measure.wrap(value, width - label_w, SIZE_FACT, FACT_LINES):
            page.text(left + label_w, y, line, SIZE_FACT)
            y += _line(SIZE_FACT)
        y += 0.6
    return y - SIZE_FACT * PT


def _map(page: _Page, sheet: Sheet, boundaries: gpd.GeoDataFrame | None, top: float) -> float:
    """The map box on the right; under it Belgium (where this is), the legend and the caption."""
    x0 = PAGE_W - MARGIN_X - MAP_W
    below = top + MAP_H + 2.0
    if page.figure is not None and boundaries is not None:
        _draw_map(page.figure, sheet.map, boundaries, (x0, top, MAP_W, MAP_H), (x0, below, INSET_W, INSET_H))
    x_text = x0 + INSET_W + 3.0
    room = PAGE_W - MARGIN_X - x_text
    x, y = x_text, below
    for label, colour in sheet.map.legend:
        entry_w = 3.4 + page.measure.width(label, SIZE_SMALL) + 3.5
        if x + entry_w > PAGE_W - MARGIN_X and x > x_text:
            x, y = x_text, y + _line(SIZE_SMALL) + 0.4
        page.band(x, y + 0.2, 2.6, 2.6, colour)
        page.text(x + 3.4, y + 2.5, label, SIZE_SMALL, colour=INK)
        x += entry_w
    if sheet.map.legend:
        y += _line(SIZE_SMALL) + 1.0
    for line in page.measure.wrap(sheet.map.caption, room, SIZE_SMALL, 4, italic=True) if sheet.map.caption else []:
        y += _line(SIZE_SMALL)
        page.text(x_text, y - 0.8, line, SIZE_SMALL, italic=True, colour=GREY)
    return max(y, below + INSET_H)


def _column_widths(page: _Page, table: SheetTable, width: float) -> list[float]:
    """Each column as wide as its widest text, the widest ones capped so that all fit (water-filling)."""
    pad = 2.4
    natural = []
    for index, column in enumerate(table.columns):
        texts = [row.cells[index] for row in table.rows if index < len(row.cells)]
        widest = max([page.measure.width(column, SIZE_CELL, bold=True)]
                     + [page.measure.width(t, SIZE_CELL, bold=True) for t in texts])
        natural.append(widest + pad)
    if sum(natural) <= width:
        spare = (width - sum(natural)) / len(natural)
        return [n + spare for n in natural]
    low, high = 0.0, max(natural)
    for _ in range(40):  # the cap c with sum(min(n, c)) = width
        cap = (low + high) / 2
        if sum(min(n, cap) for n in natural) > width:
            high = cap
        else:
            low = cap
    return [min(n, low) for n in natural]


HEADING_H = SIZE_HEADING * PT + 1.6


@dataclass
class _Plan:
    """A table measured for its place: column widths, each row's detail lines and height, and
    how many rows it keeps."""

    table: SheetTable
    x: float
    width: float
    widths: list[float]
    details: list[list[str]]
    heights: list[float]
    keep: int

    @classmethod
    def of(cls, page: _Page, table: SheetTable, x: float, width: float, detail_lines: int) -> _Plan:
        widths = _column_widths(page, table, width) if table.rows else []
        details = [page.measure.wrap(row.detail, width - 5.0, SIZE_DETAIL, detail_lines, italic=True)
                   if row.detail else [] for row in table.rows]
        heights = [_line(SIZE_CELL) + len(lines) * _line(SIZE_DETAIL) + (0.4 if lines else 0.0) for lines in details]
        return cls(table, x, width, widths, details, heights, len(table.rows))

    def height(self) -> float:
        if not self.table.rows:
            return HEADING_H + _line(SIZE_CELL) + 1.0
        more = _line(SIZE_SMALL) if self.table.more_text(self.keep) else 0.0
        return HEADING_H + _line(SIZE_CELL) + 0.4 + sum(self.heights[:self.keep]) + more + 0.6


BLOCK_GAP, COLUMN_GAP = 4.0, 6.0


def _plan_tables(page: _Page, sheet: Sheet, top: float, footer_top: float) -> list[list[_Plan]]:
    """Every table measured, then the longest ones cut, oldest rows first, until all fit: down
    to each table's `min_rows`; then with one line of detail a row; then down to one row."""
    width = PAGE_W - 2 * MARGIN_X
    blocks = [b for b in sheet.blocks if b]

    def measured(detail_lines: int) -> list[list[_Plan]]:
        found = []
        for block in blocks:
            each = (width - COLUMN_GAP * (len(block) - 1)) / len(block)
            found.append([_Plan.of(page, table, MARGIN_X + i * (each + COLUMN_GAP), each, detail_lines)
                          for i, table in enumerate(block)])
        return found

    def bottom(plans) -> float:
        return top + sum(max(p.height() for p in block) for block in plans) + BLOCK_GAP * (len(plans) - 1)

    def cut(plans, least) -> None:
        while bottom(plans) > footer_top:
            # Only the tallest table of a row of tables makes it taller; of those, the longest gives a row.
            tallest = [max(block, key=_Plan.height) for block in plans]
            cuttable = [p for p in tallest if p.keep > least(p)]
            if not cuttable:
                return
            victim = max(cuttable, key=lambda p: (p.keep - least(p), p.heights[p.keep - 1]))
            victim.keep -= 1

    plans = measured(DETAIL_LINES)
    cut(plans, lambda p: p.table.min_rows)
    if bottom(plans) > footer_top:
        plans = measured(1)
        cut(plans, lambda p: p.table.min_rows)
        cut(plans, lambda p: 1)
    return plans


def _draw_table(page: _Page, plan: _Plan, top: float) -> None:
    table, x0, width = plan.table, plan.x, plan.width
    y = top + SIZE_HEADING * PT
    page.text(x0, y, page.measure.cut(table.heading, width, SIZE_HEADING, bold=True), SIZE_HEADING, bold=True)
    y += 1.6
    if not table.rows:
        y += _line(SIZE_CELL)
        page.text(x0, y, page.measure.cut(table.empty, width, SIZE_CELL, italic=True), SIZE_CELL, italic=True,
                  colour=GREY)
        return
    row_h = _line(SIZE_CELL)
    page.band(x0, y, width, row_h + 0.4, "#e2e2e2")
    x = x0
    for column, w in zip(table.columns, plan.widths):
        page.text(x + 1.0, y + row_h - 0.9, page.measure.cut(column, w - 1.6, SIZE_CELL, bold=True), SIZE_CELL,
                  bold=True)
        x += w
    y += row_h + 0.4
    for index in range(plan.keep):
        row, details, height = table.rows[index], plan.details[index], plan.heights[index]
        if index % 2 == 1:
            page.band(x0, y, width, height, PALE)
        baseline = y + row_h - 0.9
        x = x0
        for cell, w in zip(row.cells, plan.widths):
            page.text(x + 1.0, baseline, page.measure.cut(cell, w - 1.6, SIZE_CELL, bold=row.emphasis), SIZE_CELL,
                      bold=row.emphasis)
            x += w
        for number, line in enumerate(details):
            page.text(x0 + 4.0, baseline + (number + 1) * _line(SIZE_DETAIL), line, SIZE_DETAIL, italic=True,
                      colour=GREY)
        y += height
    more = table.more_text(plan.keep)
    if more:
        y += _line(SIZE_SMALL)
        page.text(x0 + 1.0, y - 0.9, more, SIZE_SMALL, italic=True, colour=GREY)


def _footer(page: _Page, sheet: Sheet) -> float:
    """The marks again and what this version holds, then the data's source; returns its top."""
    top = PAGE_H - MARGIN_BOTTOM - FOOTER_H
    left, right = MARGIN_X, PAGE_W - MARGIN_X
    page.rule(left, right, top, colour=STAFF_RED if sheet.staff else RULE, width=0.9 if sheet.staff else 0.6)
    y = top + _line(SIZE_SMALL) + 0.6
    marks = "  ·  ".join(sheet.marks)
    x = left
    if marks:
        page.text(x, y, marks, SIZE_SMALL, bold=True, colour=STAFF_RED if sheet.staff else INK)
        x += page.measure.width(marks, SIZE_SMALL, bold=True) + 3.0
    page.text(x, y, page.measure.cut(sheet.footer, right - x, SIZE_SMALL), SIZE_SMALL, colour=INK)
    for line in page.measure.wrap(sheet.source, right - left, SIZE_SMALL, 2):
        y += _line(SIZE_SMALL)
        page.text(left, y, line, SIZE_SMALL, colour=GREY)
    return top


def _draw(page: _Page, sheet: Sheet, boundaries: gpd.GeoDataFrame | None) -> Layout:
    top = _header(page, sheet)
    y = max(_facts(page, sheet, top), _map(page, sheet, boundaries, top)) + 5.0
    footer_top = _footer(page, sheet)
    plans = _plan_tables(page, sheet, y, footer_top - 2.0)
    for block in plans:
        for plan in block:
            _draw_table(page, plan, y)
        y += max(p.height() for p in block) + BLOCK_GAP
    return Layout(kept=tuple(tuple(p.keep for p in block) for block in plans),
                  bottom=y - BLOCK_GAP if plans else y, footer_top=footer_top - 2.0)


def layout(sheet: Sheet) -> Layout:
    """How many rows each table keeps and where the content ends, measured without drawing."""
    return _draw(_Page(None), sheet, None)


def _figure(sheet: Sheet, boundaries: gpd.GeoDataFrame):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(PAGE_W / 25.4, PAGE_H / 25.4), facecolor="white")
    _draw(_Page(figure), sheet, boundaries)
    return figure


def render_pdf(sheet: Sheet, boundaries: gpd.GeoDataFrame) -> bytes:
    """The sheet as a one-page A4 PDF, its text embedded as TrueType (searchable, extractable)."""
    import matplotlib

    with matplotlib.rc_context({"pdf.fonttype": FONT_TYPE, "pdf.compression": 9}):
        figure = _figure(sheet, boundaries)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="pdf", metadata={"Title": f"{sheet.title} — {sheet.as_of}",
                                                       "Subject": sheet.kicker, "Creator": sheet.kicker})
    return buffer.getvalue()


def render_png(sheet: Sheet, boundaries: gpd.GeoDataFrame, dpi: int = PNG_DPI) -> bytes:
    """The sheet as an A4 image, `dpi` dots per inch (1240 × 1753 pixels at 150)."""
    figure = _figure(sheet, boundaries)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _paths(geometries):
    """Shapely polygons as one matplotlib Path each (holes kept), drawn without pyplot."""
    import numpy as np
    from matplotlib.path import Path

    found = []
    for geometry in geometries:
        parts = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
        vertices, codes = [], []
        for polygon in parts:
            for ring in (polygon.exterior, *polygon.interiors):
                xy = np.asarray(ring.coords)[:, :2]
                vertices.append(xy)
                codes.append([Path.MOVETO] + [Path.LINETO] * (len(xy) - 2) + [Path.CLOSEPOLY])
        found.append(Path(np.concatenate(vertices), np.concatenate(codes)))
    return found


def _limits(bounds, w: float, h: float, pad: float = 0.04) -> tuple[tuple[float, float], tuple[float, float]]:
    """The x and y limits showing `bounds` with equal scales in a `w` × `h` box, centred."""
    minx, miny, maxx, maxy = bounds
    dx, dy = maxx - minx, maxy - miny
    span = max(dx, dy) * (1 + 2 * pad) + 400.0
    sx, sy = (span, span * h / w) if dx / max(dy, 1.0) > w / h else (span * w / h, span)
    sx, sy = max(sx, dx * (1 + 2 * pad)), max(sy, dy * (1 + 2 * pad))
    if sx / sy > w / h:
        sy = sx * h / w
    else:
        sx = sy * w / h
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    return (cx - sx / 2, cx + sx / 2), (cy - sy / 2, cy + sy / 2)


# Simplification of what is drawn, in metres: invisible at these scales, and small files.
AREA_TOLERANCE_M, COUNTRY_TOLERANCE_M = 40.0, 500.0


def _draw_map(figure, spec: SheetMap, boundaries: gpd.GeoDataFrame, box, inset_box) -> None:
    from matplotlib.collections import PathCollection

    x, top, w, h = box
    frame = boundaries.set_index("nis")
    wanted = list(dict.fromkeys([*spec.area, *(n for n, _ in spec.fills), *spec.focus]))
    near = frame.loc[[c for c in wanted if c in frame.index]].to_crs(31370)
    near = near.set_geometry(near.geometry.simplify(AREA_TOLERANCE_M))
    area = near.loc[[c for c in dict.fromkeys(spec.area) if c in near.index]]
    fills = {nis: colour for nis, colour in spec.fills if nis in near.index}
    focus = [c for c in spec.focus if c in near.index]
    axes = figure.add_axes((x / PAGE_W, 1 - (top + h) / PAGE_H, w / PAGE_W, h / PAGE_H))
    axes.set_axis_off()
    axes.add_collection(PathCollection(_paths(area.geometry), facecolors=AREA_FILL, edgecolors="white", linewidths=0.35))
    if fills:
        shown = near.loc[list(fills)]
        axes.add_collection(PathCollection(_paths(shown.geometry), facecolors=[fills[c] for c in shown.index],
                                           edgecolors="white", linewidths=0.35))
    if focus:
        axes.add_collection(PathCollection(_paths(near.loc[focus].geometry), facecolors="none",
                                           edgecolors=FOCUS_EDGE, linewidths=1.1))
    (x0, x1), (y0, y1) = _limits(near.total_bounds if len(near) else frame.to_crs(31370).total_bounds, w, h)
    axes.set_xlim(x0, x1)
    axes.set_ylim(y0, y1)
    _draw_labels(axes, spec, near, (x1 - x0) / w)
    # Belgium, the area darker and the sheet's municipalities in black: where this is on the map.
    country = frame.to_crs(31370)
    country = country.set_geometry(country.geometry.simplify(COUNTRY_TOLERANCE_M))
    x, top, w, h = inset_box
    inset = figure.add_axes((x / PAGE_W, 1 - (top + h) / PAGE_H, w / PAGE_W, h / PAGE_H))
    inset.set_axis_off()
    inset.add_collection(PathCollection(_paths(country.geometry), facecolors=COUNTRY_FILL, edgecolors="none"))
    if len(area):
        inset.add_collection(PathCollection(_paths(country.loc[area.index].geometry), facecolors="#8c8c8c",
                                            edgecolors="none"))
    if focus:
        inset.add_collection(PathCollection(_paths(country.loc[focus].geometry), facecolors=FOCUS_EDGE,
                                            edgecolors=FOCUS_EDGE, linewidths=0.4))
    (x0, x1), (y0, y1) = _limits(country.total_bounds, w, h, pad=0.0)
    inset.set_xlim(x0, x1)
    inset.set_ylim(y0, y1)


def _draw_labels(axes, spec: SheetMap, frame: gpd.GeoDataFrame, metres_per_mm: float) -> None:
    """Names on the map, each where it does not cover another: at the municipality's inner
    point, or a line above or below it; left out when none of these is free."""
    from matplotlib import patheffects

    measure = _Measure()
    halo = [patheffects.withStroke(linewidth=2.0, foreground="white")]
    height = _line(SIZE_SMALL) * metres_per_mm
    placed: list[tuple[float, float, float, float]] = []
    x_lo, x_hi = axes.get_xlim()
    for nis, text in spec.labels:
        if nis not in frame.index:
            continue
        shape = frame.loc[nis].geometry
        point = shape.representative_point()
        half = (measure.width(text, SIZE_SMALL, bold=True) / 2 + 0.6) * metres_per_mm
        _, low, _, high = shape.bounds
        # A municipality narrower than its name is named above or below it, not hidden under it.
        inside = shape.bounds[2] - shape.bounds[0] > 2.4 * half
        offsets = [point.y] if inside else []
        offsets += [high + height * 0.6, low - height * 0.6]
        for cy in offsets:
            cx = min(max(point.x, x_lo + half), x_hi - half)
            box = (cx - half, cy - height / 2, cx + half, cy + height / 2)
            if all(box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3] for b in placed):
                placed.append(box)
                axes.text(cx, cy, text, fontsize=SIZE_SMALL, fontfamily=FONT, fontweight="bold", ha="center",
                          va="center", color=INK, parse_math=False, path_effects=halo)
                break
