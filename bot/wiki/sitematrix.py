"""Reading the hub's `action=sitematrix`: the wikis of the campaign's families.

Asked once a day at most (`tasks.families`), anonymously, through pywikibot's HTTP session,
so it carries the bot's User-Agent with the operator's contact, `maxlag`, and the same
retries as every other request. The answer is read by the pure `bot.families`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..config import Config
from ..errors import WikiError
from ..families import SiteEntry, parse_sitematrix
from .setup import prepare
from .submit import json_brief, one_line

PARAMS = {"action": "sitematrix", "format": "json", "formatversion": "2",
          "smtype": "language|special", "smlimit": "max",
          "smsiteprop": "url|dbname|code|lang"}  # fmt: skip


def fetch_family_wikis(config: Config, families: Iterable[str]) -> list[SiteEntry]:
    """The open wikis of `families` as the configured sitematrix lists them now."""
    if config.sitematrix is None:
        raise WikiError(f"{config.path}: no [sitematrix] table to list families from")
    prepare(config, None)  # the User-Agent, retries and timeouts of every request
    from pywikibot.comms import http

    api = config.sitematrix.api
    merged: dict[str, Any] = {}
    cont: dict[str, str] = {}
    while True:
        params = {**PARAMS, "maxlag": str(config.maxlag), **cont}
        try:
            response = http.fetch(api, params=params)  # config.socket_timeout applies
            if isinstance(response, Exception):
                raise response
            response.raise_for_status()
            answer = response.json()
        except Exception as e:
            raise WikiError(f"sitematrix: cannot read {api}: {type(e).__name__}: "
                            f"{one_line(e)}") from e  # fmt: skip
        if not isinstance(answer, dict) or "sitematrix" not in answer:
            raise WikiError(f"sitematrix: {api} gave no site matrix: {json_brief(answer)}")
        for key, value in answer["sitematrix"].items():
            if key == "specials":
                merged.setdefault("specials", []).extend(value)
            elif key != "count":
                merged[f"{len(merged)}"] = value
        if "continue" not in answer:
            break
        cont = {k: str(v) for k, v in answer["continue"].items()}
    return parse_sitematrix({"sitematrix": merged}, families)
