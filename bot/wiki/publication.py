"""What a wiki publishes about its citations (issue 13, point 3), in three requests at most
(more only past 50 templates, or 500 redirects, a request):

1. `meta=allmessages` (the month names of the wiki's own messages: full, genitive and
   abbreviated, as MediaWiki names them) and the text of
   `MediaWiki:Citoid-template-type-map.json`, in one query;
2. the redirects to the Citoid map's templates and to the citation-needed seeds
   (`prop=redirects`, with `redirects=1` so a seed that is itself a redirect leads to the
   wiki's template), in one query;
3. `action=templatedata` for the citation templates (none on a wiki without the extension).

Citation-needed templates: the seed names (the packaged bundle's, and the English
`Citation needed`, which many wikis keep as a redirect to their own template) are resolved
to the wiki's templates, and every redirect to those is one too. A wiki that publishes no
Citoid map, or a seed that does not exist there, simply adds nothing; a Citoid map page that
is not a JSON object is a `WikiError` (the caller keeps the profile it had).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from ..citations.derive import Publication
from ..errors import WikiError
from .submit import Api, json_brief

CITOID_MAP = "MediaWiki:Citoid-template-type-map.json"
TEMPLATE_NS = 10
TITLES_BATCH = 50  # titles per request (the API's limit without apihighlimits)
_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")  # fmt: skip
# MediaWiki's month messages (Language::$mMonthMsgs, genitive and abbreviated ones): the
# full name of May is `may_long`, `may` being its abbreviation.
MONTH_MESSAGES = {
    **{("may_long" if n == "may" else n): i for i, n in enumerate(_NAMES, 1)},
    **{f"{n}-gen": i for i, n in enumerate(_NAMES, 1)},
    **{n[:3]: i for i, n in enumerate(_NAMES, 1)},
}
CN_SEEDS = ("Citation needed",)


def fetch_publication(api: Api, cn_seeds: Iterable[str]) -> Publication:
    """Everything the wiki publishes that a citation profile uses (see the module's text)."""
    months, type_map = _messages_and_map(api)
    names = sorted({n for v in type_map.values() for n in (v if isinstance(v, list) else [v])
                    if isinstance(n, str) and n.strip()})  # fmt: skip
    seeds = sorted(set(cn_seeds) | set(CN_SEEDS))
    resolved, redirects, exists = _redirects(api, [*names, *seeds])
    cited: dict[str, str] = {}
    for name in names:
        target = resolved.get(name, name)
        if target != name:
            cited[name] = target
        cited.update((r, target) for r in redirects.get(target, ()))
    cn: dict[str, None] = {}
    for seed in seeds:
        target = resolved.get(seed, seed)
        if target in exists:
            cn.update(dict.fromkeys([target, *redirects.get(target, ())]))
    targets = sorted({resolved.get(n, n) for n in names} & exists)
    return Publication(
        type_map=type_map, redirects=cited, templatedata=_templatedata(api, targets),
        months=months, cn_templates=tuple(cn), template_namespaces=_namespace_names(api),
    )  # fmt: skip


def _messages_and_map(api: Api) -> tuple[dict[str, int], dict[str, Any]]:
    result = api.submit({
        "action": "query", "meta": "allmessages", "ammessages": "|".join(MONTH_MESSAGES),
        "prop": "revisions", "titles": CITOID_MAP, "rvprop": "content", "rvslots": "main",
    })  # fmt: skip
    query = result.get("query", {})
    months: dict[str, int] = {}
    for row in query.get("allmessages", []):
        text, number = row.get("content", row.get("*")), MONTH_MESSAGES.get(row.get("name", ""))
        if number and isinstance(text, str) and text.strip() and "missing" not in row:
            months.setdefault(text.strip(), number)
    return months, _type_map(api, _page_text(result))


def _type_map(api: Api, text: str | None) -> dict[str, Any]:
    if text is None:  # the wiki publishes no Citoid map
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise WikiError(f"{api.key}: {CITOID_MAP} is not valid JSON: {e}") from None
    if not isinstance(value, dict):
        raise WikiError(f"{api.key}: {CITOID_MAP} is not a JSON object: {json_brief(value)}")
    return value


def _page_text(result: dict[str, Any]) -> str | None:
    pages = result.get("query", {}).get("pages", [])
    for page in pages.values() if isinstance(pages, dict) else pages:
        revisions = page.get("revisions") or []
        if revisions:
            slot = revisions[0].get("slots", {}).get("main", revisions[0])
            text = slot.get("content", slot.get("*"))
            return text if isinstance(text, str) else None
    return None


def _redirects(
    api: Api, names: Sequence[str]
) -> tuple[dict[str, str], dict[str, list[str]], set[str]]:
    """For template names: where each leads (its final page, when a redirect), the redirects
    to each page reached, and which pages exist. Names carry no namespace prefix."""
    resolved: dict[str, str] = {}
    redirects: dict[str, list[str]] = {}
    exists: set[str] = set()
    for i in range(0, len(names), TITLES_BATCH):
        chunk = names[i : i + TITLES_BATCH]
        params = {"titles": "|".join(f"Template:{n}" for n in chunk), "redirects": 1,
                  "prop": "redirects", "rdprop": "title", "rdnamespace": TEMPLATE_NS,
                  "rdlimit": "max"}  # fmt: skip
        for result in api.query(params):
            query = result.get("query", {})
            hops = {_bare(h["from"]): _bare(h["to"]) for key in ("normalized", "redirects")
                    for h in query.get(key, []) if "from" in h and "to" in h}  # fmt: skip
            for name in chunk:
                end, seen = name, {name}
                while end in hops and hops[end] not in seen:
                    end = hops[end]
                    seen.add(end)
                resolved[name] = end
            pages = query.get("pages", [])
            for page in pages.values() if isinstance(pages, dict) else pages:
                if page.get("ns") != TEMPLATE_NS or "missing" in page or "invalid" in page:
                    continue
                title = _bare(page.get("title", ""))
                exists.add(title)
                found = redirects.setdefault(title, [])
                found.extend(_bare(r["title"]) for r in page.get("redirects", []) if "title" in r)
    return resolved, redirects, exists


def _templatedata(api: Api, names: Sequence[str]) -> dict[str, dict[str, Any]]:
    """`params` (with aliases) and `maps.citoid` of each template; {} without TemplateData."""
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(names), TITLES_BATCH):
        chunk = names[i : i + TITLES_BATCH]
        try:
            result = api.submit({"action": "templatedata", "redirects": 1,
                                 "titles": "|".join(f"Template:{n}" for n in chunk)})  # fmt: skip
        except WikiError as e:
            if e.code in ("badvalue", "unknown_action"):  # no TemplateData extension here
                return {}
            raise
        pages = result.get("pages", {})
        for page in pages.values() if isinstance(pages, dict) else pages:
            params = page.get("params")
            if not isinstance(params, dict) or not params:
                continue
            kept = {k: {"aliases": [a for a in (v or {}).get("aliases", []) if isinstance(a, str)]}
                    for k, v in params.items() if isinstance(v, dict | None)}  # fmt: skip
            citoid = (page.get("maps") or {}).get("citoid")
            out[_bare(page.get("title", ""))] = {
                "params": kept, "maps": {"citoid": citoid if isinstance(citoid, dict) else {}},
            }  # fmt: skip
    return out


def _namespace_names(api: Api) -> tuple[str, ...]:
    """The names of the template namespace (local, canonical, aliases), from siteinfo."""
    try:
        ns = api.site.namespaces[TEMPLATE_NS]
        names = [ns.custom_name, ns.canonical_name, *ns.aliases]
    except (AttributeError, KeyError):  # pragma: no cover - pywikibot always has namespace 10
        return ("Template",)
    return tuple(dict.fromkeys(n for n in names if n))


def _bare(title: str) -> str:
    """A template title without its namespace prefix (any name of namespace 10)."""
    return title.split(":", 1)[1] if ":" in title else title
