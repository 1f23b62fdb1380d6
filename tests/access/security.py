"""Access rules of the routes added by the security hardening (issue 14)."""

EXPECTED = {
    "auth.sign_out_everywhere": "signed-in",
}
