"""The comment as the API shows it, declared once: every answer holding a comment comes from here.

`SHAPE` lists the answer's keys in order. A plain key is a Comment field written as it is
stored (its column is the field's attname; datetimes are written as DRF's DateTimeField
writes them); a `Derived` key is computed from the columns it `reads`. From that one list
follow the columns the selectors read (`COLUMNS`), the answers built from those rows
(`comment_answers`: list, detail, create, update, submit, withdraw) and the OpenAPI
component (`CommentSerializer`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import models
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.choices import inline_enum
from consultation.anchoring import locate
from consultation.models import AnchorState, Comment, CommentStatus, Decision, Response, Settlement
from consultation.rules import COMMENT_ACTIONS, Actor, comment_allowed_actions


class AnchorSerializer(serializers.Serializer):
    """A passage of the section at the consulted version (W3C quote and position selectors)."""

    quote = serializers.CharField(trim_whitespace=False, max_length=20_000)
    prefix = serializers.CharField(
        trim_whitespace=False, allow_blank=True, required=False, max_length=200
    )
    suffix = serializers.CharField(
        trim_whitespace=False, allow_blank=True, required=False, max_length=200
    )
    start = serializers.IntegerField(
        min_value=0,
        help_text=(
            "Where the quote starts in the section body as consulted, counted in Unicode code "
            "points from 0 (not bytes, not UTF-16 units: an emoji counts 1)."
        ),
    )
    end = serializers.IntegerField(
        min_value=0,
        help_text="Where the quote ends (exclusive), in Unicode code points like start.",
    )


class CommentResolutionSerializer(serializers.Serializer):
    """The disposition of a comment; null until an editor resolves it."""

    decision = inline_enum(Decision.choices)
    rationale = serializers.CharField()
    resolved_by = serializers.IntegerField(source="resolved_by_id", allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    revision = serializers.IntegerField(source="resolved_revision", allow_null=True)
    response = inline_enum(Response.choices, allow_blank=True)
    response_note = serializers.CharField(allow_blank=True)
    responded_by = serializers.IntegerField(source="responded_by_id", allow_null=True)
    settlement = inline_enum(Settlement.choices, allow_blank=True)


@dataclass(frozen=True)
class Facts:
    """What several derived keys of one row share: the anchor, where it is now, the rules."""

    anchor: dict | None
    current: tuple[str, int | None, int | None]
    actions: list[str]


@dataclass(frozen=True)
class Derived:
    """A key computed from columns: `value(row, facts, when)`, documented by `schema()`."""

    key: str
    reads: tuple[str, ...]
    schema: Callable[[], serializers.Field]
    value: Callable[[dict, Facts, Callable], object]


ANCHOR_COLUMNS = ("anchor_quote", "anchor_prefix", "anchor_suffix", "anchor_start", "anchor_end")
CURRENT_COLUMNS = ("section_id", "anchor_state", "current_start", "current_end")
# What comment_allowed_actions reads of a comment (besides its consultation).
RULE_COLUMNS = ("id", "organisation_id", "status", "decision", "response", "settlement")
# key in the answer -> column, in CommentResolutionSerializer's order.
RESOLUTION = {
    "decision": "decision",
    "rationale": "rationale",
    "resolved_by": "resolved_by_id",
    "resolved_at": "resolved_at",
    "revision": "resolved_revision",
    "response": "response",
    "response_note": "response_note",
    "responded_by": "responded_by_id",
    "settlement": "settlement",
}


def _resolution(row: dict, _facts: Facts, when: Callable) -> dict | None:
    if not row["decision"]:
        return None
    out = {key: row[column] for key, column in RESOLUTION.items()}
    out["resolved_at"] = when(out["resolved_at"]) if out["resolved_at"] else None
    return out


def _actions_schema() -> serializers.Field:
    return serializers.ListField(
        child=inline_enum([(name, name) for name in COMMENT_ACTIONS]),
        help_text="What the caller may do with the comment now (the services' own rules).",
    )


SHAPE: tuple[str | Derived, ...] = (
    "id",
    "consultation",
    "section",
    "organisation",
    "author",
    "type",
    Derived(
        "anchor",
        ANCHOR_COLUMNS,
        lambda: AnchorSerializer(allow_null=True),
        lambda row, facts, when: facts.anchor,
    ),
    Derived(
        "anchor_state",
        CURRENT_COLUMNS,
        lambda: serializers.ChoiceField(choices=AnchorState.choices, allow_null=True),
        lambda row, facts, when: facts.current[0] or None,
    ),
    Derived(
        "current_start",
        CURRENT_COLUMNS,
        lambda: serializers.IntegerField(allow_null=True),
        lambda row, facts, when: facts.current[1],
    ),
    Derived(
        "current_end",
        CURRENT_COLUMNS,
        lambda: serializers.IntegerField(allow_null=True),
        lambda row, facts, when: facts.current[2],
    ),
    "body",
    "proposed_change",
    "line",
    "paragraph",
    "clause_ref",
    "external_ref",
    "status",
    "submitted_at",
    "late",
    "created_at",
    "updated_at",
    "assignee",
    Derived(
        "resolution",
        tuple(RESOLUTION.values()),
        lambda: CommentResolutionSerializer(allow_null=True),
        _resolution,
    ),
    "duplicate_of",
    Derived(
        "allowed_actions",
        RULE_COLUMNS,
        _actions_schema,
        lambda row, facts, when: facts.actions,
    ),
)


def _plain(key: str) -> tuple[str, str, bool]:
    """(key, column, is a datetime) of a plain key."""
    field = Comment._meta.get_field(key)
    return key, field.attname, isinstance(field, models.DateTimeField)


_PLAIN = {key: _plain(key) for key in SHAPE if isinstance(key, str)}
# Every column the answer reads, in a stable order: what the selectors select.
COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys(
        column
        for key in SHAPE
        for column in ((_PLAIN[key][1],) if isinstance(key, str) else key.reads)
    )
)


def current_anchor(row: dict, stale_body: str | None) -> tuple[str, int | None, int | None]:
    """(anchor_state, current_start, current_end) of a row against its section's current text.

    The stored columns hold when they were computed at the section's current revision;
    otherwise `stale_body` is that current text and the anchor is located in it, in memory
    (no query, nothing written).
    """
    if not row["anchor_quote"] or row["section_id"] is None:
        return "", None, None
    if stale_body is not None:
        found = locate(
            stale_body,
            quote=row["anchor_quote"],
            prefix=row["anchor_prefix"],
            suffix=row["anchor_suffix"],
            start=row["anchor_start"],
        )
        return found.state, found.start, found.end
    return row["anchor_state"], row["current_start"], row["current_end"]


def comment_current_anchor(comment: Comment) -> tuple[str, int | None, int | None]:
    """current_anchor of a Comment (its section is read if not loaded)."""
    row = instance_row(comment)
    return current_anchor(row, row["stale_section_body"])


def _anchor(row: dict) -> dict | None:
    if not row["anchor_quote"]:
        return None
    return {
        "quote": row["anchor_quote"],
        "prefix": row["anchor_prefix"],
        "suffix": row["anchor_suffix"],
        "start": row["anchor_start"],
        "end": row["anchor_end"],
    }


def _unchanged(value):
    return value


def _writer(raw_datetimes: bool) -> Callable:
    """How datetimes are written: as DateTimeField.to_representation does, in the current zone.

    With `raw_datetimes` in UTC they stay datetimes, which ORJSONRenderer (OPT_UTC_Z) writes
    exactly so; for an answer only that renderer writes (the list: most of its rows' time).
    """
    zone = timezone.get_current_timezone()
    if raw_datetimes and str(zone) == "UTC":
        return _unchanged

    def when(value):
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return when


def comment_answers(
    rows: list[dict], *, actor: Actor, consultations: dict, raw_datetimes: bool = False
) -> list[dict]:
    """The API's comments from rows holding COLUMNS and `stale_section_body` (the section's
    current text when the anchor predates it, else None). `consultations` maps the rows'
    consultation ids to consultations with their invitations (the rules read them)."""
    when = _writer(raw_datetimes)
    keys = [
        (key, None, *_PLAIN[key][1:]) if isinstance(key, str) else (key.key, key.value, "", False)
        for key in SHAPE
    ]
    out = []
    for row in rows:
        rule_view = SimpleNamespace(
            pk=row["id"],
            consultation=consultations[row["consultation_id"]],
            **{column: row[column] for column in RULE_COLUMNS[1:]},
        )
        facts = Facts(
            anchor=_anchor(row),
            current=current_anchor(row, row["stale_section_body"]),
            actions=comment_allowed_actions(actor, rule_view),
        )
        answer = {}
        for key, value, column, is_datetime in keys:
            if value is not None:
                answer[key] = value(row, facts, when)
            elif is_datetime:
                answer[key] = when(row[column]) if row[column] else None
            else:
                answer[key] = row[column]
        out.append(answer)
    return out


def instance_row(comment: Comment) -> dict:
    """A Comment as the row comment_answers reads (its section is read if not loaded)."""
    row = {column: getattr(comment, column) for column in COLUMNS}
    section = comment.section if comment.section_id else None
    stale = section is not None and comment.anchored_revision != section.revision
    row["stale_section_body"] = section.body if stale and comment.anchor_quote else None
    return row


def _serializer() -> type[serializers.ModelSerializer]:
    """The OpenAPI component `Comment` (and the browsable API's serializer) of SHAPE."""

    class Meta:
        model = Comment
        fields = [key if isinstance(key, str) else key.key for key in SHAPE]
        read_only_fields = fields

    def to_representation(self, comment):
        actor = self.context.get("actor") or Actor(self.context["request"].user)
        return comment_answers(
            [instance_row(comment)],
            actor=actor,
            consultations={comment.consultation_id: comment.consultation},
        )[0]

    derived = {
        key.key: extend_schema_field(key.schema())(
            type(f"{key.key}_field", (serializers.Field,), {})
        )(read_only=True)
        for key in SHAPE
        if isinstance(key, Derived)
    }
    return serializers.SerializerMetaclass(
        "CommentSerializer",
        (serializers.ModelSerializer,),
        {
            "__module__": __name__,
            "__doc__": "A comment as every reader sees it; organisation, author and status are "
            "the server's.",
            "Meta": Meta,
            "to_representation": to_representation,
            # An inline enum: drf-spectacular would name a shared one after the field.
            "status": inline_enum(CommentStatus.choices, read_only=True),
            **derived,
        },
    )


CommentSerializer = _serializer()
