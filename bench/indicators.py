"""Economic indicators at scale: 200 units × 30 indicators × 10 years of monthly values (720,000).

Measured: the indicator dashboard of one unit for one period (figures, last year, targets, the gap
to the level above and the rank in its peer group) as the page computes it, against the same
figures and ranks from one hand-made SQL query with a window function, and the page itself.
"""

import json
import os
import sys
from decimal import Decimal

import django

os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from tqdm import tqdm  # noqa: E402

from bench.common import analyze, timed  # noqa: E402
from core import bulk  # noqa: E402
from core.testing import count_queries  # noqa: E402
from indicators import queries  # noqa: E402
from indicators.models import Indicator, Value  # noqa: E402
from indicators.periods import Period  # noqa: E402
from org.models import PeerGroup, Role, Unit, User  # noqa: E402

UNITS, INDICATORS, YEARS = 200, 30, range(2015, 2025)
PERIOD = Period(2024, "ytd", 6)


def generate() -> tuple[User, Unit, PeerGroup]:
    call_command("migrate", verbosity=0)
    city = Unit.objects.add_root({"name": "基准市", "kind": "city"})
    units = [Unit.objects.add_child(Unit.objects.get(pk=city.pk), {"name": f"区{i}", "kind": "district"})
             for i in range(UNITS - 1)]  # fmt: skip
    units.append(Unit.objects.get(pk=city.pk))
    group = PeerGroup.objects.create(name="全体")
    group.members.set(units[:-1])
    extra = INDICATORS - Indicator.objects.count()
    for i in range(extra):
        Indicator.objects.create(code=f"bench{i}", name=f"基准指标{i}", unit="亿元", frequency="monthly")
    indicators = list(Indicator.objects.all()[:INDICATORS])
    Indicator.objects.update(compare_on="growth")  # every indicator ranked by growth, as the SQL does
    with transaction.atomic():
        for y in tqdm(YEARS, desc="years", file=sys.stderr):
            batch = [
                Value(indicator=ind, unit=u, year=y, kind="ytd", number=m,
                      level=Decimal((u.pk * 7 + ind.pk * 13 + y + m) % 1000) / 10 + m,
                      growth=Decimal((u.pk * 31 + ind.pk * 17 + y * 3 + m) % 400 - 100) / 10)
                for ind in indicators for u in units for m in range(1, 13)
            ]  # fmt: skip
            bulk.insert(batch)
    analyze()
    role = Role.objects.get(code="platform_admin")
    user = User.objects.create_user(username="bench", password="Bench-Passw0rd-1", role=role, unit=city)
    return user, units[0], group


HAND_SQL = """
WITH cur AS (
    SELECT v.indicator_id, v.unit_id, v.level, v.growth FROM indicators_value v
    JOIN org_peergroup_members g ON g.unit_id = v.unit_id AND g.peergroup_id = %(group)s
    WHERE v.year = %(year)s AND v.kind = 'ytd' AND v.number = %(number)s AND v.indicator_id IN ({indicators})
), ranked AS (
    SELECT indicator_id, unit_id, RANK() OVER (PARTITION BY indicator_id ORDER BY growth DESC) AS rk,
           COUNT(*) OVER (PARTITION BY indicator_id) AS n
    FROM cur WHERE growth IS NOT NULL
)
SELECT c.indicator_id, c.level, c.growth, l.level, r.rk, r.n
FROM cur c
LEFT JOIN indicators_value l ON l.indicator_id = c.indicator_id AND l.unit_id = c.unit_id
     AND l.year = %(last)s AND l.kind = 'ytd' AND l.number = %(number)s
LEFT JOIN ranked r ON r.indicator_id = c.indicator_id AND r.unit_id = c.unit_id
WHERE c.unit_id = %(unit)s ORDER BY c.indicator_id
"""


def hand(unit: Unit, group: PeerGroup):
    """The same figures in one query, with the filter the ORM applies too: the indicators the
    dashboard shows for the period (`queries.indicators_for`), passed as their ids."""
    ids = [i.pk for i in queries.indicators_for(PERIOD, unit)]
    params = {"group": group.pk, "year": PERIOD.year, "number": PERIOD.number, "last": PERIOD.year - 1,
              "unit": unit.pk, **{f"i{n}": pk for n, pk in enumerate(ids)}}  # fmt: skip
    sql = HAND_SQL.replace("{indicators}", ", ".join(f"%(i{n})s" for n in range(len(ids))))
    with connection.cursor() as cur:
        cur.execute(sql, params)
        # SQLite hands decimals back as floats; str() gives the shortest form, the stored value.
        return [
            (i, Decimal(str(lv)), Decimal(str(g)), Decimal(str(ll)), rk, n) for i, lv, g, ll, rk, n in cur.fetchall()
        ]


def ours(user, unit):
    rows = queries.dashboard(user, unit, PERIOD)
    return [(r.indicator.pk, r.figure.level, r.figure.growth, r.last_year.level, r.ranks[0].rank, r.ranks[0].size)
            for r in rows if not r.figure.empty]  # fmt: skip


def normalized(rows):
    return [(i, lv.normalize(), g.normalize(), ll.normalize(), rk, n) for i, lv, g, ll, rk, n in rows]


def measured(label: str, func, repeat: int = 5) -> dict:
    """The median time of `func` and the number of SQL queries one run of it makes."""
    result = timed(label, func, repeat=repeat)
    result["queries"] = count_queries(func)
    return result


def main() -> None:
    user, unit, group = generate()
    assert Value.objects.count() == UNITS * INDICATORS * len(YEARS) * 12
    district = User.objects.create_user(username="district", password="Bench-Passw0rd-1",
                                        role=Role.objects.get(code="district_admin"), unit=unit)  # fmt: skip
    # The ORM and the SQL agree on every figure and rank, as the platform's administrator and as
    # the district's (whose scope holds one of the 199 peers: the others are ranked all the same).
    theirs = normalized(hand(unit, group))
    assert len(theirs) == INDICATORS, "every indicator of the period has a figure and a rank"
    assert normalized(sorted(ours(user, unit))) == theirs, "the ORM and the SQL disagree (platform)"
    assert normalized(sorted(ours(district, unit))) == theirs, "the ORM and the SQL disagree (district)"
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    as_district = Client()
    as_district.force_login(district, backend="django.contrib.auth.backends.ModelBackend")
    page = {"unit": unit.pk, "period": PERIOD.key}
    # The three queries below take tens of milliseconds: more runs steady their medians on a
    # shared machine.
    results = [
        measured("indicator dashboard, 30 indicators ranked among 199 peers (ORM)", lambda: ours(user, unit), 21),
        measured("the same as the district's administrator (ORM)", lambda: ours(district, unit), 21),
        measured("the same figures and ranks, one hand-made SQL query", lambda: hand(unit, group), 21),
        measured("indicator dashboard page", lambda: client.get("/indicators/", page)),
        measured("indicator dashboard page as the district's administrator",
                 lambda: as_district.get("/indicators/", page)),
        measured("ranking page (199 units, one indicator)", lambda: client.get(
            "/indicators/ranking/", {"indicator": Indicator.objects.first().pk, "group": group.pk,
                                     "period": PERIOD.key})),
    ]  # fmt: skip
    for r in results:
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
