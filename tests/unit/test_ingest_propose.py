"""The extractor proposes tables that pass the curated tables' rules, for short
reports of the genre written for these tests: each rule of what is a quantity,
what it counts, how it is hedged, and what is left apart."""

from pathlib import Path

import pandas as pd
import pytest

from data.provenance import check_provenance
from data.schemas import FactSchema, ItemSchema, OutlineSchema
from ingest import propose

SAMPLES = Path(__file__).parent / "ingest_samples"
SAMPLE_NAMES = sorted(path.name for path in SAMPLES.glob("*.txt"))


def valid(text: str):
    """The proposal of ``text``, after the schemas and the provenance rules."""
    proposal = propose(text)
    facts = FactSchema.validate(proposal.facts)
    items = ItemSchema.validate(proposal.items)
    outline = OutlineSchema.validate(proposal.outline)
    problems = check_provenance(text, facts, items, outline)
    assert [str(problem) for problem in problems] == []
    for frame in (facts, items):
        for start, excerpt in zip(frame["start"], frame["excerpt"]):
            assert text[start : start + len(excerpt)] == excerpt
    return proposal


def stated(text: str) -> pd.DataFrame:
    facts = valid(text).facts
    return facts[facts[FactSchema.kind] == "stated"]


def one(text: str) -> dict:
    rows = stated(text).to_dict("records")
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_sample_report_passes_every_rule(name):
    valid((SAMPLES / name).read_text(encoding="utf-8"))


def test_the_bundled_report_passes_every_rule():
    root = Path(__file__).resolve().parents[2]
    valid((root / "data" / "source" / "report.txt").read_text(encoding="utf-8"))


def test_columns_status_and_measure():
    facts = valid("全年发放调查问卷236份。").facts
    assert list(facts.columns[:12]) == [
        "id", "section", "theme", "label_zh", "label_en", "value", "unit",
        "qualifier", "kind", "formula", "excerpt", "start",
    ]  # fmt: skip
    row = facts.iloc[0]
    assert (row["status"], row["measure"], row["kind"], row["formula"]) == (
        "proposed",
        "份",
        "stated",
        "",
    )
    assert row["label_zh"] == row["label_en"] == "全年发放调查问卷"
    assert row["value"] == 236 and row["unit"] == "copies"


@pytest.mark.parametrize(
    ("text", "value", "unit", "measure"),
    [
        ("国内生产总值达到33.5万亿元。", 33.5, "yuan_1t", "万亿元"),
        ("一般公共预算收入１２３．４亿元。", 123.4, "yuan_100m", "亿元"),
        ("城镇新增就业2.6万人。", 2.6, "people_10k", "万人"),
        ("撰写文史资料3万字。", 30_000, "characters", "字"),
        ("完成棚户区改造1,200户。", 1200, "households", "户"),
        ("参加党员达107人次。", 107, "person_times", "人次"),
        ("收到提案二百一十八件。", 218, "items", "件"),
        ("新增学位两千六百个。", 2600, "count", "个"),
        ("新增学位两千六个。", 2600, "count", "个"),
        ("区政协机关兵分四路。", 4, "groups", "路"),
        ("开展了为期半年的活动。", 0.5, "years", "年"),
        ("比经济增速高0.4个百分点。", 0.4, "percentage_points", "个百分点"),
        ("研发投入比重提高到百分之三。", 3, "percent", ""),
        ("覆盖面达到了100％。", 100, "percent", "%"),
        ("实际利用外资12.8亿美元。", 12.8, "usd_100m", "亿美元"),
        ("全年减税降费两万亿元。", 2, "yuan_1t", "万亿元"),
        ("财政收入三点五万亿元。", 3.5, "yuan_1t", "万亿元"),
        ("人均住房面积达到五十五点五平方米。", 55.5, "square_metres", "平方米"),
        ("居民收入增长百分之五点五。", 5.5, "percent", ""),
        ("利率下调零点五个百分点。", 0.5, "percentage_points", "个百分点"),
        ("企业开办时间压缩至3个工作日。", 3, "working_days", "个工作日"),
        ("审批用时缩短到12个小时。", 12, "hours", "个小时"),
        ("集中学习为期两个星期。", 2, "weeks", "个星期"),
    ],
)
def test_numbers_magnitudes_and_units(text, value, unit, measure):
    row = one(text)
    assert (row["value"], row["unit"], row["measure"]) == (value, unit, measure)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("共走访了近10家委员单位。", "about"),
        ("立案率约90%。", "about"),
        ("地区生产总值增长7%左右。", "about"),
        ("撰写文史资料3万多字。", "more_than"),
        ("参加座谈会20余次。", "more_than"),
        ("新增高新技术企业超过300家。", "more_than"),
        ("引进高层次人才逾千人。", "more_than"),
        ("满意率达95%以上。", "at_least"),
        ("建成创新平台不少于26个。", "at_least"),
        ("登记失业率控制在3%以内。", "at_most"),
        ("企业开办时间压缩至3个工作日以内。", "at_most"),
        ("居民消费价格涨幅不超过3%。", "at_most"),
        ("二十来个委员参加。", "about"),
        ("走访了10来家企业。", "about"),
        ("发放调查问卷236份。", "exact"),
        ("组织委员学习不超过每季度1次。", "at_most"),
        ("召开会议不少于每月2次。", "at_least"),
        ("召开会议每月2次。", "exact"),
    ],
)
def test_qualifiers_read_the_hedge(text, qualifier):
    assert one(text)["qualifier"] == qualifier


def test_one_clause_with_several_quantities_gives_a_fact_each():
    rows = stated("国内生产总值达到33.5万亿元，比上年增长8.7%。").to_dict("records")
    assert [(r["value"], r["unit"]) for r in rows] == [
        (33.5, "yuan_1t"),
        (8.7, "percent"),
    ]
    assert [r["label_zh"] for r in rows] == ["国内生产总值", "国内生产总值比上年增长"]


def test_a_hedge_of_one_number_is_kept_out_of_the_others_excerpt():
    rows = stated("走访了近10家单位和236户群众。").to_dict("records")
    assert [(r["value"], r["qualifier"]) for r in rows] == [
        (10, "about"),
        (236, "exact"),
    ]
    assert "近" not in rows[1]["excerpt"]


@pytest.mark.parametrize(
    "text",
    [
        "全面落实党的十七大、十七届三中全会精神。",
        "圆满召开了六届政协四次全会。",
        "为六届四次会议征集提案提前部署。",
        "第三，加强界别工作。",
        "一是健全组织机构。二是强化组织实施。",
        "为完成“十一五”规划目标而奋斗。",
        "一条一条地抓落实，提高到一个新水平。",
        "走进千家万户，关心老百姓。",
        "七八个委员参加。",
        "上半年经济平稳运行。",
        "PM2.5浓度下降，5G网络覆盖。",
        "“算一次帐”，“读一天”。",
        "《2009年工作要点》印发。",
        "几十家企业参加，数十个单位响应。",
        "一来加强学习，二来推动工作。",
        "提出两点意见。",
    ],
)
def test_ordinals_sessions_names_and_idioms_are_not_quantities(text):
    assert stated(text).empty


@pytest.mark.parametrize(
    "text",
    [
        "以邓小平理论和“三个代表”重要思想为指导，推动经济发展。",
        "坚持“两个毫不动摇”，激发各类市场主体活力。",
        "以“二集中”、“五突出”开展学习活动，坚持“五突出”。",
        # the enumeration that follows counts other things than the name's
        "落实“三个一”要求。一是健全制度；二是加强督查。",
        # the members would be in the next section, not in the name's
        "一、学习\n坚持“两个务必”。\n二、工作\n一是抓发展；二是抓民生。\n",
    ],
)
def test_a_quoted_name_the_report_does_not_enumerate_is_no_quantity(text):
    assert stated(text).empty


@pytest.mark.parametrize(
    ("text", "name", "count"),
    [
        (  # an enumeration of its members follows
            "深入开展“三个一”活动。一是每月召开座谈会；二是每季度开展视察；"
            "三是每年形成调研报告。",
            "“三个一”",
            3,
        ),
        (  # the name heads its members with a colon
            "协调推进“四个全面”：全面建设小康社会、全面深化改革、全面依法治国、"
            "全面从严治党。",
            "“四个全面”",
            4,
        ),
        (  # …or with 即
            "提出“两个深化认识”的要求，即深化认识活动的意义；深化认识工作的方法。",
            "“两个深化认识”",
            2,
        ),
        (  # quoted members joined by 、 follow
            "推行“三项制度”，“首问负责制”、“限时办结制”、“责任追究制”全面落实。",
            "“三项制度”",
            3,
        ),
        (  # members joined by 、 come right before it
            "努力创建学习型、服务型、创新型的“三型”机关。",
            "“三型”",
            3,
        ),
        (  # clauses repeating its key word, in its paragraph and the next
            "开展“三个一天”活动。读一天，集中学习文件。讲一天，开展专题辅导。"
            "\n访一天，走访基层委员。“三个一天”成效明显。",
            "“三个一天”",
            3,
        ),
    ],
)
def test_a_quoted_name_with_its_members_enumerated_is_a_count_proposed_once(
    text, name, count
):
    rows = stated(text).to_dict("records")
    assert [(r["excerpt"], r["value"], r["unit"]) for r in rows] == [
        (name, count, "items")
    ]
    assert rows[0]["start"] == text.index(name)


@pytest.mark.parametrize(
    ("text", "name", "count"),
    [
        ("在县处级以上领导干部中开展“三严三实”专题教育。", "“三严三实”", 3),
        ("开展“四查四看”，对照检查存在的问题。", "“四查四看”", 4),
        ("分析检查报告中“三查三创三建”的思路更加明确。", "“三查三创三建”", 3),
        ("在开展“三对照三查找”活动中，广泛征求意见。", "“三对照三查找”", 3),
        (  # counted once, at its first mention
            "坚持学习与工作“两不误、两促进”的原则。\n"
            "切实做到“两不误、两促进”，完成全年任务。",
            "“两不误、两促进”",
            2,
        ),
    ],
)
def test_a_quoted_name_whose_parts_each_open_with_one_count_is_a_set(text, name, count):
    rows = stated(text).to_dict("records")
    assert [
        (r["excerpt"], r["value"], r["unit"], r["qualifier"], r["start"]) for r in rows
    ] == [(name, count, "items", "exact", text.index(name))]


@pytest.mark.parametrize(
    "text",
    [
        "推进“两学一做”学习教育常态化制度化。",
        "协调推进“四个全面”战略布局。",
        "坚持以“三个代表”重要思想为指导。",
        "“十一五”规划确定的目标全面完成。",
        # a measure word makes each part a set of its own, named by the report
        "增强“四个意识、四个自信”。",
        # idioms repeat 十 and 百 as magnitudes, not as counts
        "把工作做到“十全十美”，做到“百战百胜”。",
    ],
)
def test_other_quoted_names_with_numerals_are_no_sets_unless_enumerated(text):
    assert stated(text).empty


def test_dates_are_kept_as_dates_not_facts():
    text = "从去年9月下旬开始，2009年3月15日召开会议，二〇〇九年，2018—2022年。"
    proposal = valid(text)
    assert proposal.facts.empty
    dates = proposal.dates
    assert list(dates["text"]) == [
        "去年9月下旬", "2009年3月15日", "二〇〇九年", "2018", "2022年",
    ]  # fmt: skip
    assert list(dates["year"].astype("object").where(dates["year"].notna(), None)) == [
        None, 2009, 2009, 2018, 2022,
    ]  # fmt: skip
    assert dates["month"].iloc[0] == 9 and text[dates["start"].iloc[1]] == "2"


def test_a_length_of_months_is_a_quantity_not_a_date():
    row = one("为期3个月。")
    assert (row["value"], row["unit"]) == (3, "months")


OUTLINE_REPORT = """某区政府工作报告
　　各位代表：
第一部分　过去一年的工作
一、经济平稳增长。全年增长8%。
（一）工业。新增企业12家。
1、制造业。
（二）服务业。
二、民生改善
第二部分　今年的任务
一、稳增长
"""


def test_outline_levels_from_the_outermost_style_used():
    outline = valid(OUTLINE_REPORT).outline
    rows = outline[["section", "level", "parent", "number"]].values.tolist()
    assert rows == [
        ["0", 1, "", ""],
        ["1", 1, "", "第一部分　"],
        ["1.1", 2, "1", "一、"],
        ["1.2", 2, "1", "（一）"],
        ["1.3", 2, "1", "1、"],
        ["1.4", 2, "1", "（二）"],
        ["1.5", 2, "1", "二、"],
        ["2", 1, "", "第二部分　"],
        ["2.1", 2, "2", "一、"],
    ]
    assert outline["title_zh"].iloc[2] == "经济平稳增长"
    facts = valid(OUTLINE_REPORT).facts
    assert list(facts["section"]) == ["1.1", "1.2"]


def test_a_numeral_starting_a_line_out_of_sequence_is_no_heading():
    text = "一、总体情况\n全年完成任务。\n三、这不是第三个标题\n二、主要做法\n"
    outline = valid(text).outline
    assert list(outline["number"]) == ["一、", "二、"]


def test_a_report_without_headings_is_one_section():
    outline = valid("全年发放问卷236份。").outline
    assert outline[["section", "start", "end"]].values.tolist() == [["0", 0, 11]]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        (
            "主要做法：一是健全组织机构。二是强化组织实施；三是进行思想发动。",
            ["健全组织机构", "强化组织实施", "进行思想发动"],
        ),
        (
            "首先，细化活动安排。其次，丰富学习形式。第三，开展活动。",
            ["细化活动安排", "丰富学习形式", "开展活动"],
        ),
        (
            "第一，推动发展；第二，改善民生；第三，加强建设；第四，防范风险。",
            ["推动发展", "改善民生", "加强建设", "防范风险"],
        ),
        ("重点是：（1）稳就业；（2）保民生。", ["稳就业", "保民生"]),
    ],
)
def test_enumerations_become_lists_counted_by_a_fact(text, labels):
    proposal = valid(text)
    assert list(proposal.items["label_zh"]) == labels
    assert list(proposal.items["position"]) == list(range(1, len(labels) + 1))
    counting = proposal.facts[proposal.facts["id"] == proposal.items["list_id"][0]]
    assert counting["value"].tolist() == [len(labels)]
    assert counting["unit"].tolist() == ["items"]
    assert counting["formula"].tolist() == [f"count({proposal.items['list_id'][0]})"]
    assert counting["measure"].tolist() == [""]


def test_a_lone_ordinal_is_no_list():
    proposal = valid("这是第一要务。召开第一次全体会议。")
    assert proposal.items.empty and proposal.facts.empty


def test_ids_are_unique_slugs_and_themes_known():
    text = (SAMPLES / "government_work_report.txt").read_text(encoding="utf-8")
    facts = valid(text).facts
    assert facts["id"].is_unique
    assert facts["id"].str.fullmatch(r"[a-z][a-z0-9_]{0,63}").all()
    assert set(facts["theme"]) <= set(
        FactSchema.to_schema().columns["theme"].checks[0].statistics["allowed_values"]
    )


def test_a_theme_named_in_the_section_title_is_proposed():
    facts = valid("一、调查研究\n对31家企业进行了问卷调查。\n").facts
    assert facts["theme"].tolist() == ["research"]


def test_empty_and_numberless_text():
    empty = propose("")
    assert empty.facts.empty and empty.outline.empty and empty.dates.empty
    plain = valid("学习是实践的基础。")
    assert plain.facts.empty and plain.items.empty


def test_a_long_report_finishes_promptly():
    """A guard against a hang, not a speed target (bench/extract.py has that)."""
    import time

    text = (
        "\n".join((SAMPLES / name).read_text(encoding="utf-8") for name in SAMPLE_NAMES)
        * 20
    )
    started = time.monotonic()
    proposal = propose(text)
    assert time.monotonic() - started < 60
    assert len(proposal.facts) > 100


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        (
            "地区生产总值达到3.35万亿元，比上年增长8.7%；预算收入12亿元，增长6.5%。",
            ["地区生产总值", "地区生产总值比上年增长", "预算收入", "预算收入增长"],
        ),
        (
            "全年新增高新技术企业超过300家，总数近2000家。",
            ["全年新增高新技术企业", "高新技术企业总数"],
        ),
        (
            "居民人均可支配收入增长9.1%，比经济增速高0.4个百分点。",
            ["居民人均可支配收入增长", "居民人均可支配收入增长比经济增速高"],
        ),
        # A new sentence carries no subject over.
        ("预算收入12亿元。增长6.5%。", ["预算收入", "增长"]),
    ],
)
def test_a_change_or_a_total_is_labelled_with_its_subject(text, labels):
    facts = propose(f"一、回顾\n{text}\n").facts
    assert facts["label_zh"].tolist() == labels
