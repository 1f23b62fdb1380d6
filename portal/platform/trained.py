"""Models a process would otherwise train from their corpus when it first needs them, kept on disk by what they
were trained from.

The intent model (portal/chat/intent.py) and the letter model that tells languages apart (langid.py) are trained
from committed text, deterministically, so they never fall out of step with their data. Training costs seconds
(about 5 and 2 on this 2-core machine), paid by every process that answers or screens: each test worker, each
`portal` command, the development server on every reload. Here a trained model is written once as arrays, named
by a SHA-256 of everything it was trained from (the rows, the training code, its settings), and read back by the
next process in milliseconds. A change to the corpus or the code changes the name, so a stale model is never read.

The folder is instance/models/ beside the code (ignored by git). Where it cannot be written (a read-only
deployment), the model is trained in memory as before; gunicorn's master trains it once before forking
(portal/warm.py). A file that will not read is treated as absent.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from portal.config import ROOT

FOLDER = ROOT / "instance" / "models"
KEEP = 4
log = logging.getLogger(__name__)


def fingerprint(parts: Iterable[str | bytes]) -> str:
    """A SHA-256 of the parts, each length-prefixed so that ("ab", "c") and ("a", "bc") differ."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def source_of(module_file: str) -> bytes:
    """The training code's own text, part of every fingerprint."""
    return Path(module_file).read_bytes()


def _path(name: str, key: str) -> Path:
    return FOLDER / f"{name}-{key[:24]}.npz"


def load(name: str, key: str) -> dict[str, np.ndarray] | None:
    """The arrays saved for this name and fingerprint, or None."""
    path = _path(name, key)
    try:
        with np.load(path, allow_pickle=False) as data:
            return {k: data[k] for k in data.files}
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        log.warning("a kept model would not read; training again", extra={"summary": f"{path.name}: {error}"})
        return None


def save(name: str, key: str, arrays: dict[str, np.ndarray]) -> None:
    """Keep the arrays (written whole to a temporary name, then moved into place); best effort."""
    path = _path(name, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".npz")
        try:
            with os.fdopen(handle, "wb") as out:
                np.savez(out, **arrays)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        log.info("a trained model could not be kept on disk", extra={"summary": f"{path.name}: {error}"})
        return
    # Models trained from an earlier corpus or code: the few newest stay (another checkout's process may use one).
    try:
        kept = sorted(path.parent.glob(f"{name}-*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:  # another process tidied first
        pass
