"""Reports in the library: save a version, read the current one, list them, and
write one back to files.

Every version is checked by data.loader's rules before it is written and again
when it is read, so the library never holds, and the dashboard never shows, a
report that breaks a rule. Nothing is ever deleted: saving a report again adds a
version and moves the report's ``version`` to it.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import unicodedata
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import case, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from data.loader import (
    Dataset,
    release_validation_memory,
    validated,
    validated_many,
)
from data.schemas import SLUG
from data.vocabulary import VOCABULARY, Vocabulary
from library import models as m
from library.database import LibraryError, failure, open_engine, upgrade
from review.edits import Change

NAME_MAX = 160
SLUG_RULE = "lower-case letters, digits and _, starting with a letter, at most 64"
# The longest value each field's column holds (models.py); PostgreSQL refuses
# more, SQLite would keep it, so it is checked here, the same on both.
FIELD_MAX = {"kind": m.SLUG_LENGTH}
SHOWN_MAX = 40  # characters of a refused value a message repeats
# Controls, format characters (bidi overrides), line and paragraph separators:
# a title is one line, in a terminal as in the browser.
UNSHOWABLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def _shown(value: str) -> str:
    """``value`` as a one-line message may repeat it: escaped, and cut short."""
    cut = value if len(value) <= SHOWN_MAX else value[:SHOWN_MAX] + "…"
    return repr(cut)


@dataclass(frozen=True)
class ReportMeta:
    """What the library says of a report besides its text and tables. ``period``
    is the period as the report states it; empty when it states none."""

    slug: str
    title_zh: str
    title_en: str
    organisation: str = ""
    kind: str = ""
    period: str = ""

    def problem(self) -> str | None:
        """Why this cannot be saved, or None."""
        if not re.fullmatch(SLUG.strip("^$"), self.slug):
            return f"the slug {_shown(self.slug)} must be {SLUG_RULE} characters"
        for name, value in asdict(self).items():
            limit = FIELD_MAX.get(name, NAME_MAX)
            if len(value) > limit:
                return f"the {name} is longer than {limit} characters"
            if bad := next(
                (c for c in value if unicodedata.category(c) in UNSHOWABLE), None
            ):
                return (
                    f"the {name} {_shown(value)} holds the control character "
                    f"U+{ord(bad):04X}; remove it"
                )
        if not self.title_zh.strip() or not self.title_en.strip():
            return (
                "a report needs a title (zh and en): give --title, or title_zh "
                "and title_en in report.json"
            )
        return None


class StaleVersion(LibraryError):
    """A save made on a version that is no longer the report's current one:
    nothing was written; the editor is shown what changed meanwhile."""

    def __init__(self, slug: str, base: int, current: int) -> None:
        self.slug, self.base, self.current = slug, base, current
        super().__init__(
            f"report {slug!r} is at version {current}, not {base} this change was "
            "made on: nothing was saved; look at what changed and make it again"
        )


def _change_row(change, version_id: int) -> dict:
    """A Change as a row of the changes table."""

    def shown(row) -> str:
        return "" if row is None else json.dumps(row, ensure_ascii=False, default=str)

    return {
        "version_id": version_id,
        "subject": change.subject[: m.SLUG_LENGTH],
        "action": change.action[: m.SLUG_LENGTH],
        "before": shown(change.before),
        "after": shown(change.after),
    }


@dataclass(frozen=True)
class Loaded:
    """A report as the dashboard holds it: its validated tables at a version."""

    meta: ReportMeta
    version: int
    dataset: Dataset


def content_digest(dataset: Dataset) -> str:
    """A digest of the text and tables (not of how the files were written)."""
    return dataset.fingerprint()


def _now() -> datetime:
    return datetime.now(UTC)


def _rows(frame: pd.DataFrame, key: str, version_id: int) -> list[dict]:
    records = frame.to_dict("records")
    for n, record in enumerate(records, start=1):
        record["version_id"] = version_id
        record[key] = n
    return records


class Library:
    """The reports in one database. Safe to share between threads: reads of the
    current version of a report are cached, checked by one cheap query."""

    def __init__(self, engine: Engine, vocabulary: Vocabulary = VOCABULARY) -> None:
        self.engine = engine
        self.vocabulary = vocabulary
        self._loaded: dict[str, Loaded] = {}
        self._lock = threading.Lock()

    @classmethod
    def open(cls, url: str | None = None) -> Library:
        """The library at ``url`` (DATABASE_URL / LIBRARY_PATH by default),
        brought up to date, its vocabularies in step with data/*.csv."""
        library = cls(open_engine(url))
        upgrade(library.engine)
        library.seed_vocabulary()
        return library

    # -- writing -----------------------------------------------------------

    def seed_vocabulary(self) -> None:
        """Make the vocabulary tables say what data/*.csv say (rows added or
        updated, never removed: an older report may still name them)."""
        sources = (
            (m.unit_kinds, "kind", self.vocabulary.unit_kinds),
            (m.themes, "theme", self.vocabulary.themes),
            (m.units, "unit", self.vocabulary.units),
        )
        try:
            with self.engine.begin() as connection:
                for table, key, rows in sources:
                    have = {
                        row[0]: row._mapping
                        for row in connection.execute(select(table.c[key], table))
                    }
                    for position, (name, row) in enumerate(rows.items()):
                        record = {**row, "position": position}
                        if name not in have:
                            connection.execute(insert(table).values(**record))
                        elif any(have[name][k] != v for k, v in record.items()):
                            connection.execute(
                                update(table)
                                .where(table.c[key] == name)
                                .values(**record)
                            )
        except SQLAlchemyError as error:
            raise failure(self.engine, error, "write the vocabularies to") from None

    def save(
        self,
        meta: ReportMeta,
        dataset: Dataset,
        *,
        source_name: str,
        source_sha256: str,
        note: str,
        author: str = "",
        files: dict[str, str] | None = None,
        replace: bool = False,
        base: int | None = None,
        changes: tuple = (),
    ) -> int:
        """Save ``dataset`` as the newest version of report ``meta.slug``; returns
        its number. A new slug makes a report; an existing one needs ``replace``
        (its earlier versions stay). The dataset is checked by every rule first."""
        if problem := meta.problem():
            raise LibraryError(f"cannot save the report: {problem}")
        # The same rules as at load; raises DataError (nothing is written).
        dataset = validated(dataset.report, frames_of(dataset), meta.slug)
        try:
            with self.engine.begin() as connection:
                report = connection.execute(
                    select(m.reports.c.id, m.reports.c.version).where(
                        m.reports.c.slug == meta.slug
                    )
                ).first()
                if base is not None and (report is None or report.version != base):
                    raise StaleVersion(meta.slug, base, report.version if report else 0)
                if report is not None and not replace:
                    raise LibraryError(
                        f"the library already has a report {meta.slug!r} (version "
                        f"{report.version}): choose another --slug, or add --replace "
                        "to make this its new version (earlier versions are kept)"
                    )
                fields = {k: v for k, v in asdict(meta).items() if k != "slug"}
                if report is None:
                    report_id = connection.execute(
                        insert(m.reports).values(
                            slug=meta.slug, version=0, created_at=_now(), **fields
                        )
                    ).inserted_primary_key[0]
                    number = 1
                else:
                    report_id, number = report.id, self._last(connection, report.id) + 1
                version_id = connection.execute(
                    insert(m.versions).values(
                        report_id=report_id,
                        number=number,
                        created_at=_now(),
                        author=author,
                        note=note[:NAME_MAX],
                        source_name=source_name[:NAME_MAX],
                        source_sha256=source_sha256,
                        content_sha256=content_digest(dataset),
                        files=json.dumps(files or {}, sort_keys=True),
                        text=dataset.report,
                    )
                ).inserted_primary_key[0]
                frames = frames_of(dataset)
                for name, (table, key) in m.TABLE_COLUMNS.items():
                    records = _rows(frames[name], key, version_id)
                    if records:
                        connection.execute(insert(table), records)
                if changes:
                    connection.execute(
                        insert(m.changes),
                        [_change_row(change, version_id) for change in changes],
                    )
                connection.execute(
                    update(m.reports)
                    .where(m.reports.c.id == report_id)
                    .values(version=number, **fields)
                )
        except IntegrityError:
            if base is not None:  # another editor's save took this number
                raise StaleVersion(meta.slug, base, base + 1) from None
            raise LibraryError(
                f"another process saved report {meta.slug!r} at the same moment: "
                "nothing was written; try again"
            ) from None
        except SQLAlchemyError as error:
            raise failure(self.engine, error, "write to") from None
        return number

    @staticmethod
    def _last(connection, report_id: int) -> int:
        return connection.execute(
            select(func.max(m.versions.c.number)).where(
                m.versions.c.report_id == report_id
            )
        ).scalar_one()

    # -- reading -----------------------------------------------------------

    def version_of(self, slug: str) -> int | None:
        """The current version of ``slug`` (None: no such report): the one query
        a worker makes to know whether what it holds is still current."""
        try:
            with self.engine.connect() as connection:
                return connection.execute(
                    select(m.reports.c.version).where(m.reports.c.slug == slug)
                ).scalar_one_or_none()
        except SQLAlchemyError as error:
            raise failure(self.engine, error, "read") from None

    def load(self, slug: str) -> Loaded:
        """Report ``slug`` at its current version, as validated tables; served
        from memory while its version is unchanged."""
        version = self.version_of(slug)
        if version is None:
            raise LibraryError(
                f"the library has no report {slug!r}; see `python dashboard.py "
                "library` for the reports it has"
            )
        held = self._loaded.get(slug)
        if held is not None and held.version == version:
            return held
        with self._lock:  # one thread reads a changed report, the others wait
            held = self._loaded.get(slug)
            if held is None or held.version != self.version_of(slug):
                held = self._read(slug)
                self._loaded[slug] = held
            return held

    def last_read(self, slug: str) -> Loaded | None:
        """What this process last read of ``slug`` (None: never read)."""
        return self._loaded.get(slug)

    def _read(self, slug: str, release: bool = True) -> Loaded:
        try:
            with self.engine.connect() as connection:
                report = connection.execute(
                    select(m.reports).where(m.reports.c.slug == slug)
                ).one()
                version = connection.execute(
                    select(m.versions.c.id, m.versions.c.text).where(
                        m.versions.c.report_id == report.id,
                        m.versions.c.number == report.version,
                    )
                ).one()
                frames = {
                    name: self._frame(connection, table, key, version.id)
                    for name, (table, key) in m.TABLE_COLUMNS.items()
                }
        except SQLAlchemyError as error:
            raise failure(self.engine, error, "read") from None
        where = f"report {slug!r} (version {report.version}) of the library"
        dataset = validated(version.text, frames, where, release=release)
        fields = {k: getattr(report, k) for k in ReportMeta.__dataclass_fields__}
        return Loaded(ReportMeta(**fields), report.version, dataset)

    @staticmethod
    def _frame(connection, table, key: str, version_id: int) -> pd.DataFrame:
        columns = [c for c in table.c if c.name not in ("version_id", key)]
        rows = connection.execute(
            select(*columns)
            .where(table.c.version_id == version_id)
            .order_by(table.c[key])
        ).all()
        frame = pd.DataFrame(rows, columns=[c.name for c in columns])
        # Indexed as the line each row has in the file export-data writes.
        frame.index = pd.RangeIndex(2, 2 + len(frame), name="line")
        return frame

    def load_all(self) -> dict[str, Loaded]:
        """Every report at its current version: what a worker holds when it
        starts. Rows are read table by table for all reports at once, and the
        schemas check all of them in one pass (data.loader.validated_many)."""
        try:
            with self.engine.connect() as connection:
                current = connection.execute(
                    select(
                        m.reports,
                        m.versions.c.id.label("version_id"),
                        m.versions.c.text,
                    )
                    .join(
                        m.versions,
                        (m.versions.c.report_id == m.reports.c.id)
                        & (m.versions.c.number == m.reports.c.version),
                    )
                    .order_by(m.reports.c.slug)
                ).all()
                ids = [row.version_id for row in current]
                tables = {
                    name: self._frames(connection, table, key, ids)
                    for name, (table, key) in m.TABLE_COLUMNS.items()
                }
        except SQLAlchemyError as error:
            raise failure(self.engine, error, "read") from None
        entries = [
            (
                row.text,
                {name: tables[name][row.version_id] for name in m.TABLE_COLUMNS},
                f"report {row.slug!r} (version {row.version}) of the library",
            )
            for row in current
        ]
        datasets = validated_many(entries)
        release_validation_memory()
        with self._lock:
            for row, dataset in zip(current, datasets):
                fields = {k: getattr(row, k) for k in ReportMeta.__dataclass_fields__}
                meta = ReportMeta(**fields)
                self._loaded[row.slug] = Loaded(meta, row.version, dataset)
            return {row.slug: self._loaded[row.slug] for row in current}

    @staticmethod
    def _frames(connection, table, key: str, version_ids: list[int]) -> dict:
        """Table rows of each of ``version_ids``, as _frame gives them."""
        columns = [c for c in table.c if c.name not in ("version_id", key)]
        names = [c.name for c in columns]
        rows = connection.execute(
            select(table.c.version_id, *columns)
            .where(table.c.version_id.in_(version_ids))
            .order_by(table.c.version_id, table.c[key])
        ).all()
        every = pd.DataFrame(rows, columns=["version_id", *names])
        frames = {}
        for version_id in version_ids:
            frame = every[every["version_id"] == version_id][names]
            frames[version_id] = frame.set_axis(
                pd.RangeIndex(2, 2 + len(frame), name="line")
            )
        return frames

    def reports(self) -> pd.DataFrame:
        """One row per report: slug, titles, organisation, kind, period, version,
        its number of facts and how many of them are reviewed."""
        current = (
            select(m.versions.c.id)
            .join(m.reports, m.reports.c.id == m.versions.c.report_id)
            .where(m.versions.c.number == m.reports.c.version)
            .subquery()
        )
        counts = (
            select(
                m.facts.c.version_id,
                func.count().label("facts"),
                func.sum(case((m.facts.c.status == "reviewed", 1), else_=0)).label(
                    "reviewed"
                ),
            )
            .where(m.facts.c.version_id.in_(select(current.c.id)))
            .group_by(m.facts.c.version_id)
            .subquery()
        )
        query = (
            select(
                m.reports.c.slug,
                m.reports.c.title_zh,
                m.reports.c.title_en,
                m.reports.c.organisation,
                m.reports.c.kind,
                m.reports.c.period,
                m.reports.c.version,
                func.coalesce(counts.c.facts, 0).label("facts"),
                func.coalesce(counts.c.reviewed, 0).label("reviewed"),
            )
            .join(
                m.versions,
                (m.versions.c.report_id == m.reports.c.id)
                & (m.versions.c.number == m.reports.c.version),
            )
            .join(counts, counts.c.version_id == m.versions.c.id, isouter=True)
            .order_by(m.reports.c.slug)
        )
        try:
            with self.engine.connect() as connection:
                rows = connection.execute(query).all()
        except SQLAlchemyError as error:
            raise failure(self.engine, error, "read") from None
        columns = list(query.selected_columns.keys())
        return pd.DataFrame(rows, columns=columns)

    def history(self, slug: str) -> pd.DataFrame:
        """Every version of ``slug``: number, when, who, note, source."""
        query = (
            select(
                m.versions.c.number,
                m.versions.c.created_at,
                m.versions.c.author,
                m.versions.c.note,
                m.versions.c.source_name,
                m.versions.c.source_sha256,
                m.versions.c.content_sha256,
                m.versions.c.files,
            )
            .join(m.reports, m.reports.c.id == m.versions.c.report_id)
            .where(m.reports.c.slug == slug)
            .order_by(m.versions.c.number)
        )
        try:
            with self.engine.connect() as connection:
                rows = connection.execute(query).all()
        except SQLAlchemyError as error:
            raise failure(self.engine, error, "read") from None
        return pd.DataFrame(rows, columns=list(query.selected_columns.keys()))

    # -- editing -----------------------------------------------------------

    def save_edit(self, slug: str, base: int, edit, author: str) -> int:
        """Keep ``edit`` (review.edits.Edit, made on version ``base``) as the
        report's new version, by ``author``; returns its number. Refused with
        StaleVersion when the report has moved on from ``base``, and with
        DataError (the rules it breaks) when the edited tables break a rule:
        nothing is written either way."""
        loaded = self.load(slug)
        if loaded.version != base:
            raise StaleVersion(slug, base, loaded.version)
        origin = self._origin(slug, base)
        dataset = validated(loaded.dataset.report, edit.frames, f"report {slug!r}")
        return self.save(
            loaded.meta,
            dataset,
            replace=True,
            base=base,
            changes=edit.changes,
            author=author,
            note=edit.note,
            **origin,
        )

    def restore(self, slug: str, number: int, base: int, author: str) -> int:
        """Make version ``number`` of ``slug`` its current one again, as a new
        version (nothing is removed); the save is made on version ``base``."""
        loaded = self.load(slug)
        if loaded.version != base:
            raise StaleVersion(slug, base, loaded.version)
        earlier = self.version_dataset(slug, number)
        origin = self._origin(slug, number)
        return self.save(
            loaded.meta,
            earlier,
            replace=True,
            base=base,
            changes=(Change("", "restore", {"version": base}, {"version": number}),),
            author=author,
            note=f"restored version {number}",
            **origin,
        )

    def _origin(self, slug: str, number: int) -> dict:
        """Where version ``number`` came from: an edit keeps its source."""
        query = (
            select(
                m.versions.c.source_name,
                m.versions.c.source_sha256,
                m.versions.c.files,
            )
            .join(m.reports, m.reports.c.id == m.versions.c.report_id)
            .where(m.reports.c.slug == slug, m.versions.c.number == number)
        )
        try:
            with self.engine.connect() as connection:
                row = connection.execute(query).first()
        except SQLAlchemyError as error:
            raise failure(self.engine, error, "read") from None
        if row is None:
            raise LibraryError(f"report {slug!r} has no version {number}")
        return {
            "source_name": row.source_name,
            "source_sha256": row.source_sha256,
            "files": json.loads(row.files or "{}"),
        }

    def version_dataset(self, slug: str, number: int) -> Dataset:
        """The tables of version ``number`` of ``slug`` (any version, not only
        the current one), checked by the rules."""
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise LibraryError(f"report {slug!r} has no version {number!r}")
        if number > m.VERSION_MAX:
            raise LibraryError(f"report {slug!r} has no version {number}")
        try:
            with self.engine.connect() as connection:
                version = connection.execute(
                    select(m.versions.c.id, m.versions.c.text)
                    .join(m.reports, m.reports.c.id == m.versions.c.report_id)
                    .where(m.reports.c.slug == slug, m.versions.c.number == number)
                ).first()
                if version is None:
                    raise LibraryError(f"report {slug!r} has no version {number}")
                frames = {
                    name: self._frame(connection, table, key, version.id)
                    for name, (table, key) in m.TABLE_COLUMNS.items()
                }
        except SQLAlchemyError as error:
            raise failure(self.engine, error, "read") from None
        where = f"report {slug!r} (version {number}) of the library"
        return validated(version.text, frames, where)

    def changes(
        self, slug: str, subject: str | None = None, after: int = 0
    ) -> pd.DataFrame:
        """What each edit of ``slug`` changed (of one fact or list when
        ``subject`` is given; of versions after ``after``), newest first: number,
        created_at, author, note, subject, action, before, after (JSON)."""
        query = (
            select(
                m.versions.c.number,
                m.versions.c.created_at,
                m.versions.c.author,
                m.versions.c.note,
                m.changes.c.subject,
                m.changes.c.action,
                m.changes.c.before,
                m.changes.c.after,
            )
            .join(m.versions, m.versions.c.id == m.changes.c.version_id)
            .join(m.reports, m.reports.c.id == m.versions.c.report_id)
            .where(m.reports.c.slug == slug, m.versions.c.number > after)
            .order_by(m.versions.c.number.desc(), m.changes.c.id)
        )
        if subject is not None:
            query = query.where(m.changes.c.subject == subject)
        try:
            with self.engine.connect() as connection:
                rows = connection.execute(query).all()
        except SQLAlchemyError as error:
            raise failure(self.engine, error, "read") from None
        return pd.DataFrame(rows, columns=list(query.selected_columns.keys()))


def frames_of(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The dataset's tables by file name, facts with their status and measure
    word, as data.loader.validated takes them."""
    return {
        "facts.csv": dataset.facts,
        "items.csv": dataset.items,
        "outline.csv": dataset.outline,
        "pages.csv": dataset.pages,
    }


def file_digests(folder: Path, names) -> dict[str, str]:
    """sha256 of each file named, as the library records where a version came from."""
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in names
        if (folder / name).is_file()
    }
