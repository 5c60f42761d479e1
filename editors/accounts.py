"""Editors' accounts in the library's ``users`` table: a name and an argon2 hash
of the password, never the password.

Every function takes the library's engine (``Library.open().engine``). Failures
are AccountError (a LibraryError) with one line that says what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from library import models as m
from library.database import LibraryError, failure

NAME_MAX = m.SLUG_LENGTH
NAME_RULE = re.compile(rf"[A-Za-z0-9_.-]{{1,{NAME_MAX}}}")
PASSWORD_MIN = 8
PASSWORD_MAX = 1024


class AccountError(LibraryError):
    """An account cannot be added, removed or read; the message says why."""


@dataclass(frozen=True)
class Account:
    """An editor as the sign-in session knows them."""

    id: int
    name: str
    password_hash: str
    sign_outs: int = 0


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id with the library's current parameters


@cache
def _dummy_hash() -> str:
    """A hash to verify against when the name is unknown, so an unknown name
    takes as long as a wrong password."""
    return _hasher().hash("not anyone's password")


def name_problem(name: str) -> str | None:
    """None when ``name`` may be an editor's name, else what is wrong."""
    if NAME_RULE.fullmatch(name):
        return None
    return (
        f"the name {name[:NAME_MAX]!r} is not allowed: use 1 to {NAME_MAX} letters, "
        "digits, '_', '.' or '-', with no spaces"
    )


def password_problem(password: str) -> str | None:
    """None when ``password`` may be used, else what is wrong."""
    if len(password) < PASSWORD_MIN:
        return f"the password is too short: use at least {PASSWORD_MIN} characters"
    if len(password) > PASSWORD_MAX:
        return f"the password is too long: use at most {PASSWORD_MAX} characters"
    if any(ord(c) < 32 or ord(c) == 127 for c in password):
        return (
            "the password holds a control character (NUL, tab…), which no "
            "sign-in form can type: choose another"
        )
    return None


def _check(name: str, password: str | None = None) -> None:
    if problem := name_problem(name):
        raise AccountError(problem)
    if password is not None and (problem := password_problem(password)):
        raise AccountError(problem)


def add_user(engine: Engine, name: str, password: str, replace: bool = False) -> bool:
    """Add editor ``name``; with ``replace``, give an existing editor this new
    password instead (which signs them out everywhere). A name already taken
    (in any letter case) is refused otherwise. True when a password was replaced."""
    _check(name, password)
    hashed = _hasher().hash(password)
    try:
        with engine.begin() as connection:
            existing = connection.execute(
                select(m.users.c.id, m.users.c.name).where(
                    func.lower(m.users.c.name) == name.lower()
                )
            ).first()
            if existing is not None and not (replace and existing.name == name):
                raise AccountError(
                    f"an editor named {existing.name!r} already exists: to change "
                    f"the password, run `python dashboard.py user add {existing.name} "
                    "--replace`"
                )
            if existing is not None:
                connection.execute(
                    update(m.users)
                    .where(m.users.c.id == existing.id)
                    .values(password_hash=hashed)
                )
                return True
            else:
                connection.execute(
                    insert(m.users).values(
                        name=name, password_hash=hashed, created_at=datetime.now(UTC)
                    )
                )
    except SQLAlchemyError as error:
        raise failure(engine, error, "write the editors to") from None
    return False


def remove_user(engine: Engine, name: str) -> None:
    """Remove editor ``name``; they are signed out at their next request."""
    try:
        with engine.begin() as connection:
            removed = connection.execute(
                delete(m.users).where(m.users.c.name == name)
            ).rowcount
    except SQLAlchemyError as error:
        raise failure(engine, error, "write the editors to") from None
    if not removed:
        raise AccountError(
            f"there is no editor named {name[:NAME_MAX]!r}: "
            "`python dashboard.py user list` shows who there is"
        )


def list_users(engine: Engine) -> list[tuple[str, datetime]]:
    """Every editor's name and when they were added, by name."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(m.users.c.name, m.users.c.created_at).order_by(m.users.c.name)
            ).all()
    except SQLAlchemyError as error:
        raise failure(engine, error, "read the editors of") from None
    return [(row.name, row.created_at) for row in rows]


def authenticate(engine: Engine, name: str, password: str) -> Account | None:
    """The editor ``name`` when ``password`` is theirs, else None. An unknown name
    (or one no editor could have) costs the same time as a wrong password."""
    row = None
    if name_problem(name) is None:
        try:
            with engine.connect() as connection:
                row = connection.execute(
                    select(m.users).where(m.users.c.name == name)
                ).first()
        except SQLAlchemyError as error:
            raise failure(engine, error, "read the editors of") from None
    hasher = _hasher()
    try:
        hasher.verify(
            row.password_hash if row else _dummy_hash(), password[:PASSWORD_MAX]
        )
    except (VerificationError, InvalidHashError):
        return None
    if row is None or len(password) > PASSWORD_MAX:
        return None
    account = Account(row.id, row.name, row.password_hash, row.sign_outs)
    if hasher.check_needs_rehash(row.password_hash):
        account = _rehashed(engine, account, password)
    return account


def _rehashed(engine: Engine, account: Account, password: str) -> Account:
    """``account`` with its hash made again at the hasher's current parameters."""
    hashed = _hasher().hash(password)
    try:
        with engine.begin() as connection:
            connection.execute(
                update(m.users)
                .where(m.users.c.id == account.id)
                .values(password_hash=hashed)
            )
    except SQLAlchemyError as error:
        raise failure(engine, error, "write the editors to") from None
    return Account(account.id, account.name, hashed, account.sign_outs)


def check_password(engine: Engine, name: str, password: str) -> bool:
    """Whether ``password`` is editor ``name``'s."""
    return authenticate(engine, name, password) is not None


def account_by_id(engine: Engine, user_id: int) -> Account | None:
    """The editor with this row id, None when there is none (removed)."""
    try:
        with engine.connect() as connection:
            row = connection.execute(
                select(m.users).where(m.users.c.id == user_id)
            ).first()
    except SQLAlchemyError as error:
        raise failure(engine, error, "read the editors of") from None
    if row is None:
        return None
    return Account(row.id, row.name, row.password_hash, row.sign_outs)


def end_sessions(engine: Engine, user_id: int) -> None:
    """Sign the editor out everywhere: every session made so far is refused."""
    try:
        with engine.begin() as connection:
            connection.execute(
                update(m.users)
                .where(m.users.c.id == user_id)
                .values(sign_outs=m.users.c.sign_outs + 1)
            )
    except SQLAlchemyError as error:
        raise failure(engine, error, "sign out of") from None
