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
# The same bound as a report brought in by ``ingest`` (ingest.read): every worker
# holds every report of the library in memory.
REPORT_MAX_BYTES = 5 * 2**20
TABLE_MAX_BYTES = 32 * 2**20
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _check_out(out: Path, texts: dict[str, str]) -> None:
    if out.exists() and not out.is_dir():
        raise LibraryError(f"{out} is a file, not a folder: choose another --out")
    for name in texts:
        target = out / name
        if target.exists() and not target.is_file() and not target.is_symlink():
            raise LibraryError(
                f"{target} is in the way (not a regular file): move it, or choose "
                "another --out"
            )


def write_folder(loaded: Loaded, out: Path) -> list[Path]:
    """Write ``loaded`` into folder ``out`` (made if missing); other files there
    are kept. Every file is written to a temporary file first and renamed over
    only when all of them are written, so a failure changes none of them."""
    texts = folder_texts(loaded)
    try:
        _check_out(out, texts)
    except OSError as error:  # a name too long, a folder that cannot be entered
        raise LibraryError(
            f"cannot write to {out} ({error.strerror or error}): choose a writable "
            "folder with --out"
        ) from None
    # mkstemp makes files only the owner may read; an export is for git, a
    # backup or another library, so it gets the mode any new file would.
    mode = 0o666 & ~_umask()
    temporaries: dict[str, str] = {}
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in texts.items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            handle, temporaries[name] = tempfile.mkstemp(
                dir=(out / name).parent, prefix=f".{Path(name).name}."
            )
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
                file.write(text)
            os.chmod(temporaries[name], mode)
        for name, temporary in temporaries.items():
            os.replace(temporary, out / name)
    except OSError as error:
        raise LibraryError(
            f"cannot write to {out} ({error.strerror or error}): choose a writable "
            "folder with --out"
        ) from None
    finally:
        for temporary in temporaries.values():
            if os.path.exists(temporary):
                os.unlink(temporary)
    return [out / name for name in texts]


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
    except (OSError, ValueError, RecursionError) as error:
        # ValueError: not JSON, not UTF-8, or an integer of thousands of digits.
        reason = " ".join(str(error).split())[:120] or type(error).__name__
        raise LibraryError(
            f"{path} cannot be read ({reason}): it must be a JSON object of "
            "text fields (slug, title_zh, title_en, organisation, kind, period)"
        ) from None
    names = {field.name for field in fields(ReportMeta)} | {"version"}
    if not isinstance(meta, dict) or not all(
        isinstance(value, str) for key, value in meta.items() if key != "version"
    ):
        raise LibraryError(f"{path}: every field must be text")
    version = meta.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise LibraryError(
            f"{path}: the version must be a whole number from 1 (export-data "
            "writes it); remove it or correct it"
        )
    if unknown := sorted(set(meta) - names):
        raise LibraryError(f"{path}: unknown field(s) {', '.join(unknown)}")
    return {key: value for key, value in meta.items() if key != "version"}


def _check_sizes(folder: Path) -> None:
    """Refuse files larger than one report has, before they are read."""
    if not folder.is_dir():
        return  # load_dataset says what is wrong with it
    limits = {str(report_path(folder)): REPORT_MAX_BYTES}
    limits |= {name: TABLE_MAX_BYTES for name in TABLES}
    for name, limit in limits.items():
        try:
            size = (folder / name).stat().st_size
        except OSError:
            continue  # missing: load_dataset names it
        if size > limit:
            raise LibraryError(
                f"{folder / name} is larger than {limit // 2**20} MB, more than one "
                "report holds: split it into its reports and import each alone"
            )


def read_folder(folder: Path, **overrides: str) -> tuple[ReportMeta, Dataset, dict]:
    """The report in ``folder``: its metadata (report.json, then ``overrides``),
    its validated tables (DataError when a rule is broken), and the digest of
    each of its files."""
    try:
        _check_sizes(folder)
        dataset = load_dataset(folder)
        meta = read_meta(folder)
    except OSError as error:  # a name too long, a folder that cannot be entered
        raise LibraryError(
            f"cannot read the folder {folder} ({error.strerror or error}): check "
            "the path"
        ) from None
    meta.update({key: value for key, value in overrides.items() if value})
    if "slug" not in meta:
        raise LibraryError(f"{folder} has no {META_FILE}: give the report a --slug")
    title = dataset.report.split("\n", 1)[0].strip()
    meta.setdefault("title_zh", title)
    meta.setdefault("title_en", meta["title_zh"])
    names = [str(report_path(folder)), *TABLES, META_FILE]
    return ReportMeta(**meta), dataset, file_digests(folder, names)
