"""Reading a report's file: .txt in UTF-8, UTF-8 with a BOM or GBK, .docx with
paragraphs and tables, a PDF's text layer; and a one-line IngestError saying what
is wrong and what to do for each kind of bad file."""

import hashlib
import io
import shutil
import subprocess
import zipfile

import docx
import pytest
from pypdf import PdfWriter

import ingest.read
from ingest import IngestError, propose, read_source

REPORT = "政府工作报告\r\n一、工作回顾\r\n　　全年发放调查问卷236份，增长8.7%。\r\n"
NORMALISED = REPORT.replace("\r\n", "\n")


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "encoded",
    [
        REPORT.encode("utf-8"),
        b"\xef\xbb\xbf" + REPORT.encode("utf-8"),
        REPORT.encode("gbk"),
        REPORT.encode("gb18030"),
    ],
    ids=["utf-8", "utf-8 with BOM", "gbk", "gb18030"],
)
def test_text_in_each_encoding_reads_the_same(tmp_path, encoded):
    path = write(tmp_path, "report.txt", encoded)
    source = read_source(path)
    assert source.text == NORMALISED
    assert source.format == "txt" and source.name == "report.txt"
    assert source.sha256 == hashlib.sha256(encoded).hexdigest()


def test_old_mac_line_ends_become_newlines(tmp_path):
    path = write(tmp_path, "report.txt", "第一行\r第二行\r".encode())
    assert read_source(path).text == "第一行\n第二行\n"


def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("一、工作回顾")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "数值"
    table.cell(1, 0).text, table.cell(1, 1).text = "调查问卷", "236份"
    document.add_paragraph("全年增长8.7%。")
    path = tmp_path / "report.docx"
    document.save(path)
    source = read_source(path)
    assert source.format == "docx"
    assert (
        source.text
        == "一、工作回顾\n指标\u3000数值\n调查问卷\u3000236份\n全年增长8.7%。"
    )
    values = sorted(propose(source.text).facts["value"])
    assert values == [8.7, 236]


def test_pdf_text_layer(tmp_path):
    assert shutil.which("chromium"), (
        "Chromium prints this test's PDF; install it: scripts/install-system-deps.sh"
    )
    html = tmp_path / "report.html"
    html.write_text(
        '<html><meta charset="utf-8"><body style="font-family:Noto Sans CJK SC">'
        "<p>一、工作回顾</p><p>全年发放调查问卷236份。</p></body></html>",
        encoding="utf-8",
    )
    pdf = tmp_path / "report.pdf"
    printed = subprocess.run(
        [
            "chromium", "--headless", "--no-sandbox", "--disable-gpu",
            "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri(),
        ],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert pdf.exists(), (
        f"Chromium printed no PDF (exit {printed.returncode}): "
        f"{printed.stderr.strip()[-300:]}"
    )
    source = read_source(pdf)
    assert source.format == "pdf"
    assert "全年发放调查问卷236份" in source.text
    assert propose(source.text).facts["value"].tolist() == [236]


def _pdf(encrypt: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if encrypt:
        writer.encrypt(user_password=encrypt, owner_password=encrypt)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _empty_docx(path):
    docx.Document().save(path)
    return path


def _zip_without_word(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a document")
    return path


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("report.txt", lambda p: p.write_bytes(b""), "empty"),
        ("report.txt", lambda p: p.write_bytes("  \n\u3000\n".encode()), "no text"),
        ("report.txt", lambda p: p.write_bytes(bytes(range(256)) * 8), "binary"),
        (
            "report.txt",
            lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300)),
            "binary",
        ),
        (
            "report.txt",
            lambda p: p.write_bytes("第一行\n第二\x07行".encode()),
            "line 2",
        ),
        ("report.pdf", lambda p: p.write_bytes(_pdf()), "run OCR first"),
        ("report.pdf", lambda p: p.write_bytes(_pdf("secret")), "password"),
        ("report.pdf", lambda p: p.write_bytes(b"%PDF-1.4 broken"), "cannot be read"),
        ("report.docx", lambda p: p.write_bytes(b"plain text, no zip"), "not a Word"),
        ("report.docx", _zip_without_word, "not a Word"),
        ("report.docx", _empty_docx, "holds no text"),
        ("report.rtf", lambda p: p.write_bytes(b"{\\rtf1}"), ".txt, .docx or .pdf"),
    ],
)
def test_bad_files_get_one_line_saying_what_to_do(tmp_path, name, make, words):
    path = tmp_path / name
    make(path)
    with pytest.raises(IngestError) as raised:
        read_source(path)
    message = str(raised.value)
    assert words in message
    assert "\n" not in message and "Traceback" not in message
    assert name in message


def test_too_much_text(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest.read, "MAX_TEXT_BYTES", 100)
    path = write(tmp_path, "report.txt", ("发放问卷236份。" * 20).encode())
    with pytest.raises(IngestError, match="more than|larger than"):
        read_source(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        read_source(tmp_path / "nowhere.txt")


def test_the_size_limit_is_five_megabytes():
    assert ingest.MAX_TEXT_BYTES == 5 * 2**20
