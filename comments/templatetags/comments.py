from django import template

from comments.section import comment_section as build_comment_section

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_section(context):
    """{% comment_section as section %}: the threads and form for the page's `article`."""
    return build_comment_section(
        context["request"], context["article"], form=context.get("comment_form")
    )
