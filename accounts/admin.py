"""Admin for organisations and users, with their history."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Organisation, Role, User
from .permissions import has_role
from .selectors import may_see_email, users_visible_to


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "country", "aliases"]


def _without_email(names) -> list:
    return [name for name in names if name != "email"]


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    """The directory as accounts.selectors lets the signed-in staff member see it."""

    list_display = ["username", "email", "organisation", "roles", "is_focal_point"]
    list_filter = ["is_delegate", "is_editor", "is_coordinator", "is_approver", "organisation"]
    actions = ["unlock"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (
            "Concord",
            {
                "fields": [
                    "organisation",
                    "is_delegate",
                    "is_editor",
                    "is_coordinator",
                    "is_approver",
                    "is_focal_point",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return users_visible_to(request.user)

    # Addresses are for coordinators and the person themself, in lists, searches and forms.
    def get_list_display(self, request):
        names = super().get_list_display(request)
        return names if has_role(request.user, "coordinator") else _without_email(names)

    def get_search_fields(self, request):
        names = super().get_search_fields(request)
        return names if has_role(request.user, "coordinator") else _without_email(names)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or may_see_email(request.user, obj):
            return fieldsets
        return [(name, {**o, "fields": _without_email(o["fields"])}) for name, o in fieldsets]

    def history_view(self, request, object_id, extra_context=None):
        self._check_history(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_history(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _check_history(self, request, object_id) -> None:
        """A person's recorded states carry their address: the same readers as the address."""
        person = self.get_object(request, object_id)
        if person is None or not may_see_email(request.user, person):
            raise PermissionDenied

    def get_form(self, request, obj=None, **kwargs):
        """The change form refuses what would lock the signed-in user out, as the API does."""
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            return form

        class GuardedForm(form):
            def clean(self):
                data = super().clean()
                coordinator = data.get("is_coordinator", obj.is_coordinator) or data.get(
                    "is_superuser", obj.is_superuser
                )
                refusal = services.self_lockout_refusal(
                    actor=request.user,
                    user=obj,
                    is_active=data.get("is_active", obj.is_active),
                    roles=[Role.COORDINATOR] if coordinator else [],
                )
                if refusal is not None:
                    raise forms.ValidationError(refusal.detail)
                return data

        return GuardedForm

    def has_delete_permission(self, request, obj=None):
        # Deleting oneself would lock one out; the API deactivates instead of deleting.
        if obj is not None and obj.pk == request.user.pk:
            return False
        return super().has_delete_permission(request, obj)

    def has_unlock_permission(self, request) -> bool:
        return has_role(request.user, "coordinator")

    @admin.action(description="Unlock sign-in (clear failed attempts)", permissions=["unlock"])
    def unlock(self, request, queryset):
        people = list(queryset)
        cleared = sum(services.user_unlock(actor=request.user, user=u) for u in people)
        names = ", ".join(u.username for u in people)
        messages.info(request, f"Unlocked {names}: {cleared} failed attempts cleared.")
