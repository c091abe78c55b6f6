"""Domain errors: each carries the stable machine code and HTTP status the schema documents."""

from django.utils.translation import gettext_lazy


class DomainError(Exception):
    """A broken business rule; the API handler renders it as {"code", "detail", **extra}."""

    code = "error"
    status_code = 409
    default_detail = gettext_lazy("The request breaks a rule of the review process.")

    def __init__(self, detail: str | None = None, **extra):
        self.detail = detail or self.default_detail
        self.extra = extra
        super().__init__(self.detail)


class ConsultationClosed(DomainError):
    code = "consultation_closed"
    default_detail = gettext_lazy("The consultation has closed; comments can no longer be changed.")


class ConsultationNotOpen(DomainError):
    code = "consultation_not_open"
    default_detail = gettext_lazy("The consultation is not open yet.")


class TransitionBlocked(DomainError):
    code = "transition_blocked"
    default_detail = gettext_lazy("The guideline cannot move to that stage yet.")

    def __init__(self, detail: str | None = None, *, blockers: list | None = None, **extra):
        super().__init__(detail, blockers=blockers or [], **extra)


class StaleRevision(DomainError):
    code = "stale_revision"
    status_code = 412
    default_detail = gettext_lazy(
        "The section changed since you read it; reload it and apply your edit again."
    )


class PreconditionRequired(DomainError):
    code = "precondition_required"
    status_code = 428
    default_detail = gettext_lazy(
        'Send the If-Match header with the ETag from GET (e.g. If-Match: "3").'
    )


class AlreadyResolved(DomainError):
    code = "already_resolved"
    default_detail = gettext_lazy(
        'The comment is already resolved; send "reopen": true to change it.'
    )


class NotInStage(DomainError):
    code = "not_in_stage"
    default_detail = gettext_lazy("The guideline is not in the stage this action needs.")


class Conflict(DomainError):
    code = "conflict"
    default_detail = gettext_lazy("The request conflicts with the current state.")


class CommentChanged(DomainError):
    code = "comment_changed"
    default_detail = gettext_lazy(
        "The comment changed since you read it; read it again before acting."
    )


class SectionHasChildren(DomainError):
    code = "section_has_children"
    default_detail = gettext_lazy("The section has subsections; move or delete them first.")


class SectionHasComments(DomainError):
    code = "section_has_comments"
    default_detail = gettext_lazy(
        "Comments point at this section, so it cannot be deleted; edit it instead."
    )


class GuidelineNotEmpty(DomainError):
    code = "guideline_not_empty"
    default_detail = gettext_lazy(
        "The guideline already has sections; import Markdown into an empty one."
    )


class ImportRejected(DomainError):
    """A spreadsheet import with bad rows: 400 with every error, and nothing saved."""

    code = "import_rejected"
    status_code = 400
    default_detail = gettext_lazy("Some rows of the file have errors; nothing was imported.")

    def __init__(self, detail: str | None = None, *, errors: list | None = None, **extra):
        super().__init__(detail, errors=errors or [], **extra)


class DuplicateImport(DomainError):
    """The file, or some of its rows, was imported before: 409 naming what is already there."""

    code = "duplicate_import"
    default_detail = gettext_lazy(
        "This file was already imported; send allow_duplicate=true to import it again."
    )


class IllegalTransition(DomainError):
    code = "illegal_transition"
    default_detail = gettext_lazy("The stage machine has no such move.")


class CommentNotSubmitted(DomainError):
    code = "comment_not_submitted"
    default_detail = gettext_lazy("Only submitted comments are reviewed.")


class NotResolved(DomainError):
    code = "not_resolved"
    default_detail = gettext_lazy("The comment has no disposition yet.")


class NoStandingObjection(DomainError):
    code = "no_standing_objection"
    default_detail = gettext_lazy(
        "The organisation has not objected to this disposition, or it is settled."
    )


class ExportTooLarge(DomainError):
    """Too many rows for a synchronous export; the body names the background export."""

    code = "export_too_large"
    default_detail = gettext_lazy(
        "This export is too large to run in one request; start a background export."
    )


class ExportNotReady(DomainError):
    code = "export_not_ready"
    default_detail = gettext_lazy(
        "The export has no file yet; check its status and download it when done."
    )


class BatchRejected(DomainError):
    """A batch refused as a whole: `failures` names each comment at fault, with its reason.

    The status is the first of 403, 409, 400 that some failure has (who may act, the state,
    the input: the order in which one comment's checks run); an unknown id is bad input.
    """

    code = "batch_rejected"
    default_detail = gettext_lazy(
        "Some comments of the batch cannot be changed; nothing was changed."
    )
    ORDER = (403, 409, 400)

    def __init__(self, detail: str, *, failures: list[dict]):
        super().__init__(
            detail, failures=failures, comments=[failure["detail"] for failure in failures]
        )
        statuses = {failure["status"] for failure in failures}
        self.status_code = next(status for status in self.ORDER if status in statuses)
