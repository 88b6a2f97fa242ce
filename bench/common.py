"""What the benchmarks share: the planner's statistics after a bulk load, and a median timing."""

import statistics
import time


def analyze() -> None:
    """Refresh the planner's statistics, as autovacuum does within a minute of a bulk load: without
    them PostgreSQL plans the freshly loaded tables as if they were empty (nested loops, 20 s)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")


def timed(label: str, func, repeat: int = 5, warm: bool = True) -> dict:
    """The median of `repeat` runs of `func`, after one unmeasured run unless `warm` is False."""
    if warm:
        func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return {"measure": label, "ms": statistics.median(times)}
