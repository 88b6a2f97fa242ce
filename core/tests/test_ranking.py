"""One competition ranking for every list that ranks, and no Django in it."""

import ast
from decimal import Decimal as D
from pathlib import Path

from core.ranking import rank

ROOT = Path(__file__).resolve().parents[2]


def test_ranks_share_places_on_ties_and_skip_after_them():
    assert rank({"a": 5, "b": 9, "c": 5, "d": 1}) == {"b": 1, "a": 2, "c": 2, "d": 4}
    assert rank({"a": D("1.5"), "b": None, "c": D("1.5")}, descending=False) == {"a": 1, "c": 1}


def test_the_ranking_is_pure_and_the_apps_use_it_instead_of_their_own():
    tree = ast.parse((ROOT / "core" / "ranking.py").read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any(name.startswith("django") for name in imported)
    for app in ("cases", "supervision", "promotion", "indicators"):
        for path in (ROOT / app).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert "from indicators.calc import rank" not in text, path
            assert "def rank(" not in text and "def competition_ranks(" not in text, path
