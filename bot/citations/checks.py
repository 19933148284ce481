"""The checks run on one citation template. Every check has the same signature,
`(Cite) -> Iterator[Problem]`, and `CHECKS` is the list of them: a new check is one
function and one entry."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache

from . import content, value_checks
from .cite import Cite, canonical, is_known, kept, param_state, problem, read_cite
from .dates import check_date, year_date_mismatch
from .identifiers import doi_problem, isbn_problem, issn_problem, number_problem, url_problem
from .model import Problem
from .profiles import Cs1Rules, Profile
from .template import TemplateCall

__all__ = ["CHECKS", "Cite", "check_citation", "problem"]

_NUMBER_RE = re.compile(r"\d+")


def missing_title(c: Cite) -> Iterator[Problem]:
    """citation_missing_title, and bare_url_missing_title for a chapter URL without a
    chapter. {{cite episode}} takes |series= as its title and |title= as its chapter (so
    |url= needs |title=)."""
    if c.module_class == "episode":
        if not c.set_in(c.role("series") | (c.role("title") - c.role("title_only"))):
            yield c.p("missing-title", "series")
        url = c.first_of("url")
        if url is not None and not c.set_in(c.role("title_only") | c.role("script_title")):
            yield c.p("missing-title", url[1], " (|title= is the episode, linked by the URL)")
        return
    titled = c.set_in(c.role("title_only") | c.role("script_title")) or _encyclopedia_title(c)
    if not c.set_in(c.role("title")) and not _encyclopedia_title(c):
        yield c.p("missing-title", "title")
    url = c.first_of("url")
    if url is not None and not titled:  # the URL is shown bare
        yield c.p("missing-title", url[1], " (a URL needs a title to link)")
    chapter_url, chapter = c.first_of("chapter_url_cs1"), ("chapter_names", "script_chapter")
    if c.module_class == "map":  # cite map's chapter is |map=, linked by |map-url=
        chapter_url, chapter = c.first_of("map_url"), ("map", "script_map")
    if (
        chapter_url is not None
        and not c.set_in(c.role(chapter[0]) | c.role(chapter[1]))
        and not _ignores_chapter(c)
        and not _title_as_chapter(c)
    ):
        yield c.p("missing-title", chapter_url[1], " (a chapter URL needs its chapter)")
    for link, label in (("transcript_url", "transcript"), ("conference_url", "conference")):
        found = c.first_of(link)
        if found is not None and not c.first_of(label):
            yield c.p("missing-title", found[1], f" (it needs |{label}= to link)")


def _encyclopedia_title(c: Cite) -> bool:
    """{{cite encyclopedia}}, or {{citation}} with |encyclopedia=: with a work and an
    article (|chapter= or an alias) but no |title=, CS1 takes the work as the title."""
    encyclopedia = c.set_in(c.role("encyclopedia"))
    if not (c.module_class == "encyclopaedia" or (c.module_class == "citation" and encyclopedia)):
        return False
    periodical = encyclopedia or c.set_in(c.role("periodical"))
    return bool(periodical) and bool(c.set_in(c.role("chapter")))


def _title_as_chapter(c: Cite) -> bool:
    """The encyclopedia remap with |title= and no chapter: the title becomes the article,
    linked by |url= (|chapter-url= is replaced)."""
    encyclopedia = c.set_in(c.role("encyclopedia"))
    if not (c.module_class == "encyclopaedia" or (c.module_class == "citation" and encyclopedia)):
        return False
    titled = c.set_in(c.role("title_only") | c.role("script_title"))
    return bool(encyclopedia or c.set_in(c.role("periodical"))) and bool(titled)


def encyclopedia_ignored(c: Cite) -> Iterator[Problem]:
    """|encyclopedia= outside {{cite encyclopedia}} and {{citation}}: parameter_ignored."""
    found = c.first_of("encyclopedia")
    if found is not None and c.module_class not in ("encyclopaedia", "citation"):
        yield c.p("unknown-param", found[1], " (only {{cite encyclopedia}} and {{citation}})")


def _ignores_chapter(c: Cite) -> bool:
    """The module's 'periodical' classes (and {{citation}} of a periodical that is no
    encyclopedia) ignore the chapter parameters (chapter_ignored)."""
    if c.module_class in c.profile.cs1.module_rules["periodical_classes"]:
        return True
    periodical = c.first_of("periodical") or c.first_of("script_periodical")
    return (
        c.module_class == "citation" and bool(periodical) and not c.set_in(c.role("encyclopedia"))
    )


def web_url(c: Cite) -> Iterator[Problem]:
    """cite_web_url: cite web, podcast and mailing list, and {{citation}} with |website=."""
    if c.set_in(c.role("url")):
        return
    periodical, script = c.first_of("periodical"), c.first_of("script_periodical")
    if c.module_class in c.profile.cs1.module_rules["url_required"] or (
        c.module_class == "citation"
        and (
            (periodical and periodical[0] == "website")
            or (script and script[0] == "script-website")
        )
    ):
        yield c.p("cite-web-url", "url")


def chapter_ignored(c: Cite) -> Iterator[Problem]:
    if not _ignores_chapter(c):
        return
    for role in ("chapter_names", "trans_chapter", "chapter_url_cs1", "script_chapter",
                 "chapter_format"):  # fmt: skip
        found = c.first_of(role)
        if found is not None:
            yield c.p("chapter-ignored", found[1])
            return


def access_date_url(c: Cite) -> Iterator[Problem]:
    for _, written, _ in c.set_in(c.role("access_date"))[:1]:
        if not c.set_in(c.role("url") | c.role("chapter_url")):
            yield c.p("accessdate-missing-url", written)


def bad_urls(c: Cite) -> Iterator[Problem]:
    for name, written, value in c.evaluable(c.role("checked_urls")):
        if name in c.role("archive_url") and content.archive_url_problem(value) is not None:
            continue  # dropped by CS1 with its own error (archive)
        if (reason := url_problem(value)) is not None:
            yield c.p("bad-url", written, reason)


def bad_dates(c: Cite) -> Iterator[Problem]:
    kinds = (
        ("date", "date"),
        ("year", "year"),
        ("access_date", "access"),
        ("archive_date", "archive"),
    )
    for role, kind in kinds:
        for _, written, value in c.evaluable(c.role(role)):
            if (reason := check_date(value, kind, c.profile.dates, c.today)) is not None:
                yield c.p("bad-date", written, reason)
    year, when = c.first_of("year_only"), c.first_of("date_only")
    if year and when and "{{" not in year[2] + when[2] and year_date_mismatch(year[2], when[2]):
        yield c.p("bad-date", year[1], f"|{year[1]}= does not match |{when[1]}=")


def _identifier_check(
    role: str, code: str, test: Callable[[str, Cite], str | None]
) -> Callable[[Cite], Iterator[Problem]]:
    def check(c: Cite) -> Iterator[Problem]:
        for _, written, value in c.evaluable(c.role(role)):
            if (reason := test(value, c)) is not None:
                yield c.p(code, written, reason)

    check.__name__ = f"bad_{role}"
    return check


bad_isbn = _identifier_check("isbn", "bad-isbn", lambda v, c: isbn_problem(v))
bad_issn = _identifier_check("issn", "bad-issn", lambda v, c: issn_problem(v))
bad_doi = _identifier_check("doi", "bad-doi", lambda v, c: doi_problem(v))
bad_pmid = _identifier_check(
    "pmid", "bad-pmid", lambda v, c: number_problem(v, c.profile.cs1.limits["pmid"])
)
bad_pmc = _identifier_check(
    "pmc", "bad-pmc", lambda v, c: number_problem(v, c.profile.cs1.limits["pmc"], "PMC")
)


def keyword_values(c: Cite) -> Iterator[Problem]:
    """A keyword parameter set to a value CS1 does not accept (`|ref=harv`, `|url-status=yes`)."""
    for name, keywords in c.profile.keywords.items():
        for _, written, value in c.evaluable(frozenset({name})):
            if not keywords.accepts(value):
                yield c.p("invalid-param-value", written, value)


def archive(c: Cite) -> Iterator[Problem]:
    """archive_url_check, then is_unique_archive_url: either error drops the archive (no
    missing date or URL is reported for it)."""
    for _, written, value in c.set_in(c.role("archive_url"))[:1]:
        if "{{" not in value and (reason := content.archive_url_problem(value)) is not None:
            yield c.p("archive-url", written, reason)
            continue
        same = [w for _, w, v in c.set_in(c.role("url") | c.role("chapter_url")) if v == value]
        if same:  # is_unique_archive_url: bad_url, and the archive is ignored
            yield c.p("bad-url", written, f"the same URL as |{same[0]}=")
            continue
        if not c.set_in(c.role("archive_date")):
            yield c.p("archive-missing-date", written)
        if not c.set_in(c.role("url") | c.role("chapter_url_cs1")):
            yield c.p("archive-missing-url", written)


def duplicates(c: Cite) -> Iterator[Problem]:
    """redundant_parameters: two names of one parameter set (among those whose value CS1
    keeps), or an author or editor list beside |vauthors=/|authors= (|veditors=)."""
    seen: dict[str, list[str]] = {}
    exact: dict[str, int] = {}
    for param in c.call.params:
        if param.value and not param.positional:
            exact[param.name] = exact.get(param.name, 0) + 1
            if not kept(param.name, c.profile, c.cls):
                continue
            names = seen.setdefault(_alias_group(canonical(param.name, c.profile), c.profile), [])
            if param.name not in names:
                names.append(param.name)
    for names in seen.values():
        if len(names) > 1:
            listed = " and ".join(f"|{n}=" for n in names)
            yield c.p("duplicate-param", names[-1], listed)
    for name, count in exact.items():
        if count > 1:
            yield c.p("repeated-param", name, str(count))
    yield from _name_list_sources(c)
    encyclopedia, periodical = c.first_of("encyclopedia"), c.first_of("periodical")
    if encyclopedia and periodical and c.module_class in ("encyclopaedia", "citation"):
        yield c.p("duplicate-param", encyclopedia[1], f"|{encyclopedia[1]}= and |{periodical[1]}=")


@cache
def _first_two(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """The names of a list's first two enumerators (and the one without a number)."""
    return tuple(p.replace("#", i) for p in patterns for i in ("", "1", "2") if i or "#" in p)


def _name_list_sources(c: Cite) -> Iterator[Problem]:
    """select_author_editor_source: a name list with |vauthors= or |authors=, or both of
    those (editors: a list with |veditors=)."""
    for lists, vancouver, plain in (
        ("author", "vauthors", "authors"),
        ("editor", "veditors", None),
    ):
        parts = c.profile.cs1.name_lists[lists]
        listed = any(n in c.values for n in _first_two(parts["last"] + parts["first"]))
        others = [r for r in (vancouver, plain) if r and c.first_of(r) is not None]
        if len(others) + listed > 1:  # then `others` holds one at least
            found = c.first_of(others[0])
            written = found[1] if found else None
            yield c.p("duplicate-param", written, f"{lists}-name-list parameters")


def _alias_group(name: str, profile: Profile) -> str:
    alias_of = profile.cs1.alias_of
    if name in alias_of:
        return alias_of[name]
    m = _NUMBER_RE.search(name)
    if m is not None:
        pattern = name[: m.start()] + "#" + name[m.end() :]
        if pattern in alias_of:
            return alias_of[pattern] + m.group(0)
    if name + "#" in alias_of:
        return alias_of[name + "#"] + "1"
    return name


def unknown(c: Cite) -> Iterator[Problem]:
    """Names CS1 does not accept in this template; deprecated ones set (CS1 shows one
    error for the first), or empty (CS1 takes an empty deprecated name as unknown)."""
    cs1 = c.profile.cs1
    deprecated = False
    for param in c.call.params:
        state = None if param.positional else param_state(param.name, c.profile, c.cls)
        if param.positional:  # CS1: text_ignored, or param_unknown_empty for `||`
            detail = " (text without a parameter name)" if param.value else " (an empty `|`)"
            yield c.p("unknown-param", param.name, detail)
        elif state == "deprecated" and param.value:
            if not deprecated:
                yield c.p("deprecated-param", param.name)
            deprecated = True
        elif state is None or state == "deprecated":
            yield c.p("unknown-param", param.name, _unknown_detail(param.name, cs1))


def _unknown_detail(name: str, cs1: Cs1Rules) -> str:
    pattern = _NUMBER_RE.sub("#", name)
    instead = cs1.replacements.get(name) or cs1.replacements.get(pattern, "")
    if instead and pattern != name:
        instead = instead.replace("#", _NUMBER_RE.findall(name)[0])
    if instead:
        return f" (no longer supported by CS1: use |{instead}=)"
    if name in cs1.legacy_params:
        return " (no longer supported by CS1)"
    return ""


def no_locator(c: Cite) -> Iterator[Problem]:
    roles = ("url", "chapter_url", "archive_url", "identifier", "publisher")
    if not any(c.set_in(c.role(r)) for r in roles):
        yield c.p("no-locator", None)


CHECKS: list[Callable[[Cite], Iterator[Problem]]] = [
    missing_title,
    chapter_ignored,
    encyclopedia_ignored,
    web_url,
    access_date_url,
    bad_urls,
    bad_dates,
    bad_isbn,
    bad_issn,
    bad_doi,
    bad_pmid,
    bad_pmc,
    keyword_values,
    archive,
    duplicates,
    unknown,
    no_locator,
    *value_checks.CHECKS,
]


def check_citation(
    call: TemplateCall, cls: str, profile: Profile, today: date | None
) -> list[Problem]:
    """Every problem of one citation template. With no recognised parameter set, only
    `empty-citation` (as CS1 reports it)."""
    cite = read_cite(call, cls, profile, today)
    known = any(is_known(w, profile, cls) for w, _ in cite.values.values())
    if not known and cls != profile.any_template_class:
        return [problem(profile, "empty-citation", None)]
    chosen = profile.checks  # a profile may name the checks it runs (None: all of them)
    return [
        p for check in CHECKS if chosen is None or check.__name__ in chosen for p in check(cite)
    ]
