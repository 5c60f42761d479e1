"""The library's tables. Alembic's migrations (library/migrations) create them;
this module is what the code reads and writes through."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

SLUG_LENGTH = 64
NAME_LENGTH = 160
SHA256_LENGTH = 64
VERSION_MAX = 2**31 - 1  # the largest number an Integer column holds everywhere

themes = Table(
    "themes",
    metadata,
    Column("theme", String(SLUG_LENGTH), primary_key=True),
    Column("name_zh", String(NAME_LENGTH), nullable=False),
    Column("name_en", String(NAME_LENGTH), nullable=False),
    Column("position", Integer, nullable=False),
)

unit_kinds = Table(
    "unit_kinds",
    metadata,
    Column("kind", String(SLUG_LENGTH), primary_key=True),
    Column("name_zh", String(NAME_LENGTH), nullable=False),
    Column("name_en", String(NAME_LENGTH), nullable=False),
    Column("position", Integer, nullable=False),
)

units = Table(
    "units",
    metadata,
    Column("unit", String(SLUG_LENGTH), primary_key=True),
    Column("name_zh", String(NAME_LENGTH), nullable=False),
    Column("name_en", String(NAME_LENGTH), nullable=False),
    Column("axis_zh", String(NAME_LENGTH), nullable=False),
    Column("axis_en", String(NAME_LENGTH), nullable=False),
    Column("kind", String(SLUG_LENGTH), ForeignKey("unit_kinds.kind"), nullable=False),
    Column("base", String(SLUG_LENGTH), nullable=False),
    Column("scale", Float, nullable=False),
    Column("position", Integer, nullable=False),
)

# One row per report; ``version`` is the number of its current version (the one
# the dashboard shows), so a worker checks one integer to know whether to reload.
reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(SLUG_LENGTH), nullable=False, unique=True),
    Column("title_zh", String(NAME_LENGTH), nullable=False),
    Column("title_en", String(NAME_LENGTH), nullable=False),
    Column("organisation", String(NAME_LENGTH), nullable=False),
    Column("kind", String(SLUG_LENGTH), nullable=False),
    # The period as the report states it; empty when it states none.
    Column("period", String(NAME_LENGTH), nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Every version of a report: its text and where it came from. Nothing is deleted;
# a replaced report keeps its earlier versions.
versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("author", String(NAME_LENGTH), nullable=False),
    Column("note", String(NAME_LENGTH), nullable=False),
    Column("source_name", String(NAME_LENGTH), nullable=False),
    Column("source_sha256", String(SHA256_LENGTH), nullable=False),
    # A digest of text and tables as imported: a changed file is told from an
    # unchanged one without reading the rows.
    Column("content_sha256", String(SHA256_LENGTH), nullable=False),
    # The digest of each file the version was imported from (JSON), so a file
    # changed since is named.
    Column("files", Text, nullable=False),
    Column("text", Text, nullable=False),
    UniqueConstraint("report_id", "number", name="uq_versions_report_number"),
)

facts = Table(
    "facts",
    metadata,
    Column("version_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("id", String(SLUG_LENGTH), nullable=False),
    Column("section", String(SLUG_LENGTH), nullable=False),
    Column("theme", String(SLUG_LENGTH), nullable=False),
    Column("label_zh", Text, nullable=False),
    Column("label_en", Text, nullable=False),
    Column("value", Float, nullable=False),
    Column("unit", String(SLUG_LENGTH), nullable=False),
    Column("qualifier", String(SLUG_LENGTH), nullable=False),
    Column("kind", String(SLUG_LENGTH), nullable=False),
    Column("formula", Text, nullable=False),
    Column("excerpt", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("status", String(SLUG_LENGTH), nullable=False),
    Column("measure", String(SLUG_LENGTH), nullable=False),
)

items = Table(
    "items",
    metadata,
    Column("version_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("list_id", String(SLUG_LENGTH), nullable=False),
    Column("position", Integer, nullable=False),
    Column("label_zh", Text, nullable=False),
    Column("label_en", Text, nullable=False),
    Column("excerpt", Text, nullable=False),
    Column("start", Integer, nullable=False),
)

outline = Table(
    "outline",
    metadata,
    Column("version_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("section", String(SLUG_LENGTH), nullable=False),
    Column("level", Integer, nullable=False),
    Column("parent", String(SLUG_LENGTH), nullable=False),
    Column("number", String(SLUG_LENGTH), nullable=False),
    Column("title_zh", Text, nullable=False),
    Column("title_en", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

# The pages a report describes for itself (none: a page per section).
pages = Table(
    "pages",
    metadata,
    Column("version_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("page", String(SLUG_LENGTH), nullable=False),
    Column("path", String(SLUG_LENGTH), nullable=False),
    Column("view", String(SLUG_LENGTH), nullable=False),
    Column("themes", Text, nullable=False),
)

# Editors: the people who may change a report's facts in the browser (viewers
# never sign in). The password is kept as a salted hash only.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(SLUG_LENGTH), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # How many times the editor has signed out: a session made before the last
    # sign-out (a copied cookie) is no longer let in.
    Column("sign_outs", Integer, nullable=False, server_default="0"),
)

# What each edit of a version changed, fact by fact: the row before and after
# (JSON; "" when there was none), so a report's and a fact's history can be read
# without comparing whole versions.
changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version_id", Integer, ForeignKey("versions.id"), nullable=False),
    Column("subject", String(SLUG_LENGTH), nullable=False),
    Column("action", String(SLUG_LENGTH), nullable=False),
    Column("before", Text, nullable=False),
    Column("after", Text, nullable=False),
)

# Table columns in the order of the CSV files (data/schemas.py), row key aside.
TABLE_COLUMNS = {
    "facts.csv": (facts, "position"),
    "items.csv": (items, "row"),
    "outline.csv": (outline, "row"),
    "pages.csv": (pages, "row"),
}
