"""Where a notification's target lives in the web interface."""

from django.urls import reverse

_PAGES = {
    "comment": "web:comment",
    "consultation": "web:consultation",
    "guideline": "web:guideline",
}


def target_url(target_type: str, target_id: int) -> str:
    """The page of a notification's target (home for kinds without a page of their own)."""
    name = _PAGES.get(target_type)
    return reverse(name, args=[target_id]) if name else reverse("web:home")
