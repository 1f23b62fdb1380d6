"""Password hashing: argon2id at explicit parameters, with a cap on how many hashes run at once.

Production uses OWASP's recommended argon2id settings (m=19 MiB, t=2, p=1: about 30 ms a verify on a small
server), not the library's defaults (m=64 MiB, t=3, p=4), which made a burst of 70 sign-ins take 10 s. A hash
stored with any other settings is replaced at the user's next successful sign-in.

Each verify needs 19 MiB and a whole core. Running more at once than there are cores only makes every one of
them slower (and can run a small server out of memory), so a semaphore makes a burst queue instead of thrash.

The test configuration picks the cheapest settings argon2 allows, so the test suite does not spend its time
hashing; one test checks the production settings (tests/auth/test_passwords.py).
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

# name -> (time_cost, memory_cost in KiB, parallelism)
PROFILES: dict[str, tuple[int, int, int]] = {
    # OWASP Password Storage Cheat Sheet, argon2id option 2 (verify the figures when the sheet is revised).
    "owasp": (2, 19 * 1024, 1),
    # The smallest argon2 accepts: for tests only (TestConfig), never safe for real passwords.
    "test": (1, 8, 1),
}
DEFAULT_PROFILE = "owasp"


def _concurrency() -> int:
    return max(1, int(os.environ.get("PASSWORD_HASH_CONCURRENCY") or os.cpu_count() or 1))


# One gate per process, shared by every thread: at most one hash per core at a time.
_gate = threading.BoundedSemaphore(_concurrency())


@lru_cache(maxsize=len(PROFILES))
def _hasher_for(profile: str) -> PasswordHasher:
    time_cost, memory_cost, parallelism = PROFILES[profile]
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism, type=Type.ID)


def profile() -> str:
    """The parameter set in force: PASSWORD_HASH_PROFILE from the app's settings, OWASP's outside an app."""
    name = current_app.config.get("PASSWORD_HASH_PROFILE", DEFAULT_PROFILE) if has_app_context() else DEFAULT_PROFILE
    return name if name in PROFILES else DEFAULT_PROFILE


def hasher() -> PasswordHasher:
    return _hasher_for(profile())


@lru_cache(maxsize=len(PROFILES))
def _dummy_hash(profile_name: str) -> str:
    return _hasher_for(profile_name).hash("not a real password, used to keep timing even")


def dummy_hash() -> str:
    """A hash at the current settings, to verify against when there is no account (so timing does not tell)."""
    return _dummy_hash(profile())


def hash_password(password: str) -> str:
    with _gate:
        return hasher().hash(password)


def verify(stored: str, password: str) -> bool:
    """Whether the password matches the stored hash; False for a wrong password or a damaged hash.

    The hash's own parameters are used (argon2 reads them from the string), so older hashes still verify.
    """
    with _gate:
        try:
            return hasher().verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False


def needs_rehash(stored: str) -> bool:
    """True when the stored hash was made with other parameters than the ones in force."""
    try:
        return hasher().check_needs_rehash(stored)
    except InvalidHashError:
        return True
