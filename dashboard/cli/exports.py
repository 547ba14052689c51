"""``python -m dashboard export iati [--filter QUERY] -o FILE``: the filtered portfolio as an IATI 2.03 activity
file (``dashboard.exporting.iati``), checked against the shipped schema. The filter is the page's URL query
(``type=ngo&region=POLYNESIA``), so a bookmarked view gives the same file. Projects the standard cannot describe
are named on standard error; the exit code is 0 when the file was written."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import parse_qs

from dashboard.core import db
from dashboard.core.i18n import LANGUAGES, t
from dashboard.exporting.iati import export_iati
from dashboard.queries.filters import from_query_params

EXIT_OK, EXIT_FAILED = 0, 1


def _export(args: argparse.Namespace) -> int:
    lang = args.lang
    engine = db.get_engine(args.database_url)
    db.upgrade(engine)
    portfolio_filter = from_query_params(parse_qs(args.filter.lstrip("?"), keep_blank_values=False))
    result = export_iati(engine, portfolio_filter=portfolio_filter)
    for code, reason in result.skipped:
        print(t(f"export.iati.skipped.{reason}", lang, code=code), file=sys.stderr)
    if args.output in (None, "-"):
        sys.stdout.buffer.write(result.data)
        return EXIT_OK
    target = Path(args.output)
    try:
        target.write_bytes(result.data)
    except OSError as error:
        print(t("export.iati.cannot_write", lang, file=str(target), error=error.strerror or str(error)),
              file=sys.stderr)
        return EXIT_FAILED
    print(t("export.iati.written", lang, file=str(target), count=result.exported))
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="write the filtered portfolio in a standard format")
    parser.add_argument("format", choices=("iati",), help="iati: IATI 2.03 activity XML")
    parser.add_argument("--filter", default="", help="the view's URL query, e.g. 'type=ngo&region=POLYNESIA'")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the messages")
    parser.add_argument("-o", "--output", default=None, help="file to write (default: standard output)")
    parser.set_defaults(handler=_export)
