"""``python -m dashboard briefing``: write the leadership briefing (see ``dashboard.presenting.briefing``) to a
file, for a board pack prepared on a schedule. The filter is written as the page's URL query
(``type=ngo&region=POLYNESIA``), so a bookmarked view gives the same briefing."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from urllib.parse import parse_qs

from dashboard.core import db, metrics
from dashboard.core.i18n import LANGUAGES
from dashboard.core.models import utcnow
from dashboard.presenting.briefing import briefing_html, file_name
from dashboard.queries.filters import from_query_params


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD") from None


def _briefing(args: argparse.Namespace) -> int:
    portfolio_filter = from_query_params(parse_qs(args.filter.lstrip("?"), keep_blank_values=False))
    as_of = args.as_of or dt.date.today()
    document = briefing_html(db.get_engine(args.database_url), portfolio_filter=portfolio_filter, lang=args.lang,
                             as_of=as_of, currency=args.currency.upper(), generated_at=utcnow())
    target = Path(args.output) if args.output else Path(file_name(as_of, args.lang))
    if target.is_dir():
        target = target / file_name(as_of, args.lang)
    try:
        target.write_text(document, encoding="utf-8")
    except OSError as error:
        print(f"error: cannot write {target}: {error.strerror}", file=sys.stderr)
        return 1
    print(target)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("briefing", help="write the leadership briefing (self-contained HTML)")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the briefing (default en)")
    parser.add_argument("--filter", default="", help="the view's URL query, e.g. 'type=ngo&region=POLYNESIA'")
    parser.add_argument("--as-of", type=_date, default=None, help="figures as of this date (default today)")
    parser.add_argument("--currency", default=metrics.REPORTING_BASE_CURRENCY, help="reporting currency (EUR)")
    parser.add_argument("--output", "-o", default=None, help="file or folder to write (default: current folder)")
    parser.set_defaults(handler=_briefing)
