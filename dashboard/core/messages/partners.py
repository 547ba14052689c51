"""Strings of the Partners page: partner table, partner detail, partnership reviews and the gap analysis."""

MESSAGES: dict[str, dict[str, str]] = {
    # Review principles (partner engagement strategy, seed 002)
    "principle.strategic_contribution": {
        "en": "Contributes to the strategic objectives",
        "fr": "Contribue aux objectifs stratégiques",
    },
    "principle.collaboration": {
        "en": "Works with other relevant initiatives",
        "fr": "Collabore avec les autres initiatives pertinentes",
    },
    "principle.shared_values": {"en": "Founded on shared values", "fr": "Fondé sur des valeurs partagées"},
    "principle.added_value": {
        "en": "Adds value to our programmes",
        "fr": "Apporte une valeur ajoutée à nos programmes",
    },
    "principle.mutual_results": {
        "en": "Mutually beneficial results measured by indicators",
        "fr": "Résultats profitables aux deux parties, mesurés par des indicateurs",
    },
    "principle.gender_inclusion": {
        "en": "Gender and social inclusion",
        "fr": "Égalité femmes-hommes et inclusion sociale",
    },
    # Review validation
    "review.error.unknown_partner": {
        "en": "Partner {id} does not exist (it may have been removed); reload the page.",
        "fr": "Le partenaire {id} n'existe pas (il a peut-être été supprimé) ; rechargez la page.",
    },
    "review.error.too_long": {
        "en": "A text is too long: at most {max} characters.",
        "fr": "Un texte est trop long : {max} caractères au plus.",
    },
    "review.error.hidden_character": {
        "en": "The text holds a character that does not show ({character}); retype it, or delete that character.",
        "fr": "Le texte contient un caractère qui ne s'affiche pas ({character}) ; retapez-le, ou supprimez ce "
              "caractère.",
    },
    "review.error.note_empty": {
        "en": "The note is empty; write what the next review should consider.",
        "fr": "La note est vide ; écrivez ce que la prochaine revue devra examiner.",
    },
    # Page
    "partners.title": {"en": "Partners", "fr": "Partenaires"},
    "partners.caption": {
        "en": "Partners under the current filters. Contributions are pledges from the funding tables, counted "
        "once per project and converted to {currency} at the stored rates.",
        "fr": "Partenaires retenus par les filtres. Les contributions sont les engagements des plans de "
        "financement, comptés une fois par projet et convertis en {currency} aux taux enregistrés.",
    },
    "partners.view": {"en": "View", "fr": "Vue"},
    "partners.view.table": {"en": "Partner list", "fr": "Liste des partenaires"},
    "partners.view.detail": {"en": "Partner detail", "fr": "Fiche partenaire"},
    "partners.view.reviews": {"en": "Reviews due", "fr": "Revues à faire"},
    "partners.view.gaps": {"en": "Gap analysis", "fr": "Analyse des lacunes"},
    "partners.currency": {"en": "Reporting currency", "fr": "Devise de présentation"},
    "partners.search": {"en": "Search a partner", "fr": "Rechercher un partenaire"},
    "partners.search_help": {
        "en": "Name, acronym, another name it goes by (“SPC” for the Communauté du Pacifique) or city; case, "
        "accents and small typos ignored.",
        "fr": "Nom, sigle, autre nom sous lequel il est connu (« SPC » pour la Communauté du Pacifique) ou ville ; "
        "sans tenir compte des majuscules, des accents ni des petites fautes de frappe.",
    },
    "partners.detail.find": {"en": "Find a partner", "fr": "Trouver un partenaire"},
    "partners.count": {"en": "{count} partners", "fr": "{count} partenaires"},
    "partners.select_hint": {
        "en": "Select a row to open the partner's detail. Click a column header to sort.",
        "fr": "Sélectionnez une ligne pour ouvrir la fiche du partenaire. Cliquez sur un en-tête pour trier.",
    },
    "partners.missing_rates": {
        "en": "No exchange rate is stored for {currencies}: those contributions are left out of the totals. "
        "Upload the rates with the 'rates' template.",
        "fr": "Aucun taux de change n'est enregistré pour {currencies} : ces contributions sont exclues des "
        "totaux. Importez les taux avec le modèle « rates ».",
    },
    "partners.no_partner": {
        "en": "No partner matches the search and filters.",
        "fr": "Aucun partenaire ne correspond à la recherche et aux filtres.",
    },
    # Partner table columns
    "partners.column.name": {"en": "Partner", "fr": "Partenaire"},
    "partners.column.acronym": {"en": "Acronym", "fr": "Sigle"},
    "partners.column.type": {"en": "Type", "fr": "Type"},
    "partners.column.country": {"en": "Country", "fr": "Pays"},
    "partners.column.region": {"en": "Region", "fr": "Région"},
    "partners.column.status": {"en": "Status", "fr": "Statut"},
    "partners.column.roles": {"en": "Roles held", "fr": "Rôles"},
    "partners.column.projects": {"en": "Projects", "fr": "Projets"},
    "partners.column.contributions": {"en": "Contributions ({currency})", "fr": "Contributions ({currency})"},
    "partners.column.objectives": {"en": "Partnership objectives", "fr": "Objectifs du partenariat"},
    "partners.column.owner": {"en": "Owner", "fr": "Responsable"},
    "partners.column.last_review": {"en": "Last review", "fr": "Dernière revue"},
    "partners.column.next_review": {"en": "Next review", "fr": "Prochaine revue"},
    "partners.column.days_overdue": {"en": "Days overdue", "fr": "Jours de retard"},
    "partners.column.illustrative": {"en": "Illustrative", "fr": "Illustratif"},
    # Detail
    "partners.detail.choose": {"en": "Partner", "fr": "Partenaire"},
    "partners.detail.none": {
        "en": "Choose a partner in the list above, or select a row in the partner list.",
        "fr": "Choisissez un partenaire dans la liste ci-dessus, ou sélectionnez une ligne de la liste des "
        "partenaires.",
    },
    "partners.detail.missing": {
        "en": "Partner {id} does not exist (the link may be out of date).",
        "fr": "Le partenaire {id} n'existe pas (le lien est peut-être périmé).",
    },
    "partners.detail.duplicate": {
        "en": "This partner may be entered twice: “{name}” (#{id}) has nearly the same name, aliases and "
        "acronyms included. Merge them in the partner file.",
        "fr": "Ce partenaire est peut-être saisi deux fois : « {name} » (n° {id}) a presque le même nom, alias et "
        "sigles compris. Fusionnez-les dans le fichier des partenaires.",
    },
    "partners.detail.open_duplicate": {"en": "Open the other record", "fr": "Ouvrir l'autre fiche"},
    "partners.detail.aliases": {"en": "Also known as", "fr": "Autres noms"},
    "partners.detail.place": {"en": "Place", "fr": "Localisation"},
    "partners.detail.no_place": {"en": "No country recorded", "fr": "Aucun pays enregistré"},
    "partners.detail.coordinates": {
        "en": "Coordinates {latitude}, {longitude}",
        "fr": "Coordonnées {latitude}, {longitude}",
    },
    "partners.detail.website": {"en": "Website", "fr": "Site web"},
    "partners.detail.owner": {"en": "Relationship owner", "fr": "Responsable de la relation"},
    "partners.detail.no_owner": {"en": "No owner named", "fr": "Aucun responsable désigné"},
    "partners.detail.total": {"en": "Total contributions", "fr": "Contributions totales"},
    "partners.detail.projects": {"en": "Projects", "fr": "Projets"},
    "partners.detail.review_due": {"en": "Next review", "fr": "Prochaine revue"},
    "partners.detail.overdue": {"en": "overdue by {days} days", "fr": "en retard de {days} jours"},
    "partners.detail.roles_title": {"en": "Roles across projects", "fr": "Rôles dans les projets"},
    "partners.detail.no_roles": {
        "en": "This partner holds no role in any project.",
        "fr": "Ce partenaire n'a de rôle dans aucun projet.",
    },
    "partners.detail.objectives_title": {"en": "Objectives", "fr": "Objectifs"},
    "partners.detail.partnership_objectives": {"en": "Partnership objectives", "fr": "Objectifs du partenariat"},
    "partners.detail.strategic_objectives": {"en": "Strategic objectives", "fr": "Objectifs stratégiques"},
    "partners.detail.none_recorded": {"en": "None recorded", "fr": "Aucun enregistré"},
    "partners.detail.reviews_title": {"en": "Review history", "fr": "Historique des revues"},
    "partners.detail.no_reviews": {"en": "Never reviewed.", "fr": "Jamais revu."},
    "partners.detail.notes_title": {"en": "Notes for the next review", "fr": "Notes pour la prochaine revue"},
    "partners.column.project_code": {"en": "Code", "fr": "Code"},
    "partners.column.project_title": {"en": "Project", "fr": "Projet"},
    "partners.column.project_status": {"en": "Project status", "fr": "Statut du projet"},
    "partners.column.contribution": {"en": "Contribution", "fr": "Contribution"},
    "partners.column.currency": {"en": "Currency", "fr": "Devise"},
    "partners.column.contribution_reporting": {"en": "In {currency}", "fr": "En {currency}"},
    "partners.column.review_date": {"en": "Date", "fr": "Date"},
    "partners.column.reviewer": {"en": "Reviewer", "fr": "Évaluateur"},
    "partners.column.rating": {"en": "Overall (1–5)", "fr": "Global (1–5)"},
    "partners.column.decision": {"en": "Decision", "fr": "Décision"},
    "partners.column.notes": {"en": "Notes", "fr": "Notes"},
    "partners.column.next_review_due": {"en": "Next review due", "fr": "Prochaine revue prévue"},
    "partners.column.recorded_by": {"en": "Recorded by", "fr": "Saisi par"},
    "partners.column.note_at": {"en": "Written", "fr": "Écrite le"},
    "partners.column.note_by": {"en": "By", "fr": "Par"},
    "partners.column.note": {"en": "Note", "fr": "Note"},
    "principle.short.strategic_contribution": {"en": "Strategy", "fr": "Stratégie"},
    "principle.short.collaboration": {"en": "Collaboration", "fr": "Collaboration"},
    "principle.short.shared_values": {"en": "Values", "fr": "Valeurs"},
    "principle.short.added_value": {"en": "Added value", "fr": "Valeur ajoutée"},
    "principle.short.mutual_results": {"en": "Mutual results", "fr": "Résultats mutuels"},
    "principle.short.gender_inclusion": {"en": "Gender & inclusion", "fr": "Genre et inclusion"},
    # Review form
    "review.note.refused": {
        "en": "The note was not saved:",
        "fr": "La note n'a pas été enregistrée :",
    },
    "review.form.title": {"en": "Record a partnership review", "fr": "Enregistrer une revue du partenariat"},
    "review.form.intro": {
        "en": "Rate the partnership from 1 (poor) to 5 (excellent) against each principle of the partner "
        "engagement strategy; leave a principle blank if it was not assessed. Left blank, the overall rating is "
        "the mean of the principles and the next review comes six months later. The review is checked like a row "
        "of a reviews upload, then saved with your reason as an import batch of one: it joins the history and "
        "can be undone from the import history.",
        "fr": "Notez le partenariat de 1 (insuffisant) à 5 (excellent) sur chaque principe de la stratégie "
        "d'engagement des partenaires ; laissez vide un principe non évalué. Laissée vide, la note globale est la "
        "moyenne des principes et la prochaine revue vient six mois plus tard. La revue est vérifiée comme une "
        "ligne d'un import de revues, puis enregistrée avec votre motif comme un lot d'import d'une ligne : elle "
        "rejoint l'historique et peut être annulée depuis l'historique des imports.",
    },
    "review.note.title": {"en": "Add a note for the next review", "fr": "Ajouter une note pour la prochaine revue"},
    "review.note.intro": {
        "en": "Reference-group members and staff can leave a note for whoever carries out the next review. "
        "A note rates nothing and does not change the review dates.",
        "fr": "Les membres du groupe de référence et le personnel peuvent laisser une note pour la prochaine revue. "
        "Une note ne donne aucune appréciation et ne change pas les dates de revue.",
    },
    "review.note.text": {"en": "Note", "fr": "Note"},
    "review.note.submit": {"en": "Add the note", "fr": "Ajouter la note"},
    "review.note.saved": {"en": "Note added.", "fr": "Note ajoutée."},
    "review.read_only": {
        "en": "Reviews are recorded by staff; reference-group members can add notes.",
        "fr": "Les revues sont saisies par le personnel ; les membres du groupe de référence peuvent ajouter "
        "des notes.",
    },
    # Reviews due
    "reviews.due.title": {"en": "Partnership reviews overdue", "fr": "Revues de partenariat en retard"},
    "reviews.due.owner": {"en": "Owner", "fr": "Responsable"},
    "reviews.due.all_owners": {"en": "All owners", "fr": "Tous les responsables"},
    "reviews.due.count": {
        "en": "{count} partnerships past their review date on {date}.",
        "fr": "{count} partenariats ont dépassé leur date de revue au {date}.",
    },
    "reviews.due.none": {
        "en": "No review is overdue.",
        "fr": "Aucune revue n'est en retard.",
    },
    "reviews.untracked.title": {
        "en": "{count} active partnerships with no named owner or no review planned",
        "fr": "{count} partenariats actifs sans responsable désigné ou sans revue prévue",
    },
    "reviews.untracked.help": {
        "en": "The strategy asks for every partnership to have a named owner and a review twice a year; these "
        "can never show as overdue until an owner and a review date are set (partner file upload).",
        "fr": "La stratégie demande que chaque partenariat ait un responsable désigné et une revue deux fois par an ; "
        "ceux-ci ne peuvent apparaître en retard tant qu'un responsable et une date de revue ne sont pas saisis "
        "(import du fichier des partenaires).",
    },
    "reviews.due.open": {"en": "Open a partner to review it", "fr": "Ouvrir un partenaire pour le revoir"},
    # Gap analysis
    "gaps.title": {"en": "Gap analysis", "fr": "Analyse des lacunes"},
    "gaps.intro": {
        "en": "For each strategic objective and region: the active partners, what they committed (pledges to the "
        "objective's projects, in {currency}) and the gaps. A partner's region is its own country's. A partner "
        "offering several partnership objectives counts under each, so those columns overlap; the total counts "
        "each pledge once.",
        "fr": "Pour chaque objectif stratégique et chaque région : les partenaires actifs, ce qu'ils ont engagé "
        "(contributions aux projets de l'objectif, en {currency}) et les lacunes. La région d'un partenaire est "
        "celle de son pays. Un partenaire qui poursuit plusieurs objectifs de partenariat compte dans chacun, ces "
        "colonnes se recoupent donc ; le total compte chaque contribution une fois.",
    },
    "gaps.heatmap_title": {
        "en": "Active partners by strategic objective and region (0 = gap)",
        "fr": "Partenaires actifs par objectif stratégique et région (0 = lacune)",
    },
    "gaps.heatmap_hover": {
        "en": "%{y} · %{x}<br>%{z} active partners<extra></extra>",
        "fr": "%{y} · %{x}<br>%{z} partenaires actifs<extra></extra>",
    },
    "gaps.drill_down": {
        "en": "To see who the partners of a cell are, choose its strategic objective and region in the sidebar "
        "filters and open the partner list.",
        "fr": "Pour voir qui sont les partenaires d'une case, choisissez son objectif stratégique et sa région dans "
        "les filtres du panneau latéral, puis ouvrez la liste des partenaires.",
    },
    "gaps.summary_title": {"en": "By strategic objective", "fr": "Par objectif stratégique"},
    "gaps.table_title": {"en": "Gaps by objective and region", "fr": "Lacunes par objectif et région"},
    "gaps.only_gaps": {"en": "Show only rows with a gap", "fr": "N'afficher que les lignes avec une lacune"},
    "gaps.none": {
        "en": "No strategic objective is recorded: upload them before running the gap analysis.",
        "fr": "Aucun objectif stratégique n'est enregistré : importez-les avant l'analyse des lacunes.",
    },
    "gaps.counts": {
        "en": "{objectives} objectives × {regions} regions: {gaps} cells with no active partner.",
        "fr": "{objectives} objectifs × {regions} régions : {gaps} cases sans partenaire actif.",
    },
    "gaps.column.objective": {"en": "Strategic objective", "fr": "Objectif stratégique"},
    "gaps.column.title": {"en": "Title", "fr": "Intitulé"},
    "gaps.column.region": {"en": "Region", "fr": "Région"},
    "gaps.column.active_partners": {"en": "Active partners", "fr": "Partenaires actifs"},
    "gaps.column.partners_by": {"en": "Partners: {objective}", "fr": "Partenaires : {objective}"},
    "gaps.column.funding_total": {"en": "Funding committed ({currency})", "fr": "Financements engagés ({currency})"},
    "gaps.column.funding_by": {"en": "Funding: {objective}", "fr": "Financements : {objective}"},
    "gaps.column.gaps": {"en": "Gaps", "fr": "Lacunes"},
    "gaps.column.regions_without_partner": {
        "en": "Regions with no partner",
        "fr": "Régions sans partenaire",
    },
    "gaps.gap.no_partner": {"en": "no active partner", "fr": "aucun partenaire actif"},
    "gaps.gap.no_funding": {"en": "no funding", "fr": "aucun financement"},
    "gaps.gap.no_shared_values": {"en": "no shared-values partner", "fr": "aucun partenaire « valeurs partagées »"},
    "gaps.gap.no_financial_support": {"en": "no financial partner", "fr": "aucun partenaire financier"},
    "gaps.gap.no_technical_support": {"en": "no technical partner", "fr": "aucun partenaire technique"},
    "gaps.region.NONE": {"en": "No country", "fr": "Sans pays"},
}
