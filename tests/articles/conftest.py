import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Logging in the admin user per test need not cost a full PBKDF2 run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
