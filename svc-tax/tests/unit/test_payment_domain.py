"""Notification signatures, body parsing, receipt numbers and the channel file: plain rules."""

import datetime as dt
import json
import os
import stat

import pytest

from gorontalo_tax.adapters import channels
from gorontalo_tax.domain import payments

NOW = dt.datetime(2026, 3, 1, 2, 0, tzinfo=dt.UTC)
SECRETS = {"bank-sulutgo": "s" * 64}
BODY = b'{"transaction_id":"TX-1","billing_code":"7510000000000001","amount":1000}'


def _stamp(offset=0) -> str:
    return str(int(NOW.timestamp()) + offset)


def test_a_signature_over_timestamp_and_body_authenticates_within_five_minutes():
    for offset in (-300, 0, 300):
        stamp = _stamp(offset)
        assert (
            payments.authenticate(SECRETS, "bank-sulutgo", stamp, payments.sign("s" * 64, stamp, BODY), BODY, NOW)
            is None
        )
    stamp = _stamp()
    good = payments.sign("s" * 64, stamp, BODY)
    assert payments.authenticate(SECRETS, "bank-sulutgo", stamp, good.upper(), BODY, NOW) is None
    cases = [
        (("bank-sulutgo", "", good, BODY), payments.SIGNATURE_MISSING),
        (("", stamp, good, BODY), payments.SIGNATURE_MISSING),
        (("bank-lain", stamp, good, BODY), payments.CHANNEL_UNKNOWN),
        (("bank-sulutgo", stamp, good, BODY + b" "), payments.SIGNATURE_INVALID),
        (("bank-sulutgo", _stamp(1), good, BODY), payments.SIGNATURE_INVALID),
        (("bank-sulutgo", stamp, "zz", BODY), payments.SIGNATURE_INVALID),
        (("bank-sulutgo", "-5", good, BODY), payments.SIGNATURE_INVALID),
        (("bank-sulutgo", _stamp(-301), payments.sign("s" * 64, _stamp(-301), BODY), BODY), payments.TIMESTAMP_STALE),
        (("bank-sulutgo", _stamp(301), payments.sign("s" * 64, _stamp(301), BODY), BODY), payments.TIMESTAMP_STALE),
    ]
    for (channel, timestamp, signature, body), reason in cases:
        assert payments.authenticate(SECRETS, channel, timestamp, signature, body, NOW) == reason


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[]",
        b'{"billing_code":"1","amount":1}',
        b'{"transaction_id":"TX 1","billing_code":"1","amount":1}',
        b'{"transaction_id":"TX-1","billing_code":"12a","amount":1}',
        b'{"transaction_id":"TX-1","billing_code":"1","amount":1.0}',
        b'{"transaction_id":"TX-1","billing_code":"1","amount":true}',
        b'{"transaction_id":"TX-1","billing_code":"1","amount":0}',
        b'{"transaction_id":"TX-1","billing_code":"1","amount":"1000"}',
    ],
)
def test_malformed_notifications_are_not_parsed(raw):
    assert payments.parse(raw) is None


def test_a_notification_parses_whole_rupiah():
    note = payments.parse(BODY)
    assert (note.transaction_id, note.billing_code, note.amount) == ("TX-1", "7510000000000001", 1000)


def test_receipt_numbers_carry_authority_year_sequence_and_a_check_digit():
    number = payments.receipt_number("75.71", 2026, 12)
    assert number.startswith("7571-2026-00000012-") and payments.receipt_number_valid(number)
    assert payments.receipt_number("75", 2026, 1).startswith("75-2026-00000001-")
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not payments.receipt_number_valid(wrong)
    assert not payments.receipt_number_valid("../etc/passwd")


def test_dev_channel_secrets_are_generated_once_with_mode_0600(tmp_path):
    path = tmp_path / "tax" / "payment-channels.json"
    first = channels.load_or_create(path)
    assert set(first) == set(channels.DEFAULT_CHANNELS) and all(len(s) == 64 for s in first.values())
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert channels.load_or_create(path) == first
    path.write_text(json.dumps({"channels": {"Bank X": "short"}}))
    with pytest.raises(channels.ChannelFileError):
        channels.load(path)
