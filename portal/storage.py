"""Where uploaded files live, chosen by UPLOAD_STORAGE: a local folder (one machine, the default for `make run`)
or the database (every node shares it). Keys are ours (random hex), never a name a family typed.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from portal.db import db
from portal.storage_models import StoredFile


def _check(key: str) -> str:
    # Keys are ours, but check anyway: nothing outside the store can ever be named.
    if not key.isalnum():
        raise FileNotFoundError(key)
    return key


def _folder(setting: str) -> Path:
    path = Path(current_app.config[setting])
    path.mkdir(parents=True, exist_ok=True)
    return path


def _shared() -> bool:
    return current_app.config.get("UPLOAD_STORAGE", "local") == "database"


def put(key: str, data: bytes, *, folder_setting: str = "UPLOAD_DIR") -> None:
    """Keep the bytes under this key (in the database: flushed with the caller's transaction)."""
    if _shared():
        db.session.add(StoredFile(key=_check(key), data=data))
        db.session.flush()
        return
    path = _folder(folder_setting) / _check(key)
    path.write_bytes(data)
    path.chmod(0o600)


def get(key: str, *, folder_setting: str = "UPLOAD_DIR") -> bytes:
    """The bytes kept under this key.

    Raises:
        FileNotFoundError: nothing is kept under it.
    """
    if _shared():
        row = db.session.get(StoredFile, _check(key))
        if row is None:
            raise FileNotFoundError(key)
        return row.data
    return (_folder(folder_setting) / _check(key)).read_bytes()


def remove(key: str, *, folder_setting: str = "UPLOAD_DIR") -> None:
    """Forget the bytes under this key (nothing happens if there are none)."""
    if _shared():
        row = db.session.get(StoredFile, _check(key))
        if row is not None:
            db.session.delete(row)
            db.session.flush()
        return
    (_folder(folder_setting) / _check(key)).unlink(missing_ok=True)
