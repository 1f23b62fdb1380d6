"""Password hashing at production settings, rehashing at sign-in, and the cap on hashes running at once."""

from __future__ import annotations

import threading

import pytest
from argon2 import PasswordHasher, extract_parameters

from portal import passwords
from portal.auth import services as auth
from portal.config import BaseConfig, DevConfig, ProdConfig, TestConfig


@pytest.fixture()
def production_hashing(app, monkeypatch):
    """The one place the suite hashes at full production strength."""
    monkeypatch.setitem(app.config, "PASSWORD_HASH_PROFILE", "owasp")


def test_every_real_configuration_uses_owasp_parameters():
    for config in (BaseConfig, DevConfig, ProdConfig):
        assert config.PASSWORD_HASH_PROFILE == "owasp"
    assert TestConfig.PASSWORD_HASH_PROFILE == "test"
    assert passwords.PROFILES["owasp"] == (2, 19 * 1024, 1)


def test_production_hash_is_argon2id_at_owasp_parameters(db_session, production_hashing):
    stored = auth.hash_password("correct horse battery")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    params = extract_parameters(stored)
    assert (params.time_cost, params.memory_cost, params.parallelism) == (2, 19456, 1)
    assert passwords.verify(stored, "correct horse battery")
    assert not passwords.verify(stored, "wrong horse battery")
    assert not passwords.needs_rehash(stored)


def test_library_default_hash_is_replaced_at_next_sign_in(db_session, production_hashing):
    user = auth.create_user(email="rehash@example.com", password="correct horse battery", verified=True)
    old = PasswordHasher().hash("correct horse battery")  # the library's defaults: m=64 MiB, t=3, p=4
    user.password_hash = old
    db_session.flush()
    assert passwords.needs_rehash(old)

    with pytest.raises(auth.AuthError):
        auth.authenticate("rehash@example.com", "wrong horse battery")
    assert user.password_hash == old, "a wrong password never changes the stored hash"

    assert auth.authenticate("rehash@example.com", "correct horse battery") is user
    assert user.password_hash != old
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert auth.authenticate("rehash@example.com", "correct horse battery") is user


def test_damaged_hash_fails_closed(db_session):
    assert not passwords.verify("not a hash", "anything")
    assert passwords.needs_rehash("not a hash")


def test_test_profile_is_cheap_but_still_argon2id(db_session):
    stored = auth.hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert extract_parameters(stored).memory_cost == 8


def test_concurrent_hashes_are_capped_and_queue(monkeypatch):
    """More verifies than the cap: all finish, never more than the cap at once."""
    cap = 2
    monkeypatch.setattr(passwords, "_gate", threading.BoundedSemaphore(cap))
    lock = threading.Lock()
    state = {"active": 0, "most": 0}
    entered = threading.Semaphore(0)
    go_on = threading.Event()

    class SlowHasher:
        def verify(self, stored: str, password: str) -> bool:
            with lock:
                state["active"] += 1
                state["most"] = max(state["most"], state["active"])
            entered.release()
            go_on.wait()
            with lock:
                state["active"] -= 1
            return password == "right"

    monkeypatch.setattr(passwords, "hasher", SlowHasher)
    results: list[bool] = []
    threads = [
        threading.Thread(target=lambda: results.append(passwords.verify("stored", "right"))) for _ in range(cap * 4)
    ]
    for thread in threads:
        thread.start()
    for _ in range(cap):  # the first `cap` get in ...
        assert entered.acquire(timeout=30)
    assert not entered.acquire(timeout=0.2), "... and the rest wait at the gate"
    go_on.set()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [True] * (cap * 4)
    assert state["most"] == cap
