"""The library: vocabularies, reports, their versions, facts, list members and
outline.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SLUG = sa.String(64)
NAME = sa.String(160)
SHA = sa.String(64)


def _named(*columns: str) -> list[sa.Column]:
    """Columns of a vocabulary: an id, zh/en names, and its order on screen."""
    return [
        sa.Column(columns[0], SLUG, primary_key=True),
        *(sa.Column(name, NAME, nullable=False) for name in columns[1:]),
    ]


def _version() -> sa.ForeignKey:
    return sa.ForeignKey("versions.id")


def upgrade() -> None:
    op.create_table(
        "themes",
        *_named("theme", "name_zh", "name_en"),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "unit_kinds",
        *_named("kind", "name_zh", "name_en"),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "units",
        *_named("unit", "name_zh", "name_en", "axis_zh", "axis_en"),
        sa.Column("kind", SLUG, sa.ForeignKey("unit_kinds.kind"), nullable=False),
        sa.Column("base", SLUG, nullable=False),
        sa.Column("scale", sa.Float, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", SLUG, nullable=False, unique=True),
        sa.Column("title_zh", NAME, nullable=False),
        sa.Column("title_en", NAME, nullable=False),
        sa.Column("organisation", NAME, nullable=False),
        sa.Column("kind", SLUG, nullable=False),
        sa.Column("period", NAME, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", NAME, nullable=False),
        sa.Column("note", NAME, nullable=False),
        sa.Column("source_name", NAME, nullable=False),
        sa.Column("source_sha256", SHA, nullable=False),
        sa.Column("content_sha256", SHA, nullable=False),
        sa.Column("files", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.UniqueConstraint("report_id", "number", name="uq_versions_report_number"),
    )
    op.create_table(
        "facts",
        sa.Column("version_id", sa.Integer, _version(), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("id", SLUG, nullable=False),
        sa.Column("section", SLUG, nullable=False),
        sa.Column("theme", SLUG, nullable=False),
        sa.Column("label_zh", sa.Text, nullable=False),
        sa.Column("label_en", sa.Text, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", SLUG, nullable=False),
        sa.Column("qualifier", SLUG, nullable=False),
        sa.Column("kind", SLUG, nullable=False),
        sa.Column("formula", sa.Text, nullable=False),
        sa.Column("excerpt", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("status", SLUG, nullable=False),
        sa.Column("measure", SLUG, nullable=False),
    )
    op.create_table(
        "items",
        sa.Column("version_id", sa.Integer, _version(), primary_key=True),
        sa.Column("row", sa.Integer, primary_key=True),
        sa.Column("list_id", SLUG, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("label_zh", sa.Text, nullable=False),
        sa.Column("label_en", sa.Text, nullable=False),
        sa.Column("excerpt", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
    )
    op.create_table(
        "outline",
        sa.Column("version_id", sa.Integer, _version(), primary_key=True),
        sa.Column("row", sa.Integer, primary_key=True),
        sa.Column("section", SLUG, nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("parent", SLUG, nullable=False),
        sa.Column("number", SLUG, nullable=False),
        sa.Column("title_zh", sa.Text, nullable=False),
        sa.Column("title_en", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("outline", "items", "facts", "versions", "reports", "units"):
        op.drop_table(table)
    op.drop_table("unit_kinds")
    op.drop_table("themes")
