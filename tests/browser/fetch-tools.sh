#!/usr/bin/env bash
# Fetch the pinned browser-test tools from the npm registry into tests/browser/vendor/.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p vendor
if [ ! -f vendor/axe.min.js ]; then
  (cd vendor && npm pack --silent axe-core@4.14.1 >/dev/null \
     && tar -xzf axe-core-4.14.1.tgz --strip-components=1 package/axe.min.js \
     && rm axe-core-4.14.1.tgz)
fi
