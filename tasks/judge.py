"""Part of `lib1ref scan`: the wiki's citation module as judge (`judge = wiki | both`).

Composes the pure core (`bot.judging`: what to ask, whose verdict) with the wiki boundary
(`Wiki.render_citations`: `judge_batch` citations per request). At most `judge_limit`
citations go to one wiki per scan run. A wiki that fails (an error or a timeout) is not
asked again in that run; every citation it was to judge keeps our rules' verdict, with the
reason recorded, and one log line says so (once per failure, cap or batch with citations
the module did not render).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot import judging
from bot.citations import load_profile
from bot.citations.profiles import Profile
from bot.errors import WikiError
from bot.records import EditRecord
from bot.wiki import Wiki

log = logging.getLogger("lib1ref")


@dataclass
class JudgeRun:
    """One wiki's judging over one scan run: citations it may still be asked about, and
    why it is no longer asked ("" while it is)."""

    remaining: int
    down: str = ""


def judge_records(
    wiki: Wiki, records: list[EditRecord], run: JudgeRun, profile: Profile | None = None
) -> list[EditRecord]:
    """The records with the verdicts `wiki.cfg.judge` asks for; the citation templates to
    ask about are `profile`'s (the wiki's, tasks.profiles), else its language's."""
    mode, key = wiki.cfg.judge, wiki.cfg.key
    if mode == "local" or not records:
        return records
    asked = judging.questions(records, profile or load_profile(wiki.cfg.lang))
    allowed = [] if run.down else asked[: run.remaining]
    answers: dict[judging.Key, judging.Answer] = {}
    size = wiki.cfg.judge_batch
    # The parse takes the page of the revision it names: an article (namespace 0) if any.
    article = {r.change.revid for r in records if r.change.namespace == 0}
    for start in range(0, len(allowed), size):
        batch = allowed[start : start + size]
        if run.down:
            answers |= judging.unanswered(batch, run.down)
            continue
        run.remaining -= len(batch)
        try:
            revid = max(article) if article else max(q.revid for q in batch)
            got = wiki.render_citations([q.text for q in batch], revid)
        except WikiError as e:
            run.down = f"the wiki failed: {e}"
            log.warning("scan %s: %s; our rules' verdicts kept for the rest of this scan",
                        key, run.down)  # fmt: skip
            answers |= judging.unanswered(batch, run.down)
            continue
        answers |= {q.key: a for q, a in zip(batch, got, strict=True)}
        missed = [a.fallback for a in got if a.render is None]
        if missed:
            log.warning("scan %s: no verdict from the wiki's citation module on %d of %d "
                        "citations (%s); our rules' verdicts kept", key, len(missed),
                        len(batch), missed[0])  # fmt: skip
    rest = asked[len(allowed) :]
    if rest and not run.down:
        run.down = f"the cap of {wiki.cfg.judge_limit} citations per scan was reached"
        log.warning("scan %s: %s; our rules' verdicts kept for the rest of this scan",
                    key, run.down)  # fmt: skip
    answers |= judging.unanswered(rest, run.down)
    return [judging.apply(r, mode, answers) for r in records]
