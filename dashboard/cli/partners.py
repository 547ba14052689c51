"""Command-line views of the partner upkeep, for a scheduled job or a quick check over SSH:

- ``python -m dashboard quality [--details] [--strict]``: the data-quality counts (and records);
  with ``--strict`` the exit code is 1 when any rule finds a record, so a nightly job can warn.
- ``python -m dashboard reviews-due [--owner NAME]``: the partnership reviews overdue, most overdue first.
"""

from __future__ import annotations

import argparse
import datetime as dt

from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.presenting.data_quality import describe
from dashboard.presenting.formatting import format_date
from dashboard.queries import data_quality, reviews


def _today(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else dt.date.today()


def _quality(args: argparse.Namespace) -> int:
    lang = args.lang
    report = data_quality.run_checks(db.get_engine(args.database_url), today=_today(args.today))
    for rule in data_quality.RULES:
        issues = report.issues[rule.key]
        print(f"{len(issues):>6}  {t(f'dq.rule.{rule.key}.title', lang)}")
        if args.details and not issues.empty:
            for row in describe(issues, lang).itertuples(index=False):
                print(f"        - {row.label}: {row.detail}  [{row.record_url} | {row.fix_url}]")
    print(t("dq.total", lang, count=report.total) if report.total else t("dq.all_clear", lang))
    return 1 if args.strict and report.total else 0


def _reviews_due(args: argparse.Namespace) -> int:
    lang = args.lang
    today = _today(args.today)
    overdue = reviews.overdue_reviews(db.get_engine(args.database_url), today=today, owner=args.owner)
    for row in overdue.itertuples(index=False):
        owner = row.relationship_owner or "-"
        print(f"{row.days_overdue:>5}  {format_date(row.next_review_date, lang):<12}  {owner:<32}  {row.name}"
              f"  (partners?partner={row.organisation_id})")
    if overdue.empty:
        print(t("reviews.due.none", lang))
    else:
        print(t("reviews.due.count", lang, count=len(overdue), date=format_date(today, lang)))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("quality", help="data-quality checks: counts, and the records with --details")
    command.add_argument("--details", action="store_true", help="list every record found")
    command.add_argument("--strict", action="store_true", help="exit with code 1 when any record is found")
    command.add_argument("--today", default=None, help="check as of this date (YYYY-MM-DD; default today)")
    command.add_argument("--lang", choices=("en", "fr"), default="en")
    command.set_defaults(handler=_quality)

    command = subparsers.add_parser("reviews-due", help="partnership reviews overdue, most overdue first")
    command.add_argument("--owner", default=None, help="only the partnerships this person owns")
    command.add_argument("--today", default=None, help="as of this date (YYYY-MM-DD; default today)")
    command.add_argument("--lang", choices=("en", "fr"), default="en")
    command.set_defaults(handler=_reviews_due)
