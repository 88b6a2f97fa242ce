"""Name matching lives in core.matching (the ledger import matches rows by name the same way)."""

from core.matching import THRESHOLD, Match, best_matches, normalise, score

__all__ = ["THRESHOLD", "Match", "best_matches", "normalise", "score"]
