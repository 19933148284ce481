"""The bot's pages read in a real browser: headless Chromium at a phone's and a desktop's width.

Shared by tests/test_page_layout.py (what a reader would notice: the page scrolling sideways,
a chart number cut off, the chart above the table, a day after today, the wrong direction) and
scripts/screenshots.py (the README's pictures). Chromium is Debian's (`make packages` installs
it), driven by Playwright for Python; no browser is ever downloaded.

At 400 px the pages are read in MinervaNeue, the skin of Wikipedia's mobile site, which
Debian's MediaWiki ships (without MobileFrontend, which it does not ship), and in the wiki's
default skin (Vector 2010, as a narrow desktop window); at 1280 px in Vector.
"""

from __future__ import annotations

import tempfile
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from playwright.sync_api import BrowserContext, sync_playwright

from scripts.devwiki import DevWiki
from scripts.devwiki.packages import CHROMIUM

PHONE, DESKTOP = 400, 1280
HEIGHT = 900
MOBILE_SKIN, DESKTOP_SKIN = "minerva", "vector"
# (width, skin): a phone in the mobile skin, a narrow window and a desktop in the default one
VIEWS = ((PHONE, MOBILE_SKIN), (PHONE, DESKTOP_SKIN), (DESKTOP, DESKTOP_SKIN))
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

# Participants whose names stress a page: Cyrillic, Hebrew, Arabic, Greek, accented Latin,
# and one long name with no space to break at (no CJK: Debian's Chromium has no font for it
# without fonts-noto-cjk, and the screenshots would show boxes).
NAMES = (
    "Иван Петров",
    "Мария Кузнецова",
    "דוד כהן",
    "שרה לוי",
    "محمد علي",
    "María José Núñez",
    "François Lefèvre",
    "Zoë Ørsted",
    "Łukasz Wróbel",
    "Σωκράτης Παπαδόπουλος",
    "Nguyễn Văn An",
    "Maximiliana-Alexandrowna-Wolkonskaja-Trubetskaja",
)
GOOD = (
    "<ref>{{{{cite book |title=Histoire de la ville {n} |publisher=Presses |year=2011 "
    "|isbn=978-0-306-40615-7}}}}</ref>"
)
BAD = (
    "<ref>{{{{cite web |url=https://example.org/archives/very/long/path/to/a/catalogue/"
    "record/that/never/breaks/{n}?query=parameter&another=value |title=Record {n} "
    "|date=May 01, 2010}}}}</ref>"
)


def add_mobile_skin(wiki: DevWiki, wait: float = 20.0) -> None:
    """Load MinervaNeue on the running `wiki`, and wait until it serves pages in it."""

    def served() -> bool:
        page = requests.get(url(wiki, "Special:BlankPage", MOBILE_SKIN), timeout=60)
        return f"skin-{MOBILE_SKIN}" in page.text

    wiki.add_settings("wfLoadSkin( 'MinervaNeue' );", served, f"the skin {MOBILE_SKIN}", wait)


def _api(session: requests.Session, wiki: DevWiki, post: bool = False, **params: Any) -> Any:
    params["format"] = "json"
    if post:
        reply = session.post(wiki.api_url, data=params, timeout=60)
    else:
        reply = session.get(wiki.api_url, params=params, timeout=60)
    data = reply.json()
    if "error" in data:
        raise RuntimeError(f"{params.get('action')}: {data['error']}")
    return data


def _token(session: requests.Session, wiki: DevWiki, kind: str) -> str:
    data = _api(session, wiki, action="query", meta="tokens", type=kind)
    return str(data["query"]["tokens"][f"{kind}token"])


def _edit(session: requests.Session, wiki: DevWiki, title: str, text: str) -> None:
    token = _token(session, wiki, "csrf")
    _api(session, wiki, post=True, action="edit", title=title, text=text,
         summary="#1Lib1Ref", token=token)  # fmt: skip


def participant(wiki: DevWiki, name: str) -> requests.Session:
    """A new account `name` on `wiki` (made through the API as a visitor would), logged in."""
    session = requests.Session()
    password = "layout-test-password"  # a local test account
    token = _token(session, wiki, "createaccount")
    _api(session, wiki, post=True, action="createaccount", username=name, password=password,
         retype=password, createreturnurl=wiki.base_url, createtoken=token)  # fmt: skip
    token = _token(session, wiki, "login")
    _api(session, wiki, post=True, action="clientlogin", username=name, password=password,
         loginreturnurl=wiki.base_url, logintoken=token)  # fmt: skip
    return session


def populate(wiki: DevWiki, names: tuple[str, ...] = NAMES) -> int:
    """Campaign edits by a participant per name (1 to 3 each, some citations broken) and by
    an unregistered editor; returns the number of edits."""
    edits = 0
    for i, name in enumerate(names):
        session = participant(wiki, name)
        for k in range(1 + i % 3):
            n = 10 * i + k
            cite = BAD if (i + k) % 2 else GOOD
            _edit(session, wiki, f"Lieu {n}", f"Un lieu.{cite.format(n=n)}\n")
            edits += 1
    anonymous = requests.Session()
    _edit(anonymous, wiki, "Lieu anonyme", "Un lieu." + BAD.format(n=999) + "\n")
    return edits + 1


def url(wiki: DevWiki, title: str, skin: str) -> str:
    """The page's address in `skin`."""
    return f"{wiki.page_url(title)}&{urllib.parse.urlencode({'useskin': skin})}"


@contextmanager
def browser() -> Iterator[BrowserContext]:
    """Debian's Chromium, headless, with a fresh profile removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="lib1ref-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=list(CHROMIUM_ARGS),
            viewport={"width": DESKTOP, "height": HEIGHT},
            device_scale_factor=1,
        )
        try:
            yield context
        finally:
            context.close()


# What a reader sees, measured in the page. A label is cut off when its text's box leaves the
# viewport or any box that clips it (overflow other than visible).
_MEASURE = """
() => {
  const doc = document.documentElement;
  const view = doc.clientWidth;
  const box = (el) => { const r = document.createRange(); r.selectNodeContents(el);
                        return r.getBoundingClientRect(); };
  const cut = (el) => {
    const r = box(el);
    if (r.left < -0.5 || r.right > view + 0.5) return true;
    for (let a = el.parentElement; a; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === 'visible') continue;
      const c = a.getBoundingClientRect();
      if (r.left < c.left - 0.5 || r.right > c.right + 0.5) return true;
    }
    return false;
  };
  const chart = document.querySelector('table.lib1ref-bot-chart');
  const tables = 'table.lib1ref-bot-leaderboard, table.lib1ref-bot-report, table.lib1ref-bot-hub';
  const table = document.querySelector(tables);
  const rows = chart ? [...chart.rows].filter((tr) => tr.cells.length === 3) : [];
  const labels = rows.flatMap((tr) => [tr.cells[0], tr.cells[2]]);
  const block = table || chart;
  // Content sticking out of the page's column: any element of it shown, but those inside a
  // box that scrolls on its own and the skin's section-edit links.
  const content = document.querySelector('.mw-parser-output');
  const column = content ? content.getBoundingClientRect() : null;
  const boxed = (el) => {
    for (let a = el.parentElement; a && a !== content; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const out = content ? [...content.querySelectorAll('*')]
    .filter((el) => el.getClientRects().length && !el.closest('.mw-editsection') && !boxed(el))
    .map((el) => { const r = el.getBoundingClientRect();
                   return Math.max(r.right - column.right, column.left - r.left); }) : [];
  return {
    view: view,
    scroll: Math.max(doc.scrollWidth, document.body.scrollWidth),
    overflow: Math.round(Math.max(0, ...out)),
    skin: [...document.body.classList].filter((c) => c.startsWith('skin-')).join(' '),
    days: rows.map((tr) => tr.cells[0].textContent.trim()),
    numbers: rows.map((tr) => tr.cells[2].textContent.trim()),
    cut: labels.filter(cut).map((c) => c.textContent.trim()),
    tables: document.querySelectorAll(tables).length,
    table_first: table && chart
      ? Boolean(table.compareDocumentPosition(chart) & Node.DOCUMENT_POSITION_FOLLOWING) : null,
    direction: block ? getComputedStyle(block).direction : null,
    page_direction: getComputedStyle(document.body).direction,
  };
}
"""


@dataclass(frozen=True)
class Layout:
    """What the page looked like at one width."""

    view: int  # the viewport's width (CSS px, without a scroll bar)
    scroll: int  # the document's scroll width: above `view`, the page scrolls sideways
    overflow: int  # px by which the page's content sticks out of its column (the skin aside)
    skin: str
    days: list[str]  # the chart's dates, in order
    numbers: list[str]  # the chart's numbers, in order
    cut: list[str]  # chart labels (dates or numbers) cut off or out of view
    tables: int  # the leaderboard's, report's or hub's tables
    table_first: bool | None  # the table comes before the chart (None: not both there)
    direction: str | None  # the block's writing direction
    page_direction: str  # the page's (its body's)


def read(context: BrowserContext, address: str, width: int, shot: Path | None = None) -> Layout:
    """Open `address` at `width` px; measure it, and save a PNG of its top to `shot`."""
    page = context.new_page()
    try:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        page.goto(address, wait_until="load")
        layout = Layout(**page.evaluate(_MEASURE))
        if shot is not None:
            page.screenshot(path=str(shot), full_page=False)
        return layout
    finally:
        page.close()
