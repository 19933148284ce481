"""Hypothesis strategies for the citation analysis, shared by tests/test_citations_properties.py
and `make fuzz` (scripts/fuzz_citations.py).

`wikitextish`: short strings of wikitext pieces (refs, templates, comments, control characters)
and random text, balanced or not. `fragments`: lists of realistic document fragments (cited
sentences, named refs and reuses, {{sfn}}, {{citation needed}}, comments, nowiki, an infobox),
joined into documents whose edits the windowed method must analyse like the full-parse oracle;
`fragments_for(lang)`: the same with fragments written for a derived profile of `lang`
(scripts/derived_profiles.py).
"""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

PIECES = ["<ref>", "</ref>", "<ref name=a/>", "<ref name=\"a\">", "{{", "}}", "|", "=",
          "cite web", "cite book", "title=", "url=http://a.org", "isbn=978", "[[", "]]",
          "<!--", "-->", "<nowiki>", "</nowiki>", "{{#tag:ref|", "{{cn}}", "sfn", "\n",
          "date=May 2010", "\x00", "\x1b", "é", "ﬁ", " ", "http://x", "[", "]"]  # fmt: skip
wikitextish = st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=60).map("".join)

FRAGMENTS = [
    "Plain sentence. ",
    "Claim.<ref>{{cite web |url=https://example.org/a |title=A |date=5 May 2010}}</ref> ",
    "Claim.<ref>{{cite book |title=B |isbn=978-0-313-08759-2}}</ref> ",
    'Named.<ref name="n1">{{cite news |title=N |work=Paper}}</ref> ',
    'Reuse.<ref name="n1" /> ',
    'Other.<ref name="n2">Smith 1999, p. 4.</ref> ',
    "Bare.<ref>https://example.org/bare</ref> ",
    "Empty.<ref></ref> ",
    "Short.{{sfn|Hale|1999|p=4}} ",
    "Unsourced.{{citation needed|date=May 2016}} ",
    "Also.{{cn}} ",
    "Note.{{#tag:ref|An explanatory note.|group=note}} ",
    "<!-- a comment <ref>hidden</ref> --> ",
    "<nowiki><ref>shown as text</ref></nowiki> ",
    "<math>\\frac{1}{\\sqrt{2}}}</math> ",
    "{{Infobox thing\n| caption = Pic<ref>{{cite web |url=https://e.org/i |title=I}}</ref>\n}}\n",
    "\n\n",
    "\n== Section ==\n",
    "* {{cite journal |title=J |journal=Q |doi=10.1000/xyz}}\n",
    "Multi.<ref>{{cite web\n |url=https://example.org/m\n |title=M\n}}</ref> ",
]
fragments = st.lists(st.sampled_from(FRAGMENTS), max_size=25)

# Fragments written with the templates of the derived profiles (scripts/derived_profiles.py):
# names and parameters only the wiki's publication knows, redirects, a namespace prefix,
# its citation-needed templates, local dates; mixed with FRAGMENTS by `fragments_for`.
LOCAL_FRAGMENTS = {
    "en": [
        "Redirect.<ref>{{Cite Website |URL=https://example.org/w |accessdate=2040-01-01}}</ref> ",
        'Named.<ref name="r1">{{Cite dictionary |title=D |isbn=978-0-313-08759-3}}</ref> ',
        'Reuse.<ref name="r1"/> ',
        "Paper.<ref>{{Template:Cite paper |title=P |DOI=10.1000/x.}}</ref> ",
        "Unsourced.{{Fact|date=May 2016}} ",
        "* {{Cite av media |url=https://example.org/v |title=V}}\n",
    ],
    "ka": [
        "წყარო.<ref>{{ციტირება ვებ |ბმული=https://e.org/k |სათაური=K |თარიღი=5 მაისი 2010}}</ref> ",
        "ვებ.<ref>{{თარგი:ვებ |url=https://example.org/v |წვდომის თარიღი=2040-01-01}}</ref> ",
        'წიგნი.<ref name="k1">{{ციტირება წიგნი |სათაური=W |isbn=978-0-313-08759-3}}</ref> ',
        'ისევ.<ref name="k1" /> ',
        "ჟურნალი.<ref>{{ციტირება ჟურნალი |სათაური=J |doi=10.1000/xyz}}</ref> ",
        "თარიღი.<ref>{{ციტირება ვებ |ბმული=https://e.org/d |თარიღი=31 თებერვალი 2010}}</ref> ",
        "ენა.<ref>{{lang|ka|სიტყვა}}</ref> ",
        "საჭიროა.{{საჭიროა წყარო|თარიღი=2020}} ",
        "წყარო.{{წყარო}} ",
        "შენიშვნა.{{#tag:ref|{{ვებ |ბმული=https://example.org/t |სათაური=T}}}} ",
        "* {{ციტირება წიგნი |სათაური=O |გამომცემელი=P}}\n",
        "მრავალი.<ref>{{ვებ\n |ბმული=https://example.org/m\n |სათაური=M\n}}</ref> ",
    ],
    "sr": [
        "Тврдња.<ref>{{Cite Website |url=https://e.org/s |title=С |date=5. мај 2010.}}</ref> ",
        'Књига.<ref name="s1">{{шаблон:Cite Book |title=К |isbn=978-0-313-08759-2}}</ref> ',
        'Опет.<ref name="s1" /> ',
        "Теза.<ref>{{Cite dissertation |title=Т |date=31. фебруар 2010.}}</ref> ",
        "Извор.{{без извора}} ",
        "* {{Cite News |title=Н |date=2040-01-01}}\n",
    ],
    "fa": [
        "ادعا.<ref>{{یادکرد وب |نشانی=https://example.org/f |عنوان=F |تاریخ=2010-05-05}}</ref> ",
        "پایان\u200cنامه.<ref>{{یادکرد پایان\u200cنامه |نشانی=https://e.org/p |دانشگاه=U}}</ref> ",
        "تز.<ref>{{الگو:یادکرد تز |عنوان=T |تاریخ=2040-01-01}}</ref> ",
        "نقشه.<ref>{{یادکرد نقشه |نشانی اینترنتی=https://example.org/n |نام نقشه=N}}</ref> ",
        'وب.<ref name="f1">{{یادکرد-وب |نشانی=https://example.org/r}}</ref> ',
        'دوباره.<ref name="f1" /> ',
        "رسانه.<ref>{{یادکرد رسانه |نشانی=example.org |عنوان=R}}</ref> ",
        "منبع.{{منبع لازم}} ",
        "مدرک.{{مدرک|تاریخ=۲۰۲۰}} ",
        "* {{نقشه |نام نقشه=M |تاریخ=۵ مه ۲۰۱۰}}\n",
    ],
}


def fragments_for(lang: str) -> st.SearchStrategy[list[str]]:
    """Lists of FRAGMENTS and of the fragments written with `lang`'s derived templates."""
    return st.lists(st.sampled_from(FRAGMENTS + LOCAL_FRAGMENTS.get(lang, [])), max_size=25)


# ---- Citation templates for the differential test against Module:Citation/CS1 ---------------

CITE_NAMES = [
    "cite web",
    "cite book",
    "cite journal",
    "cite news",
    "citation",
    "Cite magazine",
    "cite encyclopedia",
    "cite report",
    "cite thesis",
    "cite conference",
]
_WORDS = st.text("abcdefghij KLMNO xyz0123", min_size=1, max_size=12).map(str.strip)
_MARKUP = st.sampled_from(
    [
        "''Italic''",
        "'''Bold'''",
        "[[Linked page]]",
        "[[Page|label]]",
        "[https://example.org/x Label]",
        "<nowiki>raw</nowiki>",
        "A &amp; B",
        "A{{!}}B",
        "Vol. 12",
        "No. 3",
        "page-14",
        "(eds.)",
        "edited by A",
        "et al.",
        "Anon",
        "A\u200bB",
        "https://example.org/in-text",
    ]
)
_URLS = st.sampled_from(
    [
        "https://example.org/a",
        "http://example.com/b?c=d",
        "example.org",
        "//example.org/x",
        "https://",
        "ftp://files.example.org/x",
        "https://example.org/a b",
        "https://web.archive.org/web/2010/https://e.org",
        "https://web.archive.org/x",
        "[[Linked page]]",
        "www.example.org",
    ]
)
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _date_text(d: date, style: int) -> str:
    month = _MONTHS[d.month - 1]
    return [
        f"{d.day} {month} {d.year}",
        f"{month} {d.day}, {d.year}",
        d.isoformat(),
        f"{month} {d.year}",
        str(d.year),
        f"{month[:3]} {d.day}, {d.year}",
        f"{d.day} {month[:3]} {d.year}",
        f"{d.year}a",
        f"c. {d.year}",
        f"{month} {d.day} {d.year}",
    ][style]


_DATES = st.builds(
    _date_text, st.dates(date(1890, 1, 1), date(2032, 12, 31)), st.integers(0, 9)
) | st.sampled_from(
    [
        "n.d.",
        "Spring 2004",
        "Winter 2003–2004",
        "31 February 2010",
        "2010-13-01",
        "1999–2000",
        "May–June 2004",
        "2004-2005",
        "0",
        "12/05/2010",
        "August 2002a",
        "July 18, 2007b",
        "1 January 1900",
        "Christmas 2001",
    ]
)


def _isbn13(body: int, valid: bool) -> str:
    digits = f"978{body:09d}"
    check = (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits)) % 10) % 10
    return f"{digits}{check if valid else (check + 1) % 10}"


def _issn(body: int, valid: bool) -> str:
    digits = f"{body:07d}"
    total = sum(int(c) * (8 - i) for i, c in enumerate(digits))
    check = (11 - total % 11) % 11
    mark = "X" if check == 10 else str(check)
    return f"{digits[:4]}-{digits[4:]}{mark if valid else str((check + 1) % 10)}"


_IDS: dict[str, st.SearchStrategy[str]] = {
    "isbn": st.builds(_isbn13, st.integers(0, 10**9 - 1), st.booleans())
    | st.sampled_from(["0-306-40615-2", "0-306-40615-3", "978-0-306-40615-7", "12345", "ISBN"]),
    "issn": st.builds(_issn, st.integers(0, 10**7 - 1), st.booleans()) | st.just("1234"),
    "doi": st.sampled_from(
        [
            "10.1000/xyz",
            "10.1126/science.1074591",
            "10.5555/abc",
            "11.1000/x",
            "10.1000/x.",
            "doi:10.1000/x",
            "10.1000.1/abc",
            "10.1000 /x",
        ]
    ),
    "pmid": st.integers(0, 60_000_000).map(str) | st.just("PMID 1"),
    "pmc": st.integers(0, 20_000_000).map(str) | st.just("PMC123456"),
}
_PARAM_NAMES = [
    "title",
    "url",
    "date",
    "year",
    "access-date",
    "accessdate",
    "archive-url",
    "archive-date",
    "url-status",
    "publisher",
    "work",
    "website",
    "journal",
    "newspaper",
    "last",
    "first",
    "last1",
    "first1",
    "last2",
    "author",
    "editor",
    "pages",
    "page",
    "volume",
    "issue",
    "isbn",
    "issn",
    "doi",
    "pmid",
    "pmc",
    "ref",
    "language",
    "location",
    "chapter",
    "encyclopedia",
    "series",
    "trans-title",
    "postscript",
    "via",
    "foo",
    "deadurl",
    "chapterurl",
    "title-link",
    "orig-year",
]
_DATE_PARAMS = {"date", "year", "access-date", "accessdate", "archive-date", "orig-year"}
_URL_PARAMS = {"url", "archive-url", "chapterurl"}
_KEYWORDS = {"url-status": ["dead", "live", "yes", "unfit"], "ref": ["harv", "none", "CITEREFX"]}


@st.composite
def _param(draw: st.DrawFn, name: str) -> str:
    if name in _DATE_PARAMS:
        value = draw(_DATES)
    elif name in _URL_PARAMS:
        value = draw(_URLS)
    elif name in _IDS:
        value = draw(_IDS[name])
    elif name in _KEYWORDS:
        value = draw(st.sampled_from(_KEYWORDS[name]))
    else:
        value = draw(_WORDS | _MARKUP)
    return f"{name}={draw(st.sampled_from(['', value, value, value]))}"


@st.composite
def cs1_citations(draw: st.DrawFn) -> str:
    """A citation template: a random set of common parameters (each name once) with valid,
    broken or empty dates, identifiers, URLs, keywords and markup; sometimes text without a
    parameter name."""
    names = draw(st.lists(st.sampled_from(_PARAM_NAMES), max_size=8, unique=True))
    params = [draw(_param(name)) for name in names]
    if draw(st.integers(0, 9)) == 0:
        params.append(draw(_WORDS))
    name = draw(st.sampled_from(CITE_NAMES))
    return "{{" + " |".join([name, *params]) + "}}"
