"""What the benchmarks share: the planner's statistics after a bulk load, and a median timing."""

import json
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


def emit(label: str, seconds: float, rows: int, cpu: float | None = None) -> None:
    """Print one rate measurement as `python -m bench` collects it; `cpu`: this process's CPU seconds
    over the same span (on a shared machine the wall clock also counts other people's work)."""
    result = {"measure": label, "ms": seconds * 1000, "rate": rows / seconds}
    if cpu:
        result["cpu_rate"] = rows / cpu
    print(json.dumps(result, ensure_ascii=False), flush=True)


class Clock:
    """Wall and process CPU time of a span: `with Clock() as c: …` then c.wall, c.cpu."""

    def __enter__(self):
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self._wall, time.process_time() - self._cpu
