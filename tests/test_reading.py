"""Reading the Radix Team's spreadsheets into canonical rows.

The committed files in tests/data/imports are hand-made (see its README); the odd cases
(every encoding and delimiter, broken files) are written by the tests themselves.
"""

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from loaders import reading, vocabulary
from loaders.reading import Cell, ReadError, Row, Table

IMPORTS = Path(__file__).parent / "data" / "imports"
D = dt.date


def status_row(number, line, municipality, status, date, cell=None, cell_kind=None, source=None, code=None):
    values = dict.fromkeys(reading.KINDS["status"]) | dict(
        municipality=municipality, status=status, date=date, cell=cell, cell_id=None, cell_kind=cell_kind, source=source,
        municipality_code=code,
    )
    return Row(number, line, values)


def visit_row(number, line, visit_id, date, municipalities, team, offer, report=None, follow_up=None, notes=None):
    values = dict.fromkeys(reading.KINDS["visits"]) | dict(
        date=date, municipalities=municipalities, team=team, offer=offer, visit_id=visit_id,
        report_delivered=report, follow_up=follow_up, internal_notes=notes,
    )
    return Row(number, line, values)


def csv_table(name, kind, rows, columns, encoding, delimiter, unknown=()):
    return Table(IMPORTS / name, kind, rows, columns, encoding, delimiter, None, list(unknown))


def xlsx_table(name, kind, rows, columns, sheet, unknown=()):
    return Table(IMPORTS / name, kind, rows, columns, None, None, sheet, list(unknown))


FIXTURES = [
    csv_table(
        "status_fr_utf8bom_semicolon.csv", "status",
        [
            status_row(1, 2, "Liège", "Opérationnelle", "15/09/2016", "CSIL-R Liège"),
            status_row(2, 3, "Verviers", "opérationnelle", "27/05/2016", "CSIL-R Verviers"),
            status_row(3, 4, "Charleroi", "En cours de constitution", "27-05-2016"),
            # line 5 is empty, line 7 is ';;;;;;': skipped, not counted
            status_row(4, 6, "Bastogne", "Prévue", "1/03/2018", "CSIL-R Bastogne"),
            status_row(5, 8, "Écaussinnes", "Pas de cellule", "27.05.2016"),
            status_row(6, 9, "Saint-Gilles", "Inconnu", None),
        ],
        {"municipality": "Commune", "status": "Statut CSIL-R", "date": "Date d'effet", "cell": "Cellule"},
        "utf-8-sig", ";", unknown=["Remarque"],
    ),
    csv_table(
        "status_nl_cp1252_semicolon.csv", "status",
        [
            status_row(1, 2, "Antwerpen", "Operationeel", "27/05/2016", "LIVC-R Antwerpen", source="Enquête burgemeesters"),
            status_row(2, 3, "Puurs", "In oprichting", "27 mei 2016", "LIVC-R Puurs – Sint-Amands",
                       source="Enquête burgemeesters"),
            status_row(3, 4, "Sint-Amands", "opgericht", "2017-03-01", "LIVC-R Puurs – Sint-Amands",
                       source="één cel met Puurs, coördinatie via politiezone"),
            status_row(4, 5, "Maaseik", "Gepland", "1/10/18", source="financiële steun aangevraagd"),
            status_row(5, 6, "Écaussinnes", "Geen cel", "27/05/2016"),
            status_row(6, 7, "Kinrooi", "onbekend", "27/05/2016"),
        ],
        {"municipality": "Gemeente", "status": "Stand van zaken", "date": "Ingangsdatum", "cell": "Cel", "source": "Bron"},
        "cp1252", ";",
    ),
    csv_table(
        "status_en_comma_quoted.csv", "status",
        [
            status_row(1, 2, "Brussel", "Operational", "2016-05-27", "LIVC-R Brussels, City", "single",
                       "Mayors' survey, 27 May 2016"),
            status_row(2, 3, "Genk", "Being set up", "27 May 2016", source="Pilot grant 2016"),
            # the note of Genk runs over lines 3 and 4
            status_row(3, 5, "Kortrijk", "active", "2017-01-15", "LIVC-R Kortrijk", "single", '"Radix" visit report'),
            status_row(4, 6, "Menen", "?", None),
        ],
        {
            "municipality": "Municipality", "status": "Status", "date": "Since", "cell": "Cell",
            "cell_kind": "Cell type", "source": "Source",
        },
        "utf-8", ",", unknown=["Notes"],  # a visits field: unknown to a status table
    ),
    csv_table(
        "visits_nl_tab.tsv", "visits",
        [
            visit_row(1, 2, "MT-001", "15/03/2016", "Vilvoorde", "Mobiel Team", "Veldanalyse", "ja", "15/09/2016",
                      "contact via preventiedienst"),
            visit_row(2, 3, "MT-002", "27/5/16", "Puurs; Sint-Amands", "Mobile Team", "Sensibiliseringsdag", "x"),
            visit_row(3, 4, "RT-001", "2019-10-03", "Antwerpen", "Radix Team Front-Office", "Oprichting LIVC-R", "nee"),
            visit_row(4, 5, "RT-002", "12.11.2020", "Maaseik, Dilsen-Stokkem|Kinrooi", "Front-Office",
                      "Projectondersteuning", "neen", "1/03/2021", "tweede bezoek\nnodig"),
        ],
        {
            "visit_id": "Nr", "date": "Datum bezoek", "municipalities": "Gemeente(n)", "team": "Ploeg",
            "offer": "Soort bezoek", "report_delivered": "Verslag bezorgd", "follow_up": "Opvolging",
            "internal_notes": "Interne nota",
        },
        "utf-8", "\t",
    ),
    xlsx_table(
        "status_merged_headers.xlsx", "status",
        [
            status_row(1, 4, "Antwerpen", "Operationeel", "2016-05-27", "LIVC-R Antwerpen", source="Bevraging burgemeesters", code="11002"),
            # a serial number in the date column; a formula without a cached value in Bron
            status_row(2, 5, "Puurs", "In oprichting", "2016-05-27", "LIVC-R Puurs – Sint-Amands", code="12030"),
            # row 6 is blank; the code went through a float and keeps its text
            status_row(3, 7, "Anderlecht", "opérationnelle", "1/09/2016", source="Pilootsubsidie 2016", code="21001.0"),
            # a bare year is no serial date: left as text, for the validator to reject
            status_row(4, 8, "Bastogne", "Geen cel", "2016", code="82003"),
        ],
        # A header over two rows: each label is the group's and its own ("Gemeente" over "Naam");
        # Bron is merged over the group and header rows: its label sits in the group row.
        {"municipality_code": "Gemeente NIS-code", "municipality": "Gemeente Naam", "status": "LIVC-R Stand van zaken",
         "date": "LIVC-R Sinds", "cell": "LIVC-R Cel", "source": "Bron"},
        "Stand van zaken",
    ),
    xlsx_table(
        "visits_fr.xlsx", "visits",
        [
            visit_row(1, 4, "V-2016-01", "2016-06-14", "Verviers\nDison", "Équipe mobile", "Analyse de terrain", "oui",
                      "2016-12-01", "rapport envoyé au bourgmestre"),
            visit_row(2, 5, "V-2017-03", "2017-03-06", "Charleroi", "Mobile Team", "Journée de sensibilisation", "true"),
            visit_row(3, 6, "V-2020-07", "03/02/2020", "Bastogne / Bertogne", "Radix", "Mise en place CSIL-R", "non",
                      "15/06/2020"),
            visit_row(4, 7, "V-2020-09", "2020-09-22 14:30:00", "Liège", "Front-Office", "Formation", "x"),
        ],
        {
            "visit_id": "N°", "date": "Date de la visite", "municipalities": "Commune(s)", "team": "Équipe",
            "offer": "Type de visite", "report_delivered": "Rapport remis", "follow_up": "Suivi",
            "internal_notes": "Notes internes",
        },
        "Visites", unknown=["Durée (h)"],
    ),
]


@pytest.mark.parametrize("expected", FIXTURES, ids=[t.path.name for t in FIXTURES])
def test_read_table_reads_each_fixture(expected):
    assert reading.read_table(expected.path, expected.kind) == expected


@pytest.mark.parametrize(
    "name, bom, utf8, characters",
    [
        ("status_fr_utf8bom_semicolon.csv", True, True, "èéÉ"),
        ("status_nl_cp1252_semicolon.csv", False, False, "éëöÉ–"),
        ("status_en_comma_quoted.csv", False, True, ""),
        ("visits_nl_tab.tsv", False, True, ""),
    ],
)
def test_text_fixtures_are_what_their_names_say(name, bom, utf8, characters):
    data = (IMPORTS / name).read_bytes()
    text = data.decode("utf-8-sig" if utf8 else "cp1252")
    try:
        data.decode("utf-8")
        is_utf8 = True
    except UnicodeDecodeError:
        is_utf8 = False
    assert (data.startswith(b"\xef\xbb\xbf"), is_utf8, set(characters) - set(text)) == (bom, utf8, set())


def test_visit_fixtures_parse_into_the_vocabulary():
    parsed = [
        (
            reading.parse_date(r.values["date"]), reading.split_municipalities(r.values["municipalities"]),
            reading.parse_team(r.values["team"]), reading.parse_offer(r.values["offer"]),
            reading.parse_bool(r.values["report_delivered"]), reading.parse_date(r.values["follow_up"]),
        )
        for name in ("visits_nl_tab.tsv", "visits_fr.xlsx")
        for r in reading.read_table(IMPORTS / name, "visits").rows
    ]
    assert parsed == [
        (D(2016, 3, 15), ["Vilvoorde"], "mobile_team", "field_analysis", True, D(2016, 9, 15)),
        (D(2016, 5, 27), ["Puurs", "Sint-Amands"], "mobile_team", "awareness_day", True, None),
        (D(2019, 10, 3), ["Antwerpen"], "radix_front_office", "livcr_setup_support", False, None),
        (D(2020, 11, 12), ["Maaseik", "Dilsen-Stokkem", "Kinrooi"], "radix_front_office", "project_support", False,
         D(2021, 3, 1)),
        (D(2016, 6, 14), ["Verviers", "Dison"], "mobile_team", "field_analysis", True, D(2016, 12, 1)),
        (D(2017, 3, 6), ["Charleroi"], "mobile_team", "awareness_day", True, None),
        (D(2020, 2, 3), ["Bastogne", "Bertogne"], "radix_front_office", "livcr_setup_support", False, D(2020, 6, 15)),
        (D(2020, 9, 22), ["Liège"], "radix_front_office", "training", True, None),
    ]


def test_status_fixtures_parse_into_the_vocabulary():
    parsed = [
        (r.values["municipality"], reading.parse_status(r.values["status"]))
        for name in ("status_fr_utf8bom_semicolon.csv", "status_nl_cp1252_semicolon.csv", "status_en_comma_quoted.csv")
        for r in reading.read_table(IMPORTS / name, "status").rows
    ]
    assert parsed == [
        ("Liège", "operational"), ("Verviers", "operational"), ("Charleroi", "being_set_up"),
        ("Bastogne", "planned"), ("Écaussinnes", "none"), ("Saint-Gilles", "unknown"),
        ("Antwerpen", "operational"), ("Puurs", "being_set_up"), ("Sint-Amands", "operational"),
        ("Maaseik", "planned"), ("Écaussinnes", "none"), ("Kinrooi", "unknown"),
        ("Brussel", "operational"), ("Genk", "being_set_up"), ("Kortrijk", "operational"), ("Menen", "unknown"),
    ]


# ---------------------------------------------------------------------------------------
# Encodings, delimiters, line endings: written here, every combination


def write_csv(path, rows, encoding="utf-8", delimiter=";", newline="\r\n"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


LIEGE = [
    ["Gemeente", "Status", "Datum", "Bron"],
    # a cell holding every candidate delimiter, so it must be quoted whichever is used
    ["Liège", "Opérationnelle", "27/05/2016", "Enquête; mai, juin|juillet\t2016"],
    ["Sint-Genesius-Rode", "Geen cel", "2016-05-27", ""],
]
LIEGE_ROWS = [
    status_row(1, 2, "Liège", "Opérationnelle", "27/05/2016", source="Enquête; mai, juin|juillet\t2016"),
    status_row(2, 3, "Sint-Genesius-Rode", "Geen cel", "2016-05-27"),
]


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"], ids=["semicolon", "comma", "tab", "pipe"])
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252", "utf-16"])
def test_every_encoding_and_delimiter(tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "status.csv", LIEGE, encoding, delimiter)
    table = reading.read_table(path, "status")
    assert (table.encoding, table.delimiter, table.rows) == (encoding, delimiter, LIEGE_ROWS)


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"], ids=["windows", "unix", "old-mac"])
def test_every_line_ending(tmp_path, newline):
    # A line break inside a cell is kept as written; the rows after it are still counted right.
    rows = LIEGE + [["Menen", "?", "", f"twee{newline}lijnen"], ["Genk", "?", "", ""]]
    path = write_csv(tmp_path / "status.csv", rows, newline=newline)
    assert reading.read_table(path, "status").rows == LIEGE_ROWS + [
        status_row(3, 4, "Menen", "?", None, source=f"twee{newline}lijnen"),
        status_row(4, 6, "Genk", "?", None),
    ]


def test_commas_in_the_data_do_not_fool_the_delimiter(tmp_path):
    # Every data row has more commas than semicolons; the header has none.
    rows = [["Gemeente", "Status", "Datum", "Bron"]] + [
        [f"Gemeente {i}", "Gepland", "1/1/2020", "a, b, c, d, e"] for i in range(5)
    ]
    path = write_csv(tmp_path / "status.csv", rows)
    path.write_text(path.read_text().replace('"', ""))  # unquoted, as a hand-made export would be
    table = reading.read_table(path, "status")
    assert (table.delimiter, table.rows[0].values["source"]) == (";", "a, b, c, d, e")


# ---------------------------------------------------------------------------------------
# Headers


@pytest.mark.parametrize(
    "kind, header, field",
    [
        ("status", "Gemeente", "municipality"),
        ("status", "commune", "municipality"),
        ("status", "Municipality", "municipality"),
        ("status", "NIS", "municipality_code"),
        ("status", "NIS-code", "municipality_code"),
        ("status", "nis code", "municipality_code"),
        ("status", "Code INS", "municipality_code"),
        ("status", "REFNIS", "municipality_code"),
        ("status", "Gemeente/Commune", "municipality"),
        ("status", "  GEMEENTE  ", "municipality"),
        ("status", "Status", "status"),
        ("status", "Statut", "status"),
        ("status", "Stand van zaken", "status"),
        ("status", "État", "status"),
        ("status", "ETAT", "status"),
        ("status", "LIVC-R status", "status"),
        ("status", "Statut CSIL-R", "status"),
        ("status", "Datum", "date"),
        ("status", "Date", "date"),
        ("status", "Sinds", "date"),
        ("status", "Depuis", "date"),
        ("status", "Since", "date"),
        ("status", "Date d'effet", "date"),
        ("status", "Date d’effet", "date"),  # a typographic apostrophe
        ("status", "Ingangsdatum", "date"),
        ("status", "Cel", "cell"),
        ("status", "Cellule", "cell"),
        ("status", "Cell", "cell"),
        ("status", "LIVC-R", "cell"),
        ("status", "CSIL-R", "cell"),
        ("status", "Type de cellule", "cell_kind"),
        ("status", "Bron", "source"),
        ("status", "Source", "source"),
        ("status", "Team", None),  # a visits field
        ("status", "Naam", None),
        ("visits", "Datum bezoek", "date"),
        ("visits", "Date de la visite", "date"),
        ("visits", "Gemeenten", "municipalities"),
        ("visits", "Communes", "municipalities"),
        ("visits", "Municipalities", "municipalities"),
        ("visits", "Gemeente(n)", "municipalities"),
        ("visits", "Commune(s)", "municipalities"),
        ("visits", "Gemeente", "municipalities"),
        ("visits", "Team", "team"),
        ("visits", "Équipe", "team"),
        ("visits", "equipe", "team"),
        ("visits", "Ploeg", "team"),
        ("visits", "Aanbod", "offer"),
        ("visits", "Offre", "offer"),
        ("visits", "Offer", "offer"),
        ("visits", "Type", "offer"),
        ("visits", "Soort bezoek", "offer"),
        ("visits", "Type de visite", "offer"),
        ("visits", "Rapport", "report_delivered"),
        ("visits", "Verslag", "report_delivered"),
        ("visits", "Report", "report_delivered"),
        ("visits", "Rapport remis", "report_delivered"),
        ("visits", "Verslag bezorgd", "report_delivered"),
        ("visits", "Opvolging", "follow_up"),
        ("visits", "Suivi", "follow_up"),
        ("visits", "Follow-up", "follow_up"),
        ("visits", "Follow up date", "follow_up"),
        ("visits", "Notities", "internal_notes"),
        ("visits", "Notes", "internal_notes"),
        ("visits", "Opmerkingen", "internal_notes"),
        ("visits", "Remarques", "internal_notes"),
        ("visits", "Interne nota", "internal_notes"),
        ("visits", "Notes internes", "internal_notes"),
        ("visits", "N°", "visit_id"),
        ("visits", "Status", None),  # a status field
    ],
)
def test_field_of_header(kind, header, field):
    assert reading.field_of_header(header, kind) == field


@pytest.mark.parametrize("kind", sorted(reading.KINDS))
def test_every_header_synonym_means_its_field_in_each_kind(kind):
    wrong = {
        (header, name): reading.field_of_header(header, kind)
        for name in reading.KINDS[kind]
        for header in reading.HEADERS[name]
        if reading.field_of_header(header, kind) != name
    }
    assert wrong == {}


@pytest.mark.parametrize(
    "rows, columns, unknown, expected_rows",
    [
        pytest.param(
            [["Gemeente", "Status", "Datum"], ["Genk", "Gepland", "2020-01-01"]],
            {"municipality": "Gemeente", "status": "Status", "date": "Datum"}, [],
            [status_row(1, 2, "Genk", "Gepland", "2020-01-01")],
            id="first line",
        ),
        pytest.param(
            [["Stand van zaken LIVC-R 2016"], [], ["Gemeente", "Status", "Datum"], ["Genk", "Gepland", "2020-01-01"]],
            {"municipality": "Gemeente", "status": "Status", "date": "Datum"}, [],
            [status_row(1, 4, "Genk", "Gepland", "2020-01-01")],
            id="under a title and a blank line",
        ),
        pytest.param(
            # Excel saves merged cells as the value and empty cells: "Gemeente" spans two
            # columns, "LIVC-R" three, "Bron" is merged down over two rows.
            [
                ["Gemeente", "", "LIVC-R", "", "", "Bron"],
                ["NIS-code", "Naam", "Stand van zaken", "Sinds", "Cel", ""],
                ["11002", "Antwerpen", "Operationeel", "27/05/2016", "LIVC-R Antwerpen", "Enquête"],
            ],
            {"municipality_code": "Gemeente NIS-code", "municipality": "Gemeente Naam", "status": "LIVC-R Stand van zaken",
             "date": "LIVC-R Sinds", "cell": "LIVC-R Cel", "source": "Bron"},
            [],
            [status_row(1, 3, "Antwerpen", "Operationeel", "27/05/2016", "LIVC-R Antwerpen", source="Enquête", code="11002")],
            id="under group labels",
        ),
        pytest.param(
            [["Gemeente", "", "Status", "Datum", "", "Opmerking", "", ""], ["Genk", "x", "Gepland", "2020-01-01", "y", ""]],
            {"municipality": "Gemeente", "status": "Status", "date": "Datum"}, ["Opmerking"],
            [status_row(1, 2, "Genk", "Gepland", "2020-01-01")],
            id="empty headers ignored",
        ),
        pytest.param(
            [["Gemeente", "Status", "Datum"], ["Genk", "Gepland"], ["Menen", "Gepland", "2020-01-01", "extra", ""]],
            {"municipality": "Gemeente", "status": "Status", "date": "Datum"}, [],
            # A cell beyond the last header is kept apart: in CSV it mostly means a shifted row.
            [
                status_row(1, 2, "Genk", "Gepland", None),
                Row(2, 3, status_row(2, 3, "Menen", "Gepland", "2020-01-01").values, extra=((4, "extra"),)),
            ],
            id="short and long rows",
        ),
        pytest.param(
            [["Gemeente", "Status", "Datum"], ["  Genk\u00a0", " Gepland ", "   "]],
            {"municipality": "Gemeente", "status": "Status", "date": "Datum"}, [],
            [status_row(1, 2, "Genk", "Gepland", None)],
            id="values stripped, blanks None",
        ),
        pytest.param(
            [["Gemeente", "Status", "Datum"]],
            {"municipality": "Gemeente", "status": "Status", "date": "Datum"}, [], [],
            id="header only: zero rows",
        ),
    ],
)
def test_header_row_and_columns(tmp_path, rows, columns, unknown, expected_rows):
    path = write_csv(tmp_path / "status.csv", rows)
    assert reading.read_table(path, "status") == Table(path, "status", expected_rows, columns, "utf-8", ";", None, unknown)


@pytest.mark.parametrize(
    "line, source",
    [
        ('Genk;Gepland;2020-01-01;5" scherm', '5" scherm'),  # a quote inside a cell is text
        ('Genk;Gepland;2020-01-01;"Radix" bezoek', "Radix bezoek"),  # a quoted word, then more: forgiven
    ],
)
def test_stray_quotes_in_hand_typed_cells_are_forgiven(tmp_path, line, source):
    path = tmp_path / "status.csv"
    path.write_text(f"Gemeente;Status;Datum;Bron\r\n{line}\r\nMenen;?;;\r\n", encoding="utf-8")
    assert reading.read_table(path, "status").rows == [
        status_row(1, 2, "Genk", "Gepland", "2020-01-01", source=source), status_row(2, 3, "Menen", "?", None),
    ]


def test_accents_typed_on_a_mac_are_composed(tmp_path):
    decomposed = "Lie\u0300ge"  # what macOS may write: e + combining grave accent
    path = write_csv(tmp_path / "status.csv", [["Gemeente", "Statut", "Date"], [decomposed, "Ope\u0301rationnelle", ""]])
    assert reading.read_table(path, "status").rows == [status_row(1, 2, "Liège", "Opérationnelle", None)]


@pytest.mark.parametrize("name", [t.path.name for t in FIXTURES])
@pytest.mark.parametrize("max_rows", [0, 1, 3])
def test_max_rows_gives_the_first_rows(name, max_rows):
    full = next(t for t in FIXTURES if t.path.name == name)
    assert reading.read_table(full.path, full.kind, max_rows=max_rows).rows == full.rows[:max_rows]


def test_cell_gives_value_and_header_as_written():
    table = reading.read_table(IMPORTS / "visits_fr.xlsx", "visits")
    assert [table.cell(table.rows[0], f) for f in ("date", "team")] == [
        Cell("2016-06-14", "Date de la visite"), Cell("Équipe mobile", "Équipe"),
    ]
    table = reading.read_table(IMPORTS / "status_fr_utf8bom_semicolon.csv", "status")
    with pytest.raises(KeyError, match="status_fr_utf8bom_semicolon.csv has no column for source"):
        table.cell(table.rows[0], "source")


# ---------------------------------------------------------------------------------------
# Workbooks written here


def write_workbook(path, sheets, epoch=None):
    """A workbook of {sheet title: rows}; a row is a list of values (None for empty)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if epoch is not None:
        wb.epoch = epoch
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_the_first_sheet_with_every_required_field_is_read(tmp_path):
    path = write_workbook(
        tmp_path / "visits.xlsx",
        {
            "Uitleg": [["Lees dit eerst"]],
            "Lijsten": [["Ploeg", "Aanbod"], ["Mobiel Team", "Veldanalyse"]],  # recognised, but no date
            "Bezoeken": [["Datum", "Gemeenten", "Ploeg", "Aanbod"], [dt.date(2018, 2, 1), "Genk", "Radix", "Andere"]],
            "Bezoeken 2": [["Datum", "Gemeenten", "Ploeg", "Aanbod"], [dt.date(2019, 2, 1), "Menen", "Radix", "Andere"]],
        },
    )
    table = reading.read_table(path, "visits")
    assert (table.sheet, table.rows) == ("Bezoeken", [visit_row(1, 2, None, "2018-02-01", "Genk", "Radix", "Andere")])


@pytest.mark.parametrize(
    "value, epoch, expected",
    [
        (42517, None, "2016-05-27"),  # a serial in the default 1900 system
        (42517.5, None, "2016-05-27"),  # with a time of day
        (41055, CALENDAR_MAC_1904, "2016-05-27"),  # a Mac workbook counts from 1904
        (dt.datetime(2016, 5, 27), None, "2016-05-27"),
        (dt.datetime(2016, 5, 27, 9, 15), None, "2016-05-27 09:15:00"),
        (2016, None, "2016"),  # a year, not a serial date
        (-5, None, "-5"),
        ("27/05/2016", None, "27/05/2016"),
    ],
)
def test_workbook_dates(tmp_path, value, epoch, expected):
    path = write_workbook(tmp_path / "status.xlsx", {"Blad1": [["Gemeente", "Status", "Datum"], ["Genk", "Gepland", value]]}, epoch)
    assert reading.read_table(path, "status").rows == [status_row(1, 2, "Genk", "Gepland", expected)]


@pytest.mark.parametrize(
    "value, expected",
    [(11002, "11002"), (11002.5, "11002.5"), (True, "true"), (False, "false"), ("  11002 ", "11002"), ("#N/A", "#N/A")],
)
def test_workbook_values_become_text(tmp_path, value, expected):
    path = write_workbook(tmp_path / "status.xlsx", {"Blad1": [["Gemeente", "Status", "Datum"], [value, "Gepland", None]]})
    assert reading.read_table(path, "status").rows == [status_row(1, 2, expected, "Gepland", None)]


def test_a_wrong_sheet_dimension_does_not_cut_rows(tmp_path):
    # Some exporters write <dimension ref="A1"/> whatever the size of the sheet.
    path = write_workbook(tmp_path / "status.xlsx", {"Blad1": [["Gemeente", "Status", "Datum"], ["Genk", "Gepland", "1/1/2020"]]})
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in items:
            target.writestr(info, data.replace(b'<dimension ref="A1:C2" />', b'<dimension ref="A1" />'))
    assert reading.read_table(path, "status").rows == [status_row(1, 2, "Genk", "Gepland", "1/1/2020")]


def test_a_workbook_named_csv_is_read_as_a_workbook(tmp_path):
    path = tmp_path / "status.csv"
    path.write_bytes((IMPORTS / "status_merged_headers.xlsx").read_bytes())
    table = reading.read_table(path, "status")
    assert (table.sheet, table.encoding, table.rows) == ("Stand van zaken", None, FIXTURES[4].rows)


# ---------------------------------------------------------------------------------------
# Files that cannot be read


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def workbook_bytes(sheets):
    buffer = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(buffer)
    return buffer.getvalue()


NO_STATUS_HEADER = "no header row found in the first 10 rows (a status table needs headers such as 'Gemeente', 'Status', 'Datum')"


@pytest.mark.parametrize(
    "name, content, kind, message",
    [
        ("empty.csv", b"", "status", "empty.csv: the file is empty"),
        ("blank.csv", b"\xef\xbb\xbf\r\n  \r\n", "status", "blank.csv: the file is empty"),
        ("empty.xlsx", b"", "status", "empty.xlsx: the file is empty"),
        ("garbage.csv", bytes(range(256)) * 8, "status", "garbage.csv: binary content, not a CSV text file"),
        (
            "noise.csv", bytes(b for b in range(1, 32) if b not in b"\t\n\r") * 20 + b"Gemeente;Status", "status",
            "noise.csv: binary content, not a CSV text file",
        ),
        (
            "undefined.csv", b"Gemeente;Status;Datum\r\n\x81\x8d;x;y\r\n", "status",
            "undefined.csv: text in an unknown encoding (neither UTF-8 nor Windows-1252)",
        ),
        ("map.png", b"\x89PNG\r\n\x1a\n", "status", "map.png: not a CSV or XLSX file (expected .csv, .tsv, .txt or .xlsx)"),
        ("report.pdf", b"%PDF-1.4", "status", "report.pdf: not a CSV or XLSX file (expected .csv, .tsv, .txt or .xlsx)"),
        ("old.xls", b"<html>Excel</html>", "status", "old.xls: an old Excel .xls file; save it as .xlsx or as CSV"),
        (
            "locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "status",
            "locked.xlsx: an old Excel .xls workbook or a password-protected one; save it without a password as .xlsx or as CSV",
        ),
        (
            "renamed.xlsx", b"Gemeente;Status;Datum\r\n", "status",
            "renamed.xlsx: not an Excel workbook (an .xlsx file is a zip archive, this one is not)",
        ),
        (
            "truncated.xlsx", (IMPORTS / "visits_fr.xlsx").read_bytes()[:2000], "visits",
            "truncated.xlsx: damaged or incomplete Excel workbook (File is not a zip file)",
        ),
        (
            "letter.xlsx", zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}), "status",
            "letter.xlsx: a zip archive, but not an Excel workbook",
        ),
        (
            "hollow.xlsx", zip_bytes({"xl/workbook.xml": "<workbook/>"}), "status",
            "hollow.xlsx: damaged Excel workbook (KeyError: \"There is no item named '[Content_Types].xml' in the archive\")",
        ),
        (
            "unclosed.csv", b'Gemeente;Status;Datum\r\nAntwerpen;"Operationeel;2016-05-27\r\nPuurs;Gepland;2017-01-01\r\n',
            "status", "unclosed.csv: the quote opened on line 2 is never closed",
        ),
        ("title.csv", "Stand van zaken 2016\r\n".encode(), "status", f"title.csv: {NO_STATUS_HEADER}"),
        ("addresses.csv", b"Naam;Adres\r\nfoo;bar\r\n", "status", f"addresses.csv: {NO_STATUS_HEADER}"),
        ("semicolons.csv", b";;;\r\n;;;\r\n", "status", f"semicolons.csv: {NO_STATUS_HEADER}"),
        (
            "twice.csv", "Gemeente;Status;Datum;Commune\r\nGenk;Gepland;2020;Genk\r\n".encode(), "status",
            "twice.csv: columns 'Gemeente' and 'Commune' both give the field municipality; keep one",
        ),
        (
            "no_date.csv", "Commune;Statut;Remarque\r\nGenk;Prévue;\r\n".encode("cp1252"), "status",
            "no_date.csv: no column for the required field date (a header such as 'Datum', 'Date', 'Sinds', 'Depuis', "
            "'Since'); headers found: 'Commune', 'Statut', 'Remarque'",
        ),
        (
            "no_team.csv", b"Datum;Gemeenten;Aanbod\r\n", "visits",
            "no_team.csv: no column for the required field team (a header such as 'Team', '\u00c9quipe', 'Ploeg'); "
            "headers found: 'Datum', 'Gemeenten', 'Aanbod'",
        ),
        (
            "status_as_visits.csv", b"Gemeente;Status;Datum\r\n", "visits",
            # Gemeente and Datum are visit headers too: the header is found, the team is not.
            "status_as_visits.csv: no column for the required field team (a header such as 'Team', '\u00c9quipe', "
            "'Ploeg'); headers found: 'Gemeente', 'Status', 'Datum'",
        ),
        (
            "visits_as_status.csv", b"Team;Aanbod;Verslag\r\n", "status",
            "visits_as_status.csv: no header row found in the first 10 rows "
            "(a status table needs headers such as 'Gemeente', 'Status', 'Datum')",
        ),
        (
            "sheets.xlsx", workbook_bytes({"Blad1": [["Naam", "Adres"]], "Blad2": []}), "status",
            f"sheets.xlsx: no sheet has a header row ('Blad1', 'Blad2'): {NO_STATUS_HEADER}",
        ),
        (
            "partial.xlsx", workbook_bytes({"Uitleg": [["Lees dit"]], "Data": [["Gemeente", "Status"], ["Genk", "Gepland"]]}),
            "status",
            "partial.xlsx, sheet 'Data': no column for the required field date (a header such as 'Datum', 'Date', "
            "'Sinds', 'Depuis', 'Since'); headers found: 'Gemeente', 'Status'",
        ),
    ],
)
def test_unreadable_files_say_why(tmp_path, name, content, kind, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError) as error:
        reading.read_table(path, kind)
    assert str(error.value) == message


@pytest.mark.parametrize(
    "name, make_directory, message",
    [("missing.csv", False, "missing.csv: file not found"), ("folder.csv", True, "folder.csv: not a file")],
)
def test_missing_files_and_directories(tmp_path, name, make_directory, message):
    if make_directory:
        (tmp_path / name).mkdir()
    with pytest.raises(ReadError) as error:
        reading.read_table(tmp_path / name, "status")
    assert str(error.value) == message


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown kind 'cells': expected one of status, visits"):
        reading.read_table(IMPORTS / "visits_nl_tab.tsv", "cells")


# ---------------------------------------------------------------------------------------
# Values


@pytest.mark.parametrize(
    "text, code",
    [
        ("Operationeel", "operational"), ("opgericht", "operational"), ("Actief", "operational"),
        ("bestaand", "operational"), ("Operational", "operational"), ("active", "operational"),
        ("Opérationnelle", "operational"), ("  OPÉRATIONNELLE ", "operational"), ("opérationnel", "operational"),
        ("constituée", "operational"), ("en place", "operational"), ("existante", "operational"),
        ("In oprichting", "being_set_up"), ("wordt opgericht", "being_set_up"), ("Being set up", "being_set_up"),
        ("being_set_up", "being_set_up"), ("en cours", "being_set_up"),
        ("En cours de constitution", "being_set_up"), ("en constitution", "being_set_up"),
        ("Gepland", "planned"), ("voorzien", "planned"), ("planned", "planned"), ("Prévue", "planned"),
        ("prévu", "planned"), ("envisagée", "planned"),
        ("geen", "none"), ("Geen cel", "none"), ("neen", "none"), ("None", "none"), ("no cell", "none"),
        ("Pas de cellule", "none"), ("aucune", "none"), ("non", "none"),
        ("onbekend", "unknown"), ("Inconnu", "unknown"), ("unknown", "unknown"), ("?", "unknown"),
        ("n/a", "unknown"), ("N/A", "unknown"),
        ("misschien", None), ("operationeel sinds 2017", None), ("", None), (None, None),
    ],
)
def test_parse_status(text, code):
    assert reading.parse_status(text) == code


@pytest.mark.parametrize(
    "text, code",
    [
        ("Mobile Team", "mobile_team"), ("mobiel team", "mobile_team"), ("Équipe mobile", "mobile_team"),
        ("mobile_team", "mobile_team"),
        ("Radix", "radix_front_office"), ("Radix Team", "radix_front_office"), ("radix-team", "radix_front_office"),
        ("Front-Office", "radix_front_office"), ("front office", "radix_front_office"),
        ("Radix Team Front-Office", "radix_front_office"),
        ("Back-Office", "radix_back_office"), ("Radix Team Back-Office", "radix_back_office"),
        ("FOD Binnenlandse Zaken", None), ("", None), (None, None),
    ],
)
def test_parse_team(text, code):
    assert reading.parse_team(text) == code


@pytest.mark.parametrize(
    "text, code",
    [
        ("Sensibiliseringsdag", "awareness_day"), ("Journée de sensibilisation", "awareness_day"),
        ("awareness day", "awareness_day"),
        ("Oprichting LIVC-R", "livcr_setup_support"), ("Mise en place CSIL-R", "livcr_setup_support"),
        ("mise en place csil r", "livcr_setup_support"),
        ("Veldanalyse", "field_analysis"), ("Analyse de terrain", "field_analysis"), ("Terreinanalyse", "field_analysis"),
        ("Opleiding", "training"), ("Formation", "training"), ("training", "training"),
        ("Projectondersteuning", "project_support"), ("Soutien de projet", "project_support"),
        ("Andere", "other"), ("Autre", "other"), ("other", "other"),
        ("Koffie", None), ("", None), (None, None),
    ],
)
def test_parse_offer(text, code):
    assert reading.parse_offer(text) == code


@pytest.mark.parametrize(
    "parse, labels",
    [
        (reading.parse_status, {c: vocabulary.STATUSES.terms[c].labels for c in vocabulary.STATUSES.codes}),
        (reading.parse_team, {c: vocabulary.TEAMS.terms[c].labels for c in vocabulary.TEAMS.codes}),
        (reading.parse_offer, {c: vocabulary.OFFERS.terms[c].labels for c in vocabulary.OFFERS.codes}),
    ],
    ids=["status", "team", "offer"],
)
def test_every_registry_code_and_label_parses(parse, labels):
    words = {(code, word) for code, by_language in labels.items() for word in [code, *by_language.values()]}
    assert {(code, word): parse(word) for code, word in words if parse(word) != code} == {}


@pytest.mark.parametrize(
    "text, value",
    [
        ("ja", True), ("Ja", True), ("oui", True), ("yes", True), ("TRUE", True), ("1", True), ("x", True),
        ("X", True), ("✓", True),
        ("nee", False), ("neen", False), ("non", False), ("No", False), ("false", False), ("0", False),
        ("", None), (None, None), ("misschien", None),
    ],
)
def test_parse_bool(text, value):
    assert reading.parse_bool(text) is value


@pytest.mark.parametrize(
    "text, names",
    [
        ("Genk", ["Genk"]),
        ("Puurs; Sint-Amands", ["Puurs", "Sint-Amands"]),
        ("Maaseik, Dilsen-Stokkem|Kinrooi", ["Maaseik", "Dilsen-Stokkem", "Kinrooi"]),
        ("Verviers\nDison\r\nLimbourg", ["Verviers", "Dison", "Limbourg"]),
        ("Elsene/Ixelles", ["Elsene", "Ixelles"]),  # two names of one municipality: the resolver counts it once
        ("11002; 11002.0 ;;", ["11002", "11002.0"]),
        ("Sint-Genesius-Rode", ["Sint-Genesius-Rode"]),
        (" ; , ", []),
        ("", []),
        (None, []),
    ],
)
def test_split_municipalities(text, names):
    assert reading.split_municipalities(text) == names


@pytest.mark.parametrize(
    "value, day",
    [
        ("2016-05-27", D(2016, 5, 27)),
        ("2016/05/27", D(2016, 5, 27)),
        ("27/05/2016", D(2016, 5, 27)),
        ("27-05-2016", D(2016, 5, 27)),
        ("27.05.2016", D(2016, 5, 27)),
        ("27/5/16", D(2016, 5, 27)),
        ("1/3/69", D(2069, 3, 1)),
        ("1/3/70", D(1970, 3, 1)),
        ("1/3/00", D(2000, 3, 1)),
        ("  27/05/2016 ", D(2016, 5, 27)),
        ("27/05/2016 14:30", D(2016, 5, 27)),
        ("2016-05-27 00:00:00", D(2016, 5, 27)),
        ("2016-05-27T09:15:00", D(2016, 5, 27)),
        ("27 mei 2016", D(2016, 5, 27)),
        ("27 MEI 2016", D(2016, 5, 27)),
        ("27 mai 2016", D(2016, 5, 27)),
        ("27 May 2016", D(2016, 5, 27)),
        ("27 mrt. 2017", D(2017, 3, 27)),
        ("1er juin 2017", D(2017, 6, 1)),
        ("3 février 2020", D(2020, 2, 3)),
        ("15 août 2019", D(2019, 8, 15)),
        ("2 sept. 2016", D(2016, 9, 2)),
        ("29/02/2020", D(2020, 2, 29)),
        (dt.datetime(2016, 5, 27, 14, 30), D(2016, 5, 27)),
        (D(2016, 5, 27), D(2016, 5, 27)),
        (42517, D(2016, 5, 27)),  # Excel serials, from workbook cells
        (42517.75, D(2016, 5, 27)),
        (1, D(1900, 1, 1)),
        (59, D(1900, 2, 28)),
        (61, D(1900, 3, 1)),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_parse_date(value, day):
    assert reading.parse_date(value) == day


@pytest.mark.parametrize(
    "value, message",
    [
        ("31/02/2019", "impossible date '31/02/2019'"),
        ("2019-13-01", "impossible date '2019-13-01'"),
        ("29/02/2019", "impossible date '29/02/2019'"),
        ("05/27/2016", "impossible date '05/27/2016'"),  # US order: day first, always
        ("0/1/2020", "impossible date '0/1/2020'"),
        ("30 februari 2020", "impossible date '30 februari 2020'"),
        ("soon", "not a date: 'soon'"),
        ("42517", "not a date: '42517'"),  # a serial as text: no, only from workbook cells
        ("2016", "a day is needed here, not only a month, quarter or year: '2016'"),
        ("27/05-2016", "not a date: '27/05-2016'"),
        ("27 foo 2016", "not a date: '27 foo 2016'"),
        ("27 mei", "not a date: '27 mei'"),
        ("May 27, 2016", "not a date: 'May 27, 2016'"),
        (True, "not a date: True"),
        (0, "not a date: 0"),
        (float("nan"), "not a date: nan"),
        (60, "impossible date '60'"),  # Excel's 29 February 1900
        (10**9, "not a date: 1000000000"),
    ],
)
def test_parse_date_says_why_not(value, message):
    with pytest.raises(ValueError) as error:
        reading.parse_date(value)
    assert str(error.value) == message


# ---------------------------------------------------------------------------------------
# Limits: what a file may hold at most


def status_lines(count: int) -> bytes:
    return b"".join(b"Gent;gepland;1/1/19\n" for _ in range(count))


def status_file_of(size: int) -> bytes:
    """A status CSV of exactly `size` bytes: rows of 100 KB (a cell may hold 131,072 characters)."""
    header, row = b"Gemeente;Status;Datum;Bron\n", b"Gent;gepland;1/1/19;"
    rows, rest = divmod(size - len(header), 100_000)
    full = row + b"x" * (100_000 - len(row) - 1) + b"\n"
    assert rest > len(row)  # room for one more, shorter row
    return header + full * rows + row + b"x" * (rest - len(row) - 1) + b"\n"


@pytest.mark.parametrize(
    "make, outcome",
    [
        # Built in the test, not at collection: some are 20 MB.
        pytest.param(lambda: b"Gemeente;Status;Datum\n" + status_lines(reading.MAX_ROWS), reading.MAX_ROWS,
                     id="at the limit"),
        pytest.param(
            lambda: b"Gemeente;Status;Datum\n" + status_lines(reading.MAX_ROWS + 1),
            "status.csv: more than 200,000 rows, the most a file may have; split it into several files",
            id="one over: counted exactly",
        ),
        pytest.param(
            # More lines than the limit, but blank lines and quoted line breaks are no rows.
            lambda: b"Gemeente;Status;Datum;Bron\n" + b"\r\n" * reading.MAX_ROWS + b'Gent;gepland;1/1/19;"a\nb"\n' * 1000,
            1000, id="blank lines are not rows",
        ),
        pytest.param(lambda: status_file_of(reading.MAX_FILE_BYTES), 200, id="exactly the size limit"),
        pytest.param(
            lambda: status_file_of(reading.MAX_FILE_BYTES + 1),
            "status.csv: 20.1 MB, more than the 20 MB a file may have; split it into several files",
            id="one byte over the size limit",
        ),
    ],
)
def test_row_and_size_limits(tmp_path, make, outcome):
    path = tmp_path / "status.csv"
    path.write_bytes(make())
    try:
        result = len(reading.read_table(path, "status").rows)
    except ReadError as error:
        result = str(error)
    assert result == outcome


@pytest.mark.parametrize(
    "text, neutralised",
    [
        ("=1+1", "'=1+1"),
        ("+SUM(1)", "'+SUM(1)"),
        ("-2+3", "'-2+3"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),  # already an apostrophe: one more, so that restoring gives it back
        ("''-1", "'''-1"),
        ("'quoted", "'quoted"),
        ("'", "'"),
        ("", ""),
        ("Gent", "Gent"),
        (" =1", " =1"),  # a space first: Excel reads text
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # the page's business, not the file's
    ],
)
def test_formulas_are_neutralised_and_restored_exactly(text, neutralised):
    assert (reading.neutralise_formula(text), reading.restore_formula(neutralised)) == (neutralised, text)


@pytest.mark.parametrize(
    "content, message",
    [
        ("Gemeente;Status;Datum\r\n".encode("utf-16-be"), "UTF-16 text without a byte order mark (BOM)"),
        (b"Gemeente;Status;Datum\r\nGenk;Gepland\x00;2020\r\n", "a NUL character on line 2, which no CSV text has"),
        (b"Gemeente|Status|Datum", None),  # a delimiter we know: read
        (b"Gemeente Status Datum\r\nGenk Gepland 2020\r\n", "looks like a header with its columns separated by ' '"),
        (b"Gemeente~Status~Datum\r\n", "looks like a header with its columns separated by '~'"),
    ],
)
def test_text_that_is_almost_csv_says_what_it_is(tmp_path, content, message):
    path = tmp_path / "status.csv"
    path.write_bytes(content)
    try:
        reading.read_table(path, "status")
        result = None
    except ReadError as error:
        result = message if message in str(error) else str(error)
    assert result == message


def test_headers_far_to_the_right_are_not_looked_for(tmp_path):
    # Excel's CSV pads lines to the last used column; a header past COLUMNS_READ is not one.
    padding = ";" * reading.COLUMNS_READ
    path = tmp_path / "status.csv"
    path.write_text(f"{padding}Gemeente;Status;Datum\nGenk;x\n")
    with pytest.raises(ReadError, match="no header row found"):
        reading.read_table(path, "status")
