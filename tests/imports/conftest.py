"""Fixtures for the ISO-template import: a consulted guideline, organisations, file builders."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import OrganisationKind
from tests.factories import (
    ConsultationFactory,
    GuidelineFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
    VersionFactory,
)

HEADER = [
    "MB/NC",
    "Line number",
    "Clause/Subclause",
    "Paragraph/Figure/Table",
    "Type of comment",
    "Comments",
    "Proposed change",
]


@pytest.fixture
def consulted(db):
    """A guideline with clauses 1, 2, 2.1 and 2.10, a version and an open consultation."""
    guideline = GuidelineFactory()
    sections = {}
    for order, number in enumerate(["1", "2", "2.1", "2.10"], start=1):
        sections[number] = SectionFactory(
            guideline=guideline,
            order=order,
            number=number,
            sort_key=".".join(f"{int(p):04d}" for p in number.split(".")),
            heading=f"Heading of clause {number}",
        )
    version = VersionFactory(guideline=guideline)
    consultation = ConsultationFactory(version=version)
    editor = UserFactory(roles=["editor"])
    guideline.editors.add(editor)
    return {
        "guideline": guideline,
        "sections": sections,
        "consultation": consultation,
        "editor": editor,
    }


@pytest.fixture
def orgs(db):
    """Kenya and France (member states) and a civil-society network."""
    return {
        "kenya": OrganisationFactory(name="Kenya", country="KE"),
        "france": OrganisationFactory(name="France", country="FR"),
        "network": OrganisationFactory(
            name="Safer Childhood Network", kind=OrganisationKind.CIVIL_SOCIETY, country=""
        ),
    }


def xlsx_file(rows, *, header=HEADER, title_rows=(), name="comments.xlsx", edit=None):
    """An xlsx upload built with openpyxl: optional title block, the header, then the rows."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for title in title_rows:
        sheet.append(title)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if edit:
        edit(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def csv_file(rows, *, header=HEADER, delimiter=",", encoding="utf-8-sig", name="comments.csv"):
    """A csv upload with the header and rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), content_type="text/csv")
