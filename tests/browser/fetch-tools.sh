#!/usr/bin/env bash
# Fetch the pinned browser-test tools from the npm registry into tests/browser/vendor/:
# axe-core (the accessibility rules) and vnu-jar (the W3C Nu HTML checker, run with Java).
# npm checks each tarball against the registry's integrity hash. Safe to repeat: a tool is
# fetched again only when its pinned version changes.
set -euo pipefail
cd "$(dirname "$0")"

AXE_VERSION=4.14.1
VNU_VERSION=26.9.27

mkdir -p vendor
cd vendor

# fetch PACKAGE VERSION PATH-IN-TARBALL TARGET
fetch() {
  local package=$1 version=$2 inside=$3 target=$4
  if [ -f "$target" ] && [ "$(cat "$target.version" 2>/dev/null)" = "$version" ]; then
    return
  fi
  echo "== fetching $package@$version"
  local work
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "$package@$version" >/dev/null && tar -xzf ./*.tgz "$inside")
  mv "$work/$inside" "$target"
  rm -rf "$work"
  echo "$version" >"$target.version"
}

fetch axe-core "$AXE_VERSION" package/axe.min.js axe.min.js
fetch vnu-jar "$VNU_VERSION" package/build/dist/vnu.jar vnu.jar
