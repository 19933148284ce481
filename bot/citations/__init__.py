"""Citation analysis: which citations an edit added, and whether each is well-formed.

Pure: no I/O beyond the packaged profile data, no clock (`today` is passed in).
`analyze_edit` is the windowed method (window.py); `oracle.oracle_analyze`, a full
mwparserfromhell parse of both texts, is the reference it matches.
"""

from .model import Citation, EditAnalysis, Problem
from .profiles import UnknownLanguageError, available_languages, load_profile
from .window import analyze_edit

__all__ = [
    "Citation",
    "EditAnalysis",
    "Problem",
    "UnknownLanguageError",
    "analyze_edit",
    "available_languages",
    "load_profile",
]
