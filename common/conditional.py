"""Optimistic concurrency for editable resources: ETags from revisions, If-Match checks.

Any resource with an integer ``revision`` reuses this: the view sends ``etag_for(revision)``
on reads and passes ``parse_if_match(request)`` to its service; the service locks the row
(``select_for_update``) and calls ``check_revision`` before writing, so two writers holding the
same ETag can never both win.

If-Match rules (documented in the README):
- missing -> 428 ``precondition_required``;
- one strong entity tag with the revision, ``"3"``, is the only accepted form;
- a weak tag (``W/"3"``) never matches under RFC 9110's strong comparison -> 412
  ``stale_revision``, like any tag that is not the current revision;
- anything else (bare ``3``, ``*``, several tags, garbage) -> 400 ``{"If-Match": [...]}``:
  ``*`` is refused because it would skip the lost-update check this header exists for.
"""

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from common.errors import PreconditionRequired, StaleRevision

_STRONG = re.compile(r'^"(\d{1,9})"$')
_WEAK = re.compile(r'^W/"(\d{1,9})"$')
WEAK_TAG = -1  # a well-formed weak tag: never equal to a real revision

# The accepted forms as an OpenAPI schema, for the If-Match parameters of the views.
IF_MATCH_SCHEMA = {"type": "string", "pattern": r'^(W/)?"[0-9]{1,9}"$'}

_MALFORMED = 'Send exactly one ETag from GET, quotes included, e.g. If-Match: "3".'


def etag_for(revision: int) -> str:
    """The strong ETag header value of a revision."""
    return f'"{revision}"'


def parse_if_match(request) -> int:
    """The revision a write expects from the request's If-Match header; raises 428 or 400."""
    raw = request.headers.get("If-Match")
    if raw is None or not raw.strip():
        raise PreconditionRequired()
    value = raw.strip()
    if match := _STRONG.match(value):
        return int(match.group(1))
    if _WEAK.match(value):
        return WEAK_TAG
    raise ValidationError({"If-Match": [_MALFORMED]})


def check_revision(*, current: int, expected: int) -> None:
    """Raise 412 stale_revision unless the caller's expected revision is the current one."""
    if expected != current:
        raise StaleRevision(
            _(
                "You sent If-Match %(value)s but the current revision is %(current)s; reload it "
                "and apply your edit again."
            )
            % {"value": etag_for(expected) if expected >= 0 else "W/...", "current": current},
            current_revision=current,
        )
