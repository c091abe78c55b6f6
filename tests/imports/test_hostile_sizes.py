"""Uploads built to exhaust a worker: forged-size zip bombs and csv files past the row cap.

The memory a parse costs is measured in a subprocess of its own, as the growth of its peak
resident size (VmHWM) across the parse: a process's peak cannot be reset, so the test
process's own says nothing once any earlier test has passed it. (ru_maxrss would not do
either: Linux carries it over from the parent through fork and exec.)
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultation.models import Comment

from .bombs import SHEET, forged_bomb
from .conftest import csv_file

pytestmark = pytest.mark.django_db
needs_proc = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="measures memory through Linux's /proc"
)

ROOT = Path(__file__).resolve().parents[2]
URL = "/api/v1/comments/import/"
MB = 1024 * 1024

MEASURE = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from consultation.iso_template import read_comment_sheet

path, name, cap = sys.argv[1], sys.argv[2], int(sys.argv[3])
settings.COMMENT_IMPORT_MAX_EXPANDED_BYTES = cap
with open(path, "rb") as source:
    upload = SimpleUploadedFile(name, source.read())


def peak():
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024  # kB


before = peak()
try:
    outcome = f"{len(read_comment_sheet(upload).rows)} rows"
except ValidationError as exc:
    outcome = exc.message_dict["file"][0]
print(json.dumps({"growth": peak() - before, "outcome": outcome}))
"""


def parse_in_subprocess(tmp_path, content: bytes, name: str, *, cap: int = 200 * MB) -> dict:
    """Parse the file in a fresh interpreter: its peak memory growth and the outcome."""
    path = tmp_path / name
    path.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), name, str(cap)],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "backend.settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def post(client, consultation, upload):
    return client.post(URL, {"file": upload, "consultation": consultation.pk}, format="multipart")


@needs_proc
def test_forged_size_bomb_is_refused_within_the_cap(tmp_path):
    """256 MB of sheet whose headers claim 4 kB: refused, memory bounded by the cap."""
    cap = 16 * MB
    measured = parse_in_subprocess(tmp_path, forged_bomb(256 * MB), "comments.xlsx", cap=cap)

    assert measured["outcome"].startswith(
        "Unzipped, the workbook holds more than 16.0 MB, the limit (reading stopped there)"
    )
    assert "its zip headers claim 19.6 kB" in measured["outcome"]
    # Reading the whole sheet, as the parser did when it believed the headers, cost 600 MB.
    assert measured["growth"] < cap + 16 * MB


def test_bomb_through_the_api_shows_the_real_figures(client_for, consulted, settings):
    settings.COMMENT_IMPORT_MAX_EXPANDED_BYTES = 8 * MB
    upload = SimpleUploadedFile("comments.xlsx", forged_bomb(32 * MB))
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 400
    message = response.json()["file"][0]
    assert message.startswith("Unzipped, the workbook holds more than 8.0 MB, the limit")
    assert f"the file is {upload.size / 1024:.1f} kB" in message
    assert "its zip headers claim 19.6 kB" in message
    assert Comment.objects.count() == 0


def test_part_larger_than_its_headers_say_is_refused_under_the_cap(client_for, consulted):
    upload = SimpleUploadedFile("comments.xlsx", forged_bomb(2 * MB))
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 400
    assert response.json()["file"] == [
        f"The workbook's zip headers are false: its part {SHEET} claims 4.0 kB but holds "
        "2.0 MB. Open it in a spreadsheet, save it again and retry."
    ]
    assert Comment.objects.count() == 0


def _rows_csv(count: int) -> bytes:
    rows = [["Kenya", "", "2.1", "", "te", f"Comment {number}", ""] for number in range(count)]
    return csv_file(rows).read()


@needs_proc
def test_csv_past_the_row_cap_is_refused_holding_no_row(tmp_path):
    """200,000 rows against the 100,000 cap: refused; memory about the file's own size."""
    content = _rows_csv(200_000)
    measured = parse_in_subprocess(tmp_path, content, "comments.csv")

    assert measured["outcome"] == (
        "The file has more than 100000 comment rows; split it into several files."
    )
    # Keeping the first 100,000 rows before refusing cost 122 MB for this 6 MB file.
    assert measured["growth"] < len(content) + 16 * MB
