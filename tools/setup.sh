#!/usr/bin/env bash
# Set up a machine to build the site and run every test: the Python packages, and for the
# browser and HTML checks Debian's Chromium, DejaVu fonts, a Java runtime and npm packages.
# Each system package is installed only if missing (with apt-get, as root).
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || missing+=(fonts-dejavu-core)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: as root, run: apt-get install ${missing[*]}" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
# --ignore-scripts: vnu-jar's install script would fetch a Java runtime of its own.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
