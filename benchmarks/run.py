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
import time
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
        # Templates of older migrations or seeds for this size are of no more use.
        stale = conn.execute(
            "SELECT datname FROM pg_database WHERE datname ~ %s AND datname <> %s",
            [f"^concord_bench_{size}_[0-9a-f]{{10}}$", name],
        ).fetchall()
        for (old,) in [*stale, (name,)]:
            conn.execute(f'DROP DATABASE IF EXISTS "{old}"')
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


def _number(value: float, unit: str) -> str:
    return f"{value:,.0f} {unit}" if unit == "req/s" else f"{value:,.2f}"


def table(size: int, results: list[dict], seconds: float) -> str:
    """A markdown table of one size's results."""
    lines = [
        f"### {size:,} comments",
        "",
        "| case | p50 ms | p95 ms | floor | floor p50 ms | ratio to floor | ratio to F1 "
        "| queries | goal | met |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    notes = []
    for r in results:
        if "error" in r:
            lines.append(f"| {r['case']} | {r['error']} | | | | | | | {r.get('goal', '')} | |")
            continue
        unit = r.get("unit", "ms")
        met = {True: "met", False: "**not met**", None: ""}[r.get("met")]
        f1 = f"{r['ratio_f1']:.2f}x" if "ratio_f1" in r else ""
        lines.append(
            f"| {r['case']} | {_number(r['p50'], unit)} | {_number(r['p95'], unit)} "
            f"| {r['floor']} | {_number(r['floor_p50'], unit)} | {r['ratio']:.2f}x | {f1} "
            f"| {r['queries']} | {r.get('goal', '')} | {met} |"
        )
        if r.get("note"):
            notes.append(f"- {r['case']}: {r['note']}")
    body = "\n".join(lines) + "\n"
    if notes:
        body += "\n" + "\n".join(notes) + "\n"
    return body + f"\n(measured in {seconds:.0f} s)\n"


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
    sections, all_results = [], {}
    for size in sizes:
        template, ids = ensure_template(admin_dsn, size)
        started = time.monotonic()
        print(f"measuring {size:,} comments...", flush=True)
        # The import inserts its own 100k rows whatever the table holds: measured at the
        # first size only (it takes minutes), unless --import-every-size.
        imports = size == sizes[0] or args.import_every_size
        results = measure(fresh_copy(admin_dsn, template), ids, imports=imports)
        all_results[size] = results
        sections.append(table(size, results, time.monotonic() - started))
        print(sections[-1], flush=True)
    output = Path(args.output)
    # Everything after NOTES_MARKER is written by hand (what limits the unmet goals) and kept.
    previous = output.read_text() if output.exists() else ""
    notes = previous[previous.index(NOTES_MARKER) :] if NOTES_MARKER in previous else ""
    output.write_text(
        HEADER.format(
            when=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            load=", ".join(f"{x:.1f}" for x in os.getloadavg()),
            rounds=os.environ.get("BENCH_ROUNDS", "30"),
            heavy=os.environ.get("BENCH_HEAVY_ROUNDS", "3"),
            imports=os.environ.get(
                "BENCH_IMPORT_ROUNDS", os.environ.get("BENCH_HEAVY_ROUNDS", "3")
            ),
        )
        + "\n".join(sections)
        + "\n"
        + summary(all_results)
        + ("\n" + notes if notes else "")
    )


def summary(all_results: dict[int, list[dict]]) -> str:
    """Which goals are met at which size."""
    lines = ["## Goals", "", "| case | goal | " + " | ".join(f"{n:,}" for n in all_results) + " |"]
    lines.append("| --- | --- |" + " --- |" * len(all_results))
    cases = {}
    for size, results in all_results.items():
        for r in results:
            if r.get("goal"):
                cases.setdefault(r["case"], {"goal": r["goal"]})[size] = r.get("met")
    for case, row in cases.items():
        cells = [
            {True: "met", False: "**not met**", None: "error"}.get(row.get(size), "—")
            if size in row
            else "—"
            for size in all_results
        ]
        lines.append(f"| {case} | {row['goal']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


NOTES_MARKER = "## What limits the rest"
HEADER = """# Benchmarks

Written by `make bench` ({when}; load average {load} while writing). Every subject is timed
alternately with its floor in the same process and the same minute, so the **ratio** is the
figure to read; absolute times are for information and move with the machine's load.

- **F0**: psycopg running the very SQL the endpoint ran (captured), rows serialised by orjson,
  no Django. **F1**: a plain Django view replaying that SQL on Django's raw cursor.
  Ratio = subject p50 / floor p50 (lower is better); for throughput rows it is subject req/s /
  F1 req/s (higher is better).
- Exports are read to the last byte; their floor is `COPY (the same SELECT) TO STDOUT`.
- Imports POST a 100,000-row ISO template; their floor is a bare `bulk_create` of the same
  rows (no parsing, no validation, no history); both are rolled back after each round.
- The section save is a `PATCH` with `If-Match` (new revision + history + re-anchoring hook);
  its floor is one raw `UPDATE` of the same row in autocommit.
- {rounds} rounds per GET case, {heavy} per export and similar-comment case, {imports} per
  import (each import round takes about a minute here).

"""


if __name__ == "__main__":
    main()
