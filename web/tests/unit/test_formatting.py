"""How the pages write money and time for Gorontalo: Rupiah with dots, instants in WITA (UTC+8)."""

from gorontalo_web.formatting import rupiah, wita


def test_rupiah_uses_indonesian_thousands_separators():
    assert rupiah("1250000") == "Rp 1.250.000"
    assert rupiah(0) == "Rp 0"
    assert rupiah("n/a") == "n/a"


def test_instants_are_shown_in_wita_in_either_language():
    assert wita("2026-12-06T16:30:00Z", "id") == "7 Des 2026 00.30 WITA"  # past midnight in Gorontalo
    assert wita("2026-12-06T16:30:00Z", "en") == "7 Dec 2026 00:30 WITA"
    assert wita("2026-08-17T01:00:00+07:00", "id") == "17 Agu 2026 02.00 WITA"


def test_dates_stay_dates_and_odd_values_pass_through():
    assert wita("2026-12-31", "id") == "31 Des 2026"
    assert wita("", "id") == ""
    assert wita("besok", "id") == "besok"
