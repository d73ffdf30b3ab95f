"""Fail when the zh_Hans catalogue is stale or incomplete (run by `make lint`).

Stale: `makemessages` would change it (other than its creation date). Incomplete: any
untranslated or fuzzy entry. The catalogue is left as it was."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "qualitycity"
PO = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
QCITY = ROOT / ".venv" / "bin" / "qcity"


def _normalized(text: str) -> str:
    return re.sub(r'"POT-Creation-Date: .*\\n"\n', "", text)


def main() -> int:
    original = PO.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        backup = Path(tmp) / "django.po"
        shutil.copyfile(PO, backup)
        try:
            subprocess.run(
                [
                    str(QCITY),
                    "makemessages",
                    "-l",
                    "zh_Hans",
                    "--no-obsolete",
                    "--no-location",
                    "--ignore",
                    "static_build/*",
                    "--ignore",
                    "tests/*",
                    "--verbosity",
                    "0",
                ],
                cwd=PACKAGE,
                check=True,
            )
            fresh = PO.read_text(encoding="utf-8")
        finally:
            shutil.copyfile(backup, PO)
    problems = []
    if _normalized(fresh) != _normalized(original):
        problems.append("makemessages would change the catalogue: run `make messages` and translate")
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    if stats.returncode != 0 or "untranslated" in stats.stderr or "fuzzy" in stats.stderr:
        problems.append(f"catalogue not complete: {stats.stderr.strip()}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
