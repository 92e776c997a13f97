"""A typed address re-shown on the signup page never becomes markup that runs."""

import pytest
from django.urls import reverse

from tests.xss import batches, dangers, payloads

pytestmark = pytest.mark.django_db


def test_every_payload_as_the_address_is_inert_when_the_page_is_shown_again(client, settings):
    """Each payload, a hundred to a request, comes back as text in the refused form."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": "100000/60"}
    for batch in batches(payloads(), 100):
        address = " ".join(batch)
        response = client.post(reverse("newsletter:signup"), {"email": address})
        assert response.status_code == 400
        assert response.context["signup_form"]["email"].value() == address
        assert dangers(response.content.decode()) == []
