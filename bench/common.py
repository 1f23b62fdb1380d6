"""Shared set-up for evaluations and benchmarks: a throwaway portal with the real content loaded."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from flask import Flask

from portal import create_app
from portal.config import ROOT, TestConfig

SHARED = Path(os.environ.get("PORTAL_SHARED_DIR", ROOT.parent / "shared"))


def scratch_app(tmp: Path | None = None, *, demo: bool = True) -> Flask:
    """An app on a fresh SQLite database in a temporary folder, with content, directory and index."""
    from portal.cli import upgrade_database
    from portal.db import db
    from portal.local_offer.services import import_pages
    from portal.search.services import rebuild
    from portal_demo.commands import load_demo_postcodes
    from portal_demo.directory import load_demo_directory

    tmp = tmp or Path(tempfile.mkdtemp(prefix="portal-bench-"))
    config = TestConfig()
    config.DATABASE_URL = f"sqlite:///{tmp / 'bench.db'}"
    config.SEARCH_INDEX_DIR = str(tmp / "search_index")
    config.CONTENT_VERSION_CHECK_SECONDS = 3600
    app = create_app(config)
    with app.app_context():
        upgrade_database()
        import_pages(app.config["CONTENT_DIR"])
        if demo:
            load_demo_postcodes()
            load_demo_directory()
        db.session.commit()
        rebuild()
    return app


def read_questions(path: Path | None = None) -> list[dict[str, str]]:
    path = path or SHARED / "chat-eval" / "dev.tsv"
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    median = ordered[len(ordered) // 2]
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return median, p95


def split_sets(args: list[str]) -> tuple[list[Path], Path | None, bool]:
    """`--dev A.tsv B.tsv --test C.tsv [--quiet]` (bare paths count as dev; no paths: the shared dev set)."""
    dev: list[Path] = []
    test: Path | None = None
    quiet = "--quiet" in args
    target = "dev"
    for arg in args:
        if arg in ("--dev", "--test"):
            target = arg[2:]
        elif arg != "--quiet":
            if target == "test":
                test = Path(arg)
            else:
                dev.append(Path(arg))
    if not dev and test is None:
        dev = [SHARED / "chat-eval" / "dev.tsv"]
    return dev, test, quiet


def run_dev_and_test(evaluate, argv: list[str]) -> int:  # type: ignore[no-untyped-def]
    """Run `evaluate(app, rows, label, verbose=...)` on the development sets, then the frozen test set apart.

    The frozen set is never listed question by question: reading its misses would be tuning on it."""
    dev, test, quiet = split_sets(argv[1:])
    app = scratch_app(demo=False)
    if dev:
        rows = [r for path in dev for r in read_questions(path)]
        evaluate(app, rows, f"dev (tuned on) [{', '.join(p.name for p in dev)}]", verbose=not quiet)
    if test:
        evaluate(app, read_questions(test), f"test (frozen, not tuned on) [{test.name}]", verbose=False)
    return 0
