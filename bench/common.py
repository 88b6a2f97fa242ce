"""What the benchmarks share: a city to load, the planner's statistics after a bulk load, and a
median timing."""

import json
import statistics
import time


def city(*, streets: int = 0) -> tuple:
    """A migrated database with 基准市, its district 基准区 and `streets` streets in that (街道0,
    街道1, …): the city, the district and the list of streets."""
    from django.core.management import call_command

    from org.models import Unit

    def add(parent, name: str, kind: str):
        # Read again: treebeard numbers a child from the parent row's own count of children.
        return Unit.objects.add_child(Unit.objects.get(pk=parent.pk), {"name": name, "kind": kind})

    call_command("migrate", verbosity=0)
    top = Unit.objects.add_root({"name": "基准市", "kind": "city"})
    district = add(top, "基准区", "district")
    return top, district, [add(district, f"街道{i}", "street") for i in range(streets)]


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
