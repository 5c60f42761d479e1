"""An editor uploads a report on /library, on SQLite and PostgreSQL: only a
signed-in editor with the session's token; the file's kind told by its content;
the same ingest, and the same refusals, as the command line; a new report every
time (a taken slug gets _2); nothing written when refused."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import docx
import pytest

import dashboard
from callbacks.upload import upload_controls
from components import ids
from components.library import UPLOAD_PATH
from editors.accounts import add_user
from i18n import t
from library import Library
from library.upload import UPLOAD_MAX_BYTES, content_kind, file_name, numbered

SAMPLES = Path(__file__).resolve().parents[1] / "unit" / "ingest_samples"
GOVERNMENT = SAMPLES / "government_work_report.txt"
EDITOR = "ann"
PASSWORD = "correct horse battery"
TOKEN_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def library(library_url):
    opened = Library.open(library_url)
    yield opened
    opened.engine.dispose()


@pytest.fixture
def site(library_url, library, monkeypatch):
    """The dashboard on the test's library, with editor ``ann``."""
    if library_url.startswith("sqlite"):
        monkeypatch.delenv("DATABASE_URL", raising=False)
        monkeypatch.setenv("LIBRARY_PATH", library_url.removeprefix("sqlite:///"))
    else:
        monkeypatch.setenv("DATABASE_URL", library_url)
    monkeypatch.setenv("SECRET_KEY", "test-secret")
    add_user(library.engine, EDITOR, PASSWORD)
    app = dashboard.create_app()
    yield app
    app.server.extensions[dashboard.SHELF_EXTENSION].library.engine.dispose()


def form_token(client) -> str:
    page = client.get("/sign-in")
    return TOKEN_FIELD.search(page.get_data(as_text=True)).group(1)


@pytest.fixture
def editor(site):
    """(client, token): a client signed in as ``ann`` and the session's token."""
    client = site.server.test_client()
    form = {"csrf_token": form_token(client), "name": EDITOR, "password": PASSWORD}
    assert client.post("/sign-in", data=form).status_code == 303
    return client, form_token(client)


def upload(client, token, name, data, lang="en", title=""):
    form = {"file": (io.BytesIO(data), name), "title": title}
    if token is not None:
        form["csrf_token"] = token
    answer = client.post(
        f"{UPLOAD_PATH}?lang={lang}", data=form, content_type="multipart/form-data"
    )
    return answer.status_code, answer.get_json(silent=True) or {}


def slugs(library) -> list[str]:
    return sorted(library.reports()["slug"])


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_viewer_cannot_upload(site, library):
    before = slugs(library)
    client = site.server.test_client()
    status, body = upload(
        client, form_token(client), "gov.txt", GOVERNMENT.read_bytes()
    )
    assert status == 403
    assert body["error"] == t("upload.not_signed_in", "en")
    assert slugs(library) == before


@pytest.mark.parametrize("token", [None, "", "forged"])
def test_an_upload_without_the_sessions_token_is_refused(editor, library, token):
    client, _ = editor
    before = slugs(library)
    status, body = upload(client, token, "gov.txt", GOVERNMENT.read_bytes())
    assert status == 403
    assert body["error"] == t("upload.bad_token", "en")
    assert slugs(library) == before


def test_an_editor_uploads_a_report_and_is_sent_to_review_it(editor, library):
    client, token = editor
    status, body = upload(client, token, "Gov Report.txt", GOVERNMENT.read_bytes())
    assert status == 200, body
    review = urlsplit(body["review"])
    assert review.path == "/review"
    assert parse_qs(review.query) == {"report": ["gov_report"], "lang": ["en"]}
    assert "gov_report" in body["message"]
    loaded = library.load("gov_report")
    assert loaded.version == 1 and len(loaded.dataset.facts) > 20
    assert set(loaded.dataset.facts["status"]) == {"proposed"}
    (version,) = library.history("gov_report").to_dict("records")
    assert version["author"] == EDITOR
    assert version["note"] == "uploaded Gov Report.txt"
    # The same report as the command line brings in from the same file.
    text = GOVERNMENT.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert loaded.dataset.report == text
    assert loaded.meta.title_zh == text.strip().split("\n", 1)[0].strip()


def test_a_second_upload_of_the_same_file_is_a_new_report(editor, library):
    client, token = editor
    data = GOVERNMENT.read_bytes()
    assert upload(client, token, "gov.txt", data)[0] == 200
    status, body = upload(client, token, "gov.txt", data, lang="zh", title="再一份")
    assert status == 200, body
    assert body["review"] == "/review?report=gov_2"
    assert library.version_of("gov") == 1  # never replaced
    assert library.load("gov_2").meta.title_zh == "再一份"


def test_a_word_document_is_accepted(editor, library):
    client, token = editor
    text = GOVERNMENT.read_text(encoding="utf-8")
    status, body = upload(client, token, "cppcc.docx", docx_bytes(text))
    assert status == 200, body
    assert len(library.load("cppcc").dataset.facts) > 20


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "report.pdf",
            GOVERNMENT.read_bytes(),
            "report.pdf is plain text, though named .pdf: rename it to end in .txt",
        ),
        (
            "report.docx",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
            "report.docx is a PDF, though named .docx: rename it to end in .pdf",
        ),
        (
            "report.txt",
            bytes(range(256)) * 8,
            "report.txt is none of the kinds of file a report comes in",
        ),
        (
            "archive.docx",
            b"PK\x03\x04" + b"\x00" * 64,
            "archive.docx is none of the kinds of file a report comes in",
        ),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(
    editor, library, name, data, message
):
    client, token = editor
    before = slugs(library)
    status, body = upload(client, token, name, data)
    assert status == 400
    assert body["error"].startswith(message)
    assert "\n" not in body["error"]
    assert slugs(library) == before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty.txt: the file is empty; give the report's file"),
        ("notes.doc", b"some text", "notes.doc: unknown kind of file '.doc'; give a"),
        ("blank.txt", b"   \n\n  ", "blank.txt: holds no text; give the file that"),
        ("broken.pdf", b"%PDF-1.4 not really", "broken.pdf: cannot be read as a PDF"),
    ],
)
def test_bad_files_get_the_command_lines_messages(editor, library, name, data, message):
    client, token = editor
    before = slugs(library)
    status, body = upload(client, token, name, data)
    assert status == 400
    assert body["error"].startswith(message)
    assert slugs(library) == before


@pytest.mark.parametrize("size", [UPLOAD_MAX_BYTES + 1, UPLOAD_MAX_BYTES + 2**17])
def test_a_file_too_large_is_refused_with_413(editor, library, size):
    client, token = editor
    before = slugs(library)
    status, body = upload(client, token, "big.txt", b"x" * size)
    assert status == 413
    assert body["error"] == t("upload.too_large", "en", mb=UPLOAD_MAX_BYTES // 2**20)
    assert slugs(library) == before


def test_no_file_is_refused(editor):
    client, token = editor
    answer = client.post(
        UPLOAD_PATH + "?lang=en",
        data={"csrf_token": token},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400
    assert answer.get_json()["error"] == t("upload.no_file", "en")


def test_the_form_is_revealed_to_an_editor_only(site, editor):
    outputs = [
        (ids.UPLOAD_FORM, "hidden"),
        (ids.UPLOAD_SIGN_IN, "hidden"),
        (ids.UPLOAD_TOKEN, "value"),
    ]
    key = "...".join(f"{i}.{p}" for i, p in outputs)
    body = {
        "output": f"..{key}..",
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [{"id": ids.URL, "property": "pathname", "value": "/library"}],
        "changedPropIds": [f"{ids.URL}.pathname"],
    }
    client, token = editor
    answer = client.post("/_dash-update-component", json=body).get_json()
    shown = answer["response"]
    assert shown[ids.UPLOAD_FORM]["hidden"] is False
    assert shown[ids.UPLOAD_SIGN_IN]["hidden"] is True
    assert shown[ids.UPLOAD_TOKEN]["value"] == token
    viewer = site.server.test_client()
    answer = viewer.post("/_dash-update-component", json=body).get_json()
    shown = answer["response"]
    assert shown[ids.UPLOAD_FORM]["hidden"] is True
    assert shown[ids.UPLOAD_SIGN_IN]["hidden"] is False
    assert shown[ids.UPLOAD_TOKEN]["value"] == ""


def test_who_sees_the_form():
    assert upload_controls(True, "ann") == (False, True)
    assert upload_controls(True, None) == (True, False)
    assert upload_controls(False, None) == (True, True)


def test_kinds_names_and_numbered_slugs():
    assert content_kind(b"%PDF-1.7") == "pdf"
    assert content_kind("报告".encode("utf-16")) == "txt"
    assert content_kind(b"\x89PNG\r\n\x1a\n\x00\x00") is None
    assert file_name("C:\\Users\\me\\gov.txt") == "gov.txt"
    assert file_name("../../etc/passwd.txt") == "passwd.txt"
    assert file_name("..") == "report"
    assert file_name("a\x00b.txt") == "ab.txt"
    assert len(file_name("长" * 300 + ".pdf").encode()) <= 200
    assert file_name("长" * 300 + ".pdf").endswith(".pdf")
    assert numbered("gov", 2) == "gov_2"
    assert numbered("x" * 64, 12) == "x" * 61 + "_12"
