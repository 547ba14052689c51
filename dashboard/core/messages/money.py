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
    **_pair("shares_not_100", "The shares add up to {total}, not 100%.",
            "Les parts totalisent {total}, et non 100\u00a0%.",
            "Make the shares add up to 100 (FJI:60; WSM:40), or leave them all blank to split equally; they are "
            "never rescaled for you.",
            "Faites en sorte que les parts totalisent 100 (FJI:60; WSM:40), ou laissez-les toutes vides pour un "
            "partage égal ; elles ne sont jamais recalculées à votre place."),
    **_pair("share_fraction", "The share of {item} ({share}) looks like a fraction, not a percentage.",
            "La part de {item} ({share}) ressemble à une fraction, pas à un pourcentage.",
            "{share} looks like a fraction: write {percent} (shares are in percent and add up to 100).",
            "{share} ressemble à une fraction : écrivez {percent} (les parts sont en pourcentage et totalisent "
            "100)."),
    **_pair("missing_rates", "No exchange rate is stored for {currencies}: these amounts would be left out of "
            "every total.", "Aucun taux de change n'est enregistré pour {currencies} : ces montants seraient exclus "
            "de tous les totaux.",
            "Upload a rate for {currencies} first (the 'rates' template), or confirm that they stay apart, "
            "shown as not converted, until one is uploaded (the box on the Upload page; on the command line "
            "--accept-missing-rates).",
            "Importez d'abord un taux pour {currencies} (modèle « taux »), ou confirmez qu'ils restent à part, "
            "affichés comme non convertis, jusqu'à l'import d'un taux (la case de la page Import ; en ligne de "
            "commande --accept-missing-rates)."),
    # Notes of the upload preview (warnings: listed, the upload is not refused for them)
    "money.note.no_rate": {
        "en": "No exchange rate is stored for {currency}: {amount} {currency} will be shown apart as not converted "
        "and left out of the totals until a rate for {currency} is uploaded.",
        "fr": "Aucun taux de change n'est enregistré pour {currency} : {amount} {currency} seront affichés à part "
        "comme non convertis et exclus des totaux jusqu'à l'import d'un taux pour {currency}.",
    },
    "money.note.project_no_rate": {
        "en": "No exchange rate is stored for {currency}: the project's budget lines and transactions without a "
        "currency of their own will be shown apart as not converted until a rate for {currency} is uploaded.",
        "fr": "Aucun taux de change n'est enregistré pour {currency} : les lignes budgétaires et opérations du "
        "projet sans devise propre seront affichées à part comme non converties jusqu'à l'import d'un taux pour "
        "{currency}.",
    },
    "money.note.currency_change": {
        "en": "The project's currency changes from {before} to {after}: its {lines} budget lines and "
        "{transactions} transactions without a currency of their own are read in {after} from now on, together.",
        "fr": "La devise du projet passe de {before} à {after} : ses {lines} lignes budgétaires et {transactions} "
        "opérations sans devise propre sont désormais lues en {after}, ensemble.",
    },
    "money.note.far_ahead": {
        "en": "Dated {date}, more than {years} years after today ({today}): check the year.",
        "fr": "Datée du {date}, plus de {years} ans après aujourd'hui ({today}) : vérifiez l'année.",
    },
    "money.note.outside_project": {
        "en": "Dated {date}, more than a year outside the project's planned dates ({start} – {end}): check the "
        "date or the project.",
        "fr": "Datée du {date}, à plus d'un an des dates prévues du projet ({start} – {end}) : vérifiez la date "
        "ou le projet.",
    },
    "money.note.zero_budget": {
        "en": "Spending against {project}, whose budget is zero: its execution rate cannot be measured. Upload "
        "its budget lines.",
        "fr": "Dépense sur {project}, dont le budget est nul : son taux d'exécution ne peut pas être mesuré. "
        "Importez ses lignes budgétaires.",
    },
    "money.note.replaces": {
        "en": "This revised line replaces the original line it revises (same project, funder and category, "
        "overlapping period): {lines}.",
        "fr": "Cette ligne révisée remplace la ligne initiale qu'elle révise (même projet, financeur et "
        "catégorie, période qui se chevauche) : {lines}.",
    },
    "money.note.replaces_nothing": {
        "en": "This revised line revises no original line (same project, funder and category, overlapping "
        "period): it adds to the budget. Check its category, funder and period if it should replace one.",
        "fr": "Cette ligne révisée ne révise aucune ligne initiale (même projet, financeur et catégorie, période "
        "qui se chevauche) : elle s'ajoute au budget. Vérifiez sa catégorie, son financeur et sa période si elle "
        "doit en remplacer une.",
    },
    "upload.money_notes": {"en": "Check before confirming ({count})", "fr": "À vérifier avant de confirmer ({count})"},
    "upload.more_notes": {"en": "The first {shown} of {count} notes are listed; the download holds them all.",
                          "fr": "Les {shown} premières des {count} remarques sont listées ; le téléchargement les "
                          "contient toutes."},
    "export.partial_suffix": {"en": "partial-not-converted", "fr": "partiel-non-converti"},
    "upload.notes_suffix": {"en": "notes", "fr": "remarques"},
    "upload.money_notes_column": {"en": "Note", "fr": "Remarque"},
    "upload.accept_missing_rates": {
        "en": "I understand: amounts in {currencies} stay apart, not converted, until a rate is uploaded",
        "fr": "J'ai compris : les montants en {currencies} restent à part, non convertis, jusqu'à l'import d'un "
        "taux",
    },
    "import.cli.row_note": {"en": "note, row {row}, {column}: {message}",
                            "fr": "remarque, ligne {row}, {column} : {message}"},
    # Data quality
    "dq.rule.implausible_spending_date.title": {
        "en": "Transactions and budget lines with an implausible date",
        "fr": "Opérations et lignes budgétaires à la date invraisemblable",
    },
    "dq.rule.implausible_spending_date.help": {
        "en": "Dated (a budget line: its period starting or ending) decades ahead or more than a year outside "
        "their project's planned dates (2062 typed for 2026): they fall out of period filters and comparisons. "
        "Correct the date, or the project's dates.",
        "fr": "Datées (une ligne budgétaire : le début ou la fin de sa période) des décennies à l'avance ou à plus "
        "d'un an des dates prévues de leur projet (2062 tapé pour 2026) : elles échappent aux filtres de période "
        "et aux comparaisons. Corrigez la date, ou celles du projet.",
    },
    "dq.detail.period_far_ahead": {
        "en": "period {period_start} – {period_end}: {date} is more than {years} years ahead",
        "fr": "période du {period_start} au {period_end} : le {date} est à plus de {years} ans",
    },
    "dq.detail.period_outside_project": {
        "en": "period {period_start} – {period_end}: {date} is more than a year outside the project's dates "
        "({start} – {end})",
        "fr": "période du {period_start} au {period_end} : le {date} est à plus d'un an des dates du projet "
        "({start} – {end})",
    },
    "dq.kind.spending": {"en": "spending", "fr": "dépenses"},
    "dq.rule.implausible_spending_date.short": {"en": "Implausible dates", "fr": "Dates invraisemblables"},
    "dq.detail.far_ahead": {
        "en": "dated {date}, more than {years} years ahead",
        "fr": "datée du {date}, plus de {years} ans à l'avance",
    },
    "dq.detail.outside_project": {
        "en": "dated {date}, more than a year outside the project's dates ({start} – {end})",
        "fr": "datée du {date}, à plus d'un an des dates du projet ({start} – {end})",
    },
}
