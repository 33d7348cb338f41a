#!/usr/bin/env bash
# scripts/deps.sh: installs the Debian packages truce builds and tests with; with --bench also
# the tools the benchmarks run beside truce (PostgreSQL with PostGIS for bench/corridor, the CBC
# and GLPK solvers for bench/mediate, GNU time for bench/ingest).
# Safe to run again: it installs only what is missing. Needs root (or sudo) on Debian 12.
set -eu
pkgs=(build-essential pkg-config clang libclang-rt-14-dev
      libyaml-dev libjson-c-dev libproj-dev proj-data libgeos-dev libsqlite3-dev libssl-dev libxml2-dev libcmocka-dev
      python3-yaml python3-jsonschema bc chromium sqlite3 groff-base)
case "${1:-}" in
  --bench) pkgs+=(postgresql postgresql-15-postgis-3 coinor-cbc glpk-utils time) ;;
  "") ;;
  *) echo "usage: scripts/deps.sh [--bench]" >&2; exit 2 ;;
esac
# the browser tests (tests/scripts/browser.sh) need node and npm; keep any already on PATH
command -v node >/dev/null && command -v npm >/dev/null || pkgs+=(nodejs npm)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "installing: ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
