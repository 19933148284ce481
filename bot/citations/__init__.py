"""Citation analysis: which citations an edit added, and is each well-formed. Pure."""

from .analysis import analyze_edit
from .model import Citation, EditAnalysis, Problem
from .profiles import available_languages

__all__ = ["Citation", "EditAnalysis", "Problem", "analyze_edit", "available_languages"]
