"""Strings of the standard files: IATI activity XML and SCDL grant files (dashboard/standards)."""

MESSAGES: dict[str, dict[str, str]] = {
    "standards.label.line": {"en": "Line {line}", "fr": "Ligne {line}"},
    # --- IATI: the whole file refused -------------------------------------------------------------------
    "standards.iati.error.empty": {
        "en": "The file is empty.",
        "fr": "Le fichier est vide.",
    },
    "standards.iati.error.not_xml": {
        "en": "This is not an XML file, so not an IATI activity file ({detail}). Upload the .xml file the "
              "publisher (or the IATI Registry) provides.",
        "fr": "Ce n'est pas un fichier XML, donc pas un fichier d'activités IATI ({detail}). Déposez le fichier "
              ".xml fourni par l'éditeur des données (ou le registre IATI).",
    },
    "standards.iati.error.malformed": {
        "en": "The XML is broken here, so nothing of the file was read ({detail}). The file may be cut short or "
              "edited by hand: download it again from its source.",
        "fr": "Le XML est cassé à cet endroit, rien du fichier n'a donc été lu ({detail}). Le fichier est peut-"
              "être tronqué ou modifié à la main : téléchargez-le de nouveau depuis sa source.",
    },
    "standards.iati.error.doctype": {
        "en": "The file declares a DOCTYPE or entities. IATI files never do, and such declarations are how XML "
              "attacks (entity-expansion bombs, reading files of the server) work: the file is refused unread.",
        "fr": "Le fichier déclare un DOCTYPE ou des entités. Les fichiers IATI n'en déclarent jamais, et c'est "
              "par ces déclarations que passent les attaques XML (bombes d'expansion d'entités, lecture de "
              "fichiers du serveur) : le fichier est refusé sans être lu.",
    },
    "standards.iati.error.namespace": {
        "en": "The root element <{root}> is in the XML namespace {namespace}; IATI activity files use no "
              "namespace for their own elements. This is another kind of file.",
        "fr": "L'élément racine <{root}> est dans l'espace de noms XML {namespace} ; les fichiers d'activités "
              "IATI n'en utilisent pas pour leurs propres éléments. C'est un autre type de fichier.",
    },
    "standards.iati.error.organisation_file": {
        "en": "This is an IATI organisation file (<iati-organisations>), not an activity file. Upload the "
              "publisher's activity file (<iati-activities>).",
        "fr": "C'est un fichier d'organisation IATI (<iati-organisations>), pas un fichier d'activités. Déposez "
              "le fichier d'activités de l'éditeur (<iati-activities>).",
    },
    "standards.iati.error.not_iati": {
        "en": "The root element is <{root}>, not <iati-activities>: this is not an IATI activity file.",
        "fr": "L'élément racine est <{root}> et non <iati-activities> : ce n'est pas un fichier d'activités IATI.",
    },
    "standards.iati.error.no_version": {
        "en": "The file does not say which IATI version it follows (the version attribute of "
              "<iati-activities> is required). Ask the publisher for a file that states it.",
        "fr": "Le fichier n'indique pas la version IATI qu'il suit (l'attribut version de <iati-activities> est "
              "obligatoire). Demandez à l'éditeur un fichier qui l'indique.",
    },
    "standards.iati.error.version_1": {
        "en": "This file follows IATI version {version}. Versions 1.x are retired and are not read: ask the "
              "publisher for the same data in version 2.01 or later.",
        "fr": "Ce fichier suit la version IATI {version}. Les versions 1.x ne sont plus en usage et ne sont pas "
              "lues : demandez à l'éditeur les mêmes données en version 2.01 ou ultérieure.",
    },
    "standards.iati.error.version_unknown": {
        "en": "IATI version {version} is not one the product reads ({versions}).",
        "fr": "La version IATI {version} n'est pas une de celles que le produit lit ({versions}).",
    },
    "standards.iati.error.no_activities": {
        "en": "The file holds no <iati-activity>.",
        "fr": "Le fichier ne contient aucune <iati-activity>.",
    },
    # --- IATI: an item that cannot be imported (the upload is refused) -----------------------------------
    "standards.iati.error.no_identifier": {
        "en": "This activity has no <iati-identifier>: it cannot be told apart from the others, so it cannot be "
              "imported.",
        "fr": "Cette activité n'a pas d'<iati-identifier> : impossible de la distinguer des autres, elle ne peut "
              "donc pas être importée.",
    },
    "standards.iati.error.no_value": {
        "en": "No <value>: the amount is missing.",
        "fr": "Pas de <value> : le montant manque.",
    },
    "standards.iati.error.not_a_number": {
        "en": "The amount {value!r} is not a number as IATI writes it (digits with a dot for decimals, no "
              "spaces, commas or currency signs).",
        "fr": "Le montant {value!r} n'est pas un nombre écrit à la manière IATI (chiffres, point décimal, sans "
              "espace, virgule ni symbole monétaire).",
    },
    "standards.iati.error.no_currency": {
        "en": "The amount has no currency, and the activity gives no default-currency.",
        "fr": "Le montant n'a pas de devise et l'activité n'indique pas de devise par défaut (default-currency).",
    },
    "standards.iati.error.unknown_currency": {
        "en": "{currency} is not a currency of the IATI Currency codelist (ISO 4217).",
        "fr": "{currency} n'est pas une devise de la liste de codes IATI Currency (ISO 4217).",
    },
    "standards.iati.error.bad_date": {
        "en": "{value!r} is not a date written YYYY-MM-DD.",
        "fr": "{value!r} n'est pas une date écrite AAAA-MM-JJ.",
    },
    "standards.iati.error.no_period": {
        "en": "The period start or end is missing: the standard requires both.",
        "fr": "Le début ou la fin de la période manque : la norme exige les deux.",
    },
    "standards.iati.error.period_reversed": {
        "en": "The period ends ({end}) before it starts ({start}).",
        "fr": "La période se termine ({end}) avant de commencer ({start}).",
    },
    "standards.iati.error.no_transaction_date": {
        "en": "The transaction has no date (transaction-date, nor a value-date).",
        "fr": "L'opération n'a pas de date (ni transaction-date, ni value-date).",
    },
    # --- IATI: warnings (listed, the rest still imported) -----------------------------------------------
    "standards.iati.warning.missing_code": {
        "en": "The {attribute} code is missing.",
        "fr": "Le code {attribute} manque.",
    },
    "standards.iati.warning.unknown_code": {
        "en": "{code!r} is not a code of the IATI {codelist} codelist; it is kept as written.",
        "fr": "{code!r} n'est pas un code de la liste IATI {codelist} ; il est gardé tel quel.",
    },
    "standards.iati.warning.text_outside_narrative": {
        "en": "The text is written straight in the element instead of in <narrative> (the IATI 1.x way); it is "
              "read as one narrative.",
        "fr": "Le texte est écrit directement dans l'élément au lieu d'une <narrative> (à la manière IATI 1.x) ; "
              "il est lu comme une narrative.",
    },
    "standards.iati.warning.no_value_date": {
        "en": "The amount has no value-date (the date of its exchange rate); the date of the transaction or the "
              "start of the period is used instead.",
        "fr": "Le montant n'a pas de value-date (la date de son taux de change) ; la date de l'opération ou le "
              "début de la période la remplace.",
    },
    "standards.iati.warning.bad_percentage": {
        "en": "The percentage {value!r} is not a number from 0 to 100; the item is read without it.",
        "fr": "Le pourcentage {value!r} n'est pas un nombre de 0 à 100 ; l'élément est lu sans lui.",
    },
    "standards.iati.warning.date_skipped": {
        "en": "This activity date has no valid type or iso-date; it is left out.",
        "fr": "Cette date d'activité n'a pas de type ou d'iso-date valide ; elle est laissée de côté.",
    },
    "standards.iati.warning.organisation_skipped": {
        "en": "This participating organisation has no role, or neither a ref nor a name; it is left out.",
        "fr": "Cette organisation participante n'a pas de rôle, ou ni ref ni nom ; elle est laissée de côté.",
    },
    "standards.iati.warning.null_island": {
        "en": "The point '0 0' lies in the Gulf of Guinea, usually a blank read as zero; the place is read "
              "without coordinates. Ask the publisher to give the place's real point, or none when it is unknown.",
        "fr": "Le point « 0 0 » est dans le golfe de Guinée, le plus souvent un champ vide lu comme zéro ; le lieu "
              "est lu sans coordonnées. Demandez à l'éditeur le point réel du lieu, ou aucun s'il est inconnu.",
    },
    "standards.iati.warning.bad_pos": {
        "en": "The point {value!r} is not 'latitude longitude' in decimal degrees; the place is read without "
              "coordinates.",
        "fr": "Le point {value!r} n'est pas « latitude longitude » en degrés décimaux ; le lieu est lu sans "
              "coordonnées.",
    },
    "standards.iati.warning.transaction_type_skipped": {
        "en": "Transaction type {code!r} is not one of the TransactionType codelist: the product cannot tell "
              "whether this money was received, spent or promised, so the transaction is left out.",
        "fr": "Le type d'opération {code!r} n'est pas dans la liste TransactionType : le produit ne peut pas "
              "savoir si cet argent a été reçu, dépensé ou promis, l'opération est donc laissée de côté.",
    },
    "standards.iati.warning.transaction_date_from_value_date": {
        "en": "The transaction has no transaction-date; its value-date is taken as its date.",
        "fr": "L'opération n'a pas de transaction-date ; sa value-date est prise comme date.",
    },
    "standards.iati.warning.result_period_skipped": {
        "en": "This result period has no valid start and end dates; it is left out.",
        "fr": "Cette période de résultat n'a pas de dates de début et de fin valides ; elle est laissée de côté.",
    },
    # --- IATI: findings of the shipped 2.03 schema -------------------------------------------------------
    "standards.iati.schema.missing_child": {
        "en": "Schema 2.03: <{element}> lacks a required child ({expected}).",
        "fr": "Schéma 2.03 : il manque à <{element}> un enfant obligatoire ({expected}).",
    },
    "standards.iati.schema.unexpected_element": {
        "en": "Schema 2.03: <{element}> is not expected here (expected: {expected}).",
        "fr": "Schéma 2.03 : <{element}> n'est pas attendu ici (attendu : {expected}).",
    },
    "standards.iati.schema.unexpected_element_here": {
        "en": "Schema 2.03: <{element}> is not expected here.",
        "fr": "Schéma 2.03 : <{element}> n'est pas attendu ici.",
    },
    "standards.iati.schema.missing_attribute": {
        "en": "Schema 2.03: <{element}> lacks its required attribute {attribute}.",
        "fr": "Schéma 2.03 : il manque à <{element}> son attribut obligatoire {attribute}.",
    },
    "standards.iati.schema.attribute_not_allowed": {
        "en": "Schema 2.03: <{element}> may not have the attribute {attribute}.",
        "fr": "Schéma 2.03 : <{element}> ne peut pas avoir l'attribut {attribute}.",
    },
    "standards.iati.schema.bad_attribute_value": {
        "en": "Schema 2.03: {attribute}={value!r} of <{element}> is not a valid {type}.",
        "fr": "Schéma 2.03 : {attribute}={value!r} de <{element}> n'est pas un {type} valide.",
    },
    "standards.iati.schema.bad_value": {
        "en": "Schema 2.03: the content {value!r} of <{element}> is not a valid {type}.",
        "fr": "Schéma 2.03 : le contenu {value!r} de <{element}> n'est pas un {type} valide.",
    },
    "standards.iati.schema.other": {
        "en": "Schema 2.03: {detail}",
        "fr": "Schéma 2.03 (message de l'outil de validation, en anglais) : {detail}",
    },
}

MESSAGES.update({
    # --- SCDL grant files ---------------------------------------------------------------------------------
    "standards.scdl.error.missing_columns": {
        "en": "This does not look like an SCDL grant file: no column for {columns} (columns found: {found}).",
        "fr": "Ce fichier ne ressemble pas à un fichier de subventions SCDL : aucune colonne pour {columns} "
              "(colonnes trouvées : {found}).",
    },
    "standards.scdl.error.not_a_number": {
        "en": "{value!r} is not an amount.",
        "fr": "{value!r} n'est pas un montant.",
    },
    "standards.scdl.error.no_amount": {
        "en": "The grant has no amount (montant).",
        "fr": "La subvention n'a pas de montant.",
    },
    "standards.scdl.error.negative_amount": {
        "en": "The amount {value} is negative.",
        "fr": "Le montant {value} est négatif.",
    },
    "standards.scdl.error.no_authority": {
        "en": "The awarding authority is missing (nomAttribuant, idAttribuant).",
        "fr": "L'attribuant manque (nomAttribuant, idAttribuant).",
    },
    "standards.scdl.error.no_beneficiary": {
        "en": "The beneficiary's name is missing (nomBeneficiaire).",
        "fr": "Le nom du bénéficiaire manque (nomBeneficiaire).",
    },
    "standards.scdl.warning.missing_column": {
        "en": "The schema requires a column {column}; the file has none (its rows are read without it).",
        "fr": "Le schéma exige une colonne {column} ; le fichier n'en a pas (ses lignes sont lues sans elle).",
    },
    "standards.scdl.warning.required_empty": {
        "en": "The schema requires a value here; the cell is empty.",
        "fr": "Le schéma exige une valeur ici ; la cellule est vide.",
    },
    "standards.scdl.warning.too_long": {
        "en": "The text is {length} characters long; the schema allows {limit}.",
        "fr": "Le texte compte {length} caractères ; le schéma en autorise {limit}.",
    },
    "standards.scdl.warning.choice_spelling": {
        "en": "{value!r} is read as {read!r}, the schema's spelling.",
        "fr": "{value!r} est lu comme {read!r}, l'écriture du schéma.",
    },
    "standards.scdl.warning.not_allowed": {
        "en": "{value!r} is not one of the schema's values ({allowed}); it is left out.",
        "fr": "{value!r} n'est pas une des valeurs du schéma ({allowed}) ; la valeur est laissée de côté.",
    },
    "standards.scdl.warning.not_a_date": {
        "en": "{value!r} is not a date; it is left out.",
        "fr": "{value!r} n'est pas une date ; elle est laissée de côté.",
    },
    "standards.scdl.warning.date_format": {
        "en": "The date {value!r} is read as {read} (the schema writes dates YYYY-MM-DD).",
        "fr": "La date {value!r} est lue comme {read} (le schéma écrit les dates AAAA-MM-JJ).",
    },
    "standards.scdl.warning.damaged_siret_column": {
        "en": "Most SIRET numbers of column {column} fail their check digit (a spreadsheet probably rounded "
              "them as numbers): none of them is used; partners are matched by name.",
        "fr": "La plupart des numéros SIRET de la colonne {column} ont une clé de contrôle fausse (un tableur "
              "les a sans doute arrondis comme des nombres) : aucun n'est utilisé ; les partenaires sont "
              "rapprochés par leur nom.",
    },
    "standards.scdl.warning.bad_siret": {
        "en": "{value} is not a valid SIRET (14 digits with a correct check digit); it is not kept, the partner "
              "is matched by name.",
        "fr": "{value} n'est pas un SIRET valide (14 chiffres avec une clé de contrôle juste) ; il n'est pas "
              "gardé, le partenaire est rapproché par son nom.",
    },
    "standards.scdl.warning.siret_as_number": {
        "en": "The SIRET is written as a number ({value}); save the column as text so no digit is lost.",
        "fr": "Le SIRET est écrit comme un nombre ({value}) ; enregistrez la colonne en texte pour ne perdre "
              "aucun chiffre.",
    },
    "standards.scdl.warning.bad_rna": {
        "en": "{value!r} is not an RNA number (W followed by 9 digits); it is not kept.",
        "fr": "{value!r} n'est pas un numéro RNA (W suivi de 9 chiffres) ; il n'est pas gardé.",
    },
    "standards.scdl.warning.not_a_year": {
        "en": "{value!r} is not a year.",
        "fr": "{value!r} n'est pas une année.",
    },
    "standards.scdl.warning.share_as_percent": {
        "en": "The share {value} is read as {read} (the schema writes it as a fraction: 1 for 100%).",
        "fr": "La part {value} est lue comme {read} (le schéma l'écrit en fraction : 1 pour 100\u00a0%).",
    },
    "standards.scdl.warning.share_range": {
        "en": "The share {value} is outside 0.01-1; the whole amount is taken.",
        "fr": "La part {value} sort de 0,01-1 ; le montant entier est retenu.",
    },
    "standards.scdl.warning.bad_period": {
        "en": "The payment date or period {value!r} cannot be read; it is left out.",
        "fr": "La date ou période de versement {value!r} est illisible ; elle est laissée de côté.",
    },
    "standards.scdl.warning.period_format": {
        "en": "The payment period {value!r} is read as {read} (the schema writes START/END).",
        "fr": "La période de versement {value!r} est lue comme {read} (le schéma écrit DÉBUT/FIN).",
    },
    "standards.scdl.warning.period_reversed": {
        "en": "The payment period {value!r} ends before it starts; it is left out.",
        "fr": "La période de versement {value!r} se termine avant de commencer ; elle est laissée de côté.",
    },
})

# Values the standards brought into the product's enumerations (dashboard.core.models).
MESSAGES.update({
    "org_type.other_public_sector": {"en": "Other public sector", "fr": "Autre secteur public"},
    "org_type.public_private_partnership": {"en": "Public-private partnership", "fr": "Partenariat public-privé"},
    "org_type.other": {"en": "Other", "fr": "Autre"},
    "org_type.unknown": {"en": "Unknown type", "fr": "Type inconnu"},
    "spending_kind.incoming_funds": {"en": "Incoming funds", "fr": "Fonds reçus"},
    "spending_kind.incoming_commitment": {"en": "Incoming commitment", "fr": "Engagement reçu"},
    "spending_kind.interest_payment": {"en": "Interest payment", "fr": "Paiement d'intérêts"},
    "spending_kind.loan_repayment": {"en": "Loan repayment", "fr": "Remboursement de prêt"},
    "spending_kind.reimbursement": {"en": "Reimbursement", "fr": "Remboursement"},
    "spending_kind.purchase_of_equity": {"en": "Purchase of equity", "fr": "Prise de participation"},
    "spending_kind.sale_of_equity": {"en": "Sale of equity", "fr": "Cession de participation"},
    "spending_kind.credit_guarantee": {"en": "Credit guarantee", "fr": "Garantie de crédit"},
    "spending_kind.outgoing_pledge": {"en": "Pledge made", "fr": "Promesse faite"},
    "spending_kind.incoming_pledge": {"en": "Pledge received", "fr": "Promesse reçue"},
    "result_level.other": {"en": "Other", "fr": "Autre"},
    "measure.number": {"en": "Number", "fr": "Nombre"},
    "measure.percentage": {"en": "Percentage", "fr": "Pourcentage"},
    "measure.qualitative": {"en": "Qualitative", "fr": "Qualitatif"},
    "measure.nominal": {"en": "Nominal", "fr": "Nominal"},
    "measure.ordinal": {"en": "Ordinal", "fr": "Ordinal"},
    "measure.ratio": {"en": "Ratio", "fr": "Ratio"},
    "measure.index": {"en": "Index", "fr": "Indice"},
    "money_source.local": {"en": "Local uploads", "fr": "Imports locaux"},
    "money_source.iati": {"en": "IATI file", "fr": "Fichier IATI"},
})

# The upload pipeline's side of the standard files.
MESSAGES.update({
    "import.fix.standard_file": {
        "en": "Correct the file (or ask its publisher for a corrected one) and upload it again.",
        "fr": "Corrigez le fichier (ou demandez-en une version corrigée à son éditeur) et déposez-le de nouveau.",
    },
    "import.action.delete": {"en": "delete", "fr": "suppression"},
    "import.record.projects": {"en": "Project", "fr": "Projet"},
    "import.record.partners": {"en": "Partner", "fr": "Partenaire"},
    "import.record.roles": {"en": "Role", "fr": "Rôle"},
    "import.record.budgets": {"en": "Budget line", "fr": "Ligne budgétaire"},
    "import.record.planned-disbursements": {"en": "Planned disbursement", "fr": "Décaissement prévu"},
    "import.record.spending": {"en": "Transaction", "fr": "Opération"},
    "import.record.locations": {"en": "Place", "fr": "Lieu"},
    "import.record.indicators": {"en": "Indicator", "fr": "Indicateur"},
    "import.record.indicator-values": {"en": "Indicator value", "fr": "Valeur d'indicateur"},
    "import.matched.identifier": {"en": "by identifier", "fr": "par identifiant"},
    "import.matched.code": {"en": "by code", "fr": "par code"},
    "import.matched.siret": {"en": "by SIRET", "fr": "par SIRET"},
    "import.matched.name": {"en": "by name", "fr": "par nom"},
    "import.matched.acronym": {"en": "by acronym", "fr": "par sigle"},
    "import.matched.alias": {"en": "by another of its names", "fr": "par un autre de ses noms"},
    "import.matched.new": {"en": "new", "fr": "nouveau"},
    "upload.kind.iati": {"en": "IATI activity file (XML)", "fr": "Fichier d'activités IATI (XML)"},
    "upload.kind.scdl": {"en": "SCDL grant file (subventions)", "fr": "Fichier de subventions SCDL"},
})

MESSAGES.update({
    "import.cli.matched": {"en": "{count} × {record}: {how}", "fr": "{count} × {record} : {how}"},
    "import.cli.note": {"en": "Note ({count}×, lines {lines}): {message}",
                        "fr": "Remarque ({count}×, lignes {lines}) : {message}"},
    "import.cli.unmapped": {"en": "No place in the portfolio: {element} ({count}×)",
                            "fr": "Sans place dans le portefeuille : {element} ({count}×)"},
    "import.cli.rows_kept": {"en": "Rows kept: {kept} of {rows}.", "fr": "Lignes retenues : {kept} sur {rows}."},
})

MESSAGES.update({
    "export.iati.skipped.no_date": {
        "en": "{code}: left out of the IATI file, it has no date (the standard requires a start or an end).",
        "fr": "{code} : laissé hors du fichier IATI, il n'a aucune date (la norme exige un début ou une fin).",
    },
    "export.iati.skipped.invalid": {
        "en": "{code}: left out of the IATI file, the 2.03 schema refuses its data.",
        "fr": "{code} : laissé hors du fichier IATI, le schéma 2.03 refuse ses données.",
    },
    "export.iati.cannot_write": {"en": "Cannot write {file}: {error}", "fr": "Impossible d'écrire {file} : {error}"},
    "export.iati.written": {"en": "{file}: {count} activities, IATI 2.03.",
                            "fr": "{file} : {count} activités, IATI 2.03."},
    "export.iati.button": {"en": "Download as IATI XML", "fr": "Télécharger en IATI XML"},
    "export.iati.help": {
        "en": "The filtered projects as an IATI 2.03 activity file, checked against the official schema: the "
              "budgets, commitments and spending that count, partners, places, sectors and results.",
        "fr": "Les projets filtrés dans un fichier d'activités IATI 2.03, vérifié par le schéma officiel : "
              "budgets, engagements et dépenses retenus, partenaires, lieux, secteurs et résultats.",
    },
})

# The Upload page's side of the standard files.
MESSAGES.update({
    "upload.standard.record": {"en": "Record", "fr": "Enregistrement"},
    "upload.standard.in_file": {"en": "In the file", "fr": "Dans le fichier"},
    "upload.standard.matched": {"en": "Found", "fr": "Trouvé"},
    "upload.standard.stored": {"en": "Stored as", "fr": "Enregistré sous"},
    "upload.standard.element": {"en": "Element", "fr": "Élément"},
    "upload.standard.count": {"en": "Count", "fr": "Nombre"},
    "upload.standard.lines": {"en": "Lines", "fr": "Lignes"},
    "upload.standard.where": {"en": "Where", "fr": "Où"},
    "upload.standard.note": {"en": "Note", "fr": "Remarque"},
    "upload.standard.matches_title": {"en": "Projects and partners: how they were found",
                                      "fr": "Projets et partenaires : comment ils ont été trouvés"},
    "upload.standard.unmapped_title": {"en": "In the file, with no place in the portfolio ({count} kinds)",
                                       "fr": "Dans le fichier, sans place dans le portefeuille ({count} types)"},
    "upload.standard.unmapped_help": {
        "en": "Nothing is dropped unseen: these elements are read and counted, but the portfolio does not keep "
              "them. The figures do not depend on them.",
        "fr": "Rien n'est écarté sans le dire : ces éléments sont lus et comptés, mais le portefeuille ne les "
              "garde pas. Les chiffres n'en dépendent pas.",
    },
    "upload.standard.notes_title": {"en": "Notes ({count}): listed, the upload is not refused for them",
                                    "fr": "Remarques ({count}) : signalées, elles n'empêchent pas l'import"},
    "upload.standard.deleted": {"en": "Deleted", "fr": "Supprimés"},
    "upload.iati.about": {
        "en": "An IATI activity file (XML, versions 2.01 to 2.03), as a publisher or the IATI Registry provides "
              "it. Each activity becomes a project, found again by its IATI identifier; partners are found by "
              "their IATI organisation identifier, then by name. The file's budgets, transactions, places, "
              "sectors and results replace what an earlier IATI file gave for the same projects.",
        "fr": "Un fichier d'activités IATI (XML, versions 2.01 à 2.03), tel que le fournit un éditeur ou le "
              "registre IATI. Chaque activité devient un projet, retrouvé par son identifiant IATI ; les "
              "partenaires sont retrouvés par leur identifiant d'organisation IATI, puis par leur nom. Les "
              "budgets, opérations, lieux, secteurs et résultats du fichier remplacent ceux qu'un fichier IATI "
              "précédent avait donnés pour les mêmes projets.",
    },
    "upload.scdl.about": {
        "en": "A grant file in the French SCDL “subventions” format (CSV or Excel), as local authorities publish "
              "them. Keep the grants that belong to the portfolio; each becomes a project with its committed "
              "budget and commitment, the awarding authority as funder and the beneficiary as implementer, "
              "both identified by SIRET.",
        "fr": "Un fichier de subventions au format SCDL « subventions » (CSV ou Excel), tel que les publient "
              "les collectivités. Gardez les subventions qui relèvent du portefeuille ; chacune devient un projet "
              "avec son budget engagé et son engagement, l'attribuant comme financeur et le bénéficiaire comme "
              "opérateur, tous deux identifiés par leur SIRET.",
    },
    "upload.iati.money_source": {"en": "Projects already in the portfolio count the money of",
                                 "fr": "Les projets déjà présents dans le portefeuille comptent l'argent"},
    "upload.iati.money_keep": {"en": "their current source (the file's is kept aside)",
                               "fr": "de leur source actuelle (celui du fichier est gardé à part)"},
    "upload.iati.money_file": {"en": "this IATI file", "fr": "de ce fichier IATI"},
    "upload.iati.money_help": {
        "en": "No double counting: for each project one source counts for budgets, commitments and spending; "
              "the other is kept but never added in. Projects the file creates count its money.",
        "fr": "Pas de double compte : pour chaque projet, une seule source compte pour les budgets, les "
              "engagements et les dépenses ; l'autre est gardée mais jamais additionnée. Les projets créés par "
              "le fichier comptent son argent.",
    },
    "upload.iati.matched_projects": {"en": "{count} project(s) of the file are already in the portfolio.",
                                     "fr": "{count} projet(s) du fichier sont déjà dans le portefeuille."},
    "upload.file_iati": {"en": "IATI activity file, XML (at most {limit} MB)",
                         "fr": "Fichier d'activités IATI, XML ({limit} Mo au plus)"},
    "upload.file_scdl": {"en": "SCDL grant file, CSV or Excel (at most {limit} MB)",
                         "fr": "Fichier de subventions SCDL, CSV ou Excel ({limit} Mo au plus)"},
    "upload.scdl.rows": {"en": "Grants kept: {kept} of {rows}", "fr": "Subventions retenues : {kept} sur {rows}"},
    "upload.scdl.words": {"en": "Keep the grants whose object holds (words separated by ;)",
                          "fr": "Garder les subventions dont l'objet contient (mots séparés par ;)"},
    "upload.scdl.words_help": {
        "en": "Whole words, accents and case ignored; end a word with * for its beginning (solidarit*).",
        "fr": "Mots entiers, sans tenir compte des accents ni des majuscules ; terminez un mot par * pour son "
              "début (solidarit*).",
    },
    "upload.scdl.beneficiaries": {"en": "…or whose beneficiary is", "fr": "…ou dont le bénéficiaire est"},
    "upload.scdl.beneficiaries_placeholder": {"en": "Choose beneficiaries", "fr": "Choisir des bénéficiaires"},
    "upload.scdl.remembered": {
        "en": "The choice made for this publisher's last file ({publisher}) is applied again.",
        "fr": "Le choix fait pour le dernier fichier de cet éditeur ({publisher}) est appliqué de nouveau.",
    },
    "upload.scdl.all_rows": {
        "en": "Every grant of the file is kept: choose words or beneficiaries to keep only the portfolio's.",
        "fr": "Toutes les subventions du fichier sont retenues : choisissez des mots ou des bénéficiaires pour "
              "ne garder que celles du portefeuille.",
    },
})

MESSAGES.update({
    "settings.error.iati_type": {
        "en": "IATI_REPORTING_ORG_TYPE is {value!r}: it must be a code of the IATI OrganisationType codelist "
              "(digits, e.g. 10 for a government, 90 for other).",
        "fr": "IATI_REPORTING_ORG_TYPE vaut {value!r} : ce doit être un code de la liste IATI OrganisationType "
              "(chiffres, par exemple 10 pour un gouvernement, 90 pour autre).",
    },
})
