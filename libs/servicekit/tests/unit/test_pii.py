"""Personal numbers at rest: what the cipher keeps per key must not leak between values or threads."""

import threading
import time

import pytest
from cryptography.exceptions import InvalidTag

from servicekit import pii
from servicekit.pii import PiiCipher


def test_a_value_round_trips_and_is_bound_to_its_context():
    cipher = PiiCipher.generate()
    sealed = cipher.encrypt("7571014101900003", "nik:a")
    assert cipher.decrypt(sealed, "nik:a") == "7571014101900003"
    assert sealed != cipher.encrypt("7571014101900003", "nik:a")  # a fresh nonce each time
    with pytest.raises(InvalidTag):
        cipher.decrypt(sealed, "nik:b")  # another account's value moved here does not open


def test_values_of_the_old_key_open_after_a_rotation(tmp_path):
    path = tmp_path / "pii.json"
    before = PiiCipher.from_file(path)
    old = before.encrypt("+6281234567890", "phone:a")
    kid = pii.rotate(path, starts_at=time.time() - 1)
    after = PiiCipher.load(path)
    new = after.encrypt("+6281234567890", "phone:a")
    assert new.startswith(f"{kid}:") and old.startswith("k1:")
    assert after.decrypt(old, "phone:a") == after.decrypt(new, "phone:a") == "+6281234567890"


def test_one_cipher_serves_many_threads():
    """The request threads of a service share one cipher (and its per-key AES-GCM objects)."""
    cipher = PiiCipher.generate()
    values = [(f"75710141019{n:05d}", f"nik:{n}") for n in range(50)]
    sealed = [cipher.encrypt(value, context) for value, context in values]
    wrong = []

    def work():
        for _ in range(40):
            for (value, context), token in zip(values, sealed, strict=True):
                if cipher.decrypt(token, context) != value:
                    wrong.append(value)
                if cipher.decrypt(cipher.encrypt(value, context), context) != value:
                    wrong.append(value)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
