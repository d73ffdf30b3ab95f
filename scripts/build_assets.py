"""Copy the npm front-end assets into versioned static file names (offline intranets)."""

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "qualitycity" / "static_build" / "vendor"
ASSETS = {
    "htmx.org": ("dist/htmx.min.js", "htmx-{version}.min.js"),
    "echarts": ("dist/echarts.min.js", "echarts-{version}.min.js"),
}


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    for package, (source, pattern) in ASSETS.items():
        pkg_dir = ROOT / "node_modules" / package
        version = json.loads((pkg_dir / "package.json").read_text())["version"]
        shutil.copyfile(pkg_dir / source, TARGET / pattern.format(version=version))
        print(f"{package} {version} -> {TARGET / pattern.format(version=version)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
