#!/usr/bin/env bash
# Builds everything (installing what is missing) and serves the page.
# PORT=9000 scripts/serve.sh to choose the port.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/build.sh"
PORT="${PORT:-8080}"
echo "Lede is served at http://127.0.0.1:$PORT/  (CLI: $ROOT/target/release/lede; Ctrl-C stops)"
# HTTP/1.1: connections are kept alive between the page's requests (HTTP/1.0, the module's
# default, opens one per file)
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --protocol HTTP/1.1 --directory "$ROOT/www"
