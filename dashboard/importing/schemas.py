"""What each kind of upload holds: its columns (names in English and French, type, whether required, allowed
values, description, example) and its natural key — the columns that identify a row, so that uploading a
corrected file updates the records it describes instead of adding copies.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from dashboard.core.i18n import catalogue
from dashboard.core.models import (
    BudgetStatus,
    BudgetType,
    Direction,
    Measure,
    Mechanism,
    OrganisationStatus,
    OrganisationType,
    PartnershipObjective,
    ProjectStatus,
    ResultLevel,
    ReviewDecision,
    RoleKind,
    SpendingKind,
)
from dashboard.core.settings import DEFAULT_MAX_UPLOAD_MB
from dashboard.importing.values import Choices, choice_key

# The largest file accepted by default, on the page, the command line and in the pipeline: the installation's
# own limit is core.settings' max_upload_mb (Streamlit's maxUploadSize in .streamlit/config.toml, 50 MB as shipped).
MAX_UPLOAD_MB = DEFAULT_MAX_UPLOAD_MB
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
# Several values in one cell are separated by semicolons.
LIST_SEPARATOR = ";"


class ColumnType(StrEnum):
    text = "text"
    number = "number"
    integer = "integer"
    date = "date"
    boolean = "boolean"
    choice = "choice"
    country = "country"
    currency = "currency"
    partner = "partner"  # an existing partner, by name (or acronym)
    project = "project"  # an existing project, by code
    indicator = "indicator"  # an indicator code of the row's project
    text_list = "text_list"
    sdg_list = "sdg_list"
    choice_list = "choice_list"
    objective_list = "objective_list"  # strategic objective codes
    country_shares = "country_shares"


@dataclass(frozen=True)
class Column:
    name: str  # the English header, also the key used in code
    header_fr: str
    type: ColumnType
    description_en: str
    description_fr: str
    example: str
    required: bool = False
    choices: Choices | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    aliases: tuple[str, ...] = ()

    def header(self, lang: str) -> str:
        return self.header_fr if lang == "fr" else self.name

    def description(self, lang: str) -> str:
        return self.description_fr if lang == "fr" else self.description_en

    def match_keys(self) -> set[str]:
        return {choice_key(name) for name in (self.name, self.header_fr, *self.aliases)}


@dataclass(frozen=True)
class KindSchema:
    kind: str
    name_fr: str  # the French name, also accepted as a sheet name
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the natural key, as column names
    description_en: str
    description_fr: str

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.required)

    def key_headers(self, lang: str) -> str:
        return " + ".join(self.column(name).header(lang) for name in self.key)


def _labels(enum: type[StrEnum], prefix: str) -> Choices:
    """Allowed values, also accepted as their English and French labels ("Subvention" for grant)."""

    aliases: dict[str, str] = {}
    for member in enum:
        entry = catalogue().get(f"{prefix}.{member.value}", {})
        for label in entry.values():
            aliases.setdefault(choice_key(label), member.value)
    return Choices(values=tuple(member.value for member in enum), aliases=aliases, label_prefix=prefix)


T = ColumnType


def _col(name: str, fr: str, kind: ColumnType, en_text: str, fr_text: str, example: str, **options: Any) -> Column:
    return Column(name, fr, kind, en_text, fr_text, example, **options)


def _project_column() -> Column:
    return _col("project_code", "code_projet", T.project, "Code of an existing project.",
                "Code d'un projet existant.", "REG-C1.1", required=True, aliases=("project", "projet"))


def _partner_column(name: str, fr: str, required: bool, en_text: str, fr_text: str) -> Column:
    return _col(name, fr, T.partner, en_text, fr_text, "Agence française de développement", required=required,
                max_length=300)


@lru_cache(maxsize=1)
def schemas() -> dict[str, KindSchema]:
    rating = dict(minimum=1, maximum=5)
    partners = KindSchema(
        "partners", "partenaires",
        (
            _col("name", "nom", T.text, "Full name of the organisation. Matched to stored partners regardless of "
                 "case, accents and spaces.", "Nom complet de l'organisation. Rapproché des partenaires connus "
                 "sans tenir compte des majuscules, accents et espaces.", "Agence française de développement",
                 required=True, max_length=300, aliases=("partner", "partenaire", "organisation", "raison sociale")),
            _col("acronym", "sigle", T.text, "Short name.", "Sigle ou acronyme.", "AFD", max_length=40,
                 aliases=("acronyme",)),
            _col("type", "type", T.choice, "Kind of organisation.", "Nature de l'organisation.", "bilateral_agency",
                 required=True, choices=_labels(OrganisationType, "org_type")),
            _col("country", "pays", T.country, "Country: ISO code (FJI, FJ) or name.",
                 "Pays : code ISO (FJI, FJ) ou nom.", "FRA"),
            _col("city", "ville", T.text, "City.", "Ville.", "Paris", max_length=120),
            _col("latitude", "latitude", T.number, "Latitude in decimal degrees (−90 to 90).",
                 "Latitude en degrés décimaux (−90 à 90).", "48.8566", minimum=-90, maximum=90),
            _col("longitude", "longitude", T.number, "Longitude in decimal degrees (−180 to 180).",
                 "Longitude en degrés décimaux (−180 à 180).", "2.3522", minimum=-180, maximum=180),
            _col("website", "site_web", T.text, "Web address.", "Adresse du site.", "https://www.afd.fr",
                 max_length=300),
            _col("status", "statut", T.choice, "Partnership status (default active).",
                 "Statut du partenariat (actif par défaut).", "active",
                 choices=_labels(OrganisationStatus, "org_status")),
            _col("relationship_owner", "responsable_relation", T.text, "Staff member who owns the relationship.",
                 "Agent responsable de la relation.", "Partnerships officer", max_length=120),
            _col("last_review_date", "date_derniere_revue", T.date, "Date of the last review.",
                 "Date de la dernière revue.", "2026-05-15"),
            _col("next_review_date", "date_prochaine_revue", T.date, "Date of the next review.",
                 "Date de la prochaine revue.", "2026-11-15"),
            _col("partnership_objectives", "objectifs_partenariat", T.choice_list,
                 "Partnership objectives, separated by semicolons.",
                 "Objectifs du partenariat, séparés par des points-virgules.", "financial_support; technical_support",
                 choices=_labels(PartnershipObjective, "partnership_objective")),
            _col("strategic_objectives", "objectifs_strategiques", T.objective_list,
                 "Codes of strategic objectives, separated by semicolons.",
                 "Codes des objectifs stratégiques, séparés par des points-virgules.", "OO4"),
            _col("notes", "notes", T.text, "Free notes.", "Notes libres.", "", max_length=4000),
            _col("aliases", "autres_noms", T.text_list,
                 "Other names the partner goes by (another language's name, a former name, another acronym), "
                 "separated by semicolons. Files may then name the partner by any of them; the list replaces the "
                 "stored one.",
                 "Autres noms du partenaire (nom dans une autre langue, ancien nom, autre sigle), séparés par des "
                 "points-virgules. Les fichiers peuvent ensuite le nommer ainsi ; la liste remplace celle "
                 "enregistrée.",
                 "French Development Agency", aliases=("alias", "other_names", "also_known_as")),
            _col("new_partner", "nouveau_partenaire", T.boolean,
                 "Write yes to confirm that a name close to a stored partner is a different organisation.",
                 "Écrire oui pour confirmer qu'un nom proche d'un partenaire connu désigne une autre organisation.",
                 ""),
        ),
        ("name",),
        "Partner organisations.", "Organisations partenaires.",
    )
    projects = KindSchema(
        "projects", "projets",
        (
            _col("code", "code", T.text, "Unique project code.", "Code unique du projet.", "REG-C1.1",
                 required=True, max_length=60, aliases=("project_code", "code_projet")),
            _col("title", "titre", T.text, "Title.", "Intitulé.", "Pacific coastal resilience", required=True,
                 max_length=300, aliases=("intitule",)),
            _col("description", "description", T.text, "Description.", "Description.", "", max_length=8000),
            _col("mechanism", "mecanisme", T.choice, "Agreement type.", "Type d'accord.", "grant",
                 choices=_labels(Mechanism, "mechanism")),
            _col("status", "statut", T.choice, "Project status (default implementation).",
                 "Statut du projet (en cours par défaut).", "implementation",
                 choices=_labels(ProjectStatus, "project_status")),
            _col("planned_start", "debut_prevu", T.date, "Planned start date.", "Date de début prévue.", "2024-01-01"),
            _col("planned_end", "fin_prevue", T.date, "Planned end date (after the start).",
                 "Date de fin prévue (après le début).", "2027-12-31"),
            _col("actual_start", "debut_reel", T.date, "Actual start date.", "Date de début réelle.", ""),
            _col("actual_end", "fin_reelle", T.date, "Actual end date (after the start).",
                 "Date de fin réelle (après le début).", ""),
            _col("currency", "devise", T.currency, "ISO currency code of the project's money (default EUR).",
                 "Code ISO de la devise du projet (EUR par défaut).", "EUR"),
            _col("declared_total", "total_declare", T.number, "Total printed in the funding table.",
                 "Total inscrit au plan de financement.", "443008", minimum=0),
            _col("themes", "thematiques", T.text_list, "Themes, separated by semicolons.",
                 "Thématiques, séparées par des points-virgules.", "climate; oceans"),
            _col("sdgs", "odd", T.sdg_list, "Sustainable Development Goal numbers (1–17), separated by semicolons.",
                 "Numéros des Objectifs de développement durable (1–17), séparés par des points-virgules.", "13; 14"),
            _col("strategic_objectives", "objectifs_strategiques", T.objective_list,
                 "Codes of strategic objectives, separated by semicolons.",
                 "Codes des objectifs stratégiques, séparés par des points-virgules.", "OO4"),
            _col("countries", "pays", T.country_shares,
                 "Recipient countries with their share in %, separated by semicolons; without shares the countries "
                 "split 100 % equally.",
                 "Pays bénéficiaires avec leur part en %, séparés par des points-virgules ; sans parts, les pays se "
                 "partagent 100 % à égalité.", "FJI:50; WSM:50"),
        ),
        ("code",),
        "Projects and agreements.", "Projets et conventions.",
    )
    roles = KindSchema(
        "roles", "roles",
        (
            _project_column(),
            _partner_column("partner", "partenaire", True, "Name (or acronym) of an existing partner.",
                            "Nom (ou sigle) d'un partenaire existant."),
            _col("role", "role", T.choice, "The partner's role in the project.", "Rôle du partenaire dans le projet.",
                 "funding", required=True, choices=_labels(RoleKind, "role")),
            _col("contribution", "contribution", T.number, "A funder's pledged contribution.",
                 "Contribution promise par un financeur.", "150000", minimum=0),
            _col("currency", "devise", T.currency, "Currency of the contribution (default: the project's).",
                 "Devise de la contribution (par défaut celle du projet).", "EUR"),
        ),
        ("project_code", "partner", "role"),
        "Organisations' roles in projects.", "Rôles des organisations dans les projets.",
    )
    budgets = KindSchema(
        "budgets", "budgets",
        (
            _project_column(),
            _partner_column("funder", "financeur", False, "Name (or acronym) of the funding partner, if any.",
                            "Nom (ou sigle) du partenaire financeur, le cas échéant."),
            _col("period_start", "debut_periode", T.date, "First day of the budget period.",
                 "Premier jour de la période budgétaire.", "2026-01-01"),
            _col("period_end", "fin_periode", T.date, "Last day of the budget period (after the start).",
                 "Dernier jour de la période (après le début).", "2026-12-31"),
            _col("category", "categorie", T.text, "Budget category.", "Catégorie budgétaire.", "Personnel",
                 max_length=120, aliases=("rubrique", "poste")),
            _col("amount", "montant", T.number, "Amount (not negative).", "Montant (positif ou nul).", "443008",
                 required=True, minimum=0),
            _col("currency", "devise", T.currency, "Currency; blank: the project's, whatever it is when figures "
                 "are computed.", "Devise ; vide : celle du projet, telle qu'elle est au calcul des chiffres.",
                 "EUR"),
            _col("budget_type", "type_budget", T.choice, "original, or revised (a revised budget replaces the "
                 "original).", "initial, ou révisé (un budget révisé remplace l'initial).", "original",
                 choices=_labels(BudgetType, "budget_type")),
            _col("status", "statut", T.choice, "indicative or committed (default committed).",
                 "indicatif ou engagé (engagé par défaut).", "committed",
                 choices=_labels(BudgetStatus, "budget_status")),
        ),
        ("project_code", "funder", "period_start", "period_end", "category", "budget_type"),
        "Budget lines.", "Lignes budgétaires.",
    )
    spending = KindSchema(
        "spending", "depenses",
        (
            _project_column(),
            _col("reference", "reference", T.text, "Your reference for the transaction (voucher, invoice).",
                 "Votre référence de l'opération (pièce, facture).", "FAC-2026-0042", required=True,
                 max_length=120, aliases=("piece", "numero")),
            _col("date", "date", T.date, "Date of the transaction.", "Date de l'opération.", "2026-03-15",
                 required=True),
            _col("amount", "montant", T.number, "Amount (negative for a reversal).",
                 "Montant (négatif pour une annulation).", "12500", required=True),
            _col("kind", "nature", T.choice, "commitment, disbursement or expenditure.",
                 "engagement, décaissement ou dépense.", "expenditure", required=True,
                 choices=_labels(SpendingKind, "spending_kind")),
            _col("currency", "devise", T.currency, "Currency; blank: the project's, whatever it is when figures "
                 "are computed.", "Devise ; vide : celle du projet, telle qu'elle est au calcul des chiffres.",
                 "EUR"),
            _partner_column("funder", "financeur", False, "Funding partner, if known.",
                            "Partenaire financeur, s'il est connu."),
            _col("category", "categorie", T.text, "Budget category.", "Catégorie budgétaire.", "Personnel",
                 max_length=120, aliases=("rubrique", "poste")),
            _col("description", "libelle", T.text, "Description.", "Libellé.", "Workshop catering",
                 max_length=1000, aliases=("description",)),
        ),
        ("project_code", "reference"),
        "Spending (commitments, disbursements, expenditure).", "Dépenses (engagements, décaissements, dépenses).",
    )
    indicators = KindSchema(
        "indicators", "indicateurs",
        (
            _project_column(),
            _col("code", "code", T.text, "Indicator code, unique within the project.",
                 "Code de l'indicateur, unique dans le projet.", "OUT-1", required=True, max_length=60,
                 aliases=("indicator_code", "code_indicateur")),
            _col("name", "nom", T.text, "What is measured.", "Ce qui est mesuré.", "People trained",
                 required=True, max_length=300, aliases=("intitule", "libelle")),
            _col("result_level", "niveau_resultat", T.choice, "output, outcome or impact (default output).",
                 "produit, effet ou impact (produit par défaut).", "output",
                 choices=_labels(ResultLevel, "result_level")),
            _col("unit", "unite", T.text, "Unit.", "Unité.", "people", max_length=60),
            _col("measure", "mesure", T.choice,
                 "number (a count), percentage, ratio, index or qualitative (default: percentage when the unit is "
                 "%, else number). Only a number adds up across periods.",
                 "nombre (un décompte), pourcentage, ratio, indice ou qualitatif (par défaut : pourcentage quand "
                 "l'unité est %, sinon nombre). Seul un nombre s'additionne d'une période à l'autre.", "number",
                 choices=Choices(tuple(Measure), {"nombre": "number", "pourcentage": "percentage",
                                                  "qualitatif": "qualitative", "indice": "index",
                                                  "taux": "percentage", "percent": "percentage",
                                                  "pourcent": "percentage", "pct": "percentage",
                                                  "count": "number", "decompte": "number", "unit": "number",
                                                  "ratio": "ratio", "rapport": "ratio"}, label_prefix="measure")),
            _col("direction", "sens", T.choice,
                 "higher_is_better or lower_is_better; blank: read from the target (below the baseline: lower is "
                 "better).",
                 "higher_is_better (plus est mieux) ou lower_is_better (moins est mieux) ; vide : déduit de la cible "
                 "(sous la référence : moins est mieux).", "higher_is_better",
                 choices=Choices(tuple(Direction), {
                     "plus est mieux": "higher_is_better", "moins est mieux": "lower_is_better",
                     "increasing": "higher_is_better", "ascending": "higher_is_better", "higher": "higher_is_better",
                     "up": "higher_is_better", "hausse": "higher_is_better", "croissant": "higher_is_better",
                     "decreasing": "lower_is_better", "descending": "lower_is_better", "lower": "lower_is_better",
                     "down": "lower_is_better", "baisse": "lower_is_better", "decroissant": "lower_is_better"},
                     label_prefix="direction")),
            _col("cumulative", "cumulatif", T.boolean, "yes when each value is a running total.",
                 "oui quand chaque valeur est un cumul.", "no"),
            _col("aggregation", "agregation", T.choice,
                 "How values make the value to date: sum (a count reported per period) or latest (a running total, "
                 "a percentage, a ratio, an index). Blank: sum for a count that is not cumulative, else latest.",
                 "Comment les valeurs donnent la valeur à date : somme (un décompte par période) ou derniere (un "
                 "cumul, un pourcentage, un ratio, un indice). Vide : somme pour un décompte non cumulatif, sinon "
                 "derniere.", "sum",
                 choices=Choices(("sum", "latest"), {"somme": "sum", "derniere": "latest", "dernière": "latest",
                                                     "last": "latest", "total": "sum"}, label_prefix="aggregation"),
                 aliases=("aggregation_method", "methode_agregation", "calcul")),
            _col("baseline_value", "valeur_reference", T.number, "Baseline value.", "Valeur de référence.", "0"),
            _col("baseline_date", "date_reference", T.date, "Baseline date.", "Date de référence.", "2024-01-01"),
            _col("target_value", "valeur_cible", T.number, "Target value.", "Valeur cible.", "120"),
            _col("target_date", "date_cible", T.date, "Target date.", "Date cible.", "2027-12-31"),
        ),
        ("project_code", "code"),
        "Result indicators.", "Indicateurs de résultat.",
    )
    indicator_values = KindSchema(
        "indicator-values", "valeurs-indicateurs",
        (
            _project_column(),
            _col("indicator_code", "code_indicateur", T.indicator, "Code of an indicator of the project.",
                 "Code d'un indicateur du projet.", "ATL", required=True, aliases=("indicator", "indicateur")),
            _col("period_start", "debut_periode", T.date, "First day of the reporting period.",
                 "Premier jour de la période.", "2026-01-01", required=True),
            _col("period_end", "fin_periode", T.date, "Last day of the period (after the start).",
                 "Dernier jour de la période (après le début).", "2026-06-30", required=True),
            _col("target", "cible", T.number, "Target for the period.", "Cible de la période.", "60"),
            _col("actual", "realise", T.number, "Value achieved.", "Valeur réalisée.", "48",
                 aliases=("valeur", "value")),
            _col("note", "note", T.text, "Comment.", "Commentaire.", "", max_length=2000,
                 aliases=("commentaire",)),
        ),
        ("project_code", "indicator_code", "period_start", "period_end"),
        "Indicator values per period.", "Valeurs des indicateurs par période.",
    )
    reviews = KindSchema(
        "reviews", "revues",
        (
            _partner_column("partner", "partenaire", True, "Name (or acronym) of an existing partner.",
                            "Nom (ou sigle) d'un partenaire existant."),
            _col("review_date", "date_revue", T.date, "Date of the review.", "Date de la revue.", "2026-06-30",
                 required=True),
            _col("reviewer", "evaluateur", T.text, "Who reviewed.", "Auteur de la revue.", "Partnerships officer",
                 required=True, max_length=120, aliases=("relecteur",)),
            _col("rating", "note_globale", T.integer, "Overall rating, 1 (poor) to 5 (excellent).",
                 "Note globale, de 1 (faible) à 5 (excellent).", "4", **rating),
            _col("rating_strategic_contribution", "note_contribution_strategique", T.integer,
                 "Strategic contribution, 1 to 5.", "Contribution stratégique, de 1 à 5.", "4", **rating),
            _col("rating_collaboration", "note_collaboration", T.integer, "Collaboration, 1 to 5.",
                 "Collaboration, de 1 à 5.", "3", **rating),
            _col("rating_shared_values", "note_valeurs_partagees", T.integer, "Shared values, 1 to 5.",
                 "Valeurs partagées, de 1 à 5.", "5", **rating),
            _col("rating_added_value", "note_valeur_ajoutee", T.integer, "Added value, 1 to 5.",
                 "Valeur ajoutée, de 1 à 5.", "4", **rating),
            _col("rating_mutual_results", "note_resultats_mutuels", T.integer, "Mutual results, 1 to 5.",
                 "Résultats mutuels, de 1 à 5.", "4", **rating),
            _col("rating_gender_inclusion", "note_genre_inclusion", T.integer, "Gender and inclusion, 1 to 5.",
                 "Genre et inclusion, de 1 à 5.", "3", **rating),
            _col("decision", "decision", T.choice, "continue, renew, change or close.",
                 "poursuivre, renouveler, modifier ou clore.", "continue",
                 choices=_labels(ReviewDecision, "review_decision")),
            _col("notes", "notes", T.text, "Notes.", "Notes.", "", max_length=4000),
            _col("next_review_due", "prochaine_revue", T.date, "When the next review is due.",
                 "Date de la prochaine revue.", "2026-12-31"),
        ),
        ("partner", "review_date", "reviewer"),
        "Partnership reviews.", "Revues de partenariat.",
    )
    rates = KindSchema(
        "rates", "taux",
        (
            _col("currency", "devise", T.currency, "ISO currency code.", "Code ISO de la devise.", "XPF",
                 required=True),
            _col("date", "date", T.date, "Date of the rate.", "Date du taux.", "2026-10-30", required=True,
                 aliases=("rate_date", "date_taux")),
            _col("eur_per_unit", "eur_par_unite", T.number, "Value of one unit of the currency in euros (above 0).",
                 "Valeur d'une unité de la devise en euros (supérieure à 0).", "0.00838", required=True,
                 minimum=0, aliases=("rate", "taux")),
            _col("source", "source", T.text, "Where the rate comes from.", "Origine du taux.",
                 "Banque de France", required=True, max_length=200),
        ),
        ("currency", "date"),
        "Currency exchange rates to the euro.", "Taux de change en euros.",
    )
    return {schema.kind: schema for schema in
            (partners, projects, roles, budgets, spending, indicators, indicator_values, reviews, rates)}


# Key columns that may be left blank and then take a default, so "original" and a blank cell are one key.
KEY_DEFAULTS: dict[str, dict[str, object]] = {"budgets": {"budget_type": "original"}}

KINDS: tuple[str, ...] = ("partners", "projects", "roles", "budgets", "spending", "indicators", "indicator-values",
                          "reviews", "rates")


def schema_for(kind: str) -> KindSchema:
    return schemas()[kind]


def kind_for_sheet(sheet_name: str) -> str | None:
    """The kind a worksheet is named after ("Budgets", "Dépenses", "indicator values"), if any."""
    key = choice_key(sheet_name.replace("-", " "))
    for schema in schemas().values():
        if key in (choice_key(schema.kind.replace("-", " ")), choice_key(schema.name_fr.replace("-", " "))):
            return schema.kind
    return None


def header_fits(kind: str, header: list[str]) -> bool:
    """Whether a header row names every required column of ``kind`` (in English, French or an alias): a
    worksheet that holds the kind's table, whatever the sheet is called."""
    schema = schemas().get(kind)
    if schema is None:
        return False
    named = {column.name for cell in header if (column := match_header(schema, cell)) is not None}
    return all(column.name in named for column in schema.required)


def match_header(schema: KindSchema, header: str) -> Column | None:
    key = choice_key(header)
    for column in schema.columns:
        if key in column.match_keys():
            return column
    return None
