"""Strings of the Overview, Budgets and Indicators pages and of their figures."""

MESSAGES: dict[str, dict[str, str]] = {
    # Figures
    "figure.budget_line": {"en": "Budget (100%)", "fr": "Budget (100\u00a0%)"},
    "figure.within_budget": {"en": "Within budget", "fr": "Dans le budget"},
    "figure.overspent": {"en": "Over-spent (> 100%)", "fr": "Dépassement (> 100\u00a0%)"},
    "figure.execution_axis": {"en": "Consumed as a share of budget", "fr": "Consommé en part du budget"},
    "figure.execution_title": {"en": "Budget consumed", "fr": "Budget consommé"},
    "figure.burn_title": {
        "en": "Spending against time elapsed",
        "fr": "Consommation au regard du temps écoulé",
    },
    "figure.burn_pace": {"en": "Spending at the pace of time", "fr": "Consommation au rythme du temps"},
    "figure.burn_overspent": {"en": "Over-spent", "fr": "Dépassement"},
    "figure.burn_behind_time": {"en": "Far behind time", "fr": "Très en retard sur le temps"},
    "figure.burn_on_pace": {"en": "Other projects", "fr": "Autres projets"},
    "figure.burn_density": {"en": "Projects", "fr": "Projets"},
    "figure.burn_cell": {
        "en": "Time elapsed {x0}–{x1}, executed {y0}–{y1}<br>{count} projects: {overspent} over-spent, {behind} far "
        "behind time",
        "fr": "Temps écoulé {x0}–{x1}, exécuté {y0}–{y1}<br>{count} projets : {overspent} en dépassement, {behind} "
        "très en retard",
    },
    "figure.burn_named": {
        "en": "The {count} most over-spent (numbered)",
        "fr": "Les {count} plus gros dépassements (numérotés)",
    },
    "figure.burn_above": {
        "en": "Above {top}: drawn at the top edge",
        "fr": "Au-delà de {top} : dessinés sur le bord haut",
    },
    "budgets.burn_binned": {
        "en": "{count} projects are too many to draw one by one: the chart counts them in cells "
        "(darker: more projects; hover a cell for its over-spent and late projects). The {named} most over-spent "
        "are numbered and listed below, and every over-spent project is in the table (tick the box to see only "
        "them).",
        "fr": "{count} projets, c'est trop pour les dessiner un à un : le graphique les compte par cases "
        "(plus foncé : plus de projets ; survoler une case pour ses projets en dépassement ou en retard). "
        "Les {named} plus gros dépassements sont numérotés et listés ci-dessous, et chaque projet en dépassement "
        "est dans le tableau (cocher la case pour ne voir qu'eux).",
    },
    "budgets.burn_named_row": {
        "en": "**{rank}.** {code} — {title}: {rate} consumed, {amount} over budget",
        "fr": "**{rank}.** {code} — {title} : {rate} consommés, {amount} de dépassement",
    },
    "budgets.only_overspent": {
        "en": "Only over-spent projects ({count})",
        "fr": "Seulement les projets en dépassement ({count})",
    },
    "figure.others": {"en": "{count} others", "fr": "{count} autres"},
    "figure.largest_of": {"en": "{title} — the {shown} largest of {total}",
                          "fr": "{title} — les {shown} plus importants sur {total}"},
    "figure.others_not_drawn": {
        "en": "The other {count} add up to a budget of {budget}, {consumed} consumed; not drawn, they would "
              "flatten every bar.",
        "fr": "Les {count} autres totalisent un budget de {budget}, {consumed} consommés ; non dessinés, ils "
              "écraseraient toutes les barres.",
    },
    "figure.first_of": {"en": "{title} — first {shown} of {total}", "fr": "{title} — {shown} premiers sur {total}"},
    "figure.unassigned": {"en": "(not stated)", "fr": "(non renseigné)"},
    "figure.period_value": {"en": "Value of the period", "fr": "Valeur de la période"},
    "figure.value_to_date": {"en": "Value to date", "fr": "Valeur à date"},
    "figure.baseline": {"en": "Baseline", "fr": "Référence"},
    "figure.target": {"en": "Target", "fr": "Cible"},
    "figure.value": {"en": "Value", "fr": "Valeur"},
    "figure.period_end": {"en": "End of reporting period", "fr": "Fin de la période de suivi"},
    "figure.middle_half": {"en": "Middle half of indicators", "fr": "Moitié centrale des indicateurs"},
    "figure.median_progress": {"en": "Median progress", "fr": "Progression médiane"},
    "figure.progress_hover": {
        "en": "Median progress {progress} ({count} indicators)",
        "fr": "Progression médiane {progress} ({count} indicateurs)",
    },
    "figure.progress_axis": {"en": "Progress from baseline to target", "fr": "Progression de la référence à la cible"},
    "figure.portfolio_progress_title": {
        "en": "Portfolio: progress of indicators towards their targets",
        "fr": "Portefeuille : progression des indicateurs vers leurs cibles",
    },
    "figure.status_title": {"en": "Indicators by status and project", "fr": "Indicateurs par statut et projet"},
    "figure.indicator_count": {"en": "Number of indicators", "fr": "Nombre d'indicateurs"},
    "figure.by_funder_title": {"en": "Budget and consumed by funder", "fr": "Budget et consommé par financeur"},
    "figure.by_theme_title": {"en": "Budget and consumed by theme", "fr": "Budget et consommé par thème"},
    "budgets.edit_project": {"en": "Edit the project", "fr": "Modifier le projet"},
    # Shared page bits
    "pages.currency": {"en": "Reporting currency", "fr": "Devise de présentation"},
    "pages.rates_caption": {
        "en": "Amounts converted to {currency} with the latest stored rates (euros per unit):",
        "fr": "Montants convertis en {currency} avec les derniers taux enregistrés (euros par unité) :",
    },
    "pages.rates_none": {
        "en": "All amounts are in {currency}: no conversion was needed.",
        "fr": "Tous les montants sont en {currency} : aucune conversion n'a été nécessaire.",
    },
    "pages.missing_rate": {
        "en": "No exchange rate is stored for {currency}, so amounts cannot be shown in {target}. Upload a "
        "rate for {currency} (Upload page, 'rates' template) or choose another reporting currency.",
        "fr": "Aucun taux de change n'est enregistré pour {currency} : les montants ne peuvent pas être "
        "présentés en {target}. Importez un taux pour {currency} (page Import, modèle « taux ») ou choisissez "
        "une autre devise.",
    },
    "pages.as_of": {"en": "Figures as of {date}.", "fr": "Chiffres au {date}."},
    "col.currency": {"en": "Currency", "fr": "Devise"},
    "col.rate_date": {"en": "Rate date", "fr": "Date du taux"},
    "col.eur_per_unit": {"en": "Euros per unit", "fr": "Euros par unité"},
    "col.source": {"en": "Source", "fr": "Source"},
    "col.project": {"en": "Project", "fr": "Projet"},
    "col.title": {"en": "Title", "fr": "Intitulé"},
    "col.funder": {"en": "Funder", "fr": "Financeur"},
    "col.acronym": {"en": "Acronym", "fr": "Sigle"},
    "col.year": {"en": "Year", "fr": "Année"},
    "col.category": {"en": "Category", "fr": "Catégorie"},
    "col.theme": {"en": "Theme", "fr": "Thème"},
    "col.status": {"en": "Status", "fr": "Statut"},
    "col.overspent": {"en": "Over-spent", "fr": "Dépassement"},
    "col.illustrative": {"en": "Illustrative", "fr": "Illustratif"},
    "col.planned_start": {"en": "Planned start", "fr": "Début prévu"},
    "col.planned_end": {"en": "Planned end", "fr": "Fin prévue"},
    "col.burn_gap": {"en": "Execution minus time", "fr": "Écart exécution − temps"},
    "col.behind_time": {"en": "Far behind time", "fr": "Très en retard"},
    "col.amount": {"en": "Amount", "fr": "Montant"},
    "col.share": {"en": "Share", "fr": "Part"},
    "col.lines_total": {"en": "Sum of lines", "fr": "Somme des lignes"},
    "col.declared_total": {"en": "Declared total", "fr": "Total déclaré"},
    "col.declared_difference": {"en": "Declared − lines", "fr": "Déclaré − lignes"},
    "col.declared_check": {"en": "Total check", "fr": "Contrôle du total"},
    "col.indicator": {"en": "Indicator", "fr": "Indicateur"},
    "col.code": {"en": "Code", "fr": "Code"},
    "col.unit": {"en": "Unit", "fr": "Unité"},
    "col.rule": {"en": "Rule", "fr": "Règle"},
    "col.baseline": {"en": "Baseline", "fr": "Référence"},
    "col.target": {"en": "Target", "fr": "Cible"},
    "col.target_date": {"en": "Target date", "fr": "Échéance"},
    "col.actual_to_date": {"en": "Value to date", "fr": "Valeur à date"},
    "col.progress": {"en": "Progress", "fr": "Progression"},
    "col.expected_progress": {"en": "Expected by now", "fr": "Attendu à date"},
    "col.last_period_end": {"en": "Last reported", "fr": "Dernière donnée"},
    "check.ok": {"en": "Matches", "fr": "Conforme"},
    "check.mismatch": {"en": "Does not match", "fr": "Non conforme"},
    "check.none": {"en": "No declared total", "fr": "Pas de total déclaré"},
    "rule.cumulative": {"en": "Cumulative (latest value)", "fr": "Cumulatif (dernière valeur)"},
    "rule.periodic": {"en": "Periodic (sum of periods)", "fr": "Périodique (somme des périodes)"},
    "rule.level": {"en": "Level (latest value)", "fr": "Niveau (dernière valeur)"},
    "yes": {"en": "Yes", "fr": "Oui"},
    "no": {"en": "No", "fr": "Non"},
    # Overview
    "overview.title": {"en": "Portfolio overview", "fr": "Vue d'ensemble du portefeuille"},
    "overview.period_to_date": {
        "en": "Figures to {end}; changes since {previous_end}.",
        "fr": "Chiffres au {end} ; évolution depuis le {previous_end}.",
    },
    "overview.period_range": {
        "en": "Figures for {start} – {end}; changes against {previous_start} – {previous_end}.",
        "fr": "Chiffres du {start} au {end} ; évolution par rapport au {previous_start} – {previous_end}.",
    },
    "overview.active_partners": {"en": "Active partners", "fr": "Partenaires actifs"},
    "overview.projects": {"en": "Projects", "fr": "Projets"},
    "overview.total_budget": {"en": "Total budget", "fr": "Budget total"},
    "overview.indicators_reporting": {
        "en": "{count} indicators reporting",
        "fr": "{count} indicateurs renseignés",
    },
    "overview.no_indicator": {
        "en": "No indicator reports in the period",
        "fr": "Aucun indicateur renseigné sur la période",
    },
    "overview.split_rule": {
        "en": "A project with several themes has its money split equally between them; by funder, a project's "
        "spending is shared among its funders in proportion to their budget lines. So each chart adds up to "
        "the portfolio total and nothing is counted twice.",
        "fr": "Un projet à plusieurs thèmes voit ses montants répartis à parts égales entre eux ; par "
        "financeur, les dépenses d'un projet sont réparties au prorata des lignes budgétaires de chacun. "
        "Chaque graphique totalise ainsi le portefeuille sans double compte.",
    },
    "overview.rates_used": {
        "en": "Amounts in {currency}, converted with the {count} latest stored exchange rates (up to {date}; "
        "listed on the Budgets page).",
        "fr": "Montants en {currency}, convertis avec les {count} derniers taux de change enregistrés (au "
        "{date} ; détaillés sur la page Budgets).",
    },
    "overview.alerts": {"en": "Needs attention", "fr": "Points d'attention"},
    "overview.no_alerts": {
        "en": "Nothing needs attention under the current filters.",
        "fr": "Aucun point d'attention avec les filtres actuels.",
    },
    "overview.alert_count": {"en": "{label} ({count})", "fr": "{label} ({count})"},
    "overview.open_item": {"en": "Open", "fr": "Ouvrir"},
    "overview.more_alerts": {
        "en": "{count} more — open the page to see them all.",
        "fr": "{count} de plus — ouvrez la page pour tous les voir.",
    },
    "alert.overspent": {"en": "Over-spent projects", "fr": "Projets en dépassement"},
    "alert.behind_time": {"en": "Spending far behind time", "fr": "Consommation très en retard sur le temps"},
    "alert.indicator_off_track": {"en": "Indicators off track", "fr": "Indicateurs en retard"},
    "alert.indicator_not_reporting": {"en": "Indicators not reporting", "fr": "Indicateurs sans donnée"},
    "alert.review_overdue": {"en": "Partnership reviews overdue", "fr": "Revues de partenariat en retard"},
    "alert.ending_soon": {"en": "Agreements ending within 90 days", "fr": "Conventions se terminant sous 90 jours"},
    "alert.declared_total_mismatch": {
        "en": "Declared totals not matching their lines",
        "fr": "Totaux déclarés différents de la somme des lignes",
    },
    "alert_detail.overspent": {"en": "{rate} of budget, balance {amount}", "fr": "{rate} du budget, solde {amount}"},
    "alert_detail.behind_time": {
        "en": "{rate} spent after {elapsed} of the time",
        "fr": "{rate} consommé pour {elapsed} du temps écoulé",
    },
    "alert_detail.indicator_off_track": {"en": "progress {rate}", "fr": "progression {rate}"},
    "alert_detail.indicator_not_reporting": {"en": "last value {date}", "fr": "dernière valeur {date}"},
    "alert_detail.indicator_never_reported": {"en": "no value yet", "fr": "aucune valeur"},
    "alert_detail.review_overdue": {
        "en": "due {date} ({days} days overdue)",
        "fr": "prévue le {date} ({days} jours de retard)",
    },
    "alert_detail.ending_soon": {
        "en": "ends {date} (in {days} days)",
        "fr": "se termine le {date} (dans {days} jours)",
    },
    "alert_detail.declared_total_mismatch": {
        "en": "declared total differs from its lines by {amount}",
        "fr": "le total déclaré diffère de la somme des lignes de {amount}",
    },
    # Budgets
    "budgets.title": {"en": "Budgets", "fr": "Budgets"},
    "budgets.group_by": {"en": "Group by", "fr": "Regrouper par"},
    "budgets.group.project": {"en": "Project", "fr": "Projet"},
    "budgets.group.funder": {"en": "Funder", "fr": "Financeur"},
    "budgets.group.year": {"en": "Year", "fr": "Année"},
    "budgets.group.category": {"en": "Category", "fr": "Catégorie"},
    "budgets.variance": {"en": "Budget variance", "fr": "Écarts budgétaires"},
    "budgets.rules": {
        "en": "A revised budget line replaces the original line it revises (same funder and category, overlapping "
        "period); within a chosen period a line counts its days inside it; under a country or region a "
        "multi-country project counts that place's share. Consumed is disbursements plus expenditures; "
        "commitments are shown apart and never added in. By funder, a project's spending is shared among its "
        "funders in proportion to their budget lines.",
        "fr": "Une ligne budgétaire révisée remplace la ligne initiale qu'elle révise (même financeur et même "
        "catégorie, période qui se chevauche) ; sur une période choisie, une ligne compte pour ses jours dans la "
        "période ; pour un pays ou une région, un projet multi-pays compte pour la part de ce lieu. Le consommé "
        "additionne décaissements et dépenses ; les engagements sont présentés à part, jamais ajoutés. Par "
        "financeur, les dépenses d'un projet sont réparties entre ses financeurs au prorata de leurs lignes "
        "budgétaires.",
    },
    "budgets.selected_project": {"en": "Selected project: {code}", "fr": "Projet sélectionné : {code}"},
    "budgets.project_not_found": {
        "en": "Project {code} is not in the current selection; showing all projects.",
        "fr": "Le projet {code} n'est pas dans la sélection actuelle ; tous les projets sont affichés.",
    },
    "budgets.show_all": {"en": "Show all projects", "fr": "Afficher tous les projets"},
    "budgets.burn": {"en": "Burn against time", "fr": "Consommation et temps écoulé"},
    "budgets.burn_undated": {
        "en": "{count} project(s) without planned start and end dates are left out of this chart.",
        "fr": "{count} projet(s) sans dates de début et de fin prévues ne figurent pas sur ce graphique.",
    },
    "budgets.cofinancing": {"en": "Co-financing", "fr": "Cofinancement"},
    "budgets.cofinancing_help": {
        "en": "Each funder's share of the project's budget lines, and the check of the total printed in the "
        "source against the sum of its lines (a difference above one unit is flagged).",
        "fr": "Part de chaque financeur dans les lignes budgétaires du projet, et contrôle du total imprimé "
        "dans la source par rapport à la somme de ses lignes (un écart de plus d'une unité est signalé).",
    },
    "budgets.mismatch_count": {
        "en": "{count} project(s) have a declared total that does not match their lines.",
        "fr": "{count} projet(s) ont un total déclaré différent de la somme de leurs lignes.",
    },
    "budgets.no_money": {
        "en": "No budget or spending is recorded for the selected projects.",
        "fr": "Aucun budget ni aucune dépense n'est enregistré pour les projets sélectionnés.",
    },
    # Indicators
    "indicators.title": {"en": "Indicators", "fr": "Indicateurs"},
    "indicators.legend": {"en": "Status", "fr": "Statut"},
    "indicators.legend.on_track": {
        "en": "progress within 15 points of what is expected by now",
        "fr": "progression à moins de 15 points de l'attendu à date",
    },
    "indicators.legend.at_risk": {"en": "15 to 30 points behind", "fr": "15 à 30 points de retard"},
    "indicators.legend.off_track": {"en": "more than 30 points behind, or worse than the baseline",
                                    "fr": "plus de 30 points de retard, ou pire que la référence"},
    "indicators.legend.not_reporting": {
        "en": "no value in the period: a gap in the data, not counted as failing",
        "fr": "aucune valeur sur la période : une lacune de données, pas un échec",
    },
    "indicators.rules": {
        "en": "Only counts reported period by period are added up; for a running total, a percentage, a ratio "
        "or an index the latest value counts. Progress runs from the baseline towards the target, whichever "
        "way it lies. Reporting window: {start} – {end}.",
        "fr": "Seuls les décomptes par période s'additionnent ; pour un cumul, un pourcentage, un ratio ou un "
        "indice, la dernière valeur compte. La progression va de la référence vers la cible, dans un sens comme "
        "dans l'autre. Période de suivi : {start} – {end}.",
    },
    "indicators.portfolio": {"en": "Across the portfolio", "fr": "Sur l'ensemble du portefeuille"},
    "indicators.per_project": {"en": "Per project", "fr": "Par projet"},
    "indicators.project": {"en": "Project", "fr": "Projet"},
    "indicators.status_filter": {"en": "Show statuses", "fr": "Statuts affichés"},
    "indicators.status_choose": {"en": "Choose statuses to show", "fr": "Choisir les statuts à afficher"},
    "indicators.none": {
        "en": "The selected projects have no indicators.",
        "fr": "Les projets sélectionnés n'ont pas d'indicateurs.",
    },
    "indicators.no_values": {
        "en": "No value has been reported for this indicator yet.",
        "fr": "Aucune valeur n'a encore été saisie pour cet indicateur.",
    },
    "indicators.no_trend": {
        "en": "No indicator with a target has reported a value yet, so there is no portfolio trend to draw.",
        "fr": "Aucun indicateur doté d'une cible n'a encore de valeur : pas de tendance à tracer.",
    },
    "indicators.on_track_share": {
        "en": "{share} of reporting indicators on track",
        "fr": "{share} des indicateurs renseignés en bonne voie",
    },
}
