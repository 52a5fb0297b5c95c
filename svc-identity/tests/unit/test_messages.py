"""Identity's messages are its own gettext catalog, read from .po files (issue 13)."""

from __future__ import annotations

import ast
import pathlib

from gorontalo_identity import bootstrap, messages  # noqa: F401 - importing must register nothing process-wide
from servicekit import i18n

SOURCE = pathlib.Path(messages.__file__).parent


def test_identity_puts_nothing_into_the_process_wide_registry():
    # The keys a second service could once overwrite (last import won) are identity's alone now.
    assert i18n.translate("nik_not_16_digits", "en") == "nik_not_16_digits"
    assert messages.translate("nik_not_16_digits", "en") == "NIK must be 16 digits."
    assert messages.translate("nik_not_16_digits") == "NIK harus 16 digit angka."


def test_every_message_is_in_both_languages_with_its_placeholders():
    assert set(messages.CATALOG.messages) and all(
        set(entry) == {"id", "en"} for entry in messages.CATALOG.messages.values()
    )
    assert (
        messages.translate("too_many_attempts", "en", seconds=30)
        == "Too many failed attempts from here; try again in 30 seconds."
    )


def test_an_e_ktp_client_over_its_limit_has_a_key_of_its_own():
    # servicekit's rate_limited ({retry_after}) is another message; identity's ({limit}) was renamed.
    assert (
        messages.translate("client_rate_limited", "en", limit=5)
        == "Limit of 5 requests per minute exceeded; try again later."
    )
    assert messages.CATALOG.owner("rate_limited") == "servicekit"


def _reasons_raised() -> set[str]:
    """String literals handed to errors and field violations in identity's code."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            arguments = node.args[1:2] if name in ("FieldViolation", "add") else node.args[:1]
            if name in (
                "AlreadyExists",
                "InvalidArgument",
                "NotFound",
                "Unauthenticated",
                "PermissionDenied",
                "FailedPrecondition",
                "ResourceExhausted",
                "FieldViolation",
                "add",
            ):
                found |= {a.value for a in arguments if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return found


def test_every_reason_identity_raises_has_a_message():
    reasons = _reasons_raised()
    assert {"account_exists", "login_failed", "client_rate_limited", "qr_format"} <= reasons
    assert sorted(r for r in reasons if not messages.CATALOG.has(r)) == []
