"""Run the benchmark suite on PostgreSQL and write BENCHMARKS.md.

    python -m benchmarks.run                  # 10k and 100k comments
    python -m benchmarks.run --sizes 1000000  # a million

Each size is seeded once with COPY into a template database (reused while the migrations and
the seed are unchanged); every run measures a fresh copy of it.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DSN = "postgres://postgres@127.0.0.1:5432/postgres"


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
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    dsn = dsn_for(admin_dsn, name)
    print(f"seeding {name} ({size:,} comments)...", flush=True)
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
    return name, json.loads(meta.read_text())


def fresh_copy(admin_dsn: str, template: str) -> str:
    """A new database cloned from the template; returns its DSN."""
    name = "concord_bench_run"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return dsn_for(admin_dsn, name)


def measure(dsn: str, ids: dict) -> list[dict]:
    """Run benchmarks.measure against one database."""
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.measure", dsn, json.dumps(ids)],
        cwd=ROOT,
        env=django_env(dsn),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])["results"]


def table(size: int, results: list[dict]) -> str:
    """A markdown table of one size's results."""
    lines = [
        f"### {size:,} comments",
        "",
        "| case | p50 ms | p95 ms | F0 p50 ms | ratio to F0 | ratio to F1 | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['case']} | {r['error']} | | | | | |")
            continue
        lines.append(
            f"| {r['case']} | {r['p50']:.2f} | {r['p95']:.2f} | {r['f0_p50']:.2f} | "
            f"{r['ratio_f0']:.2f}x | {r['ratio_f1']:.2f}x | {r['queries']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--million", action="store_true", help="add the 1,000,000 size")
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    args = parser.parse_args()
    admin_dsn = os.environ.get("BENCH_ADMIN_DSN", DEFAULT_DSN)
    sizes = [int(s) for s in args.sizes.split(",")] + ([1_000_000] if args.million else [])
    sections = []
    for size in sizes:
        template, ids = ensure_template(admin_dsn, size)
        results = measure(fresh_copy(admin_dsn, template), ids)
        sections.append(table(size, results))
        print(sections[-1], flush=True)
    Path(args.output).write_text(
        "# Benchmarks\n\nRatios are to floors measured in the same run, alternating floor and "
        "subject (F0: psycopg + the same SQL + orjson; F1: a plain Django view replaying that "
        "SQL on a raw cursor). Absolute times are for information only.\n\n" + "\n".join(sections)
    )


if __name__ == "__main__":
    main()
