"""Config validation: every problem is one line naming the file and the key, exit code 2."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot import store
from bot.cli import main
from bot.config import DEFAULT_HASHTAGS, load_config
from bot.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]

GOOD = """
database = "db/lib1ref.sqlite"
edit_delay = 2
contact = "https://example.org/User:Op"

[wikis.enwiki]
api = "https://en.wikipedia.org/w/api.php"
lang = "en"
username = "Lib1RefBot@lib1ref"
leaderboard_page = "Wikipedia:1Lib1Ref/Leaderboard"
report_page = "Wikipedia:1Lib1Ref/Citations to check"
shutoff_page = "User:Lib1RefBot/shutoff"

[[campaigns]]
id = "2027-01"
start = "2027-01-15"
end = "2027-02-05"
wikis = ["enwiki"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lib1ref.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_config_loads_with_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert config.database == tmp_path / "db" / "lib1ref.sqlite"
    assert config.edit_delay == 2
    wiki = config.wiki("enwiki")
    assert wiki.bot_user == "Lib1RefBot"
    campaign = config.campaign("2027-01")
    assert campaign.hashtags == DEFAULT_HASHTAGS
    assert campaign.namespaces == (0,)
    assert campaign.start == datetime(2027, 1, 15, tzinfo=UTC)
    # A date alone as the end means the end of that day, inclusive.
    assert campaign.end == datetime(2027, 2, 5, 23, 59, 59, tzinfo=UTC)
    assert campaign.contains(datetime(2027, 2, 5, 23, 0, tzinfo=UTC))
    assert not campaign.contains(datetime(2027, 2, 6, 0, 0, tzinfo=UTC))


def test_judge_defaults_to_local_rules_and_takes_each_value(tmp_path: Path) -> None:
    wiki = load_config(write(tmp_path, GOOD)).wiki("enwiki")
    assert (wiki.judge, wiki.judge_batch, wiki.judge_limit) == ("local", 50, 1000)
    for judge in ("local", "wiki", "both"):
        text = GOOD.replace('lang = "en"', f'lang = "en"\njudge = "{judge}"\njudge_batch = 20')
        wiki = load_config(write(tmp_path, text)).wiki("enwiki")
        assert (wiki.judge, wiki.judge_batch) == (judge, 20)


def test_datetimes_with_offsets_become_utc(tmp_path: Path) -> None:
    text = GOOD.replace('start = "2027-01-15"', 'start = "2027-01-15T09:00:00+09:00"')
    text = text.replace('end = "2027-02-05"', "end = 2027-02-05T12:00:00Z")
    campaign = load_config(write(tmp_path, text)).campaigns[0]
    assert campaign.start == datetime(2027, 1, 15, 0, 0, tzinfo=UTC)
    assert campaign.end == datetime(2027, 2, 5, 12, 0, tzinfo=UTC)


def test_example_config_is_valid() -> None:
    config = load_config(ROOT / "lib1ref.example.toml")
    assert set(config.wikis) == {"enwiki", "eswiki", "frwiki"}
    assert {w.lang for w in config.wikis.values()} == {"en", "es", "fr"}
    assert (config.concurrency, config.cycle_budget) == (8, 300.0)
    assert config.host_wait == 120.0


BAD = [
    ("missing database", lambda t: t.replace('database = "db/lib1ref.sqlite"\n', ""),
     "database: missing"),
    ("edit_delay text", lambda t: t.replace("edit_delay = 2", 'edit_delay = "fast"'),
     "edit_delay: must be a number"),
    ("edit_delay negative", lambda t: t.replace("edit_delay = 2", "edit_delay = -1"),
     "edit_delay: must be between"),
    ("unknown top key", lambda t: "databse = 'x'\n" + t, "databse: unknown key"),
    ("concurrency zero", lambda t: "concurrency = 0\n" + t,
     "concurrency: must be between 1 and 64"),
    ("cycle_budget text", lambda t: "cycle_budget = '5m'\n" + t, "cycle_budget: must be a number"),
    ("host_wait negative", lambda t: "host_wait = -1\n" + t,
     "host_wait: must be between 0 and 3600"),
    ("bad api", lambda t: t.replace("https://en.wikipedia.org/w/api.php", "en.wikipedia.org"),
     "wikis.enwiki.api:"),
    ("bad lang", lambda t: t.replace('lang = "en"', 'lang = "EN-"'),
     "wikis.enwiki.lang: not a language code: 'EN-'"),
    ("username without app", lambda t: t.replace("Lib1RefBot@lib1ref", "Lib1RefBot"),
     "wikis.enwiki.username:"),
    ("missing shutoff", lambda t: t.replace('shutoff_page = "User:Lib1RefBot/shutoff"\n', ""),
     "wikis.enwiki.shutoff_page: missing"),
    ("unknown wiki key", lambda t: t.replace('lang = "en"', 'lang = "en"\napi_url = "x"'),
     "wikis.enwiki.api_url: unknown key"),
    ("campaign unknown wiki", lambda t: t.replace('wikis = ["enwiki"]', 'wikis = ["dewiki"]'),
     "campaigns[0].wikis: no [wikis.dewiki]"),
    ("campaign bad date", lambda t: t.replace('start = "2027-01-15"', 'start = "15/01/2027"'),
     "campaigns[0].start: not an ISO date"),
    ("campaign end before start", lambda t: t.replace('end = "2027-02-05"', 'end = "2026-02-05"'),
     "campaigns[0].end: must be after start"),
    ("bad hashtag", lambda t: t.replace('id = "2027-01"', 'id = "2027-01"\nhashtags = ["1 Lib"]'),
     "campaigns[0].hashtags:"),
    ("namespaces text", lambda t: t.replace('id = "2027-01"', 'id = "2027-01"\nnamespaces = ["0"]'),
     "campaigns[0].namespaces: every item must be an integer"),
    ("unknown judge", lambda t: t.replace('lang = "en"', 'lang = "en"\njudge = "module"'),
     "wikis.enwiki.judge: must be one of local, wiki, both, got 'module'"),
    ("judge not text", lambda t: t.replace('lang = "en"', 'lang = "en"\njudge = true'),
     "wikis.enwiki.judge: must be a string"),
    ("judge_batch zero", lambda t: t.replace('lang = "en"', 'lang = "en"\njudge_batch = 0'),
     "wikis.enwiki.judge_batch: must be between 1 and 500"),
    ("judge_limit negative", lambda t: t.replace('lang = "en"', 'lang = "en"\njudge_limit = -5'),
     "wikis.enwiki.judge_limit: must be between 0 and"),
    ("not toml", lambda t: t + "\n[[[", "not valid TOML"),
    ("no wikis", lambda t: t.split("[wikis.enwiki]")[0], "wikis: missing"),
    ("families without sitematrix",
     lambda t: t.replace('wikis = ["enwiki"]', 'families = ["wikipedia"]'),
     "campaigns[0].families: needs a [sitematrix] table"),
    ("unknown family", lambda t: t.replace('wikis = ["enwiki"]', 'families = ["wikimedia"]'),
     "campaigns[0].families: 'wikimedia' is not a family"),
    ("hub_wiki unknown", lambda t: t.replace('wikis = ["enwiki"]',
        'wikis = ["enwiki"]\nhub_wiki = "metawiki"\nhub_page = "1Lib1Ref"'),
     "campaigns[0].hub_wiki: no [wikis.metawiki]"),
    ("hub_page alone", lambda t: t.replace('wikis = ["enwiki"]',
        'wikis = ["enwiki"]\nhub_page = "1Lib1Ref"'),
     "campaigns[0].hub_wiki: hub_wiki and hub_page go together"),
    ("bad interwiki", lambda t: t.replace('lang = "en"', 'lang = "en"\ninterwiki = "w:en:x"'),
     "wikis.enwiki.interwiki:"),
    ("welcome_contact markup",
     lambda t: t.replace('lang = "en"', 'lang = "en"\nwelcome_contact = "Ana]]{{x}}"'),
     "wikis.enwiki.welcome_contact: not a valid"),
    ("no wikis nor families", lambda t: t.replace('wikis = ["enwiki"]', "wikis = []"),
     "campaigns[0].wikis: must name at least one wiki (or give families)"),
    ("sitematrix api_path", lambda t: t.replace("[wikis.enwiki]", SITEMATRIX.replace(
        'api_path = "/w/api.php"', 'api_path = "w/api"') + "[wikis.enwiki]"),
     "sitematrix.api_path:"),
]  # fmt: skip

SITEMATRIX = '[sitematrix]\napi = "https://meta.wikimedia.org/w/api.php"\napi_path = "/w/api.php"\n'


def test_a_campaign_may_be_its_families_alone(tmp_path: Path) -> None:
    text = (
        GOOD.split("[wikis.enwiki]", maxsplit=1)[0]
        + SITEMATRIX
        + (
            '[[campaigns]]\nid = "c"\nstart = "2027-01-15"\nend = "2027-02-05"\n'
            'families = ["wikipedia", "wikidata"]\n'
        )
    )
    config = load_config(write(tmp_path, text))
    assert config.wikis == {}
    assert config.campaign("c").families == ("wikipedia", "wikidata")
    assert config.campaign("c").wikis == ()
    assert config.sitematrix is not None and config.sitematrix.refresh_hours == 24


@pytest.mark.parametrize(("name", "mutate", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_config_is_one_line_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, mutate: object, expected: str
) -> None:
    path = write(tmp_path, mutate(GOOD))  # type: ignore[operator]
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert expected in str(info.value)
    assert str(path) in str(info.value)
    # Through the CLI: one line on stderr, exit code 2, no traceback.
    assert main(["--config", str(path), "status"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert expected in err
    assert "Traceback" not in err


def test_missing_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(tmp_path / "nope.toml"), "status"]) == 2
    err = capsys.readouterr().err
    assert "config file not found" in err and err.count("\n") == 1


def test_config_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD)
    monkeypatch.setenv("LIB1REF_CONFIG", str(path))
    store.open_db(load_config(path).database)  # as the first scan would (only scan creates it)
    assert main(["status"]) == 0
    assert "2027-01 enwiki: checkpoint -" in capsys.readouterr().out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "--no-such-flag"]) == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments" in err and err.count("\n") == 1


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for command in ("scan", "check", "check-text", "leaderboard", "welcome", "status", "export"):
        assert command in out
