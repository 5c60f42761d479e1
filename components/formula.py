"""A derived fact's formula in words: labels instead of ids."""

from __future__ import annotations

from data import Dataset
from data.provenance import COUNT, RATIO
from data.schemas import label_column
from i18n import t
from i18n.format import quoted


def describe_formula(dataset: Dataset, fact: dict, lang: str) -> str:
    """ "辅导报告会参加党员 ÷ 辅导报告会", or "the number of members of …"."""
    label = label_column(lang)
    if ratio := RATIO.match(fact["formula"]):
        return t(
            "detail.ratio_formula",
            lang,
            numerator=dataset.fact(ratio["num"])[label],
            denominator=dataset.fact(ratio["den"])[label],
        )
    if COUNT.match(fact["formula"]):
        return t("detail.count_formula", lang, label=quoted(fact[label]))
    return fact["formula"]
