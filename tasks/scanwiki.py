"""Part of `lib1ref scan`: one campaign on one wiki.

Read recent changes over the window `bot.campaign.scan_window` gives, a page at a time; keep
the tagged edits (`bot.selection`); fetch their texts 500 revisions a request (50 without
`apihighlimits`); analyse the citations; store the page's edits and the advanced checkpoint
in one transaction. Under `judge = wiki | both` the wiki's citation module judges the added
citations (`tasks.judge`). An edit whose texts cannot be read (a revision missing from the
batch, a hidden text) is recorded as not analysed yet. While `bot.campaign.rechecking`,
analyse those again and re-check the recorded edits for reverts and deletions, both ways (a
restored page's edits count again). `stop()`, asked after each page, ends the read early
(the cycle's budget ran out): the checkpoint stays where the last stored page left it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlite_utils

from bot import store
from bot.campaign import Window, advance, rechecking, scan_window
from bot.citations.profiles import Profile
from bot.config import CampaignConfig
from bot.progress import Progress
from bot.records import Change, Checkpoint, EditRecord, ScanStats
from bot.selection import build_record, counted_hashtags
from bot.timestamps import format_ts
from bot.wiki import Wiki
from tasks.judge import JudgeRun, judge_records
from tasks.renames import follow_renames

log = logging.getLogger("lib1ref")


def _never() -> bool:
    return False


def scan_wiki(
    db: sqlite_utils.Database,
    wiki: Wiki,
    campaign: CampaignConfig,
    since: datetime | None,
    now: datetime,
    *,
    dry_run: bool = False,
    judge: JudgeRun | None = None,
    stop: Callable[[], bool] = _never,
    bar: bool = True,
    profile: Callable[[], Profile | None] = lambda: None,
) -> ScanStats:
    """Read one wiki's window for one campaign, then re-check its recorded edits.

    `stop()` is asked after each page of recent changes: True ends the read there, and the
    stats say `stopped` (the re-check waits for a scan that reads to the end). `bar`: a
    progress bar on a terminal (False when several wikis are scanned at once). `profile()`: the
    wiki's citation profile (tasks.profiles), else None for its language's; asked only when
    there are edits to analyse (reading it may cost requests: an idle poll never pays them)."""
    judge = judge or JudgeRun(wiki.cfg.judge_limit)
    key = wiki.cfg.key
    if store.load_has_edits(db, campaign.id, key):  # else nobody a rename could move
        follow_renames(db, wiki, campaign, dry_run=dry_run)
    checkpoint = store.load_checkpoint(db, campaign.id, key)
    window = scan_window(campaign, checkpoint.timestamp if checkpoint else None, since, now)
    stats = ScanStats()
    if window is not None:
        stats = _read_window(db, wiki, campaign, window, checkpoint, judge, profile,
                             dry_run=dry_run, stop=stop, bar=bar)  # fmt: skip
    if rechecking(campaign, now) and not stats.stopped:
        late = _analyse_pending(db, wiki, campaign, judge, profile, dry_run=dry_run)
        revids = store.load_revids_to_recheck(db, campaign.id, key, format_ts(campaign.start))
        if revids:
            statuses = wiki.revision_statuses(revids)
            marked = 0 if dry_run else store.save_edit_statuses(db, campaign.id, key, statuses)
            stats = replace(stats, rechecked=len(revids), marked=marked)
        stats = replace(stats, analysed_late=late)
    return stats


def _analyse_pending(
    db: sqlite_utils.Database,
    wiki: Wiki,
    campaign: CampaignConfig,
    judge: JudgeRun,
    profile: Callable[[], Profile | None],
    *,
    dry_run: bool,
) -> int:
    """Analyse again the edits recorded as not analysed yet (judged as any new edit); how
    many succeeded this time."""
    pending = store.load_pending_analysis(db, campaign.id, wiki.cfg.key)
    if not pending:
        return 0
    wanted = profile()
    records = _analyse(wiki, campaign, [(r.change, r.hashtags) for r in pending], wanted,
                       late=True)  # fmt: skip
    records = judge_records(wiki, [r for r in records if r.analyzed], judge, wanted)
    if dry_run:
        return sum(1 for r in records if r.analyzed)
    return store.save_analysis(db, records)


def _read_window(
    db: sqlite_utils.Database,
    wiki: Wiki,
    campaign: CampaignConfig,
    window: Window,
    checkpoint: Checkpoint | None,
    judge: JudgeRun,
    profile: Callable[[], Profile | None],
    *,
    dry_run: bool,
    stop: Callable[[], bool],
    bar: bool,
) -> ScanStats:
    key = wiki.cfg.key
    known = store.load_known_revids(db, campaign.id, key)
    progress = Progress(f"scan {campaign.id} {key}", unit="of the time span read", bar=bar)
    span = max((window.end - window.start).total_seconds(), 1.0)
    read = matched = new_edits = citations = 0
    verdicts = {"wiki": 0, "fallback": 0, "disagreement": 0}
    stopped = False
    for page in wiki.recent_changes(
        format_ts(window.start), format_ts(window.end), campaign.namespaces
    ):
        read += len(page)
        hits = [(ch, tags) for ch in page if (tags := counted_hashtags(ch, campaign))]
        matched += len(hits)
        todo = [(c, t) for c, t in hits if c.revid not in known]
        wanted = profile() if todo else None
        records = _analyse(wiki, campaign, todo, wanted)
        records = judge_records(wiki, records, judge, wanted)
        citations += sum(len(r.citations) for r in records)
        for c in (c for r in records for c in r.citations):
            verdicts["wiki"] += c.judge == "wiki"
            verdicts["fallback"] += bool(c.fallback)
            verdicts["disagreement"] += c.disagreement is not None
        checkpoint = advance(checkpoint, page)
        if dry_run:
            for r in records:
                print(_describe(r))
            new_edits += len(records)
        else:
            new_edits += store.save_batch(db, campaign.id, key, records, checkpoint)
        known.update(r.change.revid for r in records)
        if page:
            done = (page[-1].timestamp - window.start).total_seconds() / span
            progress.update(done, f"up to {format_ts(page[-1].timestamp)}: {read} changes, "
                            f"{matched} matched")  # fmt: skip
        if stop():  # before asking the next page; what was read is stored
            stopped = True
            break
    progress.done()
    return ScanStats(
        changes_read=read, matched=matched, new_edits=new_edits, citations=citations,
        wiki_verdicts=verdicts["wiki"], fallbacks=verdicts["fallback"],
        disagreements=verdicts["disagreement"], stopped=stopped,
    )  # fmt: skip


def _analyse(
    wiki: Wiki,
    campaign: CampaignConfig,
    hits: list[tuple[Change, tuple[str, ...]]],
    profile: Profile | None = None,
    *,
    late: bool = False,
) -> list[EditRecord]:
    if not hits:
        return []
    if not wiki.cfg.citations:  # Wikidata: an edit counts as an edit, no texts to read
        return [EditRecord(campaign.id, wiki.cfg.key, ch, tags) for ch, tags in hits]
    wanted = sorted({ch.revid for ch, _ in hits} | {ch.parent_revid for ch, _ in hits} - {0})
    texts = wiki.revisions(wanted)
    records = []
    for ch, tags in hits:
        new, parent = texts.get(ch.revid), texts.get(ch.parent_revid)
        record = build_record(campaign.id, wiki.cfg.key, wiki.cfg.lang, ch, tags, new, parent,
                              profile)  # fmt: skip
        if not record.analyzed:
            log.warning("scan %s r%d: text %s (missing from the batch, hidden or deleted); "
                        "not analysed yet, later scans retry", wiki.cfg.key, ch.revid,
                        "still not readable" if late else "not readable")  # fmt: skip
        records.append(record)
    return records


def _describe(r: EditRecord) -> str:
    ch = r.change
    return (
        f"would record {r.wiki} r{ch.revid} [[{ch.title}]] by {ch.user} ({ch.user_kind}) "
        f"at {format_ts(ch.timestamp)}: {len(r.citations)} citations, {r.citations_well_formed} "
        f"well-formed, {r.reused} reused, {r.cn_removed} citation-needed removed"
    )


def checkpoint_note(before: Checkpoint | None, after: Checkpoint | None) -> str:
    """What a failed scan did to a checkpoint, for the one-line report."""
    if after is None or after == before:
        return "checkpoint unchanged"
    return f"checkpoint advanced to {format_ts(after.timestamp)}; the rest is read next time"


def summary(s: ScanStats) -> str:
    judged = ""
    if s.wiki_verdicts or s.fallbacks or s.disagreements:
        judged = (f", wiki verdicts: {s.wiki_verdicts}, local fallbacks: {s.fallbacks}, "
                  f"disagreements: {s.disagreements}")  # fmt: skip
    return (
        f"changes read: {s.changes_read}, edits matched: {s.matched}, new edits: {s.new_edits}, "
        f"citations: {s.citations}{judged}, reverted/deleted marked: {s.marked}, "
        f"analysed late: {s.analysed_late}, API requests: {s.api_requests}"
    )


def add_stats(a: ScanStats, b: ScanStats) -> ScanStats:
    fields = ("changes_read", "matched", "new_edits", "citations", "api_requests",
              "rechecked", "marked", "analysed_late", "wiki_verdicts", "fallbacks",
              "disagreements")  # fmt: skip
    values: dict[str, Any] = {f: getattr(a, f) + getattr(b, f) for f in fields}
    return replace(a, **values)
