"""The SMS form (domain), the SMS use case on real databases, and the shared rate limits (real Redis)."""

import uuid

import pytest
import sqlalchemy as sa

from gorontalo_disaster.adapters.tables import reports
from gorontalo_disaster.domain import sms
from gorontalo_disaster.service_layer import services
from gorontalo_disaster.service_layer import sms as sms_service
from gorontalo_disaster.service_layer.services import Guards
from servicekit import ratelimit
from servicekit.errors import InvalidArgument, PermissionDenied, ResourceExhausted
from servicekit.pii import PiiCipher


@pytest.mark.parametrize(
    "text,hazard,code,counts",
    [
        ("SIAGA BANJIR 750302 Air setinggi pinggang, 12 rumah", "banjir", "75.03.02", {"houses_damaged": 12}),
        (
            "siaga   longsor 75.03.02.1008  jalan tertutup, 2 orang luka",
            "tanah_longsor",
            "75.03.02.1008",
            {"injured": 2},
        ),
        ("Siaga puting beliung 757101 atap terbang", "angin_puting_beliung", "75.71.01", {}),
        ("SIAGA GEMPA 7571.01 retak 3 rumah 5 rumah", "gempa_bumi", "75.71.01", {}),  # two figures: none taken
        (
            "SIAGA KEBAKARAN 750404 3 meninggal, 40 mengungsi",
            "kebakaran_permukiman",
            "75.04.04",
            {"dead": 3, "displaced": 40},
        ),
    ],
)
def test_sms_form_is_read_leniently(text, hazard, code, counts):
    parsed = sms.parse(text)
    assert parsed.problem is None
    assert (parsed.hazard, parsed.region_code, parsed.casualties) == (hazard, code, counts)


@pytest.mark.parametrize(
    "text,reason",
    [
        ("", "sms_keyword_missing"),
        ("TOLONG BANJIR 750302", "sms_keyword_missing"),
        ("SIAGA", "sms_hazard_missing"),
        ("SIAGA METEOR 750302", "sms_hazard_unknown"),
        ("SIAGA BANJIR", "sms_region_missing"),
        ("SIAGA BANJIR 7503 air", "sms_region_unknown"),  # a regency is too coarse to send help to
        ("SIAGA BANJIR 999999 air", "sms_region_unknown"),
        ("SIAGA BANJIR 317101 air", "sms_region_unknown"),
    ],
)
def test_malformed_sms_names_the_problem(text, reason):
    assert sms.parse(text).problem[0] == reason


@pytest.fixture
def guards():
    """Two per client address a minute and two per phone an hour, counted in Redis as in production."""
    limits = ratelimit.RateLimits(ratelimit.open_storage(ratelimit.DEFAULT_REDIS_URL), f"test-{uuid.uuid4().hex}")
    return Guards(limits=limits, client_rule="2/minute", phone_rule="2/hour", cipher=PiiCipher.generate())


def stored(app):
    with app.session_factory() as session:
        return session.execute(sa.select(reports)).all()


def receive(app, clock, guards, text, phone="081234500001", secret="s3cret", content_type=None, body=None):
    if body is None:
        body = f"from={phone}&text={text}".encode()
    return sms_service.receive(
        app.uow(),
        clock,
        body=body,
        content_type=content_type or "application/x-www-form-urlencoded",
        secret=secret,
        expected_secret="s3cret",
        guards=guards,
    )


def test_sms_is_filed_with_the_phone_encrypted(app, clock, guards):
    outcome = receive(app, clock, guards, "SIAGA BANJIR 750302 air, 12 rumah")
    assert outcome.accepted and outcome.report.code in outcome.reply and outcome.reply.startswith("Laporan diterima")
    [row] = stored(app)
    assert (row.source, row.region_code, row.hazard) == ("sms", "75.03.02", "banjir")
    assert "081234500001" not in row.phone_cipher and "81234500001" not in row.phone_cipher
    assert guards.cipher.decrypt(row.phone_cipher, services.PHONE_CONTEXT) == "+6281234500001"  # E.164


def test_sms_json_body_and_errors(app, clock, guards):
    outcome = receive(
        app,
        clock,
        guards,
        "",
        body=b'{"from": "+6281234500002", "text": "SIAGA ERUPSI 750404"}',
        content_type="application/json",
    )
    assert outcome.accepted
    bad = receive(app, clock, guards, "SIAGA HUJAN 750302")
    assert not bad.accepted and "HUJAN" in bad.reply and "SIAGA <BENCANA>" in bad.reply
    with pytest.raises(PermissionDenied):
        receive(app, clock, guards, "SIAGA BANJIR 750302", secret="guess")
    with pytest.raises(InvalidArgument):
        receive(app, clock, guards, "SIAGA BANJIR 750302", phone="12")
    assert len(stored(app)) == 1


def test_sms_phone_limit(app, clock, guards):
    replies = [receive(app, clock, guards, "SIAGA BANJIR 750302 x", phone="081234500003") for _ in range(3)]
    assert [r.accepted for r in replies] == [True, True, False]
    assert len(stored(app)) == 2


def test_api_limits_per_client_and_phone_but_not_for_signed_in(app, clock, guards):
    from servicekit.auth import Principal

    def submit(principal=None, client="10.0.0.1", phone=""):
        return services.submit_report(
            app.uow(),
            clock,
            principal,
            hazard="banjir",
            latitude=0.54,
            longitude=123.06,
            client_address=client,
            phone=phone,
            guards=guards,
        )

    submit(), submit()
    with pytest.raises(ResourceExhausted) as error:
        submit()
    assert error.value.reason == "rate_limited_client" and 1 <= error.value.retry_after <= 60
    submit(Principal(subject="c-1", role="citizen"))  # accountable: not limited by address
    submit(client="10.0.0.2", phone="081234500004")
    submit(client="10.0.0.3", phone="0812-3450-0004")  # the same number written another way
    with pytest.raises(ResourceExhausted) as error:
        submit(client="10.0.0.4", phone="+6281234500004")
    assert error.value.reason == "rate_limited_phone" and error.value.retry_after > 60
    assert len(stored(app)) == 5


def test_a_redelivered_sms_files_once_and_gets_the_same_reply(app, clock, guards):
    body = b"from=081234500009&text=SIAGA+BANJIR+750302+x&message_id=gw-77"
    one = receive(app, clock, guards, "", body=body)
    two = receive(app, clock, guards, "", body=body)
    assert one.report.id == two.report.id and one.reply == two.reply
    assert len(stored(app)) == 1


def test_two_limiters_sharing_the_storage_count_together(app, clock, guards):
    """Two workers or replicas: each has its own Guards over the one Redis, and the limit holds overall."""
    other_worker = Guards(
        limits=ratelimit.RateLimits(ratelimit.open_storage(ratelimit.DEFAULT_REDIS_URL), guards.limits.namespace),
        client_rule=guards.client_rule,
        phone_rule=guards.phone_rule,
        cipher=guards.cipher,
    )

    def submit(worker):
        return services.submit_report(
            app.uow(),
            clock,
            None,
            hazard="banjir",
            latitude=0.54,
            longitude=123.06,
            client_address="10.0.2.1",
            guards=worker,
        )

    submit(guards), submit(other_worker)
    with pytest.raises(ResourceExhausted):
        submit(guards)
