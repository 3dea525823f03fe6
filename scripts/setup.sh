#!/usr/bin/env bash
# Installs what the console needs to build and test, skipping whatever is already there.
#   scripts/setup.sh            wasm target, Trunk, wasm-bindgen CLI, wasm-opt, wasm-merge and wasm-as (npm binaryen)
#   scripts/setup.sh --browser  the same plus Debian's Chromium and chromedriver
# Source scripts/env.sh afterwards (the run and test scripts do) to get the tools on PATH.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/env.sh"

want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

say() { printf '[setup] %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (several minutes, once per machine)"
  cargo install trunk --version "=$TRUNK_VERSION" --locked
fi

# The CLI must equal the wasm-bindgen in Cargo.lock exactly, or Trunk tries to download one.
wbg=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' "$root/Cargo.lock")
if [ -z "$wbg" ]; then
  say "Cargo.lock has no wasm-bindgen entry"; exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg" ]; then
  say "installing wasm-bindgen-cli $wbg (several minutes, once per machine)"
  # --locked fails to resolve one of its pinned dependencies (see docs/toolchain.md).
  cargo install wasm-bindgen-cli --version "=$wbg"
fi

if ! "$BINARYEN_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
  say "installing wasm-opt from npm binaryen@$BINARYEN_VERSION"
  mkdir -p "$BINARYEN_DIR"
  npm install --prefix "$BINARYEN_DIR" --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
fi

# The release build's splitter (scripts/build): cuts the chunks out of the linked wasm.
# (It has no --version: cargo's own list says which version is installed.)
if ! { command -v wasm-split-cli >/dev/null &&
  cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; }; then
  say "installing wasm_split_cli_support $WASM_SPLIT_VERSION (about 2 minutes, once per machine)"
  cargo install wasm_split_cli_support --version "=$WASM_SPLIT_VERSION" --features build-binary --locked
fi

# The release build's JavaScript and CSS minifier (scripts/assemble.mjs).
if [ "$("$ESBUILD_DIR/node_modules/.bin/esbuild" --version 2>/dev/null)" != "$ESBUILD_VERSION" ]; then
  say "installing esbuild@$ESBUILD_VERSION from npm"
  mkdir -p "$ESBUILD_DIR"
  npm install --prefix "$ESBUILD_DIR" --no-audit --no-fund --silent "esbuild@$ESBUILD_VERSION"
fi

if [ "$want_browser" = 1 ]; then
  # The accessibility checker the end-to-end tests inject.
  if ! [ -f "$AXE_JS" ]; then
    say "installing axe-core@$AXE_VERSION from npm"
    mkdir -p "$AXE_DIR"
    npm install --prefix "$AXE_DIR" --no-audit --no-fund --silent "axe-core@$AXE_VERSION"
  fi
  if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
    say "installing Debian's chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
say "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | head -1)"
