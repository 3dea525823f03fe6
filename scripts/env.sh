# Sourced by the project's scripts: tool versions and PATH. Not meant to be run.
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
# Outside the work tree so every clone on this machine shares one install.
BINARYEN_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/zadig-console/binaryen-$BINARYEN_VERSION"
# npm's wasm-opt first: Debian's older binaryen produces a wasm that crashes at start.
export PATH="$BINARYEN_DIR/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
