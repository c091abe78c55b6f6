"""Measure every case against its floors in one process; called by benchmarks.run per size."""

import base64
import json
import os
import statistics
import sys
import time
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django

django.setup()

import orjson  # noqa: E402
import psycopg  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from benchmarks import urls as bench_urls  # noqa: E402
from benchmarks.load import throughput  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))


def timed(fn) -> float:
    """Milliseconds one call of fn takes."""
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def summary(samples: list[float]) -> dict:
    """p50 and p95 of a list of milliseconds."""
    ordered = sorted(samples)
    return {"p50": statistics.median(ordered), "p95": ordered[int(0.95 * (len(ordered) - 1))]}


class Runner:
    """Runs GET cases as the coordinator, alternating F0, subject and F1 each round."""

    def __init__(self, dsn: str, user_id: int):
        token, _ = Token.objects.get_or_create(user_id=user_id)
        self.client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        self.raw = psycopg.connect(dsn, autocommit=True)

    def capture(self, url: str) -> tuple[int, list[str]]:
        """Status and SQL of one subject request."""
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        return response.status_code, [q["sql"] for q in ctx.captured_queries]

    def f0(self, statements: list[str]) -> None:
        """F0: psycopg + the same SQL + orjson, no Django."""
        result = []
        with self.raw.cursor() as cur:
            for sql in statements:
                cur.execute(sql.replace("%", "%%"))
                result.append(cur.fetchall() if cur.description else [])
        orjson.dumps(result, default=str)

    def get_case(self, name: str, url: str) -> dict:
        """Measure GET url against F0 and F1."""
        status, statements = self.capture(url)
        if status != 200:
            return {"case": name, "url": url, "error": f"HTTP {status}"}
        bench_urls.REPLAY[:] = statements
        subject, floor0, floor1 = [], [], []
        for _ in range(3):
            self.client.get(url)
        for _ in range(ROUNDS):
            floor0.append(timed(lambda: self.f0(statements)))
            subject.append(timed(lambda: self.client.get(url)))
            floor1.append(timed(lambda: self.client.get("/bench/f1/")))
        s, f0, f1 = summary(subject), summary(floor0), summary(floor1)
        return {
            "case": name,
            "url": url,
            "queries": len(statements),
            **s,
            "f0_p50": f0["p50"],
            "f1_p50": f1["p50"],
            "ratio_f0": s["p50"] / f0["p50"],
            "ratio_f1": s["p50"] / f1["p50"],
        }


def cursor_at_depth(consultation: int, status: str, depth: float) -> str:
    """A DRF cursor that starts the comment list `depth` of the way down."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id FROM consultation_comment WHERE consultation_id = %s AND status = %s "
            "ORDER BY id DESC OFFSET (SELECT (COUNT(*) * %s)::int FROM consultation_comment "
            "WHERE consultation_id = %s AND status = %s) LIMIT 1",
            [consultation, status, depth, consultation, status],
        )
        position = cur.fetchone()[0]
    return base64.b64encode(urlencode({"p": position}).encode()).decode()


def main() -> None:
    """Run every case and print the results as JSON."""
    dsn, ids = sys.argv[1], json.loads(sys.argv[2])
    runner = Runner(dsn, ids["editor"])
    c, g, s = ids["consultation"], ids["guideline"], ids["diff_section"]
    listing = f"/api/v1/comments/?consultation={c}&status=submitted&page_size=50"
    deep = f"{listing}&cursor={cursor_at_depth(c, 'submitted', 0.9)}"
    cases = [
        ("comment list, first page", listing),
        ("comment list, page at 90% depth", deep),
        ("comment detail", "/api/v1/comments/1/"),
        ("section history", f"/api/v1/sections/{s}/history/"),
        ("section diff, 10,000 words", f"/api/v1/sections/{s}/diff/?from=1&to=2"),
        ("dashboard, one guideline", f"/api/v1/dashboard/?consultation={c}"),
        ("dashboard, all guidelines", "/api/v1/dashboard/"),
        ("similar comments", "/api/v1/comments/1/similar/"),
    ]
    results = [runner.get_case(name, url) for name, url in cases]
    if "error" not in results[0]:
        _, statements = runner.capture(listing)
        token = Token.objects.get(user_id=ids["editor"]).key
        load = throughput(dsn, listing, token, statements)
        results.append(
            {
                "case": "comment list throughput (req/s vs F1)",
                "url": listing,
                "queries": len(statements),
                "p50": load["subject_rps"],
                "p95": load["subject_rps"],
                "f0_p50": load["f1_rps"],
                "ratio_f0": load["subject_rps"] / load["f1_rps"],
                "ratio_f1": load["subject_rps"] / load["f1_rps"],
                "unit": "req/s",
            }
        )
    print(json.dumps({"results": results, "guideline": g}))


if __name__ == "__main__":
    main()
