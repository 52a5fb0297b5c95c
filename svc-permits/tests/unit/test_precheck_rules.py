"""The pre-check's flag rules: a card in the wrong slot, a NIK not the declared person's, an unreadable scan,
a missing card, and risk hints. It flags; it never decides."""

import datetime as dt

import pytest

from gorontalo_permits.domain import precheck as pc
from gorontalo_permits.domain.document_reading import KTP, NIB, NPWP, OTHER, UNREADABLE, Reading
from servicekit.errors import FailedPrecondition

DECLARED = pc.DeclaredPerson("7571014107900003", "SITI AMINAH HASAN")
KTP_OK = Reading(KTP, {"nik": DECLARED.nik, "name": DECLARED.name, "birth_date": "1990-07-01"}, 0.9, ("NIK",))
KTP_FOREIGN = Reading(KTP, {"nik": "7502015505850002", "name": "RINA"}, 0.9, ("NIK",))
NPWP_OK = Reading(NPWP, {"npwp": "09.254.294.3-407.000"}, 0.85, ("NPWP",))


def always(answer):
    asked = []

    def register_match(nik, declared):
        asked.append((nik, declared))
        return answer

    register_match.asked = asked
    return register_match


def kinds(flags):
    return sorted(f.kind for f in flags)


def run(slots, *, register=None, required=("KTP penanggung jawab", "NPWP"), risk=("rendah", 10_000_000, 1), nib=""):
    return pc.application_flags(
        [pc.Slot(str(i), t, r) for i, (t, r) in enumerate(slots)],
        required_documents=required,
        declared=DECLARED,
        nib=nib,
        risk_level=risk[0],
        investment_rupiah=risk[1],
        workforce=risk[2],
        register_match=register or always(True),
    )


def test_a_clean_application_gets_no_flag_and_the_register_is_asked_once():
    register = always(True)
    assert run([("KTP penanggung jawab", KTP_OK), ("NPWP", NPWP_OK)], register=register) == []
    assert register.asked == [(DECLARED.nik, DECLARED)]


def test_an_npwp_in_the_ktp_slot_is_the_wrong_type_and_the_ktp_is_missing():
    flags = run([("KTP penanggung jawab", NPWP_OK), ("NPWP", NPWP_OK)])
    assert kinds(flags) == [pc.DOCUMENT_MISSING, pc.WRONG_DOCUMENT_TYPE]
    wrong = next(f for f in flags if f.kind == pc.WRONG_DOCUMENT_TYPE)
    assert wrong.detail == "NPWP -> KTP penanggung jawab" and wrong.read["npwp"] == "09.254.294.3-407.000"
    assert wrong.confidence == 0.85


def test_a_foreign_nik_is_flagged_without_asking_the_register():
    register = always(True)
    flags = run([("KTP penanggung jawab", KTP_FOREIGN), ("NPWP", NPWP_OK)], register=register)
    assert [(f.kind, f.detail, f.read["nik"]) for f in flags] == [
        (pc.NIK_MISMATCH, "not_declared_nik", "7502015505850002")
    ]
    assert register.asked == []


def test_the_declared_nik_the_register_does_not_give_to_the_declared_name_is_flagged():
    flags = run([("KTP penanggung jawab", KTP_OK), ("NPWP", NPWP_OK)], register=always(False))
    assert [(f.kind, f.detail) for f in flags] == [(pc.NIK_MISMATCH, "register_no_match")]


def test_a_register_that_cannot_answer_raises_no_flag():
    assert run([("KTP penanggung jawab", KTP_OK), ("NPWP", NPWP_OK)], register=always(None)) == []


def test_a_swapped_card_and_a_foreign_nik_give_both_flags():
    flags = run([("KTP penanggung jawab", KTP_FOREIGN), ("KTP penanggung jawab", NPWP_OK), ("NPWP", NPWP_OK)])
    assert kinds(flags) == [pc.NIK_MISMATCH, pc.WRONG_DOCUMENT_TYPE]


def test_a_ktp_uploaded_as_the_npwp_is_still_compared():
    flags = run([("KTP penanggung jawab", KTP_OK), ("NPWP", KTP_FOREIGN)])
    assert kinds(flags) == [pc.DOCUMENT_MISSING, pc.NIK_MISMATCH, pc.WRONG_DOCUMENT_TYPE]


def test_an_unreadable_scan_is_flagged_not_missing():
    flags = run([("KTP penanggung jawab", Reading(UNREADABLE, {}, 0.2)), ("NPWP", NPWP_OK)])
    assert [(f.kind, f.confidence) for f in flags] == [(pc.UNREADABLE_SCAN, 0.2)]


def test_a_ktp_whose_nik_was_not_read_is_unreadable_on_that_field():
    flags = run([("KTP penanggung jawab", Reading(KTP, {"name": "SITI"}, 0.7)), ("NPWP", NPWP_OK)])
    assert [(f.kind, f.detail) for f in flags] == [(pc.UNREADABLE_SCAN, "nik")]


def test_other_documents_are_only_flagged_when_they_are_a_card():
    site_plan = Reading(OTHER, {}, 0.8)
    required = ("KTP penanggung jawab", "NPWP", "Denah lokasi usaha")
    assert run([("KTP penanggung jawab", KTP_OK), ("NPWP", NPWP_OK), ("Denah lokasi usaha", site_plan)],
               required=required) == []  # fmt: skip
    flags = run([("KTP penanggung jawab", KTP_OK), ("NPWP", NPWP_OK), ("Denah lokasi usaha", NPWP_OK)],
                required=required)  # fmt: skip
    assert kinds(flags) == [pc.WRONG_DOCUMENT_TYPE]


def test_an_nib_page_with_another_number_is_flagged():
    page = Reading(NIB, {"nib": "9120001234568"}, 0.8)
    slots = [("KTP penanggung jawab", KTP_OK), ("NPWP", NPWP_OK), ("NIB", page)]
    assert kinds(run(slots, required=("KTP penanggung jawab", "NPWP", "NIB"), nib="9120001234567")) == [pc.NIB_MISMATCH]


@pytest.mark.parametrize(
    ("risk", "details"),
    [
        (("menengah_tinggi", 10_000_000, 1), ["investment_low", "workforce_low"]),
        (("menengah_tinggi", 2_000_000_000, 12), []),
        (("tinggi", 90_000_000, 10), ["investment_low"]),
        (("rendah", 8_000_000_000, 3), ["investment_high"]),
    ],
)
def test_risk_hints_from_the_declared_size(risk, details):
    flags = run([("KTP penanggung jawab", KTP_OK), ("NPWP", NPWP_OK)], risk=risk)
    assert [(f.kind, f.detail) for f in flags] == [(pc.RISK_HINT, d) for d in details]


def test_a_flag_is_dismissed_once_with_who_and_why():
    flag = pc.Flag(pc.NIK_MISMATCH, "d1", {"nik": "x"}, 0.5)
    at = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
    flag.dismiss(officer_id="officer-1", at=at, reason="KTP lama, NIK sudah dicek")
    assert (flag.dismissed, flag.dismissed_by) == (True, "officer-1")
    with pytest.raises(FailedPrecondition):
        flag.dismiss(officer_id="officer-2", at=at, reason="lagi")
