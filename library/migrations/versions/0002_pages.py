"""The pages a report describes for itself (pages.csv).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
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


def downgrade() -> None:
    op.drop_table("pages")
