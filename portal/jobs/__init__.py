"""Background work: every scheduled task is a registered job (schedule.py), run by `portal jobs worker`.

Production runs procrastinate workers on PostgreSQL (queue.py); `make run` runs the same schedule on a thread in
the development server (embedded.py). Each job is idempotent and takes a lock on what it touches (locks.py).
"""
