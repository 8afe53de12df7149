#!/usr/bin/env bash
# Opens a run report in a real browser (headless Chromium, Debian's package) and saves a PNG of the page.
#   scripts/screenshot-report.sh REPORT.html OUT.png [WIDTH [HEIGHT]]
# Installs Chromium with apt-get when it is missing (with sudo only when not root).
set -euo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: $0 REPORT.html OUT.png [WIDTH [HEIGHT]]" >&2
  exit 2
fi
report="$(realpath "$1")"
out="$(realpath -m "$2")"
width="${3:-1200}"
height="${4:-2400}"
[[ -f "$report" ]] || { echo "$0: no such report: $report" >&2; exit 3; }

browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
  sudo=""
  [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  browser="$(command -v chromium)"
fi
mkdir -p "$(dirname "$out")"
# --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. The page has no script and no network.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --window-size="$width,$height" --screenshot="$out" "file://$report" 2>/dev/null
[[ -s "$out" ]] || { echo "$0: Chromium wrote no screenshot" >&2; exit 1; }
echo "screenshot: $out"
