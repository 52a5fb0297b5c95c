"""Import of the population register: all or nothing, idempotent, every rejected row explained."""

import datetime as dt
import hashlib

import pytest

from gorontalo_identity.adapters.tables import residents
from gorontalo_identity.service_layer.register_import import import_register

UPDATED = "gorontalo.identity.citizen.updated"


def rejected(report):
    """[(line, [(field, reason, params), ...]), ...] for exact comparisons."""
    return [(line, [(v.field, v.reason, v.params) for v in problems]) for line, problems in report.rejected]


def test_a_valid_file_imports_every_row(ident_empty):
    report = ident_empty.import_rows(ident_empty.BASE_ROWS)
    assert (report.ok, report.created, report.updated, report.unchanged, report.rejected) == (True, 3, 0, 0, [])
    assert ident_empty.count(residents) == 3
    with ident_empty.uow() as uow:
        ahmad = uow.residents.by_nik(ident_empty.AHMAD_NIK)
    assert (ahmad.nik, ahmad.kk_number, ahmad.full_name, ahmad.birth_date, ahmad.sex) == (
        ident_empty.AHMAD_NIK,
        ident_empty.POHUWATO_KK,
        "Ahmad Katili",
        dt.date(1985, 3, 15),
        "L",
    )
    # District and regency come from the village code, not from the file.
    assert (ahmad.village_code, ahmad.district_code, ahmad.regency_code) == ("75.04.01.2004", "75.04.01", "75.04")
    assert ident_empty.events() == []  # nobody has an account yet: nothing to tell


def test_names_and_codes_are_normalised_on_the_way_in(ident_empty):
    row = ident_empty.SITI | {"full_name": "  Siti    Rahma ", "sex": "p", "village_code": "7571011001"}
    assert ident_empty.import_rows([row]).created == 1
    with ident_empty.uow() as uow:
        siti = uow.residents.by_nik(ident_empty.SITI_NIK)
    assert (siti.full_name, siti.sex, siti.village_code) == ("Siti Rahma", "P", "75.71.01.1001")


def test_reimporting_the_same_file_creates_nothing_and_writes_no_event(ident):
    account = ident.signup()
    events_before = ident.events()
    stamps_before = sorted((r.id, r.updated_at, r.fingerprint) for r in ident.rows(residents))
    ident.clock.advance(days=1)

    report = ident.import_rows(ident.BASE_ROWS)

    assert (report.ok, report.created, report.updated, report.unchanged) == (True, 0, 0, 3)
    assert ident.count(residents) == 3
    assert sorted((r.id, r.updated_at, r.fingerprint) for r in ident.rows(residents)) == stamps_before
    assert ident.events() == events_before and ident.events(UPDATED) == []
    assert account.id  # the account exists, so an event *would* have been possible


def test_a_changed_address_updates_and_tells_once_without_the_nik(ident):
    account = ident.signup()
    changed = [ident.SITI | {"address": "Jl. Sultan Botutihe 9"}, ident.NUR, ident.AHMAD]

    report = ident.import_rows(changed)

    assert (report.ok, report.created, report.updated, report.unchanged) == (True, 0, 1, 2)
    with ident.uow() as uow:
        assert uow.residents.by_nik(ident.SITI_NIK).address == "Jl. Sultan Botutihe 9"
    [event] = ident.events(UPDATED)
    assert event["subject"] == account.id and event["source"] == "/gorontalo/identity"
    assert event["data"] == {"citizen_id": account.id, "regency_code": "75.71"}
    for secret in (ident.SITI_NIK, ident.KOTA_KK):
        assert secret not in event["_raw"]
    # Importing the changed file again is a no-op: still exactly one event.
    again = ident.import_rows(changed)
    assert (again.updated, again.unchanged) == (0, 3) and len(ident.events(UPDATED)) == 1


def test_an_update_of_a_resident_without_an_account_writes_no_event(ident):
    ident.signup()  # Siti has an account; Nur has none
    report = ident.import_rows([ident.SITI, ident.NUR | {"address": "Jl. Raja Eyato 3"}, ident.AHMAD])
    assert (report.updated, report.unchanged) == (1, 2)
    assert ident.events(UPDATED) == []


def _future_birth_date_row(clock):
    tomorrow = clock().date() + dt.timedelta(days=1)
    # A well-formed NIK whose date part agrees with tomorrow (woman): only the future date is wrong.
    nik = f"757101{tomorrow.day + 40:02d}{tomorrow.month:02d}{tomorrow.year % 100:02d}0009"
    return {
        "nik": nik,
        "kk_number": "7571010101100009",
        "full_name": "Bayi Baru",
        "birth_place": "Gorontalo",
        "birth_date": tomorrow.isoformat(),
        "sex": "P",
        "address": "Jl. Palma 1",
        "village_code": "75.71.01.1001",
    }


NEW = {
    "nik": "7571011505000007",
    "kk_number": "7571010101100007",
    "full_name": "Rizal Hasan",
    "birth_place": "Gorontalo",
    "birth_date": "2000-05-15",
    "sex": "L",
    "address": "Jl. Palma 2",
    "village_code": "75.71.01.1002",
}

BAD_ROWS = {
    "nik_not_16_digits": (NEW | {"nik": "75710115050000"}, [("nik", "nik_not_16_digits", {})]),
    "nik_letters": (NEW | {"nik": "75710115050000AB"}, [("nik", "nik_not_16_digits", {})]),
    "nik_vs_birth_date": (NEW | {"birth_date": "2000-05-16"}, [("nik", "nik_birth_date_mismatch", {})]),
    "nik_vs_sex": (NEW | {"sex": "P"}, [("nik", "nik_sex_mismatch", {})]),
    "nik_unknown_district": (NEW | {"nik": "7571991505000007"}, [("nik", "nik_district_unknown", {})]),
    "bad_kk": (NEW | {"kk_number": "12345"}, [("kk_number", "kk_invalid", {})]),
    "kk_unknown_province": (NEW | {"kk_number": "9971010101100007"}, [("kk_number", "kk_invalid", {})]),
    "unknown_village": (NEW | {"village_code": "75.71.01.9999"}, [("village_code", "region_unknown", {})]),
    "district_not_village": (NEW | {"village_code": "75.71.01"}, [("village_code", "region_unknown", {})]),
    "village_outside_gorontalo": (NEW | {"village_code": "73.71"}, [("village_code", "region_unknown", {})]),
    "missing_name": (NEW | {"full_name": " "}, [("full_name", "required", {"max": 100})]),
    "invalid_date": (
        NEW | {"birth_date": "2000-02-30"},
        # without a date the NIK cannot be compared with it, only checked for shape
        [("birth_date", "invalid_date", {})],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_one_bad_row_rejects_the_whole_file(ident, case):
    bad, expected = BAD_ROWS[case]
    good_new = NEW | {"nik": "7571015606990008", "birth_date": "1999-06-16", "sex": "P", "full_name": "Dewi Gobel"}
    changed_siti = ident.SITI | {"address": "Jl. Sultan Botutihe 9"}
    ident.signup()
    events_before, rows_before = ident.events(), sorted(ident.rows(residents))

    # lines: 1 header, 2 Siti (changed), 3 Nur, 4 a valid new resident, 5 the bad row, 6 Ahmad
    report = ident.import_rows([changed_siti, ident.NUR, good_new, bad, ident.AHMAD])

    assert not report.ok
    assert rejected(report) == [(5, expected)]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert sorted(ident.rows(residents)) == rows_before  # nothing written, not even Siti's new address
    assert ident.events() == events_before


def test_a_future_birth_date_rejects_the_file(ident):
    report = ident.import_rows([NEW, _future_birth_date_row(ident.clock)])
    assert rejected(report) == [(3, [("birth_date", "birth_date_future", {})])]
    assert ident.count(residents) == 3


def test_a_duplicate_nik_in_the_file_names_the_first_line(ident_empty):
    twin = ident_empty.SITI | {"full_name": "Siti Rahmawati"}
    report = ident_empty.import_rows([ident_empty.SITI, ident_empty.NUR, twin])
    assert rejected(report) == [(4, [("nik", "nik_duplicate_in_file", {"line": 2})])]
    assert ident_empty.count(residents) == 0


@pytest.mark.parametrize("dropped", ["nik", "kk_number", "village_code"])
def test_a_missing_column_rejects_the_file_on_line_one(ident_empty, dropped):
    columns = [c for c in ident_empty.COLUMNS if c != dropped]
    report = import_register(
        ident_empty.uow(), ident_empty.clock, ident_empty.register_csv(ident_empty.BASE_ROWS, columns)
    )
    assert rejected(report) == [(1, [(dropped, "column_missing", {})])]
    assert ident_empty.count(residents) == 0


def test_every_bad_row_is_reported_with_every_reason(ident_empty):
    two_problems = NEW | {"kk_number": "1", "village_code": "75.71.01.9999"}
    report = ident_empty.import_rows([ident_empty.SITI, BAD_ROWS["nik_vs_sex"][0], ident_empty.NUR, two_problems])
    assert rejected(report) == [
        (3, [("nik", "nik_sex_mismatch", {})]),
        (5, [("kk_number", "kk_invalid", {}), ("village_code", "region_unknown", {})]),
    ]
    assert ident_empty.count(residents) == 0


@pytest.mark.parametrize("layout", ["blank_line", "multi_line_address"])
def test_reported_line_numbers_are_the_physical_lines_of_the_file(ident_empty, layout):
    header = ",".join(ident_empty.COLUMNS)
    siti = ",".join(ident_empty.SITI[c] for c in ident_empty.COLUMNS)
    bad = ",".join(BAD_ROWS["nik_vs_sex"][0][c] for c in ident_empty.COLUMNS)
    if layout == "blank_line":
        text = f"{header}\n{siti}\n\n{bad}\n"  # the bad row is on line 4
    else:
        nur = dict(ident_empty.NUR, address='"Jl. Nani Wartabone 1\nRT 02 / RW 01"')
        # Nur spans lines 3-4, so the bad row is on line 5
        text = f"{header}\n{siti}\n{','.join(nur[c] for c in ident_empty.COLUMNS)}\n{bad}\n"
    expected_line = 4 if layout == "blank_line" else 5
    report = import_register(ident_empty.uow(), ident_empty.clock, text)
    assert [line for line, _ in report.rejected] == [expected_line]


def test_nik_and_kk_are_never_stored_in_clear(ident):
    secrets = {ident.SITI_NIK, ident.NUR_NIK, ident.AHMAD_NIK, ident.KOTA_KK, ident.POHUWATO_KK}
    rows = ident.rows(residents)
    assert len(rows) == 3
    for row in rows:
        for column, value in row._mapping.items():
            text = str(value)
            assert not any(secret in text for secret in secrets), f"clear NIK/KK in residents.{column}"
    # ...yet they are there, encrypted and bound to their row.
    with ident.uow() as uow:
        assert uow.residents.by_nik(ident.SITI_NIK).kk_number == ident.KOTA_KK
        assert uow.residents.by_nik("7571014101900099") is None


def test_the_stored_fingerprint_does_not_confirm_a_guessed_nik(ident):
    [row] = [r for r in ident.rows(residents) if r.full_name == "Siti Rahma"]
    # An attacker with the table knows every column but NIK and KK and tries candidates:
    guess = "|".join(
        [
            ident.SITI_NIK,
            ident.KOTA_KK,
            row.full_name,
            row.birth_place,
            row.birth_date.isoformat(),
            row.sex,
            row.address,
            row.village_code,
        ]
    )
    assert hashlib.sha256(guess.encode()).hexdigest() != row.fingerprint
