"""`make bench`: org-tree and list timings on SQLite and, when reachable, PostgreSQL.

Each database is measured in its own process (settings are read once per process).
Results print as a table; docs/performance.md records a run with the machine and date.
"""

import json
import os
import subprocess
import sys
import uuid


def postgres_url() -> str | None:
    try:
        import psycopg

        conn = psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True, connect_timeout=3)
    except Exception:
        return None
    name = f"quzhi_bench_{uuid.uuid4().hex[:8]}"
    conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def drop_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


MODULES = [
    "bench.org_tree",
    "bench.projects",
    "bench.imports",
    "bench.indicators",
    "bench.supervision",
    "bench.cases",
    "bench.ingest",
    "bench.scale",
    "bench.jobs",
    "bench.job_progress",
]


def reset(url: str) -> None:
    """Each module starts from an empty database."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    # `python -m bench projects indicators` measures only those modules.
    wanted = [f"bench.{name}" for name in sys.argv[1:]] or MODULES
    unknown = set(wanted) - set(MODULES)
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(sorted(unknown))}; choose from {', '.join(MODULES)}")
    os.makedirs("var", exist_ok=True)
    sqlite_path = "var/bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(sqlite_path + suffix):
            os.remove(sqlite_path + suffix)
    targets = [("SQLite", f"sqlite:///{os.path.abspath(sqlite_path)}")]
    pg = postgres_url()
    if pg:
        targets.append(("PostgreSQL", pg))
    else:
        print("PostgreSQL not reachable on 127.0.0.1:5432: measuring SQLite only.", file=sys.stderr)
    results = []
    try:
        for label, url in targets:
            print(f"== {label}", file=sys.stderr)
            env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
            for module in wanted:
                reset(url)
                out = subprocess.run([sys.executable, "-m", module], env=env, check=True, stdout=subprocess.PIPE)
                for line in out.stdout.decode().splitlines():
                    if not line.startswith("{"):  # a library's banner, not a result
                        print(line, file=sys.stderr)
                        continue
                    results.append({"database": label, **json.loads(line)})
    finally:
        if pg:
            drop_postgres(pg)
    print(f"\n{'database':<11} {'measure':<64} {'median ms':>10} {'queries':>8} {'rows/s':>8} {'per CPU s':>9}")
    for r in results:
        rate = "" if "rate" not in r else f"{r['rate']:.0f}" if r["rate"] >= 100 else f"{r['rate']:.3g}"
        cpu = f"{r['cpu_rate']:.0f}" if "cpu_rate" in r else ""
        print(f"{r['database']:<11} {r['measure']:<64} {r['ms']:>10.1f} {r.get('queries', ''):>8} {rate:>8} {cpu:>9}")
        if "rss" in r:
            print("            " + r["rss"])
        if "p99" in r:
            print(f"            p99 {r['p99']:.0f} ms, {r.get('errors', 0)} errors")
        if r.get("plan"):
            print("            plan: " + r["plan"])


if __name__ == "__main__":
    main()
