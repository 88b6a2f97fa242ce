"""The audit log's hash chain, without models or a database: what a row's hash covers and how it is computed.

Each row's hash is SHA-256 over the previous row's hash and the row's own content, so changing,
removing or reordering any row breaks every link after it. The content is everything the row
says except its id (the chain gives the order) and `actor_id`: a deleted user's rows keep their
`actor_name`, but the link to the account is set to NULL by the database (the one change the
append-only trigger allows), and that must not break the chain.
"""

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64
# The row's fields the hash covers, in this order.
FIELDS = (
    "at", "actor_name", "action", "verb", "content_type_id", "object_id", "object_repr", "before", "after",
    "scope_path", "request_id", "client_ip",
)  # fmt: skip


_ENCODER = DjangoJSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
_last_at: tuple = (None, "")  # a bulk write's rows share one timestamp object: format it once


def _at(value: datetime) -> str:
    global _last_at
    last = _last_at  # one read: another thread may replace it meanwhile
    if value is not last[0]:
        last = _last_at = (value, value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    return last[1]


def row_hash(prev_hash: str, content: dict) -> str:
    """The hash of a row whose fields are `content` (attribute names as in FIELDS) after `prev_hash`.

    JSON values are hashed as JSON, keys sorted and encoded as the JSONField encodes them, so the
    value read back from either database hashes as the value written.
    """
    values = [prev_hash, _at(content["at"])] + [content[f] for f in FIELDS[1:]]
    return hashlib.sha256(_ENCODER.encode(values).encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    row_id: int
    problem: str


def first_break(rows: Iterable[dict]) -> tuple[int, Break | None]:
    """Walk rows (dicts with id, prev_hash, row_hash and FIELDS) in id order: (rows checked, first break)."""
    expected_prev = GENESIS
    count = 0
    for row in rows:
        count += 1
        if row["prev_hash"] != expected_prev:
            return count, Break(row["id"], "prev_hash 与上一行的 row_hash 不符（此前的记录被删除、修改或插入）")
        if row_hash(row["prev_hash"], row) != row["row_hash"]:
            return count, Break(row["id"], "row_hash 与本行内容不符（本行被修改）")
        expected_prev = row["row_hash"]
    return count, None


# The fields before and after the two JSON ones, in the hash's order.
_AHEAD = FIELDS[1 : FIELDS.index("before")]
_BEHIND = FIELDS[FIELDS.index("after") + 1 :]


def json_text(value) -> str | None:
    """A JSON value as the hash encodes it, which is also a text both databases store as that
    value (PostgreSQL's jsonb parses it); None (SQL NULL) stays None."""
    return None if value is None else _ENCODER.encode(value)


def chained(rows: Iterable, prev_hash: str) -> Iterator[tuple[str | None, str | None]]:
    """Set prev_hash and row_hash on unsaved rows (objects with FIELDS as attributes), in order,
    and yield each row's `before` and `after` as `json_text`: encoded once, for the hash and for
    the database. A list encodes as its items joined by commas, so each hash is `row_hash` of the
    row's content, as `first_break` checks it."""
    for row in rows:
        before, after = json_text(row.before), json_text(row.after)
        ahead = _ENCODER.encode([prev_hash, _at(row.at), *[getattr(row, f) for f in _AHEAD]])
        behind = _ENCODER.encode([getattr(row, f) for f in _BEHIND])
        text = f"{ahead[:-1]},{before or 'null'},{after or 'null'},{behind[1:]}"
        row.prev_hash = prev_hash
        row.row_hash = prev_hash = hashlib.sha256(text.encode()).hexdigest()
        yield before, after
