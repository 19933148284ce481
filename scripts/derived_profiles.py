"""The profiles the windowed method and the full-parse oracle are compared under
(tests/test_citations_properties.py, tests/test_citations_oracle.py, `make fuzz`).

Besides the packaged `en` profile, four derived ones (bot/citations/derive.py), each from a
publication written for the tests in tests/data/derive/ (its `_source` says what it holds):

- `en derived`: English Wikipedia's publication on the generic checks, as for a wiki with no
  bundle; `ka derived`: a Georgian wiki's, no bundle either (its own template names, a
  namespace prefix, Georgian parameter and month names, its citation-needed templates);
- `sr+derived`: the sr bundle with English Wikipedia's publication (the redirects to the
  English templates that srwiki also hosts: `Cite Website`, `Cite dissertation`…);
  `fa+derived`: the fa bundle with templates, parameter names and a citation-needed template
  only the wiki names.

`lang` is the language each is for; `fragments_for(lang)` in scripts/strategies.py gives
document fragments written with its templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.citations.derive import Publication, profile_from
from bot.citations.profiles import Profile, load_generic, load_profile

DERIVE = Path(__file__).parents[1] / "tests" / "data" / "derive"


@dataclass(frozen=True)
class ProfileSpec:
    """A profile to compare the two methods under: its base (the `lang` bundle, or the
    generic checks when `bundle` is False) with the publication of tests/data/derive/
    `publication`.json (none: the packaged profile as it is)."""

    lang: str
    bundle: bool = True
    publication: str | None = None


PROFILES = {
    "en": ProfileSpec("en"),
    "en derived": ProfileSpec("en", bundle=False, publication="en"),
    "ka derived": ProfileSpec("ka", bundle=False, publication="ka"),
    "sr+derived": ProfileSpec("sr", publication="en"),
    "fa+derived": ProfileSpec("fa", publication="fa"),
}
DERIVED = [name for name, p in PROFILES.items() if p.publication is not None]


def publication(name: str) -> Publication:
    """The publication of tests/data/derive/`name`.json."""
    return Publication.from_json((DERIVE / f"{name}.json").read_text(encoding="utf-8"))


@cache
def profile_named(name: str) -> Profile:
    """The profile PROFILES names `name`."""
    spec = PROFILES[name]
    base = load_profile(spec.lang) if spec.bundle else load_generic(spec.lang)
    return base if spec.publication is None else profile_from(base, publication(spec.publication))
