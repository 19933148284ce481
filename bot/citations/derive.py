"""Profiles the wiki describes (issue 13, point 3; the pure part): a citation profile derived
from what a wiki publishes, refined by the packaged bundle where there is one.

Inputs (a `Publication`, fetched by bot/wiki/publication.py and kept by bot/store/profiles.py):
`MediaWiki:Citoid-template-type-map.json` (Zotero item type -> template name), the redirects
to those templates (name -> target), `action=templatedata` for each template (`params` with
their `aliases`, and `maps.citoid`: Citoid field -> parameter), the month names of the wiki's
messages (`meta=allmessages`), its citation-needed templates and their redirects, and the
names of its template namespace. A derived profile knows the wiki's citation templates and
the local names of the parameters Citoid fills (url, title, dates, archive, identifiers), so
the value checks run on them; with a packaged profile, the packaged names win where both
name one (`source` "packaged+derived"). Each citation says which source judged it
(`judged_by`: packaged, derived or generic).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

from .dates import EN_MONTHS
from .profile_data import DateLocale
from .profiles import Profile, load_profile
from .text import normalize_name

# Zotero item types (Citoid's map keys) -> the profile classes of bot/data/profiles.
ITEM_CLASSES = {
    "webpage": "web", "blogPost": "web", "forumPost": "web", "book": "book", "bookSection": "book",
    "journalArticle": "journal", "magazineArticle": "magazine", "newspaperArticle": "news",
    "encyclopediaArticle": "encyclopedia", "dictionaryEntry": "encyclopedia",
    "conferencePaper": "conference", "thesis": "thesis", "report": "report", "map": "map",
    "videoRecording": "av-media", "film": "av-media", "tvBroadcast": "episode",
    "podcast": "podcast", "interview": "interview", "preprint": "arxiv",
}  # fmt: skip
# Citoid fields (TemplateData maps.citoid keys) -> the CS1 names the checks read.
CITOID_FIELDS = {
    "url": "url", "title": "title", "accessDate": "access-date", "date": "date",
    "archiveUrl": "archive-url", "archiveDate": "archive-date", "archiveLocation": "archive-url",
    "DOI": "doi", "ISBN": "isbn", "ISSN": "issn", "PMID": "pmid", "PMCID": "pmc",
    "publicationTitle": "work", "websiteTitle": "website", "publisher": "publisher",
    "volume": "volume", "issue": "issue", "pages": "pages",
}  # fmt: skip
VALUE_CHECKS = frozenset({
    "missing_title", "web_url", "access_date_url", "bad_urls", "bad_dates", "bad_isbn",
    "bad_issn", "bad_doi", "bad_pmid", "bad_pmc", "archive",
})  # fmt: skip


@dataclass(frozen=True)
class Publication:
    """What one wiki publishes about its citations, as fetched. Template names carry no
    namespace prefix; `templatedata` keeps per template only `params` (with `aliases`) and
    `maps.citoid`; `months` maps each month name of the wiki's messages to 1-12."""

    type_map: Mapping[str, Any] = field(default_factory=dict)
    redirects: Mapping[str, str] = field(default_factory=dict)
    templatedata: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    months: Mapping[str, int] = field(default_factory=dict)
    cn_templates: tuple[str, ...] = ()
    template_namespaces: tuple[str, ...] = ()

    def to_json(self) -> str:
        return json.dumps({
            "type_map": dict(self.type_map), "redirects": dict(self.redirects),
            "templatedata": {k: dict(v) for k, v in self.templatedata.items()},
            "months": dict(self.months), "cn_templates": list(self.cn_templates),
            "template_namespaces": list(self.template_namespaces),
        }, ensure_ascii=False, sort_keys=True)  # fmt: skip

    @classmethod
    def from_json(cls, text: str) -> Publication:
        """The publication a `to_json` text holds; ValueError when it is not one."""
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise ValueError("a stored publication is a JSON object")
        maps = ("type_map", "redirects", "templatedata", "months")
        if not all(isinstance(raw.get(k, {}), dict) for k in maps):
            raise ValueError(f"a stored publication's {', '.join(maps)} are objects")
        return cls(
            type_map=raw.get("type_map", {}), redirects=raw.get("redirects", {}),
            templatedata=raw.get("templatedata", {}), months=raw.get("months", {}),
            cn_templates=tuple(raw.get("cn_templates", ())),
            template_namespaces=tuple(raw.get("template_namespaces", ())),
        )  # fmt: skip


def derive_profile(
    lang: str,
    type_map: Mapping[str, Any],
    redirects: Mapping[str, str],
    templatedata: Mapping[str, Mapping[str, Any]],
) -> Profile:
    """The profile for `lang` from the wiki's Citoid map, redirects and TemplateData, refined
    by the packaged profile (or built on the generic one when `lang` has none)."""
    return profile_from(load_profile(lang), Publication(type_map, redirects, templatedata))


def profile_from(base: Profile, pub: Publication) -> Profile:
    """`base` (a packaged or the generic profile) with what the wiki publishes; the packaged
    names win where both name one. A publication naming nothing leaves `base` as it is."""
    ns = tuple(dict.fromkeys((*base.namespaces, *(n.lower() for n in pub.template_namespaces))))
    classes: dict[str, str] = {}
    for item_type, names in pub.type_map.items():
        cls = ITEM_CLASSES.get(item_type)
        for name in names if isinstance(names, list) else [names]:
            if cls is not None and isinstance(name, str) and name.strip():
                classes.setdefault(normalize_name(name, ns), cls)
    for source, target in pub.redirects.items():
        if (cls := classes.get(normalize_name(target, ns))) is not None:
            classes.setdefault(normalize_name(source, ns), cls)
    aliases: dict[str, str] = {}
    for title, data in pub.templatedata.items():
        if normalize_name(title, ns) in classes:
            aliases.update(_template_aliases(data))
    cn = frozenset(normalize_name(n, ns) for n in pub.cn_templates) - base.cn_templates
    dates = _dates(base.dates, pub.months)
    new_names = set(aliases) - set(aliases.values()) - set(base.param_aliases)
    if (
        not set(classes) - set(base.citation_templates)
        and not new_names
        and not cn
        and (dates.months.keys() == base.dates.months.keys())
    ):
        return base  # the wiki publishes nothing the profile does not know
    packaged = base.source == "packaged"
    # the source says "derived" when the wiki adds citation templates or parameter names;
    # month names and citation-needed templates alone refine the profile under its name
    derived = bool(set(classes) - set(base.citation_templates) or new_names)
    source = ("packaged+derived" if packaged else "derived") if derived else base.source
    templates = {**classes, **base.citation_templates}
    names = {k: v for k, v in aliases.items() if k != v}
    return replace(
        base,
        namespaces=ns,
        citation_templates=MappingProxyType(templates),
        param_aliases=MappingProxyType({**names, **base.param_aliases}),
        cn_templates=base.cn_templates | cn,
        dates=dates,
        source=source,
        checks=base.checks if packaged or not classes else VALUE_CHECKS,
        any_template_class=base.any_template_class if not classes else None,
        derived_templates=frozenset(templates) - frozenset(base.citation_templates),
    )


def _dates(base: DateLocale, months: Mapping[str, int]) -> DateLocale:
    """The wiki's month names added to `base`'s (which win); a locale that read only ISO
    dates now reads dates with those names too, and lets be the values it cannot read."""
    known = {n.casefold() for n in (*base.months, *EN_MONTHS)}
    new = {n: v for n, v in months.items() if n.casefold() not in known}
    if not new or set(months.values()) != set(range(1, 13)):
        return base
    merged = MappingProxyType({**new, **base.months})
    if not base.iso_only:
        return replace(base, months=merged)
    return replace(base, months=merged, iso_only=False, lenient=True)


REFRESH = timedelta(days=1)  # a wiki's publication is read again when this old
RETRY = timedelta(hours=1)  # and not within this long of a failed read


def refresh_due(read_at: datetime | None, failed_at: datetime | None, now: datetime) -> bool:
    """Is a wiki's publication to be read (again) at `now`? Never read (`read_at` None),
    or read a day ago or more; but not within an hour of a failed read."""
    fresh = read_at is not None and now - read_at < REFRESH
    return not fresh and (failed_at is None or now - failed_at >= RETRY)


def judged_by(profile: Profile, template: str | None) -> str:
    """Which profile source judged a citation: `derived` when its template is one only the
    wiki named, else `packaged` or `generic` (the profile the wiki's bundle gives, or not)."""
    if template and profile.name(template) in profile.derived_templates:
        return "derived"
    return "packaged" if profile.source.startswith("packaged") else "generic"


def _template_aliases(data: Mapping[str, Any]) -> dict[str, str]:
    """Local parameter name (and its aliases) -> CS1 name, for the fields Citoid fills."""
    params = data.get("params") or {}
    citoid = ((data.get("maps") or {}).get("citoid")) or {}
    out: dict[str, str] = {}
    for citoid_field, param in citoid.items():
        cs1 = CITOID_FIELDS.get(citoid_field)
        if cs1 is None or not isinstance(param, str):  # a list maps several names (authors)
            continue
        spec = params.get(param) or {}
        for name in [param, *spec.get("aliases", [])]:
            if isinstance(name, str) and name:
                out.setdefault(name, cs1)
    return out
