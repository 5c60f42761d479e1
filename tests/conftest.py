"""Shared fixtures: the bundled dataset, a fresh app, and broken copies of the data."""

from __future__ import annotations

import atexit
import base64
import csv
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy
from playwright.sync_api import sync_playwright

from dashboard import create_app
from data import Dataset, load_dataset
from data.loader import DATA_DIR
from devtools.browser import launch
from devtools.postgres import postgres_server

DATA_FILES = (
    "facts.csv",
    "items.csv",
    "outline.csv",
    "pages.csv",
    "source/report.txt",
)

# Every app and server a test starts keeps its library in a folder of the test
# run's own, never in the project's instance/ folder or a DATABASE_URL of the
# machine.
os.environ.pop("DATABASE_URL", None)
_LIBRARY_FOLDER = tempfile.mkdtemp(prefix="dashboard-tests-")
atexit.register(shutil.rmtree, _LIBRARY_FOLDER, ignore_errors=True)
os.environ["LIBRARY_PATH"] = str(Path(_LIBRARY_FOLDER) / "library.sqlite3")


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL cluster of the test run's own (started at first use)."""
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def library_url(request, tmp_path):
    """An empty library database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'library.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_url")
    name = f"library_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    yield server.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="session")
def browser():
    """The one headless Chromium of a test run. Playwright's sync API allows one
    running instance per thread, so every test that needs a browser shares it."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def app(dataset):
    return create_app({"DATASET": dataset})


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of the bundled data files, safe to break."""
    for name in DATA_FILES:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA_DIR / name, target)
    return tmp_path


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(
    path: Path, rows: list[dict[str, str]], fields: list[str] | None = None
) -> None:
    fields = fields or list(rows[0])
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def edit_table(data_copy) -> Callable[[str, Callable[[list[dict]], None]], Path]:
    """edit_table("facts.csv", mutate): mutate the rows of a copied table in place."""

    def edit(name: str, mutate: Callable[[list[dict]], None]) -> Path:
        path = data_copy / name
        rows = read_rows(path)
        mutate(rows)
        write_rows(path, rows)
        return data_copy

    return edit


def decode(array) -> list:
    """A figure array as plotly 7 serialises it (plain list or base64 ``bdata``)."""
    if isinstance(array, dict) and "bdata" in array:
        values = np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
        return values.tolist()
    return list(array)


def post_callback(client, payload: dict):
    """Post a callback request with a Flask test client; return (status, body)."""
    response = client.post("/_dash-update-component", json=payload)
    body = response.get_json(silent=True)
    return response.status_code, body
