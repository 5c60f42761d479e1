"""The reports a running dashboard serves, as its callbacks ask for them: by the
``report=`` of the page's address, each at its current version.

A shelf over the library checks one integer per request (the report's version)
and reads a report again only when it changed; a shelf over one folder (DATA_DIR,
or a dataset a test hands in) serves that report alone.
"""

from __future__ import annotations

import logging
import os
import weakref
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from components.urlstate import report_param
from data import Dataset, load_dataset
from library import models as m
from library.bundled import bundled_slug, ensure_bundled
from library.database import LibraryError, failure
from library.reports import Library

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    """A report as the switcher and the library page name it."""

    slug: str
    title_zh: str
    title_en: str
    organisation: str
    kind: str
    period: str
    facts: int
    reviewed: int


class Shelf:
    """The reports of a library (or one dataset), by slug; ``default`` is shown
    when the address names none."""

    def __init__(
        self,
        library: Library | None,
        default: str,
        dataset: Dataset | None = None,
    ) -> None:
        self.library = library
        self.default = default
        self._single = dataset
        self._listing: tuple[str, tuple[Entry, ...]] = ("", ())
        self._failing = False
        if library is not None:  # a forked job must not share the parent's pool
            _OPEN.add(self)

    @classmethod
    def single(cls, dataset: Dataset, slug: str = "") -> Shelf:
        """A shelf of one report, loaded already."""
        return cls(None, slug, dataset)

    def _after_fork(self) -> None:
        self.library.engine.dispose(close=False)

    def __contains__(self, slug: object) -> bool:
        """Whether ``slug`` names a report of the shelf (``report=`` accepts it)."""
        if not isinstance(slug, str) or not slug:
            return False
        if self.library is None:
            return slug == self.default
        try:
            return self.library.version_of(slug) is not None
        except LibraryError as error:  # the library away: what was read stands
            self._unreadable(error)
            return self.library.last_read(slug) is not None

    def _unreadable(self, error: LibraryError) -> None:
        """Say once (until the library answers again) that it cannot be read."""
        if not self._failing:
            LOG.error("%s; showing the reports as last read", error)
        self._failing = True

    def slug_for(self, search: object) -> str:
        """The report the address names, when the shelf has it; else the default."""
        asked = report_param(search)
        return asked if asked is not None and asked in self else self.default

    def dataset(self, slug: str) -> Dataset:
        """Report ``slug`` at its current version; while the library cannot be
        read (its file replaced, the database restarting), as last read."""
        if self._single is not None:
            return self._single
        try:
            dataset = self.library.load(slug).dataset
        except LibraryError as error:
            held = self.library.last_read(slug)
            if held is None:
                raise
            self._unreadable(error)
            return held.dataset
        if self._failing:
            LOG.warning("the library can be read again")
            self._failing = False
        return dataset

    def dataset_for(self, search: object) -> Dataset:
        """The dataset of the report the address names (else the default's)."""
        return self.dataset(self.slug_for(search))

    def entries(self) -> tuple[Entry, ...]:
        """Every report, by slug: read again whenever a report's version changed
        (the answer built from it is cached under the new versions)."""
        if self.library is None:
            return ()
        held_token, entries = self._listing
        try:
            token = self.versions()
            if token == held_token:
                return entries
            frame: pd.DataFrame = self.library.reports()
        except LibraryError as error:
            self._unreadable(error)
            return entries
        entries = tuple(
            Entry(**{k: row[k] for k in Entry.__dataclass_fields__})
            for row in frame.to_dict("records")
        )
        self._listing = (token, entries)
        return entries

    def versions(self) -> str:
        """slug:version of every report: what a cached answer depends on."""
        if self.library is None:
            return ""
        query = select(m.reports.c.slug, m.reports.c.version).order_by(m.reports.c.slug)
        try:
            with self.library.engine.connect() as connection:
                rows = connection.execute(query).all()
        except SQLAlchemyError as error:
            raise failure(self.library.engine, error, "read") from None
        return ",".join(f"{slug}:{version}" for slug, version in rows)


def open_shelf(data_dir: str | Path | None = None) -> Shelf:
    """The reports the dashboard serves: the folder ``data_dir`` alone when one is
    given; else the library, the bundled report imported into it at first start,
    with REPORT (default: the bundled report) shown when the address names none."""
    if data_dir:
        return Shelf.single(load_dataset(data_dir))
    library = Library.open()
    if warning := ensure_bundled(library):
        logging.getLogger(__name__).warning(warning)
    default = os.environ.get("REPORT", "").strip() or bundled_slug()
    library.load(default)  # a missing default report stops start-up, named
    return Shelf(library, default)


# Shelves over a library, while they are in use: a process forked from one (a
# background job) gets connections of its own, never its parent's.
_OPEN: weakref.WeakSet[Shelf] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for shelf in list(_OPEN):
        shelf._after_fork()


os.register_at_fork(after_in_child=_after_fork_in_child)
