import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
NEWSLETTER_TEMPLATES = sorted(
    [*TEMPLATES.glob("newsletter/**/*.html"), *TEMPLATES.glob("admin/newsletter/**/*.html")]
)
FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+=", re.I),
}


@pytest.mark.parametrize("path", NEWSLETTER_TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_hold_nothing_the_content_security_policy_blocks(path):
    """No inline script, style element, style attribute or on* handler in newsletter templates."""
    source = path.read_text()
    found = [name for name, pattern in FORBIDDEN.items() if pattern.search(source)]
    assert found == []
