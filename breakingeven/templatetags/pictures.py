"""{% picture %}: a stored picture as a <picture> element with every rendition.

Browsers take the first format they can show (AVIF, then WebP, then JPEG or PNG) and the
smallest width that fills `sizes` on their screen. width and height carry the picture's true
shape, so the page never shifts while it loads.
"""

from django import template

from breakingeven.links import absolute_url

register = template.Library()

LOADING = ("lazy", "eager", "priority")


@register.inclusion_tag("pictures/picture.html")
def picture(fieldfile, *, alt, sizes, loading="lazy", css_class=""):
    """`loading`: "lazy" below the fold, "eager" above it, "priority" for the one picture
    that is the page's largest content (fetched before scripts and styles' images)."""
    if loading not in LOADING:
        raise template.TemplateSyntaxError(f"picture loading must be one of {LOADING}")
    return {
        "picture": fieldfile.picture,
        "alt": alt,
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
    }


@register.filter
def absolute(url):
    """A stored file's URL as others must see it: on the site's address unless already absolute."""
    return absolute_url(url)
