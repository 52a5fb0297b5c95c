"""Notification texts (one GSM-7 SMS, Indonesian, no free text), masking, and who complaints tells."""

import datetime as dt

import pytest

from gorontalo_complaints.domain import notifications as n
from gorontalo_complaints.domain.links import Links

CODE = "GTO-7K3Q-95"
BASE = "https://lapor.gorontaloprov.go.id"
LINKS = Links(BASE)
LONG_AGENCY = "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Gorontalo Utara Bidang Bina Marga dan Jembatan"


@pytest.mark.parametrize("kind", n.KINDS)
def test_every_kind_fits_one_gsm7_sms_and_says_code_and_where_to_look(kind):
    text = n.compose(kind, CODE, "Dinas PUPR Kota Gorontalo", links=LINKS)
    assert n.gsm7_length(text) is not None and n.gsm7_length(text) <= n.SMS_LIMIT
    # Absolute, so it can be followed from an SMS inbox.
    assert CODE in text and text.endswith(f"Lihat {BASE}/v1/complaints/{CODE}")
    assert text.startswith("Go-Gorontalo: Pengaduan ")


def test_the_texts_differ_by_kind_and_are_indonesian():
    texts = {kind: n.compose(kind, CODE, links=LINKS) for kind in n.KINDS}
    assert len(set(texts.values())) == len(n.KINDS)
    assert "ditolak" in texts["rejected"] and "selesai" in texts["resolved"]
    assert "pertanyaan" in texts["question"] and "ditindaklanjuti" in texts["in_progress"]


def test_a_disposition_names_the_agency_only_when_it_fits_and_is_gsm7():
    assert "Dinas PUPR Kota Gorontalo" in n.compose("dispositioned", CODE, "Dinas PUPR  Kota Gorontalo", links=LINKS)
    too_long = n.compose("dispositioned", CODE, LONG_AGENCY, links=LINKS)
    assert LONG_AGENCY not in too_long and "instansi terkait" in too_long and len(too_long) <= 160
    ucs2 = n.compose("dispositioned", CODE, "Dinas “Kesehatan”", links=LINKS)
    assert "Kesehatan" not in ucs2 and n.gsm7_length(ucs2) is not None


def test_gsm7_counts_extension_characters_twice_and_refuses_others():
    assert n.gsm7_length("abc") == 3
    assert n.gsm7_length("a€[") == 5
    assert n.gsm7_length("ā") is None and n.gsm7_length("😀") is None


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        n.compose("rated", CODE, links=LINKS)


def test_only_the_statuses_that_matter_to_the_reporter_notify():
    assert [
        s
        for s in ("received", "verified", "dispositioned", "in_progress", "resolved", "closed", "rejected", "reopened")
        if n.kind_for_status(s)
    ] == ["dispositioned", "in_progress", "resolved", "closed", "rejected"]


@pytest.mark.parametrize(
    "destination, masked",
    [
        ("+6281234567890", "08******7890"),
        ("081234567890", "08******7890"),
        ("+62812345678", "08****5678"),
        ("budi.santoso@example.co.id", "b***********@e*********.id"),
        ("a@b.id", "a*@b*.id"),
    ],
)
def test_masking_keeps_only_enough_to_tell_two_apart(destination, masked):
    shown = n.mask_destination(destination)
    assert shown == masked
    digits = "".join(ch for ch in destination if ch.isdigit())
    assert not digits or digits[-8:] not in shown


class _Rows:
    def __init__(self):
        self.added = []

    def add(self, **row):
        self.added.append(row)
        return row


class _Uow:
    def __init__(self):
        self.notifications = _Rows()
        self.links = LINKS


def _complaint(reporter_id, contact=""):
    from gorontalo_complaints.domain import model

    return model.Complaint(
        id="c-1",
        tracking_code=CODE,
        reporter_id=reporter_id,
        category="sampah",
        title="t",
        description="d",
        latitude=None,
        longitude=None,
        region_code="75.71.01",
        privacy="anonim",
        channel="web",
        status="in_progress",
        filed_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        contact_encrypted=contact,
    )


@pytest.mark.parametrize(
    "reporter_id, contact, channel",
    [
        # A reporter with an account is told by svc-inbox (from the events), never by complaints any more.
        ("citizen-a", "", None),
        ("anonymous:1", "k1:CIPHERTEXT", "contact"),
        ("open311:key-1", "k1:CIPHERTEXT", "contact"),
        ("anonymous:2", "", None),
        ("open311:key-1", "", None),
    ],
)
def test_who_is_told_and_how(reporter_id, contact, channel):
    from gorontalo_complaints.service_layer import notifications as notify

    uow = _Uow()
    row = notify.record_status(uow, _complaint(reporter_id, contact), dt.datetime(2026, 1, 6, tzinfo=dt.UTC))
    if channel is None:
        assert row is None and uow.notifications.added == []
        return
    [added] = uow.notifications.added
    assert (added["kind"], added["recipient_id"]) == ("in_progress", reporter_id)
    assert added["destination_encrypted"] == contact  # the ciphertext as stored, or nothing


def test_a_status_that_does_not_matter_tells_nobody():
    from gorontalo_complaints.service_layer import notifications as notify

    complaint = _complaint("citizen-a")
    complaint.status = "verified"
    uow = _Uow()
    assert notify.record_status(uow, complaint, complaint.filed_at) is None and uow.notifications.added == []


def test_every_text_fits_one_sms_up_to_the_longest_base_url_allowed():
    longest = Links("https://" + "a" * (n.max_base_url_length() - len("https://")))
    n.check_links_fit(longest)
    for kind in n.KINDS:
        assert len(n.compose(kind, CODE, links=longest)) <= n.SMS_LIMIT
    with pytest.raises(ValueError):
        n.check_links_fit(Links(longest.base_url + "a"))
    with pytest.raises(ValueError):
        n.check_links_fit(Links("https://pengaduan.gorontaloprov.go.id/layanan-publik/satu-pintu"))
    assert n.max_base_url_length() >= len("https://lapor.gorontaloprov.go.id")


@pytest.mark.parametrize(
    "base", ["", "/", "/v1", "lapor.gorontaloprov.go.id", "ftp://x.id", "https://", "https://x.id/?a=1"]
)
def test_links_are_absolute_http_urls_only(base):
    with pytest.raises(ValueError):
        Links(base)


def test_links_drop_a_trailing_slash():
    assert Links(BASE + "/").complaint(CODE) == f"{BASE}/v1/complaints/{CODE}"
    assert Links(BASE).open311() == f"{BASE}/open311/v2"
    assert Links(BASE).photo(CODE, "p-1") == f"{BASE}/v1/complaints/{CODE}/photos/p-1"
