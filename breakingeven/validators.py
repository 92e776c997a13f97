"""A rule for text that editors type, shared by the models whose text goes into feeds."""

from django.core.validators import RegexValidator

# Feeds are XML 1.0, which cannot carry these: one in a title or a name made its feed a 500.
no_control_characters = RegexValidator(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f]",
    inverse_match=True,
    message="Please take out the control characters (a line break pasted from a document, say).",
)
