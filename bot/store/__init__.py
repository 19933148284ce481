"""The one store: the SQLite schema and every query. Takes the database as a parameter.

One vocabulary: `load_*` reads (returning frozen records), `save_*` writes, `export_*` the
plain rows of `lib1ref export`. Writes that belong together (a batch of edits and the
checkpoint that follows it) happen in one transaction.

| module | concern |
|---|---|
| `schema` | migrations (by name), `open_db`, `open_db_readonly` |
| `edits` | the scan's writes: campaigns, edit batches and checkpoint, statuses, renames, runs |
| `pages` | published leaderboard, report and global pages |
| `welcomes` | welcome candidates and outcomes |
| `reads` | checkpoints, standings, daily edits, report rows, the status summary |
| `exports` | edits, participants and citations for `lib1ref export` |
| `fixes` | citations that left the report, and who fixed them |
| `families` | the wikis of each campaign family, as the sitematrix last listed them |
| `totals` | every edit in the Hashtags tool's layout, totals per wiki (`lib1ref export`) |
| `visits` | when a scan last finished each wiki (the next cycle's order) |
| `lock` | the run lock |
"""

from .edits import (
    save_analysis,
    save_batch,
    save_campaigns,
    save_edit_statuses,
    save_renames,
    save_run,
)
from .exports import export_citations, export_edits, export_participants
from .families import (
    load_family_refreshed,
    load_family_wikis,
    load_has_edits,
    save_family_wikis,
)
from .fixes import clear_fixes, load_fixes, save_fixes
from .lock import exclusive_run
from .pages import clear_intent, load_intent, load_last_published, save_intent, save_published
from .reads import (
    load_checkpoint,
    load_daily_edits,
    load_disagreement_rows,
    load_known_revids,
    load_pending_analysis,
    load_report_rows,
    load_revids_to_recheck,
    load_standings,
    load_status,
)
from .schema import migrations, open_db, open_db_readonly
from .totals import HASHTAGS_COLUMNS, export_hashtags, export_wiki_totals, load_wiki_totals
from .visits import load_visits, save_visit
from .welcomes import (
    WELCOME_MAX_ATTEMPTS,
    load_counted_revids,
    load_user_problem_codes,
    load_user_problem_sites,
    load_welcome_candidates,
    load_welcome_counts,
    save_welcome,
)

__all__ = [
    "HASHTAGS_COLUMNS",
    "WELCOME_MAX_ATTEMPTS",
    "clear_fixes",
    "clear_intent",
    "exclusive_run",
    "export_citations",
    "export_edits",
    "export_hashtags",
    "export_participants",
    "export_wiki_totals",
    "load_checkpoint",
    "load_counted_revids",
    "load_daily_edits",
    "load_disagreement_rows",
    "load_family_refreshed",
    "load_family_wikis",
    "load_fixes",
    "load_has_edits",
    "load_intent",
    "load_known_revids",
    "load_last_published",
    "load_pending_analysis",
    "load_report_rows",
    "load_revids_to_recheck",
    "load_standings",
    "load_status",
    "load_user_problem_codes",
    "load_user_problem_sites",
    "load_visits",
    "load_welcome_candidates",
    "load_welcome_counts",
    "load_wiki_totals",
    "migrations",
    "open_db",
    "open_db_readonly",
    "save_analysis",
    "save_batch",
    "save_campaigns",
    "save_edit_statuses",
    "save_family_wikis",
    "save_fixes",
    "save_intent",
    "save_published",
    "save_renames",
    "save_run",
    "save_visit",
    "save_welcome",
]
