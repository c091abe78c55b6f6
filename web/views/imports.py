"""Importing comments sent by e-mail: upload, preview every row, map member bodies, import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Organisation
from common.errors import DomainError
from consultation.iso_template import read_comment_sheet
from consultation.rules import consultation_allowed_actions
from consultation.services.import_bodies import organisations_from_import
from consultation.services.import_checks import check_sheet, import_preview
from consultation.services.import_records import upload_sha256
from reviews.services.disposition_import import comments_import_resolved, resolved_file_refusals

from .. import uploads
from ..forms import ImportUploadForm, MemberBodiesForm, add_service_error
from .reading import _consultation


def _preview(request, consultation, upload, token, *, mapping_data=None, errors=None):
    """Read the kept file again and show what the import would do, with the mapping form.

    Organisations the person chose to create are created and rolled back, so the rows that
    name them are checked as the import will check them."""
    sheet = read_comment_sheet(upload)
    check = check_sheet(consultation=consultation, sheet=sheet, preview=True)
    bodies = list(check.unknown_bodies)
    mapping = MemberBodiesForm(
        mapping_data, bodies=bodies, organisations=Organisation.objects.order_by("name")
    )
    valid = mapping_data is not None and mapping.is_valid()
    chosen = mapping.mapping() if valid else {}
    creations = mapping.creations() if valid else {}
    with transaction.atomic():
        try:
            created = organisations_from_import(
                user=request.user, consultation=consultation, creations=creations
            )
        except (DomainError, ValidationError) as error:
            add_service_error(mapping, error)
            created = {}
        if chosen or created:
            check = check_sheet(
                consultation=consultation,
                sheet=sheet,
                member_bodies=chosen | created,
                preview=True,
            )
        refused = (
            []
            if check.errors or errors
            else resolved_file_refusals(
                user=request.user,
                consultation=consultation,
                sheet=sheet,
                member_bodies=chosen | created,
            )
        )
        preview = import_preview(sheet, check, refused)
        transaction.set_rollback(True)
    return render(
        request,
        "web/import_preview.html",
        {
            "consultation": consultation,
            "preview": preview,
            "created": created,
            "token": token,
            "mapping": mapping,
            "import_errors": errors or [],
            "file_name": upload.name,
        },
        status=400 if errors else 200,
    )


@transaction.atomic
def _import(request, consultation, upload, mapping):
    """Create the organisations chosen, then import the file: all of it or nothing."""
    created = organisations_from_import(
        user=request.user, consultation=consultation, creations=mapping.creations()
    )
    return comments_import_resolved(
        user=request.user,
        consultation=consultation,
        sheet=read_comment_sheet(upload),
        source=upload.name,
        member_bodies=mapping.mapping() | created,
        content_hash=upload_sha256(upload),
        allow_duplicate=request.POST.get("allow_duplicate") == "on",
    )


@login_required
def comments_import_page(request, pk: int):
    """Upload a comment file; a preview follows before anything is saved."""
    consultation = _consultation(pk)
    if "import" not in consultation_allowed_actions(request.user, consultation):
        raise Http404("No such consultation in your work.")
    token = request.POST.get("token", "")
    if token:
        upload = uploads.fetch(request, token, consultation_id=consultation.pk)
        if upload is None:
            messages.error(request, _("The file is no longer kept; upload it again."))
            return redirect("web:comments_import", pk=pk)
        if request.POST.get("action") != "import":
            return _preview(request, consultation, upload, token, mapping_data=request.POST)
        mapping = MemberBodiesForm(
            request.POST,
            bodies=request.POST.getlist("bodies"),
            organisations=Organisation.objects.all(),
        )
        try:
            if not mapping.is_valid():
                raise ValidationError(
                    [error for errors in mapping.errors.values() for error in errors]
                )
            result = _import(request, consultation, upload, mapping)
        except (DomainError, ValidationError) as error:
            detail = getattr(error, "detail", None) or " ".join(error.messages)
            rows = getattr(error, "extra", {}).get("errors") or []
            return _preview(
                request,
                consultation,
                upload,
                token,
                mapping_data=request.POST,
                errors=[detail]
                + [
                    _("Row %(row)s: %(message)s") % {"row": r["row"], "message": r["message"]}
                    for r in rows
                ],
            )
        uploads.discard(request, token)
        messages.success(
            request,
            ngettext(
                "%(count)s comment imported from %(name)s.",
                "%(count)s comments imported from %(name)s.",
                len(result.ids),
            )
            % {"count": len(result.ids), "name": upload.name},
        )
        updated = len(result.check.matched) - len(result.check.unchanged)
        if updated:
            messages.success(
                request,
                ngettext(
                    "%(count)s comment already in Concord got the file's disposition.",
                    "%(count)s comments already in Concord got the file's disposition.",
                    updated,
                )
                % {"count": updated},
            )
        return redirect(
            reverse("web:queue", args=[consultation.guideline_id]) + "?status=submitted"
        )
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            read_comment_sheet(upload)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            token = uploads.keep(request, upload, consultation_id=consultation.pk)
            return _preview(request, consultation, upload, token)
    return render(request, "web/import_upload.html", {"consultation": consultation, "form": form})
