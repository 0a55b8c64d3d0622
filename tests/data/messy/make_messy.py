"""Write the messy import files of this directory and their expected outcomes.

    python tests/data/messy/make_messy.py

Every file is a spreadsheet as a real sender would make it (see README.md). Each data row
carries the outcome decided for it by hand, from knowledge of Belgian municipalities and
of the LIVC-R programme, before any importer ran on it; this script only writes the rows
and their outcomes side by side, so that line numbers in expected.toml cannot drift from
the files. The statuses, visits and notes are invented; names, NIS codes and postal codes
are real.

Regenerating gives byte-identical files: no clock, no randomness, fixed zip dates.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
CREATED = dt.datetime(2024, 6, 3, 9, 0, 0)


# --- Expected outcomes ----------------------------------------------------------------


def L(nis, status=None, date=None, prec=None, *, team=None, offer=None, report=None, why=""):
    """The row lands on these 2025 code(s)."""
    e = {"expect": "lands", "nis": nis}
    if status is not None:
        e["status"] = status
    if date is not None:
        e["date"] = date
        e["precision"] = prec or "day"
    if team is not None:
        e["team"] = team
    if offer is not None:
        e["offer"] = offer
    if report is not None:
        e["report"] = report
    e["why"] = why
    return e


def A(about, why):
    """The importer must ask a person (about: municipality, status, date, team, offer)."""
    return {"expect": "asks", "about": about, "why": why}


def R(about, why):
    """Invalid whatever anyone answers."""
    return {"expect": "refused", "about": about, "why": why}


def S(why):
    """Not a data row: total, subtotal, group label or note."""
    return {"expect": "skipped", "why": why}


@dataclass
class FileSpec:
    name: str
    kind: str
    origin: str
    columns: dict
    place: list  # header names whose cells are "the municipality cell(s)"
    rows: list = field(default_factory=list)  # dicts: sheet?, line, input, outcome
    extra: dict = field(default_factory=dict)


FILES: list[FileSpec] = []


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _record(spec: FileSpec, header: list, cells: list, outcome: dict, line: int, sheet=None):
    if outcome["expect"] == "skipped":
        shown = next((_text(c) for c in cells if _text(c).strip()), "")
    else:
        shown = " | ".join(
            _text(cells[header.index(h)]) for h in spec.place if h in header and _text(cells[header.index(h)]).strip()
        )
    row = {}
    if sheet is not None:
        row["sheet"] = sheet
    row["line"] = line
    row["input"] = shown
    row.update(outcome)
    spec.rows.append(row)


# --- CSV ------------------------------------------------------------------------------


def write_csv(spec: FileSpec, path: Path, header, rows, *, encoding, delimiter, eol, quote_all=False):
    def cell(value) -> str:
        text = _text(value)
        if quote_all or any(ch in text for ch in (delimiter, '"', "\n", "\r")):
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [delimiter.join(cell(h) for h in header)]
    line = 2
    for item in rows:
        if item is None:  # a blank line
            lines.append("")
            line += 1
            continue
        cells, outcome = item
        assert len(cells) == len(header), (spec.name, cells)
        if outcome is not None:
            _record(spec, header, cells, outcome, line)
        rendered = delimiter.join(cell(c) for c in cells)
        lines.append(rendered)
        line += 1 + rendered.count("\n")
    data = eol.join(lines) + eol
    path.write_bytes(data.encode(encoding))
    spec.extra.setdefault("encoding", encoding)
    spec.extra.setdefault("delimiter", {"\t": "TAB"}.get(delimiter, delimiter))


# --- XLSX -----------------------------------------------------------------------------


def save_xlsx(wb: Workbook, path: Path) -> None:
    wb.properties.creator = "make_messy.py"
    wb.properties.created = CREATED
    wb.properties.modified = CREATED
    wb.save(path)
    stamp = CREATED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            info.date_time = CREATED.timetuple()[:6]
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
                data = re.sub(rb"(<dcterms:created[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            target.writestr(info, data)


def put_rows(spec, ws, header, first_row, rows):
    """Write rows from first_row on; None is a blank separator row."""
    r = first_row
    for item in rows:
        if item is None:
            r += 1
            continue
        cells, outcome = item
        assert len(cells) <= len(header), (spec.name, cells)
        cells = list(cells) + [None] * (len(header) - len(cells))
        for col, value in enumerate(cells, start=1):
            if value is not None:
                c = ws.cell(row=r, column=col, value=value)
                if isinstance(value, dt.datetime):
                    c.number_format = "dd/mm/yyyy hh:mm" if (value.hour or value.minute) else "dd/mm/yyyy"
        if outcome is not None:
            _record(spec, header, cells, outcome, r, sheet=ws.title)
        r += 1
    return r


D = dt.datetime

# ======================================================================================
# 1. The five Flemish provinces' survey: one sheet per province, a legend sheet, totals.
# ======================================================================================


def vlaamse_provincies(path: Path):
    header = ["NIS-Code", "Naam gemeente", "Postcode", "LIVC-R operationeel?", "Sinds", "Opmerking"]
    spec = FileSpec(
        name=path.name,
        kind="status",
        origin=(
            "The Flemish provincial governors' security services compiled the June 2019 mayors' survey "
            "for the Mobile Team: one sheet per province behind a legend sheet, a title block, a yes/no "
            "question instead of a status, and a total per province."
        ),
        columns={
            "NIS-Code": "municipality_code",
            "Naam gemeente": "municipality",
            "Postcode": "postal_code",
            "LIVC-R operationeel?": "status_yes_no",
            "Sinds": "date",
            "Opmerking": "ignore",
        },
        place=["NIS-Code", "Naam gemeente", "Postcode"],
    )
    wb = Workbook()
    legend = wb.active
    legend.title = "Toelichting"
    for i, text in enumerate(
        [
            "Bevraging LIVC-R bij de Vlaamse steden en gemeenten (juni 2019)",
            None,
            "Legende kolom 'LIVC-R operationeel?'",
            "ja / X / ✓ = er is een operationele LIVC-R",
            "nee = er is (nog) geen LIVC-R",
            "? = geen antwoord ontvangen",
            None,
            "Sinds = datum van de eerste vergadering van de cel (of het jaar, als de gemeente het niet preciezer wist)",
            "Eén tabblad per provincie; totalen onderaan elk tabblad.",
        ],
        start=1,
    ):
        if text:
            legend.cell(row=i, column=1, value=text)

    def sheet(title, rows):
        ws = wb.create_sheet(title)
        ws["A1"] = f"Bevraging LIVC-R – provincie {title}"
        ws.merge_cells("A1:F1")
        ws["A2"] = "Stand van zaken op 15/06/2019 – bron: dienst veiligheid van de gouverneur"
        ws.merge_cells("A2:F2")
        for col, h in enumerate(header, start=1):
            ws.cell(row=4, column=col, value=h)
        put_rows(spec, ws, header, 5, rows)

    sheet("Antwerpen", [
        ((11002, "Antwerpen", 2000, "ja", D(2016, 3, 1)),
         L("11002", "operational", "2016-03-01", "day", why="code, name and postcode agree; a real date cell")),
        ((11020, "Borsbeek", 2150, "ja", 2018),
         L("11002", "operational", "2018-01-01", "year",
           why="11020 was never a NIS code (a typo of Borsbeek's 11007); name and postcode are Borsbeek, merged into Antwerpen on 2025-01-01; a bare year")),
        ((11005, "Hove", 2540, "nee", None, "cel samen met Edegem?"),
         A("municipality", "the code 11005 is Boom, the name and postcode 2540 are Hove (11021): which one answered?")),
        (("11029", "Mortsel", "2640", "Ja", "15/09/2018"),
         L("11029", "operational", "2018-09-15", "day", why="code and postcode as text; 'Ja' with a capital")),
        (("12O14", "Heist-op-den-Berg", 2220, "ja", D(2019, 1, 10)),
         L("12014", "operational", "2019-01-10", "day",
           why="malformed code (a letter O for a zero); name and postcode are Heist-op-den-Berg")),
        None,
        ((13025, "Mol", 2400, "nee", None, "samenwerking met Balen wordt bekeken"),
         L("13025", "none", why="'nee' = no LIVC-R (legend sheet); no date is needed for 'none'")),
        ((13040, "Turnhout", 2300, "X", "03/2019"),
         L("13040", "operational", "2019-03-01", "month", why="a cross means yes (legend sheet); month only")),
        (("Totaal provincie Antwerpen", None, None, 5, None), S("provincial total (a count in the status column)")),
    ])
    sheet("Limburg", [
        ((71022, "Hasselt", 3500, "ja", D(2017, 11, 6)),
         L("71072", "operational", "2017-11-06", "day",
           why="Hasselt's code until 2024 (71022); Hasselt and Kortessem became 71072 on 2025-01-01")),
        ((73040, "Kortessem", 3720, "nee", None), L("71072", "none", why="pre-2025 code and name, merged into Hasselt")),
        ((72029, "Overpelt", 3900, "ja", "2018-06-01"),
         L("72043", "operational", "2018-06-01", "day", why="pre-2019 municipality, part of Pelt since 2019; ISO date as text")),
        ((71070, "Heusden", 3550, "ja", "2e kwartaal 2019"),
         L("71070", "operational", "2019-04-01", "quarter",
           why="Heusden is a section of Heusden-Zolder and of Destelbergen; the code 71070 and postcode 3550 settle it; Dutch quarter")),
        ((None, "Genk", 3600, "ja", D(2016, 5, 27)), L("71016", "operational", "2016-05-27", "day", why="no code, name and postcode agree")),
        ((72021, "Maaseik", 3680, "ja", 2016), L("72021", "operational", "2016-01-01", "year", why="a bare year as a number")),
        ((71047, "Opglabbeek", 3660, "nee", None), L("72042", "none", why="pre-2019 municipality, part of Oudsbergen since 2019")),
        (("Totaal provincie Limburg", None, None, 5, None), S("provincial total")),
        (("* Opglabbeek en Meeuwen-Gruitrode vormen sinds 1/1/2019 Oudsbergen; Overpelt en Neerpelt vormen Pelt.",),
         S("a footnote in the first column")),
    ])
    sheet("Oost-Vlaanderen", [
        ((44021, "Gent", 9000, "ja", D(2016, 9, 15)), L("44021", "operational", "2016-09-15", "day", why="plain")),
        ((44049, "Nevele", 9850, "nee", None), L("44083", "none", why="pre-2019 municipality, merged into Deinze on 2019-01-01")),
        ((46003, "Beveren", 9120, "ja", "01/10/2018"),
         L("46030", "operational", "2018-10-01", "day",
           why="Beveren is also a section of Roeselare, Waregem and Alveringem; the code 46003 and postcode 9120 settle it (Beveren-Kruibeke-Zwijndrecht since 2025)")),
        ((41002, "Aalst", 9300, "ja", "2017"),
         L("41002", "operational", "2017-01-01", "year", why="Aalst is also a section of Sint-Truiden; code and postcode settle it")),
        ((44012, "De Pinte", 9840, "nee", None), L("44086", "none", why="pre-2025 municipality, Nazareth-De Pinte since 2025")),
        ((46021, "Sint-Niklaas", 9100, "nee (in oprichting)", "05/2019"),
         L("46021", "being_set_up", "2019-05-01", "month", why="'no' to 'operational?' with the status written beside it: being set up")),
        (("Totaal provincie Oost-Vlaanderen", None, None, 3, None), S("provincial total")),
    ])
    sheet("Vlaams-Brabant", [
        ((23027, "Halle", 1500, "ja", D(2018, 3, 20)),
         L("23027", "operational", "2018-03-20", "day", why="Halle is also a section of Zoersel; the code and postcode 1500 settle it")),
        ((24062, "Leuven", 3000, "ja", D(2016, 10, 3)), L("24062", "operational", "2016-10-03", "day", why="plain")),
        ((23088, "Vilvoorde", 1800, "ja", 2016), L("23088", "operational", "2016-01-01", "year", why="a bare year")),
        ((23024, "Gooik", 1755, "nee", None), L("23106", "none", why="pre-2025 municipality, Pajottegem since 2025")),
        ((23077, "Sint-Pieters-Leeuw", 1600, "?", None), L("23077", "unknown", why="'?' = no answer (legend sheet); no date needed")),
        (("Totaal provincie Vlaams-Brabant", None, None, 3, None), S("provincial total")),
    ])
    sheet("West-Vlaanderen", [
        ((31005, "Brugge", 8000, "ja", D(2017, 2, 14)), L("31005", "operational", "2017-02-14", "day", why="plain")),
        ((34022, "Kortrijk", 8500, "ja", 2016), L("34022", "operational", "2016-01-01", "year", why="a bare year")),
        ((37018, "Wingene", 8750, "nee", None), L("37021", "none", why="Wingene kept its name but took a new code (37021) when Ruiselede joined in 2025")),
        ((37007, "Meulebeke", 8760, "nee", None), L("37022", "none", why="pre-2025 municipality, part of Tielt since 2025")),
        ((35013, "Oostende", 8400, "opgestart", None),
         A("status", "'opgestart' (started) is neither yes nor no: operational or being set up?")),
        (("Totaal provincie West-Vlaanderen", None, None, 2, None), S("provincial total")),
        None,
        (("TOTAAL VLAANDEREN", None, None, 18, None), S("grand total")),
    ])
    save_xlsx(wb, path)
    spec.extra["sheets"] = ["Toelichting", "Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"]
    spec.extra["not_data_sheets"] = ["Toelichting"]
    spec.extra["header_rows"] = [4]
    FILES.append(spec)


# ======================================================================================
# 2. The Radix Team's own tracking workbook (visits).
# ======================================================================================


def radix_opvolging(path: Path):
    header = ["ID", "Datum", "Gemeente(n)", "Team", "Aanbod", "Verslag", "Opvolging", "Interne nota"]
    spec = FileSpec(
        name=path.name,
        kind="visits",
        origin=(
            "The Radix Team's own tracking workbook: one sheet per period, abbreviations typed by hand "
            "(RT, MT, FO, BO), offers as the colleague said them, and a sheet of drop-down lists at the end."
        ),
        columns={
            "ID": "visit_id", "Datum": "date", "Gemeente(n)": "municipalities", "Team": "team",
            "Aanbod": "offer", "Verslag": "report_delivered", "Opvolging": "follow_up", "Interne nota": "internal_notes",
        },
        place=["Gemeente(n)"],
    )
    wb = Workbook()
    first = True

    def sheet(title, rows):
        nonlocal first
        ws = wb.active if first else wb.create_sheet(title)
        first = False
        ws.title = title
        ws["A1"] = f"Radix Team – opvolging bezoeken {title}"
        ws.merge_cells("A1:H1")
        for col, h in enumerate(header, start=1):
            ws.cell(row=2, column=col, value=h)
        put_rows(spec, ws, header, 3, rows)

    FO, MT, BO = "radix_front_office", "mobile_team", "radix_back_office"
    sheet("2019", [
        (("RT-2019-001", D(2019, 1, 22), "Vilvoorde", "MT", "Terreinanalyse", "ja", D(2019, 6, 1), "rapport naar de burgemeester"),
         L("23088", date="2019-01-22", prec="day", team=MT, offer="field_analysis", report=True, why="MT = Mobile Team")),
        (("RT-2019-002", D(2019, 2, 5, 14, 30), "Maaseik, Dilsen-Stokkem", "MT", "sensibilisering van het personeel", "nee"),
         L("72021;72041", date="2019-02-05", prec="day", team=MT, offer="awareness_day", report=False,
           why="two municipalities; a date cell with a time; the offer as a phrase")),
        (("RT-2019-003", D(2019, 3, 12), "Luik", "FO", "Ondersteuning oprichting LIVC-R", "x"),
         L("62063", date="2019-03-12", prec="day", team=FO, offer="livcr_setup_support", report=True, why="Luik = Liège in Dutch; x = yes")),
        (("RT-2019-004", "wo 13/03/2019", "Bergen", "Radix FO", "sensibiliseringsdag", "Y"),
         L("53053", date="2019-03-13", prec="day", team=FO, offer="awareness_day", report=True,
           why="Bergen = Mons in Dutch (no section of that name); weekday before the date (13 March 2019 was a Wednesday)")),
        (("RT-2019-005", D(2019, 4, 2), "Nevele", "RT", "Oprichting", "nee"),
         L("44083", date="2019-04-02", prec="day", team=FO, offer="livcr_setup_support", report=False,
           why="the old name, merged into Deinze three months earlier; RT = Radix Team = its Front-Office")),
        (("RT-2019-006", D(2019, 5, 14), "Alost", "BO", "Projectondersteuning", "ja"),
         L("41002", date="2019-05-14", prec="day", team=BO, offer="project_support", report=True, why="Alost = Aalst in French")),
        (("RT-2019-007", None, "Kortrijk", "FO", "Vorming", None, None, "datum nog na te vragen"),
         R("date", "a visit without a date")),
        (("RT-2019-008", D(2019, 9, 24), "Hal", "FO", "training for frontline staff", "N"),
         L("23027", date="2019-09-24", prec="day", team=FO, offer="training", report=False, why="Hal = Halle in French; English phrase")),
        (("RT-2019-009", "Q4 2019", "Ruisbroek", "FO", "Sensibilisering", "ja"),
         A("municipality", "Ruisbroek is a section of Sint-Pieters-Leeuw and of Puurs-Sint-Amands")),
    ])
    sheet("2020-2021", [
        (("RT-2020-001", D(2020, 1, 28), "Tessenderlo", "FO", "Projectondersteuning", "ja"),
         L("71071", date="2020-01-28", prec="day", team=FO, offer="project_support", report=True, why="pre-2025 name, Tessenderlo-Ham since 2025")),
        (("RT-2020-002", D(2020, 3, 3), "Borsbeek", "BO", "Andere", "nee"),
         L("11002", date="2020-03-03", prec="day", team=BO, offer="other", report=False, why="pre-2025 name, merged into Antwerpen")),
        (("RT-2020-003", "maart 2020", "Mechelen / Lier", "FO", "sensibilisering van het personeel", "✓"),
         L("12025;12021", date="2020-03-01", prec="month", team=FO, offer="awareness_day", report=True,
           why="two municipalities separated by '/'; Dutch month name; a tick = yes")),
        (("RT-2020-004", D(2020, 9, 15), "Brussel", "JV", "Oprichting LIVC-R", "ja"),
         A("team", "'JV' is a person's initials, not a team")),
        (("RT-2020-005", D(2020, 10, 6), "Sint-Niklaas", "FO", "koffie bij de burgemeester", "nee"),
         A("offer", "'coffee with the mayor' is none of the catalogue's offers")),
        (("RT-2020-006", "31/02/2021", "Herentals", "FO", "Vorming", None),
         R("date", "31 February does not exist")),
        (("RT-2021-001", D(2021, 2, 9), "Ruiselede + Beernem", "FO", "Oprichting LIVC-R", "ja"),
         L("37021;31003", date="2021-02-09", prec="day", team=FO, offer="livcr_setup_support", report=True,
           why="'+' between two municipalities; Ruiselede is part of Wingene since 2025")),
        (("RT-2021-002", D(2021, 6, 22), "Zwijndrecht", "FO", "Opleiding", "nee"),
         L("46030", date="2021-06-22", prec="day", team=FO, offer="training", report=False,
           why="pre-2025 municipality of the province of Antwerpen, Beveren-Kruibeke-Zwijndrecht since 2025")),
        (("RT-2021-003", D(2021, 11, 30), "Kortessem", "RT", "projectondersteuning", "ja"),
         L("71072", date="2021-11-30", prec="day", team=FO, offer="project_support", report=True, why="pre-2025 name, part of Hasselt since 2025")),
    ])
    sheet("2022-2023", [
        (("RT-2022-001", D(2022, 1, 18), "Gent (Ledeberg)", "FO", "Sensibilisering", "ja"),
         L("44021", date="2022-01-18", prec="day", team=FO, offer="awareness_day", report=True, why="municipality with its section in brackets")),
        (("RT-2022-002", D(2022, 4, 5), 3500, "BO", "Andere", "nee"),
         L("71072", date="2022-04-05", prec="day", team=BO, offer="other", report=False, why="a postal code alone (3500 = Hasselt only), as a number")),
        (("RT-2022-003", D(2022, 5, 10), "1050", "FO", "Sensibilisering", "ja"),
         A("municipality", "postal code 1050 serves Elsene/Ixelles and part of Brussel")),
        (("RT-2022-004", "2022", "Beveren", "FO", "Oprichting", "nee"),
         A("municipality", "Beveren: the former municipality (now Beveren-Kruibeke-Zwijndrecht) or the sections of Roeselare, Waregem, Alveringem")),
        (("RT-2023-001", D(2023, 3, 7), "Bastogne", "FO", "Soutien mise en place CSIL-R", "oui"),
         L("82039", date="2023-03-07", prec="day", team=FO, offer="livcr_setup_support", report=True,
           why="Bastogne before its merger with Bertogne (82039 since 2024-12-02); French words")),
        (("RT-2023-002", D(2023, 3, 7), "Bertogne", "FO", "Soutien mise en place CSIL-R", "oui"),
         L("82039", date="2023-03-07", prec="day", team=FO, offer="livcr_setup_support", report=True, why="Bertogne, merged into Bastogne (82039) on 2024-12-02")),
        (("RT-2023-003", D(2023, 10, 17), "Elsene/Ixelles", "Radix FO", "journée de sensibilisation pour le personnel communal", "ja"),
         L("21009", date="2023-10-17", prec="day", team=FO, offer="awareness_day", report=True,
           why="one municipality written in both languages, not two municipalities")),
        (("RT-2023-004", D(2023, 12, 12), "Laken", "BO", "Projectondersteuning", None),
         L("21004", date="2023-12-12", prec="day", team=BO, offer="project_support", why="Laken/Laeken is a section of Brussel (missing from sections.csv)")),
    ])
    lists = wb.create_sheet("Lijsten")
    for col, (head, values) in enumerate(
        [
            ("Team", ["MT", "FO", "BO", "RT"]),
            ("Aanbod", ["Oprichting LIVC-R", "Sensibilisering", "Projectondersteuning", "Terreinanalyse", "Vorming", "Andere"]),
            ("Verslag", ["ja", "nee"]),
        ],
        start=1,
    ):
        lists.cell(row=1, column=col, value=head)
        for r, v in enumerate(values, start=2):
            lists.cell(row=r, column=col, value=v)
    save_xlsx(wb, path)
    spec.extra["sheets"] = ["2019", "2020-2021", "2022-2023", "Lijsten"]
    spec.extra["not_data_sheets"] = ["Lijsten"]
    spec.extra["header_rows"] = [2]
    FILES.append(spec)


# ======================================================================================
# 3. The City of Antwerpen's secretariat: visits in its districts (UTF-8 BOM, ';').
# ======================================================================================


def antwerpen_bezoeken(path: Path):
    header = ["Datum bezoek", "Gemeente/district", "Postcode", "Bezoekend team", "Onderwerp / aanbod",
              "Verslag ontvangen", "Opvolging", "Opmerkingen"]
    spec = FileSpec(
        name=path.name,
        kind="visits",
        origin=(
            "The City of Antwerpen's prevention secretariat lists the visits in the city, naming the districts "
            "(and their postcodes) rather than the municipality; saved from Excel as 'CSV UTF-8'."
        ),
        columns={
            "Datum bezoek": "date", "Gemeente/district": "municipalities", "Postcode": "postal_code",
            "Bezoekend team": "team", "Onderwerp / aanbod": "offer", "Verslag ontvangen": "report_delivered",
            "Opvolging": "follow_up", "Opmerkingen": "internal_notes",
        },
        place=["Gemeente/district", "Postcode"],
    )
    FO, MT = "radix_front_office", "mobile_team"
    rows = [
        (["12/03/2019", "2140 Borgerhout", "", "RT", "sensibilisering van het personeel", "ja", "n.v.t.", ""],
         L("11002", date="2019-03-12", prec="day", team=FO, offer="awareness_day", report=True,
           why="postal code + district, both Antwerpen; 'n.v.t.' in the follow-up = none")),
        (["di 12/03/2019", "Deurne", "2100", "MT", "terreinanalyse", "ja", "12/06/2019", ""],
         L("11002", date="2019-03-12", prec="day", team=MT, offer="field_analysis", report=True,
           why="Deurne is a district of Antwerpen and a section of Diest; postcode 2100 is Antwerpen only; weekday before the date")),
        (["05/06/2019", "Berchem", "", "FO", "Ondersteuning oprichting LIVC-R", "nee", "", ""],
         A("municipality", "Berchem: district of Antwerpen, section of Kluisbergen (and Sint-Agatha-Berchem); no postcode to settle it")),
        (["2019-09-17", "Wilrijk", "2610", "Radix FO", "projectondersteuning", "x", "",
          "Eerste contact met de districtsschepen.\nVolgende stap: overleg met de politiezone."],
         L("11002", date="2019-09-17", prec="day", team=FO, offer="project_support", report=True,
           why="district of Antwerpen with its postcode; a note over two lines")),
        (["17/10/2019 14:30", "Merksem", "", "FO", "vorming", "nee", "", ""],
         L("11002", date="2019-10-17", prec="day", team=FO, offer="training", report=False, why="district of Antwerpen; a time after the date")),
        (["", "Hoboken", "2660", "FO", "sensibilisering", "", "", "datum nog op te vragen bij het district"],
         R("date", "a visit without a date")),
        (["31/02/2020", "Ekeren", "2180", "BO", "projectondersteuning", "", "", ""],
         R("date", "31 February does not exist")),
        (["03/2020", "Antwerpen, Mortsel", "", "RT", "Oprichting LIVC-R", "ja", "", ""],
         L("11002;11029", date="2020-03-01", prec="month", team=FO, offer="livcr_setup_support", report=True, why="two municipalities; month only")),
        (["14/01/2020", "2000", "", "FO", "koffie met de schepen", "", "", ""],
         A("offer", "the place is fine (2000 = Antwerpen) but 'coffee with the alderman' is no offer of the catalogue")),
        (["ma 12/03/2019", "Borgerhout", "", "MT", "sensibilisering", "ja", "", "zelfde dag als Deurne?"],
         A("date", "the weekday says Monday, but 12/03/2019 was a Tuesday: which of the two is wrong?")),
        (["20/11/2019", "2018", "", "FO", "sensibilisering", "nee", "", ""],
         L("11002", date="2019-11-20", prec="day", team=FO, offer="awareness_day", report=False,
           why="2018 in the place column is Antwerpen's postal code, not a year")),
        (["Q1 2020", "Borsbeek", "2150", "FO", "Sensibilisering", "nee", "", ""],
         L("11002", date="2020-01-01", prec="quarter", team=FO, offer="awareness_day", report=False, why="pre-2025 municipality; quarter only")),
        (["8/9/2020", "Zwijndrecht (Burcht)", "2070", "FO", "Vorming", "ja", "", ""],
         L("46030", date="2020-09-08", prec="day", team=FO, offer="training", report=True,
           why="pre-2025 municipality with its section; Beveren-Kruibeke-Zwijndrecht since 2025")),
    ]
    write_csv(spec, path, header, rows, encoding="utf-8-sig", delimiter=";", eol="\r\n")
    FILES.append(spec)


# ======================================================================================
# 4. An English-speaking consultant's status overview (UTF-8, ',', every cell quoted).
# ======================================================================================


def consultant_status(path: Path):
    header = ["Municipality", "Postal code", "Date of status", "Cell status", "Cell name", "Type of cell", "Source", "Comments"]
    spec = FileSpec(
        name=path.name,
        kind="status",
        origin=(
            "An English-speaking consultant mapping the cells for a European project: English exonyms beside "
            "Dutch and French names, everyday English for the status, every cell quoted by her tool."
        ),
        columns={
            "Municipality": "municipality", "Postal code": "postal_code", "Date of status": "date",
            "Cell status": "status", "Cell name": "cell", "Type of cell": "cell_kind", "Source": "source", "Comments": "ignore",
        },
        place=["Municipality", "Postal code"],
    )
    rows = [
        (["Antwerp", "", "2019-03-12", "up and running", "LIVC-R Antwerpen", "single", "city website", ""],
         L("11002", "operational", "2019-03-12", "day", why="English exonym of Antwerpen")),
        (["Ghent", "9000", "12/03/2019 14:30", "up and running", 'LIVC-R "Veilig Gent"', "", "interview", ""],
         L("44021", "operational", "2019-03-12", "day", why="English exonym with its postcode; a time after the date; a quoted cell name")),
        (["Bruges", "", "March 2019", "in progress", "", "", "interview", ""],
         L("31005", "being_set_up", "2019-03-01", "month", why="French/English name of Brugge; English month")),
        (["Mons", "", "Q2 2019", "being established", "", "", "press", ""],
         L("53053", "being_set_up", "2019-04-01", "quarter", why="quarter only")),
        (["Liege", "", "2019", "up and running", "", "", "press", "accent missing"],
         L("62063", "operational", "2019-01-01", "year", why="Liège without its accent; a bare year")),
        (["Ostend", "", "", "not yet", "", "", "phone call", ""],
         L("35013", "none", why="English exonym of Oostende; 'not yet' = no cell; no date needed")),
        (["Ypres", "", "", "no cell", "", "", "phone call", ""], L("33011", "none", why="French/English name of Ieper")),
        (["Louvain", "", "01/06/2019", "planned", "", "", "council minutes", ""],
         L("24062", "planned", "2019-06-01", "day", why="French name of Leuven")),
        (["Namur (Jambes)", "5100", "15/05/2019", "in progress", "", "", "", "meeting held in Jambes"],
         L("92094", "being_set_up", "2019-05-15", "day", why="municipality with a section in brackets, postcode agrees")),
        (["Saint-Nicolas", "", "2019", "up and running", "", "", "press", ""],
         A("municipality", "Saint-Nicolas is a municipality of the province of Liège and the French name of Sint-Niklaas")),
        (["Heusden", "", "Q3 2019", "planned", "", "", "", ""],
         A("municipality", "Heusden is a section of Heusden-Zolder and of Destelbergen")),
        (["Brussels (Laeken)", "", "June 2019", "in progress", "", "", "", ""],
         L("21004", "being_set_up", "2019-06-01", "month", why="Laeken is a section of the City of Brussels")),
        (["Elsene/Ixelles", "1050", "2019-05-20", "up and running", "", "", "", "postcode shared with part of Brussels"],
         L("21009", "operational", "2019-05-20", "day", why="postcode 1050 alone is ambiguous, the bilingual name settles it")),
        (["Charleroi", "", "31/02/2019", "up and running", "", "", "", ""], R("date", "31 February does not exist")),
        (["Molenbeek-Saint-Jean", "", "Feb 2019", "operational", "", "", "", ""],
         L("21012", "operational", "2019-02-01", "month", why="French name; abbreviated English month")),
        (["Verviers", "", "", "n/a", "", "", "", "no reply yet"], L("63079", "unknown", why="'n/a' = not available; no date needed")),
        (["Kortrijk", "", "2016", "up and running", "", "single", "2016 pilot list", ""],
         L("34022", "operational", "2016-01-01", "year", why="a bare year")),
        (["Menen", "", "2016", "up and running", "LIVC Grensleie", "police zone", "2016 pilot list",
          "Cell covers Menen, Wervik and Wevelgem, run by the police zone"],
         L("34027", "operational", "2016-01-01", "year", why="a police-zone cell; a comma inside a quoted comment")),
        (["Genk", "", "2018", "see email from Jan", "", "", "", ""],
         A("status", "'see email from Jan' says nothing a rule could read")),
        (["Dinant", "", "", "up and running", "", "", "press",
          "Article says the cell \"meets every month\".\nNo date given."],
         R("date", "an operational cell needs the date it became so; only 'none' and 'unknown' may come without one")),
        (["Tournai", "", "2019-04-30", "being established", "", "", "", ""],
         L("57081", "being_set_up", "2019-04-30", "day", why="plain")),
    ]
    write_csv(spec, path, header, rows, encoding="utf-8", delimiter=",", eol="\n", quote_all=True)
    FILES.append(spec)


# ======================================================================================
# 5. A Brussels police zone's history of its cell (UTF-8 BOM, ';', bilingual headers).
# ======================================================================================


def zp_midi(path: Path):
    header = ["Gemeente / Commune", "NIS-Code INS", "Statut / Status", "Date d'effet / Ingangsdatum",
              "Nom de la cellule / Naam cel", "Type de cellule / Soort cel", "Source / Bron"]
    spec = FileSpec(
        name=path.name,
        kind="status",
        origin=(
            "The Brussels police zone Midi/Zuid (Anderlecht, Sint-Gillis, Vorst) sends the history of its zone "
            "cell, one line per change, with bilingual headers as Brussels administrations write them."
        ),
        columns={
            "Gemeente / Commune": "municipality", "NIS-Code INS": "municipality_code", "Statut / Status": "status",
            "Date d'effet / Ingangsdatum": "date", "Nom de la cellule / Naam cel": "cell",
            "Type de cellule / Soort cel": "cell_kind", "Source / Bron": "source",
        },
        place=["Gemeente / Commune", "NIS-Code INS"],
    )
    cell, kind, src = "CSIL-R ZP Midi / LIVC-R PZ Zuid", "Zone de police", "PV collège de police"
    rows = [
        (["Anderlecht", "21001", "Prévue", "01/09/2016", cell, kind, src], L("21001", "planned", "2016-09-01", "day", why="plain")),
        (["Anderlecht", "21001", "En cours de constitution", "mars 2017", cell, kind, src],
         L("21001", "being_set_up", "2017-03-01", "month", why="French month name")),
        (["Anderlecht", "21001", "Opérationnelle", "mardi 12 mars 2019", cell, kind, src],
         L("21001", "operational", "2019-03-12", "day", why="French weekday before the date (12 March 2019 was a Tuesday)")),
        (["Saint-Gilles / Sint-Gillis", "21013", "Prévue", "09/2016", cell, kind, src],
         L("21013", "planned", "2016-09-01", "month", why="bilingual name, code agrees")),
        (["Saint-Gilles / Sint-Gillis", "21013", "En place", "T2 2019", cell, kind, src],
         L("21013", "operational", "2019-04-01", "quarter", why="'en place' = operational; French quarter 'T2'")),
        (["Vorst/Forest", "", "Gepland", "2017", cell, kind, src],
         L("21007", "planned", "2017-01-01", "year",
           why="Vorst alone is also a section of Laakdal, Forest alone a section of Frasnes-lez-Anvaing; only 21007 bears both names")),
        (["Vorst/Forest", "", "Operationeel", "15/10/2019", cell, kind, src],
         L("21007", "operational", "2019-10-15", "day", why="bilingual name, as above")),
        (["Cureghem", "", "Opérationnelle", "2019", cell, kind, src],
         A("municipality", "Cureghem/Kuregem is a neighbourhood, in no list of municipalities or sections")),
        (["ZP Midi / PZ Zuid", "", "Opérationnelle", "12/03/2019", cell, kind, src],
         A("municipality", "a police zone, not a municipality; no table says which municipalities it covers")),
        (["Saint-Gilles", "21012", "Opérationnelle", "12/03/2019", cell, kind, src],
         A("municipality", "the code 21012 is Sint-Jans-Molenbeek, the name is Sint-Gillis (21013)")),
        None,
        (["Total / Totaal", "", "3", "", "", "", ""], S("total row")),
        (["Source : procès-verbaux du collège de police 2016-2019 / Bron: notulen politiecollege", "", "", "", "", "", ""],
         S("a note in the first column")),
    ]
    write_csv(spec, path, header, rows, encoding="utf-8-sig", delimiter=";", eol="\r\n")
    FILES.append(spec)


# ======================================================================================
# 6. The Province of Namur's overview (cp1252, ';').
# ======================================================================================


def province_namur(path: Path):
    header = ["Code INS commune", "Commune concernée", "Statut de la cellule", "Depuis le", "Nom de la cellule", "Type", "Remarques"]
    spec = FileSpec(
        name=path.name,
        kind="status",
        origin=(
            "The Province of Namur's security unit relays the governor's 2019 survey, saved from Excel as plain "
            "'CSV' on a Belgian Windows (Windows-1252, ';'), French everyday words for the status."
        ),
        columns={
            "Code INS commune": "municipality_code", "Commune concernée": "municipality", "Statut de la cellule": "status",
            "Depuis le": "date", "Nom de la cellule": "cell", "Type": "cell_kind", "Remarques": "ignore",
        },
        place=["Code INS commune", "Commune concernée"],
    )
    rows = [
        (["92094", "Namur", "Opérationnelle", "15/03/2017", "CSIL-R de Namur", "Une seule commune", ""],
         L("92094", "operational", "2017-03-15", "day", why="plain; cell kind in French")),
        (["91034", "Dinant", "En cours", "T2 2019", "", "", ""],
         L("91034", "being_set_up", "2019-04-01", "quarter", why="'en cours' = being set up; French quarter")),
        (["91030", "Ciney", "pas de cellule", "", "s.o.", "s.o.", ""],
         L("91030", "none", why="'s.o.' (sans objet) in the cell columns = empty; no date needed")),
        (["92142", "Gembloux", "aucune CSIL-R", "mars 2019", "", "", "le collège en discute"],
         L("92142", "none", "2019-03-01", "month", why="'aucune CSIL-R' = no cell, with a date")),
        (["92003", "Andenne", "Prévue", "mardi 12 mars 2019", "", "", ""],
         L("92003", "planned", "2019-03-12", "day", why="French weekday and month name")),
        (["92137", "Sambreville", "Opérationnelle", "2018", "CSIL-R Sambreville", "", ""],
         L("92137", "operational", "2018-01-01", "year", why="a bare year")),
        (["9213", "Fosses-la-Ville", "En cours de constitution", "01/02/2019", "", "", ""],
         L("92048", "being_set_up", "2019-02-01", "day", why="a four-digit code that is no NIS code; the name is good")),
        (["92045", "Floreffe", "Envisagée", "2e trimestre 2019", "", "", ""],
         L("92045", "planned", "2019-04-01", "quarter", why="'envisagée' = planned; French quarter in words")),
        (["92101", "Profondeville", "Inconnu", "", "", "", "pas de réponse"], L("92101", "unknown", why="no date needed")),
        (["92035", "Éghezée", "Opérationnelle", "31/02/2019", "", "", ""], R("date", "31 February does not exist")),
        (["93014", "Couvin", "Opérationnelle", "12/03/2019 14:30", "", "", ""],
         L("93014", "operational", "2019-03-12", "day", why="a time after the date")),
        (["93056", "Philippeville", "en réflexion", "2019", "", "", ""],
         A("status", "'en réflexion' (being considered): planned, or not even that?")),
        (["93088", "Walcourt", "Opérationnelle", "", "", "", "date à demander"],
         R("date", "an operational cell needs the date it became so")),
        (["93022", "Florennes", "Constituée", "03/2019", "", "", ""],
         L("93022", "operational", "2019-03-01", "month", why="'constituée' = operational")),
        (["91114", "Rochefort", "?", "", "", "", ""], L("91114", "unknown", why="'?' = unknown")),
        (["", "Jemeppe", "Prévue", "2019", "", "", ""],
         A("municipality", "Jemeppe: Jemeppe-sur-Sambre (province of Namur) or the section of Seraing; no code given")),
        (["Total", "16 communes", "", "", "", "", ""], S("total row")),
    ]
    write_csv(spec, path, header, rows, encoding="cp1252", delimiter=";", eol="\r\n")
    FILES.append(spec)


# ======================================================================================
# 7. The German-speaking Community's overview of its two zone cells (XLSX, two-row header).
# ======================================================================================


def dg_zellen(path: Path):
    header = ["Gemeinde Name", "Gemeinde PLZ", "Zelle Bezeichnung", "Zelle Art", "Stand", "Seit", "Quelle"]
    spec = FileSpec(
        name=path.name,
        kind="status",
        origin=(
            "The Ministry of the German-speaking Community keeps an overview of Ostbelgien's two police-zone cells "
            "and of its neighbours, in German, with a title block and a header over two rows (group labels merged)."
        ),
        columns={
            "Gemeinde Name": "municipality", "Gemeinde PLZ": "postal_code", "Zelle Bezeichnung": "cell",
            "Zelle Art": "cell_kind", "Stand": "status", "Seit": "date", "Quelle": "source",
        },
        place=["Gemeinde Name", "Gemeinde PLZ"],
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Zellen 2019"
    ws["A1"] = "Ministerium der Deutschsprachigen Gemeinschaft – Übersicht LIVC-R / CSIL-R"
    ws.merge_cells("A1:G1")
    ws["A2"] = "Stand: Juni 2019"
    ws["A4"] = "Gemeinde"
    ws.merge_cells("A4:B4")
    ws["C4"] = "Zelle"
    ws.merge_cells("C4:D4")
    for col, text in zip("EFG", ["Stand", "Seit", "Quelle"]):
        ws[f"{col}4"] = text
        ws.merge_cells(f"{col}4:{col}5")
    for col, text in zip("ABCD", ["Name", "PLZ", "Bezeichnung", "Art"]):
        ws[f"{col}5"] = text
    wg, ei, pz, prot = "LIVC-R Weser-Göhl", "LIVC-R Eifel", "Polizeizone", "Protokoll Polizeikollegium"
    put_rows(spec, ws, header, 6, [
        (("Eupen", 4700, wg, pz, "besteht", D(2017, 6, 1), prot),
         L("63023", "operational", "2017-06-01", "day", why="'besteht' (exists) = operational")),
        (("Kelmis", 4720, wg, pz, "besteht", "März 2019", prot),
         L("63040", "operational", "2019-03-01", "month", why="German month name")),
        (("Lontzen", 4710, wg, pz, "besteht", "Dienstag, 12. März 2019", prot),
         L("63048", "operational", "2019-03-12", "day", why="German weekday and date in words")),
        (("Raeren", 4730, wg, pz, "besteht", "31.02.2019", prot), R("date", "31 February does not exist")),
        None,
        (("Amel", 4770, ei, "PZ", "in Gründung", "2. Quartal 2019", prot),
         L("63001", "being_set_up", "2019-04-01", "quarter", why="'in Gründung' = being set up; German quarter")),
        (("Büllingen", 4760, ei, "PZ", "in Gründung", "Q2 2019", prot),
         L("63012", "being_set_up", "2019-04-01", "quarter", why="plain")),
        (("Bütgenbach", 4750, ei, "PZ", "geplant", 2019, prot),
         L("63013", "planned", "2019-01-01", "year", why="'geplant' = planned; a bare year as a number")),
        (("St. Vith", 4780, ei, "PZ", "in Gründung", "April 2019", prot),
         L("63067", "being_set_up", "2019-04-01", "month", why="abbreviation of Sankt Vith (Saint-Vith); postcode 4780 agrees")),
        (("Burg-Reuland", 4790, ei, "PZ", "k.A.", "k.A.", None),
         L("63087", "unknown", why="'k.A.' (keine Angabe) = unknown, and no date")),
        None,
        (("Nachbargemeinden",), S("a group label row")),
        (("Weismes", 4950, None, None, "keine Zelle", None, "Telefonat"),
         L("63080", "none", why="German name of Waimes; 'keine Zelle' = no cell")),
        (("Malmedy", 4960, None, None, "geplant", "Herbst 2019", "Presse"),
         A("date", "'Herbst 2019' (autumn) is no day, month, quarter or year")),
        (("Lüttich", 4000, None, None, "besteht", D(2016, 3, 1), "Presse"),
         L("62063", "operational", "2016-03-01", "day", why="German name of Liège")),
        (("Verviers", 4800, None, None, "besteht", 2016, "Pilotliste 2016"),
         L("63079", "operational", "2016-01-01", "year", why="plain")),
        (("Welkenraedt", 4840, None, None, "keine Zelle", None, "Telefonat"), L("63084", "none", why="no date needed")),
        (("Bleiberg", 4850, None, None, "Rücksprache mit Bürgermeister", None, None),
         A("status", "the place is clear (Bleiberg = Plombières, postcode 4850) but 'talk to the mayor' is no status")),
        None,
        (("Insgesamt", None, None, None, "9 Gemeinden / 2 Zellen"), S("total row")),
    ])
    note = wb.create_sheet("Legende")
    for i, text in enumerate(
        ["besteht = operationeel / opérationnelle", "in Gründung = in oprichting", "geplant = gepland",
         "keine Zelle = geen cel", "k.A. = keine Angabe"],
        start=1,
    ):
        note.cell(row=i, column=1, value=text)
    save_xlsx(wb, path)
    spec.extra["sheets"] = ["Zellen 2019", "Legende"]
    spec.extra["not_data_sheets"] = ["Legende"]
    spec.extra["header_rows"] = [4, 5]
    FILES.append(spec)


# ======================================================================================
# 8. The Mobile Team's own log, exported as tab-separated text.
# ======================================================================================


def mobiel_team(path: Path):
    header = ["Bezoeknr.", "Bezocht op", "Gemeenten", "Uitgevoerd door", "Type begeleiding", "Rapport?",
              "Volgende afspraak", "Notities (intern)"]
    spec = FileSpec(
        name=path.name,
        kind="visits",
        origin=(
            "The Mobile Team's log of its field visits 2016-2019, exported from its database as tab-separated text "
            "(UTF-8), with Dutch and French words as each expert typed them."
        ),
        columns={
            "Bezoeknr.": "visit_id", "Bezocht op": "date", "Gemeenten": "municipalities", "Uitgevoerd door": "team",
            "Type begeleiding": "offer", "Rapport?": "report_delivered", "Volgende afspraak": "follow_up",
            "Notities (intern)": "internal_notes",
        },
        place=["Gemeenten"],
    )
    MT = "mobile_team"
    rows = [
        (["MT-16-01", "15/03/2016", "Vilvoorde", "Mobiel Team", "Terreinanalyse", "ja", "n.v.t.", "Pilootgemeente – één van de vijftien."],
         L("23088", date="2016-03-15", prec="day", team=MT, offer="field_analysis", report=True, why="plain; 'n.v.t.' follow-up = none")),
        (["MT-16-02", "maart 2016", "Schaarbeek", "MT", "Terreinanalyse", "ja", "", ""],
         L("21015", date="2016-03-01", prec="month", team=MT, offer="field_analysis", report=True, why="Dutch month name")),
        (["MT-16-03", "07/06/2016", "Sint-Jans-Molenbeek, Koekelberg", "MT", "veldanalyse", "nee", "",
          "Gezamenlijk bezoek.\nRapport volgt na de zomer."],
         L("21012;21011", date="2016-06-07", prec="day", team=MT, offer="field_analysis", report=False,
           why="two municipalities; 'veldanalyse' = field analysis; a note over two lines")),
        (["MT-16-04", "2016-11-22", "Menen; Wevelgem; Wervik", "MT", "sensibiliseringsdag", "ja", "", ""],
         L("34027;34041;33029", date="2016-11-22", prec="day", team=MT, offer="awareness_day", report=True, why="three municipalities")),
        (["MT-17-01", "Q1 2017", "Maaseik", "MT", "Terreinanalyse", "Y", "", ""],
         L("72021", date="2017-01-01", prec="quarter", team=MT, offer="field_analysis", report=True, why="quarter only")),
        (["MT-17-02", "2017", "Verviers", "MT", "analyse de terrain", "oui", "", ""],
         L("63079", date="2017-01-01", prec="year", team=MT, offer="field_analysis", report=True, why="a bare year; French offer and yes")),
        (["MT-17-03", "12/09/2017", "Deinze", "MT", "Terreinanalyse + rapport", "ja", "", ""],
         L("44083", date="2017-09-12", prec="day", team=MT, offer="field_analysis", report=True,
           why="Deinze before its 2019 merger with Nevele (44011 then, 44083 now); the field analysis comes with its report")),
        (["MT-17-04", "03/10/2017", "Puurs", "MT", "Sensibilisering", "nee", "", ""],
         L("12041", date="2017-10-03", prec="day", team=MT, offer="awareness_day", report=False, why="pre-2019 municipality, Puurs-Sint-Amands since 2019")),
        (["MT-18-01", "20/02/2018", "Knesselare", "MT", "Sensibilisering", "ja", "", ""],
         L("44084", date="2018-02-20", prec="day", team=MT, offer="awareness_day", report=True, why="pre-2019 municipality, Aalter since 2019")),
        (["MT-18-02", "", "Charleroi", "MT", "Terreinanalyse", "", "", "bezoek verzet, nieuwe datum onbekend"],
         R("date", "a visit without a date")),
        (["MT-18-03", "29/02/2018", "Seraing", "MT", "analyse de terrain", "oui", "", ""],
         R("date", "2018 was not a leap year")),
        (["MT-18-04", "05/06/2018", "Kessel-Lo", "MT", "Sensibilisering", "ja", "", ""],
         L("24062", date="2018-06-05", prec="day", team=MT, offer="awareness_day", report=True, why="a section of Leuven")),
        (["MT-18-05", "18/09/2018", "Neerpelt", "MT", "Sensibilisering", "x", "", ""],
         L("72043", date="2018-09-18", prec="day", team=MT, offer="awareness_day", report=True, why="pre-2019 municipality, Pelt since 2019")),
        (["MT-19-01", "15/01/2019", "Heusden", "MT", "Terreinanalyse", "ja", "", ""],
         A("municipality", "Heusden is a section of Heusden-Zolder and of Destelbergen")),
        (["MT-19-02", "di 12 maart 2019", "Mechelen", "MT", "sensibilisering van het personeel", "ja", "", ""],
         L("12025", date="2019-03-12", prec="day", team=MT, offer="awareness_day", report=True, why="Dutch weekday and month name")),
        (["MT-19-03", "04/2019", "Oostende", "T. Peeters", "Terreinanalyse", "ja", "", ""],
         A("team", "a person's name, not a team")),
        (["MT-19-04", "21/05/2019", "Kortrijk", "MT", "Terreinanalyse", "ja", "", "Kort verslag; zie het volledige rapport."],
         L("34022", date="2019-05-21", prec="day", team=MT, offer="field_analysis", report=True, why="plain")),
        (["MT-19-05", "2e kwartaal 2019", "Aalst", "MT", "Sensibilisering", "nee", "", ""],
         A("municipality", "Aalst is a municipality and also a section of Sint-Truiden; nothing beside it settles which")),
    ]
    write_csv(spec, path, header, rows, encoding="utf-8", delimiter="\t", eol="\n")
    FILES.append(spec)


# ======================================================================================
# 9. The Governor of Hainaut's survey: arrondissements, subtotals, a header over two rows.
# ======================================================================================


def hainaut(path: Path):
    header = ["Code INS", "Commune concernée", "Statut de la cellule", "Date de mise en place", "Nom de la cellule", "Remarques"]
    spec = FileSpec(
        name=path.name,
        kind="status",
        origin=(
            "The Governor of Hainaut's services forward the 2019 survey arranged by arrondissement with a label "
            "and a subtotal for each; the header text wraps over two rows (typed in two cells, not merged)."
        ),
        columns={
            "Code INS": "municipality_code", "Commune concernée": "municipality", "Statut de la cellule": "status",
            "Date de mise en place": "date", "Nom de la cellule": "cell", "Remarques": "ignore",
        },
        place=["Code INS", "Commune concernée"],
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Enquête 2019"
    ws["A1"] = "Province de Hainaut – Enquête CSIL-R 2019"
    ws.merge_cells("A1:F1")
    ws["A2"] = "Services du Gouverneur – Sécurité intégrale"
    for col, (top, bottom) in enumerate(
        [("Code INS", None), ("Commune", "concernée"), ("Statut de", "la cellule"), ("Date de", "mise en place"),
         ("Nom de la", "cellule"), ("Remarques", None)],
        start=1,
    ):
        ws.cell(row=4, column=col, value=top)
        if bottom:
            ws.cell(row=5, column=col, value=bottom)
    ws.merge_cells("A4:A5")
    ws.merge_cells("F4:F5")
    put_rows(spec, ws, header, 6, [
        (("Arrondissement de Charleroi",), S("an arrondissement label")),
        ((52011, "Charleroi", "Opérationnelle", D(2016, 4, 15)), L("52011", "operational", "2016-04-15", "day", why="plain")),
        ((52012, "Châtelet", "En cours", "T2 2019"), L("52012", "being_set_up", "2019-04-01", "quarter", why="French quarter")),
        ((52021, "Fleurus", "Pas de cellule", None), L("52021", "none", why="no date needed")),
        ((52015, "Courcelles", "Prévue", "mars 2019"), L("52015", "planned", "2019-03-01", "month", why="French month name")),
        (("Sous-total Charleroi", None, 2), S("subtotal")),
        (("Arrondissement de Mons",), S("an arrondissement label")),
        ((53053, "Mons", "Opérationnelle", D(2017, 1, 9)), L("53053", "operational", "2017-01-09", "day", why="plain")),
        ((53065, "Quaregnon", "aucune CSIL-R", "2019"), L("53065", "none", "2019-01-01", "year", why="'aucune CSIL-R' = no cell")),
        ((53028, "Frameries", "En cours de constitution", "09/2019"), L("53028", "being_set_up", "2019-09-01", "month", why="month only")),
        (("Sous-total Mons", None, 1), S("subtotal")),
        (("Arrondissement de Tournai-Mouscron",), S("an arrondissement label")),
        ((54007, "Mouscron", "Opérationnelle", D(2018, 10, 1)),
         L("57096", "operational", "2018-10-01", "day", why="Mouscron's code until 2018 (54007), 57096 since the 2019 recoding")),
        ((57081, "Tournai", "Prévue", D(2019, 3, 12, 14, 30)),
         L("57081", "planned", "2019-03-12", "day", why="a date cell with a time")),
        ((54010, "Comines-Warneton", "pas de cellule", "s.o."),
         L("57097", "none", why="old code 54010; 's.o.' (sans objet) in the date = no date")),
        (("Sous-total Tournai-Mouscron", None, 1), S("subtotal")),
        (("Arrondissement de La Louvière",), S("an arrondissement label")),
        ((55022, "La Louvière", "Opérationnelle", 2017), L("58001", "operational", "2017-01-01", "year", why="old code 55022, recoded 58001 in 2019")),
        ((56011, "Binche", "en stand-by", None), A("status", "'en stand-by': a cell that exists but is dormant? no status says that")),
        ((58004, "Morlanwelz", "Prévue", "31/02/2019"), R("date", "31 February does not exist")),
        (("Sous-total La Louvière", None, 1), S("subtotal")),
        (("Arrondissements d'Ath et de Soignies",), S("an arrondissement label")),
        ((55040, "Soignies", "En place", D(2018, 5, 2)), L("55040", "operational", "2018-05-02", "day", why="'en place' = operational")),
        ((55010, "Enghien", "Opérationnelle", "12/03/2019"),
         L("51067", "operational", "2019-03-12", "day", why="old code 55010 (arrondissement of Soignies), 51067 since 2019")),
        (("Sous-total Ath-Soignies", None, 2), S("subtotal")),
        None,
        (("TOTAL PROVINCE", None, 7), S("grand total")),
    ])
    legend = wb.create_sheet("Légende")
    legend["A1"] = "Statuts : Opérationnelle / En cours (de constitution) / Prévue / Pas de cellule"
    legend["A2"] = "s.o. = sans objet"
    save_xlsx(wb, path)
    spec.extra["sheets"] = ["Enquête 2019", "Légende"]
    spec.extra["not_data_sheets"] = ["Légende"]
    spec.extra["header_rows"] = [4, 5]
    FILES.append(spec)


# ======================================================================================
# 10. A municipal secretary's history of an intermunicipal cell (cp1252, ';').
# ======================================================================================


def deinze(path: Path):
    header = ["Gemeente", "Status LIVC-R", "Datum", "Contactpersoon", "Telefoon", "E-mail"]
    spec = FileSpec(
        name=path.name,
        kind="status",
        origin=(
            "The secretary of Deinze, coordinator of the police-zone cell Deinze-Zulte-Lievegem, sends its history "
            "for the old and new municipalities; the header on line 1 has contact columns nobody asked for."
        ),
        columns={
            "Gemeente": "municipality", "Status LIVC-R": "status", "Datum": "date",
            "Contactpersoon": "ignore", "Telefoon": "ignore", "E-mail": "ignore",
        },
        place=["Gemeente"],
    )
    who, tel, mail = "Hélène Verbeke", "09 381 95 00", "veiligheid@deinze.be"
    rows = [
        (["Deinze", "Gepland", "2e kwartaal 2017", who, tel, mail],
         L("44083", "planned", "2017-04-01", "quarter", why="Deinze (44011 then, 44083 since 2019); Dutch quarter")),
        (["Nevele", "Gepland", "2e kwartaal 2017", "Anaïs De Smet", "09 321 00 00", ""],
         L("44083", "planned", "2017-04-01", "quarter", why="pre-2019 municipality, merged into Deinze")),
        (["Deinze", "In oprichting", "november 2018", who, tel, mail],
         L("44083", "being_set_up", "2018-11-01", "month", why="Dutch month name")),
        (["Nevele", "In oprichting", "november 2018", "Anaïs De Smet", "", ""],
         L("44083", "being_set_up", "2018-11-01", "month", why="as above")),
        (["Deinze", "Operationeel", "di 12/03/2019", who, tel, mail],
         L("44083", "operational", "2019-03-12", "day", why="weekday before the date")),
        (["Zulte", "Operationeel", "12/03/2019", "", "", ""], L("44081", "operational", "2019-03-12", "day", why="plain")),
        (["Lovendegem", "Operationeel", "12-03-2019", "", "", ""],
         L("44085", "operational", "2019-03-12", "day", why="pre-2019 municipality, Lievegem since 2019; dashes")),
        (["Waarschoot", "Operationeel", "12.03.2019", "", "", ""],
         L("44085", "operational", "2019-03-12", "day", why="pre-2019 municipality; dots")),
        (["Zomergem", "Operationeel", "12/03/19", "", "", ""],
         L("44085", "operational", "2019-03-12", "day", why="pre-2019 municipality; two-digit year")),
        (["Machelen", "Operationeel", "12/03/2019", "", "", ""],
         A("municipality", "Machelen is a municipality of Vlaams-Brabant and a section of Zulte")),
        (["Lievegem", "zie Lovendegem", "", "", "", ""], A("status", "'see Lovendegem' is no status")),
        (["Sint-Martens-Latem", "geen", "", "", "", ""], L("44064", "none", why="'geen' = none; no date needed")),
    ]
    write_csv(spec, path, header, rows, encoding="cp1252", delimiter=";", eol="\r\n")
    FILES.append(spec)


# ======================================================================================
# 11. The Province of Liège's log of visits (UTF-8, ',', quotes only where needed).
# ======================================================================================


def long_note() -> str:
    parts = []
    i = 1
    while sum(len(p) for p in parts) < 40000:
        parts.append(
            f"Point {i}: la CSIL-R se réunit avec le bourgmestre, la police, le CPAS et les écoles, "
            f"et le rapport \"intermédiaire\" n° {i} a été transmis. "
        )
        i += 1
    return "".join(parts).strip()


def liege_visites(path: Path):
    header = ["N° de visite", "Visité le", "Commune(s) visitée(s)", "Équipe", "Type d'accompagnement",
              "Rapport remis", "Date de suivi", "Notes internes"]
    spec = FileSpec(
        name=path.name,
        kind="visits",
        origin=(
            "The Province of Liège's prevention service logs the visits made in its municipalities; French "
            "headers, UTF-8 with ',' and quotes only where a cell needs them, and one note pasted from a report "
            "that is longer than an Excel cell may hold."
        ),
        columns={
            "N° de visite": "visit_id", "Visité le": "date", "Commune(s) visitée(s)": "municipalities", "Équipe": "team",
            "Type d'accompagnement": "offer", "Rapport remis": "report_delivered", "Date de suivi": "follow_up",
            "Notes internes": "internal_notes",
        },
        place=["Commune(s) visitée(s)"],
    )
    FO, MT, BO = "radix_front_office", "mobile_team", "radix_back_office"
    note = long_note()
    assert len(note) > 32767
    rows = [
        (["L-01", "mardi 12 mars 2019", "Liège", "Équipe mobile", "analyse de terrain", "oui", "s.o.", ""],
         L("62063", date="2019-03-12", prec="day", team=MT, offer="field_analysis", report=True, why="French weekday and month; 's.o.' follow-up")),
        (["L-02", "12/03/2019", "Seraing, Flémalle", "FO", "journée de sensibilisation pour le personnel communal", "non", "", ""],
         L("62096;62120", date="2019-03-12", prec="day", team=FO, offer="awareness_day", report=False, why="two municipalities in one quoted cell")),
        (["L-03", "03/2019", "Herstal", "Radix", "Soutien mise en place CSIL-R", "oui", "", ""],
         L("62051", date="2019-03-01", prec="month", team=FO, offer="livcr_setup_support", report=True, why="'Radix' = its Front-Office; month only")),
        (["L-04", "T3 2019", "Verviers / Dison", "FO", "Soutien aux projets", "oui", "", ""],
         L("63079;63020", date="2019-07-01", prec="quarter", team=FO, offer="project_support", report=True, why="'/' between two municipalities; French quarter")),
        (["L-05", "2019-11-05", "Jupille-sur-Meuse", "BO", "formation", "non", "", ""],
         L("62063", date="2019-11-05", prec="day", team=BO, offer="training", report=False, why="a section of Liège")),
        (["L-06", "", "Huy", "FO", "formation", "", "", "à replanifier"], R("date", "a visit without a date")),
        (["L-07", "05/02/2020", "Saint-Nicolas", "FO", "Sensibilisation", "oui", "", ""],
         A("municipality", "Saint-Nicolas (province of Liège) or Sint-Niklaas, whose French name it is")),
        (["L-08", "05/02/2020", "Saint-Nicolas (4420)", "FO", "Sensibilisation", "oui", "", ""],
         L("62093", date="2020-02-05", prec="day", team=FO, offer="awareness_day", report=True, why="the postcode in brackets settles it")),
        (["L-09", "1er trimestre 2020", "Ans", "FO", "Soutien de projet", "non", "", ""],
         L("62003", date="2020-01-01", prec="quarter", team=FO, offer="project_support", report=False, why="French quarter in words")),
        (["L-10", "10/03/2020 09:00", "Waremme", "BO", "formation des agents de quartier", "oui", "", ""],
         L("64074", date="2020-03-10", prec="day", team=BO, offer="training", report=True, why="a time after the date; the offer as a phrase")),
        (["L-11", "juin 2020", "Visé", "FO", "réunion", "oui", "", ""],
         A("offer", "'réunion' (a meeting) is none of the catalogue's offers")),
        (["L-12", "15/09/2020", "Spa", "BO", "Autre", "N", "", ""],
         L("63072", date="2020-09-15", prec="day", team=BO, offer="other", report=False, why="plain")),
        (["L-13", "30/02/2021", "Malmedy", "FO", "formation", "", "", ""], R("date", "30 February does not exist")),
        (["L-14", "22/06/2021", "Neufchâteau", "FO", "Soutien mise en place CSIL-R", "oui", "", ""],
         A("municipality", "Neufchâteau is a municipality of the province of Luxembourg and a section of Dalhem (Liège)")),
        (["L-15", "2021", "Chaudfontaine", "FO", "Mise en place", "✓", "", note],
         L("62022", date="2021-01-01", prec="year", team=FO, offer="livcr_setup_support", report=True,
           why="a bare year; a tick = yes; a note of more than 32,767 characters")),
        (["L-16", "07/12/2021", "Liège (Angleur)", "Équipe Radix", "Mise en place CSIL-R", "oui", "", ""],
         L("62063", date="2021-12-07", prec="day", team=FO, offer="livcr_setup_support", report=True, why="municipality with a section in brackets")),
    ]
    write_csv(spec, path, header, rows, encoding="utf-8", delimiter=",", eol="\r\n")
    FILES.append(spec)


# ======================================================================================
# 12. The German-speaking Community's log of visits (cp1252, ';').
# ======================================================================================


def dg_besuche(path: Path):
    header = ["Besuchsdatum", "Gemeinde(n)", "PLZ", "Team", "Angebot", "Bericht übermittelt", "Nachverfolgung", "Interne Notizen"]
    spec = FileSpec(
        name=path.name,
        kind="visits",
        origin=(
            "The German-speaking Community's ministry logs the visits in Ostbelgien and the good-practice "
            "exchanges it organised elsewhere, with German names for every city (Windows-1252, ';')."
        ),
        columns={
            "Besuchsdatum": "date", "Gemeinde(n)": "municipalities", "PLZ": "postal_code", "Team": "team", "Angebot": "offer",
            "Bericht übermittelt": "report_delivered", "Nachverfolgung": "follow_up", "Interne Notizen": "internal_notes",
        },
        place=["Gemeinde(n)", "PLZ"],
    )
    FO, MT, BO = "radix_front_office", "mobile_team", "radix_back_office"
    rows = [
        (["Dienstag, 12. März 2019", "Eupen", "4700", "Mobiles Team", "Sensibilisierung des Personals", "ja", "k.A.", ""],
         L("63023", date="2019-03-12", prec="day", team=MT, offer="awareness_day", report=True, why="German weekday and month; 'k.A.' follow-up = none")),
        (["März 2019", "Kelmis", "", "MT", "Feldanalyse", "ja", "", ""],
         L("63040", date="2019-03-01", prec="month", team=MT, offer="field_analysis", report=True, why="German month name; 'Feldanalyse' = field analysis")),
        (["02.04.2019", "Eynatten", "4731", "Radix FO", "Begleitung bei der Gründung der Zelle", "nein", "01.07.2019", ""],
         L("63061", date="2019-04-02", prec="day", team=FO, offer="livcr_setup_support", report=False, why="Eynatten is a section of Raeren")),
        (["2. Quartal 2019", "Amel, Büllingen", "", "FO", "Schulung", "ja", "", ""],
         L("63001;63012", date="2019-04-01", prec="quarter", team=FO, offer="training", report=True, why="two municipalities; German quarter")),
        (["17.09.2019", "Lüttich", "", "FO", "Projektbegleitung", "nein", "", "Austausch über gute Praktiken"],
         L("62063", date="2019-09-17", prec="day", team=FO, offer="project_support", report=False, why="German name of Liège")),
        (["17.09.2019", "Löwen", "", "FO", "Projektbegleitung (Besuch guter Praktiken)", "nein", "", ""],
         L("24062", date="2019-09-17", prec="day", team=FO, offer="project_support", report=False, why="German name of Leuven")),
        (["08.10.2019", "Mecheln", "", "FO", "Projektbegleitung", "ja", "", ""],
         L("12025", date="2019-10-08", prec="day", team=FO, offer="project_support", report=True, why="German name of Mechelen")),
        (["", "Welkenraedt", "", "BO", "Sonstiges", "", "", "Termin noch offen"], R("date", "a visit without a date")),
        (["05.11.2019", "Brüssel", "", "BO", "Sonstiges", "nein", "", "Treffen im Innenministerium"],
         L("21004", date="2019-11-05", prec="day", team=BO, offer="other", report=False, why="German name of Brussel (the municipality)")),
        (["Dienstag, 3. März 2020", "Sankt Vith", "4780", "FO", "Sensibilisierung", "ja", "", ""],
         L("63067", date="2020-03-03", prec="day", team=FO, offer="awareness_day", report=True, why="3 March 2020 was a Tuesday")),
        (["11.2020", "Bütgenbach", "", "FO", "Schulung", "nein", "", ""],
         L("63013", date="2020-11-01", prec="month", team=FO, offer="training", report=False, why="month.year")),
        (["30.02.2021", "Raeren", "", "FO", "Schulung", "", "", ""], R("date", "30 February does not exist")),
        (["2021", "Arel", "", "BO", "Sonstiges", "nein", "", ""],
         L("81001", date="2021-01-01", prec="year", team=BO, offer="other", report=False, why="German (and Luxembourgish) name of Arlon; 'Sonstiges' = other")),
        (["22.06.2021", "Burg-Reuland", "", "Herr Schmitz", "Schulung", "ja", "", ""],
         A("team", "a person, not a team")),
        (["22.06.2021", "Lontzen (Walhorn)", "", "FO", "Schulung", "ja", "", ""],
         L("63048", date="2021-06-22", prec="day", team=FO, offer="training", report=True, why="municipality with a section in brackets")),
        (["14.12.2021 10:00", "Hauset", "", "FO", "Begleitung bei der Gründung der Zelle", "ja", "", ""],
         L("63061", date="2021-12-14", prec="day", team=FO, offer="livcr_setup_support", report=True, why="Hauset is a section of Raeren; a time after the date")),
        (["k.A.", "Kettenis", "", "FO", "Schulung", "nein", "", ""], R("date", "'k.A.' (no information) is no date, and a visit needs one")),
    ]
    write_csv(spec, path, header, rows, encoding="cp1252", delimiter=";", eol="\r\n")
    FILES.append(spec)


# ======================================================================================
# 13. Brussels Prevention & Security: the 19 municipalities, bilingual (XLSX).
# ======================================================================================


def bps_brussel(path: Path):
    header = ["NIS", "Commune / Gemeente", "Code postal / Postcode", "Statut / Status", "Date / Datum", "Source / Bron"]
    spec = FileSpec(
        name=path.name,
        kind="status",
        origin=(
            "Brussels Prevention & Security compiles the status of the Brussels municipalities' cells, bilingual, "
            "with names as people say them (Molenbeek, Berchem, Sint-Joost) beside codes and postcodes."
        ),
        columns={
            "NIS": "municipality_code", "Commune / Gemeente": "municipality", "Code postal / Postcode": "postal_code",
            "Statut / Status": "status", "Date / Datum": "date", "Source / Bron": "source",
        },
        place=["NIS", "Commune / Gemeente", "Code postal / Postcode"],
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Communes-Gemeenten"
    ws["A1"] = "BPS – CSIL-R / LIVC-R : situation par commune / toestand per gemeente (2020)"
    ws.merge_cells("A1:F1")
    for col, h in enumerate(header, start=1):
        ws.cell(row=3, column=col, value=h)
    src = "enquête BPS / bevraging BPV"
    put_rows(spec, ws, header, 4, [
        ((21004, "Bruxelles-Ville / Brussel-Stad", 1000, "Opérationnelle", D(2016, 2, 1), src),
         L("21004", "operational", "2016-02-01", "day", why="the City of Brussels in both languages")),
        ((21009, "Elsene/Ixelles", 1050, "Operationeel", "2e kwartaal 2017", src),
         L("21009", "operational", "2017-04-01", "quarter", why="postcode 1050 alone is ambiguous; code and name settle it")),
        ((21001, "Anderlecht", 1070, "Opérationnelle", 2016, src), L("21001", "operational", "2016-01-01", "year", why="a bare year")),
        ((21015, "Schaerbeek", 1030, "Opérationnelle", D(2016, 6, 14), src), L("21015", "operational", "2016-06-14", "day", why="plain")),
        ((21012, "Molenbeek", 1080, "Opérationnelle", 2016, src),
         L("21012", "operational", "2016-01-01", "year", why="the everyday short name; code and postcode settle it")),
        ((21013, "Saint-Gilles", 1060, "Opérationnelle", D(2016, 9, 1), src), L("21013", "operational", "2016-09-01", "day", why="plain")),
        ((None, "Sint-Joost", 1210, "En cours", "T4 2019", src),
         L("21014", "being_set_up", "2019-10-01", "quarter", why="a short name; postcode 1210 is Sint-Joost-ten-Node only")),
        ((21005, "Etterbeek", 1040, "Prévue", "mars 2020", src),
         L("21005", "planned", "2020-03-01", "month", why="postcode 1040 is shared with Brussel; code and name settle it")),
        ((None, None, 1050, "Opérationnelle", 2018, src),
         A("municipality", "a postcode alone, shared by Elsene/Ixelles and Brussel")),
        ((21016, "Ukkel/Uccle", 1180, "Gepland", 2019, src), L("21016", "planned", "2019-01-01", "year", why="bilingual name")),
        ((21017, "Watermael-Boitsfort", 1170, "Pas de cellule", None, src), L("21017", "none", why="no date needed")),
        ((21002, "Oudergem/Auderghem", 1160, "Inconnu", None, src), L("21002", "unknown", why="no date needed")),
        ((21010, "Jette", 1090, "En cours de constitution", "01/2020", src), L("21010", "being_set_up", "2020-01-01", "month", why="month only")),
        ((21006, "Evere", 1140, "Opérationnelle", D(2019, 9, 1), src), L("21006", "operational", "2019-09-01", "day", why="plain")),
        ((21003, "Berchem", 1082, "Opérationnelle", 2019, src),
         L("21003", "operational", "2019-01-01", "year",
           why="Berchem alone is a district of Antwerpen or a section of Kluisbergen; the code and postcode say Sint-Agatha-Berchem")),
        ((21019, "Woluwe-Saint-Pierre", 1150, "à voir avec le bourgmestre", None, src),
         A("status", "'to be seen with the mayor' is no status")),
        ((21018, "Woluwe-Saint-Lambert", 1200, "Opérationnelle", "12/03/2019", src),
         L("21018", "operational", "2019-03-12", "day", why="plain")),
        ((21011, "Koekelberg", 1081, "Opérationnelle", D(2017, 5, 8), src), L("21011", "operational", "2017-05-08", "day", why="plain")),
        ((21008, "Ganshoren", 1083, "Pas de cellule", None, src), L("21008", "none", why="no date needed")),
        ((21007, "Forest", 1190, "Opérationnelle", "15/10/2019", src),
         L("21007", "operational", "2019-10-15", "day", why="Forest is also a section of Frasnes-lez-Anvaing; code and postcode settle it")),
        None,
        (("Total Région / Gewest", None, None, 19), S("total row")),
        (("Légende : « en cours » = en cours de constitution / in oprichting",), S("a note row")),
    ])
    save_xlsx(wb, path)
    spec.extra["sheets"] = ["Communes-Gemeenten"]
    spec.extra["header_rows"] = [3]
    FILES.append(spec)


# ======================================================================================
# 14. A police zone in the Kempen answers for its zone cell (cp1252, ';', 'Werkt de cel?').
# ======================================================================================


def pz_turnhout(path: Path):
    header = ["Gemeente", "Postcode", "Werkt de cel?", "Sinds", "Naam cel", "Soort cel", "Bron", "Opmerking"]
    spec = FileSpec(
        name=path.name,
        kind="status",
        origin=(
            "The police zone Regio Turnhout answers for its zone cell with a yes/no column, section names from its "
            "own address book, and three neighbouring municipalities 'for information'."
        ),
        columns={
            "Gemeente": "municipality", "Postcode": "postal_code", "Werkt de cel?": "status_yes_no", "Sinds": "date",
            "Naam cel": "cell", "Soort cel": "cell_kind", "Bron": "source", "Opmerking": "ignore",
        },
        place=["Gemeente", "Postcode"],
    )
    cel, soort, bron = "LIVC-R PZ Regio Turnhout", "politiezone", "zonaal veiligheidsplan"
    rows = [
        (["Turnhout", "2300", "ja", "2e kwartaal 2019", cel, soort, bron, ""],
         L("13040", "operational", "2019-04-01", "quarter", why="'ja' = operational; Dutch quarter")),
        (["Beerse", "2340", "ja", "Q2 2019", cel, soort, bron, ""], L("13004", "operational", "2019-04-01", "quarter", why="plain")),
        (["Kasterlee (Lichtaart)", "2460", "ja", "apr. 2019", cel, soort, bron, ""],
         L("13017", "operational", "2019-04-01", "month", why="municipality with its section; abbreviated Dutch month")),
        (["Lille", "2275", "ja", "april 2019", cel, soort, bron, ""], L("13019", "operational", "2019-04-01", "month", why="plain")),
        (["Oud-Turnhout", "2360", "Y", "2019", cel, soort, bron, ""], L("13031", "operational", "2019-01-01", "year", why="Y = yes")),
        (["Vosselaar", "2350", "j", "15/04/2019", cel, soort, bron, ""], L("13046", "operational", "2019-04-15", "day", why="j = ja")),
        (["PZ Regio Turnhout", "", "ja", "Q2 2019", cel, "PZ", bron, "hele zone"],
         A("municipality", "a police zone, not a municipality; no table lists its municipalities")),
        (["Arendonk", "2370", "nee", "", "", "", "telefonisch", "PZ Kempen Noord-Oost"],
         L("13001", "none", why="'nee' to 'does the cell work?' = no working cell: none; no date needed")),
        (["Ravels", "2380", "deels", "2020", "", "", "telefonisch", "PZ Kempen Noord-Oost"],
         A("status", "'deels' (partly) is neither yes nor no")),
        (["Retie", "2470", "ja", "31/04/2019", "", "", "telefonisch", "PZ Kempen Noord-Oost"],
         R("date", "April has 30 days")),
        (["Totaal", "", "6", "", "", "", "", ""], S("total row")),
        (["Opmerking: Arendonk, Ravels en Retie horen bij PZ Kempen Noord-Oost – ter info, één overzicht voor de hele regio.", "", "", "", "", "", "", ""],
         S("a note row")),
    ]
    write_csv(spec, path, header, rows, encoding="cp1252", delimiter=";", eol="\r\n")
    FILES.append(spec)


# ======================================================================================
# Holdout 1. The consultant's visits (UTF-8, ',', quoted).
# ======================================================================================


def holdout_consultant_visits(path: Path):
    header = ["Visit ref", "Date visited", "Municipalities", "Team", "Support offered", "Report sent (Y/N)", "Follow-up on", "Internal notes"]
    spec = FileSpec(
        name="holdout/" + path.name,
        kind="visits",
        origin=(
            "The English-speaking consultant's log of the Radix Team visits she accompanied for the programme's "
            "evaluation: English headers, exonyms and phrases, every cell quoted."
        ),
        columns={
            "Visit ref": "visit_id", "Date visited": "date", "Municipalities": "municipalities", "Team": "team",
            "Support offered": "offer", "Report sent (Y/N)": "report_delivered", "Follow-up on": "follow_up",
            "Internal notes": "internal_notes",
        },
        place=["Municipalities"],
    )
    FO, BO = "radix_front_office", "radix_back_office"
    rows = [
        (["V-22-01", "2022-01-18", "Antwerp, Mechelen", "Radix FO", "training for frontline staff", "yes", "2022-03-01", ""],
         L("11002;12025", date="2022-01-18", prec="day", team=FO, offer="training", report=True, why="English exonym beside a Dutch name")),
        (["V-22-02", "18/01/2022 15:00", "Brussels", "RT", "awareness day for municipal staff", "N", "", ""],
         L("21004", date="2022-01-18", prec="day", team=FO, offer="awareness_day", report=False,
           why="English name of the municipality Brussel; a time after the date")),
        (["V-22-03", "Feb 2022", "Ghent (Ledeberg)", "FO", "help setting up the cell", "Y", "", ""],
         L("44021", date="2022-02-01", prec="month", team=FO, offer="livcr_setup_support", report=True, why="exonym with a section; offer as a phrase")),
        (["V-22-04", "Q2 2022", "Namur", "BO", "project support", "no", "", ""],
         L("92094", date="2022-04-01", prec="quarter", team=BO, offer="project_support", report=False, why="quarter only")),
        (["V-22-05", "", "Liege", "FO", "awareness day", "Y", "", "date lost"], R("date", "a visit without a date")),
        (["V-22-06", "2022-06-31", "Leuven", "FO", "training", "Y", "", ""], R("date", "June has 30 days")),
        (["V-22-07", "2022-09-13", "Heusden", "FO", "awareness day", "N", "", ""],
         A("municipality", "Heusden is a section of Heusden-Zolder and of Destelbergen")),
        (["V-22-08", "Tue 13/09/2022", "Hasselt, Genk", "FO", "awareness day", "Y", "", ""],
         L("71072;71016", date="2022-09-13", prec="day", team=FO, offer="awareness_day", report=True, why="English weekday (13 September 2022 was a Tuesday)")),
        (["V-22-09", "October 2022", "1804", "FO", "awareness day", "Y", "", ""],
         A("municipality", "postal code 1804 (Cargovil) serves Vilvoorde and Zemst")),
        (["V-22-10", "2022", "Arlon, Bastogne", "FO", "help setting up the cell", "N", "", ""],
         L("81001;82039", date="2022-01-01", prec="year", team=FO, offer="livcr_setup_support", report=False,
           why="Bastogne before its merger with Bertogne; a bare year")),
        (["V-22-11", "2022-11-08", "Ixelles", "Sarah", "training", "Y", "", ""], A("team", "a first name, not a team")),
        (["V-22-12", "2022-12-06", "Charleroi (Marcinelle)", "BO", "lunch meeting", "N", "", ""],
         A("offer", "'lunch meeting' is none of the catalogue's offers")),
        (["V-22-13", "06/12/2022", "Mouscron", "FO", "other", "Y", "", ""],
         L("57096", date="2022-12-06", prec="day", team=FO, offer="other", report=True, why="plain")),
        (["V-22-14", "2022-12-20", "Borgerhout, Deurne", "FO", "training", "N", "", ""],
         A("municipality", "Borgerhout is Antwerpen's, but Deurne is a district of Antwerpen or a section of Diest")),
    ]
    write_csv(spec, path, header, rows, encoding="utf-8", delimiter=",", eol="\n", quote_all=True)
    FILES.append(spec)


# ======================================================================================
# Holdout 2. The Province of Oost-Vlaanderen just before the 2025 mergers (XLSX).
# ======================================================================================


def holdout_oost_vlaanderen(path: Path):
    header = ["NIS-code 2024", "Gemeente", "Status LIVC-R", "Datum laatste wijziging", "Cel", "Bron"]
    spec = FileSpec(
        name="holdout/" + path.name,
        kind="status",
        origin=(
            "The Province of Oost-Vlaanderen's overview sent in late 2024, just before the mergers of 2025, "
            "still listing the old municipalities; one sheet per arrondissement group and a notes sheet."
        ),
        columns={
            "NIS-code 2024": "municipality_code", "Gemeente": "municipality", "Status LIVC-R": "status",
            "Datum laatste wijziging": "date", "Cel": "cell", "Bron": "source",
        },
        place=["NIS-code 2024", "Gemeente"],
    )
    wb = Workbook()
    first = True

    def sheet(title, rows):
        nonlocal first
        ws = wb.active if first else wb.create_sheet(title)
        first = False
        ws.title = title
        ws["A1"] = f"Provincie Oost-Vlaanderen – LIVC-R per gemeente – {title} (november 2024)"
        ws.merge_cells("A1:F1")
        for col, h in enumerate(header, start=1):
            ws.cell(row=3, column=col, value=h)
        put_rows(spec, ws, header, 4, rows)

    sheet("Arr. Gent", [
        ((44012, "De Pinte", "Operationeel", D(2021, 5, 4)), L("44086", "operational", "2021-05-04", "day", why="merged into Nazareth-De Pinte on 2025-01-01")),
        ((44048, "Nazareth", "Operationeel", D(2021, 5, 4)), L("44086", "operational", "2021-05-04", "day", why="as above")),
        ((44040, "Melle", "in oprichting", "09/2024"), L("44088", "being_set_up", "2024-09-01", "month", why="merged into Merelbeke-Melle")),
        ((44043, "Merelbeke", "Operationeel", 2020), L("44088", "operational", "2020-01-01", "year", why="merged into Merelbeke-Melle")),
        ((44034, "Lochristi", "Gepland", "Q3 2024"), L("44087", "planned", "2024-07-01", "quarter", why="Lochristi took a new code (44087) with Wachtebeke")),
        ((44073, "Wachtebeke", "Geen cel", None), L("44087", "none", why="merged into Lochristi")),
        ((44045, "Moerbeke", "Geen cel", None),
         L("46029", "none", why="Moerbeke is also a section of Geraardsbergen; the code 44045 settles it (merged into Lokeren)")),
        ((44021, "Gent", "Operationeel", D(2016, 9, 15)), L("44021", "operational", "2016-09-15", "day", why="plain")),
        ((44083, "Deinze", "Operationeel", "12/03/2019"), L("44083", "operational", "2019-03-12", "day", why="plain")),
        (("44085", "Lievegem", "Operationeel", "maart 2019"), L("44085", "operational", "2019-03-01", "month", why="Dutch month name")),
        (("Subtotaal arrondissement Gent", None, 7), S("subtotal")),
    ])
    sheet("Arr. Dendermonde-Waas", [
        ((46003, "Beveren", "Operationeel", "01/10/2018"),
         L("46030", "operational", "2018-10-01", "day", why="Beveren is also a section of three West Flemish municipalities; the code settles it")),
        ((46013, "Kruibeke", "in oprichting", "2e kwartaal 2024"), L("46030", "being_set_up", "2024-04-01", "quarter", why="merged into Beveren-Kruibeke-Zwijndrecht")),
        ((11056, "Zwijndrecht", "Operationeel", "2023"),
         L("46030", "operational", "2023-01-01", "year", why="a municipality of the province of Antwerpen until 2024, in Beveren-Kruibeke-Zwijndrecht since 2025")),
        ((46014, "Lokeren", "Operationeel", D(2019, 1, 15)), L("46029", "operational", "2019-01-15", "day", why="Lokeren took a new code (46029) with Moerbeke")),
        ((None, "Moerbeke", "Gepland", "2024"),
         A("municipality", "no code: the former municipality Moerbeke (now Lokeren) or the section of Geraardsbergen")),
        ((42006, "Dendermonde", "Operationeel", 2017), L("42006", "operational", "2017-01-01", "year", why="plain")),
        ((42008, "Hamme", "Geen", None), L("42008", "none", why="Hamme is also a section of Merchtem; the code settles it")),
        ((46021, "Sint-Niklaas", "Operationeel", "31/11/2024"), R("date", "November has 30 days")),
        ((46020, "Sint-Gillis-Waas", "Gepland", "2024"), L("46020", "planned", "2024-01-01", "year", why="not Sint-Gillis in Brussels")),
        ((46024, "Stekene", "deels", None), A("status", "'deels' (partly) is no status")),
        None,
        (("Totaal provincie", None, 14), S("total row")),
    ])
    notes = wb.create_sheet("Notities")
    notes["A1"] = "Fusies op 1/1/2025: Beveren-Kruibeke-Zwijndrecht, Lochristi, Lokeren, Merelbeke-Melle, Nazareth-De Pinte."
    notes["A2"] = "Zwijndrecht (provincie Antwerpen) staat mee op de lijst omdat het bij Beveren-Kruibeke-Zwijndrecht komt."
    save_xlsx(wb, path)
    spec.extra["sheets"] = ["Arr. Gent", "Arr. Dendermonde-Waas", "Notities"]
    spec.extra["not_data_sheets"] = ["Notities"]
    spec.extra["header_rows"] = [3]
    FILES.append(spec)


# ======================================================================================
# Holdout 3. The Province of Luxembourg's list as tab-separated text (cp1252).
# ======================================================================================


def holdout_luxembourg(path: Path):
    header = ["Code INS", "Commune", "CSIL-R opérationnelle ?", "Date", "Remarque"]
    spec = FileSpec(
        name="holdout/" + path.name,
        kind="status",
        origin=(
            "The Province of Luxembourg's security unit exports its list as tab-separated text from an old tool "
            "(Windows-1252), a yes/no question for the status, across the Bastogne-Bertogne merger of December 2024."
        ),
        columns={
            "Code INS": "municipality_code", "Commune": "municipality", "CSIL-R opérationnelle ?": "status_yes_no",
            "Date": "date", "Remarque": "ignore",
        },
        place=["Code INS", "Commune"],
    )
    rows = [
        (["81001", "Arlon / Aarlen / Arel", "oui", "12/03/2019", ""],
         L("81001", "operational", "2019-03-12", "day", why="one municipality in French, Dutch and German")),
        (["82003", "Bastogne", "oui", "2018", ""], L("82039", "operational", "2018-01-01", "year", why="Bastogne's code until 2024-12-01")),
        (["82005", "Bertogne", "non", "", "fusion avec Bastogne"], L("82039", "none", why="'non' = no operational cell: none; merged into 82039")),
        (["82039", "Bastogne", "oui", "03/12/2024", "nouvelle commune"], L("82039", "operational", "2024-12-03", "day", why="the new code, the old name")),
        (["84043", "Neufchâteau", "oui", "mars 2019", ""],
         L("84043", "operational", "2019-03-01", "month", why="Neufchâteau is also a section of Dalhem; the code settles it")),
        (["", "Neufchâteau", "non", "", "doublon ?"],
         A("municipality", "no code: Neufchâteau (Luxembourg) or the section of Dalhem")),
        (["83034", "Marche-en-Famenne", "oui", "T2 2019", ""], L("83034", "operational", "2019-04-01", "quarter", why="French quarter")),
        (["83012", "Durbuy", "non", "s.o.", ""], L("83012", "none", why="'s.o.' in the date = no date")),
        (["84010", "Bouillon", "?", "", "pas de réponse"], L("84010", "unknown", why="'?' = unknown")),
        (["85045", "Virton", "oui", "31/02/2019", ""], R("date", "31 February does not exist")),
        (["84077", "Libramont-Chevigny", "oui", "", "date ?"], R("date", "an operational cell needs the date it became so")),
        (["81004", "Aubange", "x", "15/05/2019", ""], L("81004", "operational", "2019-05-15", "day", why="x = yes")),
        (["8101", "Messancy", "oui", "2019", ""], L("81015", "operational", "2019-01-01", "year", why="a four-digit code that is no NIS code; the name is good")),
        (["82036", "Vaux-sur-Sûre", "peut-être", "", ""], A("status", "'peut-être' (maybe) is neither yes nor no")),
        (["", "Longchamps", "oui", "2019", ""], A("municipality", "Longchamps is a section of Bastogne and of Eghezée")),
        (["82014", "Sainte-Ode", "oui", "2019", ""], A("municipality", "the code 82014 is Houffalize, the name is Sainte-Ode (82038)")),
        (["Total", "", "9", "", ""], S("total row")),
    ]
    write_csv(spec, path, header, rows, encoding="cp1252", delimiter="\t", eol="\r\n")
    FILES.append(spec)


# --- expected.toml --------------------------------------------------------------------


def toml_str(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return toml_str(value)


def write_expected(path: Path):
    out = [
        "# Expected outcome of every data row of the messy import files (see README.md).",
        "# Written by make_messy.py from the outcomes decided by hand in it; do not edit here.",
        "",
    ]
    for spec in FILES:
        out.append("[[file]]")
        out.append(f"name = {toml_str(spec.name)}")
        out.append(f"kind = {toml_str(spec.kind)}")
        out.append(f"origin = {toml_str(spec.origin)}")
        out.append("readable = true")
        for key, value in spec.extra.items():
            out.append(f"{key} = {toml_value(value)}")
        cols = ", ".join(f"{toml_str(k)} = {toml_str(v)}" for k, v in spec.columns.items())
        out.append(f"columns = {{ {cols} }}")
        out.append("")
        for row in spec.rows:
            out.append("[[file.row]]")
            for key, value in row.items():
                out.append(f"{key} = {toml_value(value)}")
            out.append("")
    path.write_text("\n".join(out), encoding="utf-8")


def main():
    hold = HERE / "holdout"
    hold.mkdir(exist_ok=True)
    vlaamse_provincies(HERE / "vlaamse-provincies-bevraging-2019.xlsx")
    radix_opvolging(HERE / "radix-opvolging-2019-2023.xlsx")
    antwerpen_bezoeken(HERE / "antwerpen-stad-bezoeken.csv")
    consultant_status(HERE / "consultant-status-overview.csv")
    zp_midi(HERE / "zp-midi-historique-csil-r.csv")
    province_namur(HERE / "province-namur-csil-r-2019.csv")
    dg_zellen(HERE / "dg-ostbelgien-zellen-2019.xlsx")
    mobiel_team(HERE / "mobiel-team-bezoeken-2016-2019.tsv")
    hainaut(HERE / "gouverneur-hainaut-enquete-2019.xlsx")
    deinze(HERE / "deinze-livcr-historiek.csv")
    liege_visites(HERE / "province-liege-visites.csv")
    dg_besuche(HERE / "dg-besuche-2019-2021.csv")
    bps_brussel(HERE / "bps-brussel-status-2020.xlsx")
    pz_turnhout(HERE / "pz-regio-turnhout-livcr.csv")
    holdout_consultant_visits(hold / "consultant-visits-2022.csv")
    holdout_oost_vlaanderen(hold / "provincie-oost-vlaanderen-2024.xlsx")
    holdout_luxembourg(hold / "province-luxembourg-csil-r.tsv")
    write_expected(HERE / "expected.toml")


if __name__ == "__main__":
    main()
