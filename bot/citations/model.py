"""The records the citation analysis returns. Frozen, plain values."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

KINDS = ("template", "bare-url", "plain", "sfn", "empty")


@dataclass(frozen=True)
class Problem:
    """One finding about a citation: a code shared by all languages, its severity,
    the parameter it concerns (canonical CS1 name, or None) and a message."""

    code: str
    severity: str
    param: str | None
    message: str


@dataclass(frozen=True)
class Citation:
    """One citation an edit added.

    `kind` is one of `template`, `bare-url`, `plain`, `sfn`, `empty`; `template` is the
    name of the citation or short-footnote template as written (None for other kinds);
    `wikitext` is the citation as it stands in the new text.
    """

    kind: str
    template: str | None
    wikitext: str
    problems: tuple[Problem, ...] = ()

    @property
    def well_formed(self) -> bool:
        """True when no problem is an error (warnings are allowed)."""
        return all(p.severity != ERROR for p in self.problems)


@dataclass(frozen=True)
class EditAnalysis:
    """What an edit added: citations in text order, named-ref reuses added, and how many
    citation-needed templates it removed."""

    added: tuple[Citation, ...] = ()
    reused: int = 0
    cn_removed: int = 0
