# Sourced by the project's scripts: tool versions and PATH. Not meant to be run.
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
ESBUILD_VERSION=0.28.2
WASM_SPLIT_VERSION=0.2.4
AXE_VERSION=4.14.1
# Outside the work tree so every clone on this machine shares one install.
BINARYEN_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/zadig-console/binaryen-$BINARYEN_VERSION"
ESBUILD_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/zadig-console/esbuild-$ESBUILD_VERSION"
# axe-core, which the end-to-end tests inject into every screen (tests/e2e/tests/a11y.rs).
AXE_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/zadig-console/axe-core-$AXE_VERSION"
export AXE_JS="$AXE_DIR/node_modules/axe-core/axe.min.js"
# npm's wasm-opt first: Debian's older binaryen produces a wasm that crashes at start.
export PATH="$BINARYEN_DIR/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# The release wasm's compiler flags (scripts/build, bench/floor/build) and optimiser flags (the
# producers and target-features sections are metadata no browser reads: ~270 bytes a module;
# functions in name order put a generic's instantiations side by side, which gzip finds: -0.7%).
# `--cfg erase_components`: Leptos erases each component's and element's view type (AnyView),
# so a view's code is not copied into every parent's generic instantiation (the same flag as in
# .cargo/config.toml, which this variable replaces for the release build).
WASM_RELEASE_RUSTFLAGS="-Zlocation-detail=none -Zfmt-debug=none -Ctarget-feature=+simd128 --cfg erase_components"
export WASM_OPT_FLAGS="-Oz --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue --strip-producers --strip-target-features --reorder-functions-by-name"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
