"""A report as files, the way git, a backup or another library can take it:
report.txt, facts.csv, items.csv, outline.csv (the bundled tables' columns, plus
each fact's status and measure word) and report.json (title, organisation, kind,
period). ``write_folder`` writes them, ``read_folder`` reads them back through the
same checks as the bundled data."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import asdict, fields
from pathlib import Path

import pandas as pd

from data.loader import FLAT_REPORT_PATH, TABLES, Dataset, load_dataset, report_path
from data.schemas import FactSchema
from library.database import LibraryError
from library.reports import Loaded, ReportMeta, file_digests, frames_of

META_FILE = "report.json"
META_MAX_BYTES = 64 * 1024
FACT_COLUMNS = tuple(FactSchema.to_schema().columns)  # status, measure last


def _number(value: object) -> object:
    """A number as the report writes it: 22, not 22.0; 0.5 as 0.5."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def table_text(frame: pd.DataFrame, columns) -> str:
    """``frame``'s ``columns`` as CSV text (UTF-8 without BOM, "\\n" line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in frame[list(columns)].itertuples(index=False):
        writer.writerow([_number(cell) for cell in row])
    return buffer.getvalue()


def folder_texts(loaded: Loaded) -> dict[str, str]:
    """Every file of ``loaded`` by name, as text."""
    frames = frames_of(loaded.dataset)
    texts = {str(FLAT_REPORT_PATH): loaded.dataset.report}
    for name, frame in frames.items():
        columns = FACT_COLUMNS if name == "facts.csv" else tuple(frame.columns)
        texts[name] = table_text(frame, columns)
    meta = {**asdict(loaded.meta), "version": loaded.version}
    texts[META_FILE] = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
    return texts


def write_folder(loaded: Loaded, out: Path) -> list[Path]:
    """Write ``loaded`` into folder ``out`` (made if missing). Each file is
    written whole or not at all (a temporary file, then renamed over)."""
    if out.exists() and not out.is_dir():
        raise LibraryError(f"{out} is a file, not a folder: choose another --out")
    try:
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in folder_texts(loaded).items():
            handle, temporary = tempfile.mkstemp(dir=out, prefix=f".{name}.")
            try:
                with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
                    file.write(text)
                os.replace(temporary, out / name)
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)
            written.append(out / name)
    except OSError as error:
        raise LibraryError(
            f"cannot write to {out} ({error.strerror or error}): choose a writable "
            "folder with --out"
        ) from None
    return written


def read_meta(folder: Path) -> dict[str, str]:
    """report.json of ``folder`` ({} when there is none)."""
    path = folder / META_FILE
    if not path.exists():
        return {}
    try:
        if path.is_symlink() or not path.is_file():
            raise LibraryError(f"{path} must be a regular file")
        if path.stat().st_size > META_MAX_BYTES:
            raise LibraryError(f"{path} is larger than {META_MAX_BYTES // 1024} KB")
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LibraryError(
            f"{path} cannot be read ({error}): it must be a JSON object of "
            "text fields (slug, title_zh, title_en, organisation, kind, period)"
        ) from None
    names = {field.name for field in fields(ReportMeta)} | {"version"}
    if not isinstance(meta, dict) or not all(
        isinstance(value, str) for key, value in meta.items() if key != "version"
    ):
        raise LibraryError(f"{path}: every field must be text")
    if unknown := sorted(set(meta) - names):
        raise LibraryError(f"{path}: unknown field(s) {', '.join(unknown)}")
    return {key: value for key, value in meta.items() if key != "version"}


def read_folder(folder: Path, **overrides: str) -> tuple[ReportMeta, Dataset, dict]:
    """The report in ``folder``: its metadata (report.json, then ``overrides``),
    its validated tables (DataError when a rule is broken), and the digest of
    each of its files."""
    dataset = load_dataset(folder)
    meta = read_meta(folder)
    meta.update({key: value for key, value in overrides.items() if value})
    if "slug" not in meta:
        raise LibraryError(f"{folder} has no {META_FILE}: give the report a --slug")
    title = dataset.report.split("\n", 1)[0].strip()
    meta.setdefault("title_zh", title)
    meta.setdefault("title_en", meta["title_zh"])
    names = [str(report_path(folder)), *TABLES, META_FILE]
    return ReportMeta(**meta), dataset, file_digests(folder, names)
