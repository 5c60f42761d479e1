"""A report an editor uploads in the browser: its kind told by its content, then
brought in exactly as ``python dashboard.py ingest`` brings a file in
(``library.cli.report_from_file``), under a slug no report has yet.

Nothing here knows of requests: the route (callbacks/upload.py) hands over the
file's name and bytes and answers with what comes back, or with the one-line
message of the error raised (UploadRefused, LibraryError, DataError)."""

from __future__ import annotations

import dataclasses
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from data import Dataset
from ingest.read import FORMATS
from library.cli import report_from_file
from library.database import LibraryError
from library.reports import Library, ReportMeta

# An upload is one report's file: a .docx or a PDF with its pictures fits.
UPLOAD_MAX_BYTES = 20 * 2**20
# A name of this length and longer is cut (keeping its extension) to make the
# file it is read from; most file systems allow 255 bytes.
NAME_MAX_BYTES = 200
SLUG_MAX = 64  # data.schemas.SLUG
# How many numbered slugs (name_2, name_3…) are tried before giving up.
SLUG_TRIES = 1000
# What a file's first bytes say it is. UTF-16 text has NUL bytes: its byte-order
# mark tells it from a binary file.
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
DOCX_PART = "word/document.xml"


class UploadRefused(LibraryError):
    """The file is refused before it is read: ``key`` names the catalog message
    (``upload.*``) that says why, filled with ``values``."""

    def __init__(self, key: str, **values: str) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Uploaded:
    """A report brought in: its meta (with the slug it was saved under), the
    tables saved and the version number."""

    meta: ReportMeta
    dataset: Dataset
    version: int


def content_kind(data: bytes) -> str | None:
    """What ``data`` is by its content: "pdf", "docx", "txt", or None (neither)."""
    if data.startswith(PDF_MAGIC):
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        return "docx" if DOCX_PART in names else None
    if b"\x00" not in data or data.startswith(UTF16_MARKS):
        return "txt"
    return None


def file_name(given: str) -> str:
    """The name an upload is read under: the last part of what the browser sent
    (some send a whole path), without NUL, cut to fit a file system; "report"
    (with the extension) when nothing of it is left."""
    name = re.split(r"[/\\]", given.replace("\x00", ""))[-1].strip()
    stem, suffix = Path(name).stem, Path(name).suffix
    if name in ("", ".", "..") or not stem:
        stem = "report"
    if len(suffix.encode()) > NAME_MAX_BYTES // 2:
        suffix = ""  # no extension read_source knows is this long
    while len((stem + suffix).encode()) > NAME_MAX_BYTES:
        stem = stem[:-1]
    return stem + suffix


def check_kind(name: str, data: bytes) -> None:
    """Refuse a file whose content is none of the kinds a report comes in, or
    whose name's extension says another kind than its content. A name whose
    extension is none of them is left to ``read_source``, which says so as on
    the command line."""
    named = FORMATS.get(Path(name).suffix.lower())
    if not data:
        return  # read_source says "the file is empty"
    found = content_kind(data)
    if found is None:
        raise UploadRefused("upload.unknown_content", name=name)
    if named is not None and named != found:
        right = next(ext for ext, kind in FORMATS.items() if kind == found)
        raise UploadRefused(
            "upload.misnamed",
            name=name,
            kind=found,
            extension=Path(name).suffix,
            right=right,
        )


def numbered(slug: str, number: int) -> str:
    """``slug`` with ``_number`` appended, cut so it stays a slug's length."""
    suffix = f"_{number}"
    return slug[: SLUG_MAX - len(suffix)].rstrip("_") + suffix


def bring_in(
    library: Library, given_name: str, data: bytes, title: str, author: str
) -> Uploaded:
    """Read, propose and save the uploaded file as a new report by ``author``.
    Raises UploadRefused, LibraryError or DataError (nothing is written)."""
    name = file_name(given_name)
    check_kind(name, data)
    # Read from a file of the uploaded name, so messages and the slug are the
    # ones the command line gives for it; the folder goes whatever happens.
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        meta, dataset, origin = report_from_file(path, None, title.strip())
    origin["note"] = f"uploaded {origin['source_name']}"
    if problem := meta.problem():
        raise LibraryError(f"cannot save the report: {problem}")
    return _save_under_free_slug(library, meta, dataset, origin, author)


def _save_under_free_slug(
    library: Library, meta: ReportMeta, dataset: Dataset, origin: dict, author: str
) -> Uploaded:
    """Save as a new report: under ``meta.slug``, else the first of slug_2,
    slug_3… that no report has (never a new version of another's report)."""
    candidates = [meta.slug] + [
        numbered(meta.slug, n) for n in range(2, SLUG_TRIES + 2)
    ]
    for slug in candidates:
        if library.version_of(slug) is not None:
            continue
        chosen = dataclasses.replace(meta, slug=slug)
        try:
            number = library.save(chosen, dataset, author=author, **origin)
        except LibraryError:
            if library.version_of(slug) is not None:
                continue  # another upload took this slug meanwhile
            raise
        return Uploaded(chosen, dataset, number)
    raise LibraryError(
        f"the library already has {SLUG_TRIES + 1} reports named like "
        f"{meta.slug!r}: rename the file and upload it again"
    )
