"""Access rules of core officer screens added after the first table in tests/test_conventions.py."""

EXPECTED = {"officers.reset_two_factor": "officer:administrator"}
