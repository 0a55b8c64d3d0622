"""Write the bad-input corpus of this directory (run once; the outputs are committed).

    python tests/data/bad/make_bad.py

Every file is tiny; the large ones (a million rows, zip bombs, a file over the size limit)
are written by tests/test_bad_input.py at run time instead. Regenerating gives
byte-identical files: zip dates and document times are fixed, the garbage is seeded.
README.md says what is wrong with each file and what the reader or importer answers.
"""

import datetime as dt
import random
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
CREATED = dt.datetime(2024, 1, 15, 9, 0, 0)

STATUS_HEADER = "Gemeente;Status;Datum;Cel;Bron"
VISITS_HEADER = "Datum;Gemeenten;Ploeg;Aanbod;Nr;Notities"

# The hostile strings of issue 6: markup a browser would run, formulas a spreadsheet would.
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "=cmd|' /C calc'!A0",
    "+SUM(1)",
    "@A1",
    "-2+3",
]

# A 1x1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a10000000049454e44ae426082"
)


def text(name: str, lines: list[str], encoding: str = "utf-8", newline: str = "\n", end: bool = True) -> None:
    body = newline.join(lines) + (newline if end else "")
    (HERE / name).write_bytes(body.encode(encoding))


def raw(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def workbook(name: str, rows: list[list], edits: dict[str, list[tuple[str, str]]] | None = None,
             strings: list[str] = (), extra_parts: dict[str, str] | None = None) -> None:
    """A one-sheet workbook; `strings` are written as string cells even when they start with '='."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Blad1"
    for row in rows:
        ws.append(row)
    for cell in (c for row in ws.iter_rows() for c in row):
        if cell.value in strings:
            cell.data_type = "s"  # openpyxl would otherwise write "=..." as a formula
    wb.properties.creator = "LIVC-R cartography test fixtures"
    wb.properties.created = CREATED
    path = HERE / name
    wb.save(path)
    rewrite(path, edits or {}, extra_parts or {})


def rewrite(path: Path, edits: dict[str, list[tuple[str, str]]], extra_parts: dict[str, str]) -> None:
    """Each member's (old, new) replaced once, parts added, every date fixed."""
    stamp = CREATED.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as source:
        items = [(info.filename, source.read(info)) for info in source.infolist()]
    items += [(member, body.encode("utf-8")) for member, body in extra_parts.items()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member, data in items:
            info = zipfile.ZipInfo(member, CREATED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            if member == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            for old, new in edits.get(member, []):
                body = data.decode("utf-8")
                assert body.count(old) == 1, f"{old} not once in {member}"
                data = body.replace(old, new).encode("utf-8")
            target.writestr(info, data)


def zip_of(name: str, parts: dict[str, str]) -> None:
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, body in parts.items():
            archive.writestr(zipfile.ZipInfo(member, CREATED.timetuple()[:6]), body)


def main() -> None:
    # --- Files that cannot be read -------------------------------------------------------
    text("truncated_mid_quote.csv", [
        STATUS_HEADER,
        "Gent;operationeel;2016-05-27;LIVC-R Gent;Bevraging",
        'Genk;gepland;2019-01-01;;"Enquête van de burgem',
    ], end=False)
    workbook("full.xlsx.tmp", [STATUS_HEADER.split(";"), ["Gent", "operationeel", "2016-05-27", "LIVC-R Gent", "x"]])
    full = (HERE / "full.xlsx.tmp").read_bytes()
    (HERE / "full.xlsx.tmp").unlink()
    raw("truncated.xlsx", full[: len(full) // 2])
    raw("garbage.csv", random.Random(6).randbytes(1024))
    raw("png_renamed.xlsx", PNG)
    text("utf16le_no_bom.csv", [STATUS_HEADER, "Liège;opérationnelle;27/05/2016;;"], encoding="utf-16-le")
    text("wrong_delimiter.csv", ["Gemeente:Status:Datum", "Gent:operationeel:2016-05-27"])
    text("duplicated_headers.csv", ["Gemeente;Status;Datum;Gemeente", "Gent;operationeel;2016-05-27;Genk"])
    raw("empty.csv", b"")
    text("header_only.csv", [STATUS_HEADER])
    raw("blank_lines.csv", b"\r\n\r\n   \r\n\t\r\n")
    raw("nul_byte.csv", (
        f"{STATUS_HEADER}\r\nGent;operationeel;2016-05-27;;Bevraging\r\nGenk;gepland;2019-01-01;;Radix\x00 visit\r\n"
    ).encode())
    text("status_as_visits.csv", [STATUS_HEADER, "Gent;operationeel;2016-05-27;;"])
    text("visits_as_status.csv", [VISITS_HEADER, "2016-05-27;Gent;Radix;Veldanalyse;;"])
    zip_of("docx_renamed.xlsx", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
    raw("password_protected.xlsx", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
    workbook(
        "entity_expansion.xlsx", [STATUS_HEADER.split(";"), ["Gent", "operationeel", "2016-05-27", None, "bron"]],
        edits={"xl/worksheets/sheet1.xml": [
            ("<worksheet ", '<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
             + "".join(f'<!ENTITY lol{i + 1} "' + f"&lol{i};" * 10 + '">' for i in range(9))
             + "]><worksheet "),
            ("<t>bron</t>", "<t>&lol9;</t>"),
        ]},
    )
    workbook(
        "external_entity.xlsx", [STATUS_HEADER.split(";"), ["Gent", "operationeel", "2016-05-27", None, "bron"]],
        edits={"xl/worksheets/sheet1.xml": [
            ("<worksheet ", '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet '),
            ("<t>bron</t>", "<t>&xxe;</t>"),
        ]},
    )

    # --- Files that read, with rows in error --------------------------------------------
    text("dates_impossible.csv", [
        STATUS_HEADER,
        "Gent;operationeel;31/02/2019;;",
        "Genk;operationeel;2019-13-01;;",
        "Menen;operationeel;00/00/0000;;",
    ])
    text("codes_leading_zeros.csv", [
        STATUS_HEADER,
        "11001;operationeel;2016-05-27;;",  # Aartselaar
        "11001.0;operationeel;2016-05-28;;",  # the same code through a float
        "1001;operationeel;2016-05-29;;",  # a code that lost a digit (or a Brussels postcode)
        "01001;operationeel;2016-05-30;;",  # a zero added in front: no NIS code starts with 0
    ])
    text("hostile_every_column.csv", [VISITS_HEADER] + [";".join([h] * 6) for h in HOSTILE])
    text("extra_cells.csv", [
        "Gemeente,Status,Datum,Bron",
        "Gent,operationeel,2016-05-27,Bevraging",
        "Genk,gepland,2019-01-01,Radix, Genk en Menen",  # an unquoted comma shifts the row
    ])
    text("unknown_status.csv", [STATUS_HEADER, "Gent;operationeel;2016-05-27;;", "Genk;misschien;2019-01-01;;"])
    text("unknown_team.csv", [VISITS_HEADER, "2019-01-01;Genk;A-Team;Veldanalyse;;"])
    text("visit_without_municipality.csv", [VISITS_HEADER, "2019-01-01;;Radix;Veldanalyse;V-1;"])
    text("too_long_values.csv", [
        "Gemeente;Status;Datum;Cell id;Bron",
        f"Gent;operationeel;2016-05-27;{'c' * 65};{'b' * 256}",
    ])
    text("control_characters.csv", [
        VISITS_HEADER,
        # An ANSI escape would colour a terminal, a form feed breaks an XLSX export.
        "2019-01-01;Genk;Radix;Veldanalyse;V-1;notitie \x1b[31min het rood\x1b[0m" + " met wat uitleg" * 30,
    ])

    # --- Files that import --------------------------------------------------------------
    text("cp1252_accents.csv", [
        STATUS_HEADER, "Liège;opérationnelle;27/05/2016;CSIL-R Liège;Enquête été", "Écaussinnes;prévue;2018-03-01;;",
    ], encoding="cp1252", newline="\r\n")
    text("bom_crlf.csv", [STATUS_HEADER, "Gent;operationeel;2016-05-27;LIVC-R Gent;Bevraging"],
         encoding="utf-8-sig", newline="\r\n")
    text("dates_five_formats.csv", [
        STATUS_HEADER,
        "Gent;operationeel;2016-05-27;;iso",
        "Genk;operationeel;27/05/2016;;dd/mm/yyyy",
        "Menen;operationeel;27-05-16;;dd-mm-yy",
        "Kortrijk;operationeel;27 mei 2016;;written in Dutch",
    ])
    workbook("dates_excel_serial.xlsx", [
        STATUS_HEADER.split(";"),
        ["Brugge", "operationeel", 42517, None, "serial number"],
        ["Oostende", "operationeel", dt.date(2016, 5, 27), None, "date cell"],
    ])
    text("hostile_status.csv", [
        STATUS_HEADER,
        f"Gent;operationeel;2016-05-27;{HOSTILE[0]};{HOSTILE[1]}",
        f"Genk;gepland;2017-01-01;{HOSTILE[2]};{HOSTILE[3]}",
        f"Menen;in oprichting;2018-02-02;{HOSTILE[4]};{HOSTILE[5]}",
    ])
    text("hostile_visits.csv", [VISITS_HEADER] + [
        f"2019-01-{day:02d};Genk;Radix;Veldanalyse;{hostile};{hostile}" for day, hostile in enumerate(HOSTILE, start=1)
    ])
    workbook(
        "hostile_cells.xlsx",
        [STATUS_HEADER.split(";")] + [
            [municipality, "operationeel", f"2016-05-{day:02d}", HOSTILE[day - 1], HOSTILE[-day]]
            for day, municipality in enumerate(["Gent", "Genk", "Menen"], start=1)
        ],
        strings=HOSTILE,
    )
    workbook(
        "formula_cells.xlsx",
        [STATUS_HEADER.split(";"),
         ['="Ge"&"nt"', "operationeel", "=DATE(2016,5,27)", "=cmd|' /C calc'!A0", '=HYPERLINK("http://example.invalid/","klik")']],
        # Excel keeps the value it last computed beside each formula: give the first two one.
        edits={"xl/worksheets/sheet1.xml": [
            ('<c r="A2"><f>"Ge"&amp;"nt"</f><v /></c>', '<c r="A2" t="str"><f>"Ge"&amp;"nt"</f><v>Gent</v></c>'),
            ("<f>DATE(2016,5,27)</f><v /></c>", "<f>DATE(2016,5,27)</f><v>42517</v></c>"),
        ]},
    )
    workbook("header_on_row_5.xlsx", [
        ["Stand van zaken LIVC-R"], [], ["Bijgewerkt door de Radix Team"], ["Vertrouwelijk"],
        STATUS_HEADER.split(";"),
        ["Gent", "operationeel", "2016-05-27", "LIVC-R Gent", "Bevraging"],
    ])
    workbook(
        "external_link.xlsx",
        [STATUS_HEADER.split(";"), ["Gent", "operationeel", "2016-05-27", None, "=[1]Blad1!A1"]],
        edits={
            "xl/worksheets/sheet1.xml": [(
                '<c r="E2"><f>[1]Blad1!A1</f><v /></c>', '<c r="E2" t="str"><f>[1]Blad1!A1</f><v>Bevraging</v></c>',
            )],
            "xl/workbook.xml": [("</sheets>", '</sheets><externalReferences><externalReference r:id="rIdX1"/></externalReferences>')],
            "xl/_rels/workbook.xml.rels": [("</Relationships>", (
                '<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>'))],
            "[Content_Types].xml": [("</Types>", (
                '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>'))],
        },
        extra_parts={
            "xl/externalLinks/externalLink1.xml": (
                '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<externalBook r:id="rId1"><sheetNames><sheetName val="Blad1"/></sheetNames></externalBook></externalLink>'
            ),
            "xl/externalLinks/_rels/externalLink1.xml.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'externalLinkPath" Target="http://example.invalid/evil.xlsx" TargetMode="External"/></Relationships>'
            ),
        },
    )
    workbook(
        "macro.xlsm", [STATUS_HEADER.split(";"), ["Gent", "operationeel", "2016-05-27", None, "Bevraging"]],
        extra_parts={"xl/vbaProject.bin": "Sub Auto_Open(): Shell \"calc\": End Sub"},
    )
    text("apostrophe_formulas.csv", [
        VISITS_HEADER,
        "2019-02-01;Genk;Radix;Veldanalyse;V-1;'=1+1",  # as our export writes "=1+1"
        "2019-02-02;Genk;Radix;Veldanalyse;V-2;''-2",  # as it writes "'-2"
        "2019-02-03;Genk;Radix;Veldanalyse;V-3;'quoted",  # no formula after it: kept
    ])


if __name__ == "__main__":
    main()
