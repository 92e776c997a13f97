import pytest
from django.core.exceptions import ValidationError

from breakingeven.addresses import validate_deliverable_address


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ('"a\x0bb"@example.com', "invalid"),
        ("tab\there@example.com", "invalid"),
        ('"jane doe"@example.com', "quoted"),
        ("back\\slash@example.com", "quoted"),
        ("x" * 65 + "@example.com", "local_too_long"),
    ],
)
def test_addresses_mail_cannot_reach_are_refused(address, code):
    """Control characters, quoted local parts and local parts over 64 characters are refused."""
    with pytest.raises(ValidationError) as refused:
        validate_deliverable_address(address)
    assert refused.value.code == code


@pytest.mark.parametrize(
    "address", ["jane.doe@example.com", "x" * 64 + "@example.com", "o'brien+news@exämple.ie"]
)
def test_ordinary_addresses_pass(address):
    """Everyday addresses, the longest local part SMTP allows and non-ASCII domains pass."""
    validate_deliverable_address(address)
