"""Handing many comments to one editor at once, all or nothing."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import BatchRejected
from consultation.models import Comment
from consultation.rules import Actor, assign_refusal
from consultation.selectors.comments import comments_visible_to

from .comments import MAX_BATCH, comment_assign


@transaction.atomic
def comments_assign(
    *, comment_ids: list[int], editor: User, user: User, due_at: dt.datetime | None = None
) -> list[Comment]:
    """Assign every listed comment to `editor` (each as comment_assign does, each assignee
    notification included); any comment that cannot be assigned refuses the whole batch,
    with every failing id and its reason."""
    ids = list(dict.fromkeys(comment_ids))
    if not ids:
        raise ValidationError({"comments": [_("List at least one comment id.")]})
    if len(ids) > MAX_BATCH:
        raise ValidationError(
            {"comments": [_("Assign at most %(limit)s comments at once.") % {"limit": MAX_BATCH}]}
        )
    found = {
        c.pk: c for c in comments_visible_to(user).select_related("consultation").filter(pk__in=ids)
    }
    actor = Actor(user)
    failures = []
    for pk in ids:
        comment = found.get(pk)
        refusal = (
            assign_refusal(actor, comment)
            if comment is not None
            else ValidationError({"comments": [_("Comment %(pk)s does not exist.") % {"pk": pk}]})
        )
        if refusal is not None:
            detail = getattr(refusal, "detail", None) or " ".join(refusal.messages)
            status = getattr(refusal, "status_code", 400)
            code = getattr(refusal, "code", "invalid")
            failures.append({"comment": pk, "status": status, "code": code, "detail": detail})
    if failures:
        raise BatchRejected(
            f"{len(failures)} of the {len(ids)} comments cannot be assigned, so none was: "
            + " ".join(f"Comment {f['comment']}: {f['detail']}" for f in failures[:10]),
            failures=[
                {
                    **f,
                    "detail": _("Comment %(comment)s: %(reason)s")
                    % {"comment": f["comment"], "reason": f["detail"]},
                }
                for f in failures
            ],
        )
    return [
        comment_assign(comment=found[pk], editor=editor, user=user, due_at=due_at) for pk in ids
    ]
