"""Template helpers of the web interface: accessible form controls, passages, local times."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Role
from consultation.models import Decision
from web import reading_html
from web.passages import mark_passages

register = template.Library()


@register.simple_tag
def control(field, **attrs):
    """Render a form field's widget with Bootstrap's class and its help and error linked."""
    kind = getattr(field.field.widget, "input_type", "")
    css = {"select": "form-select", "checkbox": "form-check-input"}.get(kind, "form-control")
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        css += " is-invalid"
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    attrs["class"] = css
    return field.as_widget(attrs=attrs)


@register.simple_tag
def passages(text, ranges):
    """The text with the given (start, end, label) ranges marked, everything else escaped."""
    return mark_passages(text, ranges)


@register.filter
def moment(value):
    """A <time> in UTC that the page script also shows in the reader's own time zone."""
    if not value:
        return ""
    utc = value.astimezone(dt.UTC)
    return format_html(
        '<time datetime="{}" data-local>{} UTC</time>',
        utc.isoformat(),
        date_format(utc, "SHORT_DATETIME_FORMAT"),
    )


@register.filter
def days_left(value):
    """ "3 days left" / "closes today" / "" for a closing time already passed."""
    if not value:
        return ""
    remaining = value - timezone.now()
    if remaining.total_seconds() <= 0:
        return ""
    days = remaining.days
    if days == 0:
        return _("closes today")
    return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}


@register.filter
def get(mapping, key):
    """mapping[key] in a template (a missing key gives an empty list)."""
    return mapping.get(key, [])


@register.simple_tag(takes_context=True)
def filter_link(context, name, value):
    """The current query string with `name` set to `value` (or unset if it was), page one,
    nothing selected."""
    params = context["request"].GET.copy()
    for key in ("before", "after", "select"):
        params.pop(key, None)
    if params.get(name) == value:
        params.pop(name)
    else:
        params[name] = value
    return f"?{params.urlencode()}" if params else "?"


@register.filter
def bdi(text):
    """Text people typed, isolated for a sentence around it: `<bdi>text</bdi>`, escaped."""
    return format_html("<bdi>{}</bdi>", text)


@register.filter
def person(user):
    """A person's full name, else their username; "—" for nobody."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username


@register.filter
def and_form(form, other):
    """Two forms as a list, to list the errors of both in one summary."""
    return [form, other]


@register.filter
def decision_label(value):
    """A decision's label ('partially_accepted' -> 'Partially accepted'); '' for none."""
    return Decision(value).label if value in Decision.values else ""


@register.simple_tag
def reading_toc(sections):
    """The reading page's table of contents (web.reading_html)."""
    return reading_html.reading_toc(sections)


@register.simple_tag
def reading_sections(sections, consultation_pk, comment_new_url, refusal):
    """The reading page's sections (web.reading_html)."""
    return reading_html.reading_sections(sections, consultation_pk, comment_new_url, refusal)


@register.filter
def role_label(value):
    """A role's translated label ('coordinator' -> 'Coordinator')."""
    return Role(value).label
