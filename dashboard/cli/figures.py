"""``python -m dashboard figures [--filter QUERY] [--as-of DATE] [--currency EUR] --json``: print what the pages
show for a view (headline, every project's money, every indicator's status) as JSON, computed by the pages'
own view model (``dashboard.views.summary``), so a report can be scripted and figures checked without a
browser. The filter is the page's URL query (``country=FJI&from=2026-01-01&to=2026-12-31``)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from urllib.parse import parse_qs

from dashboard.core import db, metrics
from dashboard.core.currency import MissingRateError
from dashboard.queries.filters import from_query_params
from dashboard.views.summary import figures


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD") from None


def _figures(args: argparse.Namespace) -> int:
    portfolio_filter = from_query_params(parse_qs(args.filter.lstrip("?"), keep_blank_values=False))
    as_of = args.as_of or dt.date.today()
    try:
        view = figures(db.get_engine(args.database_url), portfolio_filter, as_of, currency=args.currency.upper())
    except MissingRateError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(view.as_data(), ensure_ascii=False, indent=2 if args.json else None))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("figures", help="print the figures of a view (headline, projects, indicators)")
    parser.add_argument("--filter", default="", help="the view's URL query, e.g. 'country=FJI&from=2026-01-01'")
    parser.add_argument("--as-of", type=_date, default=None, help="figures as of this date (default today)")
    parser.add_argument("--currency", default=metrics.REPORTING_BASE_CURRENCY, help="reporting currency (EUR)")
    parser.add_argument("--json", action="store_true",
                        help="print JSON, indented (without it: the same JSON on one line)")
    parser.set_defaults(handler=_figures)
