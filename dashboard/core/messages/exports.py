"""Strings of table exports and of the "download in the upload template's format" buttons."""

MESSAGES: dict[str, dict[str, str]] = {
    "export.yes": {"en": "yes", "fr": "oui"},
    "export.no": {"en": "no", "fr": "non"},
    "export.changes_suffix": {"en": "changes", "fr": "modifications"},
    # A download whose totals leave out money without a stored rate says so inside the file
    # (exporting.spreadsheet.with_note): the header of a last, empty column, and in Excel a note sheet.
    "export.partial_note": {
        "en": "Partial totals: {amounts} cannot be converted to {target} (no stored exchange rate) and are left "
        "out of this file's amounts in {target}.",
        "fr": "Totaux partiels : {amounts} ne peuvent pas être convertis en {target} (aucun taux de change "
        "enregistré) et sont exclus des montants en {target} de ce fichier.",
    },
    "export.note_sheet": {"en": "Note", "fr": "Remarque"},
    "export.note.currency": {"en": "Currency", "fr": "Devise"},
    "export.note.left_out": {"en": "Left out (in its own currency)", "fr": "Exclu (dans sa devise)"},
    "export.template_csv": {
        "en": "Download as upload template (CSV)",
        "fr": "Télécharger au format du modèle d'import (CSV)",
    },
    "export.template_xlsx": {
        "en": "Download as upload template (Excel)",
        "fr": "Télécharger au format du modèle d'import (Excel)",
    },
    "export.template_help": {
        "en": "The stored records in the upload template's columns: correct them in a spreadsheet and upload the "
        "file again on the Upload page; unchanged rows are left as they are.",
        "fr": "Les données enregistrées dans les colonnes du modèle d'import : corrigez-les dans un tableur puis "
        "déposez de nouveau le fichier sur la page Import ; les lignes inchangées restent telles quelles.",
    },
}
