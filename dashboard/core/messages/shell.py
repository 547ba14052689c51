"""Strings of the app shell: language choice, sidebar filters, refusals, downloads, empty states."""

MESSAGES: dict[str, dict[str, str]] = {
    "shell.language": {"en": "Language", "fr": "Langue"},
    "shell.filters": {"en": "Filters", "fr": "Filtres"},
    "shell.filter.period_from": {"en": "From", "fr": "Du"},
    "shell.filter.period_to": {"en": "To", "fr": "Au"},
    "shell.filter.period_help": {
        "en": "Projects whose planned dates overlap this period; money and results dated within it.",
        "fr": "Projets dont les dates prévues chevauchent cette période ; montants et résultats datés dedans.",
    },
    "shell.filter.region": {"en": "Region", "fr": "Région"},
    "shell.filter.country": {"en": "Country", "fr": "Pays"},
    "shell.filter.org_type": {"en": "Partner type", "fr": "Type de partenaire"},
    "shell.filter.role": {"en": "Role", "fr": "Rôle"},
    "shell.filter.theme": {"en": "Theme", "fr": "Thème"},
    "shell.filter.sdg": {"en": "SDG", "fr": "ODD"},
    "shell.filter.sdg_option": {"en": "SDG {number}", "fr": "ODD {number}"},
    "shell.filter.status": {"en": "Project status", "fr": "Statut du projet"},
    "shell.filter.objective": {"en": "Strategic objective", "fr": "Objectif stratégique"},
    "shell.filter.choose": {"en": "All (choose to narrow)", "fr": "Tous (choisir pour restreindre)"},
    "shell.filter.clear": {"en": "Clear filters", "fr": "Effacer les filtres"},
    "shell.filter.active": {"en": "{count} filter(s) applied", "fr": "{count} filtre(s) appliqué(s)"},
    "shell.filter.period_reversed": {
        "en": "The period ends before it starts: the dates were swapped.",
        "fr": "La période se termine avant de commencer : les dates ont été inversées.",
    },
    "shell.refused.signed_out": {
        "en": "Please sign in to see this page.",
        "fr": "Veuillez vous connecter pour voir cette page.",
    },
    "shell.refused.page": {
        "en": "Your account ({username}) does not give access to this page. Ask an administrator if you "
        "need it.",
        "fr": "Votre compte ({username}) ne donne pas accès à cette page. Demandez-le à un administrateur si "
        "vous en avez besoin.",
    },
    "shell.no_pages": {
        "en": "Your account gives access to no page yet. Ask an administrator for a role.",
        "fr": "Votre compte ne donne encore accès à aucune page. Demandez un rôle à un administrateur.",
    },
    "shell.table_page": {"en": "Page", "fr": "Page"},
    "shell.table_rows": {
        "en": "Rows {first}–{last} of {total} (page {page} of {pages}); the downloads below hold them all.",
        "fr": "Lignes {first} à {last} sur {total} (page {page} sur {pages}) ; les téléchargements ci-dessous "
        "les contiennent toutes.",
    },
    "shell.table_truncated": {
        "en": "Showing the first {shown} of {total} rows; the downloads below hold them all.",
        "fr": "Affichage des {shown} premières lignes sur {total} ; les téléchargements ci-dessous les "
        "contiennent toutes.",
    },
    "shell.download.csv": {"en": "Download CSV", "fr": "Télécharger en CSV"},
    "shell.download.xlsx": {"en": "Download Excel", "fr": "Télécharger en Excel"},
    "shell.database_error": {
        "en": "The database could not be read ({error}). Check that it is running and migrated "
        "(`python -m dashboard db upgrade`), then reload the page.",
        "fr": "La base de données n'a pas pu être lue ({error}). Vérifiez qu'elle est démarrée et à jour "
        "(`python -m dashboard db upgrade`), puis rechargez la page.",
    },
}
