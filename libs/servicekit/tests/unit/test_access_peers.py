"""AccessRule.peers as options.proto states it, on the Rule every service and the gateway check."""

from __future__ import annotations

import pytest

from gorontalo.tax.v1 import tax_pb2
from servicekit.access import Rule, rule_for_method
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied, Unauthenticated
from servicekit.pki import PeerIdentity

PERMITS = PeerIdentity.of("permits")
KOTA_PERMITS = PeerIdentity.of("permits", "75.71")
GATEWAY = PeerIdentity.of("gateway")


def citizen():
    return Principal(subject="c-1", role="citizen", acr=1)


def reason(check) -> str:
    with pytest.raises((PermissionDenied, Unauthenticated)) as caught:
        check()
    return caught.value.reason


def test_the_contract_declares_permits_on_fee_bills():
    create = rule_for_method("/gorontalo.tax.v1.TaxService/CreateFeeBill")
    cancel = rule_for_method("/gorontalo.tax.v1.TaxService/CancelBill")
    assert create.peers == cancel.peers == ("permits",)
    assert create.region_field == "region_code" and "citizen" not in cancel.roles
    assert rule_for_method("/gorontalo.identity.v1.IdentityService/GetContact").service_to_service_only


def test_a_named_peer_is_admitted_by_identity_with_or_without_a_matching_role():
    rule = Rule(public=False, roles=("officer",), peers=("permits",))
    rule.check(citizen(), PERMITS)
    rule.check(None, PERMITS)
    assert reason(lambda: rule.check(citizen(), GATEWAY)) == "permission_denied"
    assert reason(lambda: rule.check(None, GATEWAY)) == "unauthenticated"


def test_the_gateway_checking_end_users_sees_the_rule_it_always_saw():
    rule = Rule(public=False, roles=("citizen",), min_acr=2, peers=("permits",))
    assert reason(lambda: rule.check(citizen())) == "assurance_insufficient"


def test_peers_without_roles_is_service_to_service_only():
    rule = Rule(public=False, roles=(), peers=("inbox",))
    rule.check(None, PeerIdentity.of("inbox"))
    assert reason(lambda: rule.check(citizen(), GATEWAY)) == "peer_not_allowed"
    assert reason(lambda: rule.check(citizen())) == "peer_not_allowed"


@pytest.mark.parametrize(
    "region,admitted",
    [("75.71", True), ("75.71.01.1001", True), ("75.7", False), ("75.04.01", False), ("75", False), ("", False)],
)
def test_a_kabupaten_peer_is_admitted_within_its_region(region, admitted):
    rule = Rule(public=False, roles=("officer",), peers=("permits",), region_field="region_code")
    request = tax_pb2.CreateFeeBillRequest(region_code=region)
    if admitted:
        rule.check(None, KOTA_PERMITS, request)
    else:
        assert reason(lambda: rule.check(None, KOTA_PERMITS, request)) == "peer_outside_region"
    rule.check(None, PERMITS, request)  # the province acts for every region
