"""The SMS form (domain), the SMS use case on real databases, and the rate limiters."""
import pytest
import sqlalchemy as sa

from servicekit.errors import AlreadyExists, InvalidArgument, PermissionDenied, ResourceExhausted
from servicekit.pii import PiiCipher

from gorontalo_disaster.adapters.ratelimit import RateLimiter
from gorontalo_disaster.adapters.tables import reports
from gorontalo_disaster.domain import sms
from gorontalo_disaster.service_layer import services, sms as sms_service
from gorontalo_disaster.service_layer.services import Guards


@pytest.mark.parametrize("text,hazard,code,counts", [
    ("SIAGA BANJIR 750302 Air setinggi pinggang, 12 rumah", "banjir", "75.03.02", {"houses_damaged": 12}),
    ("siaga   longsor 75.03.02.1008  jalan tertutup, 2 orang luka", "tanah_longsor", "75.03.02.1008", {"injured": 2}),
    ("Siaga puting beliung 757101 atap terbang", "angin_puting_beliung", "75.71.01", {}),
    ("SIAGA GEMPA 7571.01 retak 3 rumah 5 rumah", "gempa_bumi", "75.71.01", {}),  # two figures: none taken
    ("SIAGA KEBAKARAN 750404 3 meninggal, 40 mengungsi", "kebakaran_permukiman", "75.04.04",
     {"dead": 3, "displaced": 40}),
])
def test_sms_form_is_read_leniently(text, hazard, code, counts):
    parsed = sms.parse(text)
    assert parsed.problem is None
    assert (parsed.hazard, parsed.region_code, parsed.casualties) == (hazard, code, counts)


@pytest.mark.parametrize("text,reason", [
    ("", "sms_keyword_missing"), ("TOLONG BANJIR 750302", "sms_keyword_missing"), ("SIAGA", "sms_hazard_missing"),
    ("SIAGA METEOR 750302", "sms_hazard_unknown"), ("SIAGA BANJIR", "sms_region_missing"),
    ("SIAGA BANJIR 7503 air", "sms_region_unknown"),  # a regency is too coarse to send help to
    ("SIAGA BANJIR 999999 air", "sms_region_unknown"), ("SIAGA BANJIR 317101 air", "sms_region_unknown"),
])
def test_malformed_sms_names_the_problem(text, reason):
    assert sms.parse(text).problem[0] == reason


def test_rate_limiter_refills_and_forgets_old_keys():
    now = [0.0]
    limiter = RateLimiter(2, 60.0, max_keys=2, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(3)] == [True, True, False]
    now[0] += 30  # one token back
    assert limiter.allow("a") and not limiter.allow("a")
    assert RateLimiter(0, 60.0).allow("x")  # 0 switches the limit off
    limiter.allow("b"), limiter.allow("c")  # "a" is the least recently seen: forgotten
    assert len(limiter._buckets) == 2 and "a" not in limiter._buckets


@pytest.fixture
def guards():
    return Guards(client_limiter=RateLimiter(2, 60.0), phone_limiter=RateLimiter(2, 3600.0),
                  cipher=PiiCipher.generate())


def stored(app):
    with app.session_factory() as session:
        return session.execute(sa.select(reports)).all()


def receive(app, clock, guards, text, phone="081234500001", secret="s3cret", content_type=None, body=None):
    if body is None:
        body = f"from={phone}&text={text}".encode()
    return sms_service.receive(app.uow(), clock, body=body, content_type=content_type or
                               "application/x-www-form-urlencoded", secret=secret, expected_secret="s3cret",
                               guards=guards)


def test_sms_is_filed_with_the_phone_encrypted(app, clock, guards):
    outcome = receive(app, clock, guards, "SIAGA BANJIR 750302 air, 12 rumah")
    assert outcome.accepted and outcome.report.code in outcome.reply and outcome.reply.startswith("Laporan diterima")
    [row] = stored(app)
    assert (row.source, row.region_code, row.hazard) == ("sms", "75.03.02", "banjir")
    assert "081234500001" not in row.phone_cipher
    assert guards.cipher.decrypt(row.phone_cipher, services.PHONE_CONTEXT) == "081234500001"


def test_sms_json_body_and_errors(app, clock, guards):
    outcome = receive(app, clock, guards, "", body=b'{"from": "+6281234500002", "text": "SIAGA ERUPSI 750404"}',
                      content_type="application/json")
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
        return services.submit_report(app.uow(), clock, principal, hazard="banjir", latitude=0.54, longitude=123.06,
                                      client_address=client, phone=phone, guards=guards)

    submit(), submit()
    with pytest.raises(ResourceExhausted) as error:
        submit()
    assert error.value.reason == "rate_limited_client"
    submit(Principal(subject="c-1", role="citizen"))  # accountable: not limited by address
    submit(client="10.0.0.2", phone="081234500004")
    with pytest.raises(ResourceExhausted) as error:
        submit(client="10.0.0.3", phone="0812-3450-0004")
        submit(client="10.0.0.4", phone="+6281234500004")
    assert error.value.reason == "rate_limited_phone"
    assert len(stored(app)) == 5


def test_retries_with_the_same_key_or_message_id_file_once(app, clock, guards):
    def submit(key):
        return services.submit_report(app.uow(), clock, None, hazard="banjir", latitude=0.54, longitude=123.06,
                                      client_address="10.0.0.7", guards=guards, idempotency_key=key)

    first, again, other = submit("k-1"), submit("k-1"), submit("k-2")
    assert first.id == again.id != other.id
    body = b"from=081234500009&text=SIAGA+BANJIR+750302+x&message_id=gw-77"
    one = receive(app, clock, guards, "", body=body)
    two = receive(app, clock, guards, "", body=body)
    assert one.report.id == two.report.id and one.reply == two.reply
    assert len(stored(app)) == 3
    with pytest.raises(InvalidArgument):
        submit("x" * 201)


def test_an_idempotency_key_belongs_to_its_sender_and_its_report(app, clock, guards):
    def submit(key, client, latitude=0.54):
        return services.submit_report(app.uow(), clock, None, hazard="banjir", latitude=latitude, longitude=123.06,
                                      client_address=client, guards=guards, idempotency_key=key)

    mine, theirs = submit("k-1", "10.0.1.1"), submit("k-1", "10.0.1.2")
    assert mine.id != theirs.id  # another sender's key never returns my report
    with pytest.raises(AlreadyExists):
        submit("k-1", "10.0.1.1", latitude=0.60)  # the same key for a different report
    assert len(stored(app)) == 2
