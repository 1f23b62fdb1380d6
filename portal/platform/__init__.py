"""Shared infrastructure at the bottom of the portal: the clock, the working-day calendar, absolute links,
personal-data masking, the personal-data registry and which language a text is written in.

Nothing here imports a domain (import-linter's layers contract in pyproject.toml holds this); every domain may
import it. portal.db, portal.config and portal.extensions sit in the same layer.
"""
