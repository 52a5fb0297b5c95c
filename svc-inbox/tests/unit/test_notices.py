"""What a resident is told of each event, in Indonesian and English, and what is kept quiet."""

import datetime as dt

from gorontalo_inbox import messages
from gorontalo_inbox.domain import notices
from gorontalo_inbox.domain.model import Phrase, Text


def _say(notice: notices.Notice) -> tuple[Text, Text]:
    return (
        messages.render(Phrase(notice.title_key, notice.params)),
        messages.render(Phrase(notice.body_key, notice.params)),
    )


def test_a_permit_revision_request():
    notice = notices.application_status("app-1", "in_review", "revision_requested", "Restoran", 0)
    title, body = _say(notice)
    assert (notice.kind, notice.ref_kind, notice.ref_id) == ("permit_revision_requested", "application", "app-1")
    assert title.id == "Permohonan izin perlu perbaikan"
    assert body.id == "Permohonan izin Restoran perlu diperbaiki. Perbaiki dan kirim ulang permohonan di aplikasi."
    assert body.en.startswith("Your application for Restoran needs corrections")


def test_an_approval_names_the_fee_due():
    _, body = _say(notices.application_status("app-1", "in_review", "awaiting_payment", "Restoran", 1500000))
    assert "Rp 1.500.000" in body.id and "Rp 1.500.000" in body.en
    _, unknown = _say(notices.application_status("app-1", "in_review", "awaiting_payment", "Restoran", 0))
    assert "Rp" not in unknown.id


def test_moves_nobody_needs_to_hear_of():
    assert notices.application_status("a", "submitted", "in_review", "x", 0) is None
    assert notices.application_status("a", "paid", "approved", "x", 0) is None  # the payment said it
    assert notices.application_status("a", "approved", "issued", "x", 0) is None  # permit.issued says it
    assert notices.complaint_status("c", "GTO-7K3Q-95", "verified") is None
    assert notices.complaint_update("c", "GTO-7K3Q-95", "update", internal=True) is None
    assert notices.complaint_update("c", "GTO-7K3Q-95", "answer", internal=False) is None


def test_bills_and_payments():
    title, body = _say(notices.bill_issued("b1", "pkb", "", 750000, "2026-03-31"))
    assert (title.id, body.id) == ("Tagihan baru", "Tagihan PKB Rp 750.000, jatuh tempo 31-03-2026.")
    assert body.en == "A vehicle tax (PKB) bill of Rp 750,000, due on 31-03-2026.".replace("Rp 750,000", "Rp 750.000")
    _, paid = _say(notices.bill_paid("b1", "retribusi", "permits", 1500000, "75-2026-00000012-0"))
    assert paid.id == "Pembayaran retribusi izin Rp 1.500.000 diterima. Nomor tanda terima: 75-2026-00000012-0."
    # A permit's fee bill stays in the app: the approval's SMS asked for the fee already.
    assert notices.bill_issued("b2", "retribusi", "permits", 1, "2026-03-31").sent is False
    assert notices.bill_issued("b3", "pbb", "", 1, "2026-03-31").sent is True


def test_only_refusals_of_an_authenticated_channel_reach_the_payer():
    """A forged notification naming someone's billing code must not let anyone text that resident."""
    for reason in (
        "signature_invalid",
        "signature_missing",
        "channel_unknown",
        "timestamp_stale",
        "notification_invalid",
        "transaction_id_reused",
        "billing_code_unknown",
    ):
        assert notices.payment_refused("b1", reason) is None
    for reason in notices.PAYMENT_REFUSALS_TOLD:
        _, body = _say(notices.payment_refused("b1", reason))
        assert body.id and body.en and body.id != body.en


def test_alerts_urgent_or_not_and_cancelled():
    headline = Text("Banjir di Tapa, mengungsi ke dataran tinggi", "Flood in Tapa, move to higher ground")
    urgent = notices.alert("al-1", "Alert", "Banjir", headline, "Severe", "Expected")
    title, body = _say(urgent)
    assert urgent.urgent and title.id == "Peringatan: Banjir" and body.en == headline.en
    assert not notices.alert("al-1", "Update", "Banjir", headline, "Moderate", "Expected").urgent
    cancelled = notices.alert("al-1", "Cancel", "Banjir", headline, "Severe", "Immediate")
    assert cancelled.kind == "alert_cancelled" and not cancelled.urgent


def test_sms_and_email_texts():
    body = Text("Tagihan PKB Rp 750.000, jatuh tempo 31-03-2026.", "A bill.")
    assert notices.sms_text(body) == "Gorontalo Satu: Tagihan PKB Rp 750.000, jatuh tempo 31-03-2026."
    subject, message = notices.email_text(Text("Tagihan baru", "New bill"), body, "https://x/saya")
    assert subject == "Gorontalo Satu: Tagihan baru"
    assert message.index(body.id) < message.index(body.en) < message.index("https://x/saya")


def test_old_events_are_not_texted():
    now = dt.datetime(2026, 3, 10, tzinfo=dt.UTC)
    assert notices.deliverable(now - dt.timedelta(hours=23), now)
    assert not notices.deliverable(now - dt.timedelta(days=2), now)
