"""Strings of the leadership briefing (the downloadable HTML file) and of its button."""

MESSAGES: dict[str, dict[str, str]] = {
    "briefing.title": {"en": "Leadership briefing", "fr": "Note de synthèse pour la direction"},
    "briefing.button": {"en": "Download the leadership briefing", "fr": "Télécharger la note de synthèse"},
    "briefing.button_help": {
        "en": "One HTML file of this view (figures, variance chart, indicator status, alerts) that opens "
        "without a network and prints cleanly to PDF from the browser (A4).",
        "fr": "Un fichier HTML de cette vue (chiffres, graphique des écarts, statut des indicateurs, points "
        "d'attention) qui s'ouvre sans réseau et s'imprime proprement en PDF depuis le navigateur (A4).",
    },
    "briefing.file_stem": {"en": "leadership-briefing", "fr": "note-de-synthese"},
    "briefing.generated": {
        "en": "Produced {moment} (UTC)",
        "fr": "Produit le {moment} (UTC)",
    },
    "briefing.currency": {"en": "Amounts in {currency}.", "fr": "Montants en {currency}."},
    "briefing.filters": {"en": "Filters applied", "fr": "Filtres appliqués"},
    "briefing.no_filter": {
        "en": "None: the whole portfolio.",
        "fr": "Aucun : l'ensemble du portefeuille.",
    },
    "briefing.filter.period": {"en": "Period", "fr": "Période"},
    "briefing.filter.period_value": {"en": "{start} to {end}", "fr": "du {start} au {end}"},
    "briefing.filter.period_from": {"en": "from {start}", "fr": "à partir du {start}"},
    "briefing.filter.period_until": {"en": "until {end}", "fr": "jusqu'au {end}"},
    "briefing.filter.search": {"en": "Search", "fr": "Recherche"},
    "briefing.headline": {"en": "Headline figures", "fr": "Chiffres clés"},
    "briefing.change": {
        "en": "{change} on the previous period",
        "fr": "{change} par rapport à la période précédente",
    },
    "briefing.unchanged": {
        "en": "unchanged on the previous period",
        "fr": "inchangé par rapport à la période précédente",
    },
    "briefing.variance_chart": {
        "en": "Budget consumed per project (highest rates first)",
        "fr": "Budget consommé par projet (taux les plus élevés d'abord)",
    },
    "briefing.indicators": {"en": "Indicator status", "fr": "Statut des indicateurs"},
    "briefing.count": {"en": "Indicators", "fr": "Indicateurs"},
    "briefing.more_items": {
        "en": "… and {count} more in the dashboard.",
        "fr": "… et {count} de plus dans le tableau de bord.",
    },
    "briefing.footer": {
        "en": "Produced by the partnership portfolio dashboard from the figures stored at the time shown above. "
        "Budget counts revised lines in place of original ones; consumed is disbursements plus expenditures.",
        "fr": "Produit par le tableau de bord du portefeuille de partenariats à partir des chiffres enregistrés "
        "à la date indiquée ci-dessus. Le budget retient les lignes révisées à la place des initiales ; le "
        "consommé additionne décaissements et dépenses.",
    },
    "briefing.preparing": {"en": "Preparing the briefing…", "fr": "Préparation de la note…"},
}
