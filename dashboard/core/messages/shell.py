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
    # Streamlit's date field shows its placeholder in English only ("dd / mm / yyyy", locale fixed to en-US in
    # Streamlit 1.67): the help of every date picker says the format in the reader's words (web.widgets.date_input).
    "shell.date_hint": {
        "en": "Day first: DD/MM/YYYY (day, month, year).",
        "fr": "Jour d'abord : JJ/MM/AAAA (jour, mois, année).",
    },
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
    "shell.refused.page_named": {
        "en": "Your account ({username}) may not open the page “{page}”. Ask an administrator if you need it; "
        "the pages you may open are in the menu.",
        "fr": "Votre compte ({username}) ne permet pas d'ouvrir la page « {page} ». Demandez-la à un "
        "administrateur si vous en avez besoin ; les pages que vous pouvez ouvrir sont dans le menu.",
    },
    "shell.refused.download": {
        "en": "This download is only for a signed-in session. Sign in, then download it again from its page.",
        "fr": "Ce téléchargement est réservé à une session connectée. Connectez-vous, puis téléchargez-le à "
        "nouveau depuis sa page.",
    },
    "shell.refused.address_too_long": {
        "en": "This address is too long to be a link to the dashboard (a filter or a search in it is too "
        "long). Open the dashboard and choose the filter again.",
        "fr": "Cette adresse est trop longue pour être un lien vers le tableau de bord (un filtre ou une "
        "recherche y est trop long). Ouvrez le tableau de bord et choisissez à nouveau le filtre.",
    },
    "shell.refused.parameter_too_long": {
        "en": "The address gives “{name}” a value of {length} characters; at most {limit} are read. Open the "
        "page from its menu and choose again.",
        "fr": "L'adresse donne à « {name} » une valeur de {length} caractères ; au plus {limit} sont lus. "
        "Ouvrez la page depuis le menu et choisissez à nouveau.",
    },
    "shell.go_home": {"en": "Open the dashboard", "fr": "Ouvrir le tableau de bord"},
    "shell.go_overview": {"en": "Go to the Overview", "fr": "Aller à la vue d'ensemble"},
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
