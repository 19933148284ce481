"""Which recent changes count for a campaign, and what an edit record holds. Pure."""

from __future__ import annotations

from .citations import analyze_edit
from .citations.derive import judged_by
from .citations.profiles import Profile, load_profile
from .config import CampaignConfig
from .hashtags import match_hashtags
from .records import Change, CitationRecord, EditRecord, Revision


def counted_hashtags(change: Change, campaign: CampaignConfig) -> tuple[str, ...]:
    """The campaign tags a change carries, or () when it does not count.

    Not counted: bot-flagged edits, hidden summaries or users (revision deletion),
    other namespaces, and edits outside the campaign window.
    """
    if change.bot or change.comment_hidden or change.user_hidden or not change.user:
        return ()
    if change.namespace not in campaign.namespaces or not change.revid:
        return ()
    if not campaign.contains(change.timestamp):
        return ()
    return match_hashtags(change.comment, campaign.hashtags)


def build_record(
    campaign_id: str,
    wiki: str,
    lang: str,
    change: Change,
    hashtags: tuple[str, ...],
    new: Revision | None,
    parent: Revision | None,
    profile: Profile | None = None,
) -> EditRecord:
    """Analyse the citations an edit added and make its record.

    The analysis date is the edit's own date, so a re-run gives the same result.
    When a text cannot be read (hidden by revision deletion, or gone), the edit is
    recorded with no citations and `analyzed=False`. `profile`: the wiki's (derived from
    what it publishes), else the packaged or generic one of `lang`; each citation records
    which source judged it.
    """
    old_text = "" if change.is_creation or change.parent_revid == 0 else _text(parent)
    new_text = _text(new)
    if new_text is None or old_text is None:
        return EditRecord(campaign_id, wiki, change, hashtags, analyzed=False)
    today = change.timestamp.date()
    profile = profile or load_profile(lang)
    analysis = analyze_edit(old_text, new_text, lang=lang, today=today, profile=profile)
    citations = tuple(
        CitationRecord(
            position=i,
            kind=c.kind,
            template=c.template or "",
            wikitext=c.wikitext,
            well_formed=c.well_formed,
            problems=c.problems,
            profile_source=judged_by(profile, c.template),
        )
        for i, c in enumerate(analysis.added)
    )
    return EditRecord(
        campaign_id,
        wiki,
        change,
        hashtags,
        citations=citations,
        reused=analysis.reused,
        cn_removed=analysis.cn_removed,
    )


def _text(rev: Revision | None) -> str | None:
    return None if rev is None else rev.text
