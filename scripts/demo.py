"""`make demo`: a local wiki, a small seeded campaign, and the bot's main job end to end.

Starts (or restarts) a dev wiki in `.demo/wiki`, seeds it from `demo_seed.json` (articles
written for the project, tagged and untagged edits, good and broken citations), writes
`.demo/lib1ref.toml`, runs `lib1ref run`, then prints status, the participants and where
to look. The wiki keeps running afterwards; `make demo-stop` stops it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scripts.devwiki import BOT_LOGIN, BOT_TOKEN, USERS, DevWiki, ensure_packages

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / ".demo"
SEED = Path(__file__).with_name("demo_seed.json")


def start_wiki() -> DevWiki:
    wiki_dir = DEMO / "wiki"
    if (wiki_dir / "LocalSettings.php").exists():
        old = DevWiki(wiki_dir)
        if old.is_running():
            old.stop()
    shutil.rmtree(DEMO, ignore_errors=True)
    DEMO.mkdir(parents=True)
    wiki = DevWiki.create(wiki_dir)
    wiki.start(detach=True)
    return wiki


def seed(wiki: DevWiki) -> int:
    data = json.loads(SEED.read_text(encoding="utf-8"))
    for page in data["pages"]:
        wiki.edit(page["user"], page["title"], page["text"], summary=page["summary"])
    for edit in data["edits"]:
        if "create" in edit:
            text = edit["create"]
        else:
            current = wiki.page_text(edit["title"]) or ""
            old, new = edit["replace"]
            text = current.replace(old, new)
        wiki.edit(edit["user"], edit["title"], text, summary=edit["summary"],
                  bot=edit.get("bot", False))  # fmt: skip
    return len(data["edits"])


def write_config(wiki: DevWiki) -> Path:
    now = datetime.now(UTC)
    start = (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (now + timedelta(days=21)).strftime("%Y-%m-%d")
    path = DEMO / "lib1ref.toml"
    path.write_text(
        f"""# Written by `make demo` for the local demo wiki.
database = "lib1ref.sqlite"
edit_delay = 0
contact = "https://example.org/User:DemoOperator"

[wikis.demo]
api = "{wiki.api_url}"
lang = "en"
username = "{BOT_LOGIN}"
leaderboard_page = "Project:1Lib1Ref/Leaderboard"
report_page = "Project:1Lib1Ref/Citations to check"
shutoff_page = "User:Lib1RefBot/shutoff"

[[campaigns]]
id = "demo"
start = "{start}"
end = "{end}"
wikis = ["demo"]
""",
        encoding="utf-8",
    )
    path.chmod(0o600)
    return path


def main() -> int:
    from bot.cli import main as lib1ref

    ensure_packages()
    print("demo: starting a local MediaWiki ...", flush=True)
    wiki = start_wiki()
    print(f"demo: wiki at {wiki.base_url}/index.php (Admin password: {USERS['Admin'].password})")
    edits = seed(wiki)
    print(f"demo: seeded {edits} edits by Alice, Bob, Carol, Dave and HelperBot", flush=True)
    config = write_config(wiki)
    os.environ["LIB1REF_BOT_PASSWORD"] = BOT_TOKEN  # the local bot's token, not a real secret
    steps = [["run"], ["status"], ["export", "participants", "--format", "csv"],
             ["export", "citations", "--format", "csv"]]  # fmt: skip
    code = 0
    for step in steps:
        print(f"\n$ lib1ref --config {config.relative_to(ROOT)} {' '.join(step)}", flush=True)
        code = max(code, lib1ref(["--config", str(config), *step]))
    print("\ndemo: done.")
    print(f"  leaderboard page: {wiki.page_url('Project:1Lib1Ref/Leaderboard')}")
    print(f"  citations report: {wiki.page_url('Project:1Lib1Ref/Citations to check')}")
    print(f"  recent changes:   {wiki.page_url('Special:RecentChanges')}")
    print(f"  database:         {DEMO / 'lib1ref.sqlite'}")
    print(f"  config:           {config}")
    print("  stop the wiki:    make demo-stop")
    return code


if __name__ == "__main__":
    sys.exit(main())
