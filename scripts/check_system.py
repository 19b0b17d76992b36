"""Before installing: are the system libraries WeasyPrint needs present? Say how to get them."""

import ctypes.util
import sys

MISSING = []
for lib, package in (
    ("pango-1.0", "libpango-1.0-0"),
    ("pangoft2-1.0", "libpangoft2-1.0-0"),
    ("harfbuzz", "libharfbuzz0b"),
):
    if ctypes.util.find_library(lib) is None:
        MISSING.append(package)
if MISSING:
    print("error: WeasyPrint needs system libraries that are missing: " + " ".join(MISSING), file=sys.stderr)
    print(f"       install them with: sudo apt-get install -y {' '.join(MISSING)}", file=sys.stderr)
    sys.exit(1)
