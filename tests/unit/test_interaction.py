"""What each user action does to the view state, called directly."""

from components.interaction import Event, apply_event, clicked_mark, related
from components.urlstate import ViewState, allowed_filter_values
from data.filters import Filters, apply_filters


def act(dataset, state, *args, **kwargs):
    return apply_event(
        state, Event(*args, **kwargs), dataset, allowed_filter_values(dataset)
    )


def test_dropdown_sets_a_filter_keeping_only_allowed_values(dataset):
    state = act(dataset, ViewState(), "filter", "theme", ["work", "sports", "study"])
    assert state.filters.theme == ("study", "work")
    assert act(dataset, state, "filter", "theme", None).filters.theme == ()


def test_clear_all_resets_filters_and_selection(dataset):
    state = ViewState("en", Filters(theme=("study",)), fact="questionnaires")
    assert act(dataset, state, "clear") == ViewState("en")


def test_chip_removes_one_value(dataset):
    state = ViewState(filters=Filters(theme=("study", "work")), fact="questionnaires")
    assert act(dataset, state, "chip", "theme", "study").filters.theme == ("work",)
    assert act(dataset, state, "chip", "fact", "questionnaires").fact is None


def test_clicking_a_mark_selects_then_deselects(dataset):
    selected = act(dataset, ViewState(), "mark", value="questionnaires")
    assert selected.fact == "questionnaires"
    assert act(dataset, selected, "mark", value="questionnaires").fact is None


def test_clicking_a_theme_bar_toggles_the_theme_filter(dataset):
    state = act(dataset, ViewState(), "mark", value="study")
    assert state.filters.theme == ("study",)
    assert act(dataset, state, "mark", value="study").filters.theme == ()


def test_fact_buttons_always_open_the_fact(dataset):
    state = ViewState(fact="questionnaires")
    assert act(dataset, state, "fact", value="questionnaires").fact == "questionnaires"
    assert act(dataset, state, "fact", value="coverage").fact == "coverage"


def test_closing_the_panel_drops_the_selection(dataset):
    state = ViewState(fact="questionnaires")
    assert act(dataset, state, "panel", value=False).fact is None
    assert act(dataset, state, "panel", value=True).fact == "questionnaires"


def test_malformed_events_change_nothing(dataset):
    state = ViewState(filters=Filters(theme=("study",)))
    for event in [
        ("filter", "colour", ["red"]),
        ("mark", "", 42),
        ("fact", "", "nope"),
        ("chip", "theme", None),
        ("unknown", "", None),
    ]:
        assert act(dataset, state, *event) == state


def test_clicked_mark_reads_customdata_only_when_it_is_text():
    assert (
        clicked_mark({"points": [{"customdata": "questionnaires"}]}) == "questionnaires"
    )
    for bad in (None, {}, {"points": []}, {"points": [{"customdata": 3}]}, "x"):
        assert clicked_mark(bad) is None


def test_related_links_ratios_both_ways(dataset):
    assert {
        "attendance_per_lecture",
        "lecture_sessions",
        "lecture_attendance",
        "study",
    } <= related(dataset, "attendance_per_lecture")
    assert "attendance_per_lecture" in related(dataset, "lecture_sessions")
    assert related(dataset, None) == frozenset()


def test_filters_combine(dataset):
    facts = apply_filters(dataset.facts, Filters(section=("1",), unit=("people",)))
    assert set(facts["id"]) == {
        "lecture_attendance",
        "attendance_per_lecture",
        "visits",
        "member_consultations",
    }
    assert apply_filters(dataset.facts, Filters()).equals(dataset.facts)
