"""Language profiles are data: every packaged file validates, and bad data is refused."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest

from bot.citations import UnknownLanguageError, available_languages, load_profile
from bot.citations.profiles import ProfileError, build_profile, load_cs1
from bot.errors import DataFileError
from bot.problems import problem_codes

CODES = problem_codes()


def raw(lang: str) -> dict[str, Any]:
    path = resources.files("bot") / "data" / "profiles" / f"{lang}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_the_campaign_languages_have_profiles() -> None:
    assert {"en", "es", "fr"} <= available_languages()


@pytest.mark.parametrize("lang", sorted(available_languages()))
def test_every_profile_validates(lang: str) -> None:
    profile = load_profile(lang)
    assert profile.lang == lang
    assert profile.citation_templates and profile.sfn_templates and profile.cn_templates
    assert set(profile.citation_templates.values()) <= {
        "web", "podcast", "episode", "serial", "map",
        "book", "journal", "news", "magazine", "report", "thesis", "conference", "av-media",
        "av-media-notes", "press release", "arxiv", "biorxiv", "medrxiv", "citeseerx", "ssrn",
        "interview", "speech", "mailinglist", "newsgroup", "sign", "techreport", "document",
        "citation", "encyclopedia",
    }  # fmt: skip
    for code in CODES:
        assert profile.help_url(code).startswith("https://")
        assert profile.severity(code) in ("error", "warning")
    # A citation-needed template is never also a citation, and "rp" is not a citation.
    assert not profile.cn_templates & set(profile.citation_templates)
    assert "rp" not in profile.sfn_templates


def test_english_profile_links_each_code_to_its_help_section() -> None:
    en = load_profile("en")
    assert en.help_url("bad-date") == "https://en.wikipedia.org/wiki/Help:CS1_errors#bad_date"
    assert len({en.help_url(code) for code in CODES}) == len(CODES)


def test_localised_names_and_parameters() -> None:
    es, fr = load_profile("es"), load_profile("fr")
    assert es.name("Cita web") in es.citation_templates
    assert es.param_aliases["fechaacceso"] == "access-date"
    assert es.name("Plantilla:Cita requerida") in es.cn_templates
    assert fr.name("Lien web") in fr.citation_templates
    assert fr.param_aliases["consulté le"] == "access-date"
    assert fr.name("Référence nécessaire") in fr.cn_templates


def test_name_normalisation() -> None:
    en = load_profile("en")
    assert en.name("  Cite_web <!-- x --> ") == "cite web"
    assert en.name("Template:Citation  needed") == "citation needed"
    assert en.name("Cite Web") in en.citation_templates  # a redirect of its own
    assert en.name("cite WEB") not in en.citation_templates  # only the first letter folds


def test_a_bad_language_code_is_a_clear_value_error() -> None:
    with pytest.raises(UnknownLanguageError, match=r"'\.\./profiles/en'.*bundles: .*en") as info:
        load_profile("../profiles/en")
    assert isinstance(info.value, DataFileError) and isinstance(info.value, ValueError)


def test_a_language_without_a_bundle_gets_the_generic_profile() -> None:
    ka = load_profile("ka")
    assert (ka.lang, ka.source, dict(ka.citation_templates)) == ("ka", "generic", {})
    assert load_profile("en").source == "packaged"


def _broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(raw("en"))
    change(data["citations"])
    return data


@pytest.mark.parametrize(
    ("why", "change"),
    [
        ("section missing", lambda c: c.clear()),
        ("name not normalised", lambda c: c["citation_templates"].update({"Cite foo": "web"})),
        ("bad severity", lambda c: c["severity"].update({"bad-date": "fatal"})),
        ("unknown code", lambda c: c["severity"].update({"no-such-code": "error"})),
        ("month missing", lambda c: c["dates"]["months"].pop("December")),
        ("help not https", lambda c: c["help"].update({"default": "http://x"})),
        ("unexpected key", lambda c: c.update({"extra": 1})),
        ("list of non-strings", lambda c: c.update({"sfn_templates": [1]})),
    ],
)
def test_bad_profile_data_is_refused(why: str, change: Any) -> None:
    data = _broken(change)
    if why == "month missing":
        data["citations"]["dates"]["months"].pop("Dec")
    with pytest.raises(ProfileError):
        build_profile(data, load_cs1(), source=why)


def test_shared_cs1_data() -> None:
    cs1 = load_cs1()
    assert set(cs1.severity) == set(CODES)
    assert cs1.severity["no-locator"] == "warning"
    assert not cs1.legacy_params & cs1.known_params
    assert {"accessdate", "access-date", "url-status"} <= cs1.known_params
    assert "deadurl" in cs1.legacy_params
