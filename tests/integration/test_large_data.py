"""Large but valid data is served through the real callback endpoint with answers
whose size follows the screen, not the tables: every list a page, the Source page
or a fact's detail panel shows is bounded, so doubling the facts (5,500 → 11,000)
leaves each answer as it was."""

from __future__ import annotations

import pytest

from bench.synthetic import generate
from dashboard import create_app
from data import load_dataset
from devtools.requests import callback_payload

SIZES = (100, 200)  # copies of the bundled facts: 5,500 and 11,000 facts


@pytest.fixture(scope="module")
def clients(tmp_path_factory):
    found = {}
    for times in SIZES:
        dataset = load_dataset(generate(tmp_path_factory.mktemp("large"), times))
        app = create_app({"DATASET": dataset, "CACHE_TYPE": "NullCache"})
        found[times] = (app, app.server.test_client())
    return found


def answer_size(app, client, path: str, search: str) -> int:
    payload = callback_payload(
        app,
        "url.search",
        {"url.pathname": path, "url.search": search},
        changed="url.search",
    )
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.data[:300]
    assert b"Traceback" not in response.data
    return len(response.data)


@pytest.mark.parametrize(
    ("path", "search"),
    [
        ("/source", "?lang=en"),
        ("/source", "?lang=zh&fact=questionnaires"),
        ("/", "?lang=en&fact=questionnaires"),
        ("/study", "?lang=zh"),
        ("/research", "?lang=en"),
        ("/consultation", "?lang=en&fact=symposiums"),
        ("/outcomes", "?lang=en&fact=lessons"),
        ("/work", "?lang=zh&fact=regular_work"),
    ],
)
def test_an_answer_does_not_grow_with_the_number_of_facts(clients, path, search):
    smaller, larger = (answer_size(*clients[times], path, search) for times in SIZES)
    # Only the numbers in the notes ("the first 30 of 5,500") may differ.
    assert larger < 1.05 * smaller, (smaller, larger)
