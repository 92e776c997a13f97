import pytest
from django.core.exceptions import ValidationError

from breakingeven.markup import render_markdown
from tests.factories import make_article, make_pay_reports, make_platform

pytestmark = pytest.mark.django_db


def test_pay_directive_renders_a_table_of_the_platform_bands():
    """`[[pay platform=…]]` on a line of its own becomes the platform's pay table."""
    platform = make_platform(name="Tallyline", slug="tallyline")
    make_pay_reports(5, platform=platform, hourly_pay=27)
    html = render_markdown("Before.\n\n[[pay platform=tallyline]]\n\nAfter.")
    assert "<table>" in html and "<td>27.00</td>" in html
    assert html.index("Before.") < html.index("<table>") < html.index("After.")


def test_tier_list_directive_lists_the_platforms():
    """`[[tierlist]]` becomes the Tier List's table."""
    make_platform(name="Gradient Guild", slug="gradient-guild")
    html = render_markdown("[[tierlist]]")
    assert "Gradient Guild" in html and "not rated" in html


def test_directive_output_is_sanitized():
    """What a directive renders goes through the same cleaning as the article."""
    make_platform(name='<script>alert("x")</script>', slug="evil")
    html = render_markdown("[[pay platform=evil]]")
    assert "<script>" not in html


def test_directive_quoted_in_code_stays_text():
    """An editor can show the syntax in a code block without it being run."""
    make_platform(slug="tallyline")
    html = render_markdown("```\n[[pay platform=tallyline]]\n```")
    assert "[[pay platform=tallyline]]" in html and "<table>" not in html


def test_unknown_platform_is_a_clear_error_in_the_admin_form():
    """Saving an article whose directive names no platform is refused with a message."""
    article = make_article(body_markdown="[[pay platform=nowhere]]")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert error.value.message_dict["body_markdown"] == [
        '[[pay]] names no known platform: "nowhere".'
    ]


def test_directive_quoted_in_code_is_not_checked():
    """Syntax shown in a code block is text: naming no platform there is no error."""
    article = make_article(body_markdown="```\n[[pay platform=nowhere]]\n```")
    article.full_clean()
    assert "[[pay platform=nowhere]]" in article.body_html


def test_unknown_platform_shows_a_notice_in_the_preview():
    """If the article is rendered anyway, the preview says what is wrong instead of failing."""
    article = make_article(body_markdown="[[pay platform=nowhere]]")
    assert 'class="directive-error"' in article.body_html
    assert "names no known platform" in article.body_html


def test_unknown_directive_name_is_left_as_text():
    """Only registered directives are expanded."""
    assert "[[gallery id=3]]" in render_markdown("[[gallery id=3]]")
