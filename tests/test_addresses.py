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
        ("jane@example.com\u200b", "invalid"),
        ("jane\u202e@example.com", "invalid"),
        ("jane@[10.0.0.5]", "no_domain_name"),
        ("jane@[IPv6:2001:db8::1]", "no_domain_name"),
        ("jane@localhost", "no_domain_name"),
    ],
)
def test_addresses_mail_cannot_reach_are_refused(address, code):
    """Control and invisible formatting characters, quoted local parts, local parts over 64
    characters, and domains that are an IP address or a name without a dot are refused."""
    with pytest.raises(ValidationError) as refused:
        validate_deliverable_address(address)
    assert refused.value.code == code


@pytest.mark.parametrize(
    "address", ["jane.doe@example.com", "x" * 64 + "@example.com", "o'brien+news@exämple.ie"]
)
def test_ordinary_addresses_pass(address):
    """Everyday addresses, the longest local part SMTP allows and non-ASCII domains pass."""
    validate_deliverable_address(address)
