"""Command line: ``python -m dashboard`` (also installed as ``portfolio``).

Each concern adds its subcommands from its own module through a ``register(subparsers)`` function listed in
``COMMAND_MODULES``; every subcommand returns a process exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from dashboard.accounts.users import list_users
from dashboard.core import db, settings
from dashboard.core.models import utcnow
from dashboard.figures.charts import set_default_template
from dashboard.seed.accounts import DEMO_ACCOUNTS, ensure_demo_accounts
from dashboard.seed.demo import DemoAlreadyLoadedError, load_demo, portfolio_size

# Modules that add subcommands; each defines register(subparsers) -> None.
COMMAND_MODULES: list[str] = [
    "dashboard.cli.users", "dashboard.cli.seed", "dashboard.cli.imports", "dashboard.cli.bench",
    "dashboard.cli.partners", "dashboard.cli.briefing", "dashboard.cli.figures", "dashboard.cli.exports",
]

Handler = Callable[[argparse.Namespace], int]


def _db_upgrade(args: argparse.Namespace) -> int:
    db.upgrade(db.get_engine(args.database_url))
    print(f"database at revision head: {db.get_engine(args.database_url).url.render_as_string()}")
    return 0


def _db_downgrade(args: argparse.Namespace) -> int:
    db.downgrade(db.get_engine(args.database_url), args.revision)
    print(f"database downgraded to {args.revision}")
    return 0


def _demo(args: argparse.Namespace) -> int:

    engine = db.get_engine(args.database_url)
    db.upgrade(engine)
    with db.session_scope(engine) as session:
        if args.if_empty and portfolio_size(session):
            print("the database already holds a portfolio; demo not loaded")

            if not list_users(session):
                print("no account exists yet: create one with `python -m dashboard user add NAME --role admin`")
            return 0
        try:
            summary = load_demo(session, replace=args.replace)
        except DemoAlreadyLoadedError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        # Demo-only accounts (one per role, passwords in the README), made only together with the demo data.

        new_accounts = ensure_demo_accounts(session, now=utcnow())
    print(
        f"demo portfolio loaded: {summary.organisations} organisations, {summary.projects} projects, "
        f"{summary.roles} roles, {summary.budget_lines} budget lines, {summary.spending} spending records, "
        f"{summary.indicators} indicators, {summary.indicator_values} indicator values, "
        f"{summary.reviews} partnership reviews"
    )
    if new_accounts:
        print("demo-only accounts (never use them with real data):")
        for username, role, password in DEMO_ACCOUNTS:
            if username in new_accounts:
                print(f"  {username:<16} {role:<16} password: {password}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portfolio", description="Partnership portfolio dashboard")
    parser.add_argument(
        "--database-url", default=None, help="SQLAlchemy URL (default: DATABASE_URL or data/portfolio.db)"
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    db_parser = subparsers.add_parser("db", help="database schema")
    db_commands = db_parser.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="apply the migrations").set_defaults(handler=_db_upgrade)
    downgrade = db_commands.add_parser("downgrade", help="revert the migrations down to REVISION")
    downgrade.add_argument("revision", help="Alembic revision, e.g. base")
    downgrade.set_defaults(handler=_db_downgrade)

    demo = subparsers.add_parser("demo", help="load the demo portfolio built from the source documents")
    demo.add_argument("--replace", action="store_true", help="wipe the existing portfolio first")
    demo.add_argument("--if-empty", action="store_true", help="load only when the database has no portfolio")
    demo.set_defaults(handler=_demo)

    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    set_default_template()  # the briefing and figure commands draw charts as the app does
    args = build_parser().parse_args(argv)
    try:
        configured = settings.get_settings()  # read once, checked: an unsafe setting stops every command
    except settings.SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.database_url:
        settings.use(configured.with_database(args.database_url))
    handler: Handler = args.handler
    try:
        return handler(args)
    finally:
        settings.use(configured)  # a command run in-process (tests) leaves the settings as it found them
