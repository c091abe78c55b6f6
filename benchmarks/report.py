"""BENCHMARKS.md: a table per size, the goals summary, then the hand-written notes, kept.

Each size's section carries its run (when, load, results) as JSON in an HTML comment, so a run
that measures some sizes rebuilds the file with the other sizes' tables as they were measured.
"""

import json
import re
import time
from pathlib import Path

NOTES_MARKER = "## What limits the rest"
_SECTION = re.compile(r"^### ([\d,]+) comments$", re.M)
_RUN = re.compile(r"^<!-- run (.*) -->$", re.M)
_NEXT_PART = re.compile(r"^## ", re.M)


def write(path: Path, runs: dict[int, dict]) -> None:
    """Rewrite `path` with this invocation's runs (by size) and the sizes it held before."""
    previous = path.read_text() if path.exists() else ""
    notes = previous[previous.index(NOTES_MARKER) :] if NOTES_MARKER in previous else ""
    sections = earlier_sections(previous)
    sections.update({size: (section(run), run["results"]) for size, run in runs.items()})
    sizes = sorted(sections)
    path.write_text(
        HEADER.format(when=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
        + "\n".join(sections[size][0] for size in sizes)
        + "\n"
        + summary({size: sections[size][1] for size in sizes})
        + ("\n" + notes if notes else "")
    )


def earlier_sections(text: str) -> dict[int, tuple[str, list[dict]]]:
    """The sections of an earlier file by size, as (markdown, results): rebuilt from their run,
    or, for a section written before runs were kept, its text as it was and its table's goals."""
    starts = list(_SECTION.finditer(text))
    found = {}
    for match, following in zip(starts, [*starts[1:], None], strict=False):
        end = following.start() if following else len(text)
        heading = _NEXT_PART.search(text, match.end(), end)
        chunk = text[match.start() : heading.start() if heading else end]
        size = int(match.group(1).replace(",", ""))
        kept = _RUN.search(chunk)
        if kept:
            run = json.loads(kept.group(1))
            found[size] = (section(run), run["results"])
        else:
            found[size] = (chunk.rstrip() + "\n", table_goals(chunk))
    return found


def table_goals(chunk: str) -> list[dict]:
    """Case, goal and met of each row of a section's table (its last two columns)."""
    met = {"met": True, "**not met**": False}
    rows = []
    for line in chunk.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        is_row = line.startswith("| ") and len(cells) >= 3 and cells[0] not in ("case", "---")
        if is_row and cells[-2]:
            rows.append({"case": cells[0], "goal": cells[-2], "met": met.get(cells[-1])})
    return rows


def _number(value: float, unit: str) -> str:
    return f"{value:,.0f} {unit}" if unit == "req/s" else f"{value:,.2f}"


def section(run: dict, *, keep: bool = True) -> str:
    """One size's table, its notes, and (keep) its run as JSON for the next rewrite."""
    size, results = run["size"], run["results"]
    lines = [
        f"### {size:,} comments",
        "",
        f"Measured {run['when']} in {run['seconds']:.0f} s (load average {run['load']}).",
        "",
        "| case | p50 ms | p95 ms | floor | floor p50 ms | ratio to floor | ratio to F1 "
        "| queries | rounds | goal | met |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    notes = []
    for r in results:
        if "error" in r:
            lines.append(f"| {r['case']} | {r['error']} | | | | | | | | {r.get('goal', '')} | |")
            continue
        unit = r.get("unit", "ms")
        met = {True: "met", False: "**not met**", None: ""}[r.get("met")]
        f1 = f"{r['ratio_f1']:.2f}x" if "ratio_f1" in r else ""
        lines.append(
            f"| {r['case']} | {_number(r['p50'], unit)} | {_number(r['p95'], unit)} "
            f"| {r['floor']} | {_number(r['floor_p50'], unit)} | {r['ratio']:.2f}x | {f1} "
            f"| {r['queries']} | {r.get('rounds', '')} | {r.get('goal', '')} | {met} |"
        )
        if r.get("note"):
            notes.append(f"- {r['case']}: {r['note']}")
    body = "\n".join(lines) + "\n"
    if notes:
        body += "\n" + "\n".join(notes) + "\n"
    if not keep:
        return body
    # "-->" would end the comment early; it can only occur inside a JSON string.
    kept = json.dumps(run, separators=(",", ":")).replace("-->", "--\\u003e")
    return body + f"\n<!-- run {kept} -->\n"


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
            {True: "met", False: "**not met**", None: "error"}[row[size]] if size in row else "—"
            for size in all_results
        ]
        lines.append(f"| {case} | {row['goal']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


HEADER = """# Benchmarks

Written by `make bench`, last on {when}. A run rewrites the tables of the sizes
it measures and keeps the others; each table says when it was measured and under what load.
Every subject is timed alternately with its floor in the same process and the same minute, so
the **ratio** is the figure to read; absolute times are for information and move with the
machine's load.

- **F0**: psycopg running the very SQL the endpoint ran (captured), rows serialised by orjson,
  no Django. **F1**: a plain Django view replaying that SQL on Django's raw cursor.
  Ratio = subject p50 / floor p50 (lower is better); for throughput rows it is subject req/s /
  F1 req/s (higher is better). **Rounds**: floor and subject alternations timed per row.
- Exports are read to the last byte; their floor is `COPY (the same SELECT) TO STDOUT`. Above
  `DISPOSITION_SYNC_MAX_ROWS` (200,000 rows: the 1M size), where `GET .../disposition/`
  answers 409, the rows marked *background* time the background export instead: `POST
  .../disposition/exports/`, the job (run in the benchmark's process, as without Redis), its
  status, and the download of its file; the floor is COPY of the SELECT the job ran.
- Imports POST a 100,000-row ISO template; their floor is a bare `bulk_create` of the same
  rows (no parsing, no validation, no history); both are rolled back after each round. They
  are measured at the first size of a run only (up to 100,000 comments).
- The section save calls `section_edit` as the view does (new revision, history row,
  re-anchoring hook, committed); its floor is one raw `UPDATE` of the same row in autocommit.
  The whole HTTP `PATCH` is shown for information.
- The web pages (reading page, home page) are requested as a browser would: Django's test
  client signed in with a session as the delegate of an invited member state, templates and
  middleware included; F1 replays their SQL (the session's and the user's too) in a bare view.

"""
