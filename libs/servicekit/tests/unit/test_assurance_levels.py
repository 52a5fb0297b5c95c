"""Levels of assurance: the token's acr claim, and the access rule's minimum (gateway and services)."""

import jwt as pyjwt
import pytest

from servicekit.access import Rule
from servicekit.errors import PermissionDenied
from servicekit.testing import TokenMinter


@pytest.fixture
def minter():
    return TokenMinter()


@pytest.mark.parametrize(("claim", "level"), [("2", 2), (1, 1), ("0", 0), (None, 0), ("3", 0), ("high", 0)])
def test_acr_claim_is_read_as_a_known_level_or_none(minter, claim, level):
    claims = pyjwt.decode(minter.token(subject="acct-1"), options={"verify_signature": False})
    claims.pop("acr")
    if claim is not None:
        claims["acr"] = claim
    signed = pyjwt.encode(claims, minter._key, algorithm="EdDSA", headers={"kid": minter.kid})
    assert minter.verifier.verify(signed).acr == level


def test_rule_refuses_a_level_below_its_minimum(minter):
    rule = Rule(public=False, roles=("citizen",), min_acr=2)
    with pytest.raises(PermissionDenied) as refused:
        rule.check(minter.verifier.verify(minter.token(acr=1)))
    assert refused.value.reason == "assurance_insufficient"
    assert refused.value.params == {"required_acr": 2, "acr": 1}
    rule.check(minter.verifier.verify(minter.token(acr=2)))
