"""Demo content for the comments app, loaded by `manage.py load_demo` after the articles."""


def load():
    """Filled in as the comments app grows; must be safe to run again and again."""
