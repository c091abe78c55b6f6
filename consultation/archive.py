"""One consultation as a single JSON archive, and its import into another (fresh) instance.

The archive holds what a consultation's record is made of: the guideline's identity, the
consulted version's frozen text, the consultation, the organisations and people it names, every
comment with its disposition (decision, rationale, response, settlement), the replies and the
full simple-history of each comment. Ids are not portable, so references travel as natural
keys: organisations by name, people by username, sections by their key in the version, comments
by their id in the archive.

Import recreates the guideline (live sections hold the consulted text), the version, the
consultation, the comments with their original dates and history, and the replies, all in one
transaction. Missing organisations are created; missing people become inactive accounts with
no password, which a coordinator may activate. Nothing on the target is changed or merged.
"""

import datetime as dt
import json
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from accounts.models import Organisation, User
from consultation.clause_order import clause_keys_of
from consultation.models import (
    Comment,
    Consultation,
    Guideline,
    Reply,
    Section,
    Version,
    VersionSection,
)
from consultation.services.structure import renumber

FORMAT = "concord-consultation-archive"
FORMAT_VERSION = 1

_USER_FIELDS = {"author", "assignee", "resolved_by", "responded_by", "settled_by"}
_SKIPPED_FIELDS = {"id", "consultation", "similarity_keys", "clause_key"}  # derived
# Comment fields added since format version 1: archives written before lack them.
_ADDED_LATER = {"late"}


class ArchiveError(Exception):
    """The archive cannot be imported; the message says why and nothing was written."""


def _comment_fields() -> list[models.Field]:
    return [f for f in Comment._meta.concrete_fields if f.name not in _SKIPPED_FIELDS]


def _encode(value: Any) -> Any:
    """JSON-safe values; datetimes keep their microseconds (Django's encoder drops them)."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


# --- export -----------------------------------------------------------------------------
def consultation_export(*, consultation: Consultation) -> dict:
    """The archive of a consultation as a JSON-ready dict."""
    version = consultation.version
    guideline = consultation.guideline
    comments = list(consultation.comments.order_by("id"))
    comment_ids = [c.pk for c in comments]
    history = list(
        Comment.history.filter(id__in=comment_ids).order_by("history_date", "history_id")
    )
    replies = list(Reply.objects.filter(comment_id__in=comment_ids).order_by("created_at", "id"))

    user_ids = {version.created_by_id} | {r.author_id for r in replies}
    user_ids |= {h.history_user_id for h in history}
    org_ids = set(consultation.invited_organisations.values_list("id", flat=True))
    for row in [*comments, *history]:
        user_ids |= {getattr(row, f"{name}_id") for name in _USER_FIELDS}
        org_ids.add(row.organisation_id)
    users = User.objects.filter(pk__in=user_ids - {None}).select_related("organisation")
    usernames = {u.pk: u.username for u in users}
    org_ids |= {u.organisation_id for u in users if u.organisation_id}
    organisations = Organisation.objects.filter(pk__in=org_ids).order_by("name")
    org_names = {o.pk: o.name for o in organisations}

    def comment_values(row) -> dict:
        values = {}
        for field in _comment_fields():
            value = getattr(row, field.attname)
            if field.name == "organisation":
                value = org_names[value]
            elif field.name in _USER_FIELDS:
                value = usernames.get(value)
            values[field.name] = _encode(value)
        return values

    replies_of: dict[int, list] = {}
    for reply in replies:
        replies_of.setdefault(reply.comment_id, []).append(
            {
                "author": usernames.get(reply.author_id),
                "body": reply.body,
                "created_at": _encode(reply.created_at),
            }
        )
    history_of: dict[int, list] = {}
    for record in history:
        history_of.setdefault(record.id, []).append(
            {
                "history_date": _encode(record.history_date),
                "history_type": record.history_type,
                "history_user": usernames.get(record.history_user_id),
                "history_change_reason": record.history_change_reason,
                "fields": comment_values(record),
            }
        )

    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": _encode(timezone.now()),
        "organisations": [
            {"name": o.name, "kind": o.kind, "country": o.country, "region": o.region}
            for o in organisations
        ],
        "users": [
            {
                "username": u.username,
                "email": u.email,
                "first_name": u.first_name,
                "last_name": u.last_name,
                "organisation": org_names.get(u.organisation_id),
            }
            for u in users.order_by("username")
        ],
        "guideline": {
            "slug": guideline.slug,
            "title": guideline.title,
            "audience": guideline.audience,
            "required_approvals": guideline.required_approvals,
        },
        "version": {
            "label": version.label,
            "created_at": _encode(version.created_at),
            "created_by": usernames.get(version.created_by_id),
            "sections": [
                {
                    "key": s.section_key,
                    "parent_key": s.parent_key,
                    "position": s.position,
                    "revision": s.revision,
                    "number": s.number,
                    "heading": s.heading,
                    "body": s.body,
                }
                for s in version.sections.order_by("position")
            ],
        },
        "consultation": {
            "title": consultation.title,
            "opens_at": _encode(consultation.opens_at),
            "closes_at": _encode(consultation.closes_at),
            "closed_early_at": _encode(consultation.closed_early_at),
            "visibility": consultation.visibility,
            "invited_kinds": consultation.invited_kinds,
            "invited_organisations": sorted(
                org_names[pk]
                for pk in consultation.invited_organisations.values_list("id", flat=True)
            ),
        },
        "comments": [
            {
                "key": c.pk,
                **comment_values(c),
                "replies": replies_of.get(c.pk, []),
                "history": history_of.get(c.pk, []),
            }
            for c in comments
        ],
    }


def consultation_export_json(*, consultation: Consultation) -> str:
    """The archive as JSON text (UTF-8, stable key order)."""
    return json.dumps(
        consultation_export(consultation=consultation), ensure_ascii=False, indent=1, sort_keys=True
    )


# --- import -----------------------------------------------------------------------------
class _Importer:
    """Maps the archive's natural keys to rows of this instance while creating them."""

    def __init__(self, archive: dict, slug: str | None):
        self.archive = archive
        self.slug = slug
        self.organisations: dict[str, Organisation] = {}
        self.users: dict[str, User] = {}
        self.sections: dict[int, Section] = {}

    def run(self) -> Consultation:
        self.import_organisations()
        self.import_users()
        version = self.import_version(self.import_guideline())
        consultation = self.import_consultation(version)
        self.import_comments(consultation)
        return consultation

    def user(self, username: str | None) -> User | None:
        if username is None:
            return None
        if username not in self.users:
            raise ArchiveError(
                gettext("The archive names the user %(username)s but does not list it.")
                % {"username": repr(username)}
            )
        return self.users[username]

    def import_organisations(self) -> None:
        for data in self.archive["organisations"]:
            organisation, _ = Organisation.objects.get_or_create(
                name=data["name"],
                defaults={k: data[k] for k in ("kind", "country", "region")},
            )
            self.organisations[organisation.name] = organisation

    def import_users(self) -> None:
        for data in self.archive["users"]:
            user = User.objects.filter(username=data["username"]).first()
            if user is None:
                # A placeholder keeps authorship; it cannot sign in until a coordinator
                # sets a password and activates it.
                user = User(
                    username=data["username"],
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    organisation=self.organisations.get(data["organisation"] or ""),
                    is_active=False,
                )
                user.set_unusable_password()
                user._change_reason = "Imported from a consultation archive"
                user.save()
            self.users[user.username] = user

    def import_guideline(self) -> Guideline:
        data = self.archive["guideline"]
        slug = self.slug or data["slug"]
        if Guideline.objects.filter(slug=slug).exists():
            raise ArchiveError(
                gettext(
                    "A guideline with the slug %(slug)s already exists here; import into a fresh "
                    "instance or choose another slug (--slug)."
                )
                % {"slug": repr(slug)}
            )
        guideline = Guideline(
            slug=slug,
            title=data["title"],
            audience=data["audience"],
            required_approvals=data["required_approvals"],
        )
        guideline._change_reason = "Imported from a consultation archive"
        guideline.save()
        return guideline

    def import_version(self, guideline: Guideline) -> Version:
        data = self.archive["version"]
        children: dict[int | None, int] = {}
        frozen = sorted(data["sections"], key=lambda s: s["position"])
        for item in frozen:
            parent = self.sections.get(item["parent_key"]) if item["parent_key"] else None
            if item["parent_key"] and parent is None:
                raise ArchiveError(
                    gettext("Section %(item)s comes before its parent.") % {"item": item["key"]}
                )
            children[item["parent_key"]] = children.get(item["parent_key"], 0) + 1
            section = Section(
                guideline=guideline,
                parent=parent,
                order=children[item["parent_key"]],
                heading=item["heading"],
                body=item["body"],
                revision=item["revision"],
            )
            section._change_reason = "Imported from a consultation archive"
            section.save()
            self.sections[item["key"]] = section
        renumber(guideline.pk)
        version = Version.objects.create(
            guideline=guideline, label=data["label"], created_by=self.user(data["created_by"])
        )
        Version.objects.filter(pk=version.pk).update(created_at=parse_datetime(data["created_at"]))
        VersionSection.objects.bulk_create(
            VersionSection(
                version=version,
                section=self.sections[item["key"]],
                section_key=self.sections[item["key"]].pk,
                parent_key=self.sections[item["parent_key"]].pk if item["parent_key"] else None,
                position=item["position"],
                revision=item["revision"],
                number=item["number"],
                heading=item["heading"],
                body=item["body"],
            )
            for item in frozen
        )
        return version

    def import_consultation(self, version: Version) -> Consultation:
        data = self.archive["consultation"]
        consultation = Consultation.objects.create(
            guideline=version.guideline,
            version=version,
            title=data["title"],
            opens_at=parse_datetime(data["opens_at"]),
            closes_at=parse_datetime(data["closes_at"]),
            closed_early_at=_datetime(data["closed_early_at"]),
            visibility=data["visibility"],
            invited_kinds=data["invited_kinds"],
        )
        consultation.invited_organisations.set(
            [self.organisations[name] for name in data["invited_organisations"]]
        )
        return consultation

    def comment_kwargs(self, values: dict, consultation: Consultation) -> dict:
        kwargs: dict[str, Any] = {"consultation_id": consultation.pk}
        for field in _comment_fields():
            if field.name in _ADDED_LATER and field.name not in values:
                continue  # an archive written before the field existed: the default applies
            value = values[field.name]
            if field.name == "organisation":
                value = self.organisations[value].pk
            elif field.name in _USER_FIELDS:
                value = self.user(value).pk if value else None
            elif field.name == "section":
                value = self.sections[value].pk if value in self.sections else None
            elif field.name == "duplicate_of":
                continue  # second pass, once every comment has its new id
            elif isinstance(field, models.DateTimeField):
                value = _datetime(value)
            kwargs[field.attname] = value
        return kwargs

    def import_comments(self, consultation: Consultation) -> None:
        items = self.archive["comments"]
        # bulk_create writes no history row of its own: the archive's history is restored
        # as it was, below.
        comments = [Comment(**self.comment_kwargs(item, consultation)) for item in items]
        keys = clause_keys_of(comment.section_id for comment in comments)
        for comment in comments:
            comment.clause_key = keys.get(comment.section_id, "")
        created = Comment.objects.bulk_create(comments)
        new_id = {item["key"]: comment.pk for item, comment in zip(items, created, strict=True)}
        if None in new_id.values():  # backends that do not return ids from bulk inserts
            raise ArchiveError(gettext("This database did not return the ids of the new comments."))
        for item in items:
            # auto_now(_add) overwrote the original times on insert; put them back, and link
            # duplicates now that every comment has its new id.
            Comment.objects.filter(pk=new_id[item["key"]]).update(
                created_at=parse_datetime(item["created_at"]),
                updated_at=parse_datetime(item["updated_at"]),
                duplicate_of_id=new_id[item["duplicate_of"]] if item["duplicate_of"] else None,
            )
        Historical = Comment.history.model
        records = []
        replies = []
        for item in items:
            for record in item["history"]:
                kwargs = self.comment_kwargs(record["fields"], consultation)
                kwargs["duplicate_of_id"] = new_id.get(record["fields"]["duplicate_of"])
                records.append(
                    Historical(
                        id=new_id[item["key"]],
                        history_date=parse_datetime(record["history_date"]),
                        history_type=record["history_type"],
                        history_user=self.user(record["history_user"]),
                        history_change_reason=record["history_change_reason"],
                        **kwargs,
                    )
                )
            for reply in item["replies"]:
                replies.append(
                    Reply(
                        comment_id=new_id[item["key"]],
                        author=self.user(reply["author"]),
                        body=reply["body"],
                    )
                )
        Historical.objects.bulk_create(records)
        created_replies = Reply.objects.bulk_create(replies)
        # created_at is auto_now_add; put back the original times.
        moments = [r["created_at"] for item in items for r in item["replies"]]
        for reply, moment in zip(created_replies, moments, strict=True):
            Reply.objects.filter(pk=reply.pk).update(created_at=parse_datetime(moment))


def _datetime(value: str | None) -> dt.datetime | None:
    return parse_datetime(value) if value else None


@transaction.atomic
def consultation_import(*, archive: dict, slug: str | None = None) -> Consultation:
    """Recreate an exported consultation here; all or nothing. Raises ArchiveError."""
    if not isinstance(archive, dict) or archive.get("format") != FORMAT:
        raise ArchiveError(gettext("This is not a Concord consultation archive."))
    if archive.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            gettext(
                "Archive format version %(found)s is not supported; this instance reads version "
                "%(supported)s."
            )
            % {"found": repr(archive.get("format_version")), "supported": FORMAT_VERSION}
        )
    try:
        return _Importer(archive, slug).run()
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ArchiveError(
            gettext("The archive is incomplete or damaged (%(exc)s).") % {"exc": repr(exc)}
        ) from exc
