"""Issue 12: no account oracles at log-in and sign-up, and failure budgets shared through Redis."""

from __future__ import annotations

import hashlib
import uuid

import pytest

from gorontalo_identity.adapters.tables import accounts
from gorontalo_identity.adapters.throttle import FailureThrottle
from gorontalo_identity.service_layer import ektp, services
from gorontalo_identity.service_layer.throttling import AbuseLimits
from servicekit import ratelimit
from servicekit.errors import AlreadyExists, ResourceExhausted, Unauthenticated

REDIS_URL = "redis://127.0.0.1:6379/0"


class CountingPasswords:
    """Wraps the fast hasher and counts verifications: the timing of an answer is its hashing."""

    def __init__(self, inner):
        self.inner, self.verified = inner, 0

    def hash(self, password):
        return self.inner.hash(password)

    def verify(self, password_hash, password):
        self.verified += 1
        return self.inner.verify(password_hash, password)


def _login_error(ident, username, password, **kwargs):
    with pytest.raises(Exception) as caught:
        services.login(
            ident.uow(), ident.passwords, ident.keys, ident.clock, username=username, password=password, **kwargs
        )
    return caught.value


def _shape(error):
    return type(error), error.reason, error.params


def test_a_locked_account_answers_exactly_as_an_unknown_nik(ident):
    ident.signup()
    for _ in range(5):
        _login_error(ident, ident.SITI_NIK, "wrong-password")
    locked_wrong = _login_error(ident, ident.SITI_NIK, "wrong-password")
    locked_right = _login_error(ident, ident.SITI_NIK, ident.PASSWORD)
    unknown = _login_error(ident, "7571014101909999", "wrong-password")
    assert _shape(locked_wrong) == _shape(locked_right) == _shape(unknown) == (Unauthenticated, "login_failed", {})
    ident.clock.advance(minutes=16)
    assert ident.login(ident.SITI_NIK).access_token  # the lock still ends


def test_every_login_failure_hashes_a_password_once(ident):
    ident.signup()
    counting = CountingPasswords(ident.passwords)
    ident.passwords = counting
    for _ in range(5):
        _login_error(ident, ident.SITI_NIK, "wrong-password")
    for username in (ident.SITI_NIK, "7571014101909999", "no.such.officer", "081299990000"):
        counting.verified = 0
        _login_error(ident, username, "wrong-password")
        assert counting.verified == 1, username  # locked or unknown: as slow as a wrong password


def test_sign_up_with_a_phone_in_use_answers_as_a_sign_up_and_moves_the_number_only_once_proven(ident):
    owner = ident.signup()
    nur = dict(nik=ident.NUR_NIK, full_name="Nur Aini", birth_date="1990-01-02")
    second = ident.register(**nur, phone="+62 812-3456-7890")
    fresh = ident.register(nik=ident.AHMAD_NIK, full_name="Ahmad Katili", birth_date="1985-03-15", phone="081311112222")
    # The same answer either way: a pending account holding no number yet (the SMS went to the number).
    assert (second.status, second.phone, fresh.status, fresh.phone) == ("pending_verification", None) * 2
    assert [m["to"] for m in ident.sms()[-2:]] == ["+6281234567890", "+6281311112222"]
    with ident.uow() as uow:
        assert uow.accounts.by_phone("+6281234567890").id == owner.id  # until Nur enters the code
    ident.activate(ident.NUR_NIK, phone="081234567890")
    with ident.uow() as uow:
        assert uow.accounts.by_phone("+6281234567890").id == second.id
        assert uow.accounts.get(owner.id).acr == 0  # verifies a number at the next log-in


def test_a_retried_sign_up_gets_its_first_answer_and_another_password_does_not(ident):
    first = ident.signup()
    again = ident.signup()
    assert again.id == first.id and again.phone == first.phone
    with pytest.raises(AlreadyExists) as caught:
        ident.signup(password="another-password")
    assert caught.value.reason == "account_exists"
    ident.clock.advance(hours=25)
    with pytest.raises(AlreadyExists):
        ident.signup()  # a day later it is not a retry: sign in
    assert ident.count(accounts) == 1


def _throttle(namespace: str) -> FailureThrottle:
    storage = ratelimit.open_storage(REDIS_URL)
    assert not isinstance(storage, ratelimit.storage.MemoryStorage), "these tests need the Redis at " + REDIS_URL
    return FailureThrottle(
        ratelimit.RateLimits(storage, namespace), lambda value: hashlib.sha256(value.encode()).hexdigest()
    )


LIMITS = AbuseLimits(
    login_per_account="10/15minutes",
    login_per_address="20/minute",
    signup_per_nik="3/hour",
    signup_per_address="20/minute",
)


def _random_nik(i: int) -> str:
    return f"75710141019{i:05d}"


def test_password_spraying_from_one_address_is_refused_with_retry_after(ident):
    ident.signup()
    throttle = _throttle(f"test-{uuid.uuid4().hex}")
    answers = []
    for i in range(25):
        error = _login_error(
            ident, _random_nik(i), "Password123", throttle=throttle, limits=LIMITS, client_address="203.0.113.9"
        )
        answers.append(error)
    assert all(isinstance(e, Unauthenticated) for e in answers[:20])
    refused = answers[20:]
    assert all(isinstance(e, ResourceExhausted) and e.reason == "too_many_attempts" for e in refused)
    assert all(1 <= e.retry_after <= 60 and e.params["seconds"] == e.retry_after for e in refused)
    # The right password from the sprayer's address is refused too, before it is checked...
    spent = _login_error(
        ident, ident.SITI_NIK, ident.PASSWORD, throttle=throttle, limits=LIMITS, client_address="203.0.113.9"
    )
    assert isinstance(spent, ResourceExhausted)
    # ...while a resident elsewhere, with two typos first, is not slowed at all.
    for _ in range(2):
        _login_error(
            ident, ident.SITI_NIK, "typo-password", throttle=throttle, limits=LIMITS, client_address="198.51.100.7"
        )
    assert services.login(
        ident.uow(),
        ident.passwords,
        ident.keys,
        ident.clock,
        username="0812 3456 7890",
        password=ident.PASSWORD,
        throttle=throttle,
        limits=LIMITS,
        client_address="198.51.100.7",
    ).access_token


def test_successful_logins_never_spend_the_address_budget(ident):
    ident.signup()
    throttle = _throttle(f"test-{uuid.uuid4().hex}")
    for _ in range(30):  # a carrier address with many residents signing in
        services.login(
            ident.uow(),
            ident.passwords,
            ident.keys,
            ident.clock,
            username=ident.SITI_NIK,
            password=ident.PASSWORD,
            throttle=throttle,
            limits=LIMITS,
            client_address="203.0.113.50",
        )


def test_one_account_is_counted_whichever_way_its_number_is_typed(ident):
    throttle = _throttle(f"test-{uuid.uuid4().hex}")
    forms = ["081299990000", "6281299990000", "+62 812-9999-0000"]
    for i in range(10):
        _login_error(ident, forms[i % 3], "guess", throttle=throttle, limits=LIMITS, client_address=f"10.0.0.{i}")
    assert isinstance(
        _login_error(ident, "+6281299990000", "guess", throttle=throttle, limits=LIMITS, client_address="10.0.1.1"),
        ResourceExhausted,
    )


def test_two_identity_limiters_on_one_redis_share_the_count(ident):
    namespace = f"test-{uuid.uuid4().hex}"
    replica_a, replica_b = _throttle(namespace), _throttle(namespace)  # two processes' own connections
    for i in range(10):
        _login_error(ident, _random_nik(i), "guess", throttle=replica_a, limits=LIMITS, client_address="203.0.113.77")
    for i in range(10, 20):
        _login_error(ident, _random_nik(i), "guess", throttle=replica_b, limits=LIMITS, client_address="203.0.113.77")
    assert isinstance(
        _login_error(ident, _random_nik(99), "guess", throttle=replica_a, limits=LIMITS, client_address="203.0.113.77"),
        ResourceExhausted,
    )


def test_guessing_a_niks_register_data_at_sign_up_is_refused(ident):
    throttle = _throttle(f"test-{uuid.uuid4().hex}")
    signup = dict(throttle=throttle, limits=LIMITS, client_address="203.0.113.30")
    for day in ("1990-01-05", "1990-01-06", "1990-01-07"):
        with pytest.raises(Exception) as caught:
            ident.signup(full_name="Siti Rahmawati", **signup)
        assert caught.value.reason == "register_mismatch", day
    with pytest.raises(ResourceExhausted) as caught:
        ident.signup(**signup)  # even the right data waits: the NIK's budget is spent
    assert caught.value.retry_after >= 1
    # Another resident from the same address is not held back by that NIK's budget.
    nur = dict(nik=ident.NUR_NIK, full_name="Nur Aini", birth_date="1990-01-02", phone="081300000002")
    assert ident.signup(**nur, **signup).id


def test_guessing_e_ktp_client_secrets_from_one_address_is_refused(ident):
    client, good = ident.api_client()
    throttle = _throttle(f"test-{uuid.uuid4().hex}")
    limits = AbuseLimits(client_auth_per_address="3/minute")
    check = dict(
        nik=ident.SITI_NIK,
        full_name="Siti Rahma",
        birth_date="1990-01-01",
        purpose="pembukaan rekening",
        throttle=throttle,
        limits=limits,
    )
    for secret in ("a", "b", "c"):
        with pytest.raises(Unauthenticated):
            ektp.verify_ektp(
                ident.uow(),
                ident.clock,
                authorization=ident.basic(client.id, secret),
                client_address="203.0.113.4",
                **check,
            )
    with pytest.raises(ResourceExhausted):
        ektp.verify_ektp(ident.uow(), ident.clock, authorization=good, client_address="203.0.113.4", **check)
    assert ektp.verify_ektp(ident.uow(), ident.clock, authorization=good, client_address="198.51.100.4", **check)
