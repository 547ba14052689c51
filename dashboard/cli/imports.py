"""``python -m dashboard import|template|imports|undo|bench-import``: the upload pipeline on the command line.

``import FILE --kind KIND [--sheet TITLE] [--dry-run] [--user NAME]`` exits 0 when the file was applied (or, with
``--dry-run``, would be) and 1 when it is refused, printing every problem on its own line (row, column,
value, reason). The command line acts as the ``system`` administrator unless ``--user`` names an account,
whose roles then apply exactly as on the Upload page.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlmodel import Session

from dashboard.accounts import users
from dashboard.bench.imports import run_benchmark, run_iati_benchmark
from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.permissions import SYSTEM_ACTOR, Actor, PermissionDeniedError
from dashboard.exporting.spreadsheet import to_csv_bytes
from dashboard.importing import pipeline, templates
from dashboard.importing.money_checks import CONFIRM_MISSING_RATES
from dashboard.importing.preview import WORKBOOK, Preview
from dashboard.importing.schemas import KINDS
from dashboard.importing.sync import STANDARD_KINDS
from dashboard.importing.undo import UndoRefusedError, import_history, undo
from dashboard.standards.problems import grouped

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2


def _actor(session: Session, username: str | None) -> Actor:
    if not username:
        return SYSTEM_ACTOR

    user = users.find_user(session, username)
    if user is None or not user.is_active:
        raise LookupError(username)
    return Actor.of(user.username, users.roles_of(session, user))


def _engine(args: argparse.Namespace):
    engine = db.get_engine(args.database_url)
    db.upgrade(engine)
    return engine


def _import(args: argparse.Namespace) -> int:
    lang = args.lang
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as error:
        print(t("import.cli.cannot_read", lang, file=str(path), error=error.strerror or str(error)), file=sys.stderr)
        return EXIT_USAGE
    engine = _engine(args)
    with Session(engine) as session, _ctrl_c() as interrupted:
        try:
            actor = _actor(session, args.user)
            print(t("import.cli.working", lang, file=path.name), file=sys.stderr, flush=True)
            run = pipeline.preview if args.dry_run else pipeline.commit
            result = run(session, kind=args.kind, file_name=path.name, data=data, actor=actor,
                         options=_options(args), cancel=interrupted.is_set)
        except LookupError:
            print(t("import.cli.unknown_user", lang, user=args.user), file=sys.stderr)
            return EXIT_USAGE
        except PermissionDeniedError:
            print(t("import.cli.denied", lang, user=args.user), file=sys.stderr)
            return EXIT_REFUSED
        except KeyboardInterrupt:  # a second Ctrl-C: the pipeline rolled back on its way out
            interrupted.set()
    if interrupted.is_set():
        print(t("import.cli.interrupted", lang, file=path.name), file=sys.stderr)
        return EXIT_INTERRUPTED
    hidden = [title for title, is_hidden in result.sheets if is_hidden and title != result.detail]
    if hidden:  # which sheet was read, and which hidden ones were not (never read unless named with --sheet)
        print(t("import.cli.sheets", lang, sheet=result.detail, hidden=", ".join(hidden)))
    elif len(result.sheets) > 1:  # several visible sheets: say which one was read
        others = [title for title, _hidden in result.sheets if title != result.detail]
        print(t("import.cli.sheet_read", lang, sheet=result.detail, others=", ".join(others)))
    for item in result.problems:
        print(item.line(lang))
    if result.problem_count > len(result.problems):
        print(t("import.cli.more_problems", lang, count=result.problem_count - len(result.problems)))
    if args.kind in STANDARD_KINDS:
        _standard_summary(result, lang)
    else:  # what the person must see before the money counts (issue 13): one line per note
        for note in result.notes:
            print(t("import.cli.row_note", lang, row=note.line, column=note.where, message=note.message(lang)))
    counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged,
              "rejected": result.rejected}
    if result.refused:
        print(t("import.cli.refused", lang, file=path.name, problems=result.problem_count, **counts), file=sys.stderr)
        return EXIT_REFUSED
    if args.dry_run:
        print(t("import.cli.dry_run", lang, file=path.name, **counts))
    elif result.committed:
        print(t("import.cli.applied", lang, file=path.name, batch=result.batch_id, **counts))
    else:
        print(t("import.cli.nothing", lang, file=path.name, **counts))
    return EXIT_OK


EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C


@contextmanager
def _ctrl_c() -> Iterator[threading.Event]:
    """Ctrl-C during an import: the first one asks the pipeline to stop at its next chunk (it rolls back: nothing
    is written); a second one interrupts at once (the transaction is rolled back all the same)."""
    interrupted = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield interrupted  # signals reach the main thread only (tests call the command in threads)
        return

    def first(_signal: int, _frame: object) -> None:
        interrupted.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = signal.signal(signal.SIGINT, first)
    try:
        yield interrupted
    finally:
        signal.signal(signal.SIGINT, previous)


def _options(args: argparse.Namespace) -> dict[str, object]:
    """The choices a standard file offers, from the command line (none: the remembered or default ones)."""
    options: dict[str, object] = {}
    if args.word or args.beneficiary:
        options.update(words=list(args.word or []), beneficiaries=list(args.beneficiary or []))
    if args.money_source == "iati":
        options["matched_money_source"] = "iati"
    if args.sheet:
        options[pipeline.SHEET_OPTION] = args.sheet
    if getattr(args, "accept_missing_rates", False):
        options[CONFIRM_MISSING_RATES] = True
    return options


def _standard_summary(result: Preview, lang: str) -> None:
    """What an IATI or SCDL file says beyond its counts: how records were matched, the notes, what has no
    place (one line each, most frequent first)."""
    hows = Counter((item.record, item.how) for item in result.matches)
    for (record, how), count in sorted(hows.items()):
        print(t("import.cli.matched", lang, count=count, record=t(f"import.record.{record}", lang),
                how=t(f"import.matched.{how}", lang)))
    for group in grouped(result.notes):
        lines = ", ".join(str(line) for line in group.lines)
        print(t("import.cli.note", lang, count=group.count, lines=lines or "-", message=group.message(lang)))
    for path, count in result.unmapped.items():
        print(t("import.cli.unmapped", lang, count=count, element=path))
    if "kept_rows" in result.options:
        print(t("import.cli.rows_kept", lang, kept=result.options["kept_rows"], rows=result.options["rows"]))


def _template(args: argparse.Namespace) -> int:
    if args.kind == WORKBOOK:
        args.xlsx = True  # several sheets need a workbook
    data = templates.template_xlsx(args.kind, args.lang) if args.xlsx else templates.template_csv(args.kind, args.lang)
    if args.output in (None, "-"):
        if args.xlsx and sys.stdout.isatty():
            print(t("import.cli.xlsx_to_terminal", args.lang), file=sys.stderr)
            return EXIT_USAGE
        sys.stdout.buffer.write(data)
        return EXIT_OK
    output = Path(args.output)
    output.write_bytes(data)
    if not args.xlsx:  # a CSV cannot hold the descriptions without breaking the upload: write them alongside
        described = output.with_name(output.stem + ".columns.csv")

        described.write_bytes(to_csv_bytes(templates.columns_frame(args.kind, args.lang), args.lang))
        print(t("import.cli.template_written", args.lang, file=str(output), columns=str(described)))
    else:
        print(t("import.cli.template_written_xlsx", args.lang, file=str(output)))
    return EXIT_OK


def _imports(args: argparse.Namespace) -> int:
    with Session(_engine(args)) as session:
        history = import_history(session, actor=SYSTEM_ACTOR, limit=args.limit)
    if not history:
        print(t("import.cli.no_history", args.lang))
    for batch in history:
        print(t("import.cli.history_line", args.lang, batch=batch.id, at=batch.created_at.strftime("%Y-%m-%d %H:%M"),
                user=batch.user, kind=batch.kind, file=batch.file_name, created=batch.created, updated=batch.updated,
                unchanged=batch.unchanged, status=t(f"import.status.{batch.status}", args.lang)))
    return EXIT_OK


def _undo(args: argparse.Namespace) -> int:
    lang = args.lang
    with Session(_engine(args)) as session:
        try:
            actor = _actor(session, args.user)
            result = undo(session, batch_id=args.batch_id, actor=actor)
        except LookupError:
            print(t("import.cli.unknown_user", lang, user=args.user), file=sys.stderr)
            return EXIT_USAGE
        except PermissionDeniedError:
            print(t("import.cli.denied_undo", lang, user=args.user, batch=args.batch_id), file=sys.stderr)
            return EXIT_REFUSED
        except UndoRefusedError as error:
            print(error.message(lang), file=sys.stderr)
            return EXIT_REFUSED
    print(t("import.undo.done", lang, batch=result.batch_id, deleted=result.deleted, restored=result.restored))
    return EXIT_OK


def _bench(args: argparse.Namespace) -> int:
    if args.iati:
        print(run_iati_benchmark(activities=args.activities, database_url=args.database_url).text())
        return EXIT_OK
    report = run_benchmark(rows=args.rows, database_url=args.database_url)
    print(report.text())
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    def with_lang(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.add_argument("--lang", choices=("en", "fr"), default="en", help="language of messages and templates")
        return parser

    command = with_lang(subparsers.add_parser("import", help="import a CSV or .xlsx file (all or nothing)"))
    command.add_argument("file", help="the CSV or .xlsx file")
    command.add_argument("--kind", required=True, choices=(*KINDS, WORKBOOK, *STANDARD_KINDS),
                         help="what the file holds (workbook: an .xlsx with one sheet per kind; iati: an IATI "
                              "activity XML file; scdl: a French SCDL grant file)")
    command.add_argument("--word", action="append", help="scdl: keep the grants whose object holds this word "
                         "(repeat for several; end with * for a word's beginning); remembered for the publisher")
    command.add_argument("--beneficiary", action="append", help="scdl: keep the grants to this beneficiary "
                         "(name or SIRET; repeat for several)")
    command.add_argument("--money-source", choices=("keep", "iati"), default="keep",
                         help="iati: for projects already in the portfolio, keep the money source they count "
                              "(default) or count the file's money")
    command.add_argument("--sheet", default=None, help="an .xlsx holding one kind: the worksheet to read, by its "
                         "title (default: the visible sheet named after the kind, else the first visible sheet; "
                         "hidden sheets are read only when named here)")
    command.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    command.add_argument("--accept-missing-rates", action="store_true",
                         help="import amounts in a currency with no stored rate: they stay apart, not converted, "
                              "until a rate is uploaded (without it such a file is refused)")
    command.add_argument("--user", default=None, help="act as this account (default: system administrator)")
    command.set_defaults(handler=_import)

    command = with_lang(subparsers.add_parser("template", help="write the upload template of a kind"))
    command.add_argument("kind", choices=(*KINDS, WORKBOOK))
    command.add_argument("--xlsx", action="store_true", help="an Excel workbook with a sheet describing the columns")
    command.add_argument("-o", "--output", default=None, help="file to write (default: standard output)")
    command.set_defaults(handler=_template)

    command = with_lang(subparsers.add_parser("imports", help="list the import batches, newest first"))
    command.add_argument("--limit", type=int, default=50)
    command.set_defaults(handler=_imports)

    command = with_lang(subparsers.add_parser("undo", help="undo an import batch"))
    command.add_argument("batch_id", type=int)
    command.add_argument("--user", default=None, help="act as this account (default: system administrator)")
    command.set_defaults(handler=_undo)

    command = subparsers.add_parser("bench-import", help="time validating and committing N budget lines, or "
                                                         "(--iati) importing a generated IATI file")
    command.add_argument("--rows", type=int, default=100_000)
    command.add_argument("--iati", action="store_true",
                         help="import a generated IATI 2.03 file instead (targets: <= 60 s, <= 600 MB)")
    command.add_argument("--activities", type=int, default=5000,
                         help="activities of the generated IATI file (5 000: about 50 MB)")
    # Also accepted after the command; SUPPRESS keeps a URL given before it (argparse lets a subcommand's
    # default overwrite the main parser's value).
    command.add_argument("--database-url", default=argparse.SUPPRESS,
                         help="a PostgreSQL server to run on (a scratch database is created there and dropped); "
                              "default: a temporary SQLite file")
    command.set_defaults(handler=_bench)
