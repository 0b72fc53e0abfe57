#!/usr/bin/env bash
# Copy the OpenMoji symbols the answer cards use (portal/symbol_banks.py, SYMBOLS) into
# portal/static/img/symbols/, made small with svgo. Pinned versions, from the npm registry;
# npm checks each tarball against the registry's integrity hash. Safe to repeat.
#
#   bash scripts/symbols.sh
#
# OpenMoji is CC BY-SA 4.0 (https://openmoji.org): the credit is on the accessibility
# statement, and a changed symbol stays under the same licence.
set -euo pipefail
cd "$(dirname "$0")/.."

OPENMOJI_VERSION=$(.venv/bin/python -c 'from portal.symbol_banks import OPENMOJI_VERSION; print(OPENMOJI_VERSION)')
SVGO_VERSION=4.1.0
OUT=portal/static/img/symbols

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "openmoji@$OPENMOJI_VERSION" >/dev/null && tar -xzf ./openmoji-*.tgz)
(cd "$work" && npm install --silent --no-audit --no-fund --no-save "svgo@$SVGO_VERSION" >/dev/null)

cat >"$work/svgo.config.mjs" <<'CONFIG'
export default {
  multipass: true,
  floatPrecision: 1,
  plugins: [
    "preset-default",
    "removeDimensions",
  ],
};
CONFIG

mkdir -p "$work/picked"
.venv/bin/python -c 'from portal.symbol_banks import SYMBOLS
for name, code in sorted(SYMBOLS.items()): print(name, code)' |
while read -r name code; do
  cp "$work/package/color/svg/$code.svg" "$work/picked/$name.svg"
done
"$work/node_modules/.bin/svgo" --quiet --config "$work/svgo.config.mjs" -f "$work/picked" -o "$OUT"
echo "$(ls "$work/picked" | wc -l) symbols from OpenMoji $OPENMOJI_VERSION in $OUT"
