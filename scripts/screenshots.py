"""The README's screenshots: the leaderboard and the report as the local wiki serves them, at
1280 px (Vector) and 400 px (MinervaNeue, the mobile skin), written to docs/ as PNG.

Run by hand (never by the tests), after `make packages`:

    .venv/bin/python -m scripts.screenshots [--out docs]

It starts a wiki of its own in a temporary folder (a running `make demo` is left alone),
seeds it with the demo's edits and a dozen participants with Cyrillic, Hebrew, Arabic, Greek
and accented names and an IP editor (scripts/pagelayout.py), runs `lib1ref run`, reads each
page in headless Chromium and stops the wiki. Each picture is the top of the bot's block,
cropped to at most `HEIGHTS` px.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import BrowserContext

from scripts import pagelayout
from scripts.demo import seed
from scripts.devwiki import BOT_LOGIN, BOT_TOKEN, DevWiki, build_template, ensure_packages

ROOT = Path(__file__).resolve().parents[1]
PAGES = {"leaderboard": "Project:1Lib1Ref/Leaderboard",
         "report": "Project:1Lib1Ref/Citations to check"}  # fmt: skip
SHOTS = ((pagelayout.DESKTOP, pagelayout.DESKTOP_SKIN), (pagelayout.PHONE, pagelayout.MOBILE_SKIN))
HEIGHTS = {pagelayout.DESKTOP: 760, pagelayout.PHONE: 1500}


def config(folder: Path, wiki: DevWiki) -> Path:
    now = datetime.now(UTC)
    start = (now - timedelta(days=6)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (now + timedelta(days=15)).strftime("%Y-%m-%d")
    path = folder / "lib1ref.toml"
    path.write_text(
        f"""database = "{folder / "lib1ref.sqlite"}"
edit_delay = 0
contact = "https://example.org/User:DemoOperator"

[wikis.demo]
api = "{wiki.api_url}"
lang = "en"
username = "{BOT_LOGIN}"
leaderboard_page = "{PAGES["leaderboard"]}"
report_page = "{PAGES["report"]}"
shutoff_page = "User:Lib1RefBot/shutoff"

[[campaigns]]
id = "demo"
start = "{start}"
end = "{end}"
wikis = ["demo"]
""",
        encoding="utf-8",
    )
    return path


# Where a picture starts and ends (page px): the bot's first heading, or the daily chart.
_BLOCK = """(selector) => {
  const shown = [...document.querySelectorAll(selector)].find((e) => e.offsetParent !== null);
  if (!shown) return null;
  const r = shown.getBoundingClientRect();
  return [r.top + window.scrollY, r.bottom + window.scrollY];
}"""


def shoot(
    context: BrowserContext, address: str, width: int, path: Path, *, chart: bool = False
) -> None:
    """A PNG of the page from the bot's first heading down, at most `HEIGHTS[width]` px tall;
    with `chart`, of the daily chart alone."""
    page = context.new_page()
    try:
        page.set_viewport_size({"width": width, "height": pagelayout.HEIGHT})
        page.goto(address, wait_until="load")
        full = page.evaluate("() => document.documentElement.scrollHeight")
        if chart:
            top, bottom = page.evaluate(_BLOCK, "table.lib1ref-bot-chart")
            top, height = top - 12, bottom - top + 24
        else:
            top = page.evaluate(_BLOCK, ".mw-parser-output h2")[0] - 12
            height = min(HEIGHTS[width], full - top)
        page.screenshot(path=str(path), full_page=True,
                        clip={"x": 0, "y": top, "width": width, "height": height})  # fmt: skip
    finally:
        page.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs")
    args = parser.parse_args(argv)
    from bot.cli import main as lib1ref

    ensure_packages()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lib1ref-screenshots-") as tmp:
        folder = Path(tmp)
        wiki = DevWiki.create(folder / "wiki", build_template())
        wiki.start()
        try:
            pagelayout.add_mobile_skin(wiki)
            edits = seed(wiki) + pagelayout.populate(wiki)
            print(f"screenshots: {edits} edits made on {wiki.base_url}", flush=True)
            os.environ["LIB1REF_BOT_PASSWORD"] = BOT_TOKEN  # the local bot's, not a secret
            if lib1ref(["--config", str(config(folder, wiki)), "run"]) != 0:
                print("screenshots: lib1ref run failed", file=sys.stderr)
                return 1
            with pagelayout.browser() as context:
                for name, title in PAGES.items():
                    for width, skin in SHOTS:
                        path = args.out / f"{name}-{width}.png"
                        shoot(context, pagelayout.url(wiki, title, skin), width, path)
                        print(f"screenshots: {path} ({path.stat().st_size // 1024} KiB)")
                path = args.out / f"chart-{pagelayout.PHONE}.png"
                address = pagelayout.url(wiki, PAGES["leaderboard"], pagelayout.MOBILE_SKIN)
                shoot(context, address, pagelayout.PHONE, path, chart=True)
                print(f"screenshots: {path} ({path.stat().st_size // 1024} KiB)")
        finally:
            wiki.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
