"""`lib1ref scan`: find campaign edits in recent changes and record them, exactly once.

Per campaign and wiki (only while `bot.campaign.scanning`: no request otherwise): read
recent changes over the window `bot.campaign.scan_window` gives, a page at a time; keep the
tagged edits (`bot.selection`); fetch their texts 500 revisions a request (50 without
`apihighlimits`); analyse the citations; store the page's edits and the advanced
checkpoint in one transaction. Under `judge = wiki | both` the wiki's citation module judges
the added citations (`tasks.judge`). An edit whose texts cannot be read (a revision missing
from the batch, a hidden text) is recorded as not analysed yet. While
`bot.campaign.rechecking`, analyse those again and re-check the recorded edits for reverts
and deletions, both ways (a restored page's edits count again).
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import replace
from datetime import UTC, datetime

import sqlite_utils

from bot import store
from bot.campaign import Window, advance, rechecking, scan_window, scanning
from bot.citations.profiles import Profile
from bot.config import CampaignConfig, Config
from bot.errors import DataFileError, UsageError, WikiError
from bot.progress import Progress
from bot.records import Change, Checkpoint, EditRecord, ScanStats
from bot.selection import build_record, counted_hashtags
from bot.timestamps import format_ts, parse_moment
from bot.wiki import Wiki, connect
from tasks.families import with_family_wikis
from tasks.judge import JudgeRun, judge_records
from tasks.profiles import wiki_profile
from tasks.renames import follow_renames

log = logging.getLogger("lib1ref")


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("--wiki", metavar="KEY", help="only this wiki")
    p.add_argument("--campaign", metavar="ID", help="only this campaign")
    p.add_argument("--since", metavar="TIMESTAMP", help="read from here (ISO 8601 UTC)")
    p.add_argument("--dry-run", action="store_true", help="read and analyse, write nothing")


def run(args: argparse.Namespace, config: Config, password: str | None) -> int:
    return scan_all(
        config, password, campaign_id=args.campaign, only_wiki=args.wiki,
        since=_since(args.since), dry_run=args.dry_run,
    )  # fmt: skip


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_moment(value)
    except ValueError:
        raise UsageError(f"--since: not an ISO date or date-time: {value!r}") from None


def scan_all(
    config: Config,
    password: str | None,
    *,
    campaign_id: str | None = None,
    only_wiki: str | None = None,
    since: datetime | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> int:
    """Scan every configured campaign and wiki; 0 when all were read, else 1."""
    campaigns = [config.campaign(campaign_id)] if campaign_id else list(config.campaigns)
    if only_wiki:
        config.wiki(only_wiki)
    if not campaigns:
        log.warning("scan: no campaigns configured in %s", config.path)
    now = now or datetime.now(UTC)
    if dry_run:
        db = store.open_db_readonly(config.database, missing_ok=True)
        config, _ = with_family_wikis(db, config, now, dry_run=True)
        campaigns = _expanded(config, campaigns)
        return _scan(db, config, campaigns, only_wiki, since, password, now, dry_run=True)
    db = store.open_db(config.database)
    with store.exclusive_run(config.database, "scan"):
        store.save_campaigns(db, config.campaigns)
        config, failure = with_family_wikis(db, config, now, dry_run=False)
        if failure is not None:
            store.save_run(db, "scan", "sitematrix", now.isoformat(), False, failure)
        code = _scan(db, config, _expanded(config, campaigns), only_wiki, since, password, now,
                     dry_run=False)  # fmt: skip
        return max(code, int(failure is not None))


def _expanded(config: Config, campaigns: list[CampaignConfig]) -> list[CampaignConfig]:
    """The same campaigns, with the family wikis `config` holds now."""
    return [config.campaign(c.id) for c in campaigns]


def _scan(
    db: sqlite_utils.Database,
    config: Config,
    campaigns: list[CampaignConfig],
    only_wiki: str | None,
    since: datetime | None,
    password: str | None,
    now: datetime,
    *,
    dry_run: bool,
) -> int:
    total = ScanStats()
    failed: list[str] = []
    wikis: dict[str, Wiki] = {}
    judges: dict[str, JudgeRun] = {}  # per wiki: the judging budget of this run
    profiles: dict[str, Profile] = {}  # per wiki: the citation profile (tasks.profiles)
    for campaign in campaigns:
        for key in campaign.wikis:
            if only_wiki and key != only_wiki:
                continue
            if since is None and not scanning(campaign, now):
                # Checked before connecting: an idle wiki costs no request at all.
                log.info("scan %s %s: skipped, outside the campaign and its re-check grace",
                         campaign.id, key)  # fmt: skip
                continue
            started_at = store.load_checkpoint(db, campaign.id, key)
            try:
                if key not in wikis:
                    # a wiki with no account (a family's) is read without logging in
                    wikis[key] = connect(config, key, password, login=config.wiki(key).posts,
                                         edits=False)  # fmt: skip
                wiki = wikis[key]
                judge = judges.setdefault(key, JudgeRun(wiki.cfg.judge_limit))
                if key not in profiles and wiki.cfg.citations:
                    profiles[key] = wiki_profile(db, wiki, now, dry_run=dry_run)
                before = wiki.requests
                stats = scan_wiki(db, wiki, campaign, since, now, dry_run=dry_run, judge=judge,
                                  profile=profiles.get(key))  # fmt: skip
                stats = replace(stats, api_requests=wiki.requests - before)
                log.info("scan %s %s: %s", campaign.id, key, _summary(stats))
                total = _add(total, stats)
                ok, message = True, _summary(stats)
            except (WikiError, DataFileError) as e:
                log.error("scan %s %s: %s", campaign.id, key, e)
                after = store.load_checkpoint(db, campaign.id, key)
                failed.append(f"{campaign.id} {key} ({_checkpoint_note(started_at, after)})")
                ok, message = False, str(e)
            if not dry_run:
                store.save_run(db, "scan", key, now.isoformat(), ok, message)
    for w in wikis.values():
        w.close()
    print(("dry run: " if dry_run else "") + _summary(total))
    if failed:
        log.error("scan failed on %s", "; ".join(failed))
        return 1
    return 0


def _checkpoint_note(before: Checkpoint | None, after: Checkpoint | None) -> str:
    """What a failed scan did to a checkpoint, for the one-line report."""
    if after is None or after == before:
        return "checkpoint unchanged"
    return f"checkpoint advanced to {format_ts(after.timestamp)}; the rest is read next time"


def _summary(s: ScanStats) -> str:
    judged = ""
    if s.wiki_verdicts or s.fallbacks or s.disagreements:
        judged = (f", wiki verdicts: {s.wiki_verdicts}, local fallbacks: {s.fallbacks}, "
                  f"disagreements: {s.disagreements}")  # fmt: skip
    return (
        f"changes read: {s.changes_read}, edits matched: {s.matched}, new edits: {s.new_edits}, "
        f"citations: {s.citations}{judged}, reverted/deleted marked: {s.marked}, "
        f"analysed late: {s.analysed_late}, API requests: {s.api_requests}"
    )


def _add(a: ScanStats, b: ScanStats) -> ScanStats:
    fields = ("changes_read", "matched", "new_edits", "citations", "api_requests",
              "rechecked", "marked", "analysed_late", "wiki_verdicts", "fallbacks",
              "disagreements")  # fmt: skip
    return replace(a, **{f: getattr(a, f) + getattr(b, f) for f in fields})


def scan_wiki(
    db: sqlite_utils.Database,
    wiki: Wiki,
    campaign: CampaignConfig,
    since: datetime | None,
    now: datetime,
    *,
    dry_run: bool = False,
    judge: JudgeRun | None = None,
    profile: Profile | None = None,
) -> ScanStats:
    """Read one wiki's window for one campaign, then re-check its recorded edits.
    `profile`: the wiki's citation profile (tasks.profiles), else its language's."""
    judge = judge or JudgeRun(wiki.cfg.judge_limit)
    key = wiki.cfg.key
    if store.load_has_edits(db, campaign.id, key):  # else nobody a rename could move
        follow_renames(db, wiki, campaign, dry_run=dry_run)
    checkpoint = store.load_checkpoint(db, campaign.id, key)
    window = scan_window(campaign, checkpoint.timestamp if checkpoint else None, since, now)
    stats = ScanStats()
    if window is not None:
        stats = _read_window(db, wiki, campaign, window, checkpoint, judge, profile,
                             dry_run=dry_run)  # fmt: skip
    if rechecking(campaign, now):
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
    profile: Profile | None,
    *,
    dry_run: bool,
) -> int:
    """Analyse again the edits recorded as not analysed yet (judged as any new edit); how
    many succeeded this time."""
    pending = store.load_pending_analysis(db, campaign.id, wiki.cfg.key)
    if not pending:
        return 0
    records = _analyse(wiki, campaign, [(r.change, r.hashtags) for r in pending], profile,
                       late=True)  # fmt: skip
    records = judge_records(wiki, [r for r in records if r.analyzed], judge, profile)
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
    profile: Profile | None,
    *,
    dry_run: bool,
) -> ScanStats:
    key = wiki.cfg.key
    known = store.load_known_revids(db, campaign.id, key)
    progress = Progress(f"scan {campaign.id} {key}", unit="of the time span read")
    span = max((window.end - window.start).total_seconds(), 1.0)
    read = matched = new_edits = citations = 0
    verdicts = {"wiki": 0, "fallback": 0, "disagreement": 0}
    for page in wiki.recent_changes(
        format_ts(window.start), format_ts(window.end), campaign.namespaces
    ):
        read += len(page)
        hits = [(ch, tags) for ch in page if (tags := counted_hashtags(ch, campaign))]
        matched += len(hits)
        records = _analyse(wiki, campaign, [(c, t) for c, t in hits if c.revid not in known],
                           profile)  # fmt: skip
        records = judge_records(wiki, records, judge, profile)
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
    progress.done()
    return ScanStats(
        changes_read=read, matched=matched, new_edits=new_edits, citations=citations,
        wiki_verdicts=verdicts["wiki"], fallbacks=verdicts["fallback"],
        disagreements=verdicts["disagreement"],
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
