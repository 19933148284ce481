"""Language bundles on the English corpus (50 real, almost clean articles, each analysed as a
page creation): citations with an error-level finding per profile source, side by side: the
packaged `en` profile, the profile derived from what English Wikipedia publishes (its Citoid
map and TemplateData as tests/data/derive/en.json describes them) on the generic checks, as
for a wiki with no bundle, and the generic checks alone (`ka`); the time per article of
each; and the API requests to derive one wiki's profile (a local wiki holding the English
templates with TemplateData) against asking one thing a request."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from bot.citations import analyze_edit
from bot.citations.derive import profile_from
from bot.citations.profiles import Profile, load_generic, load_profile
from scripts.bench_citations import CORPUS, TODAY
from scripts.publication_pages import en_publication, publication_pages


def _errors(files: list[Path], lang: str, profile: Profile | None = None) -> tuple[int, int, float]:
    """(citations, citations with an error-level finding, seconds per article)."""
    citations = errors = 0
    started = time.perf_counter()
    for path in files:
        analysis = analyze_edit("", path.read_text(encoding="utf-8"), lang, TODAY, profile)
        citations += len(analysis.added)
        errors += sum(any(p.severity == "error" for p in c.problems) for c in analysis.added)
    return citations, errors, (time.perf_counter() - started) / max(len(files), 1)


def rows() -> list[dict[str, Any]]:
    files = sorted(CORPUS.rglob("*.wiki"))
    if not files:
        raise FileNotFoundError(f"{CORPUS}: no corpus (../shared beside the checkout)")
    n, packaged, t_packaged = _errors(files, "en")
    _, generic, t_generic = _errors(files, "ka")
    derived_profile = profile_from(load_generic("en"), en_publication())
    n_derived, derived, t_derived = _errors(files, "en", derived_profile)
    beyond, unseen = _beyond_packaged(files, derived_profile)
    share, base, d_share = 100 * generic / n, 100 * packaged / n, 100 * derived / n_derived
    requests, naive = derive_requests()
    return [
        {"name": "languages: error-level findings on the corpus, derived profile (no bundle)",
         "value": d_share, "baseline": base, "ratio": d_share / max(base, 1e-9),
         "unit": "% of citations",
         "note": f"{derived} of {n_derived} citations vs {packaged} (packaged en) and "
                 f"{generic} (generic) of {n}; {unseen} citations found not also by packaged "
                 f"en, {beyond} derived findings packaged en does not make; en derived from "
                 f"its Citoid map and TemplateData on the generic checks; baseline: packaged en"},
        {"name": "languages: time per corpus article, derived profile",
         "value": 1000 * t_derived, "baseline": 1000 * t_packaged,
         "ratio": t_derived / max(t_packaged, 1e-9), "unit": "ms",
         "note": "baseline: packaged en profile"},
        {"name": "languages: API requests to derive one wiki's profile", "value": requests,
         "baseline": naive, "ratio": naive / max(requests, 1), "unit": "requests",
         "note": "a local wiki with the English templates' TemplateData, Citoid map, "
                 "redirects and citation-needed templates; baseline: one request per "
                 "thing asked (messages, map page, each template's redirects and TemplateData, "
                 "each citation-needed name)"},
        {"name": "languages: error-level findings on the corpus, generic checks (no bundle)",
         "value": share, "baseline": base, "ratio": share / max(base, 1e-9),
         "unit": "% of citations",
         "note": f"{generic} vs {packaged} (packaged en) of {n} citations; baseline: packaged en"},
        {"name": "languages: time per corpus article, generic checks", "value": 1000 * t_generic,
         "baseline": 1000 * t_packaged, "ratio": t_generic / max(t_packaged, 1e-9), "unit": "ms",
         "note": "baseline: packaged en profile"},
    ]  # fmt: skip


def _beyond_packaged(files: list[Path], profile: Profile) -> tuple[int, int]:
    """(error-level findings (code, parameter) of `profile` that packaged `en` does not make
    on the same citation, citations `profile` finds that packaged `en` does not)."""
    beyond = unseen = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        theirs = {c.wikitext: c for c in analyze_edit("", text, "en", TODAY).added}
        for c in analyze_edit("", text, "en", TODAY, profile).added:
            other = theirs.get(c.wikitext)
            unseen += other is None
            found = {(p.code, p.param) for p in c.problems if p.severity == "error"}
            known = {(p.code, p.param) for p in other.problems} if other else set()
            beyond += len(found - known)
    return beyond, unseen


def derive_requests() -> tuple[int, int]:
    """(requests `Wiki.publication` sends on a local wiki publishing the English profile,
    requests when each thing is asked on its own)."""
    from bot.config import load_config
    from bot.wiki import connect
    from scripts.botconfig import write_config
    from scripts.devwiki import BOT_TOKEN, DevWiki, build_template
    from scripts.devwiki.accounts import ADMIN

    pub = en_publication()
    seeds = load_profile("en").cn_templates
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        wiki = DevWiki.create(root / "wiki", build_template())
        with wiki.settings_file.open("a", encoding="utf-8") as f:
            f.write('\nwfLoadExtension( "TemplateData" );\n')
        wiki.start()
        try:
            for title, text in publication_pages(pub, wiki.page_text).items():
                wiki.edit(ADMIN, title, text, summary="setup")
            config = load_config(write_config(root, wiki.api_url))
            site = connect(config, "local", BOT_TOKEN, login=False, edits=False)
            before = site.requests
            site.publication(seeds)
            requests = site.requests - before
            site.close()
        finally:
            wiki.stop()
    templates = len(set(pub.type_map.values()))
    return requests, 2 + 2 * templates + len(seeds | {"Citation needed"})


if __name__ == "__main__":
    from scripts.bench import table

    print(table(rows()))
