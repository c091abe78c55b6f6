"""Admin for organisations and users, with their history."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "country", "aliases"]


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "email", "organisation", "roles", "is_focal_point"]
    list_filter = ["is_delegate", "is_editor", "is_coordinator", "is_approver", "organisation"]
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
