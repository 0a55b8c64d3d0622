"""The interface's words in English, Dutch and French."""

from __future__ import annotations

LANGUAGES = {"en": "English", "nl": "Nederlands", "fr": "Français"}

TEXT = {
    "app_title": {
        "en": "LIVC-R national cartography",
        "nl": "Nationale cartografie van de LIVC-R",
        "fr": "Cartographie nationale des CSIL-R",
    },
    "map_page": {"en": "National map", "nl": "Nationale kaart", "fr": "Carte nationale"},
    "about_page": {"en": "About the data", "nl": "Over de gegevens", "fr": "À propos des données"},
    "language": {"en": "Language", "nl": "Taal", "fr": "Langue"},
    "region": {"en": "Region", "nl": "Gewest", "fr": "Région"},
    "province": {"en": "Province", "nl": "Provincie", "fr": "Province"},
    "all_regions": {"en": "Belgium (all regions)", "nl": "België (alle gewesten)", "fr": "Belgique (toutes les régions)"},
    "all_provinces": {"en": "All provinces", "nl": "Alle provincies", "fr": "Toutes les provinces"},
    "demo_banner": {
        "en": "DEMO DATA — the cells, statuses and visits shown are invented for demonstration and are not the "
        "Radix Team's records. Only the 2016 survey totals, the 15 pilot municipalities and the 84 Mobile Team "
        "visits follow published facts.",
        "nl": "DEMOGEGEVENS — de getoonde cellen, statussen en bezoeken zijn verzonnen ter demonstratie en zijn "
        "niet de gegevens van het Radix Team. Enkel de totalen van de bevraging van 2016, de 15 pilootgemeenten "
        "en de 84 bezoeken van het Mobile Team volgen gepubliceerde feiten.",
        "fr": "DONNÉES DE DÉMONSTRATION — les cellules, statuts et visites affichés sont inventés et ne sont pas "
        "les données de la Radix Team. Seuls les totaux de l'enquête de 2016, les 15 communes pilotes et les 84 "
        "visites de la Mobile Team suivent des faits publiés.",
    },
    "status_title": {"en": "LIVC-R status", "nl": "Status LIVC-R", "fr": "Statut CSIL-R"},
    "municipality": {"en": "Municipality", "nl": "Gemeente", "fr": "Commune"},
    "municipalities": {"en": "Municipalities", "nl": "Gemeenten", "fr": "Communes"},
    "with_operational": {"en": "With an operational cell", "nl": "Met operationele cel", "fr": "Avec cellule opérationnelle"},
    "population_covered": {"en": "Population covered", "nl": "Bevolking gedekt", "fr": "Population couverte"},
    "cells": {"en": "Operational cells", "nl": "Operationele cellen", "fr": "Cellules opérationnelles"},
    "as_of": {"en": "Status as of", "nl": "Status op", "fr": "Statut au"},
    "population_note": {
        "en": "Population: Statbel, 1 January 2020.",
        "nl": "Bevolking: Statbel, 1 januari 2020.",
        "fr": "Population : Statbel, 1er janvier 2020.",
    },
    "click_hint": {
        "en": "Click a municipality on the map to see its details here.",
        "nl": "Klik op een gemeente op de kaart om hier de details te zien.",
        "fr": "Cliquez sur une commune de la carte pour en voir le détail ici.",
    },
    "names": {"en": "Names", "nl": "Namen", "fr": "Noms"},
    "nis_code": {"en": "NIS code", "nl": "NIS-code", "fr": "Code INS"},
    "population": {"en": "Population (2020)", "nl": "Bevolking (2020)", "fr": "Population (2020)"},
    "since": {"en": "since", "nl": "sinds", "fr": "depuis"},
    "cell": {"en": "Cell", "nl": "Cel", "fr": "Cellule"},
    "no_cell": {"en": "No cell recorded", "nl": "Geen cel geregistreerd", "fr": "Aucune cellule enregistrée"},
    "members": {"en": "Member municipalities", "nl": "Deelnemende gemeenten", "fr": "Communes membres"},
    "visits": {"en": "Visits by the Mobile Team / Radix Team", "nl": "Bezoeken Mobile Team / Radix Team", "fr": "Visites Mobile Team / Radix Team"},
    "last_visit": {"en": "last", "nl": "laatste", "fr": "dernière"},
    "never_visited": {"en": "never visited", "nl": "nooit bezocht", "fr": "jamais visitée"},
    "programmes": {"en": "Programmes", "nl": "Programma's", "fr": "Programmes"},
    "merged_from": {"en": "Formed from", "nl": "Ontstaan uit", "fr": "Issue de"},
    "unknown_municipality": {"en": "Unknown municipality", "nl": "Onbekende gemeente", "fr": "Commune inconnue"},
    "source": {"en": "Source", "nl": "Bron", "fr": "Source"},
    "unavailable": {"en": "n/a", "nl": "n.b.", "fr": "n.d."},
    "data_error": {
        "en": "The boundary data could not be prepared",
        "nl": "De grenzen konden niet worden voorbereid",
        "fr": "Les limites n'ont pas pu être préparées",
    },
    "data_error_hint": {
        "en": "Put a boundary file there, or leave LIVCR_DATA_DIR and LIVCR_BOUNDARY_SOURCE empty to use the "
        "boundaries shipped with the product.",
        "nl": "Plaats daar een grenzenbestand, of laat LIVCR_DATA_DIR en LIVCR_BOUNDARY_SOURCE leeg om de "
        "grenzen te gebruiken die met het product meegeleverd worden.",
        "fr": "Placez-y un fichier de limites, ou laissez LIVCR_DATA_DIR et LIVCR_BOUNDARY_SOURCE vides pour "
        "utiliser les limites livrées avec le produit.",
    },
    "preparing": {
        "en": "Preparing municipality boundaries (first start only)…",
        "nl": "Gemeentegrenzen voorbereiden (enkel bij de eerste start)…",
        "fr": "Préparation des limites communales (premier démarrage seulement)…",
    },
}

TEXT.update(
    {
        "data_page": {"en": "Data", "nl": "Gegevens", "fr": "Données"},
        "file_kind": {"en": "What the file holds", "nl": "Inhoud van het bestand", "fr": "Contenu du fichier"},
        "kind_status": {"en": "LIVC-R status", "nl": "Status LIVC-R", "fr": "Statut CSIL-R"},
        "kind_visits": {"en": "Visits", "nl": "Bezoeken", "fr": "Visites"},
        "upload": {
            "en": "Spreadsheet to check and import (CSV or XLSX)",
            "nl": "Rekenblad om te controleren en in te lezen (CSV of XLSX)",
            "fr": "Tableur à vérifier et importer (CSV ou XLSX)",
        },
        "checking": {"en": "Checking every row…", "nl": "Elke rij wordt gecontroleerd…", "fr": "Vérification de chaque ligne…"},
        "outcome_ok": {"en": "Resolved", "nl": "Gevonden", "fr": "Trouvées"},
        "outcome_merged": {"en": "Changed by a merger", "nl": "Gewijzigd door fusie", "fr": "Modifiées par fusion"},
        "outcome_ambiguous": {"en": "Ambiguous", "nl": "Dubbelzinnig", "fr": "Ambiguës"},
        "outcome_unknown": {"en": "Unknown", "nl": "Onbekend", "fr": "Inconnues"},
        "outcome_invalid": {"en": "Invalid", "nl": "Ongeldig", "fr": "Invalides"},
        "import_refused": {
            "en": "{errors} row(s) need attention: nothing can be imported until the file is corrected.",
            "nl": "{errors} rij(en) vragen aandacht: er wordt niets ingelezen tot het bestand verbeterd is.",
            "fr": "{errors} ligne(s) à corriger : rien ne sera importé tant que le fichier n'est pas corrigé.",
        },
        "import_button": {"en": "Import the whole file", "nl": "Volledig bestand inlezen", "fr": "Importer tout le fichier"},
        "importing": {"en": "Importing…", "nl": "Bezig met inlezen…", "fr": "Import en cours…"},
        "imported": {
            "en": "Imported: {written} rows written, {skipped} already present.",
            "nl": "Ingelezen: {written} rijen geschreven, {skipped} waren er al.",
            "fr": "Importé : {written} lignes écrites, {skipped} déjà présentes.",
        },
        "history": {"en": "Import history", "nl": "Geschiedenis van de invoer", "fr": "Historique des imports"},
        "no_imports": {"en": "No import yet.", "nl": "Nog niets ingelezen.", "fr": "Aucun import pour l'instant."},
        "export": {"en": "Export the whole store", "nl": "Volledige gegevens exporteren", "fr": "Exporter toutes les données"},
    }
)

TEXT.update(
    {
        "sign_in": {"en": "Sign in (staff)", "nl": "Aanmelden (personeel)", "fr": "Se connecter (personnel)"},
        "sign_out": {"en": "Sign out", "nl": "Afmelden", "fr": "Se déconnecter"},
        "username": {"en": "User name", "nl": "Gebruikersnaam", "fr": "Nom d'utilisateur"},
        "password": {"en": "Password", "nl": "Wachtwoord", "fr": "Mot de passe"},
        "sign_in_failed": {
            "en": "Unknown user name or wrong password.",
            "nl": "Onbekende gebruikersnaam of fout wachtwoord.",
            "fr": "Nom d'utilisateur inconnu ou mot de passe erroné.",
        },
        "sign_in_later": {
            "en": "Too many failed attempts for this name: try again in {seconds} seconds.",
            "nl": "Te veel mislukte pogingen voor deze naam: probeer opnieuw over {seconds} seconden.",
            "fr": "Trop de tentatives échouées pour ce nom : réessayez dans {seconds} secondes.",
        },
        "sign_in_to_see": {
            "en": "Sign in to see this page: it is for signed-in staff of the Radix Team. You will stay on "
            "this page, with the link's filters.",
            "nl": "Meld u aan om deze pagina te zien: ze is voor aangemelde medewerkers van het Radix Team. U "
            "blijft op deze pagina, met de filters van de link.",
            "fr": "Connectez-vous pour voir cette page : elle est réservée au personnel connecté de la Radix "
            "Team. Vous resterez sur cette page, avec les filtres du lien.",
        },
        "error_unexpected": {
            "en": "Something went wrong while preparing this page. Please reload it; if it happens again, "
            "tell the Radix Team the incident number {incident}.",
            "nl": "Er ging iets mis bij het voorbereiden van deze pagina. Laad ze opnieuw; gebeurt het nog eens, "
            "geef het Radix Team dan het incidentnummer {incident}.",
            "fr": "Un problème est survenu lors de la préparation de cette page. Rechargez-la ; si cela se "
            "reproduit, communiquez à la Radix Team le numéro d'incident {incident}.",
        },
        "error_busy": {
            "en": "The registry is busy writing another change. Please try again in a moment (incident {incident}).",
            "nl": "Het register schrijft nog een andere wijziging weg. Probeer het zo dadelijk opnieuw (incident {incident}).",
            "fr": "Le registre enregistre une autre modification. Réessayez dans un instant (incident {incident}).",
        },
        "error_unreachable": {
            "en": "The registry's database cannot be reached right now. Please try again later; if it lasts, "
            "tell the administrator the incident number {incident}.",
            "nl": "De databank van het register is nu niet bereikbaar. Probeer het later opnieuw; duurt het, "
            "geef de beheerder dan het incidentnummer {incident}.",
            "fr": "La base de données du registre est injoignable pour l'instant. Réessayez plus tard ; si cela "
            "dure, communiquez à l'administrateur le numéro d'incident {incident}.",
        },
        "error_damaged": {
            "en": "The registry's database file is damaged or is not a registry. Nothing was changed; an "
            "administrator must restore a backup (python -m loaders restore). Incident {incident}.",
            "nl": "Het databankbestand van het register is beschadigd of is geen register. Er werd niets gewijzigd; "
            "een beheerder moet een back-up terugzetten (python -m loaders restore). Incident {incident}.",
            "fr": "Le fichier de base de données du registre est endommagé ou n'est pas un registre. Rien n'a été "
            "modifié ; un administrateur doit restaurer une sauvegarde (python -m loaders restore). Incident {incident}.",
        },
        "signed_in_as": {"en": "Signed in as {user} ({role})", "nl": "Aangemeld als {user} ({role})", "fr": "Connecté : {user} ({role})"},
        "role_staff": {"en": "staff, read-only", "nl": "personeel, alleen lezen", "fr": "personnel, lecture seule"},
        "role_editor": {"en": "editor", "nl": "redacteur", "fr": "éditeur"},
        "role_admin": {"en": "administrator", "nl": "beheerder", "fr": "administrateur"},
        "not_allowed": {
            "en": "This page is for signed-in staff of the Radix Team.",
            "nl": "Deze pagina is voor aangemelde medewerkers van het Radix Team.",
            "fr": "Cette page est réservée au personnel connecté de la Radix Team.",
        },
        "import_needs_editor": {
            "en": "Importing needs the editor role.",
            "nl": "Inlezen vereist de rol van redacteur.",
            "fr": "L'import nécessite le rôle d'éditeur.",
        },
    }
)

TEXT.update(
    {
        "profile_page": {"en": "Municipality profile", "nl": "Gemeenteprofiel", "fr": "Profil de la commune"},
        "search_municipality": {
            "en": "Municipality (any name in NL, FR or DE, old names too, or NIS code)",
            "nl": "Gemeente (elke naam in NL, FR of DE, ook oude namen, of NIS-code)",
            "fr": "Commune (tout nom en NL, FR ou DE, anciens noms compris, ou code INS)",
        },
        "search_hint": {
            "en": "Type a name or a code to open a municipality's profile.",
            "nl": "Typ een naam of code om het profiel van een gemeente te openen.",
            "fr": "Tapez un nom ou un code pour ouvrir le profil d'une commune.",
        },
        "which_one": {"en": "Several municipalities have this name:", "nl": "Meerdere gemeenten dragen deze naam:", "fr": "Plusieurs communes portent ce nom :"},
        "status_history": {"en": "Status history", "nl": "Statusgeschiedenis", "fr": "Historique du statut"},
        "no_status": {"en": "No status recorded.", "nl": "Geen status geregistreerd.", "fr": "Aucun statut enregistré."},
        "date": {"en": "Date", "nl": "Datum", "fr": "Date"},
        "as_given": {"en": "As recorded", "nl": "Zoals geregistreerd", "fr": "Tel qu'enregistré"},
        "edit_visit": {"en": "Follow-up of a visit", "nl": "Opvolging van een bezoek", "fr": "Suivi d'une visite"},
        "visit": {"en": "Visit", "nl": "Bezoek", "fr": "Visite"},
        "follow_up": {"en": "Follow-up date", "nl": "Opvolgingsdatum", "fr": "Date de suivi"},
        "internal_notes": {"en": "Internal notes", "nl": "Interne nota's", "fr": "Notes internes"},
        "save": {"en": "Save", "nl": "Opslaan", "fr": "Enregistrer"},
        "saved": {"en": "Saved.", "nl": "Opgeslagen.", "fr": "Enregistré."},
    }
)

TEXT.update(
    {
        "visits_page": {"en": "Visits", "nl": "Bezoeken", "fr": "Visites"},
        "period": {"en": "Period", "nl": "Periode", "fr": "Période"},
        "teams": {"en": "Teams", "nl": "Teams", "fr": "Équipes"},
        "offers": {"en": "Offers", "nl": "Aanbod", "fr": "Offres"},
        "visits_in_period": {"en": "Visits in the period", "nl": "Bezoeken in de periode", "fr": "Visites sur la période"},
        "municipalities_visited": {"en": "Municipalities visited", "nl": "Bezochte gemeenten", "fr": "Communes visitées"},
        "never_visited_count": {"en": "Never visited", "nl": "Nooit bezocht", "fr": "Jamais visitées"},
        "per_quarter": {"en": "Visits per quarter", "nl": "Bezoeken per kwartaal", "fr": "Visites par trimestre"},
        "split_by": {"en": "Split by", "nl": "Opgesplitst per", "fr": "Réparties par"},
        "no_visits": {"en": "No visit matches.", "nl": "Geen bezoek gevonden.", "fr": "Aucune visite trouvée."},
        "planning": {"en": "Planning list", "nl": "Planningslijst", "fr": "Liste de planification"},
        "planning_hint": {
            "en": "Municipalities without an operational cell, never visited first, then longest ago.",
            "nl": "Gemeenten zonder operationele cel: eerst nooit bezochte, dan het langst geleden bezochte.",
            "fr": "Communes sans cellule opérationnelle : d'abord jamais visitées, puis visitées il y a le plus longtemps.",
        },
        "last_visit_column": {"en": "Last visit", "nl": "Laatste bezoek", "fr": "Dernière visite"},
        "days_since": {"en": "Days since", "nl": "Dagen geleden", "fr": "Jours depuis"},
        "recency_map": {"en": "Time since the last visit", "nl": "Tijd sinds het laatste bezoek", "fr": "Temps depuis la dernière visite"},
        "recency_legend": {"en": "Last visit, as of {day}", "nl": "Laatste bezoek, op {day}", "fr": "Dernière visite, au {day}"},
    }
)

TEXT.update(
    {
        "briefing_page": {"en": "Briefing", "nl": "Briefing", "fr": "Briefing"},
        "briefing_title": {"en": "LIVC-R in Belgium", "nl": "LIVC-R in België", "fr": "Les CSIL-R en Belgique"},
        "survey_2016": {"en": "Survey of 27 May 2016", "nl": "Bevraging 27 mei 2016", "fr": "Enquête du 27 mai 2016"},
        "today": {"en": "Today", "nl": "Vandaag", "fr": "Aujourd'hui"},
        "belgium": {"en": "Belgium", "nl": "België", "fr": "Belgique"},
        "covered_help": {
            "en": "Municipalities covered by an operational cell",
            "nl": "Gemeenten gedekt door een operationele cel",
            "fr": "Communes couvertes par une cellule opérationnelle",
        },
        "visits_so_far": {"en": "visits", "nl": "bezoeken", "fr": "visites"},
        "download_html": {"en": "Map as HTML (offline)", "nl": "Kaart als HTML (offline)", "fr": "Carte en HTML (hors ligne)"},
        "download_png": {"en": "Map as PNG (slides)", "nl": "Kaart als PNG (dia's)", "fr": "Carte en PNG (diapositives)"},
    }
)

def t(key: str, language: str) -> str:
    entry = TEXT[key]
    return entry.get(language) or entry["en"]


if __name__ == "__main__":  # requested as a page of its own (/text): not one
    from pages.common import leave_old_pages_mode

    leave_old_pages_mode()
