MESSAGES: dict[str, dict[str, str]] = {
    "app.title": {"en": "Partnership portfolio", "fr": "Portefeuille de partenariats"},
    "section.portfolio": {"en": "Portfolio", "fr": "Portefeuille"},
    "section.upkeep": {"en": "Keeping it current", "fr": "Mise à jour"},
    "page.overview": {"en": "Overview", "fr": "Vue d'ensemble"},
    "page.partners": {"en": "Partners", "fr": "Partenaires"},
    "page.map": {"en": "Map", "fr": "Carte"},
    "page.budgets": {"en": "Budgets", "fr": "Budgets"},
    "page.indicators": {"en": "Indicators", "fr": "Indicateurs"},
    "page.data_quality": {"en": "Data quality", "fr": "Qualité des données"},
    "page.upload": {"en": "Upload", "fr": "Import"},
    "page.users": {"en": "Users", "fr": "Utilisateurs"},
}
