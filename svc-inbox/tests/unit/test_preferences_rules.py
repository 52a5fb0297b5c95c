"""Preferences are validated: HH:MM quiet hours (both or neither), a real e-mail address."""

import pytest
from gorontalo_inbox.domain import preferences as rules

from servicekit.errors import InvalidArgument


def _violations(change: rules.Change, has_address: bool = False) -> set[tuple[str, str]]:
    with pytest.raises(InvalidArgument) as refused:
        rules.validate(change, has_address=has_address)
    return {(v.field, v.reason) for v in refused.value.violations}


def test_bad_input_names_each_field():
    assert _violations(rules.Change(email_address="budi@", quiet_start="24:00", quiet_end="6")) == {
        ("email_address", "email_invalid"),
        ("quiet_hours_start", "quiet_hours_invalid"),
        ("quiet_hours_end", "quiet_hours_invalid"),
    }
    assert _violations(rules.Change(email_address="a b@mail.id")) == {("email_address", "email_invalid")}
    assert _violations(rules.Change(email_address="x@" + "a" * 250 + ".id")) == {("email_address", "too_long")}
    assert _violations(rules.Change(email=True)) == {("email", "email_address_required")}
    assert _violations(rules.Change(email=True, email_address=""), has_address=True) == {
        ("email", "email_address_required")
    }


def test_good_input_passes():
    rules.validate(
        rules.Change(email_address="budi.s@Mail.Go.ID", quiet_start="21:30", quiet_end="05:45"), has_address=False
    )
    rules.validate(rules.Change(email=True), has_address=True)
    assert rules.normalise_email("  Budi.S@Mail.Go.ID ") == "Budi.S@mail.go.id"


def test_quiet_hours_are_both_or_neither_and_not_empty():
    assert rules.quiet_window("22:00", "06:00") == ("22:00", "06:00")
    assert rules.quiet_window("", "") == ("", "")
    for start, end, field, reason in (
        ("22:00", "", "quiet_hours_end", "quiet_hours_incomplete"),
        ("", "06:00", "quiet_hours_start", "quiet_hours_incomplete"),
        ("06:00", "06:00", "quiet_hours_end", "quiet_hours_empty"),
    ):
        with pytest.raises(InvalidArgument) as refused:
            rules.quiet_window(start, end)
        assert [(v.field, v.reason) for v in refused.value.violations] == [(field, reason)]


def test_masked_address():
    assert rules.mask_email("budi.s@mail.id") == "b*****@m***.id"


def test_an_address_cannot_carry_a_header_or_a_second_recipient():
    for smuggled in (
        "budi@mail.id\r\nBcc: x@y.id",
        "budi\x00@mail.id",
        "a,b@mail.id",
        "<budi@mail.id>",
        "b udi@mail.id",
        "budi@mail",
        "büdi@mail.id",
        '"budi"@mail.id',
    ):
        with pytest.raises(InvalidArgument):
            rules.validate(rules.Change(email_address=smuggled), has_address=False)
    rules.validate(rules.Change(email_address="budi.s+pajak@dinas-pupr.gorontalokota.go.id"), has_address=False)
