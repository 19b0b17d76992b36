#!/usr/bin/env bash
# Install the Debian packages publisher needs, when they are missing.
#   scripts/system-packages.sh          build: Pango/HarfBuzz for WeasyPrint, the CMYK (FOGRA39) ICC profile,
#                                       the Arabic faces (fonts-noto-core: Noto Naskh Arabic, Noto Sans Arabic)
#   scripts/system-packages.sh --test   also what the tests use: poppler-utils, Chromium, npm, xmllint
#                                       (libxml2-utils) and msgfmt (gettext) for the translators' files
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 scribus-data fonts-noto-core)
if [ "${1:-}" = "--test" ]; then
  packages+=(poppler-utils chromium libxml2-utils gettext)
  command -v npm >/dev/null || packages+=(npm)
fi
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "error: missing system packages: ${missing[*]}" >&2
    echo "       install them with: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
echo "Installing system packages: ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
