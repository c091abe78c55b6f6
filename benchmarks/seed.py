"""Seed a PostgreSQL template database with COPY: realistic shapes, no API, no signals."""

import contextlib
import datetime as dt
import itertools
import random
from collections.abc import Iterable, Iterator

import psycopg
from django.db import models

from accounts.models import Organisation, OrganisationKind, Region, User
from consultation.clause_order import clause_key
from consultation.models import (
    Comment,
    Consultation,
    Guideline,
    Section,
    Version,
    VersionSection,
)
from consultation.similarity import similarity_keys
from notifications.models import Notification, Verb

GUIDELINES = ["children", "parents_educators", "industry", "policymakers"]
SECTIONS_PER_GUIDELINE = 100
# The reading page's case: guideline 1's consulted version has 200 sections (issue 14).
READING_SECTIONS = 200
# The web pages' delegate: the first member state's (invited to every consultation); its
# comments on consultation 1 are anchored to a passage, so the reading page marks them.
DELEGATE_ORGANISATION = 1
UNREAD_NOTIFICATIONS = 20
MEMBER_STATES = 190
OTHER_ORGANISATIONS = 300
SKEW = 0.8  # share of comments on the first guideline
NOW = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
WORDS = [
    "children",
    "online",
    "safety",
    "platform",
    "design",
    "default",
    "privacy",
    "reporting",
    "age",
    "assurance",
    "parents",
    "educators",
    "industry",
    "regulator",
    "policy",
    "framework",
    "risk",
    "harm",
    "content",
    "moderation",
    "consent",
    "data",
    "protection",
    "school",
    "community",
    "helpline",
    "awareness",
    "digital",
    "literacy",
    "wellbeing",
    "evidence",
    "review",
    "accountability",
    "transparency",
    "complaint",
    "remedy",
    "cooperation",
    "law",
    "enforcement",
]
DIFF_SECTION_WORDS = 10_000
DISTINCT_BODIES = 5_000  # the rest are campaign duplicates of these


def _vocabulary(size: int = 3_000) -> list[str]:
    """Pseudo-words built from syllables: real comments draw on thousands of words, and with the
    domain list alone every comment would be trigram-similar to every other."""
    rng = random.Random(1)
    onsets = ["b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "pr", "st", "tr"]
    vowels = ["a", "e", "i", "o", "u", "ea", "io", "ou"]
    codas = ["", "n", "r", "s", "t", "l", "nd", "ct", "ng"]
    words = set()
    while len(words) < size:
        words.add(
            "".join(
                rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
                for _ in range(rng.randint(1, 3))
            )
        )
    return sorted(words)


VOCABULARY = _vocabulary()


def sentence(rng: random.Random, words: int) -> str:
    """A pseudo-sentence: one word in four from the domain list, the rest from VOCABULARY."""
    picked = (
        rng.choice(WORDS) if rng.random() < 0.25 else rng.choice(VOCABULARY) for _ in range(words)
    )
    return " ".join(picked).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    """Several pseudo-sentences."""
    return " ".join(sentence(rng, rng.randint(8, 22)) for _ in range(sentences))


def _columns(model: type[models.Model], row: dict) -> list[str]:
    return [model._meta.get_field(name).column for name in row]


def copy_rows(cursor: psycopg.Cursor, model: type[models.Model], rows: Iterable[dict]) -> int:
    """COPY dict rows into the model's table; missing fields take the field's default."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    rows = itertools.chain([first], rows)
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.name not in first)]
    names = [f.name for f in fields]
    defaults = {
        f.name: (f.get_default() if f.has_default() or not f.null else None) for f in fields
    }
    for f in fields:
        if isinstance(f, models.JSONField):
            defaults[f.name] = "[]"
    columns = ", ".join(f'"{f.column}"' for f in fields)
    count = 0
    with cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row.get(name, defaults[name]) for name in names])
            count += 1
    return count


@contextlib.contextmanager
def built_after(cursor: psycopg.Cursor, model: type[models.Model]) -> Iterator[None]:
    """Drop the secondary indexes and foreign keys of a table around a COPY; recreate them."""
    # One build per index costs much less than a million inserts into each: at 100k comments
    # the COPY took 49 s with the indexes (the full-text GIN most of it), 13 s without, then
    # 5 s of deferred foreign-key checks at commit; the builds after it take 35 s (to_tsvector
    # of every row). Since the stored search_vector column (consultation migration 0010) the
    # COPY computes each row's vector itself and the GIN index is built on the column.
    table = model._meta.db_table
    cursor.execute(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
        "WHERE indrelid = %s::regclass AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint WHERE conindid = indexrelid) ORDER BY indexrelid",
        [table],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY oid",
        [table],
    )
    keys = cursor.fetchall()
    # The referenced tables were just filled: their deferred checks must run before their
    # triggers can be dropped.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for name, _ in keys:
        cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    yield
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for _, definition in indexes:
        cursor.execute(definition)
    for name, definition in keys:
        cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


def seed(dsn: str, comments: int, seed_value: int = 42) -> dict:
    """Fill an empty, migrated database; return the ids the benchmark cases need."""
    rng = random.Random(seed_value)
    with psycopg.connect(dsn, autocommit=False) as conn, conn.cursor() as cur:
        orgs = []
        kinds = [k for k in OrganisationKind.values if k != OrganisationKind.MEMBER_STATE]
        regions = Region.values
        for i in range(MEMBER_STATES):
            orgs.append(
                {
                    "id": i + 1,
                    "name": f"Member State {i + 1:03d}",
                    "kind": "member_state",
                    "country": "KE",
                    "region": regions[i % len(regions)],
                    "created_at": NOW,
                }
            )
        for i in range(OTHER_ORGANISATIONS):
            orgs.append(
                {
                    "id": MEMBER_STATES + i + 1,
                    "name": f"Stakeholder {i + 1:03d}",
                    "kind": kinds[i % len(kinds)],
                    "country": "",
                    "region": "",
                    "created_at": NOW,
                }
            )
        copy_rows(cur, Organisation, orgs)
        users = [
            {
                "id": o["id"],
                "username": f"delegate{o['id']}",
                "password": "!",
                "email": "",
                "first_name": "",
                "last_name": "",
                "is_superuser": False,
                "is_staff": False,
                "is_active": True,
                "date_joined": NOW,
                "organisation": o["id"],
                "is_delegate": True,
            }
            for o in orgs
        ]
        editor_id = len(orgs) + 1
        users.append(
            {
                "id": editor_id,
                "username": "editor",
                "password": "!",
                "email": "",
                "first_name": "",
                "last_name": "",
                "is_superuser": False,
                "is_staff": False,
                "is_active": True,
                "date_joined": NOW,
                "is_editor": True,
                "is_coordinator": True,
            }
        )
        copy_rows(cur, User, users)

        section_ids: dict[int, list[int]] = {}
        section_rows, frozen_rows, guideline_rows = [], [], []
        next_section = 1
        for g, audience in enumerate(GUIDELINES, start=1):
            guideline_rows.append(
                {
                    "id": g,
                    "slug": f"cop-{audience}",
                    "title": f"COP {audience}",
                    "audience": audience,
                    "stage": "consultation",
                    "stage_changed_at": NOW,
                    "created_at": NOW,
                }
            )
            section_ids[g] = []
            for s in range(SECTIONS_PER_GUIDELINE):
                top, sub = divmod(s, 10)
                body = "\n\n".join(paragraph(rng, rng.randint(2, 5)) for _ in range(3))
                if g == 1 and s == 0:
                    body = "\n\n".join(paragraph(rng, 5) for _ in range(DIFF_SECTION_WORDS // 75))
                section_rows.append(
                    {
                        "id": next_section,
                        "guideline": g,
                        "parent": None,
                        "order": s,
                        "number": f"{top + 1}.{sub + 1}",
                        "sort_key": f"{top + 1:04d}.{sub + 1:04d}",
                        "heading": f"Heading {top + 1}.{sub + 1}",
                        "body": body,
                        "revision": 1,
                        "updated_at": NOW,
                    }
                )
                frozen_rows.append(
                    {
                        "version": g,
                        "section": next_section,
                        "section_key": next_section,
                        "parent_key": None,
                        "position": s,
                        "revision": 1,
                        "number": f"{top + 1}.{sub + 1}",
                        "heading": f"Heading {top + 1}.{sub + 1}",
                        "body": body,
                    }
                )
                section_ids[g].append(next_section)
                next_section += 1
        # Guideline 1's extra sections come after every other, so that the ids other cases
        # use (the diff section 1, the saved section 101) stay where they were.
        for s in range(SECTIONS_PER_GUIDELINE, READING_SECTIONS):
            top, sub = divmod(s, 10)
            text = {
                "number": f"{top + 1}.{sub + 1}",
                "heading": f"Heading {top + 1}.{sub + 1}",
                "body": "\n\n".join(paragraph(rng, rng.randint(2, 5)) for _ in range(3)),
                "revision": 1,
            }
            section_rows.append(
                {
                    "id": next_section,
                    "guideline": 1,
                    "parent": None,
                    "order": s,
                    "sort_key": f"{top + 1:04d}.{sub + 1:04d}",
                    "updated_at": NOW,
                    **text,
                }
            )
            frozen_rows.append(
                {
                    "version": 1,
                    "section": next_section,
                    "section_key": next_section,
                    "parent_key": None,
                    "position": s,
                    **text,
                }
            )
            section_ids[1].append(next_section)
            next_section += 1
        consulted = {row["section"]: row["body"] for row in frozen_rows if row["version"] == 1}
        # The diff section gets a second revision with a few word-level edits.
        diff_section = section_rows[0]
        words = diff_section["body"].split(" ")
        for k in range(10, len(words), len(words) // 5):
            words[k] = "amended"
        revised = dict(diff_section, body=" ".join(words), revision=2)
        section_rows[0] = revised
        copy_rows(cur, Guideline, guideline_rows)
        copy_rows(cur, Section, section_rows)
        history = [
            {**row, "history_date": NOW, "history_type": "+", "history_change_reason": "Seed"}
            for row in [diff_section, *section_rows]
        ]
        copy_rows(cur, Section.history.model, history)
        copy_rows(
            cur,
            Version,
            [
                {
                    "id": g,
                    "guideline": g,
                    "label": "Draft 1",
                    "created_at": NOW,
                    "created_by": editor_id,
                }
                for g in range(1, len(GUIDELINES) + 1)
            ],
        )
        copy_rows(cur, VersionSection, frozen_rows)
        copy_rows(
            cur,
            Consultation,
            [
                {
                    "id": g,
                    "guideline": g,
                    "version": g,
                    "title": f"Consultation {g}",
                    "opens_at": NOW - dt.timedelta(days=30),
                    "closes_at": NOW + dt.timedelta(days=365),
                    "visibility": "private",
                    "invited_kinds": '["member_state"]',
                    "created_at": NOW,
                }
                for g in range(1, len(GUIDELINES) + 1)
            ],
        )
        for model, fields in [(Guideline.editors, ("guideline_id", "user_id"))]:
            table = model.through._meta.db_table
            with cur.copy(f'COPY "{table}" ({", ".join(fields)}) FROM STDIN') as copy:
                for g in range(1, len(GUIDELINES) + 1):
                    copy.write_row([g, editor_id])

        clause_keys = {
            row["id"]: clause_key(row["guideline"], row["sort_key"]) for row in section_rows
        }

        def comment_rows():
            types = ["general", "technical", "editorial"]
            decisions = ["", "", "accepted", "rejected", "noted", "partially_accepted"]
            bodies = [paragraph(rng, rng.randint(2, 6)) for _ in range(DISTINCT_BODIES)]
            keys = [similarity_keys(body) for body in bodies]
            for i in range(1, comments + 1):
                g = 1 if rng.random() < SKEW else rng.randint(2, len(GUIDELINES))
                org = rng.randint(1, len(orgs))
                status = "submitted" if rng.random() < 0.9 else "draft"
                decision = rng.choice(decisions) if status == "submitted" else ""
                section = rng.choice(section_ids[g])
                anchor = (
                    anchored(consulted[section], i)
                    if g == 1 and org == DELEGATE_ORGANISATION
                    else {}
                )
                yield {
                    "id": i,
                    "consultation": g,
                    "section": section,
                    "clause_key": clause_keys[section],
                    "organisation": org,
                    "author": org,
                    "type": rng.choice(types),
                    "body": bodies[i % len(bodies)],
                    "similarity_keys": keys[i % len(bodies)],
                    "proposed_change": bodies[(i * 7) % DISTINCT_BODIES],
                    "status": status,
                    "submitted_at": NOW if status == "submitted" else None,
                    "created_at": NOW,
                    "updated_at": NOW,
                    "decision": decision,
                    "rationale": "Addressed in the revision." if decision else "",
                    "resolved_at": NOW if decision else None,
                    "resolved_by": editor_id if decision else None,
                    **anchor,
                }

        with built_after(cur, Comment):
            copy_rows(cur, Comment, comment_rows())
        copy_rows(
            cur,
            Notification,
            (
                {
                    "recipient": DELEGATE_ORGANISATION,
                    "verb": Verb.COMMENT_RESOLVED,
                    "message": f"Comment {n} was resolved.",
                    "target_type": "comment",
                    "target_id": n,
                    "actor": editor_id,
                    "created_at": NOW,
                }
                for n in range(1, UNREAD_NOTIFICATIONS + 1)
            ),
        )
        for model in (
            Organisation,
            User,
            Guideline,
            Section,
            Version,
            VersionSection,
            Consultation,
            Comment,
            Notification,
        ):
            table = model._meta.db_table
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
            )
        conn.commit()
        cur.execute("ANALYZE")
    return {
        "guideline": 1,
        "consultation": 1,
        "diff_section": 1,
        "editor": editor_id,
        # Users are numbered after their organisations: delegate<n> belongs to organisation n.
        "delegate": DELEGATE_ORGANISATION,
    }


def anchored(text: str, n: int) -> dict:
    """The anchor of a 40-character passage of the consulted text, at a place set by n."""
    start = (n * 97) % max(1, len(text) - 40)
    end = min(len(text), start + 40)
    return {
        "anchor_quote": text[start:end],
        "anchor_prefix": text[max(0, start - 32) : start],
        "anchor_suffix": text[end : end + 32],
        "anchor_start": start,
        "anchor_end": end,
        "anchor_state": "exact",
        "current_start": start,
        "current_end": end,
        "anchored_revision": 1,
    }
