"""The ``generate`` command: replace the portfolio by a generated one."""

from __future__ import annotations

import argparse

from dashboard.core import db
from dashboard.seed.generate import SIZES, generate


def _generate_command(args: argparse.Namespace) -> int:
    engine = db.get_engine(args.database_url)
    summary = generate(engine, args.size, progress=print)
    for table, count in summary.counts.items():
        print(f"rows table={table} count={count} seconds={summary.table_seconds.get(table, 0.0):.2f}")
    print(f"analyze seconds={summary.analyze_seconds:.1f}")
    print(f"build size={summary.size} rows={summary.rows} seconds={summary.seconds:.1f}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("generate", help="replace the portfolio by a generated one (small or large)")
    parser.add_argument("--size", choices=sorted(SIZES), default="large")
    parser.set_defaults(handler=_generate_command)
