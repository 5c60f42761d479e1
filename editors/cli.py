"""The editors' commands:

    python dashboard.py user add NAME [--replace]   (asks for the password)
    python dashboard.py user remove NAME
    python dashboard.py user list

The password is asked twice on a terminal; otherwise it is the first line of
standard input (``printf '%s\\n' "$PASSWORD" | python dashboard.py user add ann``).
Each failure is one message on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from editors.accounts import (
    AccountError,
    add_user,
    list_users,
    name_problem,
    password_problem,
    remove_user,
)
from library.database import LibraryError
from library.reports import Library

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
COMMANDS = ("user",)


def add_parsers(sub) -> None:
    """The ``user`` command, on the dashboard's command line."""
    user = sub.add_parser("user", help="add, remove or list the editors")
    actions = user.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add an editor (asks for the password)")
    add.add_argument("name")
    add.add_argument(
        "--replace",
        action="store_true",
        help="give an existing editor a new password (signs them out)",
    )
    remove = actions.add_parser("remove", help="remove an editor (signs them out)")
    remove.add_argument("name")
    actions.add_parser("list", help="list the editors")


def read_password() -> str:
    """The new password: asked twice without echo on a terminal, else the first
    line of standard input."""
    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            raise AccountError("the two passwords differ: run the command again")
        return password
    line = sys.stdin.readline()
    if not line:
        raise AccountError(
            "no password on standard input: type it at a terminal, or pipe it in "
            "as one line"
        )
    return line.removesuffix("\n").removesuffix("\r")


def run(args: argparse.Namespace) -> int:
    """Run one ``user`` command; returns the exit status."""
    try:
        if args.action == "add":
            # Checked before anything is asked or opened.
            if problem := name_problem(args.name):
                raise AccountError(problem)
            password = read_password()
            if problem := password_problem(password):
                raise AccountError(problem)
            replaced = add_user(
                Library.open().engine, args.name, password, replace=args.replace
            )
            done = "has a new password" if replaced else "may now sign in"
            print(f"Editor {args.name!r} {done}.")
        elif args.action == "remove":
            remove_user(Library.open().engine, args.name)
            print(f"Editor {args.name!r} removed; they are signed out.")
        else:
            users = list_users(Library.open().engine)
            for name, created in users:
                print(f"{name}  (added {created:%Y-%m-%d %H:%M})")
            if not users:
                print("No editors yet: add one with `python dashboard.py user add`.")
    except (LibraryError, EOFError) as error:
        message = str(error) or "no password given: run the command again"
        print(message, file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("Interrupted: the editors are as they were.", file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0
