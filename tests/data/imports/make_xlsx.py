"""Write the two hand-made workbooks of this directory (run once; the outputs are committed).

    python tests/data/imports/make_xlsx.py

The contents are invented; see README.md for what each workbook shows.
"""

import datetime as dt
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
# Fixed document times, so that a regenerated file differs only where its content does.
CREATED = dt.datetime(2024, 1, 15, 9, 0, 0)


def status_merged_headers(path: Path) -> None:
    """A title over merged group labels over the real header, as a colleague would lay it out."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Stand van zaken"
    ws["A1"] = "Stand van zaken LIVC-R – bevraging van de burgemeesters (27 mei 2016)"
    ws.merge_cells("A1:F1")
    # Group labels: "Gemeente" over code and name, "LIVC-R" over status, date and cell
    # (both are header words themselves), "Bron" merged down over two rows.
    ws["A2"] = "Gemeente"
    ws.merge_cells("A2:B2")
    ws["C2"] = "LIVC-R"
    ws.merge_cells("C2:E2")
    ws["F2"] = "Bron"
    ws.merge_cells("F2:F3")
    for column, text in zip("ABCDE", ["NIS-code", "Naam", "Stand van zaken", "Sinds", "Cel"]):
        ws[f"{column}3"] = text
    rows = [
        # A number typed as a code, a real date cell.
        (11002, "Antwerpen", "Operationeel", dt.date(2016, 5, 27), "LIVC-R Antwerpen", "Bevraging burgemeesters"),
        # A code as text, a date typed as a plain number (an Excel serial, 42517 = 2016-05-27),
        # and a formula never calculated (openpyxl stores no cached value): read as None.
        ("12030", "Puurs", "In oprichting", 42517, "LIVC-R Puurs – Sint-Amands", '=CONCATENATE("Bevraging ", "2016")'),
        None,  # a blank row
        # A code that went through a float, a date typed as text, a bare year in a date column.
        (21001.0, "Anderlecht", "opérationnelle", "1/09/2016", None, "Pilootsubsidie 2016"),
        ("82003", "Bastogne", "Geen cel", 2016, None, None),
    ]
    for number, row in enumerate(rows, start=4):
        for column, value in enumerate(row or (), start=1):
            if value is not None:
                ws.cell(row=number, column=column, value=value)
    ws["D4"].number_format = "dd/mm/yyyy"
    # A second sheet the reader never needs: the first one already has every field.
    notes = wb.create_sheet("Toelichting")
    notes["A1"] = "Gemeente"
    notes["B1"] = "Status"
    notes["C1"] = "Datum"
    notes["A2"] = "Deze tab wordt niet gelezen."
    # openpyxl writes 21001.0 as <v>21001</v>; tools that print floats with repr write
    # <v>21001.0</v>, which reads back as the float 21001.0. Make this file one of those.
    _save(wb, path, {"xl/worksheets/sheet1.xml": ("<v>21001</v>", "<v>21001.0</v>")})


def visits_fr(path: Path) -> None:
    """French visits on the second sheet, under a title and a blank row; a lists sheet after."""
    wb = Workbook()
    readme = wb.active
    readme.title = "Lisez-moi"
    readme["A1"] = "Visites de l'équipe mobile et de la Radix Team"
    readme["A2"] = "Une ligne par visite ; plusieurs communes séparées par une virgule."
    ws = wb.create_sheet("Visites")
    ws["A1"] = "Visites 2016–2020"
    headers = ["N°", "Date de la visite", "Commune(s)", "Équipe", "Type de visite", "Rapport remis", "Suivi",
               "Notes internes", "Durée (h)"]
    for column, text in enumerate(headers, start=1):
        ws.cell(row=3, column=column, value=text)
    rows = [
        ("V-2016-01", dt.datetime(2016, 6, 14), "Verviers\nDison", "Équipe mobile", "Analyse de terrain", "oui",
         dt.date(2016, 12, 1), "rapport envoyé au bourgmestre", 4),
        ("V-2017-03", 42800, "Charleroi", "Mobile Team", "Journée de sensibilisation", True, None, None, 6.5),
        ("V-2020-07", "03/02/2020", "Bastogne / Bertogne", "Radix", "Mise en place CSIL-R", "non", "15/06/2020",
         None, None),
        ("V-2020-09", dt.datetime(2020, 9, 22, 14, 30), "Liège", "Front-Office", "Formation", "x", None, None, 3),
    ]
    for number, row in enumerate(rows, start=4):
        for column, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=number, column=column, value=value)
    lists = wb.create_sheet("Listes")
    lists["A1"] = "Équipe"
    lists["B1"] = "Type de visite"
    lists["A2"] = "Équipe mobile"
    lists["B2"] = "Analyse de terrain"
    _save(wb, path)


def _save(wb: Workbook, path: Path, edits: dict[str, tuple[str, str]] | None = None) -> None:
    wb.properties.creator = "LIVC-R cartography test fixtures"
    wb.properties.created = CREATED
    wb.save(path)
    _rewrite(path, edits or {})


def _rewrite(path: Path, edits: dict[str, tuple[str, str]]) -> None:
    """Rewrite the archive with each member's (old, new) replaced, and every date fixed.

    openpyxl stamps the save time into docProps/core.xml and the zip entries; fixing them
    keeps a regenerated file byte-identical.
    """
    stamp = CREATED.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            info.date_time = CREATED.timetuple()[:6]
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            if info.filename in edits:
                old, new = edits[info.filename]
                text = data.decode("utf-8")
                assert text.count(old) == 1, f"{old} not once in {info.filename}"
                data = text.replace(old, new).encode("utf-8")
            target.writestr(info, data)


if __name__ == "__main__":
    status_merged_headers(HERE / "status_merged_headers.xlsx")
    visits_fr(HERE / "visits_fr.xlsx")
