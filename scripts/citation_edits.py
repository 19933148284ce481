"""The edits the citation analysis is checked and timed on (scripts/bench_citations.py,
tests/test_citations_oracle.py).

`corpus_edits`: generated edits of one real article, of every kind an editor makes.
`scale_cases`: the cases of issue 18, where the cost of an analysis should follow the
change and not the page: one ref added to pages of 1 KB to 2 MB, reuses added to a page of
3,000 named refs, a cited sentence added to a page with 100,000 unclosed `{{` and to a 2 MB
single line.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

CN_RE = re.compile(r"\{\{\s*(?:[Cc]itation needed|[Cc]n|[Ff]act)\s*(?:\|[^{}]*)?\}\}")
ANY_REF_RE = re.compile(r"<ref(?:\s[^<>/]*)?>.*?</ref\s*>", re.S | re.I)
NAMED_RE = re.compile(r'<ref\s+name\s*=\s*"?([^"<>/]+?)"?\s*>', re.I)
OPENING_RE = re.compile(r"<ref(?:\s[^<>/]*)?>", re.I)
# A word of a ref's content that no template name or parameter name is made of: the
# start of a parameter value, or of the plain text of the ref.
VALUE_WORD_RE = re.compile(r"(?:=\s*|^|\s)([A-Za-z]{3,})\b")


def new_ref(i: int, name: str = "") -> str:
    attrs = f' name="{name}"' if name else ""
    return (
        f"<ref{attrs}>{{{{cite web |url=https://example.org/claim/{i} |title=A source for "
        f"claim {i} |publisher=Example Press |date=3 May 2019 |access-date=21 January 2026}}}}"
        "</ref>"
    )


def changed_text(ref: str, rnd: random.Random) -> str | None:
    """`ref` with one word of its content changed (a parameter value, or a word of plain
    text; never its tag, template name or parameter names), or None if it has no such word."""
    opening = OPENING_RE.match(ref)
    close = ref.rfind("</")
    if opening is None or close < opening.end():
        return None
    body_start = opening.end()
    words = [
        m
        for m in VALUE_WORD_RE.finditer(ref, body_start, close)
        if ref[m.start(1) - 2 : m.start(1)] != "{{"
    ]
    if not words:
        return None
    m = rnd.choice(words)
    return ref[: m.start(1)] + m.group(1) + "é" + ref[m.end(1) :]


def corpus_edits(text: str, seed: int = 0, per_kind: int = 2) -> list[tuple[str, str, str]]:
    """(kind, old, new) edits of one article, at seeded random places: a cited sentence
    inserted (with a new named ref too), a {{citation needed}} replaced by a ref, a
    paragraph with refs moved, a ref reformatted, a word changed inside a ref's content,
    a ref's markup broken (`<ref` made `<réf`), an existing ref copied elsewhere, a reuse
    added, a ref deleted, and the page created."""
    rnd = random.Random(seed)
    ends = [m.start() + 1 for m in re.finditer(r"[a-z]\.\n\n", text)] or [len(text)]
    out: list[tuple[str, str, str]] = []

    def at(pos: int, piece: str) -> str:
        return text[:pos] + piece + text[pos:]

    for k in range(per_kind):
        out.append(
            ("insert cited sentence", text, at(rnd.choice(ends), f" Claim {k}." + new_ref(k)))
        )
        named = new_ref(50 + k, f"gen-{seed}-{k}")
        out.append(("insert named ref", text, at(rnd.choice(ends), f" Claim {k}." + named)))
    cns = list(CN_RE.finditer(text))
    for k in range(per_kind):
        if cns:
            m = rnd.choice(cns)
            out.append(
                ("cn replaced", text, text[: m.start()] + new_ref(100 + k) + text[m.end() :])
            )
        else:
            pos = rnd.choice(ends)
            old = at(pos, "{{citation needed|date=May 2016}}")
            out.append(("cn replaced", old, at(pos, new_ref(100 + k))))
    blocks = text.split("\n\n")
    with_refs = [i for i, b in enumerate(blocks) if "<ref" in b]
    refs = list(ANY_REF_RE.finditer(text))
    names = [m.group(1) for m in NAMED_RE.finditer(text)]
    for _ in range(per_kind):
        if len(blocks) > 3 and with_refs:
            moved = blocks[:]
            para = moved.pop(rnd.choice(with_refs))
            moved.insert(rnd.randrange(len(moved) + 1), para)
            out.append(("paragraph moved", text, "\n\n".join(moved)))
        if refs:
            m = rnd.choice(refs)
            spaced = re.sub(r"\s*\|\s*", lambda _: rnd.choice([" | ", "|", "\n|", " |"]), m.group())
            out.append(("ref reformatted", text, text[: m.start()] + spaced + text[m.end() :]))
            for m in rnd.sample(refs, min(len(refs), 5)):
                changed = changed_text(m.group(), rnd)
                if changed is not None:
                    new = text[: m.start()] + changed + text[m.end() :]
                    out.append(("ref text changed", text, new))
                    break
            m = rnd.choice(refs)
            broken = m.group().replace("<ref", "<réf", 1)
            out.append(("ref markup broken", text, text[: m.start()] + broken + text[m.end() :]))
            m = rnd.choice(refs)
            out.append(("ref copied", text, at(rnd.choice(ends), m.group())))
            m = rnd.choice(refs)
            out.append(("ref deleted", text, text[: m.start()] + text[m.end() :]))
        if names:
            reuse = f'<ref name="{rnd.choice(names)}" />'
            out.append(("reuse added", text, at(rnd.choice(ends), reuse)))
    out.append(("page created", "", text))
    return out


# --- The scale cases of issue 18 --------------------------------------------------------


def page_of_size(texts: Iterable[str], size: int) -> str:
    """Whole paragraphs of `texts`, in order, up to `size` characters (paragraphs that do
    not fit are skipped)."""
    out: list[str] = []
    used = 0
    for text in texts:
        for para in text.split("\n\n"):
            if used + len(para) + 2 <= size:
                out.append(para)
                used += len(para) + 2
            if size - used < 200:
                return "\n\n".join(out)
    return "\n\n".join(out)


def _insert_middle(text: str, piece: str) -> str:
    """`piece` inserted at the end of the paragraph nearest the middle of `text`."""
    pos = text.find("\n\n", len(text) // 2)
    pos = len(text) if pos < 0 else pos
    return text[:pos] + piece + text[pos:]


def named_refs_page(count: int = 3000, uses: int = 3) -> str:
    """`count` named refs, each defined once and then reused, used `uses` times in all."""
    paras = [f"Claim {i} is sourced.{new_ref(i, f'src-{i}')}" for i in range(count)]
    for _ in range(uses - 1):
        paras += [f'Again claim {i}.<ref name="src-{i}" />' for i in range(count)]
    return "\n\n".join(paras)


def scale_cases(texts: list[str]) -> list[tuple[str, str, str]]:
    """(name, old, new) for each case of issue 18, built from the corpus articles `texts`."""
    cases = []
    cited = " A new claim." + new_ref(9999)
    for label, size in (
        ("1 KB", 1_000),
        ("16 KB", 16_000),
        ("256 KB", 256_000),
        ("2 MB", 2_000_000),
    ):
        page = page_of_size(texts * (1 + size // sum(map(len, texts))), size)
        cases.append((f"one ref added, {label} page", page, _insert_middle(page, cited)))
    named = named_refs_page()
    cases.append(("one reuse added, 3,000 named refs", named,
                  _insert_middle(named, ' Once more.<ref name="src-1500" />')))  # fmt: skip
    reuses = "".join(f' More.<ref name="src-{i * 29 % 3000}" />' for i in range(100))
    cases.append(("100 reuses added, 3,000 named refs", named, _insert_middle(named, reuses)))
    braces = "".join(f"Line {i} {{{{ open.\n" for i in range(100_000))
    cases.append(
        ("cited sentence, 100,000 unclosed {{", braces, _insert_middle_line(braces, cited))
    )
    line = page_of_size(texts * 2, 2_000_000).replace("\n", " ")
    cases.append(("cited sentence, 2 MB single line", line, _insert_middle_sentence(line, cited)))
    return cases


def _insert_middle_line(text: str, piece: str) -> str:
    pos = text.find("\n", len(text) // 2)
    return text[:pos] + piece + text[pos:]


def _insert_middle_sentence(text: str, piece: str) -> str:
    """`piece` after the first sentence past the middle that ends in prose (not inside a
    ref or a template)."""
    for m in re.finditer(r"[a-z]\. [A-Z]", text[len(text) // 2 :]):
        pos = len(text) // 2 + m.start() + 2
        in_ref = text.rfind("<ref", 0, pos) > max(
            text.rfind("</ref", 0, pos), text.rfind("/>", 0, pos)
        )
        if not in_ref and text.rfind("{{", 0, pos) < text.rfind("}}", 0, pos):
            return text[:pos] + piece + text[pos:]
    return text + piece
