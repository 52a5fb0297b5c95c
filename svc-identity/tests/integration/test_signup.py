"""Sign-up against the population register: one answer for every mismatch, no NIK oracle."""

import pytest

from gorontalo_identity.adapters.tables import accounts
from gorontalo_identity.service_layer import services
from servicekit.errors import InvalidArgument

SITI_NIK = "7571014101900003"
UNREGISTERED_NIK = "7571014101900099"  # well formed, same birth date and sex as Siti, not in the register

MISMATCHES = {
    "nik_not_in_register": {"nik": UNREGISTERED_NIK},
    "nik_of_another_province": {"nik": "3171014101900003"},  # Jakarta: well formed, never in this register
    "wrong_name": {"full_name": "Siti Rahmawati"},
    "name_of_her_sister": {"full_name": "Nur Aini"},
    # The NIK encodes day, month and two-digit year, so the only birth date that agrees with it
    # and still differs from the register is a century away.
    "wrong_birth_date": {"birth_date": "1890-01-01"},
    "wrong_name_and_unregistered_nik": {"nik": UNREGISTERED_NIK, "full_name": "Siapa Saja"},
}


def _refusal(ident, **overrides) -> InvalidArgument:
    with pytest.raises(InvalidArgument) as caught:
        ident.signup(**overrides)
    return caught.value


def _shape(error):
    return (type(error), error.reason, error.violations, error.params, str(error))


@pytest.mark.parametrize("case", sorted(MISMATCHES))
def test_every_register_mismatch_gets_the_same_answer(ident, case):
    error = _refusal(ident, **MISMATCHES[case])
    assert error.reason == "register_mismatch"
    assert error.violations == [] and error.params == {}
    assert _shape(error) == _shape(_refusal(ident, nik=UNREGISTERED_NIK))  # the reference: NIK unknown
    assert ident.count(accounts) == 0 and ident.events() == []


def test_a_birth_date_contradicting_the_nik_is_answered_alike_for_known_and_unknown_niks(ident):
    # This one is caught before the register is consulted, so it reveals nothing either.
    known = _refusal(ident, birth_date="1990-01-02")
    unknown = _refusal(ident, nik=UNREGISTERED_NIK, birth_date="1990-01-02")
    assert [(v.field, v.reason) for v in known.violations] == [("nik", "nik_birth_date_mismatch")]
    assert _shape(known) == _shape(unknown)


def test_the_name_is_compared_without_case_or_extra_spaces(ident):
    account = ident.signup(full_name="  siti   RAHMA ")
    assert account.full_name == "Siti Rahma"  # stored as the register spells it
    with ident.uow() as uow:
        stored = uow.accounts.get(account.id)
    assert stored.full_name == "Siti Rahma" and stored.nik == SITI_NIK


def test_the_account_takes_name_birth_date_and_regency_from_the_register(ident):
    account = ident.signup(
        nik=ident.AHMAD_NIK, full_name="AHMAD katili", birth_date="1985-03-15", phone="0813 1111 2222"
    )
    stored = services.get_account(ident.uow(), account.id)
    assert (stored.role, stored.full_name, stored.regency_code, stored.birth_date.isoformat()) == (
        "citizen",
        "Ahmad Katili",
        "75.04",
        "1985-03-15",
    )
    assert stored.phone == "+6281311112222" and stored.nik == ident.AHMAD_NIK
    [event] = ident.events("gorontalo.identity.citizen.registered")
    assert event["data"] == {"citizen_id": account.id, "regency_code": "75.04"}


def test_a_changed_register_name_is_what_a_later_sign_up_must_match(ident):
    ident.import_rows([ident.SITI | {"full_name": "Siti Rahma Katili"}, ident.NUR, ident.AHMAD])
    assert _refusal(ident).reason == "register_mismatch"  # the old name no longer matches
    assert ident.signup(full_name="siti rahma katili").full_name == "Siti Rahma Katili"
