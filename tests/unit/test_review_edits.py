"""review/edits.py: every edit an editor makes, as pure functions on the bundled
report (every fact reviewed) and on a proposed one (every fact proposed): what
each changes, the record it keeps, and what it refuses."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data.loader import validated
from data.schemas import EXCERPT_MAX
from ingest import propose
from review import edits
from review.edits import EditError
from review.propose import proposed_fact

SAMPLES = Path(__file__).resolve().parent / "ingest_samples"
SAMPLE = SAMPLES / "government_work_report.txt"
TEXT = SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def proposed():
    """The government sample's proposed facts, checked as library/cli.py's
    ``proposed_report`` checks them."""
    proposal = propose(TEXT)
    frames = {
        name: frame.set_axis(pd.RangeIndex(2, 2 + len(frame), name="line"))
        for name, frame in (
            ("facts.csv", proposal.facts),
            ("items.csv", proposal.items),
            ("outline.csv", proposal.outline),
        )
    }
    return validated(TEXT, frames, SAMPLE.name)


@pytest.fixture
def frames(proposed):
    return edits.frames_of(proposed)


@pytest.fixture
def bundled_frames(dataset):
    return edits.frames_of(dataset)


def still_valid(text: str, edit: edits.Edit):
    """The edited tables, checked by every rule of the data (raises DataError)."""
    return validated(text, edit.frames, "edited")


def first_plain_fact(dataset) -> str:
    """A fact that is not a list's count."""
    return next(i for i in dataset.facts["id"] if i not in dataset.list_ids)


def test_frames_are_indexed_as_the_rules_count_lines(proposed, frames):
    assert set(frames) == {"facts.csv", "items.csv", "outline.csv", "pages.csv"}
    assert list(frames["facts.csv"].index) == list(range(2, 2 + len(proposed.facts)))


# Accept.


def test_accept_marks_a_proposed_fact_reviewed_and_records_before_and_after(
    proposed, frames
):
    fact_id = proposed.facts["id"].iloc[0]
    edit = edits.accept(frames, [fact_id])
    facts = edit.frames["facts.csv"]
    assert facts.loc[facts["id"] == fact_id, "status"].tolist() == ["reviewed"]
    assert (facts["status"] == "reviewed").sum() == 1
    (change,) = edit.changes
    assert change.subject == fact_id and change.action == "accept"
    assert change.before["status"] == "proposed"
    assert change.after["status"] == "reviewed"
    assert {k: v for k, v in change.before.items() if k != "status"} == {
        k: v for k, v in change.after.items() if k != "status"
    }
    assert fact_id in edit.note and edit.subjects == (fact_id,)
    # The tables passed in are not changed.
    assert (frames["facts.csv"]["status"] == "proposed").all()
    assert still_valid(TEXT, edit).facts["status"].tolist().count("reviewed") == 1


def test_accept_of_many_records_each_once(proposed, frames):
    chosen = proposed.facts["id"].iloc[:7].tolist()
    edit = edits.accept(frames, chosen + chosen[:3])
    assert [c.subject for c in edit.changes] == chosen
    assert "and 2 more" in edit.note and len(edit.note) <= 160


def test_accept_of_a_reviewed_fact_changes_nothing_and_is_refused(
    dataset, bundled_frames
):
    with pytest.raises(EditError, match="nothing to change"):
        edits.accept(bundled_frames, [dataset.facts["id"].iloc[0]])


@pytest.mark.parametrize("fact_id", ["nope", "", "fact_" + "0" * 10, "<b>x</b>"])
def test_accept_of_an_unknown_fact_is_refused(frames, fact_id):
    with pytest.raises(EditError, match="no fact"):
        edits.accept(frames, [fact_id])


def test_set_status_back_to_proposed(dataset, bundled_frames):
    fact_id = dataset.facts["id"].iloc[0]
    edit = edits.set_status(bundled_frames, [fact_id], edits.PROPOSED, "reopen")
    (change,) = edit.changes
    assert (change.before["status"], change.after["status"]) == ("reviewed", "proposed")
    still_valid(dataset.report, edit)


# Reject.


def test_reject_removes_the_fact_and_records_it(proposed, frames):
    fact_id = first_plain_fact(proposed)
    edit = edits.reject(frames, [fact_id])
    facts = edit.frames["facts.csv"]
    assert fact_id not in set(facts["id"])
    assert len(facts) == len(proposed.facts) - 1
    assert list(facts.index) == list(range(2, 2 + len(facts)))
    (change,) = edit.changes
    assert change.action == "reject" and change.after is None
    assert change.before["id"] == fact_id
    assert change.before == proposed.fact(fact_id) | change.before  # the full row
    assert len(edit.frames["items.csv"]) == len(proposed.items)
    still_valid(TEXT, edit)


@pytest.mark.parametrize("which", ["proposed", "bundled"])
def test_reject_of_a_list_fact_removes_its_members(request, which):
    dataset = request.getfixturevalue("proposed" if which == "proposed" else "dataset")
    list_id = sorted(dataset.list_ids)[0]
    members = dataset.items[dataset.items["list_id"] == list_id]
    assert len(members) > 0
    edit = edits.reject(edits.frames_of(dataset), [list_id])
    assert list_id not in set(edit.frames["facts.csv"]["id"])
    items = edit.frames["items.csv"]
    assert list_id not in set(items["list_id"])
    assert len(items) == len(dataset.items) - len(members)
    removed = [c for c in edit.changes if c.before and "position" in c.before]
    assert sorted(c.before["position"] for c in removed) == sorted(
        members["position"].tolist()
    )
    assert all(c.subject == list_id and c.after is None for c in edit.changes)
    still_valid(dataset.report, edit)


def test_reject_of_a_list_fact_names_it_once_in_the_note(proposed):
    list_id = sorted(proposed.list_ids)[0]
    edit = edits.reject(edits.frames_of(proposed), [list_id])
    assert edit.note == f"reject {list_id}"


def test_reject_of_nothing_or_an_unknown_fact_is_refused(frames):
    with pytest.raises(EditError, match="nothing to reject"):
        edits.reject(frames, [])
    with pytest.raises(EditError, match="no fact 'missing'"):
        edits.reject(frames, [frames["facts.csv"]["id"].iloc[0], "missing"])


# Edit.


def test_edit_changes_the_fields_given_and_marks_the_fact_reviewed(proposed, frames):
    fact_id = first_plain_fact(proposed)
    edit = edits.edit(frames, fact_id, {"label_en": "Regional GDP", "theme": "economy"})
    (change,) = edit.changes
    assert change.action == "edit" and change.subject == fact_id
    assert change.before["label_en"] == proposed.fact(fact_id)["label_en"]
    assert change.before["status"] == "proposed"
    assert change.after["label_en"] == "Regional GDP"
    assert change.after["theme"] == "economy"
    assert change.after["status"] == "reviewed"
    row = edit.frames["facts.csv"].set_index("id").loc[fact_id]
    assert row["label_en"] == "Regional GDP"
    assert edit.subjects == (fact_id,)


def test_edit_of_a_value_as_typed(proposed, frames):
    fact = proposed.facts.iloc[0]
    for typed, number in (("3.35", 3.35), (" 3.35 ", 3.35), (4, 4.0), ("1,234", 1234)):
        edit = edits.edit(frames, fact["id"], {"value": typed})
        assert edit.changes[0].after["value"] == number
        assert isinstance(edit.changes[0].after["value"], float)


@pytest.mark.parametrize(
    "column", ["id", "kind", "formula", "excerpt", "start", "status", "nope", ""]
)
def test_edit_of_a_column_an_editor_may_not_change_is_refused(frames, column):
    fact_id = frames["facts.csv"]["id"].iloc[0]
    with pytest.raises(EditError, match="cannot be edited"):
        edits.edit(frames, fact_id, {column: "x", "label_en": "fine"})


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "-1",
        "inf",
        "nan",
        "1e5",
        "",
        " ",
        "1.",
        ".5",
        "0x10",
        -1,
        -0.5,
        float("inf"),
        float("nan"),
        True,
        None,
    ],
)
def test_edit_of_a_value_that_is_not_a_number_is_refused(frames, value):
    fact_id = frames["facts.csv"]["id"].iloc[0]
    with pytest.raises(EditError, match="value"):
        edits.edit(frames, fact_id, {"value": value})


@pytest.mark.parametrize("value", ["１２", "١٢", "12３", "１２.５"])
def test_edit_of_a_value_in_other_digits_is_refused(frames, value):
    fact_id = frames["facts.csv"]["id"].iloc[0]
    with pytest.raises(EditError, match="value"):
        edits.edit(frames, fact_id, {"value": value})


@pytest.mark.parametrize(
    "label",
    [
        "  spaced  ",
        "<b>bold</b>",
        "{x}",
        "%s %d %(name)s",
        "a\u3000b",
        "<script>alert(1)</script>",
        "'; DROP TABLE facts; --",
    ],
)
def test_labels_are_kept_exactly_as_typed(proposed, frames, label):
    fact_id = first_plain_fact(proposed)
    edit = edits.edit(frames, fact_id, {"label_zh": label, "label_en": label})
    after = edit.changes[0].after
    assert after["label_zh"] == label and after["label_en"] == label
    row = edit.frames["facts.csv"].set_index("id").loc[fact_id]
    assert (row["label_zh"], row["label_en"]) == (label, label)


def test_other_text_fields_are_stripped(proposed, frames):
    fact_id = first_plain_fact(proposed)
    theme = proposed.fact(fact_id)["theme"]
    edit = edits.edit(frames, fact_id, {"theme": f"  {theme}  ", "label_en": "x"})
    assert edit.changes[0].after["theme"] == theme


@pytest.mark.parametrize("value", [None, 3, ["x"], {"a": 1}])
def test_edit_of_a_text_field_with_no_text_is_refused(frames, value):
    fact_id = frames["facts.csv"]["id"].iloc[0]
    with pytest.raises(EditError, match="give text"):
        edits.edit(frames, fact_id, {"label_en": value})


def test_an_edit_that_changes_nothing_is_refused(dataset, bundled_frames):
    fact = dataset.facts.iloc[0]
    with pytest.raises(EditError, match="nothing to change"):
        edits.edit(bundled_frames, fact["id"], {"label_en": fact["label_en"]})


def test_an_edit_of_an_unknown_fact_is_refused(frames):
    with pytest.raises(EditError, match="no fact"):
        edits.edit(frames, "missing", {"label_en": "x"})


def test_an_edit_of_a_value_not_stated_is_made_but_breaks_a_rule(proposed, frames):
    """edits.py does not check the rules: the library does, before it saves."""
    from data import DataError

    fact_id = first_plain_fact(proposed)
    edit = edits.edit(frames, fact_id, {"value": "98765"})
    with pytest.raises(DataError):
        still_valid(TEXT, edit)


# Merge.


def test_merge_keeps_one_fact_reviewed_and_removes_its_duplicates(proposed, frames):
    keep, *duplicates = proposed.facts["id"].iloc[:3].tolist()
    edit = edits.merge(frames, keep, [keep, *duplicates, duplicates[0]])
    facts = edit.frames["facts.csv"]
    assert keep in set(facts["id"])
    assert not set(duplicates) & set(facts["id"])
    assert facts.set_index("id").loc[keep, "status"] == "reviewed"
    assert all(c.action == "merge" for c in edit.changes)
    gone = [c for c in edit.changes if c.after is None]
    assert [c.subject for c in gone] == duplicates
    kept = edit.changes[-1]
    assert kept.subject == keep and kept.before["status"] == "proposed"
    assert kept.after["status"] == "reviewed"
    assert edit.subjects == (keep, *duplicates)
    still_valid(TEXT, edit)


def test_merge_refuses_no_duplicates_and_unknown_facts(frames):
    keep = frames["facts.csv"]["id"].iloc[0]
    for duplicates in ([], [keep]):
        with pytest.raises(EditError, match="choose the duplicates"):
            edits.merge(frames, keep, duplicates)
    with pytest.raises(EditError, match="no fact"):
        edits.merge(frames, "missing", [keep])
    with pytest.raises(EditError, match="no fact"):
        edits.merge(frames, keep, ["missing"])


# Add from a selection.


def selection(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_add_makes_a_reviewed_fact_for_the_words_selected(proposed, frames):
    words = "城镇新增就业2.6万人"
    start, end = selection(TEXT, words)
    edit = edits.add(frames, TEXT, start, end, proposed_fact(words))
    (change,) = edit.changes
    assert change.action == "add" and change.before is None
    assert change.subject == "added_1" and edit.subjects == ("added_1",)
    assert change.after["excerpt"] == words and change.after["start"] == start
    assert change.after["status"] == "reviewed" and change.after["kind"] == "stated"
    assert change.after["value"] == 2.6
    added = still_valid(TEXT, edit).fact("added_1")
    assert added["excerpt"] == words
    # The next one gets the next number.
    again = edits.add(edit.frames, TEXT, start, end, proposed_fact(words))
    assert again.subjects == ("added_2",)


def test_add_on_the_bundled_report(dataset, bundled_frames):
    text = dataset.report
    words = next(
        excerpt
        for excerpt in dataset.facts["excerpt"]
        if proposed_fact(excerpt) is not None
    )
    start, end = selection(text, words)
    edit = edits.add(bundled_frames, text, start, end, proposed_fact(words))
    assert len(still_valid(text, edit).facts) == len(dataset.facts) + 1


def test_add_refuses_a_selection_longer_than_an_excerpt(frames):
    line = next(
        line for line in TEXT.splitlines() if len(line.strip()) > EXCERPT_MAX + 5
    ).strip()
    start = TEXT.index(line)
    for length in (EXCERPT_MAX + 1, len(line)):
        with pytest.raises(EditError, match=f"at most {EXCERPT_MAX}"):
            edits.add(frames, TEXT, start, start + length, {"value": 1.0})
    # At the limit it is not refused for its length.
    try:
        edits.add(frames, TEXT, start, start + EXCERPT_MAX, {"value": 1.0})
    except EditError as error:
        assert "at most" not in str(error)


def test_add_refuses_a_selection_across_a_line_break(frames):
    at = TEXT.index("\n", 50)
    while TEXT[at - 1].isspace() or TEXT[at + 1].isspace():
        at = TEXT.index("\n", at + 1)
    with pytest.raises(EditError, match="one paragraph"):
        edits.add(frames, TEXT, at - 3, at + 3, {"value": 1.0})


@pytest.mark.parametrize(
    ("start", "end"), [(5, 5), (6, 5), (-1, 4), (0, len(TEXT) + 1), (10**9, 10**9 + 1)]
)
def test_add_refuses_a_selection_outside_the_text(frames, start, end):
    with pytest.raises(EditError, match="select the words"):
        edits.add(frames, TEXT, start, end, {"value": 1.0})


def test_add_refuses_spaces_around_the_selection(frames):
    words = "城镇新增就业2.6万人"
    start, end = selection(TEXT, words)
    padded = TEXT[:start] + " " + words + " " + TEXT[end:]
    with pytest.raises(EditError, match="without spaces around"):
        edits.add(frames, padded, start, end + 2, proposed_fact(words))


# List members.


def test_edit_members_changes_their_labels_in_order(proposed, frames):
    list_id = sorted(proposed.list_ids)[0]
    members = proposed.items[proposed.items["list_id"] == list_id]
    labels = [
        {"label_zh": f" 第{n}项 ", "label_en": f"<b>{{item}}</b> %s {n}"}
        for n in range(len(members))
    ]
    edit = edits.edit_members(frames, list_id, labels)
    assert len(edit.changes) == len(members)
    for change, given in zip(edit.changes, labels):
        assert change.subject == list_id and change.action == "members"
        assert change.after["label_zh"] == given["label_zh"]
        assert change.after["label_en"] == given["label_en"]
        assert change.before["excerpt"] == change.after["excerpt"]
    items = edit.frames["items.csv"]
    kept = items[items["list_id"] == list_id].sort_values("position")
    assert kept["label_en"].tolist() == [g["label_en"] for g in labels]
    assert edit.subjects == (list_id,)


def test_edit_members_keeps_a_label_not_given(proposed, frames):
    list_id = sorted(proposed.list_ids)[0]
    members = proposed.items[proposed.items["list_id"] == list_id]
    labels = [{} for _ in range(len(members))]
    labels[0] = {"label_en": "first"}
    edit = edits.edit_members(frames, list_id, labels)
    (change,) = edit.changes
    assert change.after["label_zh"] == change.before["label_zh"]
    assert change.after["label_en"] == "first"


def test_edit_members_refuses(proposed, frames):
    list_id = sorted(proposed.list_ids)[0]
    size = int((proposed.items["list_id"] == list_id).sum())
    with pytest.raises(EditError, match="no list"):
        edits.edit_members(frames, "missing", [{}])
    with pytest.raises(EditError, match=f"has {size} members; the edit gives"):
        edits.edit_members(frames, list_id, [{}] * (size + 1))
    with pytest.raises(EditError, match="give text"):
        edits.edit_members(frames, list_id, [{"label_en": 5}] * size)
    with pytest.raises(EditError, match="nothing to change"):
        edits.edit_members(frames, list_id, [{}] * size)


# Matching, for bulk actions.


def test_matching_filters_by_status_section_unit_and_theme(dataset, proposed):
    facts = proposed.facts
    assert len(edits.matching(facts)) == len(facts)
    assert len(edits.matching(facts, status="proposed")) == len(facts)
    assert edits.matching(facts, status="reviewed").empty
    assert edits.matching(dataset.facts, status="proposed").empty
    percent = edits.matching(facts, unit="percent")
    assert len(percent) == (facts["unit"] == "percent").sum() > 0
    theme = facts["theme"].iloc[0]
    assert (edits.matching(facts, theme=theme)["theme"] == theme).all()
    both = edits.matching(facts, unit="percent", theme=theme)
    assert set(both["id"]) == set(percent["id"]) & set(
        facts[facts["theme"] == theme]["id"]
    )
    assert edits.matching(facts, unit="nope").empty


def test_matching_a_section_takes_its_subsections_only(dataset):
    facts = dataset.facts
    chosen = edits.matching(facts, section="1")
    assert set(chosen["section"]) == {s for s in facts["section"] if s.startswith("1.")}
    # "1" is not a prefix of "10"; "2" takes "2.lessons" and "2.2".
    fake = facts.assign(section=["10"] + facts["section"].tolist()[1:])
    assert "10" not in set(edits.matching(fake, section="1")["section"])
    assert set(edits.matching(facts, section="2")["section"]) == {
        "2.2",
        "2.3",
        "2.lessons",
        "2.shortcomings",
    }
    assert (
        edits.matching(facts, section="1.1").shape[0]
        == (facts["section"] == "1.1").sum()
    )


def test_section_at_finds_the_innermost_section(proposed):
    outline = proposed.outline
    for fact in proposed.facts.itertuples():
        assert edits.section_at(outline, fact.start) == fact.section


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("label_zh", "标签\u202e倒", "U+202E"),
        ("label_en", "two\nlines", "U+000A"),
        ("measure", "个\x00", "U+0000"),
        ("label_zh", "   ", "blank"),
    ],
)
def test_typed_text_that_cannot_be_a_label_is_refused_and_named(
    frames, column, value, said
):
    fact_id = frames["facts.csv"]["id"].iloc[0]
    with pytest.raises(EditError, match=column) as refused:
        edits.edit(frames, fact_id, {column: value})
    assert said in str(refused.value)


def test_a_list_members_label_with_a_control_character_is_refused(proposed):
    list_id = sorted(proposed.list_ids)[0]
    frames = edits.frames_of(proposed)
    members = proposed.members(list_id)
    labels = [
        {"label_zh": z, "label_en": e}
        for z, e in zip(members.label_zh, members.label_en)
    ]
    labels[0]["label_en"] = "bell\x07"
    with pytest.raises(EditError, match="U\\+0007"):
        edits.edit_members(frames, list_id, labels)
