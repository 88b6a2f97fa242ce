"""Competition ranking ("1224"), the one way every list of units, projects or leads is ranked.

No Django here. Keys with equal values share the best rank of their group and the next key's rank
counts them all — two units tied for first are both 第一, and the next is 第三. Keys whose value is
None are not ranked.
"""

from collections.abc import Hashable, Mapping
from typing import Any


def rank(values: Mapping[Hashable, Any], *, descending: bool = True) -> dict[Hashable, int]:
    """Competition rank (1, 2, 2, 4) of each key with a value; keys whose value is None are left out."""
    present = [(k, v) for k, v in values.items() if v is not None]
    ordered = sorted(present, key=lambda kv: kv[1], reverse=descending)
    ranks: dict[Hashable, int] = {}
    previous = None
    for position, (key, value) in enumerate(ordered, start=1):
        if previous is not None and value == previous[1]:
            ranks[key] = ranks[previous[0]]
        else:
            ranks[key] = position
        previous = (key, value)
    return ranks
