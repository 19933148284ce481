"""A lib1ref.toml for the local MediaWiki: one wiki `local` (and optionally `other`) and one
campaign `test` around now. Used by the tests and the benchmarks (scripts never import tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from scripts.devwiki import BOT_LOGIN


def write_config(
    tmp_path: Path,
    api_url: str,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    namespaces: tuple[int, ...] = (0,),
    extra_top: str = "",
    second_wiki_api: str | None = None,
    name: str = "lib1ref.toml",
    database: str = "lib1ref.sqlite",
    lang: str = "en",
    campaign_extra: str = "",
    wiki_extra: str = "",
) -> Path:
    """A config for the local wiki (key `local`) and one campaign `test` around now."""
    now = datetime.now(UTC)
    start = start or now - timedelta(hours=1)
    end = end or now + timedelta(days=1)
    wikis = ["local"]
    text = f"""
database = "{database}"
edit_delay = 0
contact = "https://example.org/User:Operator"
max_retries = 1
retry_wait = 0.2
timeout = 10
{extra_top}

[wikis.local]
api = "{api_url}"
lang = "{lang}"
username = "{BOT_LOGIN}"
leaderboard_page = "Project:1Lib1Ref/Leaderboard"
report_page = "Project:1Lib1Ref/Citations to check"
shutoff_page = "User:Lib1RefBot/shutoff"
{wiki_extra}
"""
    if second_wiki_api:
        wikis.append("other")
        text += f"""
[wikis.other]
api = "{second_wiki_api}"
lang = "en"
username = "{BOT_LOGIN}"
leaderboard_page = "Project:1Lib1Ref/Leaderboard"
report_page = "Project:1Lib1Ref/Citations to check"
shutoff_page = "User:Lib1RefBot/shutoff"
"""
    text += f"""
[[campaigns]]
id = "test"
start = "{start.strftime("%Y-%m-%dT%H:%M:%SZ")}"
end = "{end.strftime("%Y-%m-%dT%H:%M:%SZ")}"
wikis = {wikis!r}
namespaces = {list(namespaces)!r}
{campaign_extra}
""".replace("'", '"')
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
