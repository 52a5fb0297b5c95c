"""The parsers of what OCR read off a KTP, an NPWP card and an NIB page, with OCR's usual mistakes."""

from gorontalo_permits.domain import document_reading as dr

KTP_TEXT = """PROVINSI GORONTALO
KOTA GORONTALO
NIK : 7571014107900003
Nama : SITI AMINAH HASAN
Tempat/Tgl Lahir — : GORONTALO, 01-07-1990
Jenis Kelamin : PEREMPUAN Gol. Darah : O
Alamat : JL. PANJAITAN NO. 5
Agama : ISLAM
Kewarganegaraan : WNI
"""

NPWP_TEXT = """KEMENTERIAN KEUANGAN REPUBLIK INDONESIA
DIREKTORAT JENDERAL PAJAK
NPWP : 09.254.294.3-407.000
SITI AMINAH HASAN
KPP PRATAMA GORONTALO
"""

NIB_TEXT = """PEMERINTAH REPUBLIK INDONESIA
PERIZINAN BERUSAHA BERBASIS RISIKO
NOMOR INDUK BERUSAHA : 9120001234567
Lembaga OSS
"""


def test_a_clean_ktp_gives_nik_name_and_birth_date():
    reading = dr.read_document(KTP_TEXT, 0.9)
    assert reading.kind == dr.KTP
    assert reading.fields == {"nik": "7571014107900003", "name": "SITI AMINAH HASAN", "birth_date": "1990-07-01"}
    assert "NIK" in reading.markers


def test_ocr_letter_for_digit_mistakes_and_broken_numbers_are_undone():
    text = KTP_TEXT.replace("7571014107900003", "757l0I41 O79OOOO3").replace("NIK :", "NlK :")
    assert dr.find_nik(text) == "7571014107900003"


def test_a_number_that_cannot_be_a_nik_is_not_taken():
    assert not dr.is_nik("7571019907900003")  # month 99
    assert not dr.is_nik("7571014107900000")  # serial 0000
    assert dr.find_nik("NIK : 7571019907900003") == ""


def test_an_npwp_card_gives_its_number_in_printed_form():
    reading = dr.read_document(NPWP_TEXT, 0.8)
    assert reading.kind == dr.NPWP
    assert reading.fields["npwp"] == "09.254.294.3-407.000"
    assert dr.find_npwp("NPWP : 09 254 294 3 407 OOO") == "09.254.294.3-407.000"


def test_an_nib_page_gives_its_13_digits():
    reading = dr.read_document(NIB_TEXT, 0.8)
    assert (reading.kind, reading.fields) == (dr.NIB, {"nib": "9120001234567"})


def test_little_text_or_low_confidence_is_unreadable():
    assert dr.read_document("~~ ., ;", 0.9).kind == dr.UNREADABLE
    assert dr.read_document(KTP_TEXT, 0.2).kind == dr.UNREADABLE


def test_text_that_is_none_of_the_cards_is_other():
    assert dr.read_document("DENAH LOKASI USAHA\nJalan Raya Limboto, sebelah masjid", 0.9).kind == dr.OTHER


def test_a_mangled_label_still_counts_as_the_cards_word():
    markers = dr.found_markers("DIREKT0RAT JENDERAL PAJAK\nNPVVP : 01.234.567.8-901.000")
    assert "DIREKTORAT JENDERAL PAJAK" in markers[dr.NPWP]


def test_catalog_slots_map_to_the_card_they_should_hold():
    assert dr.expected_kind("KTP penanggung jawab") == dr.KTP
    assert dr.expected_kind("NPWP badan usaha") == dr.NPWP
    assert dr.expected_kind("Denah lokasi usaha") is None


def test_a_card_whose_labels_ocr_dropped_is_still_read_from_its_values():
    text = "PROVINSI GORONTALO\nKOTA GORONTALO\n: 7571014107900003\n: SITI AMINAH HASAN\n: GORONTALO, 01-07-1990"
    reading = dr.read_document(text, 0.8)
    assert reading.kind == dr.KTP
    assert reading.fields == {"nik": "7571014107900003", "name": "SITI AMINAH HASAN", "birth_date": "1990-07-01"}


def test_a_stray_mark_read_as_a_digit_is_dropped_only_when_one_window_is_a_nik():
    assert dr.find_nik("NIK : 17571014107900003") == "7571014107900003"  # "1" + NIK: only one window is valid
    assert dr.find_nik("NIK : 7571014107900003000") == ""  # three extra digits: not guessed


def test_ocr_of_a_tilted_card_is_straightened_first():
    import random

    from gorontalo_permits.adapters.ocr import skew_angle
    from gorontalo_permits.evaluation import cards

    rng = random.Random(3)
    card = cards.draw_ktp(rng, cards.person(rng))
    for degrees in (0, 4, -6):
        assert skew_angle(cards._tilt(card.image, degrees).convert("L")) == -degrees
