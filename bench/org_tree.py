"""Generate a city-sized org tree and time the reads every page makes.

12,111 units (10 districts × 10 towns × 20 villages × 5 micro-grids, plus the city), 100,000
people and 20,000 enterprises. Bulk-inserted with computed paths: the point is to measure reads.
"""

import json
import os
import statistics
import sys
import time

import django

os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from tqdm import tqdm  # noqa: E402

from org.codes import make_credit_code  # noqa: E402
from org.models import Enterprise, Person, Role, Unit, User  # noqa: E402

DISTRICTS, TOWNS, VILLAGES, GRIDS = 10, 10, 20, 5
PEOPLE, ENTERPRISES = 100_000, 20_000


def step(i: int) -> str:
    """One level of a treebeard path: i in the tree's alphabet, zero-padded to steplen."""
    return _int2str(i).rjust(Unit.steplen, "0")


def _int2str(n: int) -> str:
    alphabet = Unit.alphabet
    out = ""
    while True:
        n, r = divmod(n, len(alphabet))
        out = alphabet[r] + out
        if n == 0:
            return out


def generate() -> None:
    call_command("migrate", verbosity=0)
    units = [Unit(path=step(1), depth=1, numchild=DISTRICTS, name="基准市", kind="city")]
    leaves = []
    for d in range(1, DISTRICTS + 1):
        dp = step(1) + step(d)
        units.append(Unit(path=dp, depth=2, numchild=TOWNS, name=f"区{d}", kind="district"))
        for t in range(1, TOWNS + 1):
            tp = dp + step(t)
            units.append(Unit(path=tp, depth=3, numchild=VILLAGES, name=f"区{d}街道{t}", kind="street"))
            for v in range(1, VILLAGES + 1):
                vp = tp + step(v)
                units.append(Unit(path=vp, depth=4, numchild=GRIDS, name=f"区{d}街道{t}社区{v}", kind="community"))
                for g in range(1, GRIDS + 1):
                    gp = vp + step(g)
                    units.append(Unit(path=gp, depth=5, numchild=0, name=f"区{d}街道{t}社区{v}网格{g}", kind="grid"))
                    leaves.append(gp)
    Unit.objects.bulk_create(units, batch_size=2000)
    ids = dict(Unit.objects.filter(depth=5).values_list("path", "id"))
    leaf_ids = [ids[p] for p in leaves]
    people = (
        Person(name=f"人员{i}", title="网格员", unit_id=leaf_ids[i % len(leaf_ids)], phone="13900000000")
        for i in range(PEOPLE)
    )
    batch = []
    for person in tqdm(people, total=PEOPLE, desc="people", file=sys.stderr):
        batch.append(person)
        if len(batch) == 5000:
            Person.objects.bulk_create(batch)
            batch = []
    Enterprise.objects.bulk_create(
        (
            Enterprise(
                name=f"企业{i}", credit_code=make_credit_code(f"91410804MC{i:07d}"), unit_id=leaf_ids[i % len(leaf_ids)]
            )
            for i in range(ENTERPRISES)
        ),
        batch_size=5000,
    )
    district = Unit.objects.get(path=step(1) + step(1))
    User.objects.create_user(
        username="bench", password="Bench-Passw0rd", role=Role.objects.get(code="district_admin"), unit=district
    )


def measure(label: str, func, repeat: int = 5) -> dict:
    func()  # warm caches
    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            func()
            times.append((time.perf_counter() - start) * 1000)
        queries = len(ctx.captured_queries)
    return {"measure": label, "ms": statistics.median(times), "queries": queries}


def main() -> None:
    generate()
    district = Unit.objects.get(path=step(1) + step(1))
    town = Unit.objects.get(path=district.path + step(1))
    client = Client()
    client.force_login(User.objects.get(username="bench"), backend="django.contrib.auth.backends.ModelBackend")
    results = [
        measure(
            "subtree units of a district (1,211)", lambda: Unit.objects.filter(path__startswith=district.path).count()
        ),
        measure(
            "people under a district (10,000), count",
            lambda: Person.objects.filter(unit__path__startswith=district.path).count(),
        ),
        measure("people list page, district admin, page 1", lambda: client.get("/org/people/")),
        measure("people list page, page 100", lambda: client.get("/org/people/?page=100")),
        measure("people list filtered to a street (1,000)", lambda: client.get(f"/org/people/?unit={town.pk}")),
        measure(
            "people export of a street (1,000 rows .xlsx)",
            lambda: client.get(f"/org/people/?unit={town.pk}&export=xlsx"),
        ),
        measure("enterprise list page", lambda: client.get("/org/enterprises/")),
        measure("org tree page", lambda: client.get("/org/units/")),
        measure("unit page of a street (20 children)", lambda: client.get(f"/org/units/{town.pk}/")),
        measure("home page", lambda: client.get("/")),
        measure("API unit tree, depth 3", lambda: client.get("/api/org/units/tree?depth=3")),
    ]
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("EXPLAIN SELECT count(*) FROM org_unit WHERE path LIKE %s", [district.path + "%"])
            plan = " / ".join(row[0].strip() for row in cur.fetchall())
        results[0]["plan"] = plan
    for r in results:
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
