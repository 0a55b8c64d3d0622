"""A person's decisions (loaders.mapping): written to TOML and JSON and read back unchanged,
one set over another, and the decision files that are refused, with why in EN/NL/FR."""

from __future__ import annotations

import pytest

from loaders import mapping
from loaders.mapping import Decisions, MappingError
from locales import Message


def decisions(kind, columns=(), values=(), places=()) -> Decisions:
    """Decisions set the way the Data page and `--save-map` set them: as written."""
    made = Decisions(kind)
    for header, name in columns:
        made.set_column(header, name)
    for name, text, code in values:
        made.set_value(name, text, code)
    for text, nis in places:
        made.set_place(text, nis)
    return made


ROUND_TRIPS = {
    "empty": decisions("status"),
    "no kind": decisions(None, columns=[("Gemeente", "municipality")]),
    "status, quotes and accents": decisions(
        "status",
        columns=[('Werkt de cel?', "status_yes_no"), ('Opmerking "intern"', "ignore"), ("État d'avancement", "status"),
                 ("Sinds (dd/mm/jjjj)", "date"), ("N°", "ignore")],
        values=[("status", 'loopt "goed"', "operational"), ("status", "in de steigers", "being_set_up"),
                ("status", "réflexion", "planned"), ("status_yes_no", "deels", "skip"), ("cell_kind", "zone", "police_zone")],
        places=[("Écaussinnes-d'Enghien", "55050"), ("Sint-Genesius-Rode \\ Rhode-Saint-Genèse", "23101"),
                ("Beveren", "46030"), ("Berchem", "skip"), ('"Lontzen (Walhorn)"', "63048")],
    ),
    "visits, every value field": decisions(
        "visits",
        columns=[("Besuchsdatum", "date"), ("Wer?", "team"), ("Art des Angebots", "offer"), ("Bericht", "report_delivered")],
        values=[("team", "RT", "radix_front_office"), ("team", "J. Peeters", "skip"), ("offer", "Gespräch", "other"),
                ("report_delivered", "gedeeltelijk", "true"), ("report_delivered", "nog niet", "false")],
        places=[("Lüttich", "62063"), ("Ruisbroek\nAntwerpen", "11002")],
    ),
}


@pytest.mark.parametrize("made", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_decisions_come_back_from_toml_and_json_unchanged(made):
    kind = made.kind or "status"
    from_toml = mapping.parse_decisions(made.to_toml(), kind, "keuzes.toml")
    from_json = mapping.from_json(made.to_json(), kind)
    json_as_a_file = mapping.parse_decisions(made.to_json(), kind, "keuzes.json")
    expected = Decisions(kind, made.columns, made.values, made.places)
    assert (from_toml, from_json, json_as_a_file) == (expected, expected, expected)
    # As written, so that a file a person saved reads back as they wrote it.
    written = {**made.as_dict(), "kind": kind}
    assert (from_toml.as_dict(), from_json.as_dict(), json_as_a_file.as_dict()) == (written, written, written)
    assert from_toml.to_toml() == Decisions(kind, made.columns, made.values, made.places, made.written).to_toml()
    assert from_json.to_json() == from_toml.to_json()


def test_decisions_are_looked_up_the_way_the_reader_compares():
    made = ROUND_TRIPS["status, quotes and accents"]
    assert (
        made.column("WERKT DE CEL"), made.column("etat d avancement"), made.column("Gemeente"),
        made.value("status", "LOOPT \"GOED\""), made.value("status", "Réflexion"), made.value("status", "loopt"),
        made.value("team", "RT"),
        made.place("ECAUSSINNES D'ENGHIEN"), made.place("écaussinnes-d’enghien"), made.place("Beveren-Waas"),
    ) == ("status_yes_no", "status", None, "operational", "planned", None, None, "55050", "55050", None)


def test_a_files_decisions_come_over_the_saved_ones():
    saved = decisions(
        "status",
        columns=[("Vordering", "status"), ("Sinds", "date")],
        values=[("status", "loopt", "operational"), ("status", "in de steigers", "being_set_up"),
                ("cell_kind", "zone", "police_zone")],
        places=[("Beveren", "46030"), ("Berchem", "11002")],
    )
    given = decisions(
        "status",
        columns=[("VORDERING", "ignore"), ("Werkt de cel?", "status_yes_no")],
        values=[("status", "Loopt", "planned"), ("status_yes_no", "deels", "skip")],
        places=[("berchem", "21003")],
    )
    assert given.over(saved) == Decisions(
        "status",
        columns={"vordering": "ignore", "sinds": "date", "werkt de cel": "status_yes_no"},
        values={
            "status": {"loopt": "planned", "in de steigers": "being_set_up"},
            "status_yes_no": {"deels": "skip"},
            "cell_kind": {"zone": "police_zone"},
        },
        places={"beveren": "46030", "berchem": "21003"},
    )
    # The headers as the newer decision wrote them, for the file saved next.
    assert given.over(saved).as_dict()["columns"] == {"Sinds": "date", "VORDERING": "ignore", "Werkt de cel?": "status_yes_no"}
    assert given.over(None) is given
    assert Decisions().over(saved).kind == "status" and Decisions().over(saved) == saved
    assert (bool(Decisions("status")), bool(saved)) == (False, True)


# (file text, kind asked, the problem, its English, Dutch and French text)
REFUSED = [
    pytest.param(
        'kind = "visits"\n[columns]\n"Wie" = "team"\n', "status",
        Message("map_file_other_kind", file="keuzes.toml", given="visits", kind="status"),
        "keuzes.toml: decisions for a visits file, not for a status file",
        "keuzes.toml: keuzes voor een visits-bestand, niet voor een status-bestand",
        "keuzes.toml : des choix pour un fichier visits, pas pour un fichier status",
        id="wrong kind",
    ),
    pytest.param(
        '[columns]\n"Vordering" = "toestand"\n', "status",
        Message("map_file_unknown_field", file="keuzes.toml", header="Vordering", field="toestand"),
        "keuzes.toml: 'Vordering' is mapped to 'toestand', which is not a field of this kind of file",
        "keuzes.toml: 'Vordering' is gekoppeld aan 'toestand', geen veld van dit soort bestand",
        "keuzes.toml : 'Vordering' correspond à 'toestand', qui n'est pas un champ de ce type de fichier",
        id="unknown field",
    ),
    pytest.param(
        # A field of the other kind is no field of this one.
        '[columns]\n"Ploeg" = "team"\n', "status",
        Message("map_file_unknown_field", file="keuzes.toml", header="Ploeg", field="team"),
        "keuzes.toml: 'Ploeg' is mapped to 'team', which is not a field of this kind of file",
        "keuzes.toml: 'Ploeg' is gekoppeld aan 'team', geen veld van dit soort bestand",
        "keuzes.toml : 'Ploeg' correspond à 'team', qui n'est pas un champ de ce type de fichier",
        id="field of the other kind",
    ),
    pytest.param(
        '[values.toestand]\n"loopt" = "operational"\n', "status",
        Message("map_file_unknown_field", file="keuzes.toml", header="toestand", field="toestand"),
        "keuzes.toml: 'toestand' is mapped to 'toestand', which is not a field of this kind of file",
        "keuzes.toml: 'toestand' is gekoppeld aan 'toestand', geen veld van dit soort bestand",
        "keuzes.toml : 'toestand' correspond à 'toestand', qui n'est pas un champ de ce type de fichier",
        id="values of an unknown field",
    ),
    pytest.param(
        '[values.status]\n"loopt" = "lopend"\n', "status",
        Message("map_file_unknown_code", file="keuzes.toml", value="'loopt'", code="lopend", field=Message("read_field_status")),
        "keuzes.toml: 'loopt' is mapped to 'lopend', which is not a code of the status (or skip)",
        "keuzes.toml: 'loopt' is gekoppeld aan 'lopend', geen code van de status (of skip)",
        "keuzes.toml : 'loopt' correspond à 'lopend', qui n'est pas un code du champ statut (ou skip)",
        id="unknown status code",
    ),
    pytest.param(
        '{"values": {"team": {"RT": "radix"}}}', "visits",
        Message("map_file_unknown_code", file="keuzes.json", value="'RT'", code="radix", field=Message("read_field_team")),
        "keuzes.json: 'RT' is mapped to 'radix', which is not a code of the team (or skip)",
        "keuzes.json: 'RT' is gekoppeld aan 'radix', geen code van de team (of skip)",
        "keuzes.json : 'RT' correspond à 'radix', qui n'est pas un code du champ équipe (ou skip)",
        id="unknown team code, JSON",
    ),
    pytest.param(
        '[values.report_delivered]\n"half" = "yes"\n', "visits",
        Message("map_file_unknown_code", file="keuzes.toml", value="'half'", code="yes", field=Message("read_field_report_delivered")),
        "keuzes.toml: 'half' is mapped to 'yes', which is not a code of the report_delivered (or skip)",
        "keuzes.toml: 'half' is gekoppeld aan 'yes', geen code van de verslag bezorgd (of skip)",
        "keuzes.toml : 'half' correspond à 'yes', qui n'est pas un code du champ rapport remis (ou skip)",
        id="report is true or false",
    ),
    pytest.param(
        # Beveren's code before the 2025 merger: a decision names today's municipality.
        '[places]\n"Beveren" = "46003"\n', "status",
        Message("map_file_unknown_place", file="keuzes.toml", value="Beveren", code="46003"),
        "keuzes.toml: Beveren is mapped to '46003', which is not a NIS code of today's municipalities (or skip)",
        "keuzes.toml: Beveren is gekoppeld aan '46003', geen NIS-code van een huidige gemeente (of skip)",
        "keuzes.toml : Beveren correspond à '46003', qui n'est pas un code INS d'une commune actuelle (ou skip)",
        id="old NIS code",
    ),
    pytest.param(
        '[places]\n"Atlantis" = "99999"\n', "visits",
        Message("map_file_unknown_place", file="keuzes.toml", value="Atlantis", code="99999"),
        "keuzes.toml: Atlantis is mapped to '99999', which is not a NIS code of today's municipalities (or skip)",
        "keuzes.toml: Atlantis is gekoppeld aan '99999', geen NIS-code van een huidige gemeente (of skip)",
        "keuzes.toml : Atlantis correspond à '99999', qui n'est pas un code INS d'une commune actuelle (ou skip)",
        id="unknown NIS code",
    ),
    pytest.param(
        'columns = "Vordering"\n', "status",
        Message("map_file_not_a_table", file="keuzes.toml: columns"),
        "keuzes.toml: columns: a decisions file holds tables: [columns], [values.<field>], [places]",
        "keuzes.toml: columns: een keuzebestand bevat tabellen: [columns], [values.<veld>], [places]",
        "keuzes.toml: columns : un fichier de choix contient des tables : [columns], [values.<champ>], [places]",
        id="columns not a table",
    ),
    pytest.param(
        'values = { status = "operational" }\n', "status",
        Message("map_file_not_a_table", file="keuzes.toml: values.status"),
        "keuzes.toml: values.status: a decisions file holds tables: [columns], [values.<field>], [places]",
        "keuzes.toml: values.status: een keuzebestand bevat tabellen: [columns], [values.<veld>], [places]",
        "keuzes.toml: values.status : un fichier de choix contient des tables : [columns], [values.<champ>], [places]",
        id="a field's values not a table",
    ),
]


@pytest.mark.parametrize("text, kind, problem, en, nl, fr", REFUSED)
def test_a_bad_decisions_file_is_refused_saying_why(text, kind, problem, en, nl, fr):
    source = "keuzes.json" if text.startswith("{") else "keuzes.toml"
    with pytest.raises(MappingError) as refused:
        mapping.parse_decisions(text, kind, source)
    assert refused.value.problem == problem
    assert (str(refused.value), *(problem.render(lang) for lang in ("en", "nl", "fr"))) == (en, en, nl, fr)


@pytest.mark.parametrize(
    "text, source",
    [
        ("[columns\nGemeente = 'municipality'\n", "keuzes.toml"),  # a table never closed
        ("Gemeente: municipality\n", "keuzes.yaml"),  # YAML, not TOML
        ('{"columns": {"Gemeente": "municipality"}', "keuzes.json"),  # JSON cut short
    ],
    ids=["toml never closed", "yaml", "json cut short"],
)
def test_a_file_that_is_not_toml_or_json_is_refused(text, source):
    with pytest.raises(MappingError) as refused:
        mapping.parse_decisions(text, "status", source)
    problem = refused.value.problem
    assert (problem.key, problem.values["file"]) == ("map_file_unreadable", source)
    prefixes = {
        "en": f"{source}: not a TOML or JSON file of decisions (",
        "nl": f"{source}: geen TOML- of JSON-bestand met keuzes (",
        "fr": f"{source} : pas un fichier TOML ou JSON de choix (",
    }
    for lang, prefix in prefixes.items():
        rendered = problem.render(lang)
        assert rendered.startswith(prefix) and rendered.endswith(")") and len(rendered) > len(prefix) + 1, rendered


def test_an_empty_file_decides_nothing():
    # Valid TOML with no table: nothing decided, nothing refused (what --save-map writes for a
    # check that needed no decision reads back the same way).
    assert mapping.parse_decisions("", "status", "leeg.toml") == Decisions("status")
    assert mapping.parse_decisions(Decisions("visits").to_toml(), "visits", "leeg.toml") == Decisions("visits")
