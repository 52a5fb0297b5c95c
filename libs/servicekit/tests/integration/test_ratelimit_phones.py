"""Shared rate limits (Redis and memory) and the one phone normaliser."""

from __future__ import annotations

import os
import uuid

import pytest

from servicekit import phones, ratelimit
from servicekit.testing import free_port

REDIS_URL = os.environ.get("REDIS_URL", ratelimit.DEFAULT_REDIS_URL)


@pytest.fixture
def redis_store():
    store = ratelimit.open_storage(REDIS_URL)
    if not store.__class__.__name__.startswith("Redis"):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required in CI and not reachable at {REDIS_URL}")
        pytest.skip("no Redis")
    return store


def test_two_limiters_on_one_redis_share_the_count(redis_store):
    """Two gateway workers (or replicas) each hold a limiter: together they admit the limit once."""
    namespace = f"test-{uuid.uuid4().hex}"
    first, second = ratelimit.RateLimits(redis_store, namespace), ratelimit.RateLimits(redis_store, namespace)
    admitted = sum(
        1 for i in range(10) if (first if i % 2 else second).hit("login", "5/minute", "3571012345678901") is None
    )
    assert admitted == 5
    refusal = first.hit("login", "5/minute", "3571012345678901")
    assert refusal is not None and refusal.name == "login" and 1 <= refusal.retry_after <= 60
    # Another key has its own count.
    assert first.hit("login", "5/minute", "another-nik") is None


def test_keys_are_never_written_in_clear(redis_store):
    import redis

    namespace = f"test-{uuid.uuid4().hex}"
    ratelimit.RateLimits(redis_store, namespace).hit("signup", "3/hour", "7571014101900001")
    client = redis.Redis.from_url(REDIS_URL)
    keys = [k.decode() for k in client.keys(f"*{namespace}*")]
    assert keys and not any("7571014101900001" in k for k in keys)


def test_memory_fallback_when_redis_is_unreachable(caplog):
    store = ratelimit.open_storage(f"redis://127.0.0.1:{free_port()}/0")
    assert isinstance(store, ratelimit.storage.MemoryStorage)
    assert "memory" in caplog.text
    limits_ = ratelimit.RateLimits(store, "t")
    assert [limits_.hit("x", "2/minute", "k") is None for _ in range(3)] == [True, True, False]


def test_hit_all_refuses_on_the_first_exhausted_limit():
    limits_ = ratelimit.RateLimits(ratelimit.storage.MemoryStorage(), "t")
    checks = [("per_account", "2/minute", "nik-1"), ("per_address", "3/minute", "10.0.0.1")]
    assert limits_.hit_all(checks) is None and limits_.hit_all(checks) is None
    assert limits_.hit_all(checks).name == "per_account"
    # New accounts from the same address: the address's higher ceiling is reached next (the refused
    # request above was not counted against the address).
    assert limits_.hit_all([("per_account", "2/minute", "nik-2"), ("per_address", "3/minute", "10.0.0.1")]) is None
    assert (
        limits_.hit_all([("per_account", "2/minute", "nik-3"), ("per_address", "3/minute", "10.0.0.1")]).name
        == "per_address"
    )
    assert limits_.hit_all([("per_account", "2/minute", ""), ("per_address", "9/minute", "")]) is None


@pytest.mark.parametrize(
    "raw", ["081234567890", "6281234567890", "+6281234567890", "+62 812-3456-7890", "0812 3456 7890"]
)
def test_every_way_of_writing_a_mobile_gives_one_e164(raw):
    assert phones.to_e164(raw) == "+6281234567890"
    assert phones.national("+6281234567890") == "081234567890"


@pytest.mark.parametrize("raw", ["", "0812345", "021555123", "+6591234567", "not a number", "08123456789012345"])
def test_what_is_not_an_indonesian_mobile_is_refused(raw):
    with pytest.raises(phones.InvalidPhone):
        phones.to_e164(raw)
    assert not phones.is_valid(raw)
