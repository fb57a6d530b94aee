#!/usr/bin/env bash
# Accessibility (axe-core) and HTML validity (Nu HTML Checker) checks of the
# real and the demo site, built fresh, at normal and larger text; then the
# phone, larger-text and print checks of phone.mjs on the real site. Installs
# what it needs on a new Debian machine. Exit status 0 only when nothing is found.
#
#   scripts/a11y/run.sh              check the pages listed in check.mjs (PAGES), then phone.mjs
#   scripts/a11y/run.sh --self-test  break a copy of one page; pass only if both checks notice
#   scripts/a11y/run.sh --setup      install the tools only (used by scripts/screenshots.sh)
set -euo pipefail
export CI=true DEBIAN_FRONTEND=noninteractive
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
mode="${1:-}"
case "$mode" in
  ""|--self-test|--setup) ;;
  *) echo "usage: $0 [--self-test|--setup]" >&2; exit 2 ;;
esac
export A11Y_START_MS="$(date +%s%3N)"  # check.mjs reports the whole run's time
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"

apt_updated=""
apt_install() {
  [ -n "$apt_updated" ] || { $sudo apt-get update -qq; apt_updated=1; }
  $sudo apt-get install -y -qq "$@" >/dev/null
}
[ -x /usr/bin/chromium ] || apt_install chromium
# Chinese glyphs: without a CJK font Chromium draws boxes of another width,
# and the phone and print checks would measure a layout no reader sees.
fc-list :lang=zh family 2>/dev/null | grep -q . || apt_install fonts-noto-cjk
java -version >/dev/null 2>&1 || apt_install default-jre-headless
command -v npm >/dev/null || apt_install nodejs npm
# --ignore-scripts: vnu-jar's postinstall would try to download a JRE; we use the system java.
(cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
[ "$mode" = "--setup" ] && exit 0

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The debug binary, built as `cargo test` builds it (same features, so CI
# reuses the test build instead of compiling again); these sites are small.
(cd "$repo" && cargo build --quiet --all-targets)
bin="${CARGO_TARGET_DIR:-$repo/target}/debug/minsheng"
# A fixed --as-of keeps overdue markers, and so the pages, the same every day.
# The build's output is shown only if it fails (the demo has a deliberate warning).
build() {
  (cd "$repo" && "$bin" build --out "$work/$1" --as-of 2024-12-15 "${@:2}") >"$work/$1.log" 2>&1 \
    || { cat "$work/$1.log" >&2; echo "a11y: building the $1 site failed" >&2; exit 1; }
}

if [ "$mode" = "--self-test" ]; then
  build demo --content tests/fixtures/demo
  node "$here/check.mjs" --self-test demo="$work/demo"
else
  build real
  build demo --content tests/fixtures/demo
  status=0
  node "$here/check.mjs" real="$work/real" demo="$work/demo" || status=1
  node "$here/phone.mjs" real="$work/real" || status=1
  exit "$status"
fi
