#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png: full-page screenshots at 1280 and 375 px
# of a notice and project pages of the real site and the demo, in both languages.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
"$here/a11y/run.sh" --setup  # Chromium, Node and the a11y node_modules this reuses
# Without CJK fonts Chinese text would show as empty boxes.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq fonts-noto-cjk >/dev/null
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$repo" && cargo build --release --quiet)
bin="${CARGO_TARGET_DIR:-$repo/target}/release/minsheng"
# Same fixed date as the a11y check, so pictures only change when the site does.
(cd "$repo" && "$bin" build --out "$work/real" --as-of 2024-12-15 >/dev/null)
(cd "$repo" && "$bin" build --content tests/fixtures/demo --out "$work/demo" --as-of 2024-12-15 >/dev/null 2>&1)
node "$here/screenshots.mjs" "$repo/docs/screenshots" real="$work/real" demo="$work/demo"
