"""Profiles the wiki describes (issue 13, point 3; the pure part): a citation profile derived
from what a wiki publishes, refined by the packaged bundle where there is one.

Inputs, as the API returns them: `MediaWiki:Citoid-template-type-map.json` (Zotero item type
-> template name), the redirects to those templates (name -> target), and `action=templatedata`
for each template (`params` with their `aliases`, and `maps.citoid`: Citoid field -> parameter).
A derived profile knows the wiki's citation templates and the local names of the parameters
Citoid fills (url, title, dates, archive, identifiers), so the value checks run on them; with a
packaged profile, the packaged names win where both name one (`source` "packaged+derived").
Fetching and storing (with a refresh period) are not built yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

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


def derive_profile(
    lang: str,
    type_map: Mapping[str, Any],
    redirects: Mapping[str, str],
    templatedata: Mapping[str, Mapping[str, Any]],
) -> Profile:
    """The profile for `lang` from the wiki's Citoid map, redirects and TemplateData, refined
    by the packaged profile (or built on the generic one when `lang` has none)."""
    base = load_profile(lang)
    ns = base.namespaces
    classes: dict[str, str] = {}
    for item_type, names in type_map.items():
        cls = ITEM_CLASSES.get(item_type)
        for name in names if isinstance(names, list) else [names]:
            if cls is not None and isinstance(name, str) and name.strip():
                classes.setdefault(normalize_name(name, ns), cls)
    for source, target in redirects.items():
        if (cls := classes.get(normalize_name(target, ns))) is not None:
            classes.setdefault(normalize_name(source, ns), cls)
    aliases: dict[str, str] = {}
    for title, data in templatedata.items():
        if normalize_name(title, ns) in classes:
            aliases.update(_template_aliases(data))
    packaged = base.source == "packaged"
    templates = {**classes, **base.citation_templates} if packaged else classes
    names = {k: v for k, v in aliases.items() if k != v}
    merged = {**names, **base.param_aliases} if packaged else names
    return replace(
        base,
        citation_templates=MappingProxyType(templates),
        param_aliases=MappingProxyType(merged),
        source="packaged+derived" if packaged else "derived",
        checks=base.checks if packaged else VALUE_CHECKS,
        any_template_class=base.any_template_class if not classes else None,
    )


def _template_aliases(data: Mapping[str, Any]) -> dict[str, str]:
    """Local parameter name (and its aliases) -> CS1 name, for the fields Citoid fills."""
    params = data.get("params") or {}
    citoid = ((data.get("maps") or {}).get("citoid")) or {}
    out: dict[str, str] = {}
    for field, param in citoid.items():
        cs1 = CITOID_FIELDS.get(field)
        if cs1 is None or not isinstance(param, str):  # a list maps several names (authors)
            continue
        spec = params.get(param) or {}
        for name in [param, *spec.get("aliases", [])]:
            if isinstance(name, str) and name:
                out.setdefault(name, cs1)
    return out
