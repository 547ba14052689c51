"""Strings shared by several pages: enumerations, metric names, generic notices."""

MESSAGES: dict[str, dict[str, str]] = {
    # Organisation types
    "org_type.national_government": {"en": "National government", "fr": "Gouvernement national"},
    "org_type.local_authority": {"en": "Local authority", "fr": "Collectivité territoriale"},
    "org_type.regional_organisation": {
        "en": "Regional or intergovernmental organisation",
        "fr": "Organisation régionale ou intergouvernementale",
    },
    "org_type.multilateral": {"en": "Multilateral", "fr": "Multilatéral"},
    "org_type.bilateral_agency": {"en": "Bilateral agency", "fr": "Agence bilatérale"},
    "org_type.ngo": {"en": "NGO / association", "fr": "ONG / association"},
    "org_type.foundation": {"en": "Foundation", "fr": "Fondation"},
    "org_type.private_sector": {"en": "Private sector", "fr": "Secteur privé"},
    "org_type.academic": {"en": "Academic / research", "fr": "Université / recherche"},
    "org_type.community": {"en": "Community", "fr": "Communauté"},
    # Organisation status
    "org_status.prospective": {"en": "Prospective", "fr": "Pressenti"},
    "org_status.active": {"en": "Active", "fr": "Actif"},
    "org_status.dormant": {"en": "Dormant", "fr": "En sommeil"},
    "org_status.closed": {"en": "Closed", "fr": "Clos"},
    # Partnership objectives (PERMS)
    "partnership_objective.shared_values": {"en": "Shared values", "fr": "Valeurs partagées"},
    "partnership_objective.financial_support": {"en": "Financial support", "fr": "Soutien financier"},
    "partnership_objective.technical_support": {"en": "Technical support", "fr": "Soutien technique"},
    # Mechanisms
    "mechanism.mou": {"en": "Memorandum of understanding", "fr": "Protocole d'accord"},
    "mechanism.financing_agreement": {"en": "Financing agreement", "fr": "Convention de financement"},
    "mechanism.grant": {"en": "Grant", "fr": "Subvention"},
    "mechanism.contract": {"en": "Contract", "fr": "Contrat"},
    "mechanism.letter_of_agreement": {"en": "Letter of agreement", "fr": "Lettre d'accord"},
    # Project status
    "project_status.pipeline": {"en": "Pipeline", "fr": "En préparation"},
    "project_status.implementation": {"en": "Implementation", "fr": "En cours"},
    "project_status.finalisation": {"en": "Finalisation", "fr": "En clôture"},
    "project_status.closed": {"en": "Closed", "fr": "Clos"},
    "project_status.cancelled": {"en": "Cancelled", "fr": "Annulé"},
    "project_status.suspended": {"en": "Suspended", "fr": "Suspendu"},
    # Roles
    "role.funding": {"en": "Funder", "fr": "Financeur"},
    "role.accountable": {"en": "Lead (accountable)", "fr": "Chef de file (maître d'ouvrage)"},
    "role.extending": {"en": "Extending", "fr": "Intermédiaire"},
    "role.implementing": {"en": "Implementing", "fr": "Opérateur (maître d'œuvre)"},
    # Budget and spending
    "budget_type.original": {"en": "Original", "fr": "Initial"},
    "budget_type.revised": {"en": "Revised", "fr": "Révisé"},
    "budget_status.indicative": {"en": "Indicative", "fr": "Indicatif"},
    "budget_status.committed": {"en": "Committed", "fr": "Engagé"},
    "spending_kind.commitment": {"en": "Commitment", "fr": "Engagement"},
    "spending_kind.disbursement": {"en": "Disbursement", "fr": "Décaissement"},
    "spending_kind.expenditure": {"en": "Expenditure", "fr": "Dépense"},
    # Indicators
    "result_level.output": {"en": "Output", "fr": "Produit"},
    "result_level.outcome": {"en": "Outcome", "fr": "Effet"},
    "result_level.impact": {"en": "Impact", "fr": "Impact"},
    "indicator_status.on_track": {"en": "On track", "fr": "En bonne voie"},
    "indicator_status.at_risk": {"en": "At risk", "fr": "À surveiller"},
    "indicator_status.off_track": {"en": "Off track", "fr": "En retard"},
    "indicator_status.not_reporting": {"en": "Not reporting", "fr": "Sans donnée"},
    "review_decision.continue": {"en": "Continue", "fr": "Poursuivre"},
    "review_decision.renew": {"en": "Renew", "fr": "Renouveler"},
    "review_decision.change": {"en": "Change", "fr": "Modifier"},
    "review_decision.close": {"en": "Close", "fr": "Clore"},
    # Metric names
    "metric.budget": {"en": "Budget", "fr": "Budget"},
    "metric.consumed": {"en": "Consumed", "fr": "Consommé"},
    "metric.committed": {"en": "Committed", "fr": "Engagé"},
    "metric.balance": {"en": "Balance", "fr": "Solde"},
    "metric.execution_rate": {"en": "Execution rate", "fr": "Taux d'exécution"},
    "metric.time_elapsed": {"en": "Time elapsed", "fr": "Temps écoulé"},
    "metric.on_track_share": {"en": "Indicators on track", "fr": "Indicateurs en bonne voie"},
    # Notices
    "notice.illustrative": {
        "en": "Illustrative figures: values marked as illustrative were generated for the demo where the "
        "source documents give none.",
        "fr": "Chiffres illustratifs : les valeurs marquées comme illustratives ont été générées pour la "
        "démonstration là où les documents sources n'en donnent pas.",
    },
    "notice.empty_database": {
        "en": "The portfolio is empty. Load the demo portfolio (`python -m dashboard demo`) or upload your "
        "files on the Upload page.",
        "fr": "Le portefeuille est vide. Chargez le portefeuille de démonstration (`python -m dashboard demo`) "
        "ou déposez vos fichiers sur la page Import.",
    },
    "notice.no_match": {
        "en": "Nothing matches the current filters. Widen or clear them in the sidebar.",
        "fr": "Aucun élément ne correspond aux filtres. Élargissez-les ou effacez-les dans le panneau latéral.",
    },
}
