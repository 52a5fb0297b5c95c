"""Visitor accounts (GORINDO, issue 21): tourists outside the population register review places with a
phone proven by a code, no NIK and the lowest level of assurance; the role reaches nothing else."""

from __future__ import annotations

import pytest

from gorontalo.complaints.v1 import complaints_pb2  # noqa: F401 - the contracts whose rules are checked
from gorontalo.permits.v1 import permits_pb2  # noqa: F401
from gorontalo.tourism.v1 import tourism_pb2  # noqa: F401
from gorontalo_identity.service_layer import services, visitors
from servicekit import access
from servicekit.errors import InvalidArgument, PermissionDenied, Unauthenticated

PHONE = "081298765432"
PASSWORD = "kata-sandi-turis-1"


def register(ident, phone=PHONE, name="Ayu dari Bandung", password=PASSWORD):
    ident.clock.advance(seconds=1)
    return visitors.register_visitor(
        ident.uow(), ident.passwords, ident.clock, display_name=name, phone=phone, password=password
    )


def activate(ident, account_id, phone=PHONE, code=None):
    return visitors.activate_visitor(
        ident.uow(), ident.keys, ident.clock, account_id=account_id, code=code or ident.last_code(phone)
    )


def test_a_visitor_signs_up_with_a_phone_code_and_holds_the_lowest_level(ident_empty):
    pending = register(ident_empty)
    assert (pending.role, pending.nik, pending.status) == ("visitor", None, "pending_verification")
    with pytest.raises(Unauthenticated):  # not before the code
        ident_empty.login(PHONE, PASSWORD)
    session = activate(ident_empty, pending.id)
    principal = ident_empty.verifier().verify(session.access_token)
    assert (principal.role, principal.acr, principal.subject) == ("visitor", 0, pending.id)
    again = ident_empty.principal_of(PHONE, PASSWORD)  # logs in with the phone afterwards
    assert (again.role, again.acr) == ("visitor", 0)
    account = services.get_account(ident_empty.uow(), pending.id)
    assert account.phone_verified and account.full_name == "Ayu dari Bandung"


def test_wrong_codes_and_unknown_accounts_get_one_answer(ident_empty):
    pending = register(ident_empty)
    for account_id, code in ((pending.id, "000000"), ("no-such-account", "123456")):
        with pytest.raises(InvalidArgument) as refused:
            visitors.activate_visitor(
                ident_empty.uow(), ident_empty.keys, ident_empty.clock, account_id=account_id, code=code
            )
        assert [(v.field, v.reason) for v in refused.value.violations] == [("code", "code_invalid")]


def test_proving_the_number_again_signs_in_to_the_same_visitor(ident_empty):
    first = register(ident_empty)
    activate(ident_empty, first.id)
    second = register(ident_empty, name="Ayu", password="kata-sandi-baru-22")
    principal = ident_empty.verifier().verify(activate(ident_empty, second.id).access_token)
    assert principal.subject == first.id  # one account per number: one review per person per place
    assert ident_empty.principal_of(PHONE, "kata-sandi-baru-22").subject == first.id
    with pytest.raises(Unauthenticated):
        ident_empty.login(PHONE, PASSWORD)


def test_bad_input_is_named(ident_empty):
    with pytest.raises(InvalidArgument) as refused:
        register(ident_empty, phone="12", name="A", password="short")
    assert {v.field for v in refused.value.violations} == {"display_name", "phone", "password"}


def test_the_visitor_role_reaches_only_rpcs_that_name_it(ident_empty):
    pending = register(ident_empty)
    principal = ident_empty.verifier().verify(activate(ident_empty, pending.id).access_token)
    review = access.rule_for_method("/gorontalo.tourism.v1.TourismService/CreateReview")
    review.check(principal)
    for method in (
        "/gorontalo.complaints.v1.ComplaintsService/FileComplaint",
        "/gorontalo.permits.v1.PermitsService/SubmitApplication",
        "/gorontalo.tourism.v1.TourismService/CreateBusiness",
    ):
        with pytest.raises(PermissionDenied):
            access.rule_for_method(method).check(principal)
