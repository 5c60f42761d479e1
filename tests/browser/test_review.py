"""Reviewing facts in a browser, as an editor does it: sign in, go through the
proposed facts with the keys, correct a label and see it on the dashboard, add a
fact from the report's words, bulk actions, list members, restore a version, and
two editors at once. A viewer is shown the way to sign in, and nothing else."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard import create_app
from devtools.live_server import live_server
from editors.accounts import add_user
from i18n import t
from review import edits
from tests.browser.conftest import new_tab
from tests.browser.helpers import open_page, settle
from tests.library_reports import GBK_REPORT, build_library

PASSWORD = "correct horse battery"


@contextmanager
def serving(url: str, folder: Path):
    """A server on a fresh library at ``url`` (the bundled report and two brought
    in, their facts proposed) with two editors, alice and bob."""
    library = build_library(url, folder)
    for name in ("alice", "bob"):
        add_user(library.engine, name, PASSWORD)
    setting = (
        ("LIBRARY_PATH", url.split("///", 1)[1])
        if url.startswith("sqlite")
        else ("DATABASE_URL", url)
    )
    before = os.environ.get(setting[0])
    os.environ[setting[0]] = setting[1]
    try:
        app = create_app()
    finally:
        if before is None:
            os.environ.pop(setting[0], None)
        else:
            os.environ[setting[0]] = before
    with live_server(app.server) as base:
        yield base, library
    library.engine.dispose()


@pytest.fixture
def review_server(tmp_path):
    """A server on a fresh SQLite library (see serving)."""
    with serving(f"sqlite:///{tmp_path / 'library.sqlite3'}", tmp_path) as served:
        yield served


@pytest.fixture
def any_review_server(library_url, tmp_path):
    """The same on SQLite and on PostgreSQL."""
    with serving(library_url, tmp_path) as served:
        yield served


def sign_in(page, base: str, name: str, lang: str = "zh", report: str = GBK_REPORT):
    """Sign in as ``name`` and land on the review page of ``report``."""
    target = f"/review?report={report}&lang={lang}"
    page.goto(f"{base}/sign-in?lang={lang}&next={target.replace('&', '%26')}")
    page.get_by_label(t("account.name", lang)).fill(name)
    page.get_by_label(t("account.password", lang)).fill(PASSWORD)
    page.get_by_role("button", name=t("account.submit", lang)).click()
    expect(page).to_have_url(re.compile(re.escape("/review?report=")))
    expect(page.locator("#review-table")).to_be_visible()


def form_title(page):
    return page.locator("#review-form-title")


def chosen_id(page) -> str:
    """The id of the fact the form shows (its title starts with it)."""
    expect(form_title(page)).to_contain_text(" · ")
    return form_title(page).inner_text().split(" · ")[0].strip()


def proposed_count(library, slug: str = GBK_REPORT) -> int:
    facts = library.load(slug).dataset.facts
    return int((facts["status"] == "proposed").sum())


def saved(page):
    return page.locator(".review-saved")


def test_a_viewer_is_shown_the_way_to_sign_in_and_no_tools(page, review_server):
    base, library = review_server
    page.goto(f"{base}/review?report={GBK_REPORT}")
    gate = page.locator("#review-gate")
    expect(gate).to_contain_text(t("review.sign_in_needed", "zh"))
    expect(page.locator("#review-work")).to_be_hidden()
    gate.get_by_role("link", name=t("account.title", "zh")).click()
    expect(page).to_have_url(re.compile(r"/sign-in\?"))
    assert library.version_of(GBK_REPORT) == 1
    assert page.console.problems == []


def test_keys_review_a_report_and_a_corrected_label_shows_on_its_dashboard(
    page, review_server
):
    base, library = review_server
    sign_in(page, base, "alice")
    before = proposed_count(library)
    first = chosen_id(page)
    assert library.load(GBK_REPORT).dataset.fact(first)["status"] == "proposed"
    page.keyboard.press("a")  # accept: saved, and the next proposed fact shown
    expect(saved(page)).to_contain_text(t("review.action.accept", "zh"))
    expect(form_title(page)).not_to_contain_text(first)
    assert proposed_count(library) == before - 1
    assert library.load(GBK_REPORT).dataset.fact(first)["status"] == "reviewed"
    second = chosen_id(page)
    page.keyboard.press("j")
    expect(form_title(page)).not_to_contain_text(second)
    page.keyboard.press("k")
    expect(form_title(page)).to_contain_text(second)
    page.keyboard.press("e")  # edit: the Chinese label, focused and selected
    label = page.locator("#review-field-label_zh")
    expect(label).to_be_focused()
    typed = "  更正后的 <b>标签</b> {x} "
    label.fill(typed)
    page.get_by_role("button", name=t("review.save", "zh")).click()
    expect(saved(page)).to_contain_text(t("review.action.edit", "zh"))
    fact = library.load(GBK_REPORT).dataset.fact(second)
    assert fact["label_zh"] == typed and fact["status"] == "reviewed"
    # The fact's own history says who changed what.
    expect(page.locator("#review-fact-history")).to_contain_text("alice")
    # The dashboard of the report shows the label as typed, at once.
    page.goto(f"{base}/source?report={GBK_REPORT}&fact={second}")
    expect(page.locator("#detail")).to_contain_text(typed.strip())
    assert page.console.problems == []


def test_a_change_that_breaks_a_rule_is_refused_with_the_rule(page, review_server):
    base, library = review_server
    sign_in(page, base, "alice", lang="en")
    chosen_id(page)
    page.locator("#review-field-value").fill("987654")
    page.get_by_role("button", name=t("review.save", "en")).click()
    refused = page.locator(".review-refused")
    expect(refused).to_contain_text(t("review.refused", "en"))
    expect(refused).to_contain_text("does not state the value 987654")
    assert library.version_of(GBK_REPORT) == 1
    assert page.console.problems == []


def test_reject_then_undo_brings_the_fact_back(page, review_server):
    base, library = review_server
    sign_in(page, base, "alice")
    fact = chosen_id(page)
    page.keyboard.press("r")
    expect(saved(page)).to_contain_text(t("review.action.reject", "zh"))
    assert fact not in library.load(GBK_REPORT).dataset.fact_ids
    page.keyboard.press("u")
    expect(saved(page)).to_contain_text(t("review.undone", "zh", version=1))
    assert fact in library.load(GBK_REPORT).dataset.fact_ids
    assert library.version_of(GBK_REPORT) == 3  # nothing deleted: 1, 2, 3
    assert page.console.problems == []


def test_a_fact_is_added_from_words_selected_in_the_text(page, review_server):
    base, library = review_server
    # The extractor finds nearly every number: one it found is rejected first,
    # so that its words are there to be added again.
    loaded = library.load(GBK_REPORT)
    facts = loaded.dataset.facts
    words = "取消行政审批事项56项"
    fact = facts[facts["excerpt"] == words]["id"].iloc[0]
    removal = edits.reject(edits.frames_of(loaded.dataset), [fact])
    library.save_edit(GBK_REPORT, loaded.version, removal, "alice")
    dataset = library.load(GBK_REPORT).dataset
    assert not any(words in excerpt for excerpt in dataset.facts["excerpt"])
    sign_in(page, base, "alice")
    piece = page.locator("#review-text span", has_text=words).first
    expect(piece).to_be_visible()
    piece.evaluate(
        """(node, words) => {
            const text = node.firstChild;
            const at = text.data.indexOf(words);
            const range = document.createRange();
            range.setStart(text, at);
            range.setEnd(text, at + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            document.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }""",
        words,
    )
    expect(page.locator("#review-selection-shown")).to_have_text(words)
    page.get_by_role("button", name=t("review.add", "zh")).click()
    expect(saved(page)).to_contain_text(t("review.action.add", "zh"))
    added = library.load(GBK_REPORT).dataset.facts
    row = added[added["excerpt"] == words].iloc[0]
    assert row["value"] == 56 and row["measure"] == "项"
    assert dataset.report[row["start"] : row["start"] + len(words)] == words
    assert page.console.problems == []


def test_a_bulk_action_is_previewed_then_applied(page, review_server):
    base, library = review_server
    sign_in(page, base, "alice", lang="en")
    facts = library.load(GBK_REPORT).dataset.facts
    percent = facts[(facts["unit"] == "percent") & (facts["status"] == "proposed")]
    assert len(percent) >= 2
    page.locator("#review-bulk-unit").click()
    page.get_by_role("option", name="%", exact=True).click()
    page.get_by_role("button", name=t("review.bulk_preview", "en")).click()
    shown = page.locator("#review-bulk-shown")
    expect(shown).to_contain_text(
        t("review.bulk_will_accept", "en", count=f"{len(percent):,}")
    )
    page.get_by_role(
        "button", name=t("review.bulk_apply", "en", count=f"{len(percent):,}")
    ).click()
    expect(saved(page)).to_be_visible()
    after = library.load(GBK_REPORT).dataset.facts
    assert set(after[after["unit"] == "percent"]["status"]) == {"reviewed"}
    assert page.console.problems == []


def test_an_earlier_version_is_restored_as_a_new_one(page, any_review_server):
    base, library = any_review_server
    sign_in(page, base, "alice")
    chosen_id(page)
    page.keyboard.press("a")
    expect(saved(page)).to_be_visible()
    page.get_by_role("button", name=t("review.restore", "zh", version=1)).click()
    expect(saved(page)).to_contain_text(t("review.restored", "zh", version=1))
    assert library.version_of(GBK_REPORT) == 3
    history = library.history(GBK_REPORT)
    assert list(history["number"]) == [1, 2, 3]
    assert library.load(GBK_REPORT).dataset.fingerprint() == (
        library.version_dataset(GBK_REPORT, 1).fingerprint()
    )
    assert page.console.problems == []


def test_two_editors_at_once_a_stale_save_is_refused_and_shown(
    browser, any_review_server
):
    base, library = any_review_server
    alice = new_tab(browser)
    bob = new_tab(browser)
    try:
        sign_in(alice, base, "alice")
        sign_in(bob, base, "bob")
        first = chosen_id(alice)
        assert chosen_id(bob) == first
        alice.keyboard.press("a")
        expect(saved(alice)).to_be_visible()
        # Bob's page still shows version 1: his save is refused, with what
        # alice changed, and the page moves to the current version.
        bob.keyboard.press("r")
        stale = bob.locator(".review-stale")
        expect(stale).to_contain_text(t("review.stale", "zh", version=2))
        expect(stale).to_contain_text("alice")
        assert library.version_of(GBK_REPORT) == 2
        assert first in library.load(GBK_REPORT).dataset.fact_ids
        loaded = library.load(GBK_REPORT)
        facts = loaded.dataset.facts
        expect(bob.locator("#review-header")).to_have_text(
            t(
                "review.header",
                "zh",
                title=loaded.meta.title_zh,
                version=2,
                proposed=f"{proposed_count(library):,}",
                total=f"{len(facts):,}",
            )
        )
        assert alice.console.problems == [] and bob.console.problems == []
    finally:
        alice.context.close()
        bob.context.close()


def test_the_members_of_a_list_are_edited_in_place(page, review_server):
    base, library = review_server
    dataset = library.load(GBK_REPORT).dataset
    list_id = sorted(dataset.list_ids)[0]
    label = dataset.fact(list_id)["label_zh"]
    first = dataset.members(list_id).iloc[0]
    sign_in(page, base, "alice")
    page.locator("#review-table td[data-dash-column=label]").filter(
        has_text=re.compile("^" + re.escape(label) + "$")
    ).first.click()
    expect(form_title(page)).to_contain_text(list_id)
    members = page.locator("#review-members")
    expect(members).to_be_visible()
    cell = members.locator("td[data-dash-column=label_en]").first
    expect(cell).to_have_text(first["label_en"])
    expect(page.locator("#review-accept")).to_be_enabled()  # the form has come
    cell.click()
    page.keyboard.type("Corrected member")
    page.keyboard.press("Enter")
    expect(cell).to_have_text("Corrected member")
    page.get_by_role("button", name=t("review.members_save", "zh")).click()
    expect(saved(page)).to_contain_text(t("review.action.members", "zh"))
    after = library.load(GBK_REPORT).dataset.members(list_id).iloc[0]
    assert after["label_en"] == "Corrected member"
    assert after["label_zh"] == first["label_zh"]
    assert page.console.problems == []


def test_a_signed_in_editor_sees_their_name_a_review_link_and_sign_out(
    page, review_server
):
    base, _ = review_server
    # Every full navigation below waits for the page before it to have
    # answered (settle), so that no request of it is cut off.
    open_page(page, f"{base}/?report={GBK_REPORT}&lang=en")
    expect(page.locator("#account")).to_be_empty()  # a viewer: nothing there
    sign_in(page, base, "alice", lang="en")
    settle(page)
    open_page(page, f"{base}/?report={GBK_REPORT}&lang=en")
    corner = page.locator("#account")
    name = corner.locator(".account-name")
    expect(name).to_have_text("alice")
    expect(name).to_have_attribute("title", t("account.signed_in", "en", name="alice"))
    corner.get_by_role("link", name=t("review.link", "en")).click()
    expect(page).to_have_url(re.compile(re.escape(f"/review?report={GBK_REPORT}")))
    expect(page.locator("#review-work")).to_be_visible()
    chosen_id(page)
    settle(page)
    page.locator("#account").get_by_role(
        "button", name=t("account.sign_out", "en")
    ).click()
    # Back where the editor was, as a viewer sees it: the way to sign in.
    expect(page).to_have_url(re.compile(re.escape(f"/review?report={GBK_REPORT}")))
    expect(page.locator("#review-gate")).to_contain_text(
        t("review.sign_in_needed", "en")
    )
    expect(page.locator("#account")).to_be_empty()
    assert page.console.problems == []


def test_duplicates_ticked_in_the_table_are_merged_into_the_fact_chosen(
    page, review_server
):
    base, library = review_server
    sign_in(page, base, "alice", lang="en")
    keep = chosen_id(page)
    rows = page.locator("#review-table tbody tr")
    # Tick the two rows after the one chosen (the table's own checkboxes).
    ticked = []
    for n in (2, 3):
        row = rows.nth(n + 1)  # the header and the filter row come first
        ticked.append(row.locator("td[data-dash-column=label]").inner_text())
        row.locator("input[type=checkbox]").check()
    facts = library.load(GBK_REPORT).dataset.facts
    duplicates = facts[facts["label_en"].isin(ticked)]["id"].tolist()
    assert len(duplicates) == 2 and keep not in duplicates
    page.get_by_role("button", name=t("review.merge", "en")).click()
    expect(saved(page)).to_contain_text(t("review.action.merge", "en"))
    after = library.load(GBK_REPORT).dataset
    assert not set(duplicates) & after.fact_ids
    assert after.fact(keep)["status"] == "reviewed"
    changes = library.changes(GBK_REPORT, subject=duplicates[0])
    assert list(changes["action"]) == ["merge"] and changes["after"].iloc[0] == ""
    assert page.console.problems == []
