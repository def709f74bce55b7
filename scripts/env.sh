# Shared settings for the project's scripts (sourced, not run).
# Dependencies compile once into a folder outside the clone, so every fresh
# clone (CI clones main each time) reuses them.
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/onboarding-target}"
# npm's binaryen wasm-opt must come first: Debian's wasm-opt 108 builds a wasm
# that never hydrates (see README).
export PATH="$PWD/end2end/node_modules/.bin:$PATH"
