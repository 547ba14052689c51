"""``python -m dashboard user …``: create accounts, change roles, disable, enable, reset a password, list.

Passwords are never taken from the command line (they would stay in the shell history and in the process
list): they are typed at a prompt, twice, or read from standard input with ``--password-stdin``.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.accounts import users
from dashboard.accounts.users import KNOWN_ROLES, AccountError
from dashboard.core import db
from dashboard.core.models import utcnow

# The audit log names the operator: the shell account running the command (the CLI runs with full rights).
_OPERATOR_PREFIX = "cli:"


def _operator() -> str:
    try:
        return _OPERATOR_PREFIX + getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return _OPERATOR_PREFIX + "unknown"


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise AccountError("account.error.password_stdin")
        return users.validate_password(password)
    if not sys.stdin.isatty():
        raise AccountError("account.error.no_terminal")
    first = getpass.getpass("Password: ")
    users.validate_password(first)
    if getpass.getpass("Password again: ") != first:
        raise AccountError("account.error.passwords_differ")
    return first


def _engine(args: argparse.Namespace) -> Engine:
    engine = db.get_engine(args.database_url)
    db.upgrade(engine)  # the first account is often made on a database nobody has started the app on yet
    return engine


def _run(args: argparse.Namespace, action: Callable[[Session], str]) -> int:
    try:
        with db.session_scope(_engine(args)) as session:
            message = action(session)
    except AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(message)
    return 0


def _add(args: argparse.Namespace) -> int:
    try:
        password = None if args.no_password else _read_password(args)
    except AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    def action(session: Session) -> str:
        user = users.create_user(
            session,
            username=args.username,
            roles=args.role,
            password=password,
            email=args.email,
            display_name=args.name,
            by=_operator(),
            now=utcnow(),
        )
        how = "identity provider only" if password is None else "password set"
        return f"account {user.username} created ({', '.join(sorted(set(args.role)))}; {how})"

    return _run(args, action)


def _set_roles(args: argparse.Namespace) -> int:
    def action(session: Session) -> str:
        user = users.set_roles(session, username=args.username, roles=args.role, by=_operator(), now=utcnow())
        return f"account {user.username} now has: {', '.join(sorted(users.roles_of(session, user)))}"

    return _run(args, action)


def _disable(args: argparse.Namespace) -> int:
    def action(session: Session) -> str:
        user = users.disable_user(session, username=args.username, by=_operator(), now=utcnow())
        return f"account {user.username} disabled: it can no longer sign in, and a live session ends at its next click"

    return _run(args, action)


def _unlock(args: argparse.Namespace) -> int:
    def action(session: Session) -> str:
        user = users.unlock_user(session, username=args.username, by=_operator(), now=utcnow())
        return f"account {user.username} unlocked: every device may sign in again"

    return _run(args, action)


def _enable(args: argparse.Namespace) -> int:
    def action(session: Session) -> str:
        user = users.enable_user(session, username=args.username, by=_operator(), now=utcnow())
        return f"account {user.username} enabled (any lock from failed sign-ins cleared)"

    return _run(args, action)


def _password(args: argparse.Namespace) -> int:
    try:
        password = _read_password(args)
    except AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    def action(session: Session) -> str:
        user = users.set_password(session, username=args.username, password=password, by=_operator(), now=utcnow())
        return f"password of {user.username} changed"

    return _run(args, action)


def _list(args: argparse.Namespace) -> int:
    with db.session_scope(_engine(args)) as session:
        accounts = users.list_users(session, now=utcnow())
    if not accounts:
        print("no account yet: create the first administrator with `user add NAME --role admin`")
        return 0
    now = utcnow()
    header = ("username", "roles", "status", "e-mail", "sign-in", "last sign-in")
    rows = [header]
    for account in accounts:
        status = "active" if account.is_active else "disabled"
        if account.locked_until is not None and account.locked_until > now:
            status += (f", {account.waiting_clients} device(s) waiting until {account.locked_until:%Y-%m-%d %H:%M} "
                       "UTC")
        rows.append(
            (
                account.username,
                ",".join(account.roles),
                status,
                account.email or "",
                "password" if account.has_password else "identity provider",
                f"{account.last_login:%Y-%m-%d %H:%M}" if account.last_login else "never",
            )
        )
    widths = [max(len(row[index]) for row in rows) for index in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def _role_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--role",
        action="append",
        required=True,
        choices=KNOWN_ROLES,
        help="a role to give; repeat for several (e.g. --role staff --role admin)",
    )


def _password_argument(parser: argparse.ArgumentParser | argparse._MutuallyExclusiveGroup) -> None:
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of standard input"
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    user = subparsers.add_parser("user", help="manage accounts and roles")
    commands = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")

    add = commands.add_parser("add", help="create an account (the password is asked for, never given inline)")
    add.add_argument("username")
    _role_argument(add)
    add.add_argument("--email", default=None, help="e-mail address; links the account to identity-provider sign-in")
    add.add_argument("--name", default=None, help="display name")
    how = add.add_mutually_exclusive_group()
    _password_argument(how)
    how.add_argument(
        "--no-password", action="store_true", help="no password: the person signs in through the identity provider"
    )
    add.set_defaults(handler=_add)

    set_roles = commands.add_parser("set-roles", help="replace an account's roles")
    set_roles.add_argument("username")
    _role_argument(set_roles)
    set_roles.set_defaults(handler=_set_roles)

    disable = commands.add_parser("disable", help="stop an account from signing in (kept for the audit trail)")
    disable.add_argument("username")
    disable.set_defaults(handler=_disable)

    enable = commands.add_parser("enable", help="re-enable an account and clear a lock")
    enable.add_argument("username")
    enable.set_defaults(handler=_enable)

    unlock = commands.add_parser("unlock", help="let every device try to sign in again at once (also on the "
                                 "Users page)")
    unlock.add_argument("username")
    unlock.set_defaults(handler=_unlock)

    password = commands.add_parser("password", help="set a new password")
    password.add_argument("username")
    _password_argument(password)
    password.set_defaults(handler=_password)

    commands.add_parser("list", help="list the accounts, their roles and status").set_defaults(handler=_list)
