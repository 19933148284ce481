"""Part of `lib1ref scan`: one cycle over every wiki, several at once, within a time budget.

- **Several at once, one request at a time per wiki.** `concurrency` workers; a wiki (with
  every wiki on the same host) is handled by exactly one worker, its campaigns one after
  another, so no wiki ever has two requests in flight (what the bot guarantees; Wikimedia asks
  for requests in series, and its wikis share one cluster: several at once is this project's
  choice, so `concurrency` stays small).
- **Nothing lost or counted twice.** Each worker has its own SQLite connection (the store's
  busy timeout and `BEGIN IMMEDIATE` writes); a page of recent changes and its checkpoint are
  still one transaction, so a crash at any moment is followed by a rerun that changes nothing
  already stored.
- **A time budget that carries over.** After `cycle_budget` seconds no wiki is started and a
  wiki being read stops after its current page (checkpoint kept); one still busy `timeout`
  seconds later is left to the next cycle. Each wiki finished (read to its window's end, or
  failed) is recorded with the cycle's time (`scan_visits`), and every cycle starts with the
  wikis never finished, then the ones finished longest ago: what a cycle did not reach is
  visited first by the next one.
- **One wiki failing or slow never stops the others**: it holds one worker, the rest go on.
- **Another job's wiki is left alone**: a wiki whose host another process (a leaderboard or
  welcome job) holds is not waited for (`connect(wait=0)`): one info line, nothing read, its
  checkpoint where it was, no failure; it is read next cycle, among the first.
- **A worker left busy is known**: `in_flight()` names the units a worker is still reading
  after `run` returned, so a later step of the same process (`lib1ref run`) sends their
  hosts no request while it may still be in flight. A cycle knows only its own workers: the
  command line runs one cycle per process, never a second one beside a worker left behind.
- **Progress** in wikis done out of the total (`bot.progress`), and a last line saying how
  many were carried over and which.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from functools import partial

import sqlite_utils

from bot import store
from bot.citations.profiles import Profile
from bot.config import Config
from bot.errors import DataFileError, HostBusy, WikiError
from bot.progress import Progress
from bot.records import ScanStats
from bot.wiki import Wiki
from tasks.cycle_plan import Job, Outcome, Unit, merge
from tasks.judge import JudgeRun
from tasks.profiles import wiki_profile
from tasks.scanwiki import add_stats, checkpoint_note, scan_wiki, summary

log = logging.getLogger("lib1ref")

Connect = Callable[..., Wiki]
SHOWN = 10  # wikis named in the carried-over line


class Cycle:
    """One scan cycle: `run(units)` with `concurrency` workers, within `cycle_budget`."""

    def __init__(
        self,
        config: Config,
        open_db: Callable[[], sqlite_utils.Database],
        connect: Connect,
        password: str | None,
        now: datetime,
        since: datetime | None,
        *,
        dry_run: bool,
    ) -> None:
        self.config, self.open_db, self.connect = config, open_db, connect
        self.password, self.now, self.since, self.dry_run = password, now, since, dry_run
        self.bar = config.concurrency == 1  # several wikis at once: log lines, no bars
        self.stop = threading.Event()
        self._todo: queue.Queue[Unit] = queue.Queue()
        self._results: queue.Queue[tuple[Unit, Outcome | BaseException]] = queue.Queue()
        self._in_flight: dict[str, Unit] = {}  # host -> the unit a worker is reading now
        self._lock = threading.Lock()

    def run(self, todo: list[Unit]) -> tuple[Outcome, list[str]]:
        """Every unit's outcome merged, and the keys carried over to the next cycle."""
        for unit in todo:
            self._todo.put(unit)
        workers = [threading.Thread(target=self._work, name=f"scan-{i}", daemon=True)
                   for i in range(min(self.config.concurrency, len(todo)))]  # fmt: skip
        for w in workers:
            w.start()
        wikis = sum(len(u.jobs) for u in todo)
        progress = Progress("scan", unit="of the wikis", bar=not self.bar)  # one bar at a time
        started = time.monotonic()
        try:  # a stop (SIGTERM) or an error here: the workers stop after their current page
            total, _ = self._collect(workers, len(todo), wikis, progress, started)
        finally:
            self.stop.set()
        progress.done()
        left = set(total.finished) | set(total.held)
        carried = [j.key for u in todo for j in u.jobs if j.key not in left]
        held = f", {len(total.held)} held by another job" if total.held else ""
        log.info("scan: wikis done %d/%d in %.1f s, %d failed%s, %d at once",
                 len(total.finished), wikis, time.monotonic() - started, len(total.failed),
                 held, len(workers))  # fmt: skip
        if carried:
            busy = [j.key for u in self.in_flight() for j in u.jobs]
            shown = ", ".join(carried[:SHOWN]) + (", …" if len(carried) > SHOWN else "")
            log.warning("scan: %d of %d wikis carried over to the next cycle (the budget of "
                        "%g s ran out%s), visited first then: %s", len(carried), wikis,
                        self.config.cycle_budget,
                        f"; {len(busy)} still busy were left" if busy else "", shown)  # fmt: skip
        return total, carried

    def in_flight(self) -> tuple[Unit, ...]:
        """The units a worker is reading at this moment. After `run`: the ones left busy
        past the budget and `timeout`, until their worker gives up on its own. Once `run`
        has returned, no unit is started any more, so this only ever shrinks."""
        with self._lock:
            return tuple(self._in_flight.values())

    def _collect(
        self,
        workers: list[threading.Thread],
        units: int,
        wikis: int,
        progress: Progress,
        started: float,
    ) -> tuple[Outcome, set[str]]:
        """The units' outcomes as they come, until every unit is done, or the budget ran out
        and no worker is busy, or `timeout` more seconds passed (a busy wiki is left)."""
        total, done = Outcome(), set[str]()
        budget_end = started + self.config.cycle_budget
        while len(done) < units:
            left = budget_end - time.monotonic()
            if left <= 0 and not self.stop.is_set():
                self.stop.set()  # no wiki is started from here on; readers stop after a page
                log.warning("scan: the cycle's budget of %g s ran out; wikis in progress stop "
                            "after their current page", self.config.cycle_budget)  # fmt: skip
            idle = not any(w.is_alive() for w in workers) and self._results.empty()
            if (self.stop.is_set() and idle) or left <= -self.config.timeout:
                break  # the units never started, or still busy, are carried over
            try:
                item = self._results.get(timeout=min(max(left, 0.1), 1.0))
            except queue.Empty:
                continue
            total = self._record(item, total, done, wikis, progress)
        while True:  # one that finished in the last moment is counted (and its failure)
            try:
                item = self._results.get_nowait()
            except queue.Empty:
                return total, done
            total = self._record(item, total, done, wikis, progress)

    def _record(self, item: tuple[Unit, Outcome | BaseException], total: Outcome,
                done: set[str], wikis: int, progress: Progress) -> Outcome:  # fmt: skip
        """`total` with one unit's outcome added (its host to `done`)."""
        unit, got = item
        if isinstance(got, BaseException):
            raise got
        done.add(unit.host)
        total = merge(total, got)
        finished = len(total.finished)
        progress.update(finished / max(wikis, 1), f"wikis done {finished}/{wikis}, "
                        f"{len(total.failed)} failed")  # fmt: skip
        return total

    def _work(self) -> None:
        db = None
        try:
            while True:
                with self._lock:  # `stop` seen and the unit marked in flight at once
                    if self.stop.is_set():
                        return
                    try:
                        unit = self._todo.get_nowait()
                    except queue.Empty:
                        return
                    self._in_flight[unit.host] = unit
                try:
                    if db is None:
                        db = self.open_db()  # its own connection: SQLite's are per thread
                    outcome = self._visit(db, unit)
                finally:
                    with self._lock:
                        del self._in_flight[unit.host]
                self._results.put((unit, outcome))
        except BaseException as e:  # noqa: BLE001 - handed to the main thread, raised there
            self._results.put((Unit("", ()), e))
        finally:
            if db is not None:
                db.close()

    def _visit(self, db: sqlite_utils.Database, unit: Unit) -> Outcome:
        out = Outcome()
        for job in unit.jobs:
            if self.stop.is_set():
                break  # not reached: carried over
            try:
                stats, failed, finished = self._scan_job(db, job)
            except HostBusy:
                log.info("%s: another job is using it; read next cycle", job.key)
                out.held.append(job.key)
                continue
            out.stats = add_stats(out.stats, stats)
            out.failed += failed
            (out.finished if finished else out.stopped).append(job.key)
            if finished and not self.dry_run:
                store.save_visit(db, job.key, self.now.isoformat())
        return out

    def _scan_job(self, db: sqlite_utils.Database, job: Job) -> tuple[ScanStats, list[str], bool]:
        """One wiki's campaigns: (their stats, failures, finished)."""
        key, config = job.key, self.config
        wiki: Wiki | None = None
        judge: JudgeRun | None = None
        profiles: list[Profile | None] = []  # the wiki's citation profile, read when needed
        total, failed, finished = ScanStats(), [], True
        try:  # the wiki closed (its host let go) whatever happens
            for campaign in job.campaigns:
                if self.stop.is_set():
                    finished = False
                    break
                started_at = store.load_checkpoint(db, campaign.id, key)
                try:
                    if wiki is None:  # read anonymously; a posting wiki logs in when it pays
                        wiki = self.connect(config, key, self.password,
                                            login=config.wiki(key).posts, edits=False,
                                            lazy=True, wait=0)  # fmt: skip
                    judge = judge or JudgeRun(wiki.cfg.judge_limit)
                    before = wiki.requests
                    read_profile = partial(_profile, profiles, db, wiki, self)
                    stats = scan_wiki(db, wiki, campaign, self.since, self.now,
                                      dry_run=self.dry_run, judge=judge, stop=self.stop.is_set,
                                      bar=self.bar, profile=read_profile)  # fmt: skip
                    stats = replace(stats, api_requests=wiki.requests - before)
                    ok, message = True, summary(stats)
                    if stats.stopped:
                        finished = False
                        message += "; stopped at the cycle's budget, the rest is read next cycle"
                    log.info("scan %s %s: %s", campaign.id, key, message)
                    total = add_stats(total, stats)
                except HostBusy:
                    raise  # nothing was read: `_visit` says so, no run is recorded
                except (WikiError, DataFileError) as e:
                    log.error("scan %s %s: %s", campaign.id, key, e)
                    after = store.load_checkpoint(db, campaign.id, key)
                    failed.append(f"{campaign.id} {key} ({checkpoint_note(started_at, after)})")
                    ok, message = False, str(e)
                if not self.dry_run:
                    store.save_run(db, "scan", key, self.now.isoformat(), ok, message)
        finally:
            if wiki is not None:
                wiki.close()
        return total, failed, finished


def _profile(
    kept: list[Profile | None], db: sqlite_utils.Database, wiki: Wiki, cycle: Cycle
) -> Profile | None:
    """The wiki's citation profile (tasks.profiles), read once per run into `kept`, and only
    when an edit is to be analysed: reading it may cost requests an idle poll should not."""
    if not kept:
        due = wiki.cfg.citations
        kept.append(wiki_profile(db, wiki, cycle.now, dry_run=cycle.dry_run) if due else None)
    return kept[0]
