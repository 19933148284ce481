"""Hypothesis strategies for the citation analysis, shared by tests/test_citations_properties.py
and `make fuzz` (scripts/fuzz_citations.py).

`wikitextish`: short strings of wikitext pieces (refs, templates, comments, control characters)
and random text, balanced or not. `fragments`: lists of realistic document fragments (cited
sentences, named refs and reuses, {{sfn}}, {{citation needed}}, comments, nowiki, an infobox),
joined into documents whose edits the windowed method must analyse like the full-parse oracle.
"""

from __future__ import annotations

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
