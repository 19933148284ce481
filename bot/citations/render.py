"""The citation analysis as JSON or as text for a person. Pure."""

from __future__ import annotations

from typing import Any

from .model import EditAnalysis
from .profiles import load_profile


def to_json_dict(analysis: EditAnalysis) -> dict[str, Any]:
    return {
        "added": [
            {
                "kind": c.kind,
                "template": c.template,
                "wikitext": c.wikitext,
                "well_formed": c.well_formed,
                "problems": [
                    {"code": p.code, "severity": p.severity, "param": p.param, "message": p.message}
                    for p in c.problems
                ],
            }
            for c in analysis.added
        ],
        "reused": analysis.reused,
        "cn_removed": analysis.cn_removed,
    }


def to_text(analysis: EditAnalysis, lang: str = "en") -> str:
    profile = load_profile(lang)
    lines = [
        f"{len(analysis.added)} citation(s) added, {analysis.reused} reuse(s) of named "
        f"refs, {analysis.cn_removed} citation-needed tag(s) removed"
    ]
    for i, c in enumerate(analysis.added, 1):
        status = "well-formed" if c.well_formed else "has errors"
        label = f"{c.kind}" + (f" ({c.template})" if c.template else "")
        text = " ".join(c.wikitext.split())
        lines.append(f"{i}. {label}, {status}: {text[:200]}{'…' if len(text) > 200 else ''}")
        for p in c.problems:
            param = f" |{p.param}=" if p.param else ""
            lines.append(f"   - {p.severity} {p.code}{param}: {p.message}")
            lines.append(f"     {profile.help_url(p.code)}")
    return "\n".join(lines) + "\n"
