"""Strings of the Data quality page."""

MESSAGES: dict[str, dict[str, str]] = {
    "dq.title": {"en": "Data quality", "fr": "Qualité des données"},
    "dq.intro": {
        "en": "What in the stored data would mislead a reader. Each list links to the record, and to the upload "
        "that fixes it. Checked on {date}.",
        "fr": "Ce qui, dans les données enregistrées, induirait un lecteur en erreur. Chaque liste renvoie à "
        "l'enregistrement et à l'import qui le corrige. Vérifié le {date}.",
    },
    "dq.all_clear": {
        "en": "No problem found: every check passes.",
        "fr": "Aucun problème trouvé : toutes les vérifications sont satisfaites.",
    },
    "dq.total": {"en": "{count} records to look at", "fr": "{count} enregistrements à examiner"},
    "dq.select_hint": {
        "en": "Select a row to open the record; the link below leads to the upload that fixes it.",
        "fr": "Sélectionnez une ligne pour ouvrir l'enregistrement ; le lien ci-dessous mène à l'import qui le "
        "corrige.",
    },
    "dq.select_hint_staff": {
        "en": "Select a row to fix its record here (a form, with the upload's rules) or to open it; the link below "
              "leads to the upload that fixes many at once.",
        "fr": "Sélectionnez une ligne pour corriger son enregistrement ici (un formulaire, avec les règles de "
              "l'import) ou pour l'ouvrir ; le lien ci-dessous mène à l'import qui en corrige plusieurs à la fois.",
    },
    "dq.open_record": {"en": "Open the record", "fr": "Ouvrir l'enregistrement"},
    "dq.none": {"en": "Nothing to fix here.", "fr": "Rien à corriger ici."},
    "dq.column.record": {"en": "Record", "fr": "Enregistrement"},
    "dq.column.problem": {"en": "Problem", "fr": "Problème"},
    "dq.column.open": {"en": "Open", "fr": "Ouvrir"},
    "dq.column.fix": {"en": "Fix by upload", "fr": "Corriger par import"},
    "dq.link.open": {"en": "open", "fr": "ouvrir"},
    "dq.link.fix": {"en": "upload {kind}", "fr": "importer {kind}"},
    "dq.fix_button": {"en": "Upload the corrected {kind}", "fr": "Importer les {kind} corrigés"},
    # Rules
    "dq.rule.past_end_in_implementation.title": {
        "en": "Projects past their planned end still in implementation",
        "fr": "Projets dont la fin prévue est passée, toujours « en cours »",
    },
    "dq.rule.past_end_in_implementation.help": {
        "en": "They count as running in every total and alert. Update their status or end date.",
        "fr": "Ils comptent comme en cours dans tous les totaux et alertes. Mettez à jour leur statut ou leur date "
        "de fin.",
    },
    "dq.rule.budget_without_period_or_currency.title": {
        "en": "Budget lines without period or currency",
        "fr": "Lignes budgétaires sans période ou sans devise",
    },
    "dq.rule.budget_without_period_or_currency.help": {
        "en": "Without a period they fall out of period filters; without a currency they cannot be converted.",
        "fr": "Sans période elles échappent aux filtres de période ; sans devise elles ne peuvent être converties.",
    },
    "dq.rule.spending_without_budget.title": {
        "en": "Projects with spending but no budget (or a zero budget)",
        "fr": "Projets avec des dépenses mais sans budget (ou un budget nul)",
    },
    "dq.rule.spending_without_budget.help": {
        "en": "Their execution rate cannot be computed.",
        "fr": "Leur taux d'exécution ne peut pas être calculé.",
    },
    "dq.rule.indicator_without_baseline_or_target.title": {
        "en": "Indicators without baseline or target",
        "fr": "Indicateurs sans valeur de référence ou sans cible",
    },
    "dq.rule.indicator_without_baseline_or_target.help": {
        "en": "Their progress cannot be measured.",
        "fr": "Leur progression ne peut pas être mesurée.",
    },
    "dq.rule.indicator_not_reporting.title": {
        "en": "Indicators not reporting",
        "fr": "Indicateurs sans valeur sur la période",
    },
    "dq.rule.indicator_not_reporting.help": {
        "en": "Indicators of projects in implementation with no value in the last twelve months (in their final "
              "year when their target date has passed): the Indicators page shows them as not reporting.",
        "fr": "Indicateurs de projets en cours sans valeur sur les douze derniers mois (sur leur dernière année "
              "quand leur date cible est passée) : la page Indicateurs les montre sans donnée.",
    },
    "dq.rule.partner_without_place.title": {
        "en": "Partners with no country or with impossible coordinates",
        "fr": "Partenaires sans pays ou aux coordonnées impossibles",
    },
    "dq.rule.partner_without_place.help": {
        "en": "They cannot be placed on the map nor counted in a region. A partner with a country and no "
        "coordinates is placed by its country.",
        "fr": "Ils ne peuvent être placés sur la carte ni comptés dans une région. Un partenaire avec un pays mais "
        "sans coordonnées est placé sur son pays.",
    },
    "dq.rule.declared_total_mismatch.title": {
        "en": "Declared totals that differ from the sum of their lines",
        "fr": "Totaux déclarés différents de la somme de leurs lignes",
    },
    "dq.rule.declared_total_mismatch.help": {
        "en": "The TOTAL of a funding table against its funders' contributions (a difference up to one unit is "
        "rounding).",
        "fr": "Le TOTAL d'un plan de financement comparé aux contributions des financeurs (un écart d'une unité au "
        "plus est un arrondi).",
    },
    "dq.rule.implausible_indicator_date.title": {
        "en": "Indicator values with an implausible period",
        "fr": "Valeurs d'indicateurs à la période invraisemblable",
    },
    "dq.rule.implausible_indicator_date.help": {
        "en": "Values whose period starts or ends more than 5 years ahead, or more than a year outside their "
        "project's planned dates (2062 typed for 2026), the rule of transactions and budget lines: they fall out "
        "of the trend and of period filters. Correct the period, or the project's dates.",
        "fr": "Valeurs dont la période commence ou finit plus de 5 ans à l'avance, ou à plus d'un an des dates "
        "prévues de leur projet (2062 tapé pour 2026), la règle des opérations et des lignes budgétaires : elles "
        "échappent à la tendance et aux filtres de période. Corrigez la période, ou les dates du projet.",
    },
    "dq.rule.implausible_indicator_date.short": {"en": "Implausible value periods",
                                                 "fr": "Valeurs mal datées"},
    "dq.rule.near_duplicate_partner.title": {
        "en": "Partners that may be entered twice",
        "fr": "Partenaires peut-être saisis deux fois",
    },
    "dq.rule.near_duplicate_partner.help": {
        "en": "Nearly identical names, aliases included (word order, accents and case ignored), or an acronym "
        "that is another partner's name or alias. Merge them in the partner file.",
        "fr": "Noms presque identiques, alias compris (ordre des mots, accents et casse ignorés), ou sigle qui est "
        "le nom ou l'alias d'un autre partenaire. Fusionnez-les dans le fichier des partenaires.",
    },
    "dq.rule.past_end_in_implementation.short": {
        "en": "Past end, still running",
        "fr": "Fin dépassée, toujours en cours",
    },
    "dq.rule.budget_without_period_or_currency.short": {
        "en": "Budgets without period or currency",
        "fr": "Budgets sans période ni devise",
    },
    "dq.rule.spending_without_budget.short": {"en": "Spending without budget", "fr": "Dépenses sans budget"},
    "dq.rule.indicator_without_baseline_or_target.short": {
        "en": "Indicators without baseline or target",
        "fr": "Indicateurs sans référence ou cible",
    },
    "dq.rule.indicator_not_reporting.short": {"en": "Indicators not reporting", "fr": "Indicateurs sans valeur"},
    "dq.rule.partner_without_place.short": {"en": "Partners not placed", "fr": "Partenaires non localisés"},
    "dq.rule.declared_total_mismatch.short": {"en": "Totals not matching lines", "fr": "Totaux non concordants"},
    "dq.rule.near_duplicate_partner.short": {"en": "Possible duplicate partners", "fr": "Doublons possibles"},
    # Details
    "dq.detail.planned_end": {"en": "planned end {date}", "fr": "fin prévue le {date}"},
    "dq.detail.missing": {"en": "missing or wrong: {fields}", "fr": "manquant ou erroné : {fields}"},
    "dq.detail.transactions": {"en": "{count} spending records", "fr": "{count} dépenses enregistrées"},
    "dq.detail.no_value_in_period": {
        "en": "no value between {start} and {end}",
        "fr": "aucune valeur entre le {start} et le {end}",
    },
    "dq.detail.declared_total": {
        "en": "declared {declared}, lines add up to {lines} (difference {difference})",
        "fr": "déclaré {declared}, les lignes totalisent {lines} (écart {difference})",
    },
    "dq.detail.similar_to_other_name": {
        "en": "looks like “{theirs}”, another name of “{other}” (similarity {score})",
        "fr": "ressemble à « {theirs} », autre nom de « {other} » (similarité {score})",
    },
    "dq.detail.other_name_similar": {
        "en": "goes by “{mine}”, which looks like “{other}” (similarity {score})",
        "fr": "connu aussi sous le nom « {mine} », qui ressemble à « {other} » (similarité {score})",
    },
    "dq.detail.other_names_similar": {
        "en": "goes by “{mine}”, which looks like “{theirs}”, another name of “{other}” (similarity {score})",
        "fr": "connu aussi sous le nom « {mine} », qui ressemble à « {theirs} », autre nom de « {other} » "
        "(similarité {score})",
    },
    "dq.detail.similar_name": {
        "en": "looks like “{other}” (similarity {score})",
        "fr": "ressemble à « {other} » (similarité {score})",
    },
    "dq.field.period_start": {"en": "period start", "fr": "début de période"},
    "dq.field.period_end": {"en": "period end", "fr": "fin de période"},
    "dq.field.currency": {"en": "currency", "fr": "devise"},
    "dq.field.baseline": {"en": "baseline", "fr": "valeur de référence"},
    "dq.field.target": {"en": "target", "fr": "cible"},
    "dq.field.country": {"en": "country", "fr": "pays"},
    "dq.field.coordinates": {"en": "coordinates", "fr": "coordonnées"},
    # Upload kinds, as the links name them
    "dq.kind.projects": {"en": "projects", "fr": "projets"},
    "dq.kind.budgets": {"en": "budget lines", "fr": "lignes budgétaires"},
    "dq.kind.indicators": {"en": "indicators", "fr": "indicateurs"},
    "dq.kind.indicator-values": {"en": "indicator values", "fr": "valeurs d'indicateurs"},
    "dq.kind.partners": {"en": "partners", "fr": "partenaires"},
    "dq.kind.roles": {"en": "roles and contributions", "fr": "rôles et contributions"},
}
