import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

from breakingeven.admin import ThrottledAuthenticationForm

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "correct horse battery staple"
REFUSED = "Too many failed sign-in attempts"


@pytest.fixture(autouse=True)
def login_limit(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": "3/900"}


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_editor_signs_in_after_failures_below_the_limit(client, editor):
    """Mistyping the password a couple of times does not stop the editor signing in."""
    for _ in range(2):
        response = sign_in(client, "editor", "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_successful_sign_ins_are_not_counted(client, editor):
    """Signing in and out many times never locks the editor out."""
    for _ in range(5):
        assert sign_in(client, "editor", PASSWORD).status_code == 302
        client.post(reverse("admin:logout"))


def test_account_is_paused_after_too_many_failures(client, editor):
    """After the limit, even the right password is refused with 429 and a clear message."""
    for _ in range(3):
        assert sign_in(client, "editor", "wrong").status_code == 200
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) == 900
    page = response.content.decode()
    assert REFUSED in page
    assert "15 minutes" in page
    assert 'name="username"' in page  # still the admin's sign-in page
    assert "_auth_user_id" not in client.session


def test_account_limit_holds_across_visitors_and_spellings(client, editor):
    """Guesses at one account from many addresses, in any letter case, share one limit."""
    for number, spelling in enumerate(["editor", "Editor", " EDITOR "]):
        sign_in(client, spelling, "wrong", address=f"198.51.100.{number}")
    response = sign_in(client, "editor", PASSWORD, address="192.0.2.99")
    assert response.status_code == 429


def test_visitor_is_paused_after_too_many_failures_on_any_accounts(client, editor):
    """One visitor guessing at many accounts is stopped, while others can still sign in."""
    for name in ("alice", "bob", "carol"):
        sign_in(client, name, "wrong", address="203.0.113.50")
    assert sign_in(client, "dave", "wrong", address="203.0.113.50").status_code == 429
    assert sign_in(client, "editor", PASSWORD, address="203.0.113.51").status_code == 302


def test_other_accounts_are_not_paused_by_someone_elses_failures(client, editor):
    """Failures at one account do not lock out a different account from another visitor."""
    for number in range(3):
        sign_in(client, "someone-else", "wrong", address=f"198.51.100.{number}")
    assert sign_in(client, "editor", PASSWORD, address="192.0.2.1").status_code == 302


class GuessesArriveWhileCheckingHasher(MD5PasswordHasher):
    """Checks passwords like MD5PasswordHasher; while checking the first one, more guesses at
    the same account arrive, as parallel requests would."""

    checked = 0

    def verify(self, password, encoded):
        type(self).checked += 1
        if type(self).checked == 1:
            for _ in range(4):
                attempt("wrong")
        return super().verify(password, encoded)


def attempt(password):
    request = RequestFactory().post(LOGIN, REMOTE_ADDR="203.0.113.7")
    data = {"username": "editor", "password": password}
    return ThrottledAuthenticationForm(request, data=data).is_valid()


def test_parallel_guesses_never_get_more_passwords_checked_than_the_limit(settings):
    """Guesses made while another is being checked are counted first: at most 3 get checked."""
    settings.PASSWORD_HASHERS = ["tests.test_admin_login.GuessesArriveWhileCheckingHasher"]
    User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    GuessesArriveWhileCheckingHasher.checked = 0
    attempt("wrong")
    attempt("wrong")
    assert GuessesArriveWhileCheckingHasher.checked == 3
