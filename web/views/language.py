"""The language switcher: Django's set_language, and the signed-in person's preference saved."""

from django.conf import settings
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts.services import user_language_set


@require_POST
def language_switch(request):
    """Remember the chosen language in the cookie, and on the account when signed in."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and response.cookies.get(settings.LANGUAGE_COOKIE_NAME):
        user_language_set(user=request.user, language=language)
    return response
