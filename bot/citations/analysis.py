"""Which citations an edit added, and their problems. Pure; never raises.

Both texts are scanned with linear regular expressions (comments and <nowiki> masked
out); only the citations an edit added are parsed with mwparserfromhell.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

import mwparserfromhell

from .cs1_checks import check_template, problem
from .model import Citation, EditAnalysis, Problem
from .profiles import Profile, load_profile

_MASK_RE = re.compile(r"<!--.*?(?:-->|\Z)|<nowiki\s*>.*?(?:</nowiki\s*>|\Z)", re.S | re.I)
_REF_RE = re.compile(
    r"<ref(?=[\s/>])(?P<attrs>[^<>]*?)(?:/\s*>|>(?P<body>.*?)</ref\s*>)", re.S | re.I
)
_NAME_RE = re.compile(r"""\bname\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'/>]+))""", re.I)
_TPL_START_RE = re.compile(r"\{\{\s*(#tag:ref\s*\||[^{}|<>\[\]\n]+?)\s*(?=\||\}\})", re.I)
_URL = r"(?:https?:)?//\S+"
_BARE_RE = re.compile(rf"^(?:{_URL}|\[\s*{_URL}(?:\s+{_URL})?\s*\])$", re.I)
_TEMPLATE_RE = re.compile(r"\{\{[^{}]*\}\}")
MAX_NESTING = 200


@dataclass(frozen=True)
class Item:
    pos: int
    kind: str  # "ref", "reuse", "sfn", "template", "cn"
    key: str  # what is compared between the two texts
    wikitext: str
    body: str = ""
    name: str = ""


def _mask(text: str) -> str:
    return _MASK_RE.sub(lambda m: " " * len(m.group()), text)


def _braces_end(text: str, start: int) -> int:
    """Index after the `}}` closing the template opened at `start`, or -1."""
    depth, i, n = 0, start, len(text)
    while i < n - 1:
        pair = text[i : i + 2]
        if pair == "{{":
            depth += 1
            if depth > MAX_NESTING:
                return -1
            i += 2
        elif pair == "}}":
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            nxt = min((j for j in (text.find("{{", i), text.find("}}", i)) if j != -1), default=-1)
            if nxt == -1:
                return -1
            i = nxt
    return -1


_AROUND_MARKUP_RE = re.compile(r"\s*([|=]|\{\{|\}\})\s*")


def _squash(text: str) -> str:
    """The comparison key of a citation: whitespace collapsed, and dropped around the
    template markup `|`, `=`, `{{`, `}}`, so re-spacing or reformatting adds nothing."""
    return _AROUND_MARKUP_RE.sub(r"\1", " ".join(text.split()))


def items(text: str, profile: Profile) -> list[Item]:
    masked = _mask(text)
    out: list[Item] = []
    spans: list[tuple[int, int]] = []
    for m in _REF_RE.finditer(masked):
        spans.append(m.span())
        name_m = _NAME_RE.search(m["attrs"] or "")
        name = next((g for g in name_m.groups() if g is not None), "").strip() if name_m else ""
        body = text[m.start("body") : m.end("body")] if m["body"] is not None else None
        if body is None or not body.strip():
            kind = "reuse" if name else "ref"
            out.append(Item(m.start(), kind, name if name else "", m.group(), "", name))
        else:
            out.append(Item(m.start(), "ref", _squash(body), text[m.start() : m.end()], body, name))
    outside = list(masked)
    for a, b in spans:
        outside[a:b] = " " * (b - a)
    rest = "".join(outside)
    for m in _TPL_START_RE.finditer(rest):
        raw = m.group(1)
        if raw.lower().startswith("#tag:ref"):
            end = _braces_end(rest, m.start())
            if end != -1:
                wikitext = text[m.start() : end]
                body = wikitext[m.end() - m.start() : -2].split("|name=")[0]
                out.append(Item(m.start(), "ref", _squash(body), wikitext, body, ""))
            continue
        name = profile.name(raw)
        if name in profile.cn_templates:
            out.append(Item(m.start(), "cn", name, ""))
            continue
        kind = "sfn" if name in profile.sfn_templates else (
            "template" if name in profile.citation_templates else "")  # fmt: skip
        if kind:
            end = _braces_end(rest, m.start())
            wikitext = text[m.start() : end] if end != -1 else text[m.start() : m.end()]
            out.append(Item(m.start(), kind, _squash(wikitext), wikitext))
    out.sort(key=lambda i: i.pos)
    return out


def _count(items_: list[Item], kind: str) -> Counter[str]:
    return Counter(i.key for i in items_ if i.kind == kind)


def _common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # binary search with C-speed slice comparisons
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:  # only the untested half: O(n) copying in all
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, min(len(a), len(b)) - limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid : len(a) - lo] == b[len(b) - mid : len(b) - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


_REF_OPEN_RE = re.compile(r"<ref(?=[\s>])[^<>]*?(?<!/)>", re.I)


def _closed(low: str, opens: int, last_open: int, closer: str) -> bool:
    return opens == low.count(closer) and last_open <= low.rfind(closer)


def _balanced(part: str) -> bool:
    """No construct (template, comment, nowiki, ref) opened in `part` is left open, and
    none is closed that `part` did not open (counts equal, last opener closed)."""
    if not _closed(part, part.count("{{"), part.rfind("{{"), "}}") or not _closed(
        part, part.count("<!--"), part.rfind("<!--"), "-->"
    ):
        return False
    if part.find("-->") < part.find("<!--"):
        return False
    low = part.lower() if "<" in part else part
    refs = [m.start() for m in _REF_OPEN_RE.finditer(low)]
    return _closed(low, low.count("<nowiki"), low.rfind("<nowiki"), "</nowiki") and _closed(
        low, len(refs), refs[-1] if refs else -1, "</ref"
    )


def window(old: str, new: str) -> tuple[int, int, int]:
    """(start, end in old, end in new) of the changed region, widened to blank lines where
    no template, comment, nowiki or ref spans the boundary; the whole texts otherwise."""
    start = _common_prefix(old, new)
    tail = _common_suffix(old, new, start)
    start = old.rfind("\n\n", 0, start) + 1 if start else 0
    while start and not _balanced(old[:start]):
        start = old.rfind("\n\n", 0, start - 1) + 1
    cut = len(old) - tail
    if tail:
        nxt = old.find("\n\n", cut)
        cut = nxt if nxt != -1 else len(old)
        while cut < len(old) and not _balanced(old[cut:]):
            nxt = old.find("\n\n", cut + 1)
            cut = nxt if nxt != -1 else len(old)
    rest = len(old) - cut
    if rest and not (_balanced(old[start:cut]) and _balanced(new[start : len(new) - rest])):
        rest = 0  # something opened in the window runs on into the rest of the page
    return start, len(old) - rest, len(new) - rest


def analyze_edit(old: str, new: str, lang: str = "en", today: date | None = None) -> EditAnalysis:
    """The citations `new` added to `old` (an empty `old` is a page creation).

    Only the changed region of both texts (see `window`) is examined. `analyze_texts` on
    the whole texts is the reference method the windowed one must match on every edit.
    """
    start, old_end, new_end = window(old, new)
    return analyze_texts(old[start:old_end], new[start:new_end], new, lang, today)


def analyze_texts(
    old: str, new: str, page: str | None = None, lang: str = "en", today: date | None = None
) -> EditAnalysis:
    """The analysis of two (parts of) texts; `page` is the whole new text, for named refs."""
    profile = load_profile(lang)
    old_items, new_items = items(old, profile), items(new, profile)
    fresh: list[Item] = []
    for kind in ("ref", "sfn", "template", "reuse"):
        before, seen = _count(old_items, kind), Counter[str]()
        for it in (i for i in new_items if i.kind == kind):
            seen[it.key] += 1
            if seen[it.key] > before[it.key]:
                fresh.append(it)
    definitions: dict[str, set[str]] = {}
    if any(it.name for it in fresh):  # page-wide names matter only for added named refs
        whole = items(page, profile) if page is not None and page != new else new_items
        for it in whole:
            if it.kind == "ref" and it.name and it.key:
                definitions.setdefault(it.name, set()).add(it.key)
    added: list[tuple[int, Citation]] = []
    reused = 0
    for it in fresh:
        if it.kind == "reuse":
            reused += 1
            if it.name not in definitions:
                msg = f"<ref name={it.name!r}/> is used but never defined"
                p = problem(profile, "undefined-named-ref", None, msg)
                added.append((it.pos, Citation("empty", None, it.wikitext, (p,))))
        else:
            added.append((it.pos, _citation(profile, it, definitions, today)))
    added.sort(key=lambda pair: pair[0])
    cn_removed = max(
        0, sum(_count(old_items, "cn").values()) - sum(_count(new_items, "cn").values())
    )
    return EditAnalysis(tuple(c for _, c in added), reused, cn_removed)


def _citation(
    profile: Profile, it: Item, definitions: dict[str, set[str]], today: date | None
) -> Citation:
    if it.kind == "ref" and not it.key:
        return Citation("empty", None, it.wikitext, (problem(profile, "empty-ref", None,
                        "empty <ref></ref>"),))  # fmt: skip
    extra: list[Problem] = []
    if it.name and len(definitions.get(it.name, ())) > 1:
        extra.append(problem(profile, "conflicting-named-ref", None,
                             f"name {it.name!r} is defined with different content"))  # fmt: skip
    try:
        citation = _classify(profile, it, today)
    except Exception:  # noqa: BLE001 - any input must give a result: report it as malformed
        p = problem(profile, "malformed", None, "the citation could not be read")
        return Citation("plain", None, it.wikitext, (p, *extra))
    return Citation(citation.kind, citation.template, citation.wikitext,
                    (*citation.problems, *extra))  # fmt: skip


def _classify(profile: Profile, it: Item, today: date | None) -> Citation:
    source = it.body if it.kind == "ref" else it.wikitext
    if it.kind == "ref" and _BARE_RE.match(_TEMPLATE_RE.sub("", source).strip()):
        p = problem(profile, "bare-url", None, "a bare URL with no title")
        return Citation("bare-url", None, it.wikitext, (p,))
    if source.count("{{") != source.count("}}"):
        p = problem(profile, "malformed", None, "unbalanced braces")
        return Citation("plain", None, it.wikitext, (p,))
    for tpl in mwparserfromhell.parse(source).filter_templates(recursive=False):
        name = profile.name(str(tpl.name))
        if name in profile.sfn_templates:
            return Citation("sfn", str(tpl.name).strip(), it.wikitext)
        cls = profile.citation_templates.get(name)
        if cls is not None:
            params = [(str(p.name), str(p.value)) for p in tpl.params if p.showkey]
            problems = check_template(profile, cls, params, today)
            for param in tpl.params:
                if not param.showkey and str(param.value).strip():
                    text = " ".join(str(param.value).split())[:60]
                    problems.append(
                        problem(
                            profile,
                            "unknown-param",
                            None,
                            f"text without a parameter name: {text!r}",
                        )
                    )
            return Citation("template", str(tpl.name).strip(), it.wikitext, tuple(problems))
    return Citation("plain", None, it.wikitext)
