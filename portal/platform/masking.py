"""Personal-data masking: take out what could identify someone before words are stored or shown to officers.

One mask for every place that keeps or shows what people wrote: search gaps, the assistant's logs, page feedback,
survey and voice answers, You said, we did, and the safeguarding lead's decisions exported for training.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"\S+@\S+")
_NUMBER = re.compile(r"\d[\d\s-]{3,}\d")


# What families write: "My daughter's name is Amy", "my child is called amy",
# "our son, Tom", "my name is Sam". Where the words say a name follows ("called", "named", "name is"), any word is
# masked; after a bare "my son" only a capitalised word is, so "my child need a diagnosis" keeps its meaning.
_RELATIVE = r"(?:my|our)\s+(?:son|daughter|child|boy|girl|grandson|granddaughter|kid)"
_NAME_AFTER = re.compile(
    rf"\b((?i:{_RELATIVE})(?i:'s name is|\s+is called|\s+called|\s+named|\s+is named)\s+)([A-Za-z][a-z'-]+)"
)
_NAME_AFTER_BARE = re.compile(rf"\b((?i:{_RELATIVE}),?\s+)([A-Z][a-z'-]+)")
_NAME_IS = re.compile(r"\b((?:my name is|i am called|i'm called)\s+)([A-Za-z][a-z'-]+)", re.IGNORECASE)
_NOT_NAMES = frozenset(
    """is has was and but who with at in a an the to does did can cannot can't cant will won't wont would could should
    needs need wants want struggles struggle goes go gets get got has had have isn't doesn't didn't hasn't also just
    really still now then not never always often so if when because i i'm he she they we it this that""".split()
)


def _masked_name(match: re.Match[str]) -> str:
    return match.group(0) if match.group(2).lower() in _NOT_NAMES else f"{match.group(1)}[name]"


def mask_personal(text: str) -> str:
    """Take out what could identify someone (e-mail addresses, numbers, children's names) before words are stored
    or shown to officers: search gaps, page feedback, survey and voice answers all use this one mask."""
    text = _EMAIL.sub("[email]", text)
    text = _NUMBER.sub("[number]", text)
    text = _NAME_AFTER.sub(_masked_name, text)
    text = _NAME_AFTER_BARE.sub(_masked_name, text)
    return _NAME_IS.sub(_masked_name, text)
