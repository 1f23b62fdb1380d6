"""The one personal-data mask (portal/platform/masking.py) every domain uses before words are stored or shown."""

from __future__ import annotations

import pytest

from portal.platform.masking import mask_personal


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("write to amy.jones@example.com please", "write to [email] please"),
        ("call 07700 900123", "call [number]"),
        ("My daughter's name is amy", "My daughter's name is [name]"),
        ("our son, Tom, is 9", "our son, [name], is 9"),
        ("my name is Sam", "my name is [name]"),
        ("i am called jo", "i am called [name]"),
        # No name follows: the meaning stays.
        ("my child need a diagnosis", "my child need a diagnosis"),
        ("My son is autistic", "My son is autistic"),
    ],
)
def test_mask_personal(written, kept):
    assert mask_personal(written) == kept
