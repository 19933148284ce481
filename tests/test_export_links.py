"""Issue 15: the exports people take to a spreadsheet give the rank, links (diff and article
URLs), each wiki's domain and the problems in words, through the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from bot import store
from bot.render.ranking import rank
from scripts.scale_db import CAMPAIGN_ID, WIKIS, build_db
from tests.helpers import lib1ref

LANG = {"enwiki": "en", "eswiki": "es", "frwiki": "fr", "dewiki": "de", "itwiki": "it",
        "ptwiki": "pt", "arwiki": "ar", "idwiki": "id", "jawiki": "ja", "ukwiki": "uk"}  # fmt: skip


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("links") / "scale.sqlite"
    build_db(path, 2500).close()  # 250 participants, 5 of them IP editors
    return path


def config(tmp_path: Path, database: Path, *, rank_unregistered: bool = False) -> Path:
    text = f'database = "{database}"\ncontact = "https://example.org/User:Operator"\n'
    for key in WIKIS:
        text += (f'\n[wikis.{key}]\napi = "https://{LANG[key]}.wikipedia.org/w/api.php"\n'
                 f'lang = "{LANG[key]}"\nusername = "Lib1RefBot@lib1ref"\n'
                 'leaderboard_page = "Project:1Lib1Ref/Leaderboard"\n'
                 'report_page = "Project:1Lib1Ref/Citations to check"\n'
                 'shutoff_page = "User:Lib1RefBot/shutoff"\n')  # fmt: skip
    text += (f'\n[[campaigns]]\nid = "{CAMPAIGN_ID}"\nstart = "2027-01-15T00:00:00Z"\n'
             f'end = "2027-02-05T23:59:59Z"\nwikis = {json.dumps(list(WIKIS))}\n'
             f"rank_unregistered = {'true' if rank_unregistered else 'false'}\n")  # fmt: skip
    path = tmp_path / "lib1ref.toml"
    path.write_text(text, encoding="utf-8")
    return path


def export(cfg: Path, what: str, tmp_path: Path) -> list[dict[str, str]]:
    out = tmp_path / f"{what}.csv"
    assert lib1ref(cfg, "export", what, "--format", "csv", "--output", str(out)) == 0
    with out.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("rank_unregistered", [False, True])
def test_participants_have_the_leaderboards_rank_and_domains(
    database: Path, tmp_path: Path, rank_unregistered: bool
) -> None:
    rows = export(config(tmp_path, database, rank_unregistered=rank_unregistered),
                  "participants", tmp_path)  # fmt: skip
    standings = store.load_standings(store.open_db_readonly(database), CAMPAIGN_ID, None)
    board = {s.user: str(n) for n, s in rank(standings, rank_unregistered=rank_unregistered)}
    assert {r["user"]: r["rank"] for r in rows} == {
        s.user: board.get(s.user, "") for s in standings
    }
    ips = [r for r in rows if r["user_kind"] == "ip"]
    assert ips and all(bool(r["rank"]) is rank_unregistered for r in ips)
    assert sorted({r["rank"] for r in rows if r["rank"]}, key=int)[:1] == ["1"]
    top = next(r for r in rows if r["rank"] == "1")
    assert "en.wikipedia.org" in top["domains"].split() and "enwiki" not in top["domains"]


def test_edits_and_citations_link_the_diff_and_article_and_name_problems(
    database: Path, tmp_path: Path
) -> None:
    cfg = config(tmp_path, database)
    edits = export(cfg, "edits", tmp_path)
    edit = next(e for e in edits if e["wiki"] == "eswiki")
    assert edit["domain"] == "es.wikipedia.org"
    assert edit["diff_url"] == f"https://es.wikipedia.org/w/index.php?diff={edit['revid']}"
    title = edit["page_title"].replace(" ", "_")
    assert edit["article_url"] == f"https://es.wikipedia.org/w/index.php?title={title}"
    citations = export(cfg, "citations", tmp_path)
    bad = next(c for c in citations if c["problems"])
    assert (bad["problems"], bad["problem_names"]) == ("bad-date", "Invalid date")
    assert bad["diff_url"].endswith(f"?diff={bad['revid']}") and bad["domain"].endswith(".org")
    assert all(c["problem_names"] == "" for c in citations if not c["problems"])


def test_the_hashtags_export_keeps_the_tools_layout(database: Path, tmp_path: Path) -> None:
    rows = export(config(tmp_path, database), "hashtags", tmp_path)
    assert list(rows[0]) == list(store.HASHTAGS_COLUMNS)
    assert rows[0]["Domain"].endswith(".wikipedia.org")
