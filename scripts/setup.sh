#!/usr/bin/env bash
# Installs what Lede's build and tests need, skipping whatever is already there.
# Sourced by scripts/serve.sh and scripts/test.sh; safe to run again (idempotent).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WASM_PACK_VERSION=0.15.1
say() { printf '[setup] %s\n' "$*" >&2; }

export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v cargo >/dev/null 2>&1; then
  say "cargo not found: installing the Rust toolchain with rustup"
  curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  export PATH="$HOME/.cargo/bin:$PATH"
fi

# 1. wasm32 target
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown >&2
fi
# clippy and rustfmt for the lint steps
for comp in clippy rustfmt; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$comp"; then
    rustup component add "$comp" >&2
  fi
done

# 2. wasm-bindgen-cli, exactly the version in Cargo.lock (wasm-pack uses it only then)
if [ ! -f Cargo.lock ]; then cargo generate-lockfile >&2; fi
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  say "installing wasm-bindgen-cli $WB_VERSION (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force >&2
fi

# 3. wasm-pack
if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  say "installing wasm-pack $WASM_PACK_VERSION (a few minutes, once)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force >&2
fi

# 4. Chromium and chromedriver from Debian
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  say "installing chromium and chromium-driver (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium chromium-driver >&2
fi

# 4b. python3 for the layering check (scripts/imports.py)
if ! command -v python3 >/dev/null 2>&1; then
  say "installing python3 (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq python3 >&2
fi

# 5. npm tools (binaryen's wasm-opt, playwright-core, ...), pinned by package-lock.json
STAMP=node_modules/.lede-lock-stamp
if [ ! -f "$STAMP" ] || ! cmp -s package-lock.json "$STAMP"; then
  say "installing npm dev tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >&2
  cp package-lock.json "$STAMP"
fi
export PATH="$ROOT/node_modules/.bin:$PATH"
