import csv
import time

import numpy as np
import pandas as pd
import pytest

from geo import gazetteer, mergers, settings
from geo.resolver import (
    EXTRA_NAMES,
    Resolution,
    Resolver,
    normalise_name,
    resolve_municipality,
)

# The names several 2025 municipalities answer to, found by `test_clashes_are_computed`
# over every name of every vintage, the extra names and the sections (geo/data/embedded/
# sections.csv, combined rows such as "Hoeke - Oostkerke" by each part): Saint-Nicolas is the
# Walloon municipality and the French name Statbel gave Sint-Niklaas in 2019; Woluwe is a short
# form of two Brussels municipalities; the other 47 are sections of several municipalities, or a
# section of one and the name of another, current (Aalst, Halle, Tielt, Hamme, Kapellen,
# Machelen, Nieuwerkerken, Perwez, Neufchâteau, Celles, Vorst/Forest) or former (Beveren,
# Moerbeke). Limburg/Limbourg (63046) clashes with no municipality, only with the province of
# Limburg, which is not one.
CLASHES = {
    "aalst": ("41002", "71053"),  # Aalst, Sint-Truiden
    "arbre": ("51004", "92101"),  # Aat, Profondeville
    "bellefontaine": ("85039", "91015"),  # Tintigny, Bièvre
    "berchem": ("11002", "45060"),  # Antwerpen, Kluisbergen
    "berg": ("23038", "73111"),  # Kampenhout, Tongeren-Borgloon
    "beveren": ("34040", "36015", "38002", "46030"),  # Waregem, Roeselare, Alveringem, Beveren-Kruibeke-Zwijndrecht
    "bomal": ("25122", "83012"),  # Ramillies, Durbuy
    "celles": ("57018", "64076", "91072"),  # Celles, Faimes, Houyet
    "clermont": ("63089", "93088"),  # Thimister-Clermont, Walcourt
    "deurne": ("11002", "24020"),  # Antwerpen, Diest
    "forest": ("21007", "51065"),  # Vorst, Frasnes-lez-Anvaing
    "halle": ("11055", "23027"),  # Zoersel, Halle
    "hamme": ("23052", "42008"),  # Merchtem, Hamme
    "hemptinne": ("92138", "93022"),  # Fernelmont, Florennes
    "heusden": ("44013", "71070"),  # Destelbergen, Heusden-Zolder
    "hofstade": ("23096", "41002"),  # Zemst, Aalst
    "jemeppe": ("62096", "92140"),  # Seraing, Jemeppe-sur-Sambre
    "jeneffe": ("64023", "91064"),  # Donceel, Havelange
    "kapellen": ("11023", "24137"),  # Kapellen, Glabbeek
    "leuze": ("57094", "92035"),  # Leuze-en-Hainaut, Eghezée
    "longchamps": ("82039", "92035"),  # Bastogne, Eghezée
    "machelen": ("23047", "44081"),  # Machelen, Zulte
    "meldert": ("24041", "41002", "71037"),  # Hoegaarden, Aalst, Lummen
    "moerbeke": ("41018", "46029"),  # Geraardsbergen, Lokeren
    "mont": ("82014", "91141"),  # Houffalize, Yvoir
    "moustier": ("51065", "92140"),  # Frasnes-lez-Anvaing, Jemeppe-sur-Sambre
    "muizen": ("12025", "71017"),  # Mechelen, Gingelom
    "neufchateau": ("62027", "84043"),  # Dalhem, Neufchâteau
    "nieuwerkerken": ("41002", "71045"),  # Aalst, Nieuwerkerken
    "noville": ("64025", "82039"),  # Fexhe-le-Haut-Clocher, Bastogne
    "oostkerke": ("31006", "32003"),  # Damme ("Hoeke - Oostkerke"), Diksmuide
    "peronnes": ("57003", "58002"),  # Antoing, Binche
    "perwez": ("25084", "92097"),  # Perwez, Ohey
    "porcheresse": ("84016", "91064"),  # Daverdisse, Havelange
    "ramskapelle": ("31043", "38016"),  # Knokke-Heist, Nieuwpoort
    "ruisbroek": ("12041", "23077"),  # Puurs-Sint-Amands, Sint-Pieters-Leeuw
    "st denis": ("53053", "92141"),  # Mons, La Bruyère
    "st joris": ("31003", "38016"),  # Beernem, Nieuwpoort
    "st leger": ("57027", "85034"),  # Estaimpuis, Saint-Léger
    "st nicolas": ("46021", "62093"),  # Sint-Niklaas, Saint-Nicolas
    "st pieters kapelle": ("23106", "35011"),  # Pajottegem, Middelkerke
    "st remy": ("56016", "62119"),  # Chimay, Blegny
    "stree": ("56005", "61041"),  # Beaumont, Modave
    "tielt": ("24135", "37022"),  # Tielt-Winge, Tielt
    "tongerlo": ("13049", "72004"),  # Westerlo, Bree
    "vaulx": ("56016", "57081"),  # Chimay, Tournai
    "vorst": ("13053", "21007"),  # Laakdal, Vorst
    "woluwe": ("21018", "21019"),  # Sint-Lambrechts-Woluwe, Sint-Pieters-Woluwe
    "zandvoorde": ("33037", "35013"),  # Zonnebeke, Oostende
}


@pytest.fixture(scope="module")
def resolver(population_csv):
    return Resolver(population_csv)


@pytest.fixture(scope="module")
def resolver_without_population():
    return Resolver(None)


def ok(given, nis, message):
    return Resolution(given, nis, "ok", message, nis, 2025)


def merged(given, nis, message, given_code, vintage):
    return Resolution(given, nis, "merged", message, given_code, vintage)


def unknown(given, message):
    return Resolution(given, None, "unknown", message, None, None)


KRUIBEKE = "Kruibeke (46013) merged into Beveren-Kruibeke-Zwijndrecht (46030) on 2025-01-01"
MOLENBEEK = "Molenbeek-Saint-Jean / Sint-Jans-Molenbeek (21012)"
SAINT_NICOLAS = "is ambiguous: Sint-Niklaas (46021, East Flanders) or Saint-Nicolas (62093, Liège); give the NIS code"
WOLUWE = (
    "Woluwe is ambiguous: Woluwe-Saint-Lambert / Sint-Lambrechts-Woluwe (21018, Brussels-Capital) "
    "or Woluwe-Saint-Pierre / Sint-Pieters-Woluwe (21019, Brussels-Capital); give the NIS code"
)
LIMBURG = "Limbourg (63046), the municipality in the province of Liège, not the province Limburg (70000)"

CASES = [
    # Codes of each vintage, in every form a spreadsheet hands over.
    ("11002", ok("11002", "11002", "Antwerpen (11002)")),
    (11002, ok("11002", "11002", "Antwerpen (11002)")),
    (" 11002 ", ok("11002", "11002", "Antwerpen (11002)")),
    ("11002.0", ok("11002.0", "11002", "Antwerpen (11002)")),
    (11002.0, ok("11002.0", "11002", "Antwerpen (11002)")),
    ("11002,0", ok("11002,0", "11002", "Antwerpen (11002)")),
    (np.int64(46013), merged("46013", "46030", KRUIBEKE, "46013", 2019)),
    (np.float64(46013.0), merged("46013.0", "46030", KRUIBEKE, "46013", 2019)),
    ("12041", ok("12041", "12041", "Puurs-Sint-Amands (12041)")),
    ("12030", merged("12030", "12041", "Puurs (12030) merged into Puurs-Sint-Amands (12041) on 2019-01-01", "12030", 2018)),
    ("44011", merged("44011", "44083", "Deinze (44011) merged into Deinze (44083) on 2019-01-01", "44011", 2018)),
    ("46013", merged("46013", "46030", KRUIBEKE, "46013", 2019)),
    ("37015", merged("37015", "37022", "Tielt (37015) merged into Tielt (37022) on 2025-01-01", "37015", 2019)),
    # The Hainaut recodes of 2019: same municipality, new code.
    ("54007", merged("54007", "57096", "Mouscron (54007) was recoded as Mouscron (57096) on 2019-01-01", "54007", 2018)),
    ("55022", merged("55022", "58001", "La Louvière (55022) was recoded as La Louvière (58001) on 2019-01-01", "55022", 2018)),
    ("57096", ok("57096", "57096", "Mouscron (57096)")),
    # Bastogne and Bertogne, a month before the Flemish mergers.
    ("82003", merged("82003", "82039", "Bastogne (82003) merged into Bastogne (82039) on 2024-12-02", "82003", 2019)),
    ("82005", merged("82005", "82039", "Bertogne (82005) merged into Bastogne (82039) on 2024-12-02", "82005", 2019)),
    ("82039", ok("82039", "82039", "Bastogne (82039)")),
    ("Bastogne", ok("Bastogne", "82039", "Bastogne (82039)")),
    ("Bastenaken", ok("Bastenaken", "82039", "Bastogne (82039)")),
    ("Bertogne", merged("Bertogne", "82039", "Bertogne (82005) merged into Bastogne (82039) on 2024-12-02", "82005", 2019)),
    # Antwerpen keeps its code and absorbs Borsbeek.
    ("11007", merged("11007", "11002", "Borsbeek (11007) merged into Antwerpen (11002) on 2025-01-01", "11007", 2019)),
    ("Borsbeek", merged("Borsbeek", "11002", "Borsbeek (11007) merged into Antwerpen (11002) on 2025-01-01", "11007", 2019)),
    ("Kruibeke", merged("Kruibeke", "46030", KRUIBEKE, "46013", 2019)),
    ("KRUIBEKE ", merged("KRUIBEKE", "46030", KRUIBEKE, "46013", 2019)),
    # Old names, Dutch and French, and old names that are today's names too.
    ("Knesselare", merged("Knesselare", "44084", "Knesselare (44029) merged into Aalter (44084) on 2019-01-01", "44029", 2018)),
    ("Looz", merged("Looz", "73111", "Borgloon (73009) merged into Tongeren-Borgloon (73111) on 2025-01-01", "73009", 2019)),
    ("Gammerages", merged("Gammerages", "23106", "Galmaarden (23023) merged into Pajottegem (23106) on 2025-01-01", "23023", 2019)),
    ("Deinze", ok("Deinze", "44083", "Deinze (44083)")),
    # Tielt is also a section of Tielt-Winge (sections.csv 24135C): never a guess.
    ("Tielt", Resolution("Tielt", None, "ambiguous", (
        "Tielt is ambiguous: a section of Tielt-Winge (24135, Flemish Brabant) or Tielt (37022, West Flanders); "
        "give the NIS code"
    ), None, 2025, ("24135", "37022"))),
    ("Moeskroen", ok("Moeskroen", "57096", "Mouscron (57096)")),
    # Region, province and other codes that are not municipalities.
    ("02000", unknown("02000", "02000 is the code of the region Flanders, not of a municipality")),
    ("04000", unknown("04000", "04000 is the code of the region Brussels-Capital, not of a municipality")),
    ("10000", unknown("10000", "10000 is the code of the province Antwerp, not of a municipality")),
    ("20001", unknown("20001", "20001 is the code of the province Flemish Brabant, not of a municipality")),
    ("11000", unknown("11000", "11000 is the code of an arrondissement or former province, not of a municipality")),
    ("01000", unknown("01000", "01000 is the code of Belgium, not of a municipality")),
    # A postal code of one municipality names it (no municipality code has 4 digits).
    (2000, Resolution("2000", "11002", "postal_code", (
        "2000 is not a NIS code (they have 5 digits); as 02000 it is the code of the region Flanders, "
        "not of a municipality; as a postal code it belongs to Antwerpen (11002)"
    ), None, 2025)),
    ("9000", Resolution("9000", "44021", "postal_code", (
        "9000 is not a NIS code (they have 5 digits); as a postal code it belongs to Gent (44021)"
    ), None, 2025)),
    ("1234", unknown("1234", "1234 is not a NIS code (they have 5 digits)")),
    ("99999", unknown("99999", "99999 is not a municipality code of 2018, 2019 or 2025")),
    ("123456", unknown("123456", "123456 is not a NIS code: municipality codes have 5 digits")),
    ("-11002", unknown("-11002", "-11002 is not a NIS code: municipality codes have 5 digits")),
    ("11002.5", unknown("11002.5", "11002.5 is not a NIS code: municipality codes have 5 digits")),
    ("11.002", unknown("11.002", (
        "11.002 is not a NIS code: municipality codes have 5 digits; if the dot separates thousands, write 11002"
    ))),
    # Dutch, French and German names.
    ("Luik", ok("Luik", "62063", "Liège (62063)")),
    ("Liège", ok("Liège", "62063", "Liège (62063)")),
    ("Bergen", ok("Bergen", "53053", "Mons (53053)")),
    ("Mons", ok("Mons", "53053", "Mons (53053)")),
    ("Sint-Jans-Molenbeek", ok("Sint-Jans-Molenbeek", "21012", MOLENBEEK)),
    ("Molenbeek-Saint-Jean", ok("Molenbeek-Saint-Jean", "21012", MOLENBEEK)),
    ("Kelmis", ok("Kelmis", "63040", "Kelmis (63040)")),
    ("La Calamine", ok("La Calamine", "63040", "Kelmis (63040)")),
    ("Sankt Vith", ok("Sankt Vith", "63067", "Sankt Vith (63067)")),
    ("Saint-Vith", ok("Saint-Vith", "63067", "Sankt Vith (63067)")),
    ("St. Vith", ok("St. Vith", "63067", "Sankt Vith (63067)")),
    ("Büllingen", ok("Büllingen", "63012", "Büllingen (63012)")),
    ("Bullange", ok("Bullange", "63012", "Büllingen (63012)")),
    # Case, accents, hyphens, apostrophes, dots, spaces and the ways of writing "saint".
    ("sint jans molenbeek", ok("sint jans molenbeek", "21012", MOLENBEEK)),
    ("Molenbeek-St-Jean", ok("Molenbeek-St-Jean", "21012", MOLENBEEK)),
    ("ST-GILLIS", ok("ST-GILLIS", "21013", "Saint-Gilles / Sint-Gillis (21013)")),
    ("Saint Gilles", ok("Saint Gilles", "21013", "Saint-Gilles / Sint-Gillis (21013)")),
    ("St.-Gillis-Waas", ok("St.-Gillis-Waas", "46020", "Sint-Gillis-Waas (46020)")),
    ("Berchem-Ste-Agathe", ok("Berchem-Ste-Agathe", "21003", "Berchem-Sainte-Agathe / Sint-Agatha-Berchem (21003)")),
    ("  sint-agatha-berchem  ", ok("sint-agatha-berchem", "21003", "Berchem-Sainte-Agathe / Sint-Agatha-Berchem (21003)")),
    ("Sainte Ode", ok("Sainte Ode", "82038", "Sainte-Ode (82038)")),
    ("Rhode-St-Genèse", ok("Rhode-St-Genèse", "23101", "Sint-Genesius-Rode (23101)")),
    ("LIEGE", ok("LIEGE", "62063", "Liège (62063)")),
    ("Braine-l’Alleud", ok("Braine-l’Alleud", "25014", "Braine-l’Alleud (25014)")),
    ("Braine-l'Alleud", ok("Braine-l'Alleud", "25014", "Braine-l’Alleud (25014)")),
    ("Braine l Alleud", ok("Braine l Alleud", "25014", "Braine-l’Alleud (25014)")),
    ("'s-Gravenbrakel", ok("'s-Gravenbrakel", "55004", "Braine-le-Comte (55004)")),
    ("Pont-à-celles", ok("Pont-à-celles", "52055", "Pont-à-Celles (52055)")),
    # The clashes: never a guess.
    ("Saint-Nicolas", Resolution("Saint-Nicolas", None, "ambiguous", f"Saint-Nicolas {SAINT_NICOLAS}", None, 2025, ("46021", "62093"))),
    ("St Nicolas", Resolution("St Nicolas", None, "ambiguous", f"St Nicolas {SAINT_NICOLAS}", None, 2025, ("46021", "62093"))),
    ("Woluwe", Resolution("Woluwe", None, "ambiguous", WOLUWE, None, 2025, ("21018", "21019"))),
    ("Sint-Niklaas", ok("Sint-Niklaas", "46021", "Sint-Niklaas (46021)")),
    ("Woluwe-Saint-Pierre", ok("Woluwe-Saint-Pierre", "21019", "Woluwe-Saint-Pierre / Sint-Pieters-Woluwe (21019)")),
    # Limburg is a municipality (and a province, which is not one).
    ("Limburg", ok("Limburg", "63046", LIMBURG)),
    ("Limbourg", ok("Limbourg", "63046", LIMBURG)),
    # English exonyms and short forms.
    ("Antwerp", ok("Antwerp", "11002", "Antwerpen (11002)")),
    ("Brussels", ok("Brussels", "21004", "Bruxelles / Brussel (21004)")),
    ("City of Brussels", ok("City of Brussels", "21004", "Bruxelles / Brussel (21004)")),
    ("Ghent", ok("Ghent", "44021", "Gent (44021)")),
    ("Bruges", ok("Bruges", "31005", "Brugge (31005)")),
    ("Ostend", ok("Ostend", "35013", "Oostende (35013)")),
    ("Louvain", ok("Louvain", "24062", "Leuven (24062)")),
    ("Liege", ok("Liege", "62063", "Liège (62063)")),
    ("Mechelen", ok("Mechelen", "12025", "Mechelen (12025)")),
    ("Malines", ok("Malines", "12025", "Mechelen (12025)")),
    ("Molenbeek", ok("Molenbeek", "21012", MOLENBEEK)),
    ("Sint-Joost", ok("Sint-Joost", "21014", "Saint-Josse-ten-Noode / Sint-Joost-ten-Node (21014)")),
    ("Saint-Josse", ok("Saint-Josse", "21014", "Saint-Josse-ten-Noode / Sint-Joost-ten-Node (21014)")),
    # Unknowns: suggestions stay suggestions.
    ("Antwerpn", unknown("Antwerpn", "Antwerpn is not a known municipality name or NIS code; did you mean Antwerpen, Antwerp?")),
    ("Brusel", unknown("Brusel", "Brusel is not a known municipality name or NIS code; did you mean Brussel, Brussels, Brustem?")),
    ("Bastonge", unknown("Bastonge", "Bastonge is not a known municipality name or NIS code; did you mean Bastogne, Bassenge?")),
    ("Xyzzy", unknown("Xyzzy", "Xyzzy is not a known municipality name or NIS code")),
    ("Luxembourg", unknown("Luxembourg", "Luxembourg is the province Luxembourg (80000), not a municipality")),
    ("Provincie Antwerpen", unknown("Provincie Antwerpen", "Provincie Antwerpen is the province Antwerp (10000), not a municipality")),
    ("Wallonie", unknown("Wallonie", "Wallonie is the region Wallonia (03000), not a municipality")),
    # Nothing given.
    (None, unknown("", "no municipality given")),
    ("", unknown("", "no municipality given")),
    ("   ", unknown("", "no municipality given")),
    (float("nan"), unknown("", "no municipality given")),
    (pd.NA, unknown("", "no municipality given")),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[repr(text) for text, _ in CASES])
def test_resolve(resolver, text, expected):
    assert resolver.resolve(text) == expected


@pytest.mark.parametrize("text, expected", CASES, ids=[repr(text) for text, _ in CASES])
def test_resolve_without_the_population_file(resolver_without_population, text, expected):
    """Every case above holds without population-2020.csv: its spellings add no clash."""
    assert resolver_without_population.resolve(text) == expected


def test_the_product_resolver_is_the_same(resolver):
    texts = ["46013", "Kruibeke", "Saint-Nicolas", "Antwerpn", None]
    assert [resolve_municipality(t) for t in texts] == [resolver.resolve(t) for t in texts]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sint-Jans-Molenbeek", "st jans molenbeek"),
        ("Molenbeek-St-Jean", "molenbeek st jean"),
        ("Molenbeek-Saint-Jean", "molenbeek st jean"),
        ("  Berchem-Ste-Agathe ", "berchem st agathe"),
        ("Braine-l’Alleud", "braine l alleud"),
        ("’s Gravenbrakel", "s gravenbrakel"),
        ("SANKT VITH", "st vith"),
        ("Genepiën", "genepien"),
        ("Fontaine-l'Evêque", "fontaine l eveque"),
        ("Büllingen", "bullingen"),
        ("St.Truiden", "st truiden"),
    ],
)
def test_normalise_name(text, expected):
    assert normalise_name(text) == expected


def _all_names(population_csv):
    """(vintage, code, 2025 code, name) of every name of every vintage, population file included."""
    names = []
    for vintage in mergers.VINTAGES:
        for row in gazetteer.load_gazetteer(vintage).to_dict("records"):
            for column in ("name_nl", "name_fr", "name_de"):
                if row[column]:
                    names.append((vintage, row["nis"], row["nis_2025"], row[column]))
    with population_csv.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = row["nis_2019"]
            names += [(2019, code, mergers.code_in_vintage(code, 2025), row[c]) for c in ("name_nl", "name_fr")]
    return names


def _section_names():
    """(2025 code, name) of every section, read from the shipped table, each part of a
    combined name ("Hoeke - Oostkerke") too."""
    names = []
    with (settings.EMBEDDED_DATA_DIR / "sections.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for column in ("name_nl", "name_fr", "name_de"):
                for name in {row[column], *row[column].split(" - ")} - {""}:
                    names.append((row["nis_2025"], name.strip()))
    return names


def test_clashes_are_computed(resolver, resolver_without_population, population_csv):
    """Computed over every name of every vintage, the extra names and the sections, not chosen by hand."""
    targets: dict[str, set[str]] = {}
    for _, _, nis_2025, name in _all_names(population_csv):
        targets.setdefault(normalise_name(name), set()).add(nis_2025)
    for name, codes in EXTRA_NAMES.items():
        targets.setdefault(normalise_name(name), set()).update(mergers.code_in_vintage(c, 2025) for c in codes)
    for nis_2025, name in _section_names():
        targets.setdefault(normalise_name(name), set()).add(nis_2025)
    computed = {key: tuple(sorted(codes)) for key, codes in targets.items() if len(codes) > 1}
    assert computed == CLASHES
    assert resolver.ambiguous_names() == CLASHES
    assert resolver_without_population.ambiguous_names() == CLASHES


def test_every_name_resolves_to_itself(resolver, population_csv):
    """ok under a 2025 name, merged (to the code it was given in) under an older one,
    ambiguous only for the clashes."""
    today = {}
    for row in gazetteer.load_gazetteer(2025).to_dict("records"):
        today[row["nis"]] = {normalise_name(row[c]) for c in ("name_nl", "name_fr", "name_de") if row[c]}
    codes_of = {v: mergers.codes_of_vintage(v, gazetteer.codes_2025()) for v in mergers.VINTAGES}
    newest = {code: max(v for v in mergers.VINTAGES if code in codes_of[v]) for codes in codes_of.values() for code in codes}
    expected, actual = {}, {}
    for vintage, code, nis_2025, name in _all_names(population_csv):
        key = normalise_name(name)
        result = resolver.resolve(name)
        actual[(vintage, code, name)] = (result.outcome, result.nis, result.given_code, result.vintage, result.candidates)
        if key in CLASHES:
            expected[(vintage, code, name)] = ("ambiguous", None, None, 2025, CLASHES[key])
        elif key in today[nis_2025] or code == nis_2025:
            expected[(vintage, code, name)] = ("ok", nis_2025, nis_2025, 2025, ())
        else:
            expected[(vintage, code, name)] = ("merged", nis_2025, code, newest[code], ())
    assert actual == expected
    assert {o for o, *_ in actual.values()} == {"ok", "merged", "ambiguous"}


def test_every_code_of_every_vintage_resolves():
    resolver = Resolver(None)
    codes_2025 = gazetteer.codes_2025()
    actual, expected = {}, {}
    for vintage in mergers.VINTAGES:
        for code in mergers.codes_of_vintage(vintage, codes_2025):
            result = resolver.resolve(int(code))
            actual[code] = (result.outcome, result.nis, result.given_code)
            expected[code] = ("ok" if code in codes_2025 else "merged", mergers.code_in_vintage(code, 2025), code)
    assert actual == expected
    # 589 codes of 2018, 18 new in 2019 (7 mergers, 11 recodes), 13 new in 2025 (Antwerpen kept 11002).
    assert len(actual) == 589 + 18 + 13


def test_an_old_name_clashing_with_a_current_one_is_ambiguous(tmp_path):
    """A population file with another spelling may create a clash: it is listed, not guessed."""
    path = tmp_path / "population-2020.csv"
    path.write_text("nis_2019,name_nl,name_fr,population\n46013,Lokeren,Lokeren,16846\n", encoding="utf-8")
    assert Resolver(path).resolve("Lokeren") == Resolution(
        "Lokeren",
        None,
        "ambiguous",
        "Lokeren is ambiguous: Lokeren (46029, East Flanders) or Kruibeke (46013, now "
        "Beveren-Kruibeke-Zwijndrecht 46030, East Flanders); give the NIS code",
        None,
        2025,
        ("46029", "46030"),
    )


def test_a_hundred_thousand_values_take_well_under_a_few_seconds(resolver_without_population):
    resolver = resolver_without_population
    names = list(gazetteer.load_gazetteer(2019)["name_fr"])
    typos = [f"{name}x" for name in names[:100]]  # distinct unknowns, each compared once
    values = [*names, *typos, *(float(c) for c in gazetteer.codes_2025()), "Woluwe", None]
    column = [values[i % len(values)] for i in range(100_000)]
    start = time.perf_counter()
    results = [resolver.resolve(v) for v in column]
    elapsed = time.perf_counter() - start
    assert len(results) == 100_000
    assert elapsed < 2.0, f"{elapsed:.2f} s"
