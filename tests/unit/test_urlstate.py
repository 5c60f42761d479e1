"""The URL ↔ view-state round trip."""

import pytest

from components.urlstate import Rejected, ViewState, parse_state, to_search
from data.filters import Filters


def test_round_trip(dataset):
    state = ViewState(
        "en",
        Filters(
            section=("1.2", "1.4"),
            theme=("study",),
            unit=("people",),
            kind=("derived",),
        ),
        fact="attendance_per_lecture",
    )
    search = to_search(state)
    assert search == (
        "?lang=en&section=1.2,1.4&theme=study&unit=people&kind=derived"
        "&fact=attendance_per_lecture"
    )
    assert parse_state(search, dataset) == (state, [])


def test_default_state_is_an_empty_query(dataset):
    assert to_search(ViewState()) == ""
    assert parse_state("", dataset) == (ViewState(), [])


def test_values_come_back_in_a_stable_order(dataset):
    state, _ = parse_state("?theme=work,study,work", dataset)
    assert state.filters.theme == ("study", "work")


def test_a_parent_section_is_a_valid_filter(dataset):
    state, rejected = parse_state("?section=1", dataset)
    assert state.filters.section == ("1",) and rejected == []


@pytest.mark.parametrize(
    ("search", "rejected"),
    [
        ("?lang=fr", [Rejected("lang", "fr")]),
        ("?theme=sports,study", [Rejected("theme", "sports")]),
        ("?fact=nope", [Rejected("fact", "nope")]),
        ("?colour=red", [Rejected("colour", "red")]),
        ("?section=9.9", [Rejected("section", "9.9")]),
        ("?section=%ZZ", [Rejected("section", "%ZZ")]),
        # digits that str.isdigit() accepts but int() rejects or reads otherwise
        ("?slide=%C2%B2", [Rejected("slide", "²")]),
        ("?kiosk=2%C2%B2", [Rejected("kiosk", "2²")]),
        ("?slide=%EF%BC%95", [Rejected("slide", "５")]),
    ],
)
def test_unknown_values_are_dropped_and_reported(dataset, search, rejected):
    state, found = parse_state(search, dataset)
    assert found == rejected
    assert state.lang in ("zh", "en")


def test_non_string_and_huge_queries_are_refused(dataset):
    assert parse_state(["?lang=en"], dataset)[0] == ViewState()
    state, rejected = parse_state("?theme=" + "study," * 1000, dataset)
    assert state == ViewState() and len(rejected) == 1


def test_colour_scheme_is_part_of_the_view(dataset):
    state, rejected = parse_state("?mode=dark&lang=en", dataset)
    assert state.mode == "dark" and rejected == []
    assert to_search(state) == "?lang=en&mode=dark"
    assert parse_state("?mode=sepia", dataset)[1] == [Rejected("mode", "sepia")]
