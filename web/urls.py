"""The web interface's pages (mounted at the site root)."""

from django.contrib.auth import views as auth_views
from django.urls import path, re_path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from .forms import PasswordResetInTheirLanguage
from .views import (
    approvals,
    commenting,
    comments,
    consultations,
    dashboard,
    deliveries,
    editors,
    exports,
    guidelines,
    home,
    imports,
    language,
    notifications,
    organisations,
    people,
    position,
    queue,
    reading,
    sections,
    settlements,
    stages,
    update_requests,
    versions,
)

app_name = "web"
# Django's own account views with the interface's templates (the admin's would win otherwise).
ACCOUNT = "web/account"

auth = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name=f"{ACCOUNT}/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name=f"{ACCOUNT}/form.html",
            extra_context={"heading": _("Change your password")},
            success_url=reverse_lazy("web:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name=f"{ACCOUNT}/done.html",
            extra_context={
                "heading": _("Password changed"),
                "message": _("Your password is changed."),
            },
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name=f"{ACCOUNT}/form.html",
            extra_context={
                "heading": _("Reset your password"),
                "intro": _(
                    "Enter the e-mail address of your account; we send you a link to choose a "
                    "new password."
                ),
            },
            email_template_name=f"{ACCOUNT}/password_reset_email.txt",
            form_class=PasswordResetInTheirLanguage,
            success_url=reverse_lazy("web:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name=f"{ACCOUNT}/done.html",
            extra_context={
                "heading": _("Check your e-mail"),
                "message": _(
                    "If an account has that address, we have sent it a link to choose a new "
                    "password."
                ),
            },
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name=f"{ACCOUNT}/form.html",
            extra_context={"heading": _("Choose a new password")},
            success_url=reverse_lazy("web:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name=f"{ACCOUNT}/done.html",
            extra_context={
                "heading": _("Password set"),
                "message": _("Your new password is set. You can sign in with it."),
            },
        ),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    *auth,
    path("", home.home, name="home"),
    path("language/", language.language_switch, name="language"),
    path("guidelines/<int:pk>/", guidelines.guideline_detail, name="guideline"),
    path("guidelines/<int:pk>/queue/", queue.queue, name="queue"),
    path("guidelines/<int:pk>/versions/", versions.versions, name="versions"),
    path(
        "guidelines/<int:pk>/update-requests/",
        update_requests.update_requests,
        name="update_requests",
    ),
    re_path(
        r"^update-requests/(?P<pk>\d+)/(?P<action>support|accept|decline)/$",
        update_requests.update_request_act,
        name="update_request_act",
    ),
    path("sections/<int:pk>/edit/", sections.section_edit, name="section_edit"),
    path("sections/<int:pk>/history/", sections.section_history_page, name="section_history"),
    path("sections/<int:pk>/revert/", sections.section_revert, name="section_revert"),
    path("guidelines/<int:pk>/queue/resolve/", queue.queue_resolve, name="queue_resolve"),
    path("guidelines/<int:pk>/queue/assign/", queue.queue_assign, name="queue_assign"),
    path("consultations/<int:pk>/", reading.consultation_read, name="consultation"),
    path(
        "consultations/<int:pk>/sections/<int:section_id>/comments/",
        reading.section_comments,
        name="section_comments",
    ),
    path("consultations/<int:pk>/comment/", commenting.comment_new, name="comment_new"),
    path("consultations/<int:pk>/import/", imports.comments_import_page, name="comments_import"),
    path("consultations/<int:pk>/position/", position.position, name="position"),
    path("consultations/<int:pk>/position/check/", position.position_check, name="position_check"),
    path(
        "consultations/<int:pk>/position/submit/", position.position_submit, name="position_submit"
    ),
    path("comments/<int:pk>/", comments.comment_detail, name="comment"),
    path("comments/<int:pk>/edit/", commenting.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/withdraw/", commenting.comment_withdraw, name="comment_withdraw"),
    path("comments/<int:pk>/reply/", comments.comment_reply, name="comment_reply"),
    path("comments/<int:pk>/respond/", comments.comment_respond, name="comment_respond"),
    path("comments/<int:pk>/resolve/", comments.comment_resolve, name="comment_resolve"),
    path("comments/<int:pk>/assign/", comments.comment_assign, name="comment_assign"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
    path(
        "notifications/read-all/",
        notifications.notification_read_all,
        name="notification_read_all",
    ),
    path("notifications/preference/", notifications.preference, name="preference"),
    # The coordinators' and approvers' workspace.
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path(
        "guidelines/<int:pk>/dashboard/", dashboard.guideline_dashboard, name="guideline_dashboard"
    ),
    path(
        "consultations/<int:pk>/dashboard/",
        dashboard.consultation_dashboard,
        name="consultation_dashboard",
    ),
    path("consultations/<int:pk>/remind/", dashboard.remind, name="remind"),
    path("guidelines/<int:pk>/editors/", editors.guideline_editors, name="guideline_editors"),
    path(
        "guidelines/<int:pk>/editors/<int:user_id>/remove/",
        editors.guideline_editor_remove_page,
        name="guideline_editor_remove",
    ),
    path("guidelines/<int:pk>/stages/", stages.stages, name="stages"),
    path("guidelines/<int:pk>/stages/move/", stages.stage_move, name="stage_move"),
    path("guidelines/<int:pk>/approvals/", approvals.approvals, name="approvals"),
    path(
        "guidelines/<int:pk>/approvals/decide/", approvals.approval_decide, name="approval_decide"
    ),
    path("guidelines/<int:pk>/exports/", exports.export_start, name="export_start"),
    path("exports/<int:pk>/", exports.export_status, name="export"),
    path(
        "guidelines/<int:pk>/consultations/new/",
        consultations.consultation_new,
        name="consultation_new",
    ),
    path(
        "consultations/<int:pk>/close/",
        consultations.consultation_close_now,
        name="consultation_close",
    ),
    path(
        "consultations/<int:pk>/reopen/",
        consultations.consultation_reopen_now,
        name="consultation_reopen",
    ),
    path("comments/<int:pk>/settle/", settlements.comment_settle_page, name="comment_settle"),
    path("people/", people.people, name="people"),
    path("people/invite/", people.person_invite, name="person_invite"),
    path("people/<int:pk>/", people.person, name="person"),
    path("people/<int:pk>/deactivate/", people.person_deactivate, name="person_deactivate"),
    path("people/<int:pk>/unlock/", people.person_unlock, name="person_unlock"),
    path("organisations/", organisations.organisations, name="organisations"),
    path("organisations/new/", organisations.organisation_new, name="organisation_new"),
    path("organisations/<int:pk>/", organisations.organisation, name="organisation"),
    path(
        "organisations/<int:pk>/focal-point/",
        organisations.organisation_focal_point,
        name="organisation_focal_point",
    ),
    path("deliveries/", deliveries.deliveries, name="deliveries"),
    path("deliveries/<int:pk>/retry/", deliveries.delivery_retry, name="delivery_retry"),
]
