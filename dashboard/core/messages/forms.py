"""Strings of the forms that change or add one record (issue 17): dashboard/importing/edits.py and the web form."""

MESSAGES: dict[str, dict[str, str]] = {
    "form.error.reason_missing": {
        "en": "Say in a few words why you make this change (at least {minimum} characters).",
        "fr": "Dites en quelques mots pourquoi vous faites cette modification (au moins {minimum} caractères).",
    },
    "form.fix.reason_missing": {
        "en": "The reason is kept in the import history with the change.",
        "fr": "Le motif est conservé avec la modification dans l'historique des imports.",
    },
    "form.error.reason_too_long": {
        "en": "The reason is {length} characters long; at most {limit}.",
        "fr": "Le motif fait {length} caractères ; {limit} au plus.",
    },
    "form.fix.reason_too_long": {
        "en": "Keep it short: the detail belongs in the record's notes.",
        "fr": "Restez bref : le détail a sa place dans les notes de l'enregistrement.",
    },
}
