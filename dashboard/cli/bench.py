"""The ``bench`` command: build a portfolio and time every page, an import and peak memory."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from dashboard.bench.pages import DEFAULT_IMPORT_ROWS
from dashboard.core import db
from dashboard.seed.generate import SIZES


def _bench_command(args: argparse.Namespace) -> int:
    # Every command line start registers this command; the page modules load only when a benchmark runs.
    from dashboard.bench.pages import BenchRefusedError, run  # deferred: pandas, Plotly, Streamlit are heavy

    if args.browser:
        return _browser_bench(args, BenchRefusedError)
    url = args.database_url
    workdir = None
    if not url:
        workdir = tempfile.mkdtemp(prefix="dashboard_bench_")
        url = f"sqlite:///{Path(workdir) / 'bench.db'}"
    print(f"database={db.get_engine(url).url.render_as_string(hide_password=True)} size={args.size}")
    try:
        run(url, args.size, reuse=args.reuse, force=args.force, import_rows=args.import_rows,
            pages=args.page or None)
    except BenchRefusedError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        db.get_engine(url).dispose()
        if workdir is not None:
            for name in os.listdir(workdir):
                os.remove(os.path.join(workdir, name))
            os.rmdir(workdir)
    return 0


def _browser_bench(args: argparse.Namespace, refused: type[Exception]) -> int:
    from dashboard.bench import browser  # deferred: Playwright and the page modules load only for this command

    try:
        browser.run(getattr(args, "database_url", None), args.size, reuse=args.reuse, force=args.force,
                    lang=args.lang)
    except refused as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bench", help="build a portfolio and time every page (cold, warm, bare SQL), an import, peak memory"
    )
    parser.add_argument("--size", choices=sorted(SIZES), default="large")
    parser.add_argument("--database-url", default=argparse.SUPPRESS,
                        help="SQLAlchemy URL of a scratch database (default: a temporary SQLite file)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep a portfolio of this size already generated in the database")
    parser.add_argument("--force", action="store_true",
                        help="replace the portfolio even when it holds projects that were not generated")
    parser.add_argument("--import-rows", type=int, default=DEFAULT_IMPORT_ROWS,
                        help="budget lines uploaded (then undone) to time an import; 0 to skip")
    parser.add_argument("--page", action="append", help="time only this page (url path; repeatable)")
    parser.add_argument("--browser", action="store_true",
                        help="time every page twice in headless Chromium against `streamlit run`: seconds from "
                             "the click to the page drawn, bytes received, the server's run time")
    parser.add_argument("--lang", choices=["en", "fr"], default="en", help="the language of --browser's pages")
    parser.set_defaults(handler=_bench_command)
