"""BENCHMARKS.md: a run of some sizes keeps the other sizes' tables, goals and the notes."""

from benchmarks import report

NOTES = "## What limits the rest\n\nWritten by hand: the list is slow because...\n"
LEGACY = """# Benchmarks

Old header.

### 10,000 comments

| case | p50 ms | p95 ms | floor | floor p50 ms | ratio | ratio to F1 | queries | goal | met |
| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- | --- |
| dashboard, one guideline | 4.70 | 5.65 | F0 | 1.65 | 2.85x | 1.70x | 2 | p50 <= 15 ms | met |
| section history | 4.68 | 6.07 | F0 | 1.42 | 3.30x | 2.43x | 4 |  |  |

(measured in 163 s)

## Goals

| case | goal | 10,000 |
| --- | --- | --- |
| dashboard, one guideline | p50 <= 15 ms | met |

"""


def run(size: int, p50: float, met: bool) -> dict:
    return {
        "size": size,
        "when": "2026-11-30 10:00 UTC",
        "seconds": 60.0,
        "load": "1.0, 1.0, 1.0",
        "results": [
            {
                "case": "dashboard, one guideline",
                "url": "/api/v1/dashboard/?guideline=1",
                "queries": 2,
                "rounds": 30,
                "p50": p50,
                "p95": p50,
                "floor": "F0",
                "floor_p50": 1.0,
                "ratio": p50,
                "goal": "p50 <= 15 ms",
                "met": met,
                "note": "a note that says --> in passing",
            }
        ],
    }


def test_a_later_run_keeps_the_sizes_it_did_not_measure(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(LEGACY + NOTES)

    report.write(path, {100_000: run(100_000, 4.8, True)})
    report.write(path, {1_000_000: run(1_000_000, 16.0, False)})

    text = path.read_text()
    assert text.count("### 10,000 comments") == 1
    assert "| section history | 4.68 | 6.07 |" in text  # written before runs were kept
    assert "| dashboard, one guideline | 4.80 |" in text  # 100k, rebuilt from its run
    assert "| dashboard, one guideline | 16.00 |" in text  # 1M
    assert text.index("### 10,000") < text.index("### 100,000") < text.index("### 1,000,000")
    assert "| dashboard, one guideline | p50 <= 15 ms | met | met | **not met** |" in text
    assert text.endswith(NOTES)


def test_a_size_measured_again_replaces_its_table(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    report.write(path, {10_000: run(10_000, 20.0, False), 100_000: run(100_000, 4.8, True)})

    report.write(path, {10_000: run(10_000, 4.1, True)})

    text = path.read_text()
    assert "20.00" not in text
    assert "| dashboard, one guideline | 4.10 |" in text
    assert "| dashboard, one guideline | 4.80 |" in text
    assert "| dashboard, one guideline | p50 <= 15 ms | met | met |" in text
