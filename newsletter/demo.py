"""Demo content for the newsletter app, loaded by `manage.py load_demo` after the articles."""


def load():
    """Filled in as the newsletter app grows; must be safe to run again and again."""
