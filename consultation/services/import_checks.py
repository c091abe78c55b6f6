"""Checking the rows of a comment file against a consultation, without writing anything.

Every row is checked in Python against maps read with one query each (the consulted version's
clauses, the organisations, the invitations); the import and its dry-run preview share it.
"""

from dataclasses import dataclass, field

import pycountry
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Organisation, OrganisationKind
from consultation.iso_template import ParsedSheet, normalise_clause
from consultation.iso_template.cells import (
    SECRETARIAT_MARK,
    clause_candidates,
    names_whole_document,
    parse_member_body,
    read_comment_type,
)
from consultation.iso_template.columns import DISPOSITION_COLUMNS
from consultation.iso_template.national_bodies import NATIONAL_BODIES
from consultation.iso_template.observations import Disposition, read_disposition
from consultation.models import Comment, Consultation, VersionSection
from consultation.models.comments import COMMENT_TEXT_MAX_CHARS
from consultation.rules import is_invited

# The longest text each template cell may hold (the model's limits).
_MAX_CHARS = {
    "organisation": Organisation._meta.get_field("name").max_length,
    "line": Comment._meta.get_field("line").max_length,
    "clause": Comment._meta.get_field("clause_ref").max_length,
    "paragraph": Comment._meta.get_field("paragraph").max_length,
    "type": 40,
    "comment": COMMENT_TEXT_MAX_CHARS,
    "proposed_change": COMMENT_TEXT_MAX_CHARS,
    "decision": 200,
    "observations": COMMENT_TEXT_MAX_CHARS,
    "reference": Comment._meta.get_field("external_ref").max_length,
    "comment_id": Comment._meta.get_field("external_ref").max_length,
}


@dataclass
class _Lookups:
    """What rows are checked against, read once per import."""

    sections: dict[str, int | None]
    numbers: dict[str, str]
    by_name: dict[str, Organisation]
    by_country: dict[str, list[Organisation]]
    secretariats: list[Organisation]
    consultation: Consultation  # with its invitations prefetched, for rules.is_invited
    # Member bodies as a file writes them (folded) -> the organisation the editor chose.
    chosen: dict[str, Organisation]
    # A resolved file: the consultation's comments its rows may name, by (organisation id,
    # external reference) and by id; None for a file that carries no disposition.
    existing: "_Existing | None" = None


@dataclass
class _Existing:
    """Comments already in the consultation that a resolved file's rows may name."""

    by_ref: dict[tuple[int, str], dict]
    by_id: dict[int, dict]


@dataclass
class SheetCheck:
    """Every row of a sheet checked: the comments it would create, and what is wrong."""

    rows: list[dict] = field(default_factory=list)
    # The file's row number of each of `rows`.
    row_numbers: list[int] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    # Member bodies no organisation answers to, as written, with the rows that name them.
    unknown_bodies: dict[str, list[int]] = field(default_factory=dict)
    # Every row as it would be imported (only when asked for: a preview).
    preview: list[dict] = field(default_factory=list)
    # A resolved file: the disposition each row carries (by row number), and the rows that
    # name a comment already in the consultation (row number -> comment id), not created again.
    dispositions: dict[int, Disposition] = field(default_factory=dict)
    matched: dict[int, int] = field(default_factory=dict)
    # Rows whose comment already has the disposition the file gives (or none to give).
    unchanged: list[int] = field(default_factory=list)
    # The matched comments that already have a disposition (a new one reopens it).
    decided: set[int] = field(default_factory=set)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _lookups(
    consultation: Consultation, member_bodies: dict | None = None, sheet: ParsedSheet | None = None
) -> _Lookups:
    """Clauses of the consulted version, organisations and invitations: three queries (and
    one more for the comments a resolved file names)."""
    sections, numbers = {}, {}
    for number, section_id in VersionSection.objects.filter(
        version_id=consultation.version_id
    ).values_list("number", "section_id"):
        sections[normalise_clause(number)] = section_id
        numbers[normalise_clause(number)] = number
    by_name: dict[str, Organisation] = {}
    by_country: dict[str, list[Organisation]] = {}
    secretariats: list[Organisation] = []
    # Organisations are a few hundred rows: matching in Python folds case in every script
    # (SQLite's lower() only folds ASCII), in one query.
    for organisation in Organisation.objects.only("id", "name", "kind", "country", "aliases"):
        for alias in organisation.aliases or []:
            by_name.setdefault(_fold(alias), organisation)
        by_name[_fold(organisation.name)] = organisation
        if organisation.country and organisation.kind == OrganisationKind.MEMBER_STATE:
            by_country.setdefault(organisation.country.upper(), []).append(organisation)
        if organisation.kind == OrganisationKind.SECRETARIAT:
            secretariats.append(organisation)
    prefetch_related_objects(
        [consultation], Prefetch("invited_organisations", queryset=Organisation.objects.only("id"))
    )
    chosen = {_fold(name): org for name, org in (member_bodies or {}).items()}
    return _Lookups(
        sections,
        numbers,
        by_name,
        by_country,
        secretariats,
        consultation,
        chosen,
        _existing(consultation, sheet) if sheet and carries_dispositions(sheet) else None,
    )


_CHUNK = 500


def carries_dispositions(sheet: ParsedSheet) -> bool:
    """True for a collated or resolved file: one with a decision or observations column."""
    return any(key in sheet.labels for key in DISPOSITION_COLUMNS)


def _references(values: dict[str, str], sheet: ParsedSheet) -> tuple[str, str]:
    """(the member body's own number of a row's comment, the comment id cell).

    The number is the MB/NC cell's ("FR-007"), else the file's own number column; a file with
    neither (an OSD export) numbers its comments in the Comment ID column.
    """
    reference = parse_member_body(values.get("organisation", "")).reference
    comment_id = values.get("comment_id", "").strip()
    if not reference:
        reference = values.get("reference", "").strip()
    if not reference and "reference" not in sheet.labels:
        reference = comment_id
    return reference, comment_id


def _existing(consultation: Consultation, sheet: ParsedSheet) -> _Existing:
    """The consultation's comments that the rows name by reference or by id: the consultation's
    references streamed in one query (no IN list of a whole file's references), then the
    dispositions of those named, a chunk of ids at a time."""
    refs, ids = set(), set()
    for parsed in sheet.rows:
        reference, comment_id = _references(parsed.values, sheet)
        if reference:
            refs.add(reference)
        if comment_id.isdigit() and len(comment_id) < 19:
            ids.add(int(comment_id))
    named: dict[int, tuple[int, str]] = {}
    for pk, organisation_id, external_ref in (
        Comment.objects.filter(consultation=consultation)
        .values_list("id", "organisation_id", "external_ref")
        .iterator(chunk_size=5_000)
    ):
        if pk in ids or (external_ref and external_ref in refs):
            named[pk] = (organisation_id, external_ref)
    existing = _Existing({}, {})
    wanted = sorted(named)
    for start in range(0, len(wanted), _CHUNK):
        for pk, decision, rationale in (
            Comment.objects.filter(pk__in=wanted[start : start + _CHUNK])
            .order_by("id")
            .values_list("id", "decision", "rationale")
        ):
            organisation_id, external_ref = named[pk]
            row = {
                "id": pk,
                "organisation_id": organisation_id,
                "external_ref": external_ref,
                "decision": decision,
                "rationale": rationale,
            }
            if external_ref:
                existing.by_ref.setdefault((organisation_id, external_ref), row)
            existing.by_id[pk] = row
    return existing


def country_code(text: str) -> str | None:
    """'ke', 'KEN', 'AFNOR' -> 'KE', 'KE', 'FR'; None when the text names no country."""
    code = text.strip().upper()
    if code in NATIONAL_BODIES:
        return NATIONAL_BODIES[code]
    if len(code) == 2 and code.isalpha():
        return code
    if len(code) == 3 and code.isalpha():
        country = pycountry.countries.get(alpha_3=code)
        return country.alpha_2 if country else None
    return None


def _find_organisation(text: str, body: str, lookups: _Lookups):
    """The organisation an MB/NC cell names, or a reason; tried from the most explicit: the
    editor's choice, a name or alias, '**' for the secretariat, a country or standards body."""
    for name in (text, body):
        if found := lookups.chosen.get(_fold(name)) or lookups.by_name.get(_fold(name)):
            return found, None
    if body == SECRETARIAT_MARK:
        if len(lookups.secretariats) == 1:
            return lookups.secretariats[0], None
        if not lookups.secretariats:
            return None, _(
                "'**' stands for the secretariat, but there is no secretariat organisation."
            )
        return None, _(
            "'**' stands for the secretariat, but there is more than one secretariat organisation."
        )
    if code := country_code(body):
        candidates = lookups.by_country.get(code, [])
        if len(candidates) > 1:
            return None, _("%(body)s matches several member states; write the name instead.") % {
                "body": repr(body)
            }
        if candidates:
            return candidates[0], None
    return None, None


def _organisation(text: str, lookups: _Lookups):
    """(organisation, member body read from the cell, reason why not, unknown body name)."""
    member_body = parse_member_body(text)
    if not text:
        return None, member_body, _("The MB/NC (organisation) is required."), ""
    organisation, problem = _find_organisation(text, member_body.body, lookups)
    if problem:
        return None, member_body, problem, ""
    if organisation is None:
        return (
            None,
            member_body,
            _(
                "No organisation is named %(body)s or has it as an alias or a country code; map "
                "it to an organisation (member_bodies) or add the alias."
            )
            % {"body": repr(member_body.body)},
            member_body.body,
        )
    invited = is_invited(lookups.consultation, organisation)
    if not invited and organisation.kind != OrganisationKind.SECRETARIAT:
        return (
            None,
            member_body,
            _("%(name)s is not invited to this consultation.") % {"name": organisation.name},
            "",
        )
    return organisation, member_body, None, ""


def _clause(text: str, lookups: _Lookups) -> tuple[int | None, str]:
    """The section of the first clause of the consulted version that the cell names, and a
    warning when it names none (the comment then concerns the guideline as a whole)."""
    if names_whole_document(text):
        return None, ""
    exact = normalise_clause(text)
    for key in [exact, *clause_candidates(text)] if exact else clause_candidates(text):
        if key in lookups.sections:
            section_id = lookups.sections[key]
            if section_id is not None:
                return section_id, ""
            return None, (
                _(
                    "Clause %(numbers)s has since been deleted; the comment is attached to the "
                    "guideline as a whole."
                )
                % {"numbers": repr(lookups.numbers[key])}
            )
    return None, (
        _(
            "The consulted version has no clause %(text)s; the comment is attached to the "
            "guideline as a whole. Correct the clause if it should be one."
        )
        % {"text": repr(text)}
    )


def _check_row(values: dict[str, str], formulas: set[str], lookups: _Lookups, reference: str):
    """(fields for the comment, [(field, error)], [(field, warning)], unknown body) for a row."""
    errors: list[tuple[str, str]] = []
    warnings: list[tuple[str, str]] = []
    for key in sorted(formulas):
        errors.append((key, _("The cell holds a formula; paste its value as plain text instead.")))
    for key, limit in _MAX_CHARS.items():
        if len(values.get(key, "")) > limit and key not in formulas:
            errors.append(
                (
                    key,
                    _("Ensure this cell has no more than %(limit)s characters.") % {"limit": limit},
                )
            )
    if errors:
        return None, errors, warnings, ""
    organisation, _member_body, problem, unknown = _organisation(
        values.get("organisation", ""), lookups
    )
    if problem:
        errors.append(("organisation", problem))
    comment_type, type_warning = read_comment_type(values.get("type", ""))
    if comment_type is None:
        errors.append(
            (
                "type",
                _(
                    "%(values)s is not a type of comment; write ge, te or ed (general, technical, "
                    "editorial)."
                )
                % {"values": repr(values["type"])},
            )
        )
    elif type_warning:
        warnings.append(("type", type_warning))
    if not values.get("comment"):
        errors.append(("comment", _("The comment is required.")))
    clause = values.get("clause", "")
    section_id, clause_warning = _clause(clause, lookups)
    if clause_warning:
        warnings.append(("clause", clause_warning))
    if errors:
        return None, errors, warnings, unknown
    return (
        {
            "organisation_id": organisation.pk,
            "section_id": section_id,
            "type": comment_type,
            "body": values["comment"],
            "proposed_change": values.get("proposed_change", ""),
            "line": values.get("line", ""),
            "paragraph": values.get("paragraph", ""),
            "clause_ref": clause,
            "external_ref": reference,
        },
        errors,
        warnings,
        unknown,
    )


def _report(parsed, sheet: ParsedSheet, items) -> list[dict]:
    return [
        {
            "row": parsed.row,
            "field": field_name,
            "column": sheet.labels.get(field_name, ""),
            "message": message,
        }
        for field_name, message in items
    ]


def check_sheet(
    *,
    consultation: Consultation,
    sheet: ParsedSheet,
    member_bodies: dict | None = None,
    preview: bool = False,
) -> SheetCheck:
    """Every row checked against the consultation, nothing written. `member_bodies` maps
    member bodies as the file writes them to organisations; `preview` keeps every row.

    In a resolved file (consultation.iso_template.observations), each row's disposition is
    read too, and a row that names a comment already in the consultation (same organisation
    and external reference, or its id) is matched to it instead of creating it again.
    """
    lookups = _lookups(consultation, member_bodies, sheet)
    check = SheetCheck()
    for parsed in sheet.rows:
        reference, comment_id = _references(parsed.values, sheet)
        fields, row_errors, row_warnings, unknown = _check_row(
            parsed.values, parsed.formulas, lookups, reference
        )
        matched = None
        if lookups.existing is not None:
            matched = _resolved_row(
                parsed, fields, comment_id, lookups.existing, row_warnings, check
            )
        errors, warnings = _report(parsed, sheet, row_errors), _report(parsed, sheet, row_warnings)
        check.errors.extend(errors)
        check.warnings.extend(warnings)
        if unknown:
            check.unknown_bodies.setdefault(unknown, []).append(parsed.row)
        if fields and not check.errors and matched is None:
            check.rows.append(fields)
            check.row_numbers.append(parsed.row)
        if preview:
            check.preview.append(
                {
                    "row": parsed.row,
                    "cells": parsed.values,
                    **_previewed(fields),
                    **_previewed_disposition(parsed.row, fields, errors, check),
                    "errors": errors,
                    "warnings": warnings,
                }
            )
    return check


def _resolved_row(parsed, fields, comment_id: str, existing: _Existing, row_warnings, check):
    """A resolved file's row: its disposition read, and the existing comment it names (None:
    a new comment). Observations that give no decision are a warning in `row_warnings`: the
    row is imported without a disposition, for the editor to give one."""
    values = parsed.values
    disposition, problem = read_disposition(
        values.get("decision", ""), values.get("observations", "")
    )
    if problem:
        field_name = "decision" if values.get("decision") else "observations"
        row_warnings.append(
            (field_name, problem + " " + _("The row is imported without a disposition."))
        )
    elif disposition is not None:
        check.dispositions[parsed.row] = disposition
    if not fields:
        return None
    found = existing.by_ref.get((fields["organisation_id"], fields["external_ref"]))
    if found is None and comment_id.isdigit():
        by_id = existing.by_id.get(int(comment_id))
        if by_id is not None and by_id["organisation_id"] == fields["organisation_id"]:
            found = by_id
    if found is None:
        return None
    check.matched[parsed.row] = found["id"]
    if found["decision"]:
        check.decided.add(found["id"])
    if disposition is None or (
        disposition.decision == found["decision"] and disposition.rationale == found["rationale"]
    ):
        check.dispositions.pop(parsed.row, None)
        check.unchanged.append(parsed.row)
    return found["id"]


def _previewed_disposition(row: int, fields, errors, check: SheetCheck) -> dict:
    """What a row would do: create a comment, update an existing one's disposition, or
    nothing (its comment already has it); with the disposition it carries."""
    disposition = check.dispositions.get(row)
    if errors or not fields:
        action = None
    elif row in check.unchanged:
        action = "unchanged"
    elif row in check.matched:
        action = "update"
    else:
        action = "create"
    return {
        "action": action,
        "comment": check.matched.get(row),
        "decision": disposition.decision if disposition else None,
        "rationale": disposition.rationale if disposition else None,
    }


def _previewed(fields: dict | None) -> dict:
    """A checked row as the comment it would become (None for each field of a bad row)."""
    keys = ("organisation_id", "section_id", "type", "body", "proposed_change", "line")
    keys += ("paragraph", "clause_ref", "external_ref")
    return {key.removesuffix("_id"): (fields or {}).get(key) for key in keys}


def _import_summary(count: int, new_dispositions: int, updates: int, check, warned: int) -> str:
    """What a clean dry run would do, one whole sentence per number."""
    sentences = [
        ngettext(
            "%(count)s comment would be imported.", "%(count)s comments would be imported.", count
        )
        % {"count": count}
    ]
    if new_dispositions > 0:
        sentences.append(
            ngettext(
                "%(count)s of the new comments comes with its disposition.",
                "%(count)s of the new comments come with their disposition.",
                new_dispositions,
            )
            % {"count": new_dispositions}
        )
    if check.matched:
        sentences.append(
            ngettext(
                "%(count)s comment already in Concord would get the file's disposition.",
                "%(count)s comments already in Concord would get the file's disposition.",
                updates,
            )
            % {"count": updates}
        )
        unchanged = len(check.unchanged)
        sentences.append(
            ngettext(
                "%(count)s comment already in Concord is unchanged.",
                "%(count)s comments already in Concord are unchanged.",
                unchanged,
            )
            % {"count": unchanged}
        )
    if warned:
        sentences.append(
            ngettext(
                "%(count)s row has warnings to confirm.",
                "%(count)s rows have warnings to confirm.",
                warned,
            )
            % {"count": warned}
        )
    return " ".join(sentences)


def import_preview(sheet: ParsedSheet, check: SheetCheck, refused: list[dict] = ()) -> dict:
    """What a dry run answers: what the file was read as and what the import would do.

    `refused`: rows whose disposition the resolve path would refuse (a trial run's errors).
    """
    errors = [*check.errors, *refused]
    rows = check.preview
    if refused:
        by_row: dict[int, list[dict]] = {}
        for error in refused:
            by_row.setdefault(error["row"], []).append(error)
        rows = [
            {**row, "errors": [*row["errors"], *by_row[row["row"]]], "action": None}
            if row["row"] in by_row
            else row
            for row in rows
        ]
    bad_rows = len({error["row"] for error in errors})
    warned = len({warning["row"] for warning in check.warnings})
    updates = len(check.matched) - len(check.unchanged)
    new_dispositions = len(check.dispositions) - updates
    if not sheet.rows:
        detail = _("The file has a header row but no comments under it; nothing would be imported.")
    elif bad_rows:
        detail = ngettext(
            "%(bad)s of %(rows)s rows has errors, so nothing would be imported; correct it (or "
            "map the unknown member bodies) and send the file again.",
            "%(bad)s of %(rows)s rows have errors, so nothing would be imported; correct them "
            "(or map the unknown member bodies) and send the file again.",
            bad_rows,
        ) % {"bad": bad_rows, "rows": len(sheet.rows)}
    else:
        detail = _import_summary(len(check.rows), new_dispositions, updates, check, warned)
    return {
        "detail": detail,
        "format": sheet.format,
        "header_row": sheet.header_row,
        "columns": sheet.labels,
        "unread_columns": sheet.unread_columns,
        "would_create": 0 if bad_rows else len(check.rows),
        "would_update": 0 if bad_rows else updates,
        "unchanged": 0 if bad_rows else len(check.unchanged),
        "rows": rows,
        "errors": errors,
        "warnings": check.warnings,
        "unknown_member_bodies": [
            {"member_body": name, "rows": rows} for name, rows in check.unknown_bodies.items()
        ],
    }
