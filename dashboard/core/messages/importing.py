"""Strings of the upload pipeline, the Upload page and the import commands."""


def _pair(name: str, en: str, fr: str, fix_en: str, fix_fr: str) -> dict[str, dict[str, str]]:
    return {f"import.error.{name}": {"en": en, "fr": fr}, f"import.fix.{name}": {"en": fix_en, "fr": fix_fr}}


MESSAGES: dict[str, dict[str, str]] = {
    # Labels
    "import.label.row": {"en": "Row", "fr": "Ligne"},
    "import.label.file": {"en": "File", "fr": "Fichier"},
    "import.label.column": {"en": "column", "fr": "colonne"},
    "import.label.value": {"en": "value", "fr": "valeur"},
    "import.label.errors": {"en": "Errors", "fr": "Erreurs"},
    "import.table.row": {"en": "Row", "fr": "Ligne"},
    "import.table.sheet": {"en": "Sheet", "fr": "Feuille"},
    "import.table.kind": {"en": "Kind of data", "fr": "Type de données"},
    "import.label.sheet": {"en": "Sheet", "fr": "Feuille"},
    "import.table.column": {"en": "Column", "fr": "Colonne"},
    "import.table.value": {"en": "Value", "fr": "Valeur"},
    "import.table.problem": {"en": "Problem", "fr": "Problème"},
    "import.table.fix": {"en": "How to fix", "fr": "Comment corriger"},
    "import.table.action": {"en": "Action", "fr": "Action"},
    "import.table.record": {"en": "Record", "fr": "Enregistrement"},
    "import.table.before": {"en": "Before", "fr": "Avant"},
    "import.table.after": {"en": "After", "fr": "Après"},
    "import.action.create": {"en": "create", "fr": "création"},
    "import.action.update": {"en": "update", "fr": "mise à jour"},
    "import.value.yes": {"en": "yes", "fr": "oui"},
    "import.value.no": {"en": "no", "fr": "non"},
    # File problems
    **_pair("empty_file", "The file is empty.", "Le fichier est vide.",
            "Upload a file with a header row and at least one row of data (download the template).",
            "Déposez un fichier avec une ligne d'en-tête et au moins une ligne de données (téléchargez le modèle)."),
    **_pair("header_only", "The file has a header but no rows of data.",
            "Le fichier a une ligne d'en-tête mais aucune ligne de données.",
            "Add the rows to import under the header.", "Ajoutez les lignes à importer sous l'en-tête."),
    **_pair("binary_file", "This is not a text (CSV) file.", "Ce n'est pas un fichier texte (CSV).",
            "Save the sheet as CSV or as an Excel workbook (.xlsx) and upload that.",
            "Enregistrez la feuille au format CSV ou classeur Excel (.xlsx) et déposez ce fichier."),
    **_pair("old_xls", "Old Excel files (.xls) cannot be read.", "Les anciens fichiers Excel (.xls) ne sont pas lus.",
            "In Excel, use File › Save as › Excel workbook (.xlsx), or CSV.",
            "Dans Excel, utilisez Fichier › Enregistrer sous › Classeur Excel (.xlsx), ou CSV."),
    **_pair("not_xlsx", "The file is named like an Excel workbook but is not one (or is damaged).",
            "Le fichier porte un nom de classeur Excel mais n'en est pas un (ou il est endommagé).",
            "Open it in Excel and save it again as .xlsx, or save it as CSV.",
            "Ouvrez-le dans Excel et enregistrez-le à nouveau en .xlsx, ou en CSV."),
    **_pair("unreadable_csv", "The file cannot be read as CSV near row {row} ({detail}).",
            "Le fichier ne se lit pas comme un CSV vers la ligne {row} ({detail}).",
            "Check that cell for an unclosed quote or an extremely long text, then save again as CSV.",
            "Vérifiez dans cette cellule un guillemet non fermé ou un texte très long, puis réenregistrez en CSV."),
    **_pair("mixed_encoding", "Not UTF-8 like the rest of the file (byte {byte}, read here as Windows-1252).",
            "Pas en UTF-8 comme le reste du fichier (octet {byte}, lu ici en Windows-1252).",
            "Retype its accents and apostrophes, or save the whole file again as “CSV UTF-8”.",
            "Retapez ses accents et apostrophes, ou réenregistrez tout le fichier en « CSV UTF-8 »."),
    **_pair("no_such_sheet", "The workbook has no sheet named “{sheet}”.",
            "Le classeur n'a pas de feuille nommée « {sheet} ».",
            "Pick one of its sheets: {sheets}.", "Choisissez l'une de ses feuilles : {sheets}."),
    **_pair("only_hidden_sheets", "Every sheet of this workbook is hidden ({sheets}); hidden sheets are never "
            "read unless you pick one.",
            "Toutes les feuilles de ce classeur sont masquées ({sheets}) ; une feuille masquée n'est lue que si "
            "vous la choisissez.",
            "Pick the sheet to read (Sheet on the Upload page, --sheet on the command line), or show it in Excel "
            "and save again.",
            "Choisissez la feuille à lire (Feuille sur la page Import, --sheet en ligne de commande), ou "
            "affichez-la dans Excel et réenregistrez."),
    **_pair("too_large", "The file is {size} MB; the limit is {limit} MB.",
            "Le fichier pèse {size} Mo ; la limite est de {limit} Mo.",
            "Split the file into several smaller files and upload them one after the other.",
            "Découpez le fichier en plusieurs fichiers plus petits et déposez-les l'un après l'autre."),
    **_pair("workbook_needed", "Several kinds at once need an Excel workbook (.xlsx).",
            "Plusieurs types à la fois demandent un classeur Excel (.xlsx).",
            "Upload an .xlsx workbook with one sheet per kind, or choose the kind of a single CSV file.",
            "Déposez un classeur .xlsx avec une feuille par type, ou choisissez le type d'un fichier CSV unique."),
    **_pair("no_kind_sheets", "No sheet of this workbook is named after a kind of data.",
            "Aucune feuille de ce classeur ne porte le nom d'un type de données.",
            "Name each sheet after what it holds: {kinds} (or in French).",
            "Nommez chaque feuille d'après son contenu : {kinds} (ou en français : partenaires, projets…)."),
    **_pair("unknown_kind", "Unknown kind of data.", "Type de données inconnu.",
            "Choose one of: {kinds}.", "Choisissez parmi : {kinds}."),
    **_pair("wrong_kind", "These columns are those of a “{other}” file, not a “{kind}” file.",
            "Ces colonnes sont celles d'un fichier « {other} », pas d'un fichier « {kind} ».",
            "Choose “{other}” as the kind of data, or upload the right file.",
            "Choisissez « {other} » comme type de données, ou déposez le bon fichier."),
    **_pair("unknown_column", "Unknown column.", "Colonne inconnue.",
            "Rename it to one of the template's columns or delete it: {known}.",
            "Renommez-la comme une colonne du modèle ou supprimez-la : {known}."),
    **_pair("unknown_column_near", "Unknown column; did you mean “{suggestion}”?",
            "Colonne inconnue ; vouliez-vous dire « {suggestion} » ?",
            "Rename it “{suggestion}”, or delete it. Known columns: {known}.",
            "Renommez-la « {suggestion} », ou supprimez-la. Colonnes connues : {known}."),
    **_pair("missing_column", "A required column is missing.", "Une colonne obligatoire manque.",
            "Add a column named “{column}” (or “{french}” in French).",
            "Ajoutez une colonne nommée « {french} » (ou « {column} » en anglais)."),
    **_pair("missing_column_one_name", "A required column is missing.", "Une colonne obligatoire manque.",
            "Add a column named “{column}”.", "Ajoutez une colonne nommée « {column} »."),
    **_pair("duplicate_column", "This column appears twice (also as “{other}”).",
            "Cette colonne figure deux fois (aussi sous « {other} »).",
            "Keep one of the two columns.", "Gardez une seule des deux colonnes."),
    **_pair("value_without_header", "A value sits in column {position}, which has no header.",
            "Une valeur figure dans la colonne {position}, qui n'a pas d'en-tête.",
            "Give that column a header from the template, or clear it.",
            "Donnez un en-tête du modèle à cette colonne, ou videz-la."),
    **_pair("concurrent_change", "Another upload or form wrote some of the same records at the same moment, "
            "three times running; nothing of this file was written.", "Un autre import ou formulaire a enregistré "
            "certains des mêmes enregistrements au même moment, trois fois de suite ; rien de ce fichier n'a été "
            "enregistré.", "Preview the file again (it now shows what the other change did), then confirm.",
            "Prévisualisez à nouveau le fichier (il montre ce que l'autre modification a fait), puis confirmez."),
    **_pair("database_busy", "The database stayed busy with another write (an upload, an undo) for longer than "
            "its waiting time; nothing of this file was written.", "La base de données est restée occupée par une "
            "autre écriture (un import, une annulation) plus longtemps que son délai d'attente ; rien de ce "
            "fichier n'a été enregistré.", "Wait a minute for the other write to finish, then confirm again.",
            "Attendez une minute que l'autre écriture se termine, puis confirmez à nouveau."),
    **_pair("database_full", "The disk holding the database is full: nothing of this file was written, and what "
            "was stored before is intact.", "Le disque de la base de données est plein : rien de ce fichier n'a "
            "été enregistré, et ce qui l'était avant est intact.",
            "Ask the administrator to free space on the database's disk, then confirm again.",
            "Demandez à l'administrateur de libérer de la place sur le disque de la base, puis confirmez à "
            "nouveau."),
    **_pair("database_failed", "The database refused the write for a reason of its own; nothing of this file "
            "was written.", "La base de données a refusé l'écriture pour une raison qui lui est propre ; rien de "
            "ce fichier n'a été enregistré.", "Try again; if it fails again, give the administrator the time of "
            "the attempt (the server's log says why).", "Réessayez ; si cela échoue encore, donnez à "
            "l'administrateur l'heure de l'essai (le journal du serveur dit pourquoi)."),
    **_pair("cancelled", "The upload was cancelled: nothing of this file was written.",
            "L'import a été annulé : rien de ce fichier n'a été enregistré.",
            "Upload the file again when you are ready.", "Importez à nouveau le fichier quand vous le souhaitez."),
    **_pair("cell_too_large", "Row {row}, column {column} holds more than {limit} characters, more than a "
            "spreadsheet cell can hold; the file was not read further.", "La ligne {row}, colonne {column} "
            "contient plus de {limit} caractères, plus qu'une cellule de tableur ne peut en contenir ; le fichier "
            "n'a pas été lu plus loin.", "Shorten that cell (notes and descriptions keep at most a few thousand "
            "characters), then upload the file again.", "Raccourcissez cette cellule (notes et descriptions "
            "gardent au plus quelques milliers de caractères), puis importez à nouveau le fichier."),
    **_pair("xlsx_cell_too_large", "Sheet “{sheet}” holds a text longer than a spreadsheet cell can hold "
            "({limit} characters); the file was not opened.", "La feuille « {sheet} » contient un texte plus long "
            "qu'une cellule de tableur ne peut en contenir ({limit} caractères) ; le fichier n'a pas été ouvert.",
            "Shorten the longest cells, save the workbook again and upload it.",
            "Raccourcissez les cellules les plus longues, enregistrez à nouveau le classeur et importez-le."),
    **_pair("xlsx_expands", "This workbook expands to {size} MB once unpacked, more than the {limit} MB an "
            "upload may expand to; the file was not opened.", "Ce classeur occupe {size} Mo une fois décompressé, "
            "plus que les {limit} Mo permis pour un import ; le fichier n'a pas été ouvert.",
            "Split the workbook into smaller files, or save it as CSV.",
            "Découpez le classeur en fichiers plus petits, ou enregistrez-le en CSV."),
    **_pair("too_many_rows", "The file has more than {limit} rows, more than a spreadsheet holds.",
            "Le fichier a plus de {limit} lignes, plus qu'un tableur n'en contient.",
            "Split the file into several uploads.", "Découpez le fichier en plusieurs imports."),
    **_pair("too_many_columns", "Row {row} has {count} cells, more than the {limit} an upload reads.",
            "La ligne {row} a {count} cellules, plus que les {limit} qu'un import lit.",
            "Delete the empty or unused columns at the right of the sheet, then upload the file again.",
            "Supprimez les colonnes vides ou inutiles à droite de la feuille, puis importez à nouveau le fichier."),
    # Cell problems
    **_pair("hidden_character", "This text holds a character that does not show ({character}): stored, it would "
            "make a name look like another, or turn text around.", "Ce texte contient un caractère qui ne "
            "s'affiche pas ({character}) : enregistré, il ferait ressembler un nom à un autre, ou retournerait le "
            "texte.", "Retype the text, or delete that character (copying from a PDF or a web page often brings "
            "it in). Tabs and line breaks are kept only in notes and descriptions.", "Retapez le texte, ou "
            "supprimez ce caractère (il vient souvent d'un copier-coller depuis un PDF ou une page web). Les "
            "tabulations et retours à la ligne ne sont gardés que dans les notes et descriptions."),
    **_pair("required", "This value is required.", "Cette valeur est obligatoire.",
            "Fill in the cell.", "Remplissez la cellule."),
    **_pair("not_a_number", "Not a number.", "Ce n'est pas un nombre.",
            "Write a number such as 443008, 443 008,50 or (1 234) for a negative.",
            "Écrivez un nombre comme 443008, 443 008,50 ou (1 234) pour un négatif."),
    **_pair("ambiguous_number", "“{value}” could be {thousands} or {decimal}: nothing in its column or file says "
            "which.",
            "« {value} » peut valoir {thousands} ou {decimal} : rien dans sa colonne ou le fichier ne dit lequel.",
            "Write it without thousands separator ({thousands_plain}), or with the other decimal mark.",
            "Écrivez-le sans séparateur de milliers ({thousands_plain}), ou avec l'autre séparateur décimal."),
    **_pair("mixed_decimal_marks", "Its column writes numbers as “{example}” elsewhere; “{value}” uses the other "
            "decimal mark.",
            "Sa colonne écrit ailleurs les nombres comme « {example} » ; « {value} » prend l'autre séparateur "
            "décimal.",
            "Write the column's numbers with one decimal mark.",
            "Écrivez les nombres de la colonne avec un seul séparateur décimal."),
    **_pair("mojibake", "The accents of this text are garbled (a UTF-8 file once read in another encoding).",
            "Les accents de ce texte sont abîmés (un fichier UTF-8 lu un jour dans un autre codage).",
            "Write it as “{repaired}”.", "Écrivez « {repaired} »."),
    **_pair("not_an_integer", "A whole number is expected.", "Un nombre entier est attendu.",
            "Write a whole number, e.g. 4.", "Écrivez un nombre entier, par exemple 4."),
    **_pair("below_minimum", "The value is below the minimum {minimum}.",
            "La valeur est inférieure au minimum {minimum}.",
            "Write a value of at least {minimum}.", "Écrivez une valeur d'au moins {minimum}."),
    # Out of range, said for the kind of figure (never a budget's rule for a latitude)
    **_pair("amount_range", "An amount here cannot be negative.", "Un montant ne peut pas être négatif ici.",
            "Write the amount as 0 or more, without a minus sign or brackets.",
            "Écrivez le montant à 0 ou plus, sans signe moins ni parenthèses."),
    **_pair("budget_amount_range", "A budget line cannot be negative.",
            "Une ligne budgétaire ne peut pas être négative.",
            "Write the amount as 0 or more, without a minus sign or brackets; to lower a budget, upload a revised "
            "line (budget_type revised).",
            "Écrivez le montant à 0 ou plus, sans signe moins ni parenthèses ; pour réduire un budget, déposez une "
            "ligne révisée (type_budget révisé)."),
    **_pair("not_a_rate", "Not a number.", "Ce n'est pas un nombre.",
            "Write how many euros one unit of the currency is worth, as a number such as 0.00838 (XPF) or 0.92 "
            "(USD).",
            "Écrivez ce que vaut une unité de la devise en euros, sous forme de nombre comme 0,00838 (XPF) ou "
            "0,92 (USD)."),
    **_pair("rating_range", "A rating is a whole number from {minimum} to {maximum}.",
            "Une note est un nombre entier de {minimum} à {maximum}.",
            "Write a whole number from {minimum} (poor) to {maximum} (excellent), or leave the cell blank.",
            "Écrivez un nombre entier de {minimum} (faible) à {maximum} (excellent), ou laissez la cellule vide."),
    **_pair("rate_range", "An exchange rate must be above 0.", "Un taux de change doit être supérieur à 0.",
            "Write what one unit of the currency is worth in euros, above 0 (XPF: 0.00838).",
            "Écrivez ce que vaut une unité de la devise en euros, au-dessus de 0 (XPF : 0,00838)."),
    **_pair("latitude_range", "A latitude lies between −90 and 90 (the poles).",
            "Une latitude est comprise entre −90 et 90 (les pôles).",
            "Write the latitude in decimal degrees from −90 to 90, south negative (Suva: −18.1416).",
            "Écrivez la latitude en degrés décimaux de −90 à 90, le sud en négatif (Suva : −18,1416)."),
    **_pair("longitude_range", "A longitude lies between −180 and 180.",
            "Une longitude est comprise entre −180 et 180.",
            "Write the longitude in decimal degrees from −180 to 180, west negative (Papeete: −149.5585).",
            "Écrivez la longitude en degrés décimaux de −180 à 180, l'ouest en négatif (Papeete : −149,5585)."),
    **_pair("null_island", "Latitude 0 and longitude 0 is a point in the Gulf of Guinea: usually two blank cells "
            "read as zero.",
            "Latitude 0 et longitude 0, c'est un point du golfe de Guinée : le plus souvent deux cellules vides lues "
            "comme zéro.",
            "Write the place's real {latitude} and {longitude} in decimal degrees (Suva: −18.1416, 178.4419), or "
            "leave both blank when they are unknown: the partner is then placed by its country.",
            "Écrivez la {latitude} et la {longitude} réelles du lieu en degrés décimaux (Suva : −18,1416, "
            "178,4419), ou laissez les deux vides si elles sont inconnues : le partenaire est alors placé par son "
            "pays."),
    **_pair("coordinates_swapped", "Latitude and longitude look swapped ({latitude} cannot be a latitude).",
            "Latitude et longitude semblent inversées ({latitude} ne peut pas être une latitude).",
            "Swap the two cells: latitude {longitude}, longitude {latitude}.",
            "Inversez les deux cellules : latitude {longitude}, longitude {latitude}."),
    **_pair("not_a_figure", "Not a number.", "Ce n'est pas un nombre.",
            "Write the figure as a number such as 45 or 45.5 (a percentage as 45 for 45%), or leave the cell "
            "blank when there is no value for the period.",
            "Écrivez le chiffre comme un nombre, par exemple 45 ou 45,5 (un pourcentage : 45 pour 45\u00a0%), ou "
            "laissez la cellule vide s'il n'y a pas de valeur pour la période."),
    **_pair("not_a_latitude", "Not a latitude in decimal degrees.",
            "Ce n'est pas une latitude en degrés décimaux.",
            "Write the latitude in decimal degrees from −90 to 90, south negative (Suva: −18.1416), not degrees "
            "and minutes (18°08′S).",
            "Écrivez la latitude en degrés décimaux de −90 à 90, le sud en négatif (Suva : −18,1416), pas des "
            "degrés et minutes (18°08′S)."),
    **_pair("not_a_longitude", "Not a longitude in decimal degrees.",
            "Ce n'est pas une longitude en degrés décimaux.",
            "Write the longitude in decimal degrees from −180 to 180, west negative (Suva: 178.4419), not "
            "degrees and minutes (178°26′E).",
            "Écrivez la longitude en degrés décimaux de −180 à 180, l'ouest en négatif (Suva : 178,4419), pas "
            "des degrés et minutes (178°26′E)."),
    **_pair("above_maximum", "The value is above the maximum {maximum}.",
            "La valeur dépasse le maximum {maximum}.",
            "Write a value of at most {maximum}.", "Écrivez une valeur d'au plus {maximum}."),
    **_pair("not_a_date", "Not a date.", "Ce n'est pas une date.",
            "Write the date as DD/MM/YYYY (31/12/2026) or YYYY-MM-DD (2026-12-31).",
            "Écrivez la date au format JJ/MM/AAAA (31/12/2026) ou AAAA-MM-JJ (2026-12-31)."),
    **_pair("date_serial", "A number where a date is expected.", "Un nombre à la place d'une date.",
            "Format the cell as a date, or write DD/MM/YYYY.",
            "Mettez la cellule au format date, ou écrivez JJ/MM/AAAA."),
    **_pair("two_digit_year", "The year has two digits.", "L'année a deux chiffres.",
            "Write the year in four digits (31/12/2026).", "Écrivez l'année sur quatre chiffres (31/12/2026)."),
    **_pair("month_first", "Dates are read day first (DD/MM/YYYY); there is no month above 12.",
            "Les dates se lisent jour d'abord (JJ/MM/AAAA) ; il n'y a pas de mois au-delà de 12.",
            "If you meant month first, write {day} (or use YYYY-MM-DD).",
            "Si le mois venait en premier, écrivez {day} (ou AAAA-MM-JJ)."),
    **_pair("no_such_month", "There is no month {month}: dates are read day first (DD/MM/YYYY).",
            "Il n'y a pas de mois {month} : les dates se lisent jour d'abord (JJ/MM/AAAA).",
            "Write the date as DD/MM/YYYY (31/12/2026) or YYYY-MM-DD (2026-12-31).",
            "Écrivez la date au format JJ/MM/AAAA (31/12/2026) ou AAAA-MM-JJ (2026-12-31)."),
    **_pair("impossible_date", "This date does not exist.", "Cette date n'existe pas.",
            "Check the day and the month (DD/MM/YYYY).", "Vérifiez le jour et le mois (JJ/MM/AAAA)."),
    **_pair("end_before_start", "The end comes before the start ({start}: {start_value}).",
            "La fin précède le début ({start} : {start_value}).",
            "Put an end date on or after the start date.", "Indiquez une date de fin égale ou postérieure au début."),
    **_pair("review_in_future", "The review date is in the future.", "La date de revue est dans le futur.",
            "Enter the date the review took place.", "Indiquez la date à laquelle la revue a eu lieu."),
    **_pair("review_not_rated", "The review rates nothing: no overall rating and no principle rated.",
            "La revue ne note rien : ni note globale, ni principe noté.",
            "Rate the partnership against at least one principle (1 to 5), or give an overall rating.",
            "Notez le partenariat sur au moins un principe (de 1 à 5), ou donnez une note globale."),
    **_pair("next_review_same_day", "The next review falls on the day of this review ({review_date}).",
            "La prochaine revue tombe le jour de cette revue ({review_date}).",
            "Put the next review after the review date (six months later is usual), or leave it blank.",
            "Placez la prochaine revue après la date de revue (six mois plus tard d'ordinaire), ou laissez-la vide."),
    **_pair("not_a_bool", "Yes or no expected.", "Oui ou non attendu.",
            "Write yes or no (oui or non).", "Écrivez oui ou non (yes ou no)."),
    **_pair("not_allowed", "This value is not allowed.", "Cette valeur n'est pas admise.",
            "Use one of: {allowed}.", "Utilisez l'une de ces valeurs : {allowed}."),
    **_pair("unknown_country", "Unknown country.", "Pays inconnu.",
            "Write an ISO code (FJI or FJ) or the country's name.",
            "Écrivez un code ISO (FJI ou FJ) ou le nom du pays."),
    **_pair("unknown_currency", "Unknown currency.", "Devise inconnue.",
            "Write an ISO currency code such as EUR, XPF, USD, AUD.",
            "Écrivez un code ISO de devise comme EUR, XPF, USD, AUD."),
    **_pair("duplicate_in_list", "{item} is listed twice.", "{item} figure deux fois.",
            "List each value once.", "Ne citez chaque valeur qu'une fois."),
    **_pair("share_range", "The share of {item} ({share}) is not between 0 and 100%.",
            "La part de {item} ({share}) n'est pas comprise entre 0 et 100\u00a0%.",
            "Write shares in percent between 0 and 100, e.g. FJI:50; WSM:50.",
            "Écrivez des parts en pourcentage entre 0 et 100, par exemple FJI:50; WSM:50."),
    **_pair("shares_partial", "Some countries have a share and others do not.",
            "Certains pays ont une part et d'autres non.",
            "Give every country a share (FJI:60; WSM:40), or none to split equally.",
            "Donnez une part à chaque pays (FJI:60; WSM:40), ou aucune pour un partage égal."),
    **_pair("bad_sdg", "“{item}” is not a Sustainable Development Goal number.",
            "« {item} » n'est pas un numéro d'Objectif de développement durable.",
            "Write numbers from 1 to 17 separated by semicolons, e.g. 13; 14.",
            "Écrivez des numéros de 1 à 17 séparés par des points-virgules, par exemple 13; 14."),
    **_pair("too_long", "The text is too long ({length} characters).", "Le texte est trop long ({length} caractères).",
            "Shorten it to {limit} characters at most.", "Raccourcissez-le à {limit} caractères au plus."),
    **_pair("unknown_project", "No project has this code.", "Aucun projet n'a ce code.",
            "Use the code of a stored project, or upload the project first (kind “projects”).",
            "Utilisez le code d'un projet existant, ou importez d'abord le projet (type « projets »)."),
    **_pair("unknown_project_near", "No project has this code.", "Aucun projet n'a ce code.",
            "Did you mean: {suggestions}? Otherwise upload the project first (kind “projects”).",
            "Vouliez-vous dire : {suggestions} ? Sinon importez d'abord le projet (type « projets »)."),
    **_pair("unknown_partner", "No partner has this name or acronym.", "Aucun partenaire n'a ce nom ou ce sigle.",
            "Use a stored partner's name, or add the partner first (kind “partners”).",
            "Utilisez le nom d'un partenaire existant, ou ajoutez d'abord le partenaire (type « partenaires »)."),
    **_pair("unknown_partner_near", "No partner has exactly this name.", "Aucun partenaire ne porte exactement ce nom.",
            "Did you mean: {suggestions}? Write the name as stored, or add the partner first.",
            "Vouliez-vous dire : {suggestions} ? Écrivez le nom tel qu'enregistré, ou ajoutez d'abord le partenaire."),
    **_pair("partner_other_name", "Another name of a stored partner: {partner}.",
            "Autre nom d'un partenaire existant : {partner}.",
            "Write its stored name to update it, or yes in new_partner if it is another organisation.",
            "Écrivez son nom enregistré pour le mettre à jour, ou oui dans nouveau_partenaire s'il s'agit d'une "
            "autre organisation."),
    **_pair("alias_taken", "This alias already names {partner}.", "Cet autre nom désigne déjà {partner}.",
            "Remove it here, or from that partner first.", "Retirez-le ici, ou d'abord de ce partenaire."),
    **_pair("near_duplicate_partner", "This name is very close to a stored partner: {suggestions}.",
            "Ce nom est très proche d'un partenaire existant : {suggestions}.",
            "To update that partner, write its name as stored; if it really is another organisation, write yes "
            "in the column new_partner.",
            "Pour mettre à jour ce partenaire, écrivez son nom tel qu'enregistré ; s'il s'agit vraiment d'une autre "
            "organisation, écrivez oui dans la colonne nouveau_partenaire."),
    **_pair("unknown_indicator", "Project {project} has no indicator with this code.",
            "Le projet {project} n'a pas d'indicateur portant ce code.",
            "Use an indicator code of that project, or upload the indicator first (kind “indicators”).",
            "Utilisez un code d'indicateur de ce projet, ou importez d'abord l'indicateur (type « indicateurs »)."),
    **_pair("unknown_indicator_near", "Project {project} has no indicator with this code.",
            "Le projet {project} n'a pas d'indicateur portant ce code.",
            "Did you mean: {suggestions}? Otherwise upload the indicator first (kind “indicators”).",
            "Vouliez-vous dire : {suggestions} ? Sinon importez d'abord l'indicateur (type « indicateurs »)."),
    **_pair("unknown_objective", "Unknown strategic objective “{item}”.", "Objectif stratégique « {item} » inconnu.",
            "Use one of: {known}.", "Utilisez l'un de ces codes : {known}."),
    # Indicators: what a value to date means (dashboard.importing.indicator_rules)
    **_pair("percent_unit_number", "The unit “{unit}” is not a count, but the measure says number: its values "
            "would be added up across periods (52% then 61% would make 113%).",
            "L'unité « {unit} » n'est pas un décompte, mais la mesure dit nombre : ses valeurs seraient "
            "additionnées d'une période à l'autre (52\u00a0% puis 61\u00a0% feraient 113\u00a0%).",
            "Write {measure} in the measure column (its value to date is then the latest value), or another unit "
            "if this really is a count.",
            "Écrivez {measure} dans la colonne mesure (sa valeur à date est alors la dernière valeur), ou une "
            "autre unité s'il s'agit vraiment d'un décompte."),
    **_pair("sum_not_additive", "An indicator of measure {measure} is never added up across periods (52% then "
            "61% is not 113%; a ratio of 1.5 then 2 is not 3.5).",
            "Un indicateur de mesure « {measure} » ne s'additionne jamais d'une période à l'autre (52\u00a0% "
            "puis 61\u00a0% ne font pas 113\u00a0% ; un ratio de 1,5 puis 2 ne fait pas 3,5).",
            "Leave the aggregation blank or write latest: its value to date is its latest value. Only a count "
            "(measure number) can be a sum of periods.",
            "Laissez l'agrégation vide ou écrivez derniere : sa valeur à date est sa dernière valeur. Seul un "
            "décompte (mesure nombre) peut être une somme de périodes."),
    **_pair("sum_of_running_total", "A running total (cumulative: yes) cannot be summed across periods.",
            "Un cumul (cumulatif : oui) ne s'additionne pas d'une période à l'autre.",
            "Write latest in the aggregation column, or no in cumulative if each value is the period's own count.",
            "Écrivez derniere dans la colonne agrégation, ou non dans cumulatif si chaque valeur est le décompte "
            "de sa seule période."),
    **_pair("latest_of_periodic", "The aggregation says latest but cumulative says no: a count reported period "
            "by period adds up.",
            "L'agrégation dit derniere mais cumulatif dit non : un décompte par période s'additionne.",
            "Write yes in cumulative if each value is a running total, or sum in the aggregation column.",
            "Écrivez oui dans cumulatif si chaque valeur est un cumul, ou somme dans la colonne agrégation."),
    **_pair("direction_contradicts", "The direction says {direction}, but the baseline ({baseline}) and the "
            "target ({target}) say {implied}.",
            "Le sens dit {direction}, mais la valeur de référence ({baseline}) et la cible ({target}) disent "
            "{implied}.",
            "Write {implied} in the direction column, or leave it blank (the target then decides); or correct the "
            "baseline or the target.",
            "Écrivez {implied} dans la colonne sens, ou laissez-la vide (la cible décide alors) ; ou corrigez la "
            "valeur de référence ou la cible."),
    **_pair("percent_fraction", "{value} looks like a fraction; this indicator's other figures are in percent "
            "({other}).",
            "{value} ressemble à une fraction ; les autres chiffres de cet indicateur sont en pour cent ({other}).",
            "Write {suggested} (for {percent}): one scale per indicator.",
            "Écrivez {suggested} (pour {percent}) : une seule échelle par indicateur."),
    **_pair("percent_scale_indicator", "{value} is in percent, but this indicator's baseline and target are "
            "stored as fractions of one ({other}).",
            "{value} est en pour cent, mais la référence et la cible de cet indicateur sont enregistrées en "
            "fractions de un ({other}).",
            "Upload the indicator again with its baseline and target in percent ({suggested} for {other}), then "
            "these values.",
            "Déposez à nouveau l'indicateur avec sa référence et sa cible en pour cent ({suggested} pour "
            "{other}), puis ces valeurs."),
    **_pair("duplicate_key", "Same {key} as row {first_row}: the file describes this record twice.",
            "Même {key} que la ligne {first_row} : le fichier décrit deux fois cet enregistrement.",
            "Keep one of the two rows, or change what tells them apart.",
            "Gardez une seule des deux lignes, ou modifiez ce qui les distingue."),
    **_pair("key_taken", "Another record already has this {key}: {value}.",
            "Un autre enregistrement a déjà ce {key} : {value}.",
            "Open that record to change it, or change what tells the two apart.",
            "Ouvrez cet enregistrement pour le modifier, ou changez ce qui les distingue."),
    # Undo
    "import.undo.not_found": {"en": "There is no import batch #{batch}.",
                              "fr": "Il n'y a pas de lot d'import n° {batch}."},
    "import.undo.already_undone": {"en": "Import batch #{batch} has already been undone.",
                                   "fr": "Le lot d'import n° {batch} a déjà été annulé."},
    "import.undo.nothing": {"en": "Import batch #{batch} changed nothing; there is nothing to undo.",
                            "fr": "Le lot d'import n° {batch} n'a rien modifié ; il n'y a rien à annuler."},
    "import.undo.later_batch": {
        "en": "Batch #{batch} cannot be undone: later changes touched the same records ({later}). "
              "Undo those first, newest first.",
        "fr": "Le lot n° {batch} ne peut pas être annulé : des modifications ultérieures portent sur les mêmes "
              "enregistrements ({later}). Annulez-les d'abord, en commençant par la plus récente."},
    "import.undo.other_edits": {"en": "edits made outside uploads", "fr": "modifications faites hors import"},
    "import.undo.changed_since": {
        "en": "Batch #{batch} cannot be undone: record {record} has been changed since. Nothing was undone.",
        "fr": "Le lot n° {batch} ne peut pas être annulé : l'enregistrement {record} a été modifié depuis. "
              "Rien n'a été annulé."},
    "import.undo.dependents": {
        "en": "Batch #{batch} cannot be undone: {count} records added since ({table}) refer to what it created. "
              "Undo or remove those first.",
        "fr": "Le lot n° {batch} ne peut pas être annulé : {count} enregistrements ajoutés depuis ({table}) "
              "renvoient à ce qu'il a créé. Annulez-les ou supprimez-les d'abord."},
    "import.undo.done": {"en": "Batch #{batch} undone: {deleted} records removed, {restored} restored.",
                         "fr": "Lot n° {batch} annulé : {deleted} enregistrements supprimés, {restored} rétablis."},
}

MESSAGES.update({
    "import.template.suffix": {"en": "template", "fr": "modele"},
    "import.template.workbook": {"en": "portfolio", "fr": "portefeuille"},
    "upload.workbook_note": {
        "en": "One workbook, one sheet per kind, each named after what it holds (partners, projects, budgets… "
              "or in French). The sheets are imported together in one batch, so a budget line may refer to a "
              "project created by the same workbook. The template below has every sheet and a “columns” sheet.",
        "fr": "Un classeur, une feuille par type, nommée d'après son contenu (partenaires, projets, budgets… ou "
              "en anglais). Les feuilles sont importées ensemble en un seul lot : une ligne budgétaire peut "
              "renvoyer à un projet créé par le même classeur. Le modèle ci-dessous contient toutes les feuilles "
              "et une feuille « colonnes »."},
    "import.template.header": {"en": "Column", "fr": "Colonne"},
    "import.template.other_header": {"en": "French header", "fr": "En-tête anglais"},
    "import.template.required": {"en": "Required", "fr": "Obligatoire"},
    "import.template.type": {"en": "Type", "fr": "Type"},
    "import.template.allowed": {"en": "Allowed values", "fr": "Valeurs admises"},
    "import.template.description": {"en": "Description", "fr": "Description"},
    "import.template.example": {"en": "Example", "fr": "Exemple"},
    "import.template.key_part": {"en": "Part of the key.", "fr": "Fait partie de la clé."},
    "import.template.list": {"en": "Several values separated by “{separator}”.",
                             "fr": "Plusieurs valeurs séparées par « {separator} »."},
    "import.template.key_note": {
        "en": "A row is identified by {key}: uploading a row with the same key again updates that record instead of "
              "adding a copy. An empty cell leaves the stored value as it is. Dates: DD/MM/YYYY or YYYY-MM-DD.",
        "fr": "Une ligne est identifiée par {key} : déposer à nouveau une ligne de même clé met à jour "
              "l'enregistrement au lieu d'en ajouter une copie. Une cellule vide laisse la valeur enregistrée "
              "telle quelle. Dates : JJ/MM/AAAA ou AAAA-MM-JJ."},
    "import.type.text": {"en": "text", "fr": "texte"},
    "import.type.number": {"en": "number", "fr": "nombre"},
    "import.type.integer": {"en": "whole number", "fr": "nombre entier"},
    "import.type.date": {"en": "date", "fr": "date"},
    "import.type.boolean": {"en": "yes / no", "fr": "oui / non"},
    "import.type.choice": {"en": "one of a list", "fr": "valeur d'une liste"},
    "import.type.country": {"en": "country", "fr": "pays"},
    "import.type.currency": {"en": "currency code", "fr": "code devise"},
    "import.type.partner": {"en": "stored partner", "fr": "partenaire existant"},
    "import.type.project": {"en": "stored project code", "fr": "code de projet existant"},
    "import.type.indicator": {"en": "indicator code of the project", "fr": "code d'indicateur du projet"},
    "import.type.text_list": {"en": "list of texts", "fr": "liste de textes"},
    "import.type.sdg_list": {"en": "list of SDG numbers", "fr": "liste de numéros d'ODD"},
    "import.type.choice_list": {"en": "list of values", "fr": "liste de valeurs"},
    "import.type.objective_list": {"en": "list of objective codes", "fr": "liste de codes d'objectifs"},
    "import.type.country_shares": {"en": "countries with shares", "fr": "pays avec parts"},
})

MESSAGES.update({
    "import.status.committed": {"en": "committed", "fr": "appliqué"},
    "import.status.undone": {"en": "undone", "fr": "annulé"},
    "import.cli.cannot_read": {"en": "cannot read {file}: {error}", "fr": "impossible de lire {file} : {error}"},
    "import.cli.unknown_user": {"en": "no active account named {user}", "fr": "aucun compte actif nommé {user}"},
    "import.cli.denied": {"en": "{user} may not upload files", "fr": "{user} n'a pas le droit de déposer des fichiers"},
    "import.cli.denied_undo": {"en": "{user} may not undo batch #{batch}",
                               "fr": "{user} n'a pas le droit d'annuler le lot n° {batch}"},
    "import.cli.more_problems": {"en": "… and {count} more problems", "fr": "… et {count} autres problèmes"},
    "import.cli.working": {
        "en": "{file}: reading and checking… (Ctrl-C stops it; nothing is written then)",
        "fr": "{file} : lecture et vérification… (Ctrl-C l'arrête ; rien n'est alors enregistré)",
    },
    "import.cli.interrupted": {
        "en": "{file}: interrupted (Ctrl-C); nothing was written.",
        "fr": "{file} : interrompu (Ctrl-C) ; rien n'a été enregistré.",
    },
    "import.cli.sheet_read": {"en": "Read sheet “{sheet}”; other sheets not read: {others} (name one with --sheet).",
                              "fr": "Feuille lue : « {sheet} » ; autres feuilles non lues : {others} (nommez-en une "
                                    "avec --sheet)."},
    "import.cli.sheets": {"en": "Read sheet “{sheet}”; hidden sheets not read: {hidden} (name one with --sheet).",
                          "fr": "Feuille lue : « {sheet} » ; feuilles masquées non lues : {hidden} (nommez-en une "
                                "avec --sheet)."},
    "import.cli.refused": {
        "en": "{file} refused, nothing written: problems to fix {problems}, rows rejected {rejected}.",
        "fr": "{file} refusé, rien n'a été enregistré : problèmes à corriger {problems}, lignes rejetées {rejected}."},
    "import.cli.dry_run": {
        "en": "{file} would be applied: {created} created, {updated} updated, {unchanged} unchanged (dry run, "
              "nothing written).",
        "fr": "{file} serait appliqué : {created} créés, {updated} mis à jour, {unchanged} inchangés (essai, rien "
              "n'a été enregistré)."},
    "import.cli.applied": {
        "en": "{file} applied as batch #{batch}: {created} created, {updated} updated, {unchanged} unchanged.",
        "fr": "{file} appliqué (lot n° {batch}) : {created} créés, {updated} mis à jour, {unchanged} inchangés."},
    "import.cli.nothing": {
        "en": "{file}: nothing to change ({unchanged} rows already as in the file).",
        "fr": "{file} : rien à modifier ({unchanged} lignes déjà conformes au fichier)."},
    "import.cli.xlsx_to_terminal": {"en": "a workbook cannot be printed: use -o FILE.xlsx",
                                    "fr": "un classeur ne s'affiche pas : utilisez -o FICHIER.xlsx"},
    "import.cli.template_written": {"en": "template written to {file}; column descriptions in {columns}",
                                    "fr": "modèle écrit dans {file} ; description des colonnes dans {columns}"},
    "import.cli.template_written_xlsx": {"en": "template written to {file}", "fr": "modèle écrit dans {file}"},
    "import.cli.no_history": {"en": "no import batch yet", "fr": "aucun lot d'import pour l'instant"},
    "import.cli.history_line": {
        "en": "#{batch}  {at}  {user}  {kind}  {file}  created {created}, updated {updated}, unchanged {unchanged}  "
              "[{status}]",
        "fr": "n° {batch}  {at}  {user}  {kind}  {file}  créés {created}, mis à jour {updated}, inchangés "
              "{unchanged}  [{status}]"},
})

MESSAGES.update({
    "upload.title": {"en": "Upload data", "fr": "Déposer des données"},
    "upload.caption": {
        "en": "Bring the portfolio up to date from a CSV or Excel file (at most {limit} MB). Nothing is written "
              "before you confirm, and a file with any rejected row is not applied at all.",
        "fr": "Mettez le portefeuille à jour depuis un fichier CSV ou Excel ({limit} Mo au plus). Rien n'est "
              "enregistré avant votre confirmation, et un fichier dont une ligne est rejetée n'est pas appliqué."},
    "upload.kind": {"en": "What does the file hold?", "fr": "Que contient le fichier ?"},
    "upload.kind.partners": {"en": "Partners", "fr": "Partenaires"},
    "upload.kind.projects": {"en": "Projects", "fr": "Projets"},
    "upload.kind.roles": {"en": "Roles of partners in projects", "fr": "Rôles des partenaires dans les projets"},
    "upload.kind.budgets": {"en": "Budget lines", "fr": "Lignes budgétaires"},
    "upload.kind.spending": {"en": "Spending", "fr": "Dépenses"},
    "upload.kind.indicators": {"en": "Indicators", "fr": "Indicateurs"},
    "upload.kind.indicator-values": {"en": "Indicator values", "fr": "Valeurs des indicateurs"},
    "upload.kind.reviews": {"en": "Partnership reviews", "fr": "Revues de partenariat"},
    "upload.kind.rates": {"en": "Exchange rates", "fr": "Taux de change"},
    "upload.kind.workbook": {"en": "Several kinds: an Excel workbook, one sheet per kind",
                             "fr": "Plusieurs types : un classeur Excel, une feuille par type"},
    "upload.template.title": {"en": "Template and columns", "fr": "Modèle et colonnes"},
    "upload.template.csv": {"en": "CSV template", "fr": "Modèle CSV"},
    "upload.template.xlsx": {"en": "Excel template", "fr": "Modèle Excel"},
    "upload.file": {"en": "CSV or Excel file (at most {limit} MB)", "fr": "Fichier CSV ou Excel ({limit} Mo au plus)"},
    "upload.widget_hint": {
        "en": "Click Upload, or drag and drop the file onto the box: {limit} MB at most per file, as {types}.",
        "fr": "Cliquez sur « Upload » ou glissez-déposez le fichier dans le cadre : {limit} Mo au plus par fichier, "
              "au format {types}.",
    },
    "upload.checking": {"en": "Checking the file…", "fr": "Vérification du fichier…"},
    "upload.writing": {"en": "Writing…", "fr": "Enregistrement…"},
    "upload.elapsed": {"en": "{seconds} s so far. Cancel stops it and writes nothing; so does leaving the page.",
                       "fr": "{seconds} s écoulées. Annuler l'arrête sans rien enregistrer ; quitter la page aussi."},
    "upload.cancel": {"en": "Cancel", "fr": "Annuler"},
    "upload.cancelled": {"en": "Cancelled: nothing of this file was written.",
                         "fr": "Annulé : rien de ce fichier n'a été enregistré."},
    "upload.check_again": {"en": "Check the file again", "fr": "Vérifier à nouveau le fichier"},
    "upload.preview": {"en": "Preview", "fr": "Aperçu"},
    "upload.read_as": {"en": "Read as: {detail}", "fr": "Lu comme : {detail}"},
    "upload.sheet": {"en": "Sheet read", "fr": "Feuille lue"},
    "upload.sheet_hidden": {"en": "{sheet} (hidden)", "fr": "{sheet} (masquée)"},
    "upload.sheet_help": {
        "en": "The workbook has several sheets: the preview reads the visible sheet named after the kind, else "
              "the first visible sheet. Hidden sheets are read only when you pick one here.",
        "fr": "Le classeur a plusieurs feuilles : l'aperçu lit la feuille visible qui porte le nom du type, sinon "
              "la première feuille visible. Une feuille masquée n'est lue que si vous la choisissez ici.",
    },
    "upload.hidden_not_read": {"en": "Hidden sheets not read: {sheets}.",
                               "fr": "Feuilles masquées non lues : {sheets}."},
    "upload.created": {"en": "To create", "fr": "À créer"},
    "upload.updated": {"en": "To update", "fr": "À mettre à jour"},
    "upload.unchanged": {"en": "Unchanged", "fr": "Inchangés"},
    "upload.rejected": {"en": "Rejected rows", "fr": "Lignes rejetées"},
    "upload.same_file": {"en": "This very file was already imported as batch #{batch}.",
                         "fr": "Ce même fichier a déjà été importé (lot n° {batch})."},
    "upload.refused": {"en": "The file cannot be applied: {count} problems to fix. Nothing has been written.",
                       "fr": "Le fichier ne peut pas être appliqué : {count} problèmes à corriger. Rien n'a été "
                             "enregistré."},
    "upload.refused.one": {"en": "The file cannot be applied: {count} problem to fix. Nothing has been written.",
                           "fr": "Le fichier ne peut pas être appliqué : {count} problème à corriger. Rien n'a été "
                                 "enregistré."},
    "upload.more_problems": {"en": "The first {shown} of {count} problems are listed.",
                             "fr": "Les {shown} premiers des {count} problèmes sont listés."},
    "upload.rejected_download": {"en": "The rejected rows, with an error column, to correct and upload again:",
                                 "fr": "Les lignes rejetées, avec une colonne d'erreurs, à corriger et redéposer :"},
    "upload.rejected_suffix": {"en": "rejected", "fr": "rejets"},
    "upload.changes": {"en": "Changes, field by field", "fr": "Modifications, champ par champ"},
    "upload.changes_cut": {"en": "The first {shown} of {count} records created or updated are shown.",
                           "fr": "Les {shown} premiers des {count} enregistrements créés ou mis à jour sont affichés."},
    "upload.nothing_to_change": {"en": "Everything in this file is already stored: nothing to change.",
                                 "fr": "Tout le contenu de ce fichier est déjà enregistré : rien à modifier."},
    "upload.confirm": {"en": "Confirm: create {created}, update {updated}",
                       "fr": "Confirmer : créer {created}, mettre à jour {updated}"},
    "upload.committed": {"en": "Applied as batch #{batch}: {created} created, {updated} updated.",
                         "fr": "Appliqué (lot n° {batch}) : {created} créés, {updated} mis à jour."},
    "upload.history": {"en": "Import history", "fr": "Historique des imports"},
    "upload.history_empty": {"en": "No file imported yet.", "fr": "Aucun fichier importé pour l'instant."},
    "upload.history_line": {
        "en": "#{batch} · {at} · {user} · {kind} · {file} · created {created}, updated {updated}, unchanged "
              "{unchanged} · {status}",
        "fr": "n° {batch} · {at} · {user} · {kind} · {file} · créés {created}, mis à jour {updated}, inchangés "
              "{unchanged} · {status}"},
    "upload.undo": {"en": "Undo", "fr": "Annuler"},
    "upload.undo_denied": {"en": "You may not undo batch #{batch}.",
                           "fr": "Vous ne pouvez pas annuler le lot n° {batch}."},
})
