"""Complaints' messages come from its own gettext catalog (locale/*/LC_MESSAGES/complaints.po), not
the process-wide registry where the last import won (issue 13)."""

import ast
import pathlib

from gorontalo_complaints import messages
from gorontalo_complaints.entrypoints import open311_render
from servicekit import i18n
from servicekit.errors import InvalidArgument

PACKAGE = pathlib.Path(messages.__file__).parent
ERRORS = {
    "ServiceError",
    "InvalidArgument",
    "NotFound",
    "PermissionDenied",
    "FailedPrecondition",
    "Aborted",
    "ResourceExhausted",
    "Unauthenticated",
    "AlreadyExists",
}


def _calls():
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                yield path, node


def _name(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def _reason_codes() -> set[str]:
    """String reasons given to errors, field violations and Validator.add in the package's source."""
    found = set()
    for _path, call in _calls():
        name, args = _name(call), call.args
        position = 0 if name in ERRORS else 1 if name in ("FieldViolation", "add") else None
        if (
            position is not None
            and len(args) > position
            and isinstance(args[position], ast.Constant)
            and isinstance(args[position].value, str)
        ):
            found.add(args[position].value)
    return found


def test_every_message_is_in_indonesian_and_english():
    assert len(messages.CATALOG.messages) > 40
    for key, texts in messages.CATALOG.messages.items():
        assert set(texts) == {"id", "en"}, key


def test_every_reason_the_service_raises_has_a_text():
    reasons = _reason_codes()
    assert {"tracking_code_invalid", "open311_api_key_invalid", "region_unknown"} <= reasons
    assert sorted(r for r in reasons if not messages.CATALOG.has(r)) == []


def test_the_service_keeps_no_messages_in_the_process_wide_registry():
    registering = [
        str(path.relative_to(PACKAGE))
        for path, call in _calls()
        if _name(call) == "register"
        and isinstance(call.func, ast.Attribute)
        and getattr(call.func.value, "id", "") == "i18n"
    ]
    assert registering == []
    assert not any(i18n.COMMON.has(key) for key in messages.CATALOG.messages)


def test_open311_errors_are_worded_from_the_catalog():
    _status, (_type, body) = open311_render.error_body("json", InvalidArgument("open311_api_key_invalid"))
    assert body.decode() == '[{"code": 400, "description": "api_key tidak valid."}]'
    token = i18n.language_var.set("en")
    try:
        _status, (_type, body) = open311_render.error_body("json", InvalidArgument("open311_api_key_invalid"))
    finally:
        i18n.language_var.reset(token)
    assert body.decode() == '[{"code": 400, "description": "Invalid api_key."}]'
