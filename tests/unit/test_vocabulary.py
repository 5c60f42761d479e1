"""The shared vocabularies (themes, units, unit kinds) are files, checked at load."""

import shutil

import pytest

from data.schemas import THEMES, UNIT_KIND_ORDER, UNITS
from data.vocabulary import VOCABULARY_DIR, VocabularyError, load_vocabulary
from i18n import LANGUAGES
from i18n.format import unit_label

FILES = ("themes.csv", "units.csv", "unit_kinds.csv")


@pytest.fixture
def folder(tmp_path):
    for name in FILES:
        shutil.copy(VOCABULARY_DIR / name, tmp_path / name)
    return tmp_path


def test_every_theme_unit_and_kind_has_a_name_in_every_language():
    vocabulary = load_vocabulary()
    for lang in LANGUAGES:
        assert all(vocabulary.theme_name(theme, lang) for theme in THEMES)
        assert all(vocabulary.unit_kind_name(kind, lang) for kind in UNIT_KIND_ORDER)
        assert all(vocabulary.unit_axis(unit, lang) for unit in UNITS)
        assert all(unit_label(unit, lang) for unit in UNITS)


def test_a_scaled_unit_names_its_base_and_scale():
    units = load_vocabulary().units
    assert units["yuan_100m"]["base"] == "yuan"
    assert units["yuan_100m"]["scale"] == 10**8
    assert unit_label("yuan_1t", "zh") == "万亿元"


def test_a_new_unit_is_a_row_not_code(folder):
    with open(folder / "units.csv", "a", encoding="utf-8") as handle:
        handle.write("hectares,公顷,hectares,公顷,Hectares,area,hectares,1\n")
    assert load_vocabulary(folder).unit_name("hectares", "zh") == "公顷"


@pytest.mark.parametrize(
    ("name", "line", "rule"),
    [
        ("units.csv", "bad,元,yuan,元,Yuan,weather,bad,1\n", "not in unit_kinds.csv"),
        ("units.csv", "bad,元,yuan,元,Yuan,money,nowhere,1\n", "base 'nowhere'"),
        ("units.csv", "bad,元,yuan,元,Yuan,money,bad,0\n", "positive number"),
        ("units.csv", "bad,元,yuan,元,Yuan,money,bad,inf\n", "positive number"),
        ("themes.csv", "campaign,活动,Campaign\n", "named twice"),
        ("themes.csv", "Bad Theme,活动,Campaign\n", "lower-case letters"),
        ("themes.csv", "solo,独\n", "has 2 fields"),
        ("unit_kinds.csv", "empty,, \n", "1 to 40 characters"),
    ],
)
def test_a_broken_vocabulary_is_named_by_file_and_rule(folder, name, line, rule):
    with open(folder / name, "a", encoding="utf-8") as handle:
        handle.write(line)
    with pytest.raises(VocabularyError, match=rule) as raised:
        load_vocabulary(folder)
    assert name in str(raised.value)


def test_a_missing_vocabulary_file_is_named(folder):
    (folder / "themes.csv").unlink()
    with pytest.raises(VocabularyError, match="themes.csv: cannot be read"):
        load_vocabulary(folder)
