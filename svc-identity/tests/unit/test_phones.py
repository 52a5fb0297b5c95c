"""Mobile numbers as residents type them, one E.164 form (the domain, no database)."""

from gorontalo_identity.domain.model import normalise_phone


def test_phone_normalisation():
    assert normalise_phone("0812-3456-7890") == normalise_phone("+62 812 3456 7890") == "+6281234567890"
    assert normalise_phone("6281234567890") == "+6281234567890"
    assert normalise_phone("021555123") is None
