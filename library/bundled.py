"""The bundled report (data/: report, tables, report.json) enters the library at
first start, once. Started again on the same files, nothing changes; started on
changed files, the change is reported and never merged: the library keeps what it
has (editors may have corrected it since) until the files are imported on purpose
(``python dashboard.py import-data data --replace``)."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from data.loader import DATA_DIR, Dataset, load_dataset
from library.database import LibraryError
from library.files import read_folder, read_meta
from library.reports import Library

BUNDLED_NOTE = "imported from the bundled data folder"


def bundled_slug(folder: Path = DATA_DIR) -> str:
    """The slug of the bundled report (its report.json)."""
    return read_meta(folder)["slug"]


def ensure_bundled(library: Library, folder: Path = DATA_DIR) -> str | None:
    """Import the bundled report if the library lacks it. Returns a warning when
    the files differ from those last imported, naming the changed files; None
    otherwise. Raises DataError when the files break a rule."""
    meta, dataset, files = read_folder(folder)
    if library.version_of(meta.slug) is None:
        try:
            library.save(
                meta,
                dataset,
                source_name=folder.name + "/",
                source_sha256=files.get("source/report.txt", ""),
                note=BUNDLED_NOTE,
                files=files,
            )
            return None
        except LibraryError:
            # Two processes starting at once both found it missing: the other
            # one imported it. Anything else is still a failure.
            if library.version_of(meta.slug) is None:
                raise
    history = library.history(meta.slug)
    imported = history[history["note"] == BUNDLED_NOTE]
    if imported.empty:
        return None  # the report came from elsewhere: not ours to compare
    last = json.loads(imported.iloc[-1]["files"])
    changed = sorted(
        name for name in set(files) | set(last) if files.get(name) != last.get(name)
    )
    if not changed:
        return None
    number = int(imported.iloc[-1]["number"])
    return (
        f"The bundled data files {', '.join(changed)} in {folder} changed since they "
        f"were imported into the library as version {number} of "
        f"{meta.slug!r}; the library keeps its version. To import them as a new "
        f"version, run: python dashboard.py import-data {folder} --replace"
    )


def open_report(data_dir: str | Path | None = None) -> Dataset:
    """The report the dashboard shows: from the folder ``data_dir`` when one is
    given, else report REPORT (default: the bundled one) of the library, the
    bundled report imported into it at first start."""
    if data_dir:
        return load_dataset(data_dir)
    library = Library.open()
    if warning := ensure_bundled(library):
        logging.getLogger(__name__).warning(warning)
    return library.load(os.environ.get("REPORT", "").strip() or bundled_slug()).dataset
