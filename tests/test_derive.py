"""Profiles derived from a wiki's Citoid map and TemplateData: tests/data/bundles/derived.json."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.citations import analyze_edit, load_profile
from bot.citations.derive import Publication, derive_profile, judged_by, profile_from

TODAY = date(2026, 1, 20)
KA_MONTHS = ("იანვარი", "თებერვალი", "მარტი", "აპრილი", "მაისი", "ივნისი", "ივლისი",
             "აგვისტო", "სექტემბერი", "ოქტომბერი", "ნოემბერი", "დეკემბერი")  # fmt: skip

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).with_name("data") / "bundles" / "derived.json").read_text(encoding="utf-8")
)["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_derived_profile_case(case: dict[str, Any]) -> None:
    profile = derive_profile(
        case["lang"], case["type_map"], case["redirects"], case["templatedata"]
    )
    found = analyze_edit("", case["new"], case["lang"], date.fromisoformat(case["today"]), profile)
    assert [[[p.code, p.param] for p in c.problems] for c in found.added] == case["expect"], case[
        "why"
    ]


def test_source_says_what_judged() -> None:
    assert derive_profile("ka", {"webpage": "X"}, {}, {}).source == "derived"
    assert derive_profile("pt", {"webpage": "Citar sítio"}, {}, {}).source == "packaged+derived"
    # a wiki naming only what the bundle knows leaves the packaged profile as it is
    assert derive_profile("pt", {"webpage": "Citar web"}, {}, {}).source == "packaged"


KA = Publication(
    type_map={"webpage": "ციტირება ვებ"},
    redirects={"ვებ": "ციტირება ვებ"},
    templatedata={"ციტირება ვებ": {"params": {"თარიღი": {"aliases": []}},
                                    "maps": {"citoid": {"date": "თარიღი"}}}},
    months={m: i for i, m in enumerate(KA_MONTHS, 1)},
    cn_templates=("საჭიროა წყარო", "წყარო"),
    template_namespaces=("თარგი", "Template"),
)  # fmt: skip


def test_each_citation_says_which_profile_source_judged_it() -> None:
    ka = profile_from(load_profile("ka"), KA)
    new = ("<ref>{{თარგი:ვებ |url=https://example.org/a |title=A}}</ref>"
           "<ref>https://example.org/bare</ref>")  # fmt: skip
    found = analyze_edit("", new, "ka", TODAY, ka)
    assert [judged_by(ka, c.template) for c in found.added] == ["derived", "generic"]
    pt = derive_profile("pt", {"webpage": "Citar sítio"}, {}, {})
    assert [judged_by(pt, t) for t in ("citar sítio", "Citar web", None)] == [
        "derived", "packaged", "packaged"]  # fmt: skip
    assert judged_by(load_profile("ka"), "ციტირება ვებ") == "generic"


def test_the_wikis_month_names_judge_dates_they_can_read_and_let_others_be() -> None:
    ka = profile_from(load_profile("ka"), KA)
    dates = ["5 მაისი 2010", "31 თებერვალი 2010", "2010 წლის 5 მაისი", "2010-02-31"]
    new = "".join(f"<ref>{{{{ვებ |url=https://example.org/{i} |title=T |თარიღი={d}}}}}</ref>"
                  for i, d in enumerate(dates))  # fmt: skip
    found = analyze_edit("", new, "ka", TODAY, ka)
    assert [[p.code for p in c.problems] for c in found.added] == [
        [],
        ["bad-date"],
        [],
        ["bad-date"],
    ]


def test_the_wikis_citation_needed_templates_count_when_removed() -> None:
    ka = profile_from(load_profile("ka"), KA)
    old = "A.{{წყარო}} B.{{საჭიროა წყარო|date=2020}}"
    new = "A.<ref>{{ვებ |url=https://example.org/a |title=T}}</ref> B."
    assert analyze_edit(old, new, "ka", TODAY, ka).cn_removed == 2
    assert analyze_edit(old, new, "ka", TODAY).cn_removed == 0


def test_a_publication_is_stored_and_read_back_the_same() -> None:
    assert Publication.from_json(KA.to_json()) == KA
    for junk in ("[]", '{"type_map": []}', "{"):
        with pytest.raises(ValueError):
            Publication.from_json(junk)
