"""The admin site, with sign-in attempts limited per account and per visitor.

Only failures count (settings.RATE_LIMITS["login"]), in the shared cache, so the limit holds
across workers and hosts. Each attempt is counted before its password is checked, and taken
back if it succeeds, so parallel guesses cannot slip past the limit together. Once an account
or a visitor has used up its failures, every attempt is refused before the password is even
checked, so guessing right during the pause reveals nothing.
"""

import math
import unicodedata

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.forms import NON_FIELD_ERRORS
from django.http import HttpResponseNotAllowed

from . import ratelimit


def pause_minutes():
    _, window = ratelimit.parse_rate(settings.RATE_LIMITS["login"])
    return math.ceil(window / 60)


class ThrottledAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": (
            "Too many failed sign-in attempts. For your security, signing in is paused for "
            "up to %(minutes)d minutes. Please wait, then try again."
        ),
    }

    def limit_identities(self):
        """The account (its normalised username, keyed-hashed) and the visitor being counted."""
        identities = [f"visitor:{ratelimit.visitor_hash(self.request)}"]
        username = self.data.get("username", "")
        if username:
            normalised = unicodedata.normalize("NFKC", username).strip().casefold()
            identities.append(f"account:{ratelimit.keyed_hash(normalised, purpose='account')}")
        return identities

    def clean(self):
        identities = self.limit_identities()
        # Every identity is counted (no short circuit), as a failure would be.
        if not all([ratelimit.hit("login", identity) for identity in identities]):
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": pause_minutes()},
            )
        cleaned = super().clean()  # a wrong password raises, and its count stays
        for identity in identities:
            ratelimit.forgive("login", identity)
        return cleaned


class SiteAdmin(admin.AdminSite):
    site_header = "BreakingEven"
    site_title = "BreakingEven admin"
    index_title = "Editor’s desk"
    login_form = ThrottledAuthenticationForm

    def login(self, request, extra_context=None):
        """Answer a refused attempt with 429 and Retry-After, on the usual sign-in page."""
        if request.method not in ("GET", "HEAD", "POST"):
            # Django's LoginView would treat PUT as POST.
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if form is not None and form.has_error(NON_FIELD_ERRORS, "throttled"):
            response.status_code = 429
            response["Retry-After"] = str(pause_minutes() * 60)
        return response

    def index(self, request, extra_context=None):
        """The front page starts with the editor's desk: the queue and the numbers."""
        from .dashboard import dashboard, period_from  # reads the apps' models

        period = period_from(request.GET.get("period"))
        desk = dashboard(request.user, period=period)
        return super().index(request, {**desk, **(extra_context or {})})
