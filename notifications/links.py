"""Links in e-mails: the page where the person acts on a notification, and their preferences.

One helper builds every link (``CONCORD_SITE_URL`` + a path), so the templates never assemble
URLs. The paths are those of the web interface; a target without a page of its own there
links to its API address.
"""

from django.conf import settings

PAGES = {
    "comment": "/comments/{id}/",
    "consultation": "/consultations/{id}/",
    "guideline": "/guidelines/{id}/",
}
# No web page of its own (yet): the API's.
API_PAGES = {"update_request": "/api/v1/update-requests/{id}/"}
PREFERENCES_PATH = "/notifications/"


def site_link(path: str) -> str:
    """The absolute address of `path` on this Concord site."""
    return settings.CONCORD_SITE_URL.rstrip("/") + path


def target_link(target_type: str, target_id: int) -> str:
    """The page of the thing a notification is about; the notifications page when it has none."""
    page = PAGES.get(target_type) or API_PAGES.get(target_type)
    return site_link(page.format(id=target_id) if page else PREFERENCES_PATH)


def preferences_link() -> str:
    """The page where a person chooses how Concord e-mails them."""
    return site_link(PREFERENCES_PATH)
