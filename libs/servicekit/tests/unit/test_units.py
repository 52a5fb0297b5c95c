"""Plain units of servicekit: i18n, logging, errors, access rules, config."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid

import pytest

from servicekit import access, errors, i18n
from servicekit import logging as sk_logging
from servicekit.errors import FieldViolation, InvalidArgument, Validator

# -- i18n ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header,expected",
    [
        (None, "id"),
        ("", "id"),
        ("en", "en"),
        ("EN", "en"),
        ("en-US,en;q=0.9", "en"),
        ("en-GB", "en"),
        ("id-ID,id;q=0.9,en;q=0.8", "id"),
        ("fr, en;q=0.5", "en"),
        ("fr-FR, de;q=0.9", "id"),
        ("id;q=0.1, en;q=0.9", "en"),
        ("en;q=0.1, id;q=0.9", "id"),
        ("en; q=0.4, id; q=0.6", "id"),
        ("en, id", "en"),  # equal quality: the first listed wins
        ("id, en", "id"),
        ("in", "id"),  # the legacy code for Indonesian
        ("en;q=0", "id"),  # q=0 means "not acceptable"
        ("en;q=abc", "id"),
        ("*", "id"),
        ("!!!@@@", "id"),
        (";;;,,,", "id"),
        ("q=0.5", "id"),
    ],
)
def test_negotiate(header, expected):
    assert i18n.negotiate(header) == expected


def test_translate_with_params_and_fallbacks():
    assert i18n.translate("too_long", "en", max=80) == "Too long (at most 80 characters)."
    assert i18n.translate("too_long", "id", max=80) == "Terlalu panjang (maksimal 80 karakter)."
    assert i18n.translate("out_of_range", "en", min=1, max=5) == "Out of the allowed range (1 to 5)."
    # Unsupported language: Bahasa Indonesia.
    assert i18n.translate("not_found", "fr") == "Data tidak ditemukan."
    # Missing parameter: the template itself rather than a crash.
    assert i18n.translate("too_long", "en") == "Too long (at most {max} characters)."
    # Unknown key: the key (also the machine-readable reason).
    assert i18n.translate("no_such_message", "en") == "no_such_message"


def test_translate_uses_the_request_language_by_default():
    assert i18n.translate("not_found") == "Data tidak ditemukan."
    token = i18n.language_var.set("en")
    try:
        assert i18n.translate("not_found") == "Not found."
    finally:
        i18n.language_var.reset(token)


def test_every_message_has_both_languages():
    for key, entry in i18n.COMMON.messages.items():
        assert set(entry) >= set(i18n.SUPPORTED), key
        # Same placeholders in both languages.
        assert set(re.findall(r"{(\w+)}", entry["id"])) == set(re.findall(r"{(\w+)}", entry["en"])), key


def test_a_service_catalog_adds_its_messages_and_falls_back_to_servicekit():
    catalog = i18n.Catalog(
        "test", {"servicekit_test_message": {"id": "Halo {name}.", "en": "Hello {name}."}}, parent=i18n.COMMON
    )
    assert catalog.translate("servicekit_test_message", "en", name="Limboto") == "Hello Limboto."
    assert catalog.translate("servicekit_test_message", "id", name="Limboto") == "Halo Limboto."
    assert catalog.translate("not_found", "en") == "Not found."


def test_a_key_is_defined_once_and_its_placeholders_agree():
    with pytest.raises(ValueError, match="already defined by servicekit"):
        i18n.Catalog("test", {"not_found": {"id": "Tidak ada.", "en": "Nothing."}}, parent=i18n.COMMON)
    with pytest.raises(ValueError, match="placeholders"):
        i18n.Catalog("test", {"photo_too_large": {"id": "Maks {max_mb} MB.", "en": "At most {max_megabytes} MB."}})


# -- logging -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "NIK 7571014101900003 ditolak",
        "nik=7571014101900003",
        "KK:7571010101900001.",
        "hp 081234567890",
        "hp 08123456789",
        "telp +6281234567890 ok",
        "telp 6281234567890",
        "(0852123456789)",
    ],
)
def test_scrub_removes_personal_numbers(text):
    scrubbed = sk_logging.scrub(text)
    assert "[redacted]" in scrubbed
    assert not re.search(r"\d{8,}", scrubbed), scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "tahun 2024",
        "order 123e4567-e89b-12d3-a456-426614174000",
        f"event {uuid.UUID(int=0x0812345678901234567890123456789)}",
        "75.71.01.1001",
        "duration 1234567 ms",
        "17 digits 75710141019000031",
        "15 digits 757101410190000",
        "landline 0435821234",
        "at 2024-05-01T10:20:30.123Z",
    ],
)
def test_scrub_keeps_other_numbers(text):
    assert sk_logging.scrub(text) == text


def test_scrub_removes_email_addresses():
    assert sk_logging.scrub("kontak budi.santoso@example.co.id ok") == "kontak [redacted] ok"


def test_scrub_several_in_one_text():
    assert sk_logging.scrub("a 7571014101900003 b 081234567890 c") == "a [redacted] b [redacted] c"


@pytest.mark.parametrize(
    "text", ["hp 0812-3456-7890", "hp +62 812 3456 7890", "hp +62-812-3456-7890", "hp 0812 3456 7890"]
)
def test_scrub_removes_mobiles_written_with_separators(text):
    assert not re.search(r"\d{3,}", sk_logging.scrub(text).replace("62", "", 1)), sk_logging.scrub(text)


def make_logger(name: str) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(sk_logging.JsonFormatter("svc-test"))
    logger = logging.getLogger(name)
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger, stream


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_json_formatter_carries_request_id_and_scrubs():
    logger, stream = make_logger("servicekit.tests.json")
    token = sk_logging.request_id_var.set("req-42")
    try:
        logger.info("login for %s failed", "7571014101900003", extra={"grpc_method": "x/Login", "duration_ms": 1.5})
    finally:
        sk_logging.request_id_var.reset(token)
    logger.warning("no request here")
    first, second = lines(stream)
    assert first["request_id"] == "req-42"
    assert first["message"] == "login for [redacted] failed"
    assert first["level"] == "info" and first["service"] == "svc-test" and first["logger"] == "servicekit.tests.json"
    assert first["grpc_method"] == "x/Login" and first["duration_ms"] == 1.5
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", first["time"])
    assert "request_id" not in second
    assert second["level"] == "warning"


def test_json_formatter_prefers_an_explicit_request_id_and_scrubs_tracebacks():
    logger, stream = make_logger("servicekit.tests.json2")
    try:
        raise ValueError("phone +6281234567890 rejected")
    except ValueError:
        logger.exception("failed", extra={"request_id": "req-explicit"})
    (entry,) = lines(stream)
    assert entry["request_id"] == "req-explicit"
    assert "ValueError" in entry["error"]
    assert "6281234567890" not in entry["error"] and "[redacted]" in entry["error"]


def test_json_formatter_keeps_non_ascii():
    logger, stream = make_logger("servicekit.tests.json3")
    logger.info("Desa Tölöböngö")
    assert "Tölöböngö" in stream.getvalue()
    assert lines(stream)[0]["message"] == "Desa Tölöböngö"


def test_json_formatter_scrubs_extra_fields():
    logger, stream = make_logger("servicekit.tests.json4")
    path = "/v1/identity/citizens/7571014101900003"
    logger.info("GET %s 404", path, extra={"http_status": 404, "path": path})
    (entry,) = lines(stream)
    assert "7571014101900003" not in entry["message"]
    assert "7571014101900003" not in json.dumps(entry), entry


def test_configure_installs_the_json_formatter_on_the_root_logger():
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    try:
        sk_logging.configure("svc-test", "debug")
        assert root.level == logging.DEBUG
        assert len(root.handlers) == 1 and isinstance(root.handlers[0].formatter, sk_logging.JsonFormatter)
        assert logging.getLogger("nats").level == logging.CRITICAL
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)


# -- errors ------------------------------------------------------------------------------------


def test_service_errors_carry_status_reason_and_params():
    error = errors.NotFound()
    assert (error.status, error.reason, error.params, error.violations) == ("NOT_FOUND", "not_found", {}, [])
    error = errors.PermissionDenied("outside_jurisdiction", region="75.04")
    assert (error.status, error.reason, error.params) == (
        "PERMISSION_DENIED",
        "outside_jurisdiction",
        {"region": "75.04"},
    )
    assert str(error) == "outside_jurisdiction"
    for cls, status in [
        (errors.ServiceError, "INTERNAL"),
        (errors.InvalidArgument, "INVALID_ARGUMENT"),
        (errors.Unauthenticated, "UNAUTHENTICATED"),
        (errors.AlreadyExists, "ALREADY_EXISTS"),
        (errors.FailedPrecondition, "FAILED_PRECONDITION"),
        (errors.ResourceExhausted, "RESOURCE_EXHAUSTED"),
    ]:
        assert cls().status == status


def all_error_classes():
    found, pending = [], [errors.ServiceError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return sorted({c for c in found if c.__module__ == errors.__name__}, key=lambda c: c.__name__)


@pytest.mark.parametrize("cls", [pytest.param(c, id=c.__name__) for c in all_error_classes()])
def test_default_reason_of_each_error_has_messages(cls):
    from google.rpc import code_pb2

    assert hasattr(code_pb2, cls.status), cls.status
    for language in i18n.SUPPORTED:
        assert i18n.translate(cls.default_reason, language) != cls.default_reason


def test_validator_collects_every_problem():
    check = Validator()
    assert check.require("nik", "") is False
    assert check.require("name", "   ") is False
    assert check.require("count", 0) is True
    check.text("full_name", "x" * 81, max_len=80)
    check.text("title", "ab", max_len=80, min_len=3)
    check.text("note", "", max_len=10, required=False)
    check.text("subject", "   ", max_len=10)
    check.text("ok", "  fine  ", max_len=4)  # measured without the surrounding spaces
    check.one_of("role", "king", {"citizen", "officer"})
    check.one_of("role_ok", "citizen", {"citizen", "officer"})
    check.in_range("workforce", 0, 1, 10)
    check.in_range("missing", None, 1, 10)
    check.in_range("fine", 10, 1, 10)
    assert not check.ok
    assert [(v.field, v.reason, v.params) for v in check.violations] == [
        ("nik", "required", {}),
        ("name", "required", {}),
        ("full_name", "too_long", {"max": 80}),
        ("title", "too_short", {"min": 3}),
        ("subject", "required", {}),
        ("role", "not_one_of", {"allowed": "citizen, officer"}),
        ("workforce", "out_of_range", {"min": 1, "max": 10}),
        ("missing", "out_of_range", {"min": 1, "max": 10}),
    ]
    with pytest.raises(InvalidArgument) as caught:
        check.raise_if_invalid()
    assert caught.value.violations == check.violations
    assert caught.value.status == "INVALID_ARGUMENT"


def test_validator_without_problems_does_not_raise():
    check = Validator()
    check.text("name", "Limboto", max_len=80)
    assert check.ok
    check.raise_if_invalid()


def test_every_violation_reason_has_a_message():
    for reason in ("required", "too_long", "too_short", "not_one_of", "out_of_range", "invalid_page_token"):
        assert i18n.translate(reason, "en") != reason


def test_field_violation_params_are_per_instance():
    first, second = FieldViolation("a", "required"), FieldViolation("b", "required")
    assert first.params == {} and first.params is not second.params


# -- access rules ------------------------------------------------------------------------------


def test_access_rules_come_from_the_contracts():
    import gorontalo.identity.v1.identity_pb2  # noqa: F401 - registers the descriptors
    import gorontalo.permits.v1.permits_pb2  # noqa: F401

    assert access.rule_for_method("/gorontalo.identity.v1.IdentityService/Login") == access.Rule(True, ())
    assert access.rule_for_method("/gorontalo.identity.v1.IdentityService/GetMe") == access.Rule(False, ())
    assert access.rule_for_method("/gorontalo.permits.v1.PermitsService/StartReview") == access.Rule(
        False, ("officer",)
    )
    assert access.rule_for_method("/grpc.health.v1.Health/Check").public
    assert access.rule_for_method("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo").public
    # Unknown methods: default deny.
    assert access.rule_for_method("/gorontalo.identity.v1.IdentityService/Nope") == access.Rule(False, ())
    assert access.rule_for_method("/no.such.Service/Method") == access.Rule(False, ())
    assert access.rule_for_method("/grpc.healthy.Fake/Check") == access.Rule(False, ())
