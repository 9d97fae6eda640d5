"""Password hashes for the Import page's sign-in (no Streamlit here).

Stored form: ``pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>`` (PBKDF2-HMAC-SHA256
from the standard library), as written by `scripts/hash_password.py` into
`.streamlit/secrets.toml`::

    [auth.users]
    ana = "pbkdf2_sha256$600000$…$…"
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP's figure for PBKDF2-HMAC-SHA256
MIN_ITERATIONS = 1_000
_DUMMY = f"{ALGORITHM}${ITERATIONS}${'00' * 16}${'00' * 32}"


def hash_password(password: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    if not password:
        raise ValueError("the password is empty")
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """True if `password` matches the stored hash; False for a wrong password or a malformed hash."""
    try:
        algorithm, iterations_text, salt_hex, hash_hex = str(stored).split("$")
        iterations = int(iterations_text)
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(hash_hex)
    except (ValueError, TypeError):
        return False
    if algorithm != ALGORITHM or iterations < MIN_ITERATIONS or not expected:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", str(password).encode("utf-8"), salt, iterations)
    return hmac.compare_digest(digest, expected)


def check_user(users: Mapping[str, str], username: str, password: str) -> bool:
    """True if `username` is known and `password` is right; an unknown name costs the same time as a known one."""
    stored = users.get(username) if username else None
    if not isinstance(stored, str):
        verify_password(password or "", _DUMMY)
        return False
    return verify_password(password or "", stored)
