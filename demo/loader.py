"""Load the demo: organisations, users, the four guideline sets and their review stories.

Idempotent: organisations and users are created or brought back to their documented state on
every run (one password hash, written with one UPDATE); a guideline whose slug exists is left
alone, so its sections, versions, consultation and comments are never made twice. Everything
is written in one transaction, through the real services wherever they exist, so revision
history, versions, the stage log and the comment histories are the ones users would produce.
"""

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby

import time_machine
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Organisation, User
from consultation.models import Comment, Guideline, Section, Version, VersionSection
from consultation.services.comments import comments_reanchor
from consultation.services.documents import (
    guideline_create,
    section_create,
    section_update,
    version_freeze,
)

from .content.guidelines import GUIDELINES
from .content.organisations import ORGANISATIONS, PASSWORD, PEOPLE, Person
from .content.text import GuidelineText, SectionText
from .generate import Speaker

SEED = 2020
COORDINATORS_GROUP = "Coordinators"
COORDINATOR_APPS = ("accounts", "consultation", "reviews", "notifications")


@dataclass
class Demo:
    """What the stories share: the clock, the organisations and users by key, a seeded RNG."""

    now: dt.datetime
    orgs: dict[str, Organisation]
    users: dict[str, User]
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))

    def user(self, username: str) -> User:
        return self.users[username]

    @contextmanager
    def at(self, days: float) -> Iterator[None]:
        """Run the block as if `days` from now (negative: in the past), the clock ticking.

        The services stamp history rows, versions, transitions and resolutions with the time
        they run; replaying each step at its date gives the demo a believable history.
        """
        with time_machine.travel(self.moment(days), tick=True):
            yield

    def moment(self, days: float) -> dt.datetime:
        return self.now + dt.timedelta(days=days)

    @staticmethod
    def spread(start: float, end: float, count: int) -> list[float]:
        """`count` day offsets evenly spread from start to end."""
        if count <= 1:
            return [start][:count]
        return [start + (end - start) * i / (count - 1) for i in range(count)]

    def speakers(self, *, exclude: tuple[str, ...] = ()) -> list[Speaker]:
        """Every organisation that comments (not the secretariat), with its delegates."""
        result = []
        for key, org in self.orgs.items():
            if org.kind == "secretariat" or key in exclude:
                continue
            submitter = self.users[f"delegate-{key}"]
            drafter = self.users.get(f"delegate-{key}-2", submitter)
            result.append(Speaker(org, submitter, drafter))
        return result


# --- organisations, users, the coordinators' group ------------------------------------------
def organisations_load() -> dict[str, Organisation]:
    """Create the demo organisations, or bring existing ones back to their demo values."""
    result = {}
    for org in ORGANISATIONS:
        values = {"kind": org.kind, "country": org.country, "region": org.region}
        obj, created = Organisation.objects.get_or_create(name=org.name, defaults=values)
        if not created and any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            obj.save()
        result[org.key] = obj
    return result


def _user_values(person: Person, orgs: dict[str, Organisation]) -> dict:
    roles = set(person.roles)
    staff = person.superuser or "coordinator" in roles
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": f"{person.username}@demo.concord.example",
        "organisation": orgs[person.org],
        "is_delegate": "delegate" in roles,
        "is_editor": "editor" in roles,
        "is_coordinator": "coordinator" in roles,
        "is_approver": "approver" in roles,
        "is_focal_point": person.focal_point,
        "is_staff": staff,
        "is_superuser": person.superuser,
        "is_active": True,
    }


def users_load(orgs: dict[str, Organisation]) -> dict[str, User]:
    """Create the demo users with the documented password; reset drifted fields and passwords."""
    result = {}
    for person in PEOPLE:
        values = _user_values(person, orgs)
        user, created = User.objects.get_or_create(username=person.username, defaults=values)
        if not created and any(getattr(user, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(user, k, v)
            user.save()
        result[person.username] = user
    # One Argon2 hash for everyone (hashing ~40 times would take seconds), without history rows.
    User.objects.filter(username__in=[p.username for p in PEOPLE]).update(
        password=make_password(PASSWORD)
    )
    coordinators = coordinators_group_load()
    coordinators.user_set.add(*[u for u in result.values() if u.is_coordinator])
    return result


def coordinators_group_load() -> Group:
    """The 'Coordinators' group: every model permission of the domain apps (for the admin)."""
    group, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=COORDINATOR_APPS))
    return group


# --- guideline text, revisions, versions ----------------------------------------------------
def guideline_build(
    demo: Demo, text: GuidelineText, *, created: float, frozen: float
) -> tuple[Guideline, Version]:
    """Create the guideline with its section tree on day `created`, freeze 'Draft 1' on `frozen`."""
    with demo.at(created):
        guideline = _guideline_text(demo, text)
    with demo.at(frozen):
        editor = demo.user(text.editors[0])
        return guideline, version_freeze(guideline=guideline, label="Draft 1", user=editor)


def _guideline_text(demo: Demo, text: GuidelineText) -> Guideline:
    editors = [demo.user(name) for name in text.editors]
    guideline = guideline_create(
        user=demo.user("coordinator"),
        slug=text.slug,
        title=text.title,
        audience=text.audience,
        editors=editors,
        required_approvals=2,
    )

    def add(node: SectionText, parent: Section | None) -> None:
        section = section_create(
            guideline=guideline,
            user=editors[0],
            heading=node.heading,
            body=node.body,
            parent=parent,
            change_reason="First draft",
        )
        for child in node.children:
            add(child, section)

    for node in text.sections:
        add(node, None)
    return guideline


def revisions_apply(
    demo: Demo, guideline: Guideline, text: GuidelineText, *, start: float, end: float
) -> list[int]:
    """Apply the editors' revisions through section_update, spread over the days start..end;
    returns the new revision numbers."""
    applied = []
    for revision, day in zip(
        text.revisions, demo.spread(start, end, len(text.revisions)), strict=True
    ):
        with demo.at(day):
            applied.append(_revise(demo, guideline, text, revision))
    return applied


def _revise(demo: Demo, guideline: Guideline, text: GuidelineText, revision) -> int:
    """One revision of one section, through the service, with the comments re-anchored."""
    section = Section.objects.get(guideline=guideline, number=revision.number)
    if revision.old not in section.body:
        raise ValueError(f"{text.slug} {revision.number}: {revision.old!r} not in the text")
    editor = demo.user(revision.editor or text.editors[0])
    section = section_update(
        section=section,
        user=editor,
        expected_revision=section.revision,
        body=section.body.replace(revision.old, revision.new, 1),
        change_reason=revision.reason,
    )
    comments_reanchor(section=section)
    return section.revision


def frozen_sections(version: Version) -> tuple[list[VersionSection], dict[int, Section]]:
    """The version's frozen sections in order, and the live sections by id."""
    frozen = list(version.sections.order_by("position"))
    live = Section.objects.in_bulk([f.section_key for f in frozen])
    return frozen, live


def comments_save(demo: Demo, comments: list[Comment]) -> list[Comment]:
    """Insert the comments in bulk, one batch per day of submission (drafts: today), each at
    its date, with their first history row; returns them in the order given, with ids."""

    def day(comment: Comment) -> dt.date:
        return (comment.submitted_at or demo.now).date()

    for _, batch in groupby(sorted(comments, key=lambda c: (day(c), c.submitted_at is None)), day):
        batch = list(batch)
        written = min((c.submitted_at for c in batch if c.submitted_at), default=None)
        # Written an hour before the first submission of the day (drafts: two hours ago).
        when = (written or demo.now - dt.timedelta(hours=1)) - dt.timedelta(hours=1)
        with time_machine.travel(when, tick=True):
            bulk_create_with_history(
                batch, Comment, batch_size=500, default_change_reason="Written by the delegate"
            )
    # The first history row names its author, as the comment services would have recorded.
    Comment.history.filter(id__in=[c.pk for c in comments], history_type="+").update(
        history_user_id=F("author_id")
    )
    return comments


# --- entry points ---------------------------------------------------------------------------
@transaction.atomic
def demo_load(*, now: dt.datetime | None = None) -> list[str]:
    """Load whatever of the demo is missing; returns the slugs of the guidelines it created."""
    from .stories import STORIES  # the stories use the helpers above

    now = now or timezone.now()
    orgs = organisations_load()
    demo = Demo(now=now, orgs=orgs, users=users_load(orgs))
    created = []
    for text in GUIDELINES:
        if Guideline.objects.filter(slug=text.slug).exists():
            continue
        demo.rng = random.Random(f"{SEED}-{text.slug}")
        STORIES[text.audience](demo, text)
        created.append(text.slug)
    return created


def demo_reset() -> None:
    """Empty the whole database (every table, not only the demo's) before a fresh load."""
    call_command("flush", interactive=False, verbosity=0)
