from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe

from comments.section import comment_section as build_comment_section

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_section(context):
    """{% comment_section as section %}: the threads and form for the page's `article`."""
    return build_comment_section(
        context["request"], context["article"], form=context.get("comment_form")
    )


@register.simple_tag
def posted_at(moment):
    """{% posted_at comment.created_at %}: a comment's <time> element, as the date filter
    would write it ('Y-m-d\\TH:i:sO' for machines, "j F Y, H:i" for readers).

    A page shows up to fifty threads with their replies, and the date filter, which reads its
    format anew each time, costs more than the rest of a comment's markup.
    """
    local = timezone.localtime(moment)
    # Digits and a month's name: nothing in it needs escaping.
    return mark_safe(  # noqa: S308
        f'<time datetime="{local:%Y-%m-%dT%H:%M:%S%z}">'
        f"{local.day} {MONTHS[local.month]} {local.year}, {local:%H:%M}</time>"
    )
