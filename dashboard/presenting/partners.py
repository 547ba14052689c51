"""The partner pages' tables for people: translated headers and values, numbers and dates kept typed so the tables
sort correctly and the downloads stay numeric."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard.core.i18n import t
from dashboard.core.regions import country_name
from dashboard.core.text import escape_markdown, with_acronym
from dashboard.presenting.formatting import format_money, format_number
from dashboard.presenting.labels import enum_label, label_list, region_label
from dashboard.queries.gaps import PARTNERSHIP_OBJECTIVES
from dashboard.queries.partners import PartnerDetail, PartnerTable
from dashboard.queries.reviews import PRINCIPLES


def partner_display(table: PartnerTable, lang: str) -> pd.DataFrame:
    """The partner table with translated headers and values; numbers and dates stay typed so the table
    sorts correctly and the downloads stay numeric."""
    frame = table.frame

    def header(key: str) -> str:
        return t(f"partners.column.{key}", lang, currency=table.currency) if key == "contributions" else t(
            f"partners.column.{key}", lang
        )

    return pd.DataFrame(
        {
            header("name"): frame["name"],
            header("acronym"): frame["acronym"].fillna(""),
            header("type"): [enum_label("org_type", value, lang) for value in frame["type"]],
            header("country"): [country_name(code, lang) for code in frame["country"]],
            header("region"): [region_label(region, lang) for region in frame["region"]],
            header("status"): [enum_label("org_status", value, lang) for value in frame["status"]],
            header("roles"): [label_list("role", value, lang) for value in frame["roles"]],
            header("projects"): frame["projects"].astype("int64"),
            header("contributions"): frame["contributions"].astype("float64").round(0),
            header("objectives"): [label_list("partnership_objective", value, lang)
                                   for value in frame["partnership_objectives"]],
            header("owner"): frame["relationship_owner"].fillna(""),
            header("last_review"): frame["last_review_date"],
            header("next_review"): frame["next_review_date"],
        }
    )


def projects_display(detail: PartnerDetail, lang: str) -> pd.DataFrame:
    """Roles per project; pledges formatted in their own currency and in the reporting currency (a project
    with no pledge shows a dash, not an empty number)."""

    frame = detail.projects
    return pd.DataFrame(
        {
            t("partners.column.project_code", lang): frame["code"],
            t("partners.column.project_title", lang): frame["title"],
            t("partners.column.project_status", lang): [enum_label("project_status", v, lang) for v in frame["status"]],
            t("partners.column.roles", lang): [label_list("role", value, lang) for value in frame["roles"]],
            t("partners.column.contribution", lang): [
                format_money(amount, currency if isinstance(currency, str) else detail.currency, lang)
                for amount, currency in zip(frame["contribution"], frame["currency"], strict=True)
            ],
            t("partners.column.contribution_reporting", lang, currency=detail.currency): [
                format_money(amount, detail.currency, lang) for amount in frame["contribution_reporting"]
            ],
        }
    )


def history_display(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The review history with translated headers (principles by their short names) and decisions."""

    columns: dict[str, object] = {
        t("partners.column.review_date", lang): history["review_date"],
        t("partners.column.reviewer", lang): history["reviewer"],
        t("partners.column.rating", lang): history["rating"].astype("Int64"),
    }
    for key, column in PRINCIPLES:
        columns[t(f"principle.short.{key}", lang)] = history[column].astype("Int64")
    columns[t("partners.column.decision", lang)] = [enum_label("review_decision", v, lang) for v in history["decision"]]
    columns[t("partners.column.next_review_due", lang)] = history["next_review_due"]
    columns[t("partners.column.notes", lang)] = history["notes"].fillna("")
    columns[t("partners.column.recorded_by", lang)] = history["created_by"].fillna("")
    return pd.DataFrame(columns)


def notes_display(notes: pd.DataFrame, lang: str) -> pd.DataFrame:

    return pd.DataFrame(
        {
            t("partners.column.note_at", lang): [value.date() if value is not None else None for value in notes["at"]],
            t("partners.column.note_by", lang): notes["user"],
            t("partners.column.note", lang): notes["note"],
        }
    )


def overdue_display(overdue: pd.DataFrame, lang: str) -> pd.DataFrame:

    return pd.DataFrame(
        {
            t("partners.column.name", lang): overdue["name"],
            t("partners.column.acronym", lang): overdue["acronym"].fillna(""),
            t("partners.column.owner", lang): overdue["relationship_owner"].fillna(""),
            t("partners.column.last_review", lang): overdue["last_review_date"],
            t("partners.column.next_review", lang): overdue["next_review_date"],
            t("partners.column.days_overdue", lang): overdue["days_overdue"].astype("int64"),
        }
    )


def gaps_display(frame: pd.DataFrame, lang: str, currency: str) -> pd.DataFrame:
    """The gap table with translated headers, region names and gap descriptions (the export for the
    reference group's meeting)."""

    columns: dict[str, object] = {
        t("gaps.column.objective", lang): frame["objective_code"],
        t("gaps.column.title", lang): frame["objective_title"],
        t("gaps.column.region", lang): [region_label(region, lang) for region in frame["region"]],
        # The gaps first: they are what the reference group looks for; the figures behind them follow.
        t("gaps.column.gaps", lang): [
            ", ".join(t(f"gaps.gap.{gap}", lang) for gap in value.split(",") if gap) for value in frame["gaps"]
        ],
        t("gaps.column.active_partners", lang): frame["active_partners"],
    }
    for objective in PARTNERSHIP_OBJECTIVES:
        name = enum_label("partnership_objective", objective, lang)
        columns[t("gaps.column.partners_by", lang, objective=name)] = frame[f"partners_{objective}"]
    # Whole currency units, as every portfolio figure is shown (dashboard.presenting.formatting.format_money).
    columns[t("gaps.column.funding_total", lang, currency=currency)] = frame["funding_total"].round(0)
    for objective in PARTNERSHIP_OBJECTIVES:
        name = enum_label("partnership_objective", objective, lang)
        columns[t("gaps.column.funding_by", lang, objective=name)] = frame[f"funding_{objective}"].round(0)
    return pd.DataFrame(columns)


def summary_display(summary: pd.DataFrame, lang: str, currency: str) -> pd.DataFrame:

    return pd.DataFrame(
        {
            t("gaps.column.objective", lang): summary["objective_code"],
            t("gaps.column.title", lang): summary["objective_title"],
            t("gaps.column.active_partners", lang): summary["active_partners"],
            t("gaps.column.funding_total", lang, currency=currency): summary["funding_total"].round(0),
            t("gaps.column.regions_without_partner", lang): summary["regions_without_partner"],
        }
    )


# ---------------------------------------------------------------------------------------------------------
# One partner's page: its heading and facts as Markdown (user text escaped with the one escaper)
# ---------------------------------------------------------------------------------------------------------


def detail_title(detail: PartnerDetail) -> str:
    """"Name (ACRONYM)", escaped for Markdown."""
    record = detail.organisation
    acronym = record.get("acronym")
    return escape_markdown(with_acronym(str(record["name"]), str(acronym) if acronym else None))


def detail_caption(detail: PartnerDetail, lang: str) -> str:
    """The partner's type and status."""
    record = detail.organisation
    return " · ".join(part for part in (enum_label("org_type", record["type"], lang),
                                        enum_label("org_status", record["status"], lang)) if part)


def detail_facts(detail: PartnerDetail, lang: str) -> str:
    """Other names, place, relationship owner, coordinates and website, one Markdown line each."""
    record: Mapping[str, Any] = detail.organisation
    place = t("partners.detail.no_place", lang)
    if record.get("country"):
        place = escape_markdown(", ".join(part for part in (
            record.get("city"), country_name(record["country"], lang),
            region_label(detail.region, lang)) if part))
    owner = escape_markdown(record.get("relationship_owner") or t("partners.detail.no_owner", lang))
    lines = [f"**{t('partners.detail.place', lang)}:** {place}", f"**{t('partners.detail.owner', lang)}:** {owner}"]
    if detail.aliases:
        lines.insert(0, f"**{t('partners.detail.aliases', lang)}:** "
                        + ", ".join(escape_markdown(alias) for alias in detail.aliases))
    if record.get("latitude") is not None and record.get("longitude") is not None:
        lines.append(t("partners.detail.coordinates", lang,
                       latitude=format_number(record["latitude"], lang, decimals=4),
                       longitude=format_number(record["longitude"], lang, decimals=4)))
    if record.get("website"):
        lines.append(f"**{t('partners.detail.website', lang)}:** {escape_markdown(record['website'])}")
    return "  \n".join(lines)


def objectives_markdown(detail: PartnerDetail, lang: str) -> tuple[str, str]:
    """The partnership objectives and the strategic objectives (code — title), as Markdown lists."""
    partnership = "\n".join(f"- {enum_label('partnership_objective', value, lang)}"
                            for value in detail.partnership_objectives)
    strategic = "\n".join(f"- {escape_markdown(code)} — {escape_markdown(title)}"
                          for code, title in detail.strategic_objectives)
    none = t("partners.detail.none_recorded", lang)
    return partnership or none, strategic or none
