"""Money figures people can trust (issue 13): what cannot be converted, country shares, revised lines, implausible
dates and spending against no budget, in the upload preview, on the pages and on the Data quality page."""

from __future__ import annotations


def _pair(name: str, en: str, fr: str, fix_en: str, fix_fr: str) -> dict[str, dict[str, str]]:
    return {f"import.error.{name}": {"en": en, "fr": fr}, f"import.fix.{name}": {"en": fix_en, "fr": fix_fr}}


MESSAGES: dict[str, dict[str, str]] = {
    "pages.not_converted": {
        "en": "Totals are partial: {amounts} cannot be converted to {target} (no stored exchange rate) and are "
        "left out of every total and chart. Upload a rate for {currencies} (Upload page, 'rates' template).",
        "fr": "Totaux partiels : {amounts} ne peuvent pas être convertis en {target} (aucun taux de change "
        "enregistré) et sont exclus de tous les totaux et graphiques. Importez un taux pour {currencies} (page "
        "Import, modèle « taux »).",
    },
    # Country shares (upload)
    **_pair("shares_not_100", "The shares add up to {total} %, not 100 %.",
            "Les parts totalisent {total} %, et non 100 %.",
            "Make the shares add up to 100 (FJI:60; WSM:40), or leave them all blank to split equally; they are "
            "never rescaled for you.",
            "Faites en sorte que les parts totalisent 100 (FJI:60; WSM:40), ou laissez-les toutes vides pour un "
            "partage égal ; elles ne sont jamais recalculées à votre place."),
    **_pair("share_fraction", "The share of {item} ({share}) looks like a fraction, not a percentage.",
            "La part de {item} ({share}) ressemble à une fraction, pas à un pourcentage.",
            "{share} looks like a fraction: write {percent} (shares are in percent and add up to 100).",
            "{share} ressemble à une fraction : écrivez {percent} (les parts sont en pourcentage et totalisent "
            "100)."),
}
