"""The pages a report describes for itself (pages.csv).

The bundled report describes its pages from this revision on: its current
version, when it is the one imported from the bundled data folder and has no
pages yet, gains those of data/pages.csv (and the file's digest among the files
it was imported from), so a library made before keeps the report's pages without
an import, and without a warning that the files changed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

import csv
import hashlib
import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

DATA = Path(__file__).resolve().parents[3] / "data"
BUNDLED_NOTE = "imported from the bundled data folder"


def upgrade() -> None:
    pages = op.create_table(
        "pages",
        sa.Column(
            "version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True
        ),
        sa.Column("row", sa.Integer, primary_key=True),
        sa.Column("page", sa.String(64), nullable=False),
        sa.Column("path", sa.String(64), nullable=False),
        sa.Column("view", sa.String(64), nullable=False),
        sa.Column("themes", sa.Text, nullable=False),
    )
    _give_the_bundled_report_its_pages(pages)


def _give_the_bundled_report_its_pages(pages: sa.Table) -> None:
    try:
        slug = json.loads((DATA / "report.json").read_text(encoding="utf-8"))["slug"]
        raw = (DATA / "pages.csv").read_bytes()
    except (OSError, ValueError, KeyError):
        return  # no bundled pages to give
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines()))
    connection = op.get_bind()
    current = connection.execute(
        sa.text(
            "SELECT versions.id, versions.files FROM versions JOIN reports"
            " ON reports.id = versions.report_id"
            " AND versions.number = reports.version"
            " WHERE reports.slug = :slug AND versions.note = :note"
        ),
        {"slug": slug, "note": BUNDLED_NOTE},
    ).first()
    if current is None:
        return
    files = json.loads(current.files or "{}")
    if "pages.csv" in files:
        return
    connection.execute(
        pages.insert(),
        [
            {
                "version_id": current.id,
                "row": n,
                "page": row["page"],
                "path": row["path"],
                "view": row["view"],
                "themes": row["themes"],
            }
            for n, row in enumerate(rows, start=1)
        ],
    )
    files["pages.csv"] = hashlib.sha256(raw).hexdigest()
    connection.execute(
        sa.text("UPDATE versions SET files = :files WHERE id = :id"),
        {"files": json.dumps(files, sort_keys=True), "id": current.id},
    )


def downgrade() -> None:
    op.drop_table("pages")
