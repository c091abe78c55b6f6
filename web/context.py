"""What the header of every page shows: the unread count of the signed-in person."""

from notifications.selectors import unread_count


def header(request) -> dict:
    """The header's unread-notification count (one indexed COUNT, signed-in pages only)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated) or not request.resolver_match:
        return {}
    if request.resolver_match.namespace != "web":
        return {}
    return {"unread_notifications": unread_count(user)}
