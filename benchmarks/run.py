"""Run the benchmark suite on PostgreSQL and write BENCHMARKS.md.

    python -m benchmarks.run                  # 10k and 100k comments
    python -m benchmarks.run --sizes 1000000  # a million; the other sizes' tables are kept

Each size is seeded once with COPY into a template database (reused while the migrations and
the seed are unchanged); every run measures a fresh copy of it. benchmarks.report writes the
file.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from benchmarks import report

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DSN = "postgres://postgres@127.0.0.1:5432/postgres"
IMPORT_SIZES_UP_TO = 100_000


def schema_hash() -> str:
    """A short hash of every migration and of the seed, naming the template database."""
    digest = hashlib.sha256()
    for path in sorted([*ROOT.glob("*/migrations/0*.py"), ROOT / "benchmarks" / "seed.py"]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def dsn_for(admin_dsn: str, database: str) -> str:
    """The admin DSN pointed at another database."""
    return admin_dsn.rsplit("/", 1)[0] + "/" + database


def django_env(dsn: str) -> dict:
    return {**os.environ, "DATABASE_URL": dsn, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"}


def ensure_template(admin_dsn: str, size: int) -> tuple[str, dict]:
    """Create and seed the template database for `size` comments unless it exists."""
    name = f"concord_bench_{size}_{schema_hash()}"
    meta = ROOT / "var" / f"{name}.json"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and meta.exists():
            return name, json.loads(meta.read_text())
        # Templates of older migrations or seeds for this size are of no more use.
        stale = conn.execute(
            "SELECT datname FROM pg_database WHERE datname ~ %s AND datname <> %s",
            [f"^concord_bench_{size}_[0-9a-f]{{10}}$", name],
        ).fetchall()
        for (old,) in [*stale, (name,)]:
            conn.execute(f'DROP DATABASE IF EXISTS "{old}"')
            (ROOT / "var" / f"{old}.json").unlink(missing_ok=True)
        conn.execute(f'CREATE DATABASE "{name}"')
    dsn = dsn_for(admin_dsn, name)
    print(f"seeding {name} ({size:,} comments)...", flush=True)
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=django_env(dsn), check=True
    )
    code = (
        f"import django; django.setup(); from benchmarks.seed import seed; "
        f"import json; print(json.dumps(seed({dsn!r}, {size})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=django_env(dsn),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    meta.write_text(out.strip().splitlines()[-1])
    print(f"seeded {name} in {time.monotonic() - started:.0f} s", flush=True)
    return name, json.loads(meta.read_text())


def fresh_copy(admin_dsn: str, template: str) -> str:
    """A new database cloned from the template; returns its DSN."""
    name = "concord_bench_run"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return dsn_for(admin_dsn, name)


def measure(dsn: str, ids: dict, *, imports: bool) -> list[dict]:
    """Run benchmarks.measure against one database."""
    env = django_env(dsn)
    if not imports:
        env["BENCH_IMPORT_ROWS"] = "0"
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.measure", dsn, json.dumps(ids)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])["results"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--million", action="store_true", help="add the 1,000,000 size")
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument(
        "--import-every-size",
        action="store_true",
        help="measure the 100k-row import at every size, not only the first",
    )
    args = parser.parse_args()
    admin_dsn = os.environ.get("BENCH_ADMIN_DSN", DEFAULT_DSN)
    sizes = [int(s) for s in args.sizes.split(",")] + ([1_000_000] if args.million else [])
    runs = {}
    for size in sizes:
        template, ids = ensure_template(admin_dsn, size)
        started = time.monotonic()
        print(f"measuring {size:,} comments...", flush=True)
        # The import inserts its own 100k rows whatever the table holds: measured at the
        # first size only (a round takes a minute, several at 1M), unless --import-every-size.
        imports = args.import_every_size or (size == sizes[0] and size <= IMPORT_SIZES_UP_TO)
        results = measure(fresh_copy(admin_dsn, template), ids, imports=imports)
        runs[size] = {
            "size": size,
            "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "seconds": time.monotonic() - started,
            "load": ", ".join(f"{x:.1f}" for x in os.getloadavg()),
            "results": results,
        }
        print(report.section(runs[size], keep=False), flush=True)
        # Written after each size, so a run stopped later keeps what it measured.
        report.write(Path(args.output), runs)


if __name__ == "__main__":
    main()
